/**
 * An `HttpClient` that answers with the emulator's handler in the caller's fiber: no socket, browser-safe. The
 * handler's answer is its JSON text already, sent as it is.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import type { Handler, Reply } from "./handler.js"
import { isWaiting } from "./handler.js"

const empty = new Uint8Array(0)

const bodyOf = (request: HttpClientRequest.HttpClientRequest): Uint8Array | undefined => {
  switch (request.body._tag) {
    case "Empty":
      return empty
    case "Uint8Array":
      return request.body.body
    case "Raw":
      return typeof request.body.body === "string" ? new TextEncoder().encode(request.body.body) : undefined
    default:
      return undefined
  }
}

const responseOf = (
  request: HttpClientRequest.HttpClientRequest,
  reply: Reply
): HttpClientResponse.HttpClientResponse =>
  HttpClientResponse.fromWeb(
    request,
    new Response(reply.status === 204 || reply.body === undefined ? null : reply.body as BodyInit, {
      status: reply.status,
      headers: reply.headers
    })
  )

/** The client over `handler`, at the instant of the executing fiber's `Clock` (`TestClock` in tests). */
export const make = (handler: Handler): HttpClient.HttpClient =>
  HttpClient.make((request, url) => {
    const body = bodyOf(request)
    if (body === undefined) {
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({ request, description: "a body held in memory" })
        })
      )
    }
    const headers: Record<string, string> = { ...request.headers }
    if (request.body._tag !== "Empty" && request.body.contentType !== undefined) {
      headers["content-type"] = request.body.contentType
    }
    return Effect.clockWith((clock) => {
      const handled = handler({
        method: request.method,
        url: `${url.pathname}${url.search}`,
        headers,
        body,
        now: clock.currentTimeMillisUnsafe()
      })
      return isWaiting(handled)
        ? Effect.map(handled, (reply) => responseOf(request, reply))
        : Effect.succeed(responseOf(request, handled))
    })
  })
