import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Tracer from "effect/Tracer"
import type { AuthleteError, Operation } from "../AuthleteError.js"
import { AuthleteDefaultError, ResponseDecodeError, ResultError, TransportError } from "../AuthleteError.js"
import type { Call, Reply, TokenTransport } from "../TokenTransport.js"
import { route } from "../TokenTransport.js"

/** How much of an unexpected body an `AuthleteDefaultError` keeps. */
const bodyExcerptLength = 512

const resultStatuses = new Set([400, 401, 403, 500])

const isJson = (contentType: string | undefined): boolean => {
  if (contentType === undefined) return false
  const mediaType = contentType.split(";", 1)[0].trim().toLowerCase()
  return mediaType === "application/json" || mediaType.endsWith("+json")
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds. */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const toRequest = (call: Call): HttpClientRequest.HttpClientRequest => {
  const { method, path } = route(call)
  switch (call.operation) {
    case "list": {
      const { clientIdentifier, end, start, subject, tokenStatus } = call.query
      const params: Record<string, string> = {}
      if (clientIdentifier !== undefined) params.clientIdentifier = clientIdentifier
      if (end !== undefined) params.end = String(end)
      if (start !== undefined) params.start = String(start)
      if (subject !== undefined) params.subject = subject
      if (tokenStatus !== undefined) params.tokenStatus = tokenStatus
      return HttpClientRequest.get(path, { urlParams: params })
    }
    case "delete":
      return HttpClientRequest.make(method)(path)
    default:
      return HttpClientRequest.bodyUnsafeJson(HttpClientRequest.make(method)(path), call.body)
  }
}

/**
 * The cause as a bare `Error`: name, message, `code` and stack only. Its other own properties may hold the request —
 * Node's URL errors keep the whole URL as `input`, and a delete URL holds a token — and would show in
 * `util.inspect` and `JSON.stringify` of the error.
 */
const bareCause = (cause: Error): Error => {
  const bare = new Error(cause.message)
  bare.name = cause.name
  if (cause.stack !== undefined) bare.stack = cause.stack
  const code = (cause as { code?: unknown }).code
  if (typeof code === "string") (bare as { code?: string }).code = code
  return bare
}

const transportError = (operation: Operation, error: HttpClientError.HttpClientError): TransportError => {
  // The platform's own message quotes the URL, which holds a token on delete: describe the failure without it.
  const cause = error.cause
  const detail = cause instanceof Error
    ? [cause.name, (cause as { code?: unknown }).code, cause.message].filter((part) => typeof part === "string")
      .join(" ")
    : error.reason
  return new TransportError({
    operation,
    reason: "Transport",
    description: `${error._tag === "RequestError" ? "request" : "response body"} failed: ${detail}`,
    ...(cause instanceof Error ? { cause: bareCause(cause) } : {})
  })
}

const readText = (operation: Operation, response: HttpClientResponse.HttpClientResponse) =>
  Effect.mapError(response.text, (error) => transportError(operation, error))

const excerpt = (text: string) =>
  text.length > bodyExcerptLength ? `${text.slice(0, bodyExcerptLength)}… (${text.length} characters)` : text

/**
 * The secrets a call sends: its token values (and their percent-encoded form, as a delete URL carries it) and the
 * bearer. A server or proxy quoting the request in its answer ("Cannot DELETE /api/…/delete/<token>") must not carry
 * them into an error.
 */
const secretsOf = (call: Call, response: HttpClientResponse.HttpClientResponse): ReadonlyArray<string> => {
  const values: Array<string | undefined> = []
  switch (call.operation) {
    case "delete":
      values.push(call.accessTokenIdentifier)
      break
    case "reissueIdToken":
    case "create":
      values.push(call.body.accessToken, call.body.refreshToken)
      break
    case "update":
      values.push(call.body.accessToken)
      break
    case "revoke":
      values.push(call.body.accessTokenIdentifier, call.body.refreshTokenIdentifier)
      break
  }
  const authorization = response.request.headers["authorization"]
  if (authorization !== undefined) values.push(authorization.replace(/^bearer\s+/i, ""))
  return values.flatMap((value) => value === undefined || value === "" ? [] : [value, encodeURIComponent(value)])
}

/** A JSON member holding a token value, as Authlete and token endpoints name them; the value may be cut off. */
const tokenMember =
  /("(?:accessToken|refreshToken|jwtAccessToken|idToken|responseContent|access_token|refresh_token|id_token)"\s*:\s*)"(?:[^"\\]|\\.)*"?/g

/** Server text with the call's secrets and any token member replaced. */
const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join("<redacted>"), text)
    .replace(tokenMember, "$1\"<redacted>\"")

const unexpected = (call: Call, response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(Effect.zip(readText(call.operation, response), Clock.currentTimeMillis), ([text, now]) => {
    const contentType = response.headers["content-type"]
    const retryAfterMillis = parseRetryAfter(response.headers["retry-after"], now)
    return Effect.fail(
      new AuthleteDefaultError({
        operation: call.operation,
        status: response.status,
        body: excerpt(scrub(text, secretsOf(call, response))),
        ...(contentType === undefined ? {} : { contentType }),
        ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
      })
    )
  })

const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

const interpret = (
  call: Call,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<Reply, AuthleteError> => {
  const operation = call.operation
  const status = response.status
  if (operation === "delete" && status === 204) {
    return Effect.as(readText(operation, response), { status, body: undefined })
  }
  const json = isJson(response.headers["content-type"])
  if (operation !== "delete" && status === 200 && json) {
    return Effect.flatMap(readText(operation, response), (text) => {
      const parsed = parseJson(text)
      return parsed.ok
        ? Effect.succeed({ status, body: parsed.value })
        : Effect.fail(new ResponseDecodeError({ operation, status, description: "the body is not valid JSON" }))
    })
  }
  if (resultStatuses.has(status) && json) {
    return Effect.flatMap(readText(operation, response), (text): Effect.Effect<never, AuthleteError> => {
      const parsed = parseJson(text)
      const body = parsed.ok && typeof parsed.value === "object" && parsed.value !== null
        ? parsed.value as { resultCode?: unknown; resultMessage?: unknown }
        : undefined
      if (body === undefined) {
        return Effect.fail(
          new AuthleteDefaultError({
            operation,
            status,
            contentType: response.headers["content-type"] ?? "application/json",
            body: excerpt(scrub(text, secretsOf(call, response)))
          })
        )
      }
      return Effect.fail(
        new ResultError({
          operation,
          status: status as ResultError["status"],
          ...(typeof body.resultCode === "string" ? { resultCode: body.resultCode } : {}),
          ...(typeof body.resultMessage === "string"
            ? { resultMessage: scrub(body.resultMessage, secretsOf(call, response)) }
            : {})
        })
      )
    })
  }
  return unexpected(call, response)
}

/**
 * `Effect.annotateCurrentSpan` without its failure when there is no span (no tracer provided): that failure builds an
 * exception, stack trace included, on every call.
 */
const annotateStatus = (status: number): Effect.Effect<void> =>
  Effect.map(Effect.serviceOption(Tracer.ParentSpan), (span) => {
    if (span._tag === "Some" && span.value._tag === "Span") span.value.attribute("http.response.status_code", status)
  })

/** Token-management calls over an `HttpClient` that already carries base URL, headers and bearer. */
export const makeHttpTransport = (client: HttpClient.HttpClient): TokenTransport => ({
  send: (call) =>
    client.execute(toRequest(call)).pipe(
      Effect.mapError((error) => transportError(call.operation, error)),
      Effect.tap((response) => annotateStatus(response.status)),
      Effect.flatMap((response) => interpret(call, response))
    )
})
