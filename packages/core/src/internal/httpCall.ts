/**
 * One operation over HTTP: the request built from the operation's description, and the answer mapped to a JSON body
 * or to one of the typed errors. Statuses and bodies map to errors here and nowhere else.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import type { AuthleteError, Operation } from "../AuthleteError.js"
import {
  AuthleteConfigError,
  CredentialError,
  RedirectError,
  ResponseDecodeError,
  ResponseTooLargeError,
  ResultError,
  TransportError,
  UnexpectedStatusError
} from "../AuthleteError.js"
import type * as AuthleteOperation from "../AuthleteOperation.js"
import { pathFields, pathOf, successStatus } from "../AuthleteOperation.js"
import { BearerFailure, BearerInvalid } from "./bearer.js"
import type { HttpClient, HttpClientError, HttpClientRequest, HttpClientResponse } from "./http.js"
import { bearerFailure, bodyStream, del, failureOf, get, postJson } from "./http.js"
import { isWellFormed } from "./wellFormed.js"

/** How much of an unexpected body an `UnexpectedStatusError` keeps. */
const bodyExcerptLength = 512

/** How much of an unexpected body is read: the excerpt's characters in any UTF-8, and no more. */
const bodyExcerptBytes = bodyExcerptLength * 4

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

/** An encoded request: JSON values only. */
export type Encoded = Readonly<Record<string, unknown>>

/**
 * Builds the HTTP requests of one operation, below the base URL: path segments, then query (`GET`) or JSON body
 * (`POST`). What the path template takes is worked out once, not per call.
 */
export const requestBuilder = (operation: AuthleteOperation.Any) => {
  const inPath = new Set(pathFields(operation))
  return (serviceId: string, request: Encoded): HttpClientRequest.HttpClientRequest => {
    const url = pathOf(operation, serviceId, request)
    const rest: Record<string, unknown> = {}
    for (const key in request) {
      if (request[key] !== undefined && !inPath.has(key)) rest[key] = request[key]
    }
    switch (operation.method) {
      case "GET": {
        // In name order, as the official SDK sends them.
        const params: Record<string, string> = {}
        for (const key of Object.keys(rest).sort()) params[key] = String(rest[key])
        return get(url, params)
      }
      case "POST":
        return postJson(url, rest)
      case "DELETE":
        return del(url)
    }
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

const transportError = (
  operation: Operation,
  error: HttpClientError.HttpClientError
): TransportError | CredentialError | AuthleteConfigError => {
  const { cause, part, reason } = failureOf(error)
  // A rotating bearer's failures (see `AuthleteClient`): the request was never sent.
  if (cause instanceof BearerFailure) return new CredentialError({ operation, cause: bearerFailure(cause.cause) })
  if (cause instanceof BearerInvalid) {
    return new AuthleteConfigError({ operation, option: "bearer", description: cause.description })
  }
  // The platform's own message quotes the URL, which holds a token on delete: describe the failure without it.
  const detail = cause instanceof Error
    ? [cause.name, (cause as { code?: unknown }).code, cause.message].filter((part) => typeof part === "string")
      .join(" ")
    : reason
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined
  return new TransportError({
    operation,
    // The transport's own timers (undici's headers and body timeouts) are timeouts too.
    reason: code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" ? "Timeout" : "Transport",
    description: `${part} failed: ${detail}`,
    ...(cause instanceof Error ? { cause: bareCause(cause) } : {})
  })
}

/** The announced body length, if any. */
const contentLengthOf = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const raw = response.headers["content-length"]
  return raw !== undefined && /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined
}

/** Whether the body arrives as sent: no `Content-Encoding` a `fetch` would inflate beyond its `Content-Length`. */
const identityEncoded = (response: HttpClientResponse.HttpClientResponse): boolean => {
  const encoding = response.headers["content-encoding"]
  return encoding === undefined || encoding.trim() === "" || encoding.trim().toLowerCase() === "identity"
}

const tooLarge = (
  operation: Operation,
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): ResponseTooLargeError => {
  const contentLength = contentLengthOf(response)
  return new ResponseTooLargeError({
    operation,
    status: response.status,
    maxBytes,
    ...(contentLength === undefined ? {} : { contentLength })
  })
}

/**
 * Reads at most one chunk of a body nobody will use, then lets go of it: the stream's finalizer destroys (Node) or
 * cancels (fetch) the body, so an endless or huge one is never read. Bounded in time too.
 */
const discard = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
  Stream.runForEachWhile(response.stream, () => Effect.succeed(false)).pipe(
    Effect.timeout(Duration.millis(50)),
    Effect.ignore
  )

/**
 * The body as text, counted while it streams: at most `maxBytes` are read, then the body is let go of. With `whole`,
 * more fails with a `ResponseTooLargeError`; without, the text read so far is kept and `truncated` says so.
 */
const readStreaming = (
  operation: Operation,
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number,
  whole: boolean
): Effect.Effect<
  { readonly text: string; readonly truncated: boolean },
  TransportError | ResponseTooLargeError | CredentialError | AuthleteConfigError
> =>
  Effect.suspend(() => {
    // The bytes are kept as they came and decoded once at the end: a refused answer never becomes a string.
    const chunks: Array<Uint8Array> = []
    let bytes = 0
    let truncated = false
    return bodyStream(response, (error) => transportError(operation, error)).pipe(
      Stream.runForEachWhile((chunk): Effect.Effect<boolean, ResponseTooLargeError> => {
        bytes += chunk.length
        if (bytes > maxBytes) {
          if (whole) return Effect.fail(tooLarge(operation, response, maxBytes))
          chunks.push(chunk.subarray(0, chunk.length - (bytes - maxBytes)))
          truncated = true
          return Effect.succeed(false)
        }
        chunks.push(chunk)
        return Effect.succeed(true)
      }),
      Effect.flatMap(() => {
        try {
          return Effect.succeed({ text: decode(chunks), truncated })
        } catch {
          // Past the engine's longest string: only with a limit set beyond what a string can hold.
          return Effect.fail(tooLarge(operation, response, maxBytes))
        }
      })
    )
  })

/** UTF-8 chunks as one string (a character cut at the end of an excerpt is replaced). */
const decode = (chunks: ReadonlyArray<Uint8Array>): string => {
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0])
  const all = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return new TextDecoder().decode(all)
}

/** The whole body as text, refused past `maxBytes`: on `Content-Length` before reading, else while counting. */
const readText = (
  operation: Operation,
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): Effect.Effect<string, TransportError | ResponseTooLargeError | CredentialError | AuthleteConfigError> => {
  const length = contentLengthOf(response)
  if (length !== undefined && length > maxBytes) {
    return Effect.andThen(discard(response), Effect.fail(tooLarge(operation, response, maxBytes)))
  }
  // Framed by its Content-Length and not inflated: the transport reads no more than announced.
  if (length !== undefined && identityEncoded(response)) {
    return Effect.mapError(
      response.text,
      (error) =>
        (error.cause as { code?: unknown } | undefined)?.code === "ERR_STRING_TOO_LONG"
          ? tooLarge(operation, response, maxBytes)
          : transportError(operation, error)
    )
  }
  return Effect.map(readStreaming(operation, response, maxBytes, true), (read) => read.text)
}

/** At most the excerpt's worth of a body: what an error keeps is all that is read. */
const readExcerpt = (operation: Operation, response: HttpClientResponse.HttpClientResponse) =>
  readStreaming(operation, response, bodyExcerptBytes, false)

const excerpt = (text: string, truncated: boolean, contentLength: number | undefined) => {
  if (!truncated && text.length <= bodyExcerptLength) return text
  const size = contentLength === undefined ? "truncated" : `${contentLength} bytes`
  return `${text.slice(0, bodyExcerptLength)}… (${size})`
}

/**
 * The secrets a call sends: the values of the operation's secret fields (and their percent-encoded form, as a delete
 * URL carries it) and the bearer. A server or proxy quoting the request in its answer ("Cannot DELETE
 * /api/…/delete/<token>") must not carry them into an error. A secret with a lone surrogate has no percent-encoded
 * form (`encodeURIComponent` throws) and never goes into a URL (the path's schemas refuse it); a JSON body carries it.
 */
const secretsOf = (
  operation: AuthleteOperation.Any,
  request: Encoded,
  response: HttpClientResponse.HttpClientResponse
): ReadonlyArray<string> => {
  const values: Array<unknown> = operation.secrets.map((field) => request[field])
  const authorization = response.request.headers["authorization"]
  if (authorization !== undefined) values.push(authorization.replace(/^bearer\s+/i, ""))
  return values.flatMap((value) =>
    typeof value !== "string" || value === ""
      ? []
      : isWellFormed(value)
      ? [value, encodeURIComponent(value)]
      : [value]
  )
}

/** A JSON member holding a token value, as Authlete and token endpoints name them; the value may be cut off. */
const tokenMember =
  /("(?:accessToken|refreshToken|jwtAccessToken|idToken|responseContent|access_token|refresh_token|id_token)"\s*:\s*)"(?:[^"\\]|\\.)*"?/g

/** Server text with the call's secrets and any token member replaced. */
const scrub = (text: string, secrets: ReadonlyArray<string>): string => {
  let scrubbed = text
  for (const secret of secrets) {
    if (scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join("<redacted>")
  }
  // A token member is quoted: without a quote there is none (most `resultMessage`s of a 200).
  return scrubbed.includes("\"") ? scrubbed.replace(tokenMember, "$1\"<redacted>\"") : scrubbed
}

/** What a call is: its description, its encoded request (for the secrets it sent) and the answer size limit. */
interface Sent {
  readonly operation: AuthleteOperation.Any
  readonly request: Encoded
  readonly maxResponseBytes: number
}

const unexpected = (sent: Sent, response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(
    Effect.zip(readExcerpt(sent.operation.name as Operation, response), Clock.currentTimeMillis),
    ([{ text, truncated }, now]) => {
      const contentType = response.headers["content-type"]
      const retryAfterMillis = parseRetryAfter(response.headers["retry-after"], now)
      const secrets = secretsOf(sent.operation, sent.request, response)
      const result = truncated || !isJson(contentType) ? undefined : resultOf(text)
      return Effect.fail(
        new UnexpectedStatusError({
          operation: sent.operation.name as Operation,
          status: response.status,
          body: excerpt(scrub(text, secrets), truncated, contentLengthOf(response)),
          ...(contentType === undefined ? {} : { contentType }),
          ...(retryAfterMillis === undefined ? {} : { retryAfterMillis }),
          ...(result === undefined ? {} : resultFields(result, secrets))
        })
      )
    }
  )

const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** The `resultCode` and (scrubbed) `resultMessage` of a `result` body, those that are strings. */
const resultFields = (
  body: { readonly resultCode?: unknown; readonly resultMessage?: unknown },
  secrets: ReadonlyArray<string>
): { resultCode?: string; resultMessage?: string } => ({
  ...(typeof body.resultCode === "string" ? { resultCode: body.resultCode } : {}),
  ...(typeof body.resultMessage === "string" ? { resultMessage: scrub(body.resultMessage, secrets) } : {})
})

/** The members of a JSON body, if it is an object. */
const resultOf = (text: string): { readonly resultCode?: unknown; readonly resultMessage?: unknown } | undefined => {
  const parsed = parseJson(text)
  return parsed.ok && typeof parsed.value === "object" && parsed.value !== null ? parsed.value : undefined
}

/**
 * A 200's `resultMessage` with the call's secrets replaced, as for an error's: `expectOk` turns it into an
 * `ActionError`, and a server may quote the token or bearer in it.
 */
const scrubResultMessage = (sent: Sent, response: HttpClientResponse.HttpClientResponse, value: unknown): unknown => {
  if (typeof value === "object" && value !== null && "resultMessage" in value) {
    const message = (value as { resultMessage: unknown }).resultMessage
    if (typeof message === "string") {
      ;(value as { resultMessage: string }).resultMessage = scrub(
        message,
        secretsOf(sent.operation, sent.request, response)
      )
    }
  }
  return value
}

/** The JSON body of a successful answer (`undefined` for a 204), or the typed error of any other. */
const interpret = (
  sent: Sent,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, AuthleteError> => {
  const operation: Operation = sent.operation.name as Operation
  const status = response.status
  const expected = successStatus(sent.operation)
  // A 204 has no body by definition: nothing to bound.
  if (expected === 204 && status === 204) {
    return Effect.as(Effect.mapError(response.text, (error) => transportError(operation, error)), undefined)
  }
  // Never followed (the bearer and body would go elsewhere); 0 is a browser's opaque redirect.
  if (status === 0 || (status >= 300 && status < 400)) {
    return Effect.andThen(discard(response), Effect.fail(new RedirectError({ operation, status })))
  }
  const json = isJson(response.headers["content-type"])
  if (expected === 200 && status === 200 && json) {
    return Effect.flatMap(readText(operation, response, sent.maxResponseBytes), (text) => {
      const parsed = parseJson(text)
      return parsed.ok
        ? Effect.succeed(scrubResultMessage(sent, response, parsed.value))
        : Effect.fail(new ResponseDecodeError({ operation, status, description: "the body is not valid JSON" }))
    })
  }
  if (resultStatuses.has(status) && json) {
    return Effect.flatMap(
      readText(operation, response, sent.maxResponseBytes),
      (text): Effect.Effect<never, AuthleteError> => {
        const secrets = secretsOf(sent.operation, sent.request, response)
        const body = resultOf(text)
        if (body === undefined) {
          return Effect.fail(
            new UnexpectedStatusError({
              operation,
              status,
              contentType: response.headers["content-type"] ?? "application/json",
              body: excerpt(scrub(text, secrets), false, undefined)
            })
          )
        }
        return Effect.fail(
          new ResultError({
            operation,
            status: status as ResultError["status"],
            ...resultFields(body, secrets)
          })
        )
      }
    )
  }
  return unexpected(sent, response)
}

/**
 * `Effect.annotateCurrentSpan` without its failure when there is no span (no tracer provided): that failure builds an
 * exception, stack trace included, on every call.
 */
const annotateStatus = (status: number): Effect.Effect<void> =>
  Effect.map(Effect.serviceOption(Tracer.ParentSpan), (span) => {
    if (span._tag === "Some" && span.value._tag === "Span") span.value.attribute("http.response.status_code", status)
  })

/**
 * Sends the encoded requests of one operation with a client that already carries base URL, headers and bearer;
 * answers the JSON body of the successful answer (`undefined` for a 204).
 */
export const sender = (operation: AuthleteOperation.Any) => {
  const toRequest = requestBuilder(operation)
  const name = operation.name as Operation
  return (
    client: HttpClient.HttpClient,
    serviceId: string,
    request: Encoded,
    maxResponseBytes: number
  ): Effect.Effect<unknown, AuthleteError> =>
    client.execute(toRequest(serviceId, request)).pipe(
      Effect.mapError((error) => transportError(name, error)),
      Effect.tap((response) => annotateStatus(response.status)),
      Effect.flatMap((response) => interpret({ operation, request, maxResponseBytes }, response))
    )
}
