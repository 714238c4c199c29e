/**
 * The benchmark: `pnpm bench` (full) or `pnpm bench --quick` / `BENCH_QUICK=1 pnpm bench` (smoke run, < 2 min).
 * `--only=latency,gc,cold,bundle,emulator,server,store` runs some sections; `--json=<file>` also writes the figures as
 * JSON; `--store-size=<n>` sets the large store of the `store` section (default 1,000,000; 20,000 with `--quick`).
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import { formatBundles, measureBundles } from "./src/bundle.js"
import { formatColdStart, measureColdStart } from "./src/coldStart.js"
import { effect4BundleSizes, formatEditions, measureEffect4, variantName } from "./src/effect4.js"
import { formatEmulator, measureEmulator } from "./src/emulator.js"
import { formatEmulatorServer, measureEmulatorServer } from "./src/emulatorServer.js"
import { formatEmulatorStore, measureEmulatorStore } from "./src/emulatorStore.js"
import { formatGarbage, garbageVariants, measureGarbage } from "./src/garbage.js"
import { defaultVariants, formatInstructions, measureInstructions, valgrindAvailable } from "./src/instructions.js"
import { formatMeasures, measure, operations, startServer } from "./src/latency.js"
import { variants } from "./src/variants.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick") || process.env.BENCH_QUICK === "1"
const only = args.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",")
const jsonFile = args.find((arg) => arg.startsWith("--json="))?.slice("--json=".length)
const storeSize = args.find((arg) => arg.startsWith("--store-size="))?.slice("--store-size=".length)
const runs = (section: string) => only === undefined || only.includes(section)
/** Sections too slow for the default run (valgrind): only when named in `--only`. */
const runsNamed = (section: string) => only !== undefined && only.includes(section)
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
      const effect3 = await measure(variants, server.baseUrl, settings, log)
      log("latency: the Effect 4 edition's client, on Node 22 in its own process, same server")
      const effect4 = await measureEffect4(server.baseUrl, settings)
      const measures = [...effect3, ...effect4]
      figures.latency = measures
      console.log(
        `\n## Latency, throughput, CPU, memory (loopback server in its own process; ${settings.rounds} rounds × ${settings.sequential} sequential calls, ${settings.concurrentCalls} calls at concurrency ${settings.concurrency})\n`
      )
      console.log(formatMeasures(measures, "undici.request", "official SDK", settings.concurrency))
      console.log(`\n${formatEditions(measures, "effect-authlete node", variantName)}`)
    } finally {
      server.stop()
    }
  }

  if (runs("gc")) {
    const calls = numberFrom("BENCH_GC_CALLS", quick ? 300 : 4000)
    log(`gc: ${garbageVariants.join(", ")}; ${calls} sequential calls each, fresh process, --trace-gc-nvp`)
    const garbage = await measureGarbage(garbageVariants, operations, calls)
    figures.garbage = garbage
    console.log(
      `\n## What a call leaves to the garbage collector (client process, ${calls} sequential calls, V8's --trace-gc-nvp)\n`
    )
    console.log(formatGarbage(garbage, "undici.request"))
  }

  if (runsNamed("instructions")) {
    if (!(await valgrindAvailable())) {
      throw new Error("the instructions section needs valgrind (apt-get install valgrind)")
    }
    const instructionSettings = {
      few: numberFrom("BENCH_INSTR_FEW", quick ? 20 : 100),
      many: numberFrom("BENCH_INSTR_MANY", quick ? 120 : 600),
      variants: process.env.BENCH_INSTR_VARIANTS?.split(",") ?? defaultVariants,
      parallel: numberFrom("BENCH_INSTR_PARALLEL", 2)
    }
    log(
      `instructions: callgrind, ${instructionSettings.many} minus ${instructionSettings.few} calls, ${
        instructionSettings.variants.join(", ")
      }`
    )
    const instructions = await measureInstructions(instructionSettings, log)
    figures.instructions = instructions
    console.log(
      `\n## Instructions per call (callgrind, client process; ${instructionSettings.many} calls minus ${instructionSettings.few}, fresh process each)\n`
    )
    console.log(formatInstructions(instructions, instructionSettings.variants[0]))
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
    const sizes = [...await measureBundles(), ...await effect4BundleSizes()]
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
    console.log("\n## Emulator (in memory, no HTTP)\n")
    console.log(formatEmulator(emulator))
  }

  if (runs("server")) {
    const serverSettings = {
      rounds: numberFrom("BENCH_SERVER_ROUNDS", quick ? 1 : 3),
      seconds: numberFrom("BENCH_SERVER_SECONDS", quick ? 1 : 3),
      concurrency: 32,
      startRuns: quick ? 1 : 5,
      seedTokens: numberFrom("BENCH_SEED_TOKENS", quick ? 20_000 : 100_000)
    }
    log(`emulator server: ${serverSettings.rounds} rounds of ${serverSettings.seconds} s per server and operation`)
    const server = await measureEmulatorServer(serverSettings, log)
    figures.emulatorServer = server
    console.log(
      `\n## Emulator server (each server in its own process; undici.request from another process, concurrency ${serverSettings.concurrency}, ${serverSettings.rounds} × ${serverSettings.seconds} s; median)\n`
    )
    console.log(formatEmulatorServer(server, serverSettings))
  }

  if (runs("store")) {
    const big = Number(storeSize ?? process.env.BENCH_STORE_SIZE ?? (quick ? 20_000 : 1_000_000))
    if (!Number.isInteger(big) || big < 1_000) throw new Error(`--store-size must be an integer ≥ 1,000: ${storeSize}`)
    const storeSettings = quick
      ? { sizes: [1_000, big], pages: 5, seedFileTokens: 20_000 }
      : { sizes: [...new Set([1_000, 10_000, 50_000, big])].sort((a, b) => a - b), pages: 21, seedFileTokens: 200_000 }
    const store = await measureEmulatorStore(storeSettings, log)
    figures.emulatorStore = store
    console.log("\n## Emulator store (in memory, no HTTP; each list page right after a create)\n")
    console.log(formatEmulatorStore(store, storeSettings))
  }

  if (jsonFile !== undefined) Fs.writeFileSync(jsonFile, JSON.stringify(figures, null, 2) + "\n")
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
