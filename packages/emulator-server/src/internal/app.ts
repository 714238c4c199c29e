/** The mock server's handler: CORS, request accounting and faults around the emulator's handler. */
import type { Reply } from "@effect-authlete/emulator/internal"
import { flatMap, isWaiting, jsonHeaders, jsonReply, map, resultCodes } from "@effect-authlete/emulator/internal"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { Decision } from "./faults.js"
import type { ServerHandler } from "./front.js"

const wallClock = Clock.make()

/** Counters behind `MockServer.stats`, written from Node's callbacks. */
export interface Counters {
  requests: number
  aborted: number
  faults: number
}

/** The answer of a 503 fault. */
const unavailable = (retryAfter: number) =>
  jsonReply(503, {
    resultCode: resultCodes.unavailable,
    resultMessage: `[${resultCodes.unavailable}] Service temporarily unavailable (injected fault).`
  }, { "retry-after": String(retryAfter) })

const encoder = new TextEncoder()

/** A JSON answer cut in the middle: well-framed HTTP (its `Content-Length` is the cut length), invalid JSON. */
const truncate = (reply: Reply): Reply => {
  if (reply.body === undefined || reply.body.length <= 1) return reply
  const bytes = typeof reply.body === "string" ? encoder.encode(reply.body) : reply.body
  return { status: reply.status, headers: reply.headers, body: bytes.subarray(0, Math.floor(bytes.length / 2)) }
}

/** CORS, as browsers ask it of the emulator: any origin, the three methods, `Retry-After` readable. */
const corsHeaders = { "access-control-allow-origin": "*", "access-control-expose-headers": "retry-after" }

const preflight: Reply = {
  status: 204,
  headers: {
    ...corsHeaders,
    "access-control-allow-methods": "GET, POST, DELETE",
    "access-control-allow-headers": "authorization,content-type,accept",
    "access-control-max-age": "600"
  }
}

/** The headers of most answers, with CORS's, made once. */
const jsonCorsHeaders = { ...jsonHeaders, ...corsHeaders }

const withCors = (reply: Reply): Reply => ({
  ...reply,
  headers: reply.headers === jsonHeaders ? jsonCorsHeaders : { ...reply.headers, ...corsHeaders }
})

/**
 * The handler: preflights are answered at once (and neither counted nor faulted); every other request is counted,
 * delayed and faulted as decided, then answered by `emulator`. Only a delay, a reset or an abandoned call waits.
 */
export const make = (emulator: ServerHandler, decide: () => Decision, counters: Counters): ServerHandler =>
(
  call,
  exchange
) => {
  if (call.method === "OPTIONS") return preflight
  counters.requests++
  if (exchange?.abandoned) {
    // the client hung up in the middle of its body: nobody to answer
    counters.aborted++
    return Effect.interrupt
  }
  const decision = decide()
  if (decision.faulted) counters.faults++
  const answer = () => {
    switch (decision.fault) {
      case "reset":
        exchange?.reset()
        return Effect.interrupt
      case "unavailable":
        return unavailable(decision.retryAfter)
    }
    const reply = emulator(call, exchange)
    return decision.fault === "truncate" ? map(reply, truncate) : reply
  }
  // Network latency is wall-clock time, even when the server was built on a TestClock.
  const answered = decision.delay > 0
    ? flatMap(Effect.withClock(Effect.sleep(decision.delay), wallClock), answer)
    : answer()
  // only an answer that waits can lose its client
  if (isWaiting(answered)) exchange?.onAbandon(() => counters.aborted++)
  return map(answered, withCors)
}
