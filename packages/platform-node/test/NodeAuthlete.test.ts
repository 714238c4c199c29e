import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Exit, Option, Redacted, Schedule } from "effect"
import type * as Http from "node:http"
import * as NodeAuthlete from "../src/NodeAuthlete.js"
import { emptyListPage, rawServer } from "./utils/rawServer.js"

const bearer = "node-test-bearer"
const serviceId = "4711"

describe("connections", () => {
  // undici's pool learns that a connection is free again a microtask after the answer has been read, so a call made
  // right away may open a second socket; from then on the two alternate. Without keep-alive this would be 20 sockets.
  it.scoped("20 sequential calls reuse keep-alive sockets instead of opening one each", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* rawServer((request, response) => {
        requests++
        emptyListPage(request, response)
      })
      const layer = NodeAuthlete.layer({ baseUrl: server.url, serviceId, bearer: Redacted.make(bearer) })
      yield* Effect.provide(Effect.repeatN(TokenManagement.list(), 19), layer)
      assert.strictEqual(requests, 20)
      assert.isAtMost(server.connections(), 2)
    }))

  it.scoped("keepAlive.maxSockets caps the sockets of concurrent calls; the others queue", () =>
    Effect.gen(function*() {
      const server = yield* rawServer(emptyListPage)
      const layer = NodeAuthlete.layer({ baseUrl: server.url, serviceId, keepAlive: { maxSockets: 2 } })
      const pages = yield* Effect.provide(
        Effect.all(Array.from({ length: 10 }, () => TokenManagement.list()), { concurrency: "unbounded" }),
        layer
      )
      assert.strictEqual(pages.length, 10)
      assert.isAtMost(server.connections(), 2)
    }))

  it.scopedLive("releasing the layer closes its sockets, however long they could have idled", () =>
    Effect.gen(function*() {
      const server = yield* rawServer(emptyListPage)
      const layer = NodeAuthlete.layer({ baseUrl: server.url, serviceId, keepAlive: { idleTimeout: "60 seconds" } })
      yield* Effect.provide(TokenManagement.list(), layer)
      yield* Effect.sync(server.open).pipe(
        Effect.filterOrFail((open) => open === 0, () => new Error("a socket is still open")),
        Effect.retry({ schedule: Schedule.spaced("10 millis"), times: 100 })
      )
      assert.strictEqual(server.connections(), 1)
    }))

  const resets: ReadonlyArray<[string, Http.RequestListener]> = [
    ["before answering", (request) => request.socket.resetAndDestroy()],
    ["in the middle of the body", (request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
      response.write(`{"start":0,`, () => request.socket.resetAndDestroy())
    }]
  ]
  for (const [when, handler] of resets) {
    it.scoped(`a connection reset ${when} fails with a TransportError, not a defect`, () =>
      Effect.gen(function*() {
        const server = yield* rawServer(handler)
        const exit = yield* TokenManagement.list().pipe(
          Effect.provide(NodeAuthlete.layer({ baseUrl: server.url, serviceId })),
          Effect.exit
        )
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
        assert.isTrue(Option.isSome(error), `expected a typed failure, got ${String(exit)}`)
        const failure = Option.getOrThrow(error)
        assert.strictEqual(failure._tag, "TransportError")
        assert.strictEqual(failure._tag === "TransportError" ? failure.reason : undefined, "Transport")
        assert.strictEqual(failure.operation, "list")
      }))
  }
})

describe("layerConfig", () => {
  it.scoped("reads bearer, service and base URL from the ConfigProvider", () =>
    Effect.gen(function*() {
      const seen: Array<{ readonly url?: string | undefined; readonly authorization?: string | undefined }> = []
      const server = yield* rawServer((request, response) => {
        seen.push({ url: request.url, authorization: request.headers.authorization })
        emptyListPage(request, response)
      })
      const env = new Map([
        ["AUTHLETE_BEARER", bearer],
        ["AUTHLETE_SERVICE_ID", serviceId],
        ["AUTHLETE_BASE_URL", `${server.url}/authlete`]
      ])
      yield* TokenManagement.list().pipe(
        Effect.provide(NodeAuthlete.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(env))
      )
      assert.deepStrictEqual(seen, [{
        url: `/authlete/api/${serviceId}/auth/token/get/list`,
        authorization: `Bearer ${bearer}`
      }])
    }))

  it.effect("picks the cluster from AUTHLETE_SERVER", () =>
    Effect.gen(function*() {
      const client = yield* AuthleteClient.AuthleteClient.pipe(
        Effect.provide(NodeAuthlete.layerConfig()),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(new Map([["AUTHLETE_BEARER", bearer], ["AUTHLETE_SERVER", "jp"]]))
        )
      )
      assert.strictEqual(client.baseUrl, "https://jp.authlete.com")
      assert.strictEqual(client.defaults.serviceId, undefined)
    }))

  it.effect("fails with a ConfigError, naming the variable, when AUTHLETE_BEARER is missing", () =>
    Effect.gen(function*() {
      const error = yield* TokenManagement.list().pipe(
        Effect.provide(NodeAuthlete.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["AUTHLETE_SERVICE_ID", serviceId]]))),
        Effect.flip
      )
      assert.include(String(error), "AUTHLETE_BEARER")
    }))
})
