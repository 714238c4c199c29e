/**
 * The emulator as one HTTP application over plain values: a request (method, path and query, headers, body bytes) in,
 * a status, headers and JSON body out. Routed by core's operation rows; the rules answer.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type { WireRequest } from "./request.js"
import { bearerOf, readerOf } from "./request.js"
import { access, rules } from "./rules.js"
import type { Env, Settings, State } from "./state.js"
import { nowOf } from "./state.js"
import type { WireReply } from "./wire.js"
import { resultAt, resultCodes, serverError } from "./wire.js"

/** The largest body read (Authlete's own limit is larger than any request of these operations). */
export const maxBodyBytes = 1024 * 1024

/** The longest request URL answered. */
export const maxUrlLength = 8_192

/** A request as the application reads it. */
export interface Exchange {
  readonly method: string
  /** Path and query. */
  readonly url: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Uint8Array
}

/** An answer: status, headers and, unless 204, a JSON body. */
export interface Answer extends WireReply {
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** The application. */
export type App = (request: Exchange) => Effect.Effect<Answer>

const mediaType = (contentType: string | undefined): string =>
  contentType === undefined ? "" : contentType.split(";", 1)[0].trim().toLowerCase()

/** The body as a JSON object, or the answer refusing it. */
const readJson = (request: Exchange, path: string): Result.Result<unknown, WireReply> => {
  const refuse = (status: number, code: string, text: string) => Result.fail(resultAt(status, path, code, text))
  if (request.body.length > maxBodyBytes) {
    return refuse(413, resultCodes.tooLarge, `The request body is larger than ${maxBodyBytes} bytes.`)
  }
  const text = new TextDecoder().decode(request.body)
  if (text.trim() === "") return Result.succeed({})
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
    ? Result.succeed(value)
    : refuse(400, resultCodes.badJson, "The request body is not a JSON object.")
}

const queryOf = (search: string): Record<string, string> => {
  const params: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(search)) {
    if (!(key in params)) params[key] = value
  }
  return params
}

/** A route: the operation's path template as a pattern, its `{field}` segments captured. */
interface Route {
  readonly operation: AuthleteOperation.Any
  readonly pattern: RegExp
  readonly fields: ReadonlyArray<string>
}

const routeOf = (operation: AuthleteOperation.Any): Route => {
  const fields: Array<string> = []
  const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    fields.push(name)
    return "([^/]+)"
  })
  return { operation, pattern: new RegExp(`^${source}$`), fields }
}

const endpoint = <N extends AuthleteOperation.Name>(
  ref: Ref.Ref<State>,
  settings: Settings,
  operation: AuthleteOperation.Of<N>,
  request: Exchange,
  params: Readonly<Record<string, string>>,
  search: string
): Effect.Effect<Answer> => {
  const name = operation.name as N
  const path = AuthleteOperation.apiPath(operation)
  const rule = rules[name]
  return Effect.gen(function*() {
    if (request.method !== operation.method) {
      return {
        ...resultAt(405, path, resultCodes.badMethod, `The method must be ${operation.method}.`),
        headers: { allow: operation.method }
      }
    }
    const state = yield* Ref.get(ref)
    const service = access(state, settings, name, params.serviceId ?? "", bearerOf(request.headers["authorization"]))
    if (!("serviceId" in service)) return service
    const reader = readerOf<N>(operation)
    let read: Result.Result<WireRequest<N>, string>
    if (operation.method === "POST") {
      const body = readJson(request, path)
      if (Result.isFailure(body)) return body.failure
      read = reader.fromJson(body.success)
    } else {
      read = reader.fromParams({ ...queryOf(search), ...params })
    }
    const env: Env = { ref, settings, now: nowOf(state, yield* Clock.currentTimeMillis), service }
    if (state.internalErrors.has(name)) return rule.internalError(env)
    return Result.isFailure(read) ? rule.invalid(env, read.failure) : yield* rule.run(env, read.success)
  }).pipe(Effect.catchDefect(() => Effect.succeed(serverError(name))))
}

const notFound: Answer = {
  status: 404,
  body: { resultCode: resultCodes.notFound, resultMessage: `[${resultCodes.notFound}] No such API.` }
}

/** The application over the store: every row's route, then 404. */
export const make = (ref: Ref.Ref<State>, settings: Settings): App => {
  const routes = AuthleteOperation.all.map(routeOf)
  return (request) => {
    if (request.url.length > maxUrlLength) {
      return Effect.succeed(
        resultAt(400, "(path)", resultCodes.tooLong, `The request URL is longer than ${maxUrlLength} characters.`)
      )
    }
    const index = request.url.indexOf("?")
    const pathname = index === -1 ? request.url : request.url.slice(0, index)
    const search = index === -1 ? "" : request.url.slice(index + 1)
    for (const route of routes) {
      const match = route.pattern.exec(pathname)
      if (match === null) continue
      const params: Record<string, string> = {}
      try {
        route.fields.forEach((field, i) => params[field] = decodeURIComponent(match[i + 1]))
      } catch {
        return Effect.succeed(
          resultAt(400, "(path)", resultCodes.badUrl, "The request path is not valid percent-encoding.")
        )
      }
      return endpoint(
        ref,
        settings,
        route.operation as AuthleteOperation.Of<AuthleteOperation.Name>,
        request,
        params,
        search
      )
    }
    return Effect.succeed(notFound)
  }
}
