import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as UndiciHttpClient from "../src/internal/undiciHttpClient.js"
import * as NodeAuthlete from "../src/NodeAuthlete.js"

/** A loopback server for the duration of the test. */
const server = (handler: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer(handler)
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))

/** Each test builds its own client, so no pooled socket outlives its server. */
const withClient = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provide(effect, Layer.fresh(NodeAuthlete.layerHttpClient()))

const echo: Http.RequestListener = (request, response) => {
  let body = ""
  request.setEncoding("utf8")
  request.on("data", (chunk) => body += chunk)
  request.on("end", () => {
    response.writeHead(201, { "content-type": "application/json", "x-echo": "yes" })
    response.end(
      JSON.stringify({ method: request.method, url: request.url, body, auth: request.headers.authorization })
    )
  })
}

describe("UndiciHttpClient", () => {
  for (const tracing of [false, true]) {
    it.scoped(`sends method, path, query, headers and body, and reads status, headers and JSON (tracing ${tracing})`, () =>
      Effect.gen(function*() {
        const url = yield* server(echo)
        const client = (yield* HttpClient.HttpClient).pipe(HttpClient.withTracerDisabledWhen(() => !tracing))
        const request = HttpClientRequest.post(`${url}/api/1/auth/token/create`, { urlParams: { a: "1 2" } }).pipe(
          HttpClientRequest.bearerToken("secret"),
          HttpClientRequest.bodyUnsafeJson({ grantType: "PASSWORD" })
        )
        const response = yield* client.execute(request)
        assert.strictEqual(response.status, 201)
        assert.strictEqual(response.headers["x-echo"], "yes")
        assert.deepStrictEqual(yield* response.json, {
          method: "POST",
          url: "/api/1/auth/token/create?a=1+2",
          body: "{\"grantType\":\"PASSWORD\"}",
          auth: "Bearer secret"
        })
        // The body is read once and kept.
        assert.strictEqual(JSON.parse(yield* response.text).method, "POST")
      }).pipe(withClient))
  }

  it.scopedLive("interrupting a call before the answer aborts the request (the server sees the socket close)", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<void>()
      const url = yield* server((request) => {
        request.socket.on("close", () => Deferred.unsafeDone(closed, Exit.void))
      })
      const client = yield* HttpClient.HttpClient
      const exit = yield* client.get(`${url}/slow`).pipe(Effect.timeout("100 millis"), Effect.exit)
      assert.isTrue(Exit.isFailure(exit))
      yield* Deferred.await(closed).pipe(Effect.timeout("2 seconds"))
    }).pipe(withClient))

  it.scopedLive("interrupting the body read aborts it too", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<void>()
      const url = yield* server((request, response) => {
        request.socket.on("close", () => Deferred.unsafeDone(closed, Exit.void))
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        response.write("{\"start\":")
      })
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(`${url}/stalled`)
      const exit = yield* response.text.pipe(Effect.timeout("100 millis"), Effect.exit)
      assert.isTrue(Exit.isFailure(exit))
      yield* Deferred.await(closed).pipe(Effect.timeout("2 seconds"))
    }).pipe(withClient))

  it.scoped("a connection reset before the answer is a RequestError (Transport)", () =>
    Effect.gen(function*() {
      const url = yield* server((request) => request.socket.resetAndDestroy())
      const client = yield* HttpClient.HttpClient
      const error = yield* Effect.flip(client.get(`${url}/reset`))
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(error.reason, "Transport")
    }).pipe(withClient))

  it.scoped("a connection reset in the middle of the body is a ResponseError (Decode)", () =>
    Effect.gen(function*() {
      const url = yield* server((request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        response.write("{\"start\":0,", () => request.socket.resetAndDestroy())
      })
      const client = yield* HttpClient.HttpClient
      const error = yield* Effect.flip(Effect.flatMap(client.get(`${url}/cut`), (response) => response.text))
      assert.strictEqual(error._tag, "ResponseError")
      assert.strictEqual(error.reason, "Decode")
    }).pipe(withClient))

  it.scoped("an invalid URL is a RequestError (InvalidUrl)", () =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const error = yield* Effect.flip(client.get("not a url"))
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(error.reason, "InvalidUrl")
    }).pipe(withClient))

  // Bun's built-in `undici` module is a stub: `new Agent()` has neither `request` nor `destroy`. Such a dispatcher must
  // still send (through fetch) and close without a defect; the runtime matrix (scripts/runtime-matrix.ts) runs the
  // real thing under Bun.
  it.scoped("a dispatcher that cannot send (Bun's stub undici) sends with fetch instead, and closes cleanly", () =>
    Effect.gen(function*() {
      const url = yield* server(echo)
      const stub = {} as Parameters<typeof UndiciHttpClient.make>[0]
      const client = UndiciHttpClient.make(stub)
      const response = yield* client.execute(
        HttpClientRequest.post(`${url}/api/1/auth/token/create`).pipe(
          HttpClientRequest.bearerToken("secret"),
          HttpClientRequest.bodyUnsafeJson({ grantType: "PASSWORD" })
        )
      )
      assert.strictEqual(response.status, 201)
      assert.deepStrictEqual(yield* response.json, {
        method: "POST",
        url: "/api/1/auth/token/create",
        body: "{\"grantType\":\"PASSWORD\"}",
        auth: "Bearer secret"
      })
      assert.isTrue(Exit.isSuccess(yield* Effect.exit(UndiciHttpClient.destroy(stub))))
    }))
})
