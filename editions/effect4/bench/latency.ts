/**
 * The Effect 4 client's side of the latency bench (`pnpm bench`, bench/src/effect4.ts): bundled with esbuild and run
 * on Node 22 in a process of its own against the bench's server, the same `create` and `list` calls as the Effect 3
 * variants, measured the same way. Reads `{ baseUrl, settings, createRequest, listQuery, bearer, serviceId }` as JSON
 * from its first argument; prints one JSON line of figures per operation.
 */
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as TokenManagement from "../packages/core/src/TokenManagement.js"
import * as NodeAuthlete from "../packages/platform-node/src/NodeAuthlete.js"

interface Input {
  readonly baseUrl: string
  readonly bearer: string
  readonly serviceId: string
  readonly createRequest: TokenManagement.Method<"create"> extends (request: infer R, ...rest: any) => any ? R : never
  readonly listQuery: { readonly start: number; readonly end: number }
  readonly settings: {
    readonly rounds: number
    readonly sequential: number
    readonly concurrentCalls: number
    readonly concurrency: number
    readonly warmup: number
  }
}

const input: Input = JSON.parse(process.argv[2] ?? "{}")
const { settings } = input

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const quantile = (values: ReadonlyArray<number>, q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0
}

const sequential = async (call: () => Promise<unknown>, count: number) => {
  const latencies: Array<number> = []
  const cpuBefore = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    await call()
    latencies.push(Number(process.hrtime.bigint() - start) / 1000)
  }
  const cpu = process.cpuUsage(cpuBefore)
  return { latencies, cpuUs: (cpu.user + cpu.system) / count }
}

const concurrent = async (call: () => Promise<unknown>, count: number, concurrency: number) => {
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      await call()
    }
  }
  const start = process.hrtime.bigint()
  await Promise.all(Array.from({ length: concurrency }, worker))
  return count / (Number(process.hrtime.bigint() - start) / 1e9)
}

const main = async () => {
  const runtime = ManagedRuntime.make(
    NodeAuthlete.layer({ baseUrl: input.baseUrl, bearer: Redacted.make(input.bearer), serviceId: input.serviceId })
  )
  await runtime.runPromise(Effect.service(TokenManagement.TokenManagement))
  const calls = {
    create: () => runtime.runPromise(TokenManagement.create(input.createRequest)),
    list: () => runtime.runPromise(TokenManagement.list(input.listQuery))
  }
  type Samples = { latencies: Array<number>; cpu: Array<number>; thrpt: Array<number> }
  const all: Record<"create" | "list", Samples> = {
    create: { latencies: [], cpu: [], thrpt: [] },
    list: { latencies: [], cpu: [], thrpt: [] }
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const operation of ["create", "list"] as const) {
      const call = calls[operation]
      const warmup = round === 0 ? settings.warmup : Math.ceil(settings.warmup / 10)
      for (let i = 0; i < warmup; i++) await call()
      const seq = await sequential(call, settings.sequential)
      for (const latency of seq.latencies) all[operation].latencies.push(latency)
      all[operation].cpu.push(seq.cpuUs)
      all[operation].thrpt.push(await concurrent(call, settings.concurrentCalls, settings.concurrency))
    }
  }
  await runtime.dispose()
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024
  for (const operation of ["create", "list"] as const) {
    const sample = all[operation]
    console.log(JSON.stringify({
      operation,
      medianUs: median(sample.latencies),
      p99Us: quantile(sample.latencies, 0.99),
      throughput: median(sample.thrpt),
      cpuUs: median(sample.cpu),
      heapMb
    }))
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
