/**
 * What the test utilities need of the HTTP platform, in one place: the Effect 4 edition's (over `effect/http`); the
 * other utilities are the Effect 3 edition's files, shared.
 */
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"

export * as HttpClient from "effect/http/HttpClient"
export type * as HttpClientRequest from "effect/http/HttpClientRequest"
export * as HttpClientResponse from "effect/http/HttpClientResponse"

/** The transport's failure to connect, as the platform reports it. */
export const connectionRefused = (request: HttpClientRequest.HttpClientRequest): HttpClientError.HttpClientError =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({ request, cause: new Error("connect ECONNREFUSED") })
  })
