/** The mock server's HTTP application: CORS, request accounting, faults, the six routes in front of the emulator. */
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as AuthleteEmulator from "../../AuthleteEmulator.js"
import type { Decision } from "./faults.js"
import type { Route } from "./wire.js"
import { bearerOf, pathOf, readBody, result, resultCodes, routes, toCall } from "./wire.js"

const wallClock = Clock.make()

/** Counters behind `MockServer.stats`, written from Node's callbacks. */
export interface Counters {
  requests: number
  aborted: number
  faults: number
}

/** The answer of a `WireReply`: JSON, or an empty body for a 204 (or a reply without body). */
const respond = (
  reply: AuthleteEmulator.WireReply,
  headers?: Record<string, string>
): HttpServerResponse.HttpServerResponse =>
  reply.body === undefined || reply.status === 204
    ? HttpServerResponse.empty({ status: reply.status, headers: headers ?? {} })
    : HttpServerResponse.unsafeJson(reply.body, { status: reply.status, headers: headers ?? {} })

/** API path of a route as Authlete writes it in messages: below `/api/{serviceId}`, without other parameters. */
const apiPath = (route: Route): string => route.path.replace("/api/:serviceId", "").replace(/\/:[^/]+/g, "")

const endpoint = (emulator: AuthleteEmulator.Service, route: Route) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (request.method !== route.method) {
      return respond(
        result(405, resultCodes.badMethod, apiPath(route), `The method must be ${route.method}.`),
        { allow: route.method }
      )
    }
    const params = yield* HttpRouter.params
    const query = request.url.indexOf("?")
    const call = yield* toCall({
      operation: route.operation,
      path: apiPath(route),
      params,
      search: query === -1 ? "" : request.url.slice(query + 1),
      contentType: request.headers["content-type"],
      body: readBody(request)
    })
    if (Either.isLeft(call)) return respond(call.left)
    return respond(yield* emulator.handle(call.right, bearerOf(request.headers["authorization"])))
  })

const router = (emulator: AuthleteEmulator.Service) =>
  routes.reduce(
    (router, route) => HttpRouter.all(router, route.path, endpoint(emulator, route)),
    HttpRouter.empty
  )

/** An unknown path; the path is not quoted back, as it may hold a token. */
const notFound = respond({
  status: 404,
  body: { resultCode: resultCodes.notFound, resultMessage: `[${resultCodes.notFound}] No such API.` }
})

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

/** Counts the request, and counts it aborted if the client goes away before the answer is written. */
const track = (request: HttpServerRequest.HttpServerRequest, counters: Counters) => {
  const response = NodeHttpServerRequest.toServerResponse(request)
  let resetByServer = false
  counters.requests++
  response.once("close", () => {
    if (!response.writableEnded && !resetByServer) counters.aborted++
  })
  return {
    reset: () => {
      resetByServer = true
      // A TCP RST, as a crashed peer or a middlebox sends: the client reads ECONNRESET.
      NodeHttpServerRequest.toIncomingMessage(request).socket.resetAndDestroy()
    }
  }
}

/**
 * The application: preflights are answered by the CORS middleware (and neither counted nor faulted); every other
 * request is counted, delayed and faulted as decided, then routed.
 */
export const make = (
  emulator: AuthleteEmulator.Service,
  decide: Effect.Effect<Decision>,
  counters: Counters
): Effect.Effect<HttpApp.Default> =>
  Effect.map(
    HttpRouter.toHttpApp(router(emulator)).pipe(HttpRouter.withRouterConfig({ maxParamLength: 8_192 })),
    (routed) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const exchange = track(request, counters)
        const decision = yield* decide
        if (decision.faulted) counters.faults++
        // Network latency is wall-clock time, even when the server was built on a TestClock.
        if (decision.delay > 0) yield* Effect.withClock(Effect.sleep(decision.delay), wallClock)
        switch (decision.fault) {
          case "reset":
            exchange.reset()
            return yield* Effect.interrupt
          case "unavailable":
            return unavailable(decision.retryAfter)
        }
        if (pathOf(request.url) === undefined) {
          return respond(result(400, resultCodes.badUrl, "(path)", "The request path is not valid percent-encoding."))
        }
        const response = yield* Effect.catchTag(routed, "RouteNotFound", () => Effect.succeed(notFound))
        return decision.fault === "truncate" ? truncate(response) : response
      }).pipe(
        HttpMiddleware.cors({
          allowedMethods: ["GET", "POST", "DELETE"],
          allowedHeaders: ["authorization", "content-type", "accept"],
          exposedHeaders: ["retry-after"],
          maxAge: 600
        })
      )
  )
