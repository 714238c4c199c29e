/**
 * `authlete-tokens`: Authlete's six token-management operations, and bulk revocation and deletion, from the shell.
 *
 * Every request field is a flag, derived from core's request schemas, or the whole request comes as JSON from
 * `--input <file>` (`-` for stdin); flags override the input's fields. Output is a table on a terminal and ndjson in a
 * pipe (`--format` to choose); token values are printed only with `--show-secrets`, their hashes always.
 *
 * @since 0.1.0
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Schemas from "@effect-authlete/core/Schemas"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Readline from "node:readline"
import type { DeleteItem } from "./internal/bulk.js"
import { deleteMany, revokeAll } from "./internal/bulk.js"
import type { Common, Session } from "./internal/connection.js"
import { common, withSession } from "./internal/connection.js"
import { classifyCause, exitCodes, UsageError } from "./internal/failure.js"
import { requestFlags } from "./internal/flags.js"
import { makeEmitter, printOne, writeErr } from "./internal/output.js"

/**
 * The name of the executable.
 *
 * @since 0.1.0
 * @category constants
 */
export const name = "authlete-tokens"

/**
 * Exit codes, one per kind of failure: `usage` (2) for command-line and configuration mistakes,
 * `requestValidation` (3), `result` (4, Authlete's 400/401/403/500), `unexpectedStatus` (5, any other status),
 * `transport` (6), `responseDecode` (7), `action` (8, an answer whose `action` is not `OK`), `interrupted` (130).
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode: typeof exitCodes = exitCodes

/**
 * The version `--version` prints (kept equal to package.json's by a test).
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

// ---------------------------------------------------------------------------------------------------------------------
// requests from flags and --input
// ---------------------------------------------------------------------------------------------------------------------

const input = Options.text("input").pipe(
  Options.withDescription("The whole request as JSON, from a file or - for stdin; flags override its fields"),
  Options.optional
)

/** The JSON object of `--input`. */
const readInput = (path: Option.Option<string>): Effect.Effect<Record<string, unknown>, UsageError> =>
  Option.match(path, {
    onNone: () => Effect.succeed({}),
    onSome: (file) =>
      Effect.try({
        try: () => JSON.parse(Fs.readFileSync(file === "-" ? 0 : file, "utf8")) as unknown,
        catch: (error) =>
          new UsageError({
            message: `--input ${file}: ${error instanceof SyntaxError ? "not valid JSON" : "cannot be read"}`
          })
      }).pipe(Effect.filterOrFail(
        (json): json is Record<string, unknown> => typeof json === "object" && json !== null && !Array.isArray(json),
        () => new UsageError({ message: `--input ${file}: the request must be a JSON object` })
      ))
  })

/**
 * The request of a command: `--input`'s fields, overridden by the flags. Core validates it against the operation's
 * schema before anything is sent (a `RequestValidationError` otherwise), so it is only typed here.
 */
const requestOf = <A>(
  path: Option.Option<string>,
  flags: Record<string, unknown>
): Effect.Effect<A, UsageError> => Effect.map(readInput(path), (json) => ({ ...json, ...flags }) as A)

const examples = (summary: string, lines: ReadonlyArray<readonly [string, string]>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(summary),
    HelpDoc.h2("EXAMPLES"),
    ...lines.map(([command, what]) => HelpDoc.p(`$ ${command}\n  ${what}`))
  ])

// ---------------------------------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------------------------------

const listFlags = requestFlags(AuthleteOperation.list, {
  exclude: ["start", "end"],
  renames: { tokenStatus: "status" },
  descriptions: {
    clientIdentifier: "Only tokens of this client (ID or alias)",
    subject: "Only tokens of this subject (end user)",
    tokenStatus: "VALID (unexpired), INVALID (expired) or ALL"
  }
})

const tokenColumns = ["accessTokenHash", "clientId", "subject", "grantType", "scopes", "accessTokenExpiresAt"]

/** Every token the filter matches, page after page (`listStream`), up to `limit`. */
const tokensOf = (
  session: Session,
  filter: Schemas.TokenListRequest,
  pageSize: number,
  limit: Option.Option<number>
) => {
  const all = session.tokens.listStream({ ...filter, pageSize })
  return Option.match(limit, { onNone: () => all, onSome: (n) => Stream.take(all, n) })
}

const emitAll = <E>(session: Session, stream: Stream.Stream<Schemas.AccessToken, E>) =>
  Effect.suspend(() => {
    const emitter = makeEmitter(session.output, tokenColumns)
    return Stream.runForEach(stream, emitter.emit).pipe(Effect.ensuring(emitter.finish))
  })

const list = Command.make("list", {
  common,
  input,
  request: listFlags.options,
  limit: Options.integer("limit").pipe(
    Options.withDescription("Stop after this many tokens (default: all of them)"),
    Options.optional
  ),
  pageSize: Options.integer("page-size").pipe(
    Options.withDescription("Tokens fetched per call"),
    Options.withDefault(100)
  )
}, (flags) =>
  withSession(flags.common, (session) =>
    Effect.flatMap(
      requestOf<Schemas.TokenListRequest>(flags.input, flags.request),
      (filter) => emitAll(session, tokensOf(session, filter, flags.pageSize, flags.limit))
    ))).pipe(Command.withDescription(examples(
      "List the tokens of the service (hashes, never values), page after page until the last.",
      [
        [`${name} list --emulator`, "every token of the demo emulator, as a table"],
        [`${name} list --subject alice --status VALID`, "alice's unexpired tokens"],
        [`${name} list --client 26888344961664 --limit 10 --format json`, "the first 10 tokens of a client, as JSON"]
      ]
    )))

// ---------------------------------------------------------------------------------------------------------------------
// create, update, reissue-id-token: one request, one answer
// ---------------------------------------------------------------------------------------------------------------------

const createFlags = requestFlags(AuthleteOperation.create, {
  descriptions: {
    grantType: "Grant type recorded on the token",
    clientId: "Numeric ID of the client",
    clientIdentifier: "Client ID or alias, instead of --client-id",
    subject: "Subject of the resource owner (not for CLIENT_CREDENTIALS)",
    scopes: "Scopes to attach",
    accessTokenDuration: "Access token lifetime, seconds",
    refreshTokenDuration: "Refresh token lifetime, seconds",
    properties: "Extra properties, e.g. '[{\"key\":\"k\",\"value\":\"v\"}]'",
    accessToken: "Use this access token value",
    refreshToken: "Use this refresh token value"
  }
})

const updateFlags = requestFlags(AuthleteOperation.update, {
  descriptions: {
    accessToken: "The access token to update",
    accessTokenHash: "The hash of the access token to update, as list shows it",
    accessTokenExpiresAt: "New access token expiry, ms since the epoch",
    refreshTokenExpiresAt: "New refresh token expiry, ms since the epoch",
    scopes: "New scopes",
    properties: "New properties, as JSON"
  }
})

const reissueFlags = requestFlags(AuthleteOperation.reissueIdToken, {
  descriptions: {
    accessToken: "The access token of the /auth/token answer",
    refreshToken: "The refresh token of the /auth/token answer",
    sub: "Subject of the new ID token",
    claims: "JSON object merged into the ID token payload",
    idtHeaderParams: "JSON object merged into the ID token header",
    idTokenAudType: "array or string: the shape of aud"
  }
})

/** A command of one request and one answer; an answer whose `action` is not `OK` fails (exit code 8). */
const single = <Name extends string, Req, Res>(
  commandName: Name,
  flags: ReturnType<typeof requestFlags>,
  call: (session: Session, request: Req) => Effect.Effect<Res, unknown>,
  help: HelpDoc.HelpDoc
) =>
  Command.make(
    commandName,
    { common, input, request: flags.options },
    (parsed) =>
      withSession(parsed.common, (session) =>
        requestOf<Req>(parsed.input, parsed.request).pipe(
          Effect.flatMap((request) => call(session, request)),
          Effect.flatMap((answer) => printOne(session.output, answer))
        ))
  ).pipe(Command.withDescription(help))

const create = single(
  "create",
  createFlags,
  (session, request: Schemas.TokenCreateRequest) => TokenManagement.expectOk(session.tokens.create(request)),
  examples("Create an access token (and a refresh token) outside any grant flow.", [
    [
      `${name} create --emulator --grant-type AUTHORIZATION_CODE --client emulator-client --subject alice --scopes "openid profile"`,
      "a token for alice; its value is hidden, its hash shown"
    ],
    [`echo '{"grantType":"CLIENT_CREDENTIALS","clientId":26888344961664}' | ${name} create --input -`, "from JSON"]
  ])
)

const update = single(
  "update",
  updateFlags,
  (session, request: Schemas.TokenUpdateRequest) => TokenManagement.expectOk(session.tokens.update(request)),
  examples("Change the expiry, scopes, properties or bindings of an access token.", [
    [`${name} update --access-token-hash <hash> --scopes "openid email"`, "new scopes for the token list shows"],
    [`${name} update --emulator --access-token-hash <hash> --access-token-expires-at 1893456000000`, "new expiry"]
  ])
)

const reissueIdToken = single(
  "reissue-id-token",
  reissueFlags,
  (session, request: Schemas.IdTokenReissueRequest) => TokenManagement.expectOk(session.tokens.reissueIdToken(request)),
  examples("Reissue an ID token for the token pair of an /auth/token answer.", [
    [
      `${name} reissue-id-token --emulator --access-token demo-access-token --refresh-token demo-refresh-token`,
      "against the demo token of the emulator (add --show-secrets to see the ID token)"
    ],
    [`${name} reissue-id-token --input pair.json`, "with the token values in a file, out of shell history"]
  ])
)

// ---------------------------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------------------------

const deleteFlags = requestFlags(AuthleteOperation.delete, {
  descriptions: { accessTokenIdentifier: "An access token or its hash" }
})

/** One line of `--stdin`: a JSON object with `accessTokenHash` (what `list` prints) or `accessTokenIdentifier`, a
 * JSON string, or a bare identifier. */
const itemOf = (line: string, index: number): Effect.Effect<DeleteItem | undefined, UsageError> => {
  const text = line.trim()
  if (text === "") return Effect.succeed(undefined)
  const secret = (identifier: string): DeleteItem => ({
    index,
    identifier,
    label: { accessTokenIdentifier: Redacted.make(identifier) }
  })
  if (!text.startsWith("{") && !text.startsWith("\"")) return Effect.succeed(secret(text))
  const bad = new UsageError({
    message: `stdin line ${index}: expected {"accessTokenHash": …}, {"accessTokenIdentifier": …} or an identifier`
  })
  return Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => bad }).pipe(
    Effect.flatMap((json) => {
      if (typeof json === "string" && json !== "") return Effect.succeed(secret(json))
      if (typeof json === "object" && json !== null) {
        const { accessTokenHash, accessTokenIdentifier } = json as Record<string, unknown>
        if (typeof accessTokenHash === "string" && accessTokenHash !== "") {
          return Effect.succeed<DeleteItem>({ index, identifier: accessTokenHash, label: { accessTokenHash } })
        }
        if (typeof accessTokenIdentifier === "string" && accessTokenIdentifier !== "") {
          return Effect.succeed(secret(accessTokenIdentifier))
        }
      }
      return Effect.fail(bad)
    })
  )
}

/** The lines of stdin, read when the stream runs. */
const stdinLines: Stream.Stream<string, UsageError> = Stream.suspend(() =>
  Stream.fromAsyncIterable(
    Readline.createInterface({ input: process.stdin, crlfDelay: Infinity }),
    () => new UsageError({ message: "cannot read stdin" })
  )
)

const delete_ = Command.make("delete", {
  common,
  input,
  request: deleteFlags.options,
  identifiers: Args.text({ name: "identifier" }).pipe(
    Args.withDescription("Access tokens or their hashes"),
    Args.repeated
  ),
  stdin: Options.boolean("stdin").pipe(
    Options.withDescription("Read identifiers from stdin, one per line: ndjson from list, or bare identifiers")
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withDescription("Calls in flight at most"),
    Options.withDefault(4)
  ),
  rate: Options.integer("rate").pipe(Options.withDescription("Calls started per second at most"), Options.optional)
}, (flags) =>
  withSession(flags.common, (session) =>
    Effect.gen(function*() {
      const given = yield* requestOf<Partial<Schemas.TokenDeleteRequest>>(flags.input, flags.request)
      const named = [
        ...(given.accessTokenIdentifier === undefined ? [] : [Schemas.secretValue(given.accessTokenIdentifier)]),
        ...flags.identifiers
      ]
      if (named.length === 0 && !flags.stdin) {
        return yield* new UsageError({
          message: "nothing to delete: give identifiers, --access-token-identifier or --stdin"
        })
      }
      if (flags.concurrency < 1 || Option.exists(flags.rate, (rate) => rate < 1)) {
        return yield* new UsageError({ message: "--concurrency and --rate must be at least 1" })
      }
      const lines = Stream.concat(Stream.fromIterable(named), flags.stdin ? stdinLines : Stream.empty)
      const items = lines.pipe(
        Stream.zipWithIndex,
        Stream.mapEffect(([line, index]) => itemOf(line, index + 1)),
        Stream.filter((item): item is DeleteItem => item !== undefined)
      )
      return yield* deleteMany(session, items, {
        concurrency: flags.concurrency,
        rate: Option.getOrUndefined(flags.rate)
      })
    }))).pipe(Command.withDescription(examples(
      "Delete token records (access and refresh token), named on the command line or read from stdin.",
      [
        [`${name} delete <hash> <hash>`, "two tokens, by the hashes list shows"],
        [`${name} list --subject mallory | ${name} delete --stdin --concurrency 8 --rate 50`, "all of a user's tokens"]
      ]
    )))

// ---------------------------------------------------------------------------------------------------------------------
// revoke
// ---------------------------------------------------------------------------------------------------------------------

const revokeFlags = requestFlags(AuthleteOperation.revoke, {
  descriptions: {
    accessTokenIdentifier: "An access token or its hash",
    refreshTokenIdentifier: "A refresh token or its hash",
    clientIdentifier: "Revoke tokens of this client (ID or alias)",
    subject: "Revoke tokens of this subject"
  }
})

const revoke = Command.make("revoke", {
  common,
  input,
  request: revokeFlags.options,
  all: Options.boolean("all").pipe(
    Options.withDescription("With --client and/or --subject: call again until every matching token is revoked")
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription("With --all: list what would be revoked, revoke nothing")
  )
}, (flags) =>
  withSession(flags.common, (session) =>
    Effect.gen(function*() {
      const request = yield* requestOf<Schemas.TokenRevokeRequest>(flags.input, flags.request)
      const single = request.accessTokenIdentifier !== undefined || request.refreshTokenIdentifier !== undefined
      if (!flags.all) {
        if (flags.dryRun) return yield* new UsageError({ message: "--dry-run goes with --all" })
        const answer = yield* session.tokens.revoke(request)
        yield* printOne(session.output, answer)
        if (!single && (answer.count ?? 0) >= 20) {
          yield* writeErr("more tokens may match: Authlete revokes at most 20 per call (add --all)\n")
        }
        return
      }
      if (single || (request.clientIdentifier === undefined && request.subject === undefined)) {
        return yield* new UsageError({ message: "--all takes --client and/or --subject, not a token identifier" })
      }
      const filter = { clientIdentifier: request.clientIdentifier, subject: request.subject }
      return yield* flags.dryRun
        ? emitAll(session, tokensOf(session, { ...filter, tokenStatus: "ALL" }, 100, Option.none()))
        : revokeAll(session, filter)
    }))).pipe(Command.withDescription(examples(
      "Revoke one token pair, or the tokens of a client and/or a subject (Authlete revokes at most 20 per call: " +
        "--all loops until none is left, with a progress bar on a terminal).",
      [
        [`${name} revoke --access-token-identifier <hash>`, "one token pair"],
        [`${name} revoke --emulator --client batch-client --all`, "45 demo tokens, in 3 calls"],
        [`${name} revoke --subject mallory --all --dry-run`, "what --all would revoke"]
      ]
    )))

// ---------------------------------------------------------------------------------------------------------------------
// the command
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The root command and its six subcommands.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(name).pipe(
  Command.withDescription(examples(
    "Authlete token management from the shell. Connection from AUTHLETE_BASE_URL or AUTHLETE_SERVER, " +
      "AUTHLETE_SERVICE_ID and AUTHLETE_BEARER (or --base-url, --server, --service-id, --bearer-file); " +
      "--emulator runs against an in-process emulator with demo tokens.",
    [
      [`${name} list --emulator`, "try it without an account"],
      [`${name} revoke --client my-client --all`, "revoke every token of a client"],
      [`${name} list --subject mallory | ${name} delete --stdin`, "delete what a list found"],
      [`${name} --completions bash > ~/.local/share/bash-completion/completions/${name}`, "shell completions"]
    ]
  )),
  Command.withSubcommands([list, create, update, delete_, revoke, reissueIdToken])
)

const cli = Command.run(command, { name, version })

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, arguments) and answers the exit code. Failures are printed
 * as one line on stderr (the whole error with `--verbose`).
 *
 * @since 0.1.0
 * @category running
 */
export const main = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  cli(argv).pipe(
    Effect.provide(NodeContext.layer),
    Effect.matchCauseEffect({
      onSuccess: () => Effect.succeed(exitCodes.ok),
      onFailure: (cause) => {
        const outcome = classifyCause(cause)
        const verbose = argv.includes("--verbose") ? `${Cause.pretty(cause)}\n` : ""
        const line = outcome.line === "" ? "" : `${name}: ${outcome.line}\n`
        return Effect.as(writeErr(line + verbose), outcome.code)
      }
    })
  )

/**
 * The parsed common flags, for embedding the commands elsewhere.
 *
 * @since 0.1.0
 * @category models
 */
export type CommonFlags = Common
