/**
 * What the test utilities need of the HTTP platform, in one place: the one file of `test/utils` that is not the same
 * in both editions (the Effect 4 edition has its own, over `effect/http`; the other utilities are shared).
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"

export * as HttpClient from "@effect/platform/HttpClient"
export type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
export * as HttpClientResponse from "@effect/platform/HttpClientResponse"

/** The transport's failure to connect, as the platform reports it. */
export const connectionRefused = (request: HttpClientRequest.HttpClientRequest): HttpClientError.HttpClientError =>
  new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("connect ECONNREFUSED") })
