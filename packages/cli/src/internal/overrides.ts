/**
 * The commands whose work is bulk: `list` (every page), `delete` (many identifiers, from arguments or stdin) and
 * `revoke` (`--all`, past Authlete's 20-per-call cap). Every other operation is one call and one answer, built from
 * its row alone.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Schemas from "@effect-authlete/core/Schemas"
import * as Args from "@effect/cli/Args"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Readline from "node:readline"
import type { DeleteItem } from "./bulk.js"
import { deleteMany, revokeAll } from "./bulk.js"
import type { Override } from "./command.js"
import { cliName as name, overrideOf } from "./command.js"
import type { Session } from "./connection.js"
import { UsageError } from "./failure.js"
import { makeEmitter, printOne, writeErr } from "./output.js"

// ---------------------------------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------------------------------

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

const list = overrideOf(AuthleteOperation.list, {
  flags: { exclude: ["start", "end"], renames: { tokenStatus: "status" } },
  config: {
    limit: Options.integer("limit").pipe(
      Options.withDescription("Stop after this many tokens (default: all of them)"),
      Options.optional
    ),
    pageSize: Options.integer("page-size").pipe(
      Options.withDescription("Tokens fetched per call"),
      Options.withDefault(100)
    )
  },
  examples: [
    [`${name} list --emulator`, "every token of the demo emulator, as a table"],
    [`${name} list --subject alice --status VALID`, "alice's unexpired tokens"],
    [`${name} list --client 26888344961664 --limit 10 --format json`, "the first 10 tokens of a client, as JSON"]
  ],
  run: (session, filter, flags) => emitAll(session, tokensOf(session, filter, flags.pageSize, flags.limit))
})

// ---------------------------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------------------------

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

const delete_ = overrideOf(AuthleteOperation.delete, {
  config: {
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
  },
  examples: [
    [`${name} delete <hash> <hash>`, "two tokens, by the hashes list shows"],
    [`${name} list --subject mallory | ${name} delete --stdin --concurrency 8 --rate 50`, "all of a user's tokens"]
  ],
  // the request's identifier is optional here: the identifiers may come as arguments or on stdin
  run: (session, given, flags) =>
    Effect.gen(function*() {
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
    })
})

// ---------------------------------------------------------------------------------------------------------------------
// revoke
// ---------------------------------------------------------------------------------------------------------------------

const revoke = overrideOf(AuthleteOperation.revoke, {
  config: {
    all: Options.boolean("all").pipe(
      Options.withDescription(
        "With --client and/or --subject: call again until every matching token is revoked (Authlete revokes at " +
          "most 20 per call), with a progress bar on a terminal"
      )
    ),
    dryRun: Options.boolean("dry-run").pipe(
      Options.withDescription("With --all: list what would be revoked, revoke nothing")
    )
  },
  examples: [
    [`${name} revoke --access-token-identifier <hash>`, "one token pair"],
    [`${name} revoke --emulator --client batch-client --all`, "45 demo tokens, in 3 calls"],
    [`${name} revoke --subject mallory --all --dry-run`, "what --all would revoke"]
  ],
  run: (session, request, flags) =>
    Effect.gen(function*() {
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
    })
})

/** The overrides, by operation name. */
export const bulkOverrides: Readonly<Record<string, Override>> = { list, delete: delete_, revoke }
