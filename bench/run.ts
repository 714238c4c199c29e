/**
 * The benchmark: `pnpm bench` (full) or `pnpm bench --quick` / `BENCH_QUICK=1 pnpm bench` (smoke run, < 60 s).
 * `--only=latency,cold,bundle,emulator` runs some sections; `--json=<file>` also writes the figures as JSON.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import { formatBundles, measureBundles } from "./src/bundle.js"
import { formatColdStart, measureColdStart } from "./src/coldStart.js"
import { formatEmulator, measureEmulator } from "./src/emulator.js"
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
    machine: `${Os.cpus().length}× ${
      Os.cpus()[0]?.model ?? "cpu"
    }, ${Os.platform()} ${Os.release()}, Node ${process.version}`,
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

  if (runs("cold")) {
    const server = await startServer()
    try {
      const coldRuns = numberFrom("BENCH_COLD_RUNS", quick ? 2 : 7)
      log(`cold start: ${coldRuns} runs each`)
      const cold = await measureColdStart(server.baseUrl, coldRuns)
      figures.coldStart = cold
      console.log(
        `\n## Cold start (fresh node process: import, build the client, first create; median of ${coldRuns})\n`
      )
      console.log(formatColdStart(cold))
    } finally {
      server.stop()
    }
  }

  if (runs("bundle")) {
    log("bundles")
    const sizes = await measureBundles()
    figures.bundles = sizes
    console.log("\n## Browser bundles (esbuild, minified ESM for browsers; gzip -9)\n")
    console.log(formatBundles(sizes))
  }

  if (runs("emulator")) {
    const emulatorSettings = quick
      ? { creates: 100, storeSizes: [1_000, 5_000], pages: 3 }
      : { creates: 2_000, storeSizes: [1_000, 100_000], pages: 15 }
    log(`emulator: stores of ${emulatorSettings.storeSizes.join(" and ")} tokens`)
    const emulator = await measureEmulator(emulatorSettings)
    figures.emulator = emulator
    console.log("\n## Emulator (test kit, in memory, no HTTP)\n")
    console.log(formatEmulator(emulator))
  }

  if (jsonFile !== undefined) Fs.writeFileSync(jsonFile, JSON.stringify(figures, null, 2) + "\n")
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
