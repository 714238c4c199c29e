/**
 * The benchmark: `pnpm bench` (full) or `pnpm bench --quick` / `BENCH_QUICK=1 pnpm bench` (smoke run, < 60 s).
 * `--only=latency,cold,bundle,emulator` runs some sections; `--json=<file>` also writes the figures as JSON.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import { formatMeasures, measure, startServer } from "./src/latency.js"
import { variants } from "./src/variants.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick") || process.env.BENCH_QUICK === "1"
const only = args.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",")
const jsonFile = args.find((arg) => arg.startsWith("--json="))?.slice("--json=".length)
const runs = (section: string) => only === undefined || only.includes(section)
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const settings = {
  rounds: numberFrom("BENCH_ROUNDS", quick ? 2 : 5),
  sequential: numberFrom("BENCH_SEQUENTIAL", quick ? 40 : 500),
  concurrentCalls: numberFrom("BENCH_CONCURRENT_CALLS", quick ? 128 : 2000),
  concurrency: 32,
  warmup: numberFrom("BENCH_WARMUP", quick ? 40 : 400)
}

const main = async () => {
  const figures: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: `${Os.cpus().length}× ${Os.cpus()[0]?.model ?? "cpu"}, ${Os.platform()} ${Os.release()}, Node ${process.version}`,
    quick
  }
  console.log(`# effect-authlete benchmark — ${figures.date} — ${figures.machine}${quick ? " — QUICK" : ""}`)

  if (runs("latency")) {
    const server = await startServer()
    try {
      log(`latency: ${variants.length} variants, ${settings.rounds} rounds`)
      const measures = await measure(variants, server.baseUrl, settings, log)
      figures.latency = measures
      console.log(
        `\n## Latency, throughput, CPU, memory (loopback server in its own process; ${settings.rounds} rounds × ${settings.sequential} sequential calls, ${settings.concurrentCalls} calls at concurrency ${settings.concurrency})\n`
      )
      console.log(formatMeasures(measures, "undici.request", "official SDK", settings.concurrency))
    } finally {
      server.stop()
    }
  }

  if (jsonFile !== undefined) Fs.writeFileSync(jsonFile, JSON.stringify(figures, null, 2) + "\n")
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
