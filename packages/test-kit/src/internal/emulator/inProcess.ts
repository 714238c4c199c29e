/** An `HttpClient` that answers with the emulator's HTTP application in the calling fiber: no socket, no runtime. */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"

/** The web `Response` of a server response; its body is a JSON buffer or nothing. */
const toWeb = (response: HttpServerResponse.HttpServerResponse): Response => {
  const headers = new Headers(response.headers)
  const body = response.body
  if (body._tag === "Uint8Array") {
    headers.set("content-type", body.contentType)
    return new Response(body.body as unknown as BodyInit, { status: response.status, headers })
  }
  return new Response(null, { status: response.status, headers })
}

/** Serves every request with `app`, in the fiber that executes it (so its `Clock`, `TestClock` included, is the app's). */
export const make = (app: HttpApp.Default): HttpClient.HttpClient =>
  HttpClient.make((request, url) => {
    const body = request.body._tag === "Uint8Array" || request.body._tag === "Raw"
      ? request.body.body as unknown as BodyInit
      : undefined
    let serverRequest: HttpServerRequest.HttpServerRequest
    try {
      serverRequest = HttpServerRequest.fromWeb(
        new Request(url, {
          method: request.method,
          headers: request.headers,
          // A request that may carry a body carries one, if empty, as it does on a socket.
          body: body ?? (request.method === "GET" || request.method === "HEAD" ? null : new Uint8Array(0))
        })
      )
    } catch (cause) {
      return Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", cause }))
    }
    return app.pipe(
      Effect.provideService(HttpServerRequest.HttpServerRequest, serverRequest),
      Effect.map((response) => HttpClientResponse.fromWeb(request, toWeb(response))),
      Effect.catchAllCause((cause) =>
        Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
      )
    )
  })
