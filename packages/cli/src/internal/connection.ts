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
import { UsageError } from "./failure.js"
import type { Format, OutputSettings } from "./output.js"

/** The flags of every command. */
export const common = Options.all({
  format: Options.choice("format", ["json", "ndjson", "table"]).pipe(
    Options.withDescription("Output format (default: table on a terminal, ndjson otherwise)"),
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

const orElse = <A>(flag: Option.Option<A>, config: Config.Config<Option.Option<A>>) =>
  Option.isSome(flag) ? Effect.succeed(flag) : config

/** The bearer: from `--bearer-file`, else `AUTHLETE_BEARER`. */
const bearerOf = (file: Option.Option<string>): Effect.Effect<Redacted.Redacted, UsageError> =>
  Option.match(file, {
    onSome: (path): Effect.Effect<Redacted.Redacted | undefined, UsageError> =>
      Effect.try({
        try: () => Fs.readFileSync(path, "utf8").trim(),
        catch: () => new UsageError({ message: `cannot read the bearer file ${path}` })
      }).pipe(Effect.map(Redacted.make)),
    onNone: () =>
      Config.option(Config.redacted("AUTHLETE_BEARER")).pipe(
        Effect.map(Option.map((bearer) => Redacted.make(Redacted.value(bearer).trim()))),
        Effect.orElseSucceed(() => Option.none<Redacted.Redacted>()),
        Effect.map(Option.getOrUndefined)
      )
  }).pipe(
    Effect.filterOrFail(
      (bearer): bearer is Redacted.Redacted => bearer !== undefined && Redacted.value(bearer).length > 0,
      () =>
        new UsageError({
          message: "no bearer: set AUTHLETE_BEARER or pass --bearer-file <path> (or try --emulator)"
        })
    )
  )

const text = (name: string) => Config.option(Config.nonEmptyString(name))

/**
 * The `TokenManagement` the common flags select; `--emulator` ignores the connection flags. The emulator and the Node
 * transport are imported when chosen: a command loads one of them, not both.
 */
export const layer = (flags: Common): Layer.Layer<TokenManagement.TokenManagement, UsageError> => {
  if (flags.emulator) {
    return Layer.unwrapEffect(
      Effect.promise(() => import("@effect-authlete/emulator/TestAuthlete")).pipe(
        Effect.map((TestAuthlete) => TestAuthlete.layerMemory(demoEmulator))
      )
    )
  }
  return Layer.unwrapEffect(Effect.gen(function*() {
    const bearer = yield* bearerOf(flags.bearerFile)
    const invalid = (error: unknown) => new UsageError({ message: `configuration: ${String(error)}` })
    const baseUrl = yield* orElse(flags.baseUrl, text("AUTHLETE_BASE_URL")).pipe(Effect.mapError(invalid))
    const server = yield* orElse(
      flags.server,
      Config.option(Config.literal("us", "jp", "eu", "br")("AUTHLETE_SERVER"))
    ).pipe(Effect.mapError(invalid))
    const serviceId = yield* orElse(flags.serviceId, text("AUTHLETE_SERVICE_ID")).pipe(Effect.mapError(invalid))
    const options: AuthleteClient.Options = {
      bearer,
      serviceId: Option.getOrUndefined(serviceId),
      baseUrl: Option.getOrUndefined(baseUrl),
      server: Option.getOrUndefined(server),
      timeout: Duration.seconds(flags.timeout)
    }
    const NodeAuthlete = yield* Effect.promise(() => import("@effect-authlete/platform-node/NodeAuthlete"))
    return NodeAuthlete.layer(options).pipe(
      Layer.mapError((error) => new UsageError({ message: `configuration: ${error.message}` }))
    )
  }))
}

/** Runs `f` with the service and output settings the common flags select. */
export const withSession = <A, E>(
  flags: Common,
  f: (session: Session) => Effect.Effect<A, E>
): Effect.Effect<A, E | UsageError> => {
  const format: Format = Option.getOrElse(flags.format, () => process.stdout.isTTY ? "table" : "ndjson")
  return Effect.flatMap(TokenManagement.TokenManagement, (tokens) =>
    f({
      tokens,
      output: { format, showSecrets: flags.showSecrets },
      interactive: process.stderr.isTTY === true
    })).pipe(Effect.provide(layer(flags)))
}
