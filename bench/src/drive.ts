/**
 * The load generator of the emulator-server bench, in its own process (`fork` with tsx): for each job received over
 * IPC, `concurrency` workers send the same request with `undici.request` in a loop for `seconds`, over one agent of
 * `concurrency` connections, reading every body; answers the requests per second and how many answers were not 2xx.
 */
import { Agent, request } from "undici"

export interface Job {
  readonly url: string
  readonly method: "GET" | "POST"
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | undefined
  readonly seconds: number
  readonly concurrency: number
}

export interface JobResult {
  readonly perSecond: number
  readonly requests: number
  readonly failures: number
}

const run = async (job: Job): Promise<JobResult> => {
  const dispatcher = new Agent({ connections: job.concurrency, keepAliveTimeout: 60_000 })
  const options = { method: job.method, headers: job.headers, body: job.body ?? null, dispatcher }
  let requests = 0
  let failures = 0
  const start = performance.now()
  const stopAt = start + job.seconds * 1000
  const worker = async () => {
    while (performance.now() < stopAt) {
      const response = await request(job.url, options)
      await response.body.arrayBuffer()
      requests++
      if (response.statusCode < 200 || response.statusCode > 299) failures++
    }
  }
  try {
    await Promise.all(Array.from({ length: job.concurrency }, worker))
    return { perSecond: requests / ((performance.now() - start) / 1000), requests, failures }
  } finally {
    await dispatcher.close()
  }
}

process.on("message", (job: Job) => {
  run(job).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) })
  )
})
process.on("disconnect", () => process.exit(0))
