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
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Readline from "node:readline"
import type { DeleteItem, RevokeFilter } from "./bulk.js"
import { countOf, deleteColumns, deleteMany, keyOf, revokeAll } from "./bulk.js"
import type { Override } from "./command.js"
import { cliName as name, overrideOf } from "./command.js"
import { confirm } from "./confirm.js"
import type { Session } from "./connection.js"
import { UsageError } from "./failure.js"
import { makeEmitter, printOne, writeErr } from "./output.js"
import { columnsOf, objectSchema, recordSchemaOf } from "./schema.js"
import type { Summary } from "./summary.js"
import { readSummary, writeSummary } from "./summary.js"

// ---------------------------------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------------------------------

const tokenColumns = ["accessTokenHash", "clientId", "subject", "grantType", "scopes", "accessTokenExpiresAt"]

/** Every field of a listed token, in the schema's order: the columns of CSV. */
const allTokenColumns = columnsOf(Schemas.AccessToken)

/** One record of `list` (and of the dry runs that list). */
const tokenRecordSchema = recordSchemaOf(Schemas.AccessToken, "authlete-tokens list output: one token")

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

const emitAll = <E>(
  session: Session,
  stream: Stream.Stream<Schemas.AccessToken, E>,
  onToken: (token: Schemas.AccessToken) => void = () => {}
) =>
  Effect.suspend(() => {
    const emitter = makeEmitter(session.output, tokenColumns, allTokenColumns)
    let listed = 0
    return Stream.runForEach(stream, (token) => {
      listed += 1
      session.audit.counts.listed = listed
      onToken(token)
      return emitter.emit(token)
    }).pipe(Effect.ensuring(emitter.finish))
  })

// ---------------------------------------------------------------------------------------------------------------------
// what destructive commands share: --yes, --dry-run, --summary, --resume
// ---------------------------------------------------------------------------------------------------------------------

const yes = Options.boolean("yes").pipe(
  Options.withAlias("y"),
  Options.withDescription("Do not ask for confirmation (without a terminal, the command refuses unless --yes)")
)

const summary = Options.text("summary").pipe(
  Options.withDescription(
    "Keep a summary file of what was and was not done (token hashes only), rewritten as work proceeds and on Ctrl-C"
  ),
  Options.optional
)

const resume = Options.text("resume").pipe(
  Options.withDescription("Resume from a --summary file: skip what it says was done, and keep that file up to date"),
  Options.optional
)

const plural = (count: number, what: string) => `${count} ${what}${count === 1 ? "" : "s"}`

/** `state` of a summary for how the run ended. */
const stateOf = (exit: Exit.Exit<unknown, unknown>): Summary["state"] =>
  Exit.isSuccess(exit) ? "ok" : Exit.isInterrupted(exit) ? "interrupted" : "failed"

/** Calls `f` at most every 200 ms (a summary rewritten after every call of a long run would cost more than the run). */
const throttled = (f: () => void) => {
  let last = 0
  return () => {
    const now = Date.now()
    if (now - last < 200) return
    last = now
    f()
  }
}

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
  outputSchema: tokenRecordSchema,
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

const deleteRecordSchema = objectSchema("authlete-tokens delete output: one token", ["deleted"], {
  accessTokenHash: ["string", "The token, by the hash list prints"],
  accessTokenIdentifier: ["string", "The token as given: <redacted> unless --show-secrets"],
  deleted: ["boolean", "Whether it was deleted (false: read but not deleted, or a dry run)"],
  dryRun: ["boolean", "Present and true in a --dry-run: nothing was deleted"]
})

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
    rate: Options.integer("rate").pipe(Options.withDescription("Calls started per second at most"), Options.optional),
    yes,
    dryRun: Options.boolean("dry-run").pipe(
      Options.withDescription("Print what would be deleted and delete nothing (no call is made)")
    ),
    summary,
    resume
  },
  examples: [
    [`${name} delete <hash> <hash>`, "two tokens, by the hashes list shows (asks first on a terminal)"],
    [
      `${name} list --subject mallory | ${name} delete --stdin --yes --concurrency 8 --rate 50`,
      "all of a user's tokens"
    ],
    [`${name} list --subject mallory | ${name} delete --stdin --dry-run`, "what that would delete"],
    [`${name} delete --stdin --yes --summary run.json < hashes.ndjson`, "keep track; --resume run.json after a Ctrl-C"]
  ],
  outputSchema: deleteRecordSchema,
  // the request's identifier is optional here: the identifiers may come as arguments or on stdin
  run: (session, given, flags) =>
    Effect.gen(function*() {
      // After an identifier that starts with "-" (a hash may), the parser reads every word as an identifier: a
      // trailing --dry-run would then be deleted as a token instead of making the run dry.
      const flagLike = flags.identifiers.find((identifier) => /^--[a-z][a-z0-9-]*(?:=.*)?$/.test(identifier))
      if (flagLike !== undefined) {
        return yield* new UsageError({
          message: `${flagLike.split("=")[0]} was read as an identifier (after one starting with "-", every word is ` +
            `one): put the flags before the identifiers, as in "delete --yes <identifier>"`
        })
      }
      const named = [
        ...(given.accessTokenIdentifier === undefined ? [] : [Schemas.secretValue(given.accessTokenIdentifier)]),
        ...flags.identifiers
      ]
      if (named.length === 0 && !flags.stdin) {
        return yield* new UsageError({
          message: Option.isSome(flags.resume)
            ? "--resume skips what its file says was done: give the same input again (identifiers or --stdin)"
            : "nothing to delete: give identifiers, --access-token-identifier or --stdin"
        })
      }
      if (flags.concurrency < 1 || Option.exists(flags.rate, (rate) => rate < 1)) {
        return yield* new UsageError({ message: "--concurrency and --rate must be at least 1" })
      }
      const resumed = Option.isSome(flags.resume) ? yield* readSummary(flags.resume.value, "delete") : undefined
      const doneBefore = new Set(resumed?.done ?? [])
      const source = [named.length > 0 ? "given" : "", flags.stdin ? "from stdin" : ""].filter((s) => s !== "")
        .join(" and ")
      session.audit.selector = { ...session.audit.selector, source }
      let skipped = 0
      const lines = Stream.concat(Stream.fromIterable(named), flags.stdin ? stdinLines : Stream.empty)
      let items = lines.pipe(
        Stream.zipWithIndex,
        Stream.mapEffect(([line, index]) => itemOf(line, index + 1)),
        Stream.filter((item): item is DeleteItem => item !== undefined),
        Stream.filter((item) => {
          if (!doneBefore.has(keyOf(item))) return true
          skipped += 1
          return false
        })
      )
      const skippedNote = () =>
        skipped === 0 || resumed === undefined
          ? Effect.void
          : writeErr(`resumed: skipped ${plural(skipped, "token")} deleted before\n`)
      if (flags.dryRun || !flags.yes) {
        // the question says how many: read them all first
        const all = [...yield* Stream.runCollect(items)]
        yield* skippedNote()
        if (flags.dryRun) {
          session.audit.dryRun = true
          session.audit.counts.wouldDelete = all.length
          const emitter = makeEmitter(session.output, deleteColumns, [...deleteColumns, "dryRun"])
          for (const item of all) {
            session.audit.tokenHashes.push(keyOf(item))
            yield* emitter.emit({ ...item.label, deleted: false, dryRun: true })
          }
          yield* emitter.finish
          return yield* writeErr(
            `dry run: would delete ${plural(all.length, "token")} (${source}); nothing was deleted\n`
          )
        }
        if (all.length > 0) yield* confirm(false, `Delete ${plural(all.length, "token")} (${source})?`)
        items = Stream.fromIterable(all)
      }
      const summaryPath = Option.getOrUndefined(Option.orElse(flags.summary, () => flags.resume))
      const done = [...doneBefore]
      const save = (complete: boolean, state: Summary["state"], notDone: ReadonlyArray<string>) => {
        if (summaryPath === undefined) return
        writeSummary(summaryPath, {
          command: "delete",
          selector: { source },
          complete,
          state,
          counts: { deleted: done.length, notDeleted: notDone.length },
          done,
          notDone
        })
      }
      const saveRunning = throttled(() => save(false, "running", []))
      save(false, "running", resumed?.notDone ?? [])
      return yield* deleteMany(session, items, {
        concurrency: flags.concurrency,
        rate: Option.getOrUndefined(flags.rate),
        onDeleted: (item) => {
          done.push(keyOf(item))
          saveRunning()
        },
        onEnd: (left, exit) => save(Exit.isSuccess(exit) && left.length === 0, stateOf(exit), left.map(keyOf))
      }).pipe(Effect.ensuring(Effect.suspend(() => flags.yes ? skippedNote() : Effect.void)))
    })
})

// ---------------------------------------------------------------------------------------------------------------------
// revoke
// ---------------------------------------------------------------------------------------------------------------------

const tallySchema = objectSchema(
  "authlete-tokens revoke --all output",
  ["revoked", "calls", "total", "remaining", "complete"],
  {
    revoked: ["number", "Tokens revoked"],
    calls: ["number", "Revoke calls made"],
    total: ["number", "Tokens that matched when the work started"],
    remaining: ["number", "About how many are left"],
    complete: ["boolean", "Whether nothing is left to revoke"]
  }
)

const pairDryRunSchema = objectSchema(
  "--dry-run with a token identifier: the pair that would be revoked",
  ["revoked", "dryRun"],
  {
    accessTokenIdentifier: ["string", "<redacted>: the identifier may be a token value"],
    refreshTokenIdentifier: ["string", "<redacted>: the identifier may be a token value"],
    revoked: ["boolean", "Always false: nothing was revoked"],
    dryRun: ["boolean", "Always true"]
  }
)

/** `client X and subject Y`. */
const describeFilter = (filter: RevokeFilter) =>
  [
    filter.clientIdentifier === undefined ? "" : `client ${filter.clientIdentifier}`,
    filter.subject === undefined ? "" : `subject ${filter.subject}`
  ].filter((part) => part !== "").join(" and ")

const revoke = overrideOf(AuthleteOperation.revoke, {
  config: {
    all: Options.boolean("all").pipe(
      Options.withDescription(
        "With --client and/or --subject: call again until every matching token is revoked (Authlete revokes at " +
          "most 20 per call), with a progress bar on a terminal"
      )
    ),
    dryRun: Options.boolean("dry-run").pipe(
      Options.withDescription("Print what would be revoked (calling only list), revoke nothing")
    ),
    yes,
    summary,
    resume
  },
  examples: [
    [`${name} revoke --access-token-identifier <hash>`, "one token pair (asks first on a terminal)"],
    [`${name} revoke --emulator --client batch-client --all --yes`, "45 demo tokens, in 3 calls"],
    [`${name} revoke --subject mallory --all --dry-run`, "what --all would revoke"],
    [`${name} revoke --client my-client --all --yes --summary run.json`, "keep track; --resume run.json to finish"]
  ],
  outputSchema: {
    title: "authlete-tokens revoke output",
    anyOf: [
      recordSchemaOf(AuthleteOperation.revoke.response!, "one revoke call's answer"),
      tallySchema,
      { ...tokenRecordSchema, title: "--dry-run with --client or --subject: one token that would be revoked" },
      pairDryRunSchema
    ]
  },
  run: (session, request, flags) =>
    Effect.gen(function*() {
      const resumed = Option.isSome(flags.resume) ? yield* readSummary(flags.resume.value, "revoke") : undefined
      if (resumed !== undefined) {
        const previous = resumed.selector as RevokeFilter
        for (const key of ["clientIdentifier", "subject"] as const) {
          if (request[key] !== undefined && request[key] !== previous[key]) {
            return yield* new UsageError({
              message: `--resume ${flags.resume.pipe(Option.getOrElse(() => ""))}: ` +
                `it revoked the tokens of ${describeFilter(previous)}, not of this selector`
            })
          }
        }
        if (resumed.complete) {
          return yield* writeErr(`resumed: the summary says the work is complete; nothing to do\n`)
        }
        request = { ...request, ...previous }
      }
      const all = flags.all || resumed !== undefined
      const single = request.accessTokenIdentifier !== undefined || request.refreshTokenIdentifier !== undefined
      if (single) {
        if (all) {
          return yield* new UsageError({ message: "--all takes --client and/or --subject, not a token identifier" })
        }
        if (flags.dryRun) {
          session.audit.dryRun = true
          yield* printOne(session.output, {
            ...(request.accessTokenIdentifier === undefined
              ? {}
              : { accessTokenIdentifier: Redacted.make(Schemas.secretValue(request.accessTokenIdentifier)) }),
            ...(request.refreshTokenIdentifier === undefined
              ? {}
              : { refreshTokenIdentifier: Redacted.make(Schemas.secretValue(request.refreshTokenIdentifier)) }),
            revoked: false,
            dryRun: true
          })
          return yield* writeErr("dry run: would revoke 1 token pair (by its identifier); nothing was revoked\n")
        }
        yield* confirm(flags.yes, "Revoke 1 token pair (by its identifier)?")
        const answer = yield* session.tokens.revoke(request)
        session.audit.counts.revoked = answer.count ?? 0
        return yield* printOne(session.output, answer)
      }
      if (request.clientIdentifier === undefined && request.subject === undefined) {
        if (all || flags.dryRun) {
          return yield* new UsageError({
            message: all
              ? "--all takes --client and/or --subject, not a token identifier"
              : "nothing to revoke: give --access-token-identifier, --refresh-token-identifier, --client or --subject"
          })
        }
        // core refuses a request that names nothing (exit 3) before anything is sent
        return yield* Effect.flatMap(session.tokens.revoke(request), (answer) => printOne(session.output, answer))
      }
      const filter: RevokeFilter = { clientIdentifier: request.clientIdentifier, subject: request.subject }
      const what = describeFilter(filter)
      if (flags.dryRun) {
        session.audit.dryRun = true
        const total = yield* countOf(session, filter)
        const would = all ? total : Math.min(20, total)
        session.audit.counts.wouldRevoke = would
        yield* emitAll(
          session,
          tokensOf(session, { ...filter, tokenStatus: "ALL" }, 100, Option.none()),
          (token) =>
            token.accessTokenHash === undefined ? undefined : session.audit.tokenHashes.push(token.accessTokenHash)
        )
        return yield* writeErr(
          `dry run: would revoke ${all ? "" : "up to "}${plural(would, "token")} of ${what}` +
            `${all ? "" : ` (${total} match; Authlete revokes at most 20 per call)`}; nothing was revoked\n`
        )
      }
      const total = flags.yes && !all ? undefined : yield* countOf(session, filter)
      if (total !== undefined) {
        yield* confirm(
          flags.yes,
          all
            ? `Revoke all ${plural(total, "token")} of ${what}?`
            : `Revoke up to 20 of the ${plural(total, "token")} of ${what}?`
        )
      }
      if (!all) {
        const answer = yield* session.tokens.revoke(request)
        session.audit.counts.revoked = answer.count ?? 0
        yield* printOne(session.output, answer)
        if ((answer.count ?? 0) >= 20) {
          yield* writeErr("more tokens may match: Authlete revokes at most 20 per call (add --all)\n")
        }
        return
      }
      const summaryPath = Option.getOrUndefined(Option.orElse(flags.summary, () => flags.resume))
      const save = (tally: { revoked: number; calls: number; total: number }, state: Summary["state"]) => {
        if (summaryPath === undefined) return
        const before = resumed?.counts ?? {}
        writeSummary(summaryPath, {
          command: "revoke",
          selector: { ...filter },
          complete: state === "ok",
          state,
          counts: {
            revoked: (before.revoked ?? 0) + tally.revoked,
            calls: (before.calls ?? 0) + tally.calls,
            remaining: Math.max(0, tally.total - tally.revoked)
          },
          done: [],
          notDone: []
        })
      }
      return yield* revokeAll(session, filter, {
        total,
        onCall: (tally) => save(tally, "running"),
        onEnd: (tally, exit) => save(tally, stateOf(exit))
      })
    })
})

/** The overrides, by operation name. */
export const bulkOverrides: Readonly<Record<string, Override>> = { list, delete: delete_, revoke }
