/** `authlete-emulator`: the flags, what it prints, and its exit codes. */
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as EmulatorSeed from "@effect-authlete/emulator/EmulatorSeed"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs/promises"
import type { FaultOptions } from "../MockServer.js"
import * as Launcher from "./launcher.js"
import type { RequestEntry } from "./routes.js"
import { adminPrefix } from "./routes.js"
import type { Event, Running } from "./standalone.js"
import * as Standalone from "./standalone.js"
import { StateFileError } from "./stateFile.js"
import { version } from "./version.js"

export const name = "authlete-emulator"

/** Exit codes, as the README documents them. */
export const exitCodes = {
  /** Stopped by SIGINT or SIGTERM, state saved; or `--help`, `--version`, `--seed-schema`. */
  ok: 0,
  unexpected: 1,
  /** A flag is unknown or its value invalid. */
  usage: 2,
  /** The server cannot listen (the port is taken, the host is not this machine's). */
  listen: 3,
  /** The seed file cannot be read or is invalid. */
  seed: 4,
  /** The state file cannot be read, is invalid, or cannot be written. */
  state: 5
} as const

// ---------------------------------------------------------------------------------------------------------------------
// flags
// ---------------------------------------------------------------------------------------------------------------------

const probability = (flag: string, description: string) =>
  Options.float(flag).pipe(
    Options.withSchema(Schema.Number.pipe(Schema.between(0, 1))),
    Options.withDescription(description),
    Options.optional
  )

/** A non-negative integer: milliseconds, seconds or a count. */
const whole = (flag: string, description: string) =>
  Options.integer(flag).pipe(
    Options.withSchema(Schema.NonNegativeInt),
    Options.withDescription(description),
    Options.optional
  )

const flags = {
  port: Options.integer("port").pipe(
    Options.withSchema(Schema.Int.pipe(Schema.between(0, 65_535))),
    Options.withDescription("Port to listen on (0: any free port)"),
    Options.withDefault(8484)
  ),
  host: Options.text("host").pipe(
    Options.withDescription("Address to listen on (0.0.0.0 for every interface, e.g. in a container)"),
    Options.withDefault("127.0.0.1")
  ),
  seed: Options.text("seed").pipe(
    Options.withDescription("JSON file of services, clients, bearers and tokens (format: emulator-seed.schema.json)"),
    Options.optional
  ),
  state: Options.text("state").pipe(
    Options.withDescription("State file: loaded at start if it exists, saved periodically and at shutdown"),
    Options.optional
  ),
  saveInterval: Options.integer("save-interval").pipe(
    Options.withSchema(Schema.NonNegativeInt),
    Options.withDescription("Seconds between saves of a changed store to --state (0: at shutdown only)"),
    Options.withDefault(5)
  ),
  logFormat: Options.choice("log-format", ["pretty", "json"]).pipe(
    Options.withDescription("pretty: lines for people; json: one JSON object per line"),
    Options.withDefault("pretty" as const)
  ),
  quiet: Options.boolean("quiet").pipe(Options.withDescription("No line per request")),
  adminBearer: Options.redacted("admin-bearer").pipe(
    Options.withFallbackConfig(Config.redacted("AUTHLETE_EMULATOR_ADMIN_BEARER")),
    Options.withDescription(`Bearer of the admin API under ${adminPrefix}/ (default: generated and printed)`),
    Options.optional
  ),
  latency: whole("latency", "Fault: milliseconds added to every answer"),
  slowProbability: probability("slow-probability", "Fault: probability that an answer is slow"),
  slowLatency: whole("slow-latency", "Fault: extra milliseconds of a slow answer (default 1000)"),
  unavailableProbability: probability("unavailable-probability", "Fault: probability of a 503 with Retry-After"),
  retryAfter: whole("retry-after", "Fault: Retry-After of a 503, seconds (default 1)"),
  resetProbability: probability("reset-probability", "Fault: probability that the connection is reset"),
  truncateProbability: probability("truncate-probability", "Fault: probability that a JSON answer is cut in half"),
  faultSeed: Options.integer("fault-seed").pipe(
    Options.withDescription("Fault: seed of the generator (default 1)"),
    Options.optional
  ),
  maxFaults: whole("max-faults", "Fault: requests faulted at most"),
  seedSchema: Options.boolean("seed-schema").pipe(
    Options.withDescription("Print the JSON Schema of seed files and exit")
  )
}

type Flags = Command.Command.ParseConfig<typeof flags>

const faultsOf = (flags: Flags): FaultOptions => {
  const given = {
    latency: flags.latency,
    slowProbability: flags.slowProbability,
    slowLatency: flags.slowLatency,
    unavailableProbability: flags.unavailableProbability,
    retryAfter: flags.retryAfter,
    resetProbability: flags.resetProbability,
    truncateProbability: flags.truncateProbability,
    seed: flags.faultSeed,
    maxFaults: flags.maxFaults
  }
  const faults: Record<string, number> = {}
  for (const [key, value] of Object.entries(given)) {
    if (Option.isSome(value)) faults[key] = value.value
  }
  return faults
}

// ---------------------------------------------------------------------------------------------------------------------
// output: stdout for the start lines and the log, stderr for errors
// ---------------------------------------------------------------------------------------------------------------------

const out = (line: string) => process.stdout.write(`${line}\n`)

/** Errors, one line each. */
export const printError = (message: string) => process.stderr.write(`${name}: ${message}\n`)

interface Printer {
  readonly ready: (lines: {
    readonly url: string
    readonly env: Readonly<Record<string, string>>
    readonly startupMs: number
    readonly restored: boolean
  }) => void
  readonly request: (entry: RequestEntry) => void
  readonly event: (event: Event) => void
}

const pretty: Printer = {
  ready: ({ env, restored, startupMs, url }) => {
    out(`Authlete emulator listening on ${url}${restored ? " (state restored)" : ""}`)
    for (const [key, value] of Object.entries(env)) out(`export ${key}=${value}`)
    out(`Ready in ${startupMs} ms (health: ${url}/health, admin: ${url}${adminPrefix}/)`)
  },
  request: ({ durationMs, method, route, status }) =>
    out(`${new Date().toISOString()} ${method} ${route} ${status ?? "reset"} ${durationMs.toFixed(1)} ms`),
  event: (event) => {
    switch (event._tag) {
      case "Draining":
        return out("Stopping: answering the requests in flight")
      case "Saved":
        return
      case "SaveFailed":
        return printError(event.message)
      case "Stopped":
        return out("Stopped")
    }
  }
}

const json: Printer = {
  ready: (lines) => out(JSON.stringify({ event: "ready", ...lines })),
  request: (entry) =>
    out(JSON.stringify({
      event: "request",
      time: new Date().toISOString(),
      ...entry,
      durationMs: Math.round(entry.durationMs * 10) / 10
    })),
  event: (event) => {
    if (event._tag === "SaveFailed") printError(event.message)
    else if (event._tag !== "Saved") out(JSON.stringify({ event: event._tag.toLowerCase() }))
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// the command
// ---------------------------------------------------------------------------------------------------------------------

const readSeed = (path: string): Effect.Effect<AuthleteEmulator.EmulatorOptions, EmulatorSeed.SeedError> =>
  Effect.tryPromise({
    try: () => Fs.readFile(path, "utf8"),
    catch: (error) =>
      new EmulatorSeed.SeedError({
        message: `cannot read the seed file ${path} (${
          typeof error === "object" && error !== null && "code" in error ? String(error.code) : "unknown error"
        })`
      })
  }).pipe(
    Effect.flatMap((text) =>
      Effect.mapError(
        EmulatorSeed.fromJson(text),
        (error) => new EmulatorSeed.SeedError({ message: `the seed file ${path} is invalid: ${error.message}` })
      )
    )
  )

const serve = (flags: Flags) =>
  Effect.gen(function*() {
    const printer = flags.logFormat === "json" ? json : pretty
    const emulator = Option.isSome(flags.seed) ? yield* readSeed(flags.seed.value) : {}
    const given = Option.filter(flags.adminBearer, (bearer) => Redacted.value(bearer) !== "")
    const generated = Option.isNone(given)
    const adminBearer = Option.match(given, {
      onNone: () => Crypto.randomBytes(24).toString("base64url"),
      onSome: Redacted.value
    })
    const running: Running = yield* Standalone.make({
      host: flags.host,
      port: flags.port,
      emulator,
      faults: faultsOf(flags),
      adminBearer,
      statePath: Option.getOrUndefined(flags.state),
      saveIntervalMs: flags.saveInterval * 1000,
      drainTimeoutMs: 10_000,
      onRequest: flags.quiet ? undefined : printer.request,
      onEvent: printer.event
    }).pipe(Effect.mapError((error) =>
      error._tag === "SeedError" && Option.isNone(flags.seed)
        ? error
        : error._tag === "SeedError"
        ? new EmulatorSeed.SeedError({ message: `the seed file ${Option.getOrThrow(flags.seed)}: ${error.message}` })
        : error
    ))
    const { defaults } = running.emulator
    printer.ready({
      url: running.url,
      env: {
        AUTHLETE_BASE_URL: running.url,
        AUTHLETE_BEARER: Redacted.value(defaults.bearer),
        AUTHLETE_SERVICE_ID: defaults.serviceId,
        AUTHLETE_CLIENT_ID: String(defaults.clientId),
        ...(generated ? { AUTHLETE_EMULATOR_ADMIN_BEARER: adminBearer } : {})
      },
      startupMs: Math.round(performance.now()),
      restored: running.restored
    })
    // a launcher killed without passing the signal on (npx, pnpm): the shutdown of a SIGTERM, so the state is saved
    const launcher = Launcher.watch(() => process.kill(process.pid, "SIGTERM"))
    yield* Effect.addFinalizer(() => Effect.sync(launcher.stop))
    return yield* Effect.never
  }).pipe(Effect.scoped)

const command = Command.make(
  name,
  flags,
  (flags) =>
    flags.seedSchema
      ? Effect.sync(() => out(JSON.stringify(EmulatorSeed.jsonSchema, null, 2)))
      : serve(flags)
).pipe(Command.withDescription(
  "A local Authlete for the six token-management operations: point any Authlete client at it."
))

/** Runs the command line (`argv` as `process.argv`); errors are printed, one line each. */
export const main = (argv: ReadonlyArray<string>) =>
  Command.run(command, { name: "Authlete emulator", version })(argv).pipe(
    Effect.tapError((error) =>
      ValidationError.isValidationError(error) ? Effect.void : Effect.sync(() => printError(error.message))
    ),
    Effect.provide(NodeContext.layer)
  )

/** The exit code of a run. */
export const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return exitCodes.ok
  const failures = [...Cause.failures(exit.cause), ...Cause.defects(exit.cause)]
  if (failures.length === 0) return exitCodes.ok // interrupted by a signal, drained and saved
  const [error] = failures
  if (ValidationError.isValidationError(error)) return exitCodes.usage
  if (error instanceof Standalone.ListenError) return exitCodes.listen
  if (error instanceof EmulatorSeed.SeedError) return exitCodes.seed
  if (error instanceof StateFileError) return exitCodes.state
  return exitCodes.unexpected
}
