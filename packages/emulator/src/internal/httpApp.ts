/**
 * The handler as an `HttpApp` (`AuthleteEmulator.Service.app`, which any `@effect/platform` server can serve), and an
 * `HttpApp` as a handler (the server's admin routes, which wait anyway).
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { maxBodyBytes, respond } from "./app.js"
import type { Handler, Reply } from "./handler.js"
import { toEffect } from "./handler.js"
import { CallRequest } from "./inProcess.js"
import { resultAt, resultCodes } from "./wire.js"

/** Bytes of a body kept: one past the limit, so the handler sees it is too large and answers 413. */
const keptBytes = maxBodyBytes + 1

/** Bodies beyond this are not even drained. */
const drainedBytes = 16 * maxBodyBytes

/**
 * The body, its first {@link keptBytes} bytes: read at once when its declared length is within the limit (HTTP framing
 * holds the client to it), else streamed and drained up to {@link drainedBytes} so the client can read the 413.
 */
const bodyOf = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<Uint8Array, unknown> => {
  const declared = Number(request.headers["content-length"] ?? Number.NaN)
  if (Number.isSafeInteger(declared) && declared <= maxBodyBytes) {
    return Effect.map(request.arrayBuffer, (buffer) => new Uint8Array(buffer))
  }
  return request.stream.pipe(
    Stream.runFoldWhile(
      { size: 0, chunks: Chunk.empty<Uint8Array>() },
      (state) => state.size <= drainedBytes,
      (state, chunk) => ({
        size: state.size + chunk.length,
        chunks: state.size < keptBytes ? Chunk.append(state.chunks, chunk) : state.chunks
      })
    ),
    Effect.map(({ chunks, size }) => {
      const bytes = new Uint8Array(Math.min(size, keptBytes))
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk.subarray(0, bytes.length - offset), offset)
        offset += chunk.length
      }
      return bytes
    })
  )
}

const unreadable = respond(
  resultAt(400, "(body)", resultCodes.badBody, "The request body could not be read.")
)

/** A reply as an `HttpServerResponse`. */
const responseOf = (reply: Reply): HttpServerResponse.HttpServerResponse => {
  const { "content-type": contentType, ...headers } = reply.headers
  const options = { status: reply.status, headers, contentType }
  return typeof reply.body === "string"
    ? HttpServerResponse.text(reply.body, options)
    : reply.body === undefined
    ? HttpServerResponse.empty({ status: reply.status, headers: reply.headers })
    : HttpServerResponse.uint8Array(reply.body, options)
}

/** The handler as an `HttpApp`, on the fiber's `Clock`. Never fails. */
export const fromHandler = (handler: Handler): HttpApp.Default =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    Effect.matchEffect(bodyOf(request), {
      onFailure: () => Effect.succeed(responseOf(unreadable)),
      onSuccess: (body) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.map(
            toEffect(handler({ method: request.method, url: request.url, headers: request.headers, body, now })),
            responseOf
          ))
    }))

const empty = new Uint8Array(0)

/** An answer of an `HttpApp` as a reply (its body, when held in memory). */
const replyOf = (response: HttpServerResponse.HttpServerResponse): Reply => {
  const { body } = response
  return body._tag === "Uint8Array"
    ? { status: response.status, headers: { ...response.headers, "content-type": body.contentType }, body: body.body }
    : { status: response.status, headers: response.headers, body: body._tag === "Empty" ? undefined : empty }
}

/** An `HttpApp` as a handler: every call waits (it runs in a fiber). */
export const toHandler = (app: HttpApp.Default): Handler => (call) =>
  Effect.map(Effect.provideService(app, HttpServerRequest.HttpServerRequest, new CallRequest(call)), replyOf)
