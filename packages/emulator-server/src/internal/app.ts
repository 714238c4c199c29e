/** The mock server's HTTP application: CORS, request accounting and faults around the emulator's application. */
import { resultCodes } from "@effect-authlete/emulator/internal"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Decision } from "./faults.js"
import { Exchange } from "./front.js"

const wallClock = Clock.make()

/** Counters behind `MockServer.stats`, written from Node's callbacks. */
export interface Counters {
  requests: number
  aborted: number
  faults: number
}

/** The answer of a 503 fault. */
const unavailable = (retryAfter: number) =>
  HttpServerResponse.unsafeJson(
    {
      resultCode: resultCodes.unavailable,
      resultMessage: `[${resultCodes.unavailable}] Service temporarily unavailable (injected fault).`
    },
    { status: 503, headers: { "retry-after": String(retryAfter) } }
  )

/** A JSON answer cut in the middle: well-framed HTTP (its `Content-Length` is the cut length), invalid JSON. */
const truncate = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse =>
  response.body._tag === "Uint8Array" && response.body.body.length > 1
    ? HttpServerResponse.setBody(
      response,
      HttpBody.uint8Array(response.body.body.subarray(0, Math.floor(response.body.body.length / 2)), "application/json")
    )
    : response

/**
 * The application: preflights are answered by the CORS middleware (and neither counted nor faulted); every other
 * request is counted, delayed and faulted as decided, then routed.
 */
export const make = (
  emulatorApp: HttpApp.Default,
  decide: Effect.Effect<Decision>,
  counters: Counters
): HttpApp.Default =>
  Effect.gen(function*() {
    // the connection, from the HTTP front; none in process (nothing to reset, nobody to go away)
    const exchange = Option.getOrUndefined(yield* Effect.serviceOption(Exchange))
    counters.requests++
    if (exchange?.abandoned) {
      // the client hung up in the middle of its body: nobody to answer
      counters.aborted++
      return yield* Effect.interrupt
    }
    exchange?.onAbandon(() => counters.aborted++)
    const decision = yield* decide
    if (decision.faulted) counters.faults++
    // Network latency is wall-clock time, even when the server was built on a TestClock.
    if (decision.delay > 0) yield* Effect.withClock(Effect.sleep(decision.delay), wallClock)
    switch (decision.fault) {
      case "reset":
        exchange?.reset()
        return yield* Effect.interrupt
      case "unavailable":
        return unavailable(decision.retryAfter)
    }
    const response = yield* emulatorApp
    return decision.fault === "truncate" ? truncate(response) : response
  }).pipe(
    HttpMiddleware.cors({
      allowedMethods: ["GET", "POST", "DELETE"],
      allowedHeaders: ["authorization", "content-type", "accept"],
      exposedHeaders: ["retry-after"],
      maxAge: 600
    })
  )
