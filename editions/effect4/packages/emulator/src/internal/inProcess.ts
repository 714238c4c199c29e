/**
 * An `HttpClient` that answers from the emulator's application in the caller's fiber: no socket, browser-safe.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import type { Answer, App } from "./app.js"

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

const responseOf = (
  request: HttpClientRequest.HttpClientRequest,
  answer: Answer
): HttpClientResponse.HttpClientResponse => {
  const headers = new Headers(answer.headers ?? {})
  const withBody = answer.body !== undefined && answer.status !== 204
  if (withBody) headers.set("content-type", "application/json")
  return HttpClientResponse.fromWeb(
    request,
    new Response(withBody ? JSON.stringify(answer.body) : null, { status: answer.status, headers })
  )
}

/** The client over `app`. */
export const make = (app: App): HttpClient.HttpClient =>
  HttpClient.make((request, url) => {
    const body = bodyOf(request)
    if (body === undefined) {
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({ request, description: "a body held in memory" })
        })
      )
    }
    const headers: Record<string, string> = { ...request.headers }
    if (request.body._tag !== "Empty" && request.body.contentType !== undefined) {
      headers["content-type"] = request.body.contentType
    }
    return Effect.map(
      app({ method: request.method, url: `${url.pathname}${url.search}`, headers, body }),
      (answer) => responseOf(request, answer)
    )
  })
