/**
 * Latency, throughput, CPU and memory of each variant against the loopback server, variants alternated round by round.
 */
import { fork } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { fixed, formatTable, gc, median, quantile, ratio } from "./stats.js"
import type { Client, Variant } from "./variants.js"

export type Operation = "create" | "list"
export const operations: ReadonlyArray<Operation> = ["create", "list"]

export interface Settings {
  readonly rounds: number
  /** Sequential calls per variant, operation and round. */
  readonly sequential: number
  /** Calls per throughput run. */
  readonly concurrentCalls: number
  readonly concurrency: number
  /** Calls before measuring, per variant and operation, in the first round. */
  readonly warmup: number
}

export interface Measure {
  readonly variant: string
  readonly operation: Operation
  /** Median latency of sequential calls, µs. */
  readonly medianUs: number
  /** 99th percentile latency of sequential calls, µs. */
  readonly p99Us: number
  /** Calls per second at the configured concurrency (median of the rounds). */
  readonly throughput: number
  /** Client CPU (user + system) per sequential call, µs. */
  readonly cpuUs: number
  /** Heap used after a full GC following the variant's turn (median of the rounds), MB. */
  readonly heapMb: number
}

/** Starts the loopback server in its own process; resolves with its base URL and a stop function. */
export const startServer = async (): Promise<
  { readonly baseUrl: string; readonly pid: number | undefined; readonly stop: () => void }
> => {
  const here = Path.dirname(fileURLToPath(import.meta.url))
  const child = fork(Path.join(here, "server.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port))
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`benchmark server exited with ${code}`)))
  })
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() }
}

const sequential = async (call: () => Promise<unknown>, count: number) => {
  const latencies = new Array<number>(count)
  const cpuBefore = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    await call()
    latencies[i] = Number(process.hrtime.bigint() - start) / 1000
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
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return count / seconds
}

interface Samples {
  latencies: Array<number>
  cpuUs: Array<number>
  throughput: Array<number>
  heapMb: Array<number>
}

/** Runs every variant, round after round, the order rotated each round so none always goes first. */
export const measure = async (
  variants: ReadonlyArray<Variant>,
  baseUrl: string,
  settings: Settings,
  log: (line: string) => void = () => {}
): Promise<ReadonlyArray<Measure>> => {
  const clients = new Map<string, Client>()
  for (const variant of variants) clients.set(variant.name, await variant.make(baseUrl))
  const samples = new Map<string, Samples>()
  const key = (variant: string, operation: Operation) => `${variant}\u0000${operation}`
  for (const variant of variants) {
    for (const operation of operations) {
      samples.set(key(variant.name, operation), { latencies: [], cpuUs: [], throughput: [], heapMb: [] })
    }
  }
  try {
    for (let round = 0; round < settings.rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length])
      for (const variant of order) {
        const client = clients.get(variant.name)!
        for (const operation of operations) {
          const call = client[operation]
          const sample = samples.get(key(variant.name, operation))!
          const warmup = round === 0 ? settings.warmup : Math.ceil(settings.warmup / 10)
          for (let i = 0; i < warmup; i++) await call()
          const seq = await sequential(call, settings.sequential)
          for (const latency of seq.latencies) sample.latencies.push(latency)
          sample.cpuUs.push(seq.cpuUs)
          sample.throughput.push(await concurrent(call, settings.concurrentCalls, settings.concurrency))
        }
        gc()
        const heapMb = process.memoryUsage().heapUsed / 1024 / 1024
        for (const operation of operations) samples.get(key(variant.name, operation))!.heapMb.push(heapMb)
      }
      log(`round ${round + 1}/${settings.rounds} done`)
    }
  } finally {
    for (const client of clients.values()) await client.close()
  }
  return variants.flatMap((variant) =>
    operations.map((operation): Measure => {
      const sample = samples.get(key(variant.name, operation))!
      return {
        variant: variant.name,
        operation,
        medianUs: median(sample.latencies),
        p99Us: quantile(sample.latencies, 0.99),
        throughput: median(sample.throughput),
        cpuUs: median(sample.cpuUs),
        heapMb: median(sample.heapMb)
      }
    })
  )
}

/** The table: absolute figures, then each variant's ratio to the first variant and to `official`. */
export const formatMeasures = (
  measures: ReadonlyArray<Measure>,
  reference: string,
  official: string,
  concurrency: number
): string =>
  operations.map((operation) => {
    const rows = measures.filter((m) => m.operation === operation)
    const ref = rows.find((m) => m.variant === reference)!
    const off = rows.find((m) => m.variant === official)!
    const table = formatTable(
      [
        `${operation}`,
        "median µs",
        "p99 µs",
        `calls/s @${concurrency}`,
        "CPU µs/call",
        "heap MB",
        "median ÷undici",
        "thrpt ÷undici",
        "CPU ÷undici",
        "median ÷official",
        "thrpt ÷official"
      ],
      rows.map((m) => [
        m.variant,
        fixed(m.medianUs, 0),
        fixed(m.p99Us, 0),
        fixed(m.throughput, 0),
        fixed(m.cpuUs, 0),
        fixed(m.heapMb, 1),
        ratio(m.medianUs, ref.medianUs),
        ratio(m.throughput, ref.throughput),
        ratio(m.cpuUs, ref.cpuUs),
        ratio(m.medianUs, off.medianUs),
        ratio(m.throughput, off.throughput)
      ])
    )
    return table
  }).join("\n\n")
