/**
 * The flags every command shares (connection and output) and the `TokenManagement` they select: Authlete through the
 * Node transport, or an in-process emulator with `--emulator`.
 */
import type * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import type { AuditNotes } from "./audit.js"
import { makeNotes, writeAudit } from "./audit.js"
import { UsageError } from "./failure.js"
import type { Format, OutputSettings } from "./output.js"
import type { NamedProfile } from "./profile.js"
import { readEnvFile, selectProfile } from "./profile.js"

/** The flags of every command. */
export const common = Options.all({
  format: Options.choice("format", ["json", "ndjson", "table", "csv"]).pipe(
    Options.withDescription("Output format (default: table on a terminal, ndjson otherwise; csv as RFC 4180)"),
    Options.optional
  ),
  fields: Options.text("fields").pipe(
    Options.withDescription("Only these fields, in this order, in every format (a,b,c)"),
    Options.map((text) => text.split(",").map((field) => field.trim()).filter((field) => field !== "")),
    Options.optional
  ),
  outputSchema: Options.boolean("output-schema").pipe(
    Options.withDescription("Print the JSON Schema of one record of this command's JSON/ndjson output, call nothing")
  ),
  profile: Options.text("profile").pipe(
    Options.withDescription(
      "Profile of the config file ($XDG_CONFIG_HOME/authlete-tokens/config.json) (default: AUTHLETE_PROFILE)"
    ),
    Options.optional
  ),
  emulatorUrl: Options.text("emulator-url").pipe(
    Options.withDescription(
      "Base URL of a running standalone emulator (authlete-emulator); its default service and bearer unless given"
    ),
    Options.optional
  ),
  emulatorEnv: Options.text("emulator-env").pipe(
    Options.withDescription("Read AUTHLETE_* lines (as the standalone emulator prints them) from a file, - for stdin"),
    Options.optional
  ),
  auditLog: Options.text("audit-log").pipe(
    Options.withDescription("Append a JSON line per command to this file: selector, counts, token hashes (no values)"),
    Options.optional
  ),
  showSecrets: Options.boolean("show-secrets").pipe(
    Options.withDescription("Print token values (hidden by default; their hashes are always printed)")
  ),
  verbose: Options.boolean("verbose").pipe(Options.withDescription("Print the whole error, with its cause")),
  emulator: Options.boolean("emulator").pipe(
    Options.withDescription("Run against an in-process Authlete emulator seeded with demo tokens (no account needed)")
  ),
  baseUrl: Options.text("base-url").pipe(
    Options.withDescription("Authlete's base URL, e.g. a proxy (default: AUTHLETE_BASE_URL, else the --server's)"),
    Options.optional
  ),
  server: Options.choice("server", ["us", "jp", "eu", "br"]).pipe(
    Options.withDescription("Authlete cluster (default: AUTHLETE_SERVER, else us)"),
    Options.optional
  ),
  serviceId: Options.text("service-id").pipe(
    Options.withDescription("Service to act on (default: AUTHLETE_SERVICE_ID)"),
    Options.optional
  ),
  bearerFile: Options.file("bearer-file", { exists: "yes" }).pipe(
    Options.withDescription("File holding the service access token (default: AUTHLETE_BEARER; never a flag value)"),
    Options.optional
  ),
  timeout: Options.integer("timeout").pipe(
    Options.withDescription("Seconds one call may take before it fails"),
    Options.withDefault(30)
  )
})

/** The parsed common flags. */
export type Common = typeof common extends Options.Options<infer A> ? A : never

/** What a command runs with. */
export interface Session {
  readonly tokens: TokenManagement.Service
  readonly output: OutputSettings
  /** stderr is a terminal: progress bars are drawn. */
  readonly interactive: boolean
  /** What the audit log will say of this command. */
  readonly audit: AuditNotes
}

/** A client of the demo emulator with enough tokens to need several bulk revocations. */
export const demoBatchClient = "batch-client"

/** Raw values of the one demo token whose values are known, for trying `reissue-id-token` and `update`. */
export const demoToken = { accessToken: "demo-access-token", refreshToken: "demo-refresh-token" } as const

/**
 * The emulator of `--emulator`: its default service and client (`emulator-client`), a second client
 * `batch-client`, three tokens of alice and bob on the default client (one with the known values of
 * {@link demoToken}) and 45 tokens of carol on `batch-client`.
 */
export const demoEmulator: AuthleteEmulator.EmulatorOptions = {
  clients: [{ clientId: 1_000_001, clientIdAlias: demoBatchClient, clientName: "Batch client" }],
  tokens: [
    { subject: "alice", scopes: ["openid", "profile"], ...demoToken },
    { subject: "alice", scopes: ["openid", "email"] },
    { subject: "bob", scopes: ["profile", "history.read"] },
    ...Array.from({ length: 45 }, () => ({ client: demoBatchClient, subject: "carol", scopes: ["timeline.read"] }))
  ]
}

/** The default service and bearer of a standalone emulator started without a seed. */
export const emulatorDefaults = { serviceId: "21653835348762", bearer: "emulator-bearer-21653835348762" } as const

/** Where each setting comes from, first found wins: flags, `--emulator-env`, the profile, the environment. */
interface Sources {
  readonly emulatorEnv: Readonly<Record<string, string>>
  readonly profile: NamedProfile | undefined
}

const readBearerFile = (path: string, what: string): Effect.Effect<Redacted.Redacted, UsageError> =>
  Effect.try({
    try: () => Redacted.make(Fs.readFileSync(path, "utf8").trim()),
    catch: () => new UsageError({ message: `cannot read the bearer file ${path}${what}` })
  })

/** The bearer: `--bearer-file`, else `--emulator-env`'s, else the profile's, else `AUTHLETE_BEARER`. */
const bearerOf = (
  file: Option.Option<string>,
  sources: Sources,
  emulatorUrl: boolean
): Effect.Effect<Redacted.Redacted, UsageError> => {
  const profile = sources.profile?.profile
  const where = sources.profile === undefined ? "" : ` (profile ${sources.profile.name})`
  const found: Effect.Effect<Redacted.Redacted | undefined, UsageError> = Option.isSome(file)
    ? readBearerFile(file.value, "")
    : sources.emulatorEnv.AUTHLETE_BEARER !== undefined
    ? Effect.succeed(Redacted.make(sources.emulatorEnv.AUTHLETE_BEARER.trim()))
    : profile?.bearerFile !== undefined
    ? readBearerFile(profile.bearerFile, where)
    : profile?.bearerEnv !== undefined
    ? Effect.succeed(
      process.env[profile.bearerEnv] === undefined || process.env[profile.bearerEnv] === ""
        ? undefined
        : Redacted.make(String(process.env[profile.bearerEnv]).trim())
    ).pipe(Effect.filterOrFail(
      (bearer) => bearer !== undefined,
      () => new UsageError({ message: `no bearer: ${profile.bearerEnv} is not set${where}` })
    ))
    : Config.option(Config.redacted("AUTHLETE_BEARER")).pipe(
      Effect.map(Option.map((bearer) => Redacted.make(Redacted.value(bearer).trim()))),
      Effect.orElseSucceed(() => Option.none<Redacted.Redacted>()),
      Effect.map((bearer) =>
        Option.isNone(bearer) && emulatorUrl ? Redacted.make(emulatorDefaults.bearer) : Option.getOrUndefined(bearer)
      )
    )
  return found.pipe(
    Effect.filterOrFail(
      (bearer): bearer is Redacted.Redacted => bearer !== undefined && Redacted.value(bearer).length > 0,
      () =>
        new UsageError({
          message: "no bearer: set AUTHLETE_BEARER or pass --bearer-file <path> (or try --emulator)"
        })
    )
  )
}

/** A setting: the flag, else `--emulator-env`'s line, else the profile's, else the environment variable. */
const settingOf = <A extends string>(
  flag: Option.Option<A>,
  sources: Sources,
  key: keyof typeof envKeys,
  config: Config.Config<Option.Option<A>>
): Effect.Effect<Option.Option<string>, UsageError> => {
  if (Option.isSome(flag)) return Effect.succeed(flag)
  const fromFile = sources.emulatorEnv[envKeys[key]]
  if (fromFile !== undefined && fromFile !== "") return Effect.succeed(Option.some(fromFile))
  const fromProfile = sources.profile?.profile[key]
  if (fromProfile !== undefined) return Effect.succeed(Option.some(fromProfile))
  return config.pipe(Effect.mapError((error) => new UsageError({ message: `configuration: ${String(error)}` })))
}

const envKeys = {
  baseUrl: "AUTHLETE_BASE_URL",
  server: "AUTHLETE_SERVER",
  serviceId: "AUTHLETE_SERVICE_ID"
} as const

const text = (name: string) => Config.option(Config.nonEmptyString(name))

/** The profile and `--emulator-env` lines the flags select. */
export const sourcesOf = (flags: Common): Effect.Effect<Sources, UsageError> =>
  Effect.all({
    profile: selectProfile(Option.getOrUndefined(flags.profile)),
    emulatorEnv: Option.match(flags.emulatorEnv, { onNone: () => Effect.succeed({}), onSome: readEnvFile })
  })

/**
 * The `TokenManagement` the common flags select; `--emulator` ignores the connection flags. The emulator and the Node
 * transport are imported when chosen: a command loads one of them, not both.
 */
export const layer = (flags: Common, sources: Sources): Layer.Layer<TokenManagement.TokenManagement, UsageError> => {
  if (flags.emulator) {
    return Layer.unwrapEffect(
      Effect.promise(() => import("@effect-authlete/emulator/TestAuthlete")).pipe(
        Effect.map((TestAuthlete) => TestAuthlete.layerMemory(demoEmulator))
      )
    )
  }
  return Layer.unwrapEffect(Effect.gen(function*() {
    if (Option.isSome(flags.emulatorUrl) && Option.isSome(flags.baseUrl)) {
      return yield* new UsageError({ message: "--emulator-url and --base-url name the same thing: give one" })
    }
    const emulatorUrl = Option.isSome(flags.emulatorUrl)
    const bearer = yield* bearerOf(flags.bearerFile, sources, emulatorUrl)
    const baseUrl = yield* settingOf(
      Option.orElse(flags.emulatorUrl, () => flags.baseUrl),
      sources,
      "baseUrl",
      text("AUTHLETE_BASE_URL")
    )
    const server = yield* settingOf(
      flags.server,
      sources,
      "server",
      Config.option(Config.literal("us", "jp", "eu", "br")("AUTHLETE_SERVER"))
    )
    const serviceId = yield* settingOf(flags.serviceId, sources, "serviceId", text("AUTHLETE_SERVICE_ID")).pipe(
      Effect.map((id) => Option.isNone(id) && emulatorUrl ? Option.some<string>(emulatorDefaults.serviceId) : id)
    )
    const options: AuthleteClient.Options = {
      bearer,
      serviceId: Option.getOrUndefined(serviceId),
      baseUrl: Option.getOrUndefined(baseUrl),
      server: Option.getOrUndefined(server) as AuthleteClient.Options["server"],
      timeout: Duration.seconds(flags.timeout)
    }
    const NodeAuthlete = yield* Effect.promise(() => import("@effect-authlete/platform-node/NodeAuthlete"))
    return NodeAuthlete.layer(options).pipe(
      Layer.mapError((error) => new UsageError({ message: `configuration: ${error.message}` }))
    )
  }))
}

/**
 * Runs `f` with the service and output settings the common flags select; when the flags or the profile name an audit
 * log, appends the command's line to it at the end, whatever the outcome.
 */
export const withSession = <A, E>(
  flags: Common,
  command: string,
  f: (session: Session) => Effect.Effect<A, E>
): Effect.Effect<A, E | UsageError> =>
  Effect.flatMap(sourcesOf(flags), (sources) => {
    const format: Format = Option.getOrElse(flags.format, () => process.stdout.isTTY ? "table" : "ndjson")
    const audit = makeNotes()
    const auditLog = Option.getOrUndefined(flags.auditLog) ?? sources.profile?.profile.auditLog
    const work = Effect.flatMap(TokenManagement.TokenManagement, (tokens) =>
      f({
        tokens,
        output: { format, showSecrets: flags.showSecrets, fields: Option.getOrUndefined(flags.fields) },
        interactive: process.stderr.isTTY === true,
        audit
      })).pipe(Effect.provide(layer(flags, sources)))
    return auditLog === undefined
      ? work
      : work.pipe(
        Effect.onExit((exit) => writeAudit(auditLog, { profile: sources.profile?.name, command, notes: audit }, exit))
      )
  })
