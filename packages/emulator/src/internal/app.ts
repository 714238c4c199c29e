/**
 * The emulator as one request handler: the routes of core's operation descriptions in front of the rules. The
 * in-process client runs it in the caller's fiber, the mock servers' HTTP front in Node's request listener, and
 * `AuthleteEmulator.Service.app` is it as an `HttpApp`. Browser-safe: no platform module.
 *
 * A request is read once: the route and its method, the bearer and the service (G1, G2), the body (a JSON object, at
 * most {@link maxBodyBytes}) or the query, then the fields typed as the wire types them; the operation's rules get the
 * result. What cannot be read is refused with a `result` body whose code is one of `resultCodes`. An answer that needs
 * no waiting is computed by plain calls; only a rule that signs or verifies a JWT answers an `Effect`.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type { Call, Handler, Reply } from "./handler.js"
import { catchDefect, jsonReply, map } from "./handler.js"
import type { Read } from "./request.js"
import { bearerOf, readerOf } from "./request.js"
import { compile, match, pathOf } from "./route.js"
import { accessAt, rules } from "./rules.js"
import type { Cell, Env, Settings } from "./state.js"
import { nowOf } from "./state.js"
import type { WireReply } from "./wire.js"
import { resultAt, resultCodes, serverError } from "./wire.js"

/** Largest request body accepted (1 MiB); larger ones are answered 413 after being drained. */
export const maxBodyBytes = 1024 * 1024

/**
 * Longest request URL (path and query, as sent) accepted: 8,192 characters. A longer one — an over-long token
 * identifier or subject — is refused 400 with a `result` body on every face (the mock server accepts headers up to
 * 64 KiB so that such a request reaches this handler).
 */
export const maxUrlLength = 8_192

/** The answer of a `WireReply`: JSON text, or an empty body for a 204 (or a reply without body). */
export const respond = (reply: WireReply, headers?: Readonly<Record<string, string>>): Reply =>
  reply.body === undefined || reply.status === 204
    ? { status: reply.status, headers: headers ?? {} }
    : jsonReply(reply.status, reply.body as Readonly<Record<string, unknown>>, headers, reply.tokenHashes, reply.text)

type Body =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Refused"; readonly reply: WireReply }

const mediaType = (contentType: string | undefined): string =>
  contentType === undefined
    ? ""
    : contentType === "application/json"
    ? contentType
    : contentType.split(";", 1)[0].trim().toLowerCase()

const decoder = new TextDecoder()

/**
 * The body as JSON: an empty body reads as `{}`; anything else must be an `application/json` object of at most
 * {@link maxBodyBytes}.
 */
const readJson = (call: Call, path: string): Body => {
  const refuse = (status: number, code: string, text: string): Body => ({
    _tag: "Refused",
    reply: resultAt(status, path, code, text)
  })
  if (call.body.length > maxBodyBytes) {
    return refuse(413, resultCodes.tooLarge, `The request body is larger than ${maxBodyBytes} bytes.`)
  }
  const text = decoder.decode(call.body)
  // (a JSON object starts with `{`: only a body that starts blank can be all blank)
  if (text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim() === "")) return { _tag: "Json", value: {} }
  if (mediaType(call.headers["content-type"]) !== "application/json") {
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

type Endpoint = (call: Call, values: ReadonlyArray<readonly [string, string]>) => ReturnType<Handler>

/** The endpoint of one operation. */
const endpoint = <N extends AuthleteOperation.Name>(
  cell: Cell,
  settings: Settings,
  operation: AuthleteOperation.Of<N>
): Endpoint => {
  const name = operation.name as N
  const path = AuthleteOperation.apiPath(operation)
  const reader = readerOf<N>(operation)
  const rule = rules[name]
  const badMethod = respond(
    resultAt(405, path, resultCodes.badMethod, `The method must be ${operation.method}.`),
    { allow: operation.method }
  )
  const failed = respond(serverError(name))
  return (call, values) =>
    catchDefect(() => {
      if (call.method !== operation.method) return badMethod
      const params: Record<string, string> = {}
      for (const [field, raw] of values) params[field] = raw.includes("%") ? decodeURIComponent(raw) : raw
      const state = cell.get()
      const service = accessAt(state, settings, path, params.serviceId ?? "", bearerOf(call.headers["authorization"]))
      if (!("serviceId" in service)) return respond(service)
      let read: Read<N>
      if (operation.method === "POST") {
        const body = readJson(call, path)
        if (body._tag === "Refused") return respond(body.reply)
        read = reader.fromJson(body.value)
      } else {
        read = reader.fromParams({ ...queryOf(call.url), ...params })
      }
      const env: Env = { cell, settings, now: nowOf(state, call.now), service }
      if (state.internalErrors.has(name)) return respond(rule.internalError(env))
      return read._tag === "Invalid"
        ? respond(rule.invalid(env, read.field))
        : map(rule.run(env, read.request), (reply) => respond(reply))
    }, () => failed)
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

const isWellEncoded = (path: string): boolean => {
  if (!path.includes("%")) return true
  try {
    decodeURIComponent(path)
    return true
  } catch {
    return false
  }
}

/** The emulator's handler over its store. Never fails. */
export const make = (cell: Cell, settings: Settings): Handler => {
  const routes = AuthleteOperation.all.map((operation) => ({
    template: compile(operation.path),
    answer: endpoint(cell, settings, operation)
  }))
  return (call) => {
    if (call.url.length > maxUrlLength) return tooLong
    const path = pathOf(call.url)
    if (!isWellEncoded(path)) return badUrl
    for (const route of routes) {
      const values = match(route.template, path)
      if (values !== undefined) return route.answer(call, values)
    }
    return notFound
  }
}
