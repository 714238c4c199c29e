/**
 * The Node transport against hostile servers: answers bounded in memory and time, redirects refused, and a transport
 * timeout behind the call's own.
 */
import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, Redacted } from "effect"
import * as NodeAuthlete from "../src/NodeAuthlete.js"
import { hostileServerSuite } from "./utils/hostile.js"
import { rawServer } from "./utils/rawServer.js"

const serviceId = "4711"
const bearer = Redacted.make("node-bearer-secret")

hostileServerSuite("NodeAuthlete", NodeAuthlete.layer)

describe("transport timeouts", () => {
  it.scopedLive("the agent's headersTimeout ends a silent answer even when the call itself has no timeout", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request) => request.resume())
      const error = yield* HttpClient.get(`${server.url}/x`).pipe(
        Effect.flip,
        Effect.provide(Layer.fresh(NodeAuthlete.layerHttpClient({}, { headersTimeout: "300 millis" })))
      )
      assert.strictEqual(error._tag, "RequestError")
      assert.include(String((error.cause as { code?: string }).code), "UND_ERR_HEADERS_TIMEOUT")
    }))

  it.scopedLive("a call through the agent's timeout fails with a TransportError \"Timeout\" (the backstop, when the attempt has none)", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request) => request.resume())
      const error = yield* TokenManagement.list().pipe(
        Effect.flip,
        Effect.provide(
          TokenManagement.layer.pipe(
            Layer.provide(AuthleteClient.layer({ baseUrl: server.url, serviceId: "1", timeout: Duration.infinity })),
            Layer.provide(Layer.fresh(NodeAuthlete.layerHttpClient({}, { headersTimeout: "300 millis" })))
          )
        )
      )
      assert.deepInclude(error, { _tag: "TransportError", reason: "Timeout" })
    }))

  it.scopedLive("the agent's bodyTimeout ends a body that stalls", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request, response) => {
        request.resume()
        response.writeHead(200, { "content-type": "application/json" })
        response.write("{")
      })
      const error = yield* HttpClient.get(`${server.url}/x`).pipe(
        Effect.flatMap((response) => response.text),
        Effect.flip,
        Effect.provide(Layer.fresh(NodeAuthlete.layerHttpClient({}, { bodyTimeout: "300 millis" })))
      )
      assert.include(String((error.cause as { code?: string }).code), "UND_ERR_BODY_TIMEOUT")
    }))

  it.scopedLive("the call's timeout fails a silent call with a Timeout and closes its socket", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((request) => request.resume())
      const error = yield* TokenManagement.list({}, { timeout: Duration.millis(300) }).pipe(
        Effect.provide(NodeAuthlete.layer({ baseUrl: server.url, serviceId, bearer })),
        Effect.flip
      )
      assert.deepInclude(error, { _tag: "TransportError", reason: "Timeout" })
      yield* Effect.sleep("200 millis")
      assert.strictEqual(server.open(), 0)
    }))
})
