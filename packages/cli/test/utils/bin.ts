/**
 * Runs the `authlete-tokens` bin as a user would: a child process talking over real loopback HTTP to a mock server,
 * with the bearer from a file or the environment. Every output is checked for the sentinel secrets before a test sees
 * it.
 *
 * The child runs `src/bin.ts` bundled once by esbuild (one file, as a published bin loads): under `tsx` each start
 * costs ~3 s of transpiling and loading several hundred modules on this 2-core machine, bundled ~0.5 s. `runTsx`
 * runs the source through tsx, as `pnpm authlete-tokens` does from a fresh clone.
 */
import type { AuthleteEmulator } from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { Effect } from "effect"
import * as Esbuild from "esbuild"
import type { ChildProcess } from "node:child_process"
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

export const packageDir = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../..")
export const binPath = Path.join(packageDir, "src/bin.ts")

/** Secrets that must never be printed: the bearer and the raw token values the tests seed or send. */
export const sentinels = {
  bearer: "SENTINEL-BEARER-7f3c9a",
  accessToken: "SENTINEL-AT-1b2e",
  refreshToken: "SENTINEL-RT-5d8f",
  created: "SENTINEL-CREATED-9c0a"
} as const

/** A client with many tokens, for bulk revocation. */
export const bulkClient = "compromised-client"

/** The options of a mock server whose emulator knows the sentinel bearer (for every service). */
export const serverOptions = (
  tokens: ReadonlyArray<AuthleteEmulator.TokenSeed> = [],
  emulator: AuthleteEmulator.EmulatorOptions = {}
): MockServer.Options => ({
  emulator: {
    bearers: [{ token: sentinels.bearer, serviceIds: "*" }],
    clients: [{ clientId: 5_000_001, clientIdAlias: bulkClient }],
    tokens,
    ...emulator
  }
})

/** `count` tokens of the bulk client for `subject`. */
export const bulkTokens = (count: number, subject = "mallory"): Array<AuthleteEmulator.TokenSeed> =>
  Array.from({ length: count }, () => ({ client: bulkClient, subject }))

/** The sentinel token pair, for alice. */
export const sentinelToken: AuthleteEmulator.TokenSeed = {
  subject: "alice",
  scopes: ["openid", "profile"],
  accessToken: sentinels.accessToken,
  refreshToken: sentinels.refreshToken
}

const tmp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "authlete-cli-test-"))

/** A file holding the sentinel bearer, as `--bearer-file` reads it. */
export const bearerFile = Path.join(tmp, "bearer")
Fs.writeFileSync(bearerFile, `${sentinels.bearer}\n`, { mode: 0o600 })

/** Writes a temporary file; answers its path. */
export const tempFile = (name: string, content: string): string => {
  const path = Path.join(tmp, name)
  Fs.writeFileSync(path, content)
  return path
}

/** The environment of a child: no AUTHLETE_* but what the test gives. */
export const envOf = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AUTHLETE_")) env[key] = value
  }
  // no profile of the machine's own config file
  return { ...env, NO_COLOR: "1", XDG_CONFIG_HOME: Path.join(tmp, "no-config"), ...extra }
}

/** The environment pointing the bin at a server, the bearer in `AUTHLETE_BEARER`. */
export const serverEnv = (server: MockServer.Started, extra: Record<string, string> = {}) =>
  envOf({
    AUTHLETE_BASE_URL: server.url,
    AUTHLETE_SERVICE_ID: server.serviceId,
    AUTHLETE_BEARER: sentinels.bearer,
    ...extra
  })

/** What a run printed and how it ended. */
export interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv | undefined
  readonly stdin?: string | undefined
  /** Called once the child is started, e.g. to interrupt it. */
  readonly started?: ((child: ChildProcess) => void) | undefined
  /** Secrets this run may print (`--show-secrets`). */
  readonly allowed?: ReadonlyArray<string> | undefined
}

/** Fails the test if an output holds a secret the run was not allowed to print. */
export const expectNoSecrets = (output: string, allowed: ReadonlyArray<string> = []) => {
  for (const secret of Object.values(sentinels)) {
    if (!allowed.includes(secret)) expect(output).not.toContain(secret)
  }
}

/** Children running at once: two, for a 2-core machine; the tests themselves run concurrently. */
const slots = { free: 2, waiting: [] as Array<() => void> }
const withSlot = async <A>(f: () => Promise<A>): Promise<A> => {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve))
  else slots.free -= 1
  try {
    return await f()
  } finally {
    const next = slots.waiting.shift()
    if (next === undefined) slots.free += 1
    else next()
  }
}

/** Runs a command line (a shell command for pipes and `script`) and collects its output. */
const collect = (command: string, args: ReadonlyArray<string>, options: RunOptions): Promise<Run> =>
  withSlot(() => spawnAndCollect(command, args, options))

const spawnAndCollect = (
  command: string,
  args: ReadonlyArray<string>,
  options: RunOptions
): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: packageDir, env: options.env ?? envOf(), stdio: "pipe" })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => stdout += chunk)
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr += chunk)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      expectNoSecrets(stdout + stderr, options.allowed)
      resolve({ code, signal, stdout, stderr })
    })
    child.stdin.end(options.stdin ?? "")
    options.started?.(child)
  })

/** An entry point bundled into one file, built once per test process. */
const bundles = new Map<string, Promise<string>>()
const bundle = (entry: string): Promise<string> => {
  const existing = bundles.get(entry)
  if (existing !== undefined) return existing
  const outfile = Path.join(tmp, `${Path.basename(entry, ".ts")}-${bundles.size}.mjs`)
  const built = Esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    // CommonJS dependencies bundled into ESM still call require
    banner: {
      js:
        "import { createRequire as __cliCreateRequire } from \"node:module\"; const require = __cliCreateRequire(import.meta.url);"
    }
  }).then(() => outfile)
  bundles.set(entry, built)
  return built
}

const binCommand = async () => `${JSON.stringify(process.execPath)} ${JSON.stringify(await bundle(binPath))}`

/** Runs a program of this package (bundled from its TypeScript entry point) with stdout and stderr piped. */
export const runEntry = async (entry: string, args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> =>
  collect(process.execPath, [await bundle(entry), ...args], options)

/** A standalone emulator (`authlete-emulator`) as a child process: what it printed, its URL, how to stop it. */
export interface Emulator {
  /** Its stdout up to its ready line: the `export AUTHLETE_*=…` lines among them. */
  readonly printed: string
  readonly url: string
  readonly stop: () => Promise<void>
}

/** Starts `authlete-emulator --port 0` (the emulator-server's bin) with a seed file; resolves once it printed its ready line. */
export const startEmulator = async (seed: unknown): Promise<Emulator> => {
  const entry = Path.resolve(packageDir, "../emulator-server/src/bin.ts")
  const seedFile = tempFile(`seed-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(seed))
  // through tsx: the emulator's bin reads its package.json by a relative path, which a bundle would break
  const child = spawn(process.execPath, ["--import", "tsx", entry, "--port", "0", "--quiet", "--seed", seedFile], {
    cwd: packageDir,
    env: envOf(),
    stdio: ["ignore", "pipe", "inherit"]
  })
  const printed = await new Promise<string>((resolve, reject) => {
    let text = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk
      if (/^Ready in /m.test(text)) resolve(text)
    })
    child.on("exit", (code) => reject(new Error(`authlete-emulator exited ${code}`)))
  })
  const url = /listening on (http:\S+)/.exec(printed)?.[1] ?? ""
  return {
    printed,
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on("close", () => resolve())
        child.kill("SIGTERM")
      })
  }
}

/** Runs `authlete-tokens <args>` with stdout and stderr piped. */
export const run = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> =>
  runEntry(binPath, args, options)

/** Runs `authlete-tokens <args>` from the source, through tsx. */
export const runTsx = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> =>
  collect(process.execPath, ["--import", "tsx", binPath, ...args], options)

/** Runs a shell command line (`$BIN` is the bin), e.g. a pipeline. */
export const shell = async (line: string, options: RunOptions = {}): Promise<Run> =>
  collect("/bin/sh", ["-c", line.replaceAll("$BIN", await binCommand())], options)

/** Runs `authlete-tokens <args>` on a pseudo-terminal (util-linux `script`): stdout and stderr are a TTY. */
export const runOnTerminal = async (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> => {
  const line = `${await binCommand()} ${args.map((arg) => JSON.stringify(arg)).join(" ")}`
  return collect("script", ["-qfec", line, "/dev/null"], options)
}

/** Runs a shell command line (`$BIN` is the bin) on a pseudo-terminal: stdin of `script` is what is typed. */
export const shellOnTerminal = async (line: string, options: RunOptions = {}): Promise<Run> =>
  collect("script", ["-qfec", line.replaceAll("$BIN", await binCommand()), "/dev/null"], options)

/** The ndjson lines of an output. */
export const ndjson = (text: string): Array<Record<string, unknown>> =>
  text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Record<string, unknown>)

/** A `started` hook that sends SIGINT (Ctrl-C) to the child once the server has received `requests` requests. */
export const interruptAfter = (server: MockServer.Started, requests: number) => (child: ChildProcess) => {
  const poll = setInterval(() => {
    if (server.stats().requests >= requests) {
      clearInterval(poll)
      child.kill("SIGINT")
    }
  }, 20)
}

/** Starts a server; runs `f`; stops it. */
export const withServer = async <A>(
  options: MockServer.Options,
  f: (server: MockServer.Started) => Promise<A>
): Promise<A> => {
  const server = await MockServer.start(options)
  try {
    return await f(server)
  } finally {
    await server.close()
  }
}

/** The tokens the server's emulator holds. */
export const storedTokens = (server: MockServer.Started) => Effect.runPromise(server.emulator.tokens())
