/**
 * A bounded soak: thousands of calls of every operation through `NodeAuthlete.layer` (undici) against the mock server
 * with faults — 503 with `Retry-After`, connection resets, answers slower than the timeout. Every call must end in a
 * success or a typed error; idempotent calls, retried, must all succeed; `create`, never retried, must mint exactly one
 * token per success; and afterwards no fiber, socket or unhandled rejection may be left over.
 *
 * `SOAK_CALLS` (default 3,000) and `SOAK_CONCURRENCY` (default 50) scale it. The figures are printed, not asserted.
 */
import type { AuthleteError } from "@effect-authlete/core"
import { AuthleteRetry, TokenManagement } from "@effect-authlete/core"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Schedule, Scope, Supervisor } from "effect"
import * as NodeAuthlete from "../src/NodeAuthlete.js"

type Kind = "list" | "reissueIdToken" | "update" | "delete" | "revoke" | "create"
const kinds: ReadonlyArray<Kind> = ["list", "reissueIdToken", "update", "delete", "revoke", "create"]

/** Calls, rounded up to a whole number of rounds of the six kinds. */
const calls = Math.ceil(Number(process.env.SOAK_CALLS ?? 3_000) / kinds.length) * kinds.length
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 50)

/** Per-attempt timeout; a slow answer takes far longer. */
const timeout = "1500 millis"
const faults: MockServer.FaultOptions = {
  seed: 20261127,
  unavailableProbability: 0.1,
  retryAfter: 1,
  resetProbability: 0.05,
  slowProbability: 0.05,
  slowLatency: 5_000
}
/** Generous enough that an idempotent call outlasts any run of faults a seed can throw at it (0.2^13). */
const retry = AuthleteRetry.make({ times: 12, base: "5 millis", maxDelay: "1 second" })

/** Subject of the tokens the soak creates, to count them apart from the seeded ones. */
const createdSubject = "soak-create"

interface Outcome {
  readonly kind: Kind
  readonly index: number
  /** "success", the tag of a typed error, or "defect" / "interrupted". */
  readonly result: string
}

const kindOf = (url: string): Kind =>
  url.includes("/idtoken/reissue")
    ? "reissueIdToken"
    : url.includes("/auth/token/get/list")
    ? "list"
    : url.includes("/auth/token/create")
    ? "create"
    : url.includes("/auth/token/update")
    ? "update"
    : url.includes("/auth/token/delete/")
    ? "delete"
    : "revoke"

/** Open TCP sockets of this process, server side and client side. */
const openSockets = () => process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length

const classify = (exit: Exit.Exit<unknown, AuthleteError.AuthleteError>): string => {
  if (Exit.isSuccess(exit)) return "success"
  if (Cause.isFailType(exit.cause)) {
    const error = exit.cause.error
    return error._tag === "TransportError" ? `TransportError ${error.reason}: ${error.description}` : error._tag
  }
  return Cause.isInterruptedOnly(exit.cause) ? "interrupted" : "defect"
}

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

describe("soak", () => {
  it.live(
    `${calls} calls at concurrency ${concurrency} through 503s, resets and slow answers`,
    () =>
      Effect.gen(function*() {
        let unhandled = 0
        const onRejection = () => {
          unhandled++
        }
        process.on("unhandledRejection", onRejection)
        yield* Effect.addFinalizer(() => Effect.sync(() => process.off("unhandledRejection", onRejection)))

        const server = yield* MockServer.make({ emulator: { revokeUnknownStatus: 200 } })
        const { emulator } = server
        const perKind = calls / kinds.length
        // Distinct targets per call: a retried call may repeat itself, never another call's work.
        const seed = (n: number, subject: string) =>
          Effect.forEach(
            Array.from({ length: n }, () => subject),
            (subject) => emulator.addToken({ subject, scopes: ["openid", "profile"] })
          )
        const reissuable = (yield* seed(1, "soak-reissue"))[0]
        const toUpdate = yield* seed(perKind, "soak-update")
        const toDelete = yield* seed(perKind, "soak-delete")
        const toRevoke = yield* seed(perKind, "soak-revoke")
        yield* server.faults.set(faults)

        /** HTTP requests sent, per operation: the first attempts and the retries. */
        const attempts: Record<string, number> = {}
        const socketsBefore = openSockets()
        const supervisor = yield* Supervisor.track
        const clientScope = yield* Scope.make()
        const client = yield* Layer.buildWithScope(
          NodeAuthlete.layer({
            baseUrl: server.url,
            bearer: emulator.defaults.bearer,
            serviceId: emulator.defaults.serviceId,
            timeout,
            retry,
            transformClient: HttpClient.tapRequest((request) =>
              Effect.sync(() => {
                const kind = kindOf(request.url)
                attempts[kind] = (attempts[kind] ?? 0) + 1
              })
            )
          }),
          clientScope
        )

        const run = (
          index: number
        ): Effect.Effect<unknown, AuthleteError.AuthleteError, TokenManagement.TokenManagement> => {
          const slot = Math.floor(index / kinds.length)
          switch (kinds[index % kinds.length]) {
            case "list":
              return TokenManagement.list({ subject: "soak-update", start: 0, end: 5 })
            case "reissueIdToken":
              return TokenManagement.reissueIdToken({
                accessToken: reissuable.accessToken,
                refreshToken: reissuable.refreshToken!
              })
            case "update":
              return TokenManagement.update({
                accessToken: toUpdate[slot].accessToken,
                properties: [{ key: "soak", value: String(index) }]
              })
            case "delete":
              return TokenManagement.delete({ accessTokenIdentifier: toDelete[slot].accessToken })
            case "revoke":
              return TokenManagement.revoke({ accessTokenIdentifier: toRevoke[slot].accessToken })
            case "create":
              return TokenManagement.create({
                grantType: "AUTHORIZATION_CODE",
                clientId: emulator.defaults.clientId,
                subject: createdSubject
              })
          }
        }

        const started = Date.now()
        const outcomes = yield* Effect.forEach(
          Array.from({ length: calls }, (_, index) => index),
          (index) =>
            Effect.map(Effect.exit(run(index)), (exit): Outcome => ({
              kind: kinds[index % kinds.length],
              index,
              result: classify(exit)
            })),
          { concurrency }
        ).pipe(Effect.provide(client), Effect.supervised(supervisor))
        const elapsed = Date.now() - started
        yield* Scope.close(clientScope, Exit.void)

        const liveFibers = yield* supervisor.value
        // The server notices closed client sockets on its next turn: wait for them, at most 5 seconds.
        yield* Effect.sync(openSockets).pipe(
          Effect.repeat({ until: (open) => open <= socketsBefore, schedule: Schedule.spaced("20 millis") }),
          Effect.timeoutOption("5 seconds")
        )
        const socketsAfter = openSockets()
        // Every call has ended and every connection is closed: the server has nothing left to carry out.
        const stats = yield* server.stats
        const remaining = (subject: string) =>
          Effect.map(emulator.tokens(), (tokens) => tokens.filter((token) => token.subject === subject))
        const created = yield* remaining(createdSubject)

        const byKind = Object.fromEntries(kinds.map((kind) => [
          kind,
          countBy(outcomes.filter((outcome) => outcome.kind === kind), (outcome) => outcome.result)
        ]))
        const unanswered = (kind: Kind) =>
          outcomes.filter((o) => o.kind === kind && o.result.startsWith("TransportError")).length
        const successes = outcomes.filter((outcome) => outcome.result === "success").length
        // eslint-disable-next-line no-console -- the figures are the soak's report
        console.log(
          JSON.stringify(
            {
              calls,
              concurrency,
              successes,
              typedErrors: countBy(outcomes.filter((outcome) => outcome.result !== "success"), (o) => o.result),
              byKind,
              attempts,
              retries: Object.values(attempts).reduce((sum, n) => sum + n, 0) - calls,
              serverRequests: stats.requests,
              faults: stats.faults,
              aborted: stats.aborted,
              created: created.length,
              elapsedMillis: elapsed,
              sockets: { before: socketsBefore, after: socketsAfter },
              liveFibers: liveFibers.length,
              unhandledRejections: unhandled
            },
            null,
            2
          )
        )

        // every call ended in a success or a typed error
        assert.strictEqual(outcomes.length, calls)
        const untyped = outcomes.filter((outcome) => outcome.result === "defect" || outcome.result === "interrupted")
        assert.deepStrictEqual(untyped, [], "defects or interruptions")
        // the idempotent operations, retried, all succeeded
        const failedIdempotent = outcomes.filter((outcome) => outcome.kind !== "create" && outcome.result !== "success")
        assert.deepStrictEqual(failedIdempotent, [], "failed idempotent calls")
        // and their effects are all there
        assert.lengthOf(yield* remaining("soak-delete"), 0, "tokens left undeleted")
        assert.lengthOf(yield* remaining("soak-revoke"), 0, "tokens left unrevoked")
        const updated = yield* remaining("soak-update")
        assert.lengthOf(updated, toUpdate.length)
        const hashes = new Map(toUpdate.map((token, slot) => [token.accessTokenHash, slot]))
        for (const token of updated) {
          const slot = hashes.get(token.accessTokenHash)!
          assert.deepStrictEqual(token.properties.map(({ key, value }) => ({ key, value })), [{
            key: "soak",
            value: String(slot * kinds.length + kinds.indexOf("update"))
          }])
        }
        // create was never retried: one request per call, one token per successful create, none for a failed one —
        // but for an answer lost after the work was done (a timeout between the server's write and the client's read)
        const creates = byKind.create
        assert.strictEqual(attempts.create, outcomes.filter((o) => o.kind === "create").length, "create requests")
        assert.isAbove(Object.keys(creates).length, 1, "some creates met a fault")
        assert.isAtLeast(created.length, creates.success ?? 0, "tokens created")
        assert.isAtMost(created.length, (creates.success ?? 0) + unanswered("create"), "tokens created")
        // nothing left behind
        assert.strictEqual(liveFibers.length, 0, "fibers still running")
        assert.strictEqual(socketsAfter, socketsBefore, "sockets still open")
        assert.strictEqual(unhandled, 0, "unhandled rejections")
        assert.isAbove(stats.aborted, 0, "timed-out attempts were aborted")
      }).pipe(Effect.scoped),
    // 3,000 calls take ~25 s here; leave room for larger runs on a busy machine
    Math.max(120_000, calls * 40)
  )
})
