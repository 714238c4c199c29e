/**
 * Bulk work: revoking every token of a client or subject past Authlete's per-call cap, and deleting a stream of
 * tokens with bounded concurrency and rate. Each call, once sent, runs to its end: Ctrl-C (an interruption) stops the
 * work after the calls in flight, and the summary says what was done and what was not.
 */
import type { AuthleteError } from "@effect-authlete/core/AuthleteError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { identity } from "effect/Function"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { Session } from "./connection.js"
import { makeEmitter, printOne, tokenHash, writeErr } from "./output.js"

/** How the run ended, for the summary line. */
const ending = (exit: Exit.Exit<unknown, unknown>): string =>
  Exit.isSuccess(exit) ? "" : Exit.isInterrupted(exit) ? "interrupted: " : "stopped by an error: "

/** A one-line progress bar on stderr, redrawn in place; nothing when stderr is not a terminal. */
const progressBar = (enabled: boolean, label: string) => {
  const width = 30
  let drawn = false
  return {
    draw: (done: number, total: number): Effect.Effect<void> => {
      if (!enabled) return Effect.void
      const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width))
      drawn = true
      return writeErr(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`)
    },
    end: Effect.suspend(() => drawn ? writeErr("\n") : Effect.void)
  }
}

/** What `revoke --all` revokes: the tokens of a client, of a subject, or of a subject with one client. */
export interface RevokeFilter {
  readonly clientIdentifier?: string | undefined
  readonly subject?: string | undefined
}

/** The count of a bulk revocation. */
export interface RevokeTally {
  revoked: number
  calls: number
  total: number
}

/**
 * Revokes until the server says nothing is left. Authlete revokes at most a capped number of tokens per call (20),
 * and `count` says how many it did; the loop stops at a `count` of 0, or at a `count` below the largest seen so far
 * (that call was under the cap, so it took what was left). The total for the progress bar comes from `list`.
 */
export const revokeAll = (
  session: Session,
  filter: RevokeFilter,
  options: RevokeOptions = {}
): Effect.Effect<void, AuthleteError> =>
  Effect.suspend(() => {
    const { tokens } = session
    const tally: RevokeTally = { revoked: 0, calls: 0, total: 0 }
    const bar = progressBar(session.interactive, "revoking")
    const revokeOnce = Effect.uninterruptible(
      tokens.revoke(filter).pipe(Effect.tap((answer) =>
        Effect.suspend(() => {
          tally.calls += 1
          tally.revoked += answer.count ?? 0
          tally.total = Math.max(tally.total, tally.revoked)
          options.onCall?.(tally)
          return bar.draw(tally.revoked, tally.total)
        })
      ))
    )
    return Effect.gen(function*() {
      tally.total = options.total ?? (yield* countOf(session, filter))
      yield* bar.draw(0, tally.total)
      let largest = 0
      while (true) {
        const count = (yield* revokeOnce).count ?? 0
        if (count === 0 || count < largest) break
        largest = count
      }
    }).pipe(Effect.onExit((exit) =>
      Effect.zipRight(bar.end, printRevokeTally(session, tally, exit)).pipe(
        Effect.zipRight(Effect.sync(() => options.onEnd?.(tally, exit)))
      )
    ))
  })

/** Options of {@link revokeAll}. */
export interface RevokeOptions {
  /** How many tokens match, when the caller asked `list` already. */
  readonly total?: number | undefined
  /** After each call. */
  readonly onCall?: ((tally: RevokeTally) => void) | undefined
  /** Once the work ended, however. */
  readonly onEnd?: ((tally: RevokeTally, exit: Exit.Exit<unknown, unknown>) => void) | undefined
}

/** How many tokens (valid or not) match a filter: one `list` call of one token. */
export const countOf = (session: Session, filter: RevokeFilter) =>
  Effect.map(
    session.tokens.list({ ...filter, start: 0, end: 1, tokenStatus: "ALL" }),
    (page) => page.totalCount ?? 0
  )

/** The hash that names an item in summaries and the audit log: never its value. */
export const keyOf = (item: DeleteItem): string =>
  "accessTokenHash" in item.label
    ? item.label.accessTokenHash
    : tokenHash(Redacted.value(item.label.accessTokenIdentifier))

/** One token to delete: its identifier and how the output names it. */
export interface DeleteItem {
  /** Position in the input, from 1. */
  readonly index: number
  /** What `delete` is called with. */
  readonly identifier: string
  /** What the output shows: the hash, or the identifier (a secret unless `--show-secrets`). */
  readonly label: { readonly accessTokenHash: string } | { readonly accessTokenIdentifier: Redacted.Redacted<string> }
}

/** Options of {@link deleteMany}. */
export interface DeleteOptions {
  /** Calls in flight at most. */
  readonly concurrency: number
  /** Calls started per second at most. */
  readonly rate?: number | undefined
  /** After each item deleted. */
  readonly onDeleted?: ((item: DeleteItem) => void) | undefined
  /** Once the work ended, however, with the items read but not deleted. */
  readonly onEnd?: ((left: ReadonlyArray<DeleteItem>, exit: Exit.Exit<unknown, unknown>) => void) | undefined
}

/** The fields of a `delete` record, in order. */
export const deleteColumns = ["accessTokenHash", "accessTokenIdentifier", "deleted"]

/**
 * Deletes each item of a stream, `concurrency` at a time and at most `rate` per second, printing a record per item
 * deleted. On an error or an interruption it stops taking items, lets the calls in flight finish, prints the items
 * read but not deleted (`deleted: false`) and a summary on stderr.
 */
export const deleteMany = <E>(
  session: Session,
  items: Stream.Stream<DeleteItem, E>,
  options: DeleteOptions
): Effect.Effect<void, E | AuthleteError> =>
  Effect.suspend(() => {
    const emitter = makeEmitter(session.output, deleteColumns)
    const pending = new Map<number, DeleteItem>()
    let deleted = 0
    const deleteOne = (item: DeleteItem) =>
      Effect.uninterruptible(
        session.tokens.delete({ accessTokenIdentifier: item.identifier }).pipe(
          Effect.zipRight(Effect.suspend(() => {
            pending.delete(item.index)
            deleted += 1
            session.audit.counts.deleted = deleted
            session.audit.tokenHashes.push(keyOf(item))
            options.onDeleted?.(item)
            return emitter.emit({ ...item.label, deleted: true })
          }))
        )
      )
    const rate = options.rate
    return items.pipe(
      Stream.tap((item) => Effect.sync(() => pending.set(item.index, item))),
      rate === undefined ? identity : Stream.throttle({
        cost: () => 1,
        units: rate,
        duration: "1 second",
        strategy: "shape"
      }),
      Stream.mapEffect(deleteOne, { concurrency: options.concurrency }),
      Stream.runDrain,
      Effect.onExit((exit) =>
        Effect.gen(function*() {
          const left = [...pending.values()]
          session.audit.counts.deleted = deleted
          session.audit.counts.notDeleted = left.length
          options.onEnd?.(left, exit)
          for (const item of left) yield* emitter.emit({ ...item.label, deleted: false })
          yield* emitter.finish
          const more = Exit.isSuccess(exit) ? "" : " (and whatever of the input was not read)"
          if (!Exit.isSuccess(exit) || left.length > 0) {
            yield* writeErr(`${ending(exit)}deleted ${deleted}; not deleted ${left.length}${more}\n`)
          }
        })
      )
    )
  })

/** Prints the tally of a bulk revocation, and on an interruption or an error what was left. */
const printRevokeTally = (session: Session, tally: RevokeTally, exit: Exit.Exit<unknown, unknown>) =>
  Effect.gen(function*() {
    const remaining = Math.max(0, tally.total - tally.revoked)
    Object.assign(session.audit.counts, { ...tally, remaining })
    yield* printOne(session.output, { ...tally, remaining, complete: Exit.isSuccess(exit) })
    if (!Exit.isSuccess(exit)) {
      yield* writeErr(
        `${ending(exit)}revoked ${tally.revoked} of ${tally.total} in ${tally.calls} calls; about ${remaining} ` +
          "not revoked (run the same command again to finish)\n"
      )
    }
  })
