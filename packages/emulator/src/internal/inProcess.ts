/**
 * An `HttpClient` that answers with the emulator's handler in the calling fiber: no socket, no runtime of its own. The
 * request passes as bytes already in memory and the answer as the handler's JSON text: no web `Request`/`Response`,
 * no streams (each of those costs a `MessageChannel` and several promise turns in Node, several times the emulator's
 * own work). Also what an `HttpApp` sees of a handler's call ({@link CallRequest}).
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Call, Handler, Reply } from "./handler.js"
import { byteLengthOf, isWaiting } from "./handler.js"

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** A body held in memory: bytes, or text (the handler's JSON) kept as text until bytes are asked for. */
type Body = Uint8Array | string

const bytesOf = (body: Body): Uint8Array => typeof body === "string" ? encoder.encode(body) : body
const stringOf = (body: Body): string => typeof body === "string" ? body : decoder.decode(body)

/** The reads of a body held in memory, as both the request and the answer offer them. */
const streamOf = (body: Body) => body.length === 0 ? Stream.empty : Stream.sync(() => bytesOf(body))
const textOf = (body: Body) => Effect.sync(() => stringOf(body))
const jsonOf = <E>(body: Body, onError: (cause: unknown) => E) =>
  Effect.try({ try: () => JSON.parse(stringOf(body)) as unknown, catch: onError })
const urlParamsOf = (body: Body) => Effect.sync(() => UrlParams.fromInput(new URLSearchParams(stringOf(body))))
const bufferOf = (body: Body) =>
  Effect.sync(() => typeof body === "string" ? encoder.encode(body).buffer : body.slice().buffer)

const notInProcess = (what: string) => new Error(`the in-process emulator does not support ${what}`)

/** What an `HttpApp` sees of a handler's call. */
export class CallRequest extends Inspectable.Class implements HttpServerRequest.HttpServerRequest {
  readonly [HttpServerRequest.TypeId]: HttpServerRequest.TypeId = HttpServerRequest.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress = Option.none<string>()
  readonly cookies: Record<string, string>
  readonly method: HttpMethod.HttpMethod
  readonly url: string
  readonly headers: Headers.Headers
  readonly body: Uint8Array
  constructor(readonly source: Call) {
    super()
    this.method = source.method as HttpMethod.HttpMethod
    this.url = source.url
    this.headers = Headers.fromInput(source.headers as Record<string, string>)
    this.body = source.body
    this.cookies = Cookies.parseHeader(this.headers.cookie ?? "")
  }
  get originalUrl(): string {
    return this.url
  }
  get stream(): Stream.Stream<Uint8Array, HttpServerError.RequestError> {
    return streamOf(this.body)
  }
  get text(): Effect.Effect<string, HttpServerError.RequestError> {
    return textOf(this.body)
  }
  get json(): Effect.Effect<unknown, HttpServerError.RequestError> {
    return jsonOf(this.body, (cause) => new HttpServerError.RequestError({ request: this, reason: "Decode", cause }))
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpServerError.RequestError> {
    return urlParamsOf(this.body)
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpServerError.RequestError> {
    return bufferOf(this.body)
  }
  get multipart(): HttpServerRequest.HttpServerRequest["multipart"] {
    return Effect.die(notInProcess("multipart bodies"))
  }
  get multipartStream(): HttpServerRequest.HttpServerRequest["multipartStream"] {
    return Stream.die(notInProcess("multipart bodies"))
  }
  get upgrade(): HttpServerRequest.HttpServerRequest["upgrade"] {
    return Effect.die(notInProcess("upgrades"))
  }
  modify(options: { readonly url?: string | undefined; readonly headers?: Headers.Headers | undefined }) {
    return new CallRequest({ ...this.source, url: options.url ?? this.url, headers: options.headers ?? this.headers })
  }
  toJSON(): unknown {
    return { _id: "CallRequest", method: this.method, url: this.url }
  }
}

/** The answer of the emulator's application, as the client reads it. */
class InProcessResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress = Option.none<string>()
  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    readonly headers: Headers.Headers,
    readonly body: Body
  ) {
    super()
  }
  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.headers["set-cookie"] ?? [])
  }
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return streamOf(this.body)
  }
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return textOf(this.body)
  }
  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return jsonOf(
      this.body,
      (cause) => new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
    )
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return urlParamsOf(this.body)
  }
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.die(notInProcess("form data answers"))
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return bufferOf(this.body)
  }
  toJSON(): unknown {
    return { _id: "InProcessResponse", status: this.status }
  }
}

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

/** The path and query of a URL. */
const pathAndQuery = (url: URL): string => `${url.pathname}${url.search}`

/**
 * The answer as the client reads it, with its `Content-Length` as a server sends it: a client reads a body of known
 * length at once (core does), where one of unknown length is streamed.
 */
const answerOf = (request: HttpClientRequest.HttpClientRequest, reply: Reply): HttpClientResponse.HttpClientResponse =>
  new InProcessResponse(
    request,
    reply.status,
    Headers.unsafeFromRecord(
      reply.status === 204
        ? { ...reply.headers }
        : { ...reply.headers, "content-length": String(byteLengthOf(reply.body)) }
    ),
    reply.body ?? empty
  )

/**
 * Serves every request with `handler`, in the fiber that executes it (so its `Clock`, `TestClock` included, is the
 * handler's). No abort signal, span or response registry: nothing here outlives the call or needs cancelling.
 */
export const make = (handler: Handler): HttpClient.HttpClient =>
  HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (effect) => Effect.flatMap(effect, (request) => execute(handler, request)),
    Effect.succeed
  )

const execute = (
  handler: Handler,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (url._tag === "Left") {
    return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
  }
  const body = bodyOf(request)
  if (body === undefined) {
    return Effect.fail(
      new HttpClientError.RequestError({ request, reason: "Encode", description: "a body held in memory" })
    )
  }
  const headers = request.body._tag === "Empty" || request.body.contentType === undefined
    ? request.headers
    : Headers.set(request.headers, "content-type", request.body.contentType)
  const path = pathAndQuery(url.right)
  return Effect.clockWith((clock) => {
    const handled = handler({ method: request.method, url: path, headers, body, now: clock.unsafeCurrentTimeMillis() })
    return isWaiting(handled)
      ? Effect.map(handled, (reply) => answerOf(request, reply))
      : Effect.succeed(answerOf(request, handled))
  })
}
