/**
 * Retries and timeouts, tried against the mock server's fault injection: 503s with Retry-After, slow answers, cut-off
 * bodies. Faults cannot be injected into Authlete, so this example always runs against the embedded emulator.
 *
 * Retries are opt-in. A policy (`AuthleteRetry.make`) given to a layer applies to every idempotent call (never to
 * `create`); given to one call, to that call. `timeout` bounds each attempt and aborts its request when reached.
 */
import { AuthleteError, AuthleteRetry, TokenManagement } from "@effect-authlete/core"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import { Duration, Effect, Either } from "effect"
import * as Print from "./support/Print.js"
import { Environment, runEmulated } from "./support/Runtime.js"

/** Up to 4 retries, from 50 millis, never waiting more than 2 seconds (Retry-After included). */
const retry = AuthleteRetry.make({ times: 4, base: "50 millis", maxDelay: "2 seconds" })

/** What kind of transport failure, or which status. */
const detail = (e: AuthleteError.AuthleteError) =>
  e._tag === "TransportError" ? ` (${e.reason})` : e._tag === "UnexpectedStatusError" ? ` (HTTP ${e.status})` : ""

const program = Effect.gen(function*() {
  const server = yield* MockServer.MockServer
  const { clientId, subject } = yield* Environment

  /** Injects a fault into the next `n` requests. */
  const nextRequests = (n: number, faults: MockServer.FaultOptions) => server.faults.set({ ...faults, maxFaults: n })

  /** Runs one call; prints how many HTTP requests it took, how long, and how it ended. */
  const attempt = <A, R>(what: string, call: Effect.Effect<A, AuthleteError.AuthleteError, R>) =>
    Effect.gen(function*() {
      yield* Print.call(what)
      const before = (yield* server.stats).requests
      const [elapsed, result] = yield* Effect.timed(Effect.either(call))
      const requests = (yield* server.stats).requests - before
      const seconds = (Duration.toMillis(elapsed) / 1000).toFixed(1)
      const outcome = Either.match(result, {
        onLeft: (e) => `failed with ${e._tag}${detail(e)}`,
        onRight: () => "succeeded"
      })
      yield* Print.reply(`${requests} request(s) in ${seconds} s, ${outcome}`)
    })

  yield* Print.step(1, "Authlete is briefly unavailable: 503 with Retry-After: 1, twice")
  yield* nextRequests(2, { unavailableProbability: 1, retryAfter: 1 })
  yield* attempt("list() without a retry policy", TokenManagement.list())
  yield* nextRequests(2, { unavailableProbability: 1, retryAfter: 1 })
  yield* attempt("list({}, { retry }) — each retry waits what Retry-After asks", TokenManagement.list({}, { retry }))

  yield* Print.step(2, "one answer takes a second; each attempt may take 300 millis")
  yield* nextRequests(1, { slowProbability: 1, slowLatency: 1000 })
  yield* attempt("list({}, { timeout })", TokenManagement.list({}, { timeout: "300 millis" }))
  yield* nextRequests(1, { slowProbability: 1, slowLatency: 1000 })
  yield* attempt("list({}, { timeout, retry })", TokenManagement.list({}, { timeout: "300 millis", retry }))
  yield* Print.note(`the server saw ${(yield* server.stats).aborted} request(s) abandoned by the client`)

  yield* Print.step(3, "a layer-wide policy retries reads, never create: a retry could mint a second token")
  const withRetries = NodeAuthlete.layer({
    baseUrl: server.url,
    bearer: server.emulator.defaults.bearer,
    serviceId: server.emulator.defaults.serviceId,
    retry
  })
  const create = TokenManagement.create({ grantType: "AUTHORIZATION_CODE", clientId, subject })
  yield* nextRequests(1, { unavailableProbability: 1, retryAfter: 0 })
  yield* attempt("create(…) under NodeAuthlete.layer({ …, retry })", Effect.provide(create, withRetries))
  yield* nextRequests(1, { unavailableProbability: 1, retryAfter: 0 })
  yield* attempt("list() under NodeAuthlete.layer({ …, retry })", Effect.provide(TokenManagement.list(), withRetries))

  yield* Print.step(4, "the connection is reset before any answer: a typed TransportError, retried by the policy")
  yield* nextRequests(1, { resetProbability: 1 })
  yield* attempt("list()", TokenManagement.list())
  yield* nextRequests(1, { resetProbability: 1 })
  yield* attempt("list({}, { retry })", TokenManagement.list({}, { retry }))

  yield* Print.step(5, "the body is cut off: not retried by default, unless the policy says so")
  const alsoUndecodable = AuthleteRetry.make({
    times: 2,
    base: "50 millis",
    while: (e) => AuthleteError.isRetryable(e) || e._tag === "ResponseDecodeError"
  })
  yield* nextRequests(1, { truncateProbability: 1 })
  yield* attempt("list({}, { retry })", TokenManagement.list({}, { retry }))
  yield* nextRequests(1, { truncateProbability: 1 })
  yield* attempt("list({}, { retry: alsoUndecodable })", TokenManagement.list({}, { retry: alsoUndecodable }))
})

runEmulated(program)
