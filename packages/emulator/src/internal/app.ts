/**
 * The emulator as one HTTP application: the routes of core's operation descriptions in front of the rules. The mock
 * server serves it on Node; the in-process client runs it in the caller's fiber. Browser-safe: `@effect/platform`
 * only.
 *
 * A request is read once: the route and its method, the bearer and the service (G1, G2), the body (a JSON object, at
 * most {@link maxBodyBytes}) or the query, then the fields typed as the wire types them; the operation's rules get the
 * result. What cannot be read is refused with a `result` body whose code is one of `resultCodes`.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { WireRequest } from "./request.js"
import { bearerOf, readerOf } from "./request.js"
import { access, rules } from "./rules.js"
import type { Env, Settings, State } from "./state.js"
import { nowOf } from "./state.js"
import type { WireReply } from "./wire.js"
import { resultAt, resultCodes, serverError } from "./wire.js"

/** Largest request body accepted (1 MiB); larger ones are answered 413 after being drained. */
export const maxBodyBytes = 1024 * 1024

/** Bodies beyond this are not even drained. */
const maxDrainBytes = 16 * maxBodyBytes

/**
 * Longest request URL (path and query, as sent) accepted: 8,192 characters. A longer one — an over-long token
 * identifier or subject — is refused 400 with a `result` body on every face (the mock server accepts headers up to
 * 64 KiB so that such a request reaches this application).
 */
export const maxUrlLength = 8_192

/** The answer of a `WireReply`: JSON, or an empty body for a 204 (or a reply without body). */
export const respond = (reply: WireReply, headers?: Record<string, string>): HttpServerResponse.HttpServerResponse =>
  reply.body === undefined || reply.status === 204
    ? HttpServerResponse.empty({ status: reply.status, headers: headers ?? {} })
    : HttpServerResponse.unsafeJson(reply.body, { status: reply.status, headers: headers ?? {} })

type Body =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Refused"; readonly reply: WireReply }

const mediaType = (contentType: string | undefined): string =>
  contentType === undefined ? "" : contentType.split(";", 1)[0].trim().toLowerCase()

/**
 * The body as JSON: an empty body reads as `{}`; anything else must be an `application/json` object of at most
 * {@link maxBodyBytes} (a larger one is drained, up to 16 times that, so the client can read the 413).
 */
const readJson = (request: HttpServerRequest.HttpServerRequest, path: string): Effect.Effect<Body> => {
  const refuse = (status: number, code: string, text: string): Body => ({
    _tag: "Refused",
    reply: resultAt(status, path, code, text)
  })
  const declared = Number(request.headers["content-length"] ?? Number.NaN)
  // A declared length within the limit is the whole body (HTTP framing holds the client to it): read it at once.
  const bytes = Number.isSafeInteger(declared) && declared <= maxBodyBytes
    ? Effect.map(
      request.arrayBuffer,
      (buffer) => ({ size: buffer.byteLength, chunks: Chunk.of(new Uint8Array(buffer)) })
    )
    : request.stream.pipe(
      Stream.runFoldWhile(
        { size: 0, chunks: Chunk.empty<Uint8Array>() },
        (state) => state.size <= maxDrainBytes,
        (state, chunk) => ({
          size: state.size + chunk.length,
          chunks: state.size + chunk.length <= maxBodyBytes ? Chunk.append(state.chunks, chunk) : state.chunks
        })
      )
    )
  return bytes.pipe(
    Effect.map((state): Body => {
      if (state.size > maxBodyBytes) {
        return refuse(413, resultCodes.tooLarge, `The request body is larger than ${maxBodyBytes} bytes.`)
      }
      const bytes = new Uint8Array(state.size)
      let offset = 0
      for (const chunk of state.chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      const text = new TextDecoder().decode(bytes)
      if (text.trim() === "") return { _tag: "Json", value: {} }
      if (mediaType(request.headers["content-type"]) !== "application/json") {
        return refuse(400, resultCodes.badContentType, "The request body must be application/json.")
      }
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        return refuse(400, resultCodes.badJson, "The request body is not valid JSON.")
      }
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? { _tag: "Json", value }
        : refuse(400, resultCodes.badJson, "The request body is not a JSON object.")
    }),
    Effect.catchAll(() => Effect.succeed(refuse(400, resultCodes.badBody, "The request body could not be read.")))
  )
}

/** The query parameters of a URL, the first of each name. */
const queryOf = (url: string): Record<string, string> => {
  const index = url.indexOf("?")
  const params: Record<string, string> = {}
  if (index === -1) return params
  for (const [key, value] of new URLSearchParams(url.slice(index + 1))) {
    if (!(key in params)) params[key] = value
  }
  return params
}

/** The endpoint of one operation. */
const endpoint = <N extends AuthleteOperation.Name>(
  ref: Ref.Ref<State>,
  settings: Settings,
  operation: AuthleteOperation.Of<N>
) => {
  const name = operation.name as N
  const path = AuthleteOperation.apiPath(operation)
  const reader = readerOf<N>(operation)
  const rule = rules[name]
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (request.method !== operation.method) {
      return respond(
        resultAt(405, path, resultCodes.badMethod, `The method must be ${operation.method}.`),
        { allow: operation.method }
      )
    }
    const params = yield* HttpRouter.params
    const state = yield* Ref.get(ref)
    const service = access(state, settings, name, params.serviceId ?? "", bearerOf(request.headers["authorization"]))
    if (!("serviceId" in service)) return respond(service)
    let read: Either.Either<WireRequest<N>, string>
    if (operation.method === "POST") {
      const body = yield* readJson(request, path)
      if (body._tag === "Refused") return respond(body.reply)
      read = reader.fromJson(body.value)
    } else {
      read = reader.fromParams({ ...queryOf(request.url), ...params })
    }
    const env: Env = { ref, settings, now: nowOf(state, yield* Clock.currentTimeMillis), service }
    if (state.internalErrors.has(name)) return respond(rule.internalError(env))
    return respond(
      Either.isLeft(read) ? rule.invalid(env, read.left) : yield* rule.run(env, read.right)
    )
  }).pipe(Effect.catchAllDefect(() => Effect.succeed(respond(serverError(name)))))
}

/** An unknown path; the path is not quoted back, as it may hold a token. */
const notFound = respond({
  status: 404,
  body: { resultCode: resultCodes.notFound, resultMessage: `[${resultCodes.notFound}] No such API.` }
})

/** A URL longer than {@link maxUrlLength}; not quoted back. */
const tooLong = respond(
  resultAt(400, "(path)", resultCodes.tooLong, `The request URL is longer than ${maxUrlLength} characters.`)
)

/** A path whose percent-encoding is malformed. */
const badUrl = respond(
  resultAt(400, "(path)", resultCodes.badUrl, "The request path is not valid percent-encoding.")
)

const isWellEncoded = (url: string): boolean => {
  const index = url.indexOf("?")
  try {
    decodeURIComponent(index === -1 ? url : url.slice(0, index))
    return true
  } catch {
    return false
  }
}

/** The emulator's HTTP application over its store. Never fails. */
export const make = (ref: Ref.Ref<State>, settings: Settings): Effect.Effect<HttpApp.Default> =>
  Effect.map(
    HttpRouter.toHttpApp(
      AuthleteOperation.all.reduce(
        (router, operation) =>
          HttpRouter.all(router, AuthleteOperation.routePattern(operation), endpoint(ref, settings, operation)),
        HttpRouter.empty
      )
    ).pipe(HttpRouter.withRouterConfig({ maxParamLength: 8_192 })),
    (routed) =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
        request.url.length > maxUrlLength
          ? Effect.succeed(tooLong)
          : isWellEncoded(request.url)
          ? Effect.catchAll(routed, () => Effect.succeed(notFound))
          : Effect.succeed(badUrl))
  )
