/**
 * The emulator's published bin (`authlete-emulator`, the single file the emulator-server's build bundles) against a fixed-answer `node:http` server (the floor) and Prism (a stateless
 * OpenAPI mock server), each in its own process, driven from another process at concurrency 32 with `undici.request`:
 * `create` and `list` (a page of 20), requests per second; the bin's start-to-ready time; and how fast it seeds tokens
 * from a seed file (`--seed`).
 */
import type { ChildProcess } from "node:child_process"
import { execFileSync, fork, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import * as Readline from "node:readline"
import { fileURLToPath } from "node:url"
import type { Job, JobResult } from "./drive.js"
import * as Fixtures from "./fixtures.js"
import { startServer } from "./latency.js"
import { fixed, formatTable, median } from "./stats.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const benchDir = Path.resolve(here, "..")
const prismBin = Path.join(benchDir, "..", "node_modules", ".bin", "prism")
const bundleBin = Path.join(benchDir, "..", "packages", "emulator-server", "scripts", "bundle-bin.mjs")

export interface ServerSettings {
  readonly rounds: number
  /** Seconds each run is measured (after a warm-up of a tenth of that, not counted). */
  readonly seconds: number
  readonly concurrency: number
  /** Start-to-ready runs. */
  readonly startRuns: number
  /** Tokens in the seed file of the seeding figure. */
  readonly seedTokens: number
}

export type Target = "emulator" | "floor" | "prism"
export const targets: ReadonlyArray<Target> = ["emulator", "floor", "prism"]
export type Operation = "create" | "list"

export interface ServerFigures {
  readonly throughput: ReadonlyArray<{
    readonly target: Target
    readonly operation: Operation
    /** Median over rounds. */
    readonly perSecond: number
    readonly rounds: ReadonlyArray<number>
    /** CPU time of the server process per request, µs (median over rounds): what the shared machine's load moves least. */
    readonly cpuUsPerRequest: number
  }>
  /** Answers that were not 2xx, per target (all operations); should be 0. */
  readonly failures: Readonly<Record<Target, number>>
  /** Process start → URL printed, ms: median and runs. */
  readonly startToReadyMs: number
  readonly startRuns: ReadonlyArray<number>
  /** The same with `--seed` of {@link ServerSettings.seedTokens} tokens, ms: median and runs. */
  readonly seededReadyMs: number
  readonly seededRuns: ReadonlyArray<number>
  /** Tokens seeded per second: the seed file's tokens ÷ (seeded start − plain start). */
  readonly seedingPerSecond: number
}

/** The emulator's documented defaults: service, its bearer, its client. */
const emulator = {
  serviceId: "21653835348762",
  bearer: "emulator-bearer-21653835348762",
  clientId: 26888344961664
}

const createBody = (clientId: number) =>
  JSON.stringify({ grantType: "AUTHORIZATION_CODE", clientId, subject: "bench-subject", scopes: ["openid", "profile"] })

/** The jobs of one target: its base URL, service and bearer. */
const jobsOf = (baseUrl: string, serviceId: string, bearer: string, clientId: number) => ({
  create: {
    url: `${baseUrl}/api/${serviceId}/auth/token/create`,
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: createBody(clientId)
  },
  list: {
    url: `${baseUrl}/api/${serviceId}/auth/token/get/list?start=0&end=20`,
    method: "GET",
    headers: { authorization: `Bearer ${bearer}` }
  }
} as const)

const firstLine = (child: ChildProcess, what: string, match: (line: string) => boolean) =>
  new Promise<string>((resolve, reject) => {
    const lines = Readline.createInterface({ input: child.stdout! })
    lines.on("line", (line) => {
      if (match(line)) resolve(line)
    })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code} before it was ready`)))
  })

/** CPU seconds (user + system) a process has used so far, from `/proc` (Linux; `NaN` elsewhere). */
const cpuSecondsOf = (pid: number | undefined): number => {
  try {
    const fields = Fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

/** Bundles the bin as the emulator-server's build does, into `bench/.cache`. */
const buildBin = (): string => {
  const outfile = Path.join(benchDir, ".cache", "authlete-emulator.js")
  execFileSync(process.execPath, [bundleBin, outfile], { stdio: "inherit" })
  return outfile
}

/** Starts the bin (`--port 0 --quiet --log-format json`); resolves with its URL and the time from spawn to it. */
const startEmulator = async (bin: string, args: ReadonlyArray<string> = []) => {
  const started = performance.now()
  const child = spawn(process.execPath, [bin, "--port", "0", "--quiet", "--log-format", "json", ...args], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  const ready = await firstLine(child, "the emulator server", (line) => line.startsWith("{\"event\":\"ready\""))
  return { child, url: String(JSON.parse(ready).url), readyMs: performance.now() - started }
}

/** A seed file of `count` tokens of the default service and client, over 5,000 subjects. */
const writeSeedFile = (count: number): string => {
  const path = Path.join(benchDir, ".cache", `seed-${count}.json`)
  const tokens = Array.from({ length: count }, (_, i) => ({ subject: `subject-${i % 5000}` }))
  Fs.mkdirSync(Path.dirname(path), { recursive: true })
  Fs.writeFileSync(path, JSON.stringify({ tokens }))
  return path
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

const startPrism = async () => {
  const port = await freePort()
  const child = spawn(
    prismBin,
    ["mock", Path.join(benchDir, "authlete-token.openapi.json"), "-h", "127.0.0.1", "-p", String(port), "-v", "warn"],
    { stdio: ["ignore", "pipe", "inherit"] }
  )
  // With `-v warn` Prism prints nothing once listening: wait for the port to answer.
  child.stdout!.resume()
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}`)
    const ready = await fetch(`${url}/api/1/auth/token/get/list`).then(() => true, () => false)
    if (ready) return { child, url }
    if (Date.now() > deadline) throw new Error("Prism did not start within 60 s")
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const startDriver = () => {
  const child = fork(Path.join(here, "drive.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const run = (job: Job) =>
    new Promise<JobResult>((resolve, reject) => {
      child.once("message", (message) => {
        const answer = message as { result?: JobResult; error?: string }
        return answer.result === undefined ? reject(new Error(`driver: ${answer.error}`)) : resolve(answer.result)
      })
      child.send(job)
    })
  return { run, stop: () => child.kill() }
}

export const measureEmulatorServer = async (
  settings: ServerSettings,
  log: (line: string) => void = () => {}
): Promise<ServerFigures> => {
  const script = buildBin()
  const seedFile = writeSeedFile(settings.seedTokens)
  const startRuns: Array<number> = []
  const seededRuns: Array<number> = []
  for (let run = 0; run < settings.startRuns; run++) {
    const started = await startEmulator(script)
    startRuns.push(started.readyMs)
    await stop(started.child)
    const seeded = await startEmulator(script, ["--seed", seedFile])
    seededRuns.push(seeded.readyMs)
    await stop(seeded.child)
  }
  log("emulator server: start and seeding measured")
  const children: Array<ChildProcess> = []
  const stops: Array<() => unknown> = []
  try {
    const emulatorServer = await startEmulator(script)
    children.push(emulatorServer.child)
    const floor = await startServer()
    stops.push(floor.stop)
    log("emulator server: starting Prism")
    const prism = await startPrism()
    children.push(prism.child)
    const driver = startDriver()
    stops.push(driver.stop)
    const pids: Record<Target, number | undefined> = {
      emulator: emulatorServer.child.pid,
      floor: floor.pid,
      prism: prism.child.pid
    }
    const jobs: Record<Target, ReturnType<typeof jobsOf>> = {
      emulator: jobsOf(emulatorServer.url, emulator.serviceId, emulator.bearer, emulator.clientId),
      floor: jobsOf(floor.baseUrl, Fixtures.serviceId, Fixtures.bearer, emulator.clientId),
      prism: jobsOf(prism.url, emulator.serviceId, "bench-bearer", emulator.clientId)
    }
    const samples = new Map<string, Array<number>>()
    const cpuSamples = new Map<string, Array<number>>()
    const failures: Record<Target, number> = { emulator: 0, floor: 0, prism: 0 }
    for (const operation of ["create", "list"] as const) {
      for (let round = 0; round < settings.rounds; round++) {
        for (let i = 0; i < targets.length; i++) {
          const target = targets[(i + round) % targets.length]
          const job = { ...jobs[target][operation], concurrency: settings.concurrency }
          await driver.run({ ...job, seconds: settings.seconds / 10 }) // warm-up
          const cpuBefore = cpuSecondsOf(pids[target])
          const result = await driver.run({ ...job, seconds: settings.seconds })
          const cpuUs = ((cpuSecondsOf(pids[target]) - cpuBefore) * 1e6) / result.requests
          failures[target] += result.failures
          const key = `${target} ${operation}`
          samples.set(key, [...(samples.get(key) ?? []), result.perSecond])
          cpuSamples.set(key, [...(cpuSamples.get(key) ?? []), cpuUs])
        }
        log(`emulator server: ${operation} round ${round + 1}/${settings.rounds} done`)
      }
    }
    return {
      throughput: targets.flatMap((target) =>
        (["create", "list"] as const).map((operation) => {
          const rounds = samples.get(`${target} ${operation}`) ?? []
          const cpuUsPerRequest = median(cpuSamples.get(`${target} ${operation}`) ?? [])
          return { target, operation, perSecond: median(rounds), rounds, cpuUsPerRequest }
        })
      ),
      failures,
      startToReadyMs: median(startRuns),
      startRuns,
      seededReadyMs: median(seededRuns),
      seededRuns,
      seedingPerSecond: settings.seedTokens / ((median(seededRuns) - median(startRuns)) / 1000)
    }
  } finally {
    for (const stopOne of stops) stopOne()
    await Promise.all(children.map(stop))
  }
}

const names: Record<Target, string> = {
  emulator: "authlete-emulator (the bin)",
  floor: "node:http, fixed answers (floor)",
  prism: "Prism mock (stateless)"
}

export const formatEmulatorServer = (figures: ServerFigures, settings: ServerSettings): string => {
  const row = (target: Target, operation: Operation) =>
    figures.throughput.find((found) => found.target === target && found.operation === operation)!
  /** A server's figure for each operation, then its ratios to the floor's and to Prism's. */
  const cells = (target: Target, figure: (target: Target, operation: Operation) => number) => [
    names[target],
    fixed(figure(target, "create"), 0),
    fixed(figure(target, "list"), 0),
    ...(["floor", "prism"] as const).flatMap((reference) =>
      (["create", "list"] as const).map((operation) =>
        fixed(figure(target, operation) / figure(reference, operation), 2) + "×"
      )
    )
  ]
  const rows = targets.map((target) => [
    ...cells(target, (t, operation) => row(t, operation).perSecond),
    String(figures.failures[target])
  ])
  const cpuRows = targets.map((target) => cells(target, (t, operation) => row(t, operation).cpuUsPerRequest))
  return [
    formatTable(
      [
        `requests/s @${settings.concurrency}`,
        "create",
        "list (20)",
        "create ÷ floor",
        "list ÷ floor",
        "create ÷ Prism",
        "list ÷ Prism",
        "non-2xx"
      ],
      rows
    ),
    "",
    formatTable(
      [
        "server CPU µs/request",
        "create",
        "list (20)",
        "create ÷ floor",
        "list ÷ floor",
        "create ÷ Prism",
        "list ÷ Prism"
      ],
      cpuRows
    ),
    "",
    `authlete-emulator, process start → URL printed: ${fixed(figures.startToReadyMs, 0)} ms (median; runs: ${
      figures.startRuns.map((ms) => fixed(ms, 0)).join(" ")
    })`,
    `authlete-emulator --seed of ${settings.seedTokens} tokens, start → URL printed: ${
      fixed(figures.seededReadyMs, 0)
    } ms (median; runs: ${figures.seededRuns.map((ms) => fixed(ms, 0)).join(" ")}): ${
      fixed(figures.seedingPerSecond, 0)
    } tokens/s seeded`
  ].join("\n")
}
