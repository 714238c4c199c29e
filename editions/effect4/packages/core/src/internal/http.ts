/**
 * What `httpCall.ts` needs of the HTTP platform, in one place: the Effect 4 edition's (over `effect/http`);
 * `httpCall.ts` itself is the Effect 3 edition's file, shared.
 */
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"

export type * as HttpClient from "effect/http/HttpClient"
export type * as HttpClientError from "effect/http/HttpClientError"
export type * as HttpClientRequest from "effect/http/HttpClientRequest"
export type * as HttpClientResponse from "effect/http/HttpClientResponse"

/** `GET url?params`. */
export const get = (url: string, urlParams: Readonly<Record<string, string>>): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.get(url, { urlParams })

/** `POST url` with a JSON body. */
export const postJson = (url: string, body: unknown): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.bodyJsonUnsafe(HttpClientRequest.post(url), body)

/** `DELETE url`. */
export const del = (url: string): HttpClientRequest.HttpClientRequest => HttpClientRequest.delete(url)

/** A client failure as the call describes it: its cause, which part failed and the platform's name for the reason. */
export const failureOf = (
  error: HttpClientError.HttpClientError
): { readonly cause: unknown; readonly part: "request" | "response body"; readonly reason: string } => {
  const reason = error.reason
  return {
    cause: "cause" in reason ? reason.cause : undefined,
    part: "response" in reason ? "response body" : "request",
    reason: reason._tag
  }
}

/** The failure a rotating bearer's effect failed with (Effect 4 wraps nothing around it). */
export const bearerFailure = (cause: unknown): unknown => cause

/** The body's bytes; a body-less web `Response` has no stream, which is an empty body, not a failure. */
export const bodyStream = <E>(
  response: HttpClientResponse.HttpClientResponse,
  onError: (error: HttpClientError.HttpClientError) => E
): Stream.Stream<Uint8Array, E> =>
  Stream.catch(
    response.stream,
    (error) => error.reason._tag === "EmptyBodyError" ? Stream.empty : Stream.fail(onError(error))
  )
