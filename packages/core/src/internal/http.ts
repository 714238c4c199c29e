/**
 * What `httpCall.ts` needs of the HTTP platform, in one place: the one part of the HTTP call that differs between the
 * Effect 3 edition (this file, over `@effect/platform`) and the Effect 4 edition (its own `http.ts`, over
 * `effect/http`); `httpCall.ts` itself is shared by both.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Stream from "effect/Stream"

export type * as HttpClient from "@effect/platform/HttpClient"
export type * as HttpClientError from "@effect/platform/HttpClientError"
export type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
export type * as HttpClientResponse from "@effect/platform/HttpClientResponse"

/** `GET url?params`. */
export const get = (url: string, urlParams: Readonly<Record<string, string>>): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.get(url, { urlParams })

/** `POST url` with a JSON body. */
export const postJson = (url: string, body: unknown): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(url), body)

/** `DELETE url`. */
export const del = (url: string): HttpClientRequest.HttpClientRequest => HttpClientRequest.del(url)

/** A client failure as the call describes it: its cause, which part failed and the platform's name for the reason. */
export const failureOf = (
  error: HttpClientError.HttpClientError
): { readonly cause: unknown; readonly part: "request" | "response body"; readonly reason: string } => ({
  cause: error.cause,
  part: error._tag === "RequestError" ? "request" : "response body",
  reason: error.reason
})

/** The failure a rotating bearer's effect failed with, not the proxy Effect wraps an error failed inside a span in. */
export const bearerFailure = (cause: unknown): unknown => Cause.originalError(cause)

/** The body's bytes; a body-less web `Response` has no stream, which is an empty body, not a failure. */
export const bodyStream = <E>(
  response: HttpClientResponse.HttpClientResponse,
  onError: (error: HttpClientError.ResponseError) => E
): Stream.Stream<Uint8Array, E> =>
  Stream.catchAll(
    response.stream,
    (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(onError(error))
  )
