// Shared by both editions (the Effect 4 edition links to this file): configuration comes from `utils/edition.ts`.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as AuthleteClient from "../src/AuthleteClient.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { isConfigError, withEnv } from "./utils/edition.js"
import { HttpClient } from "./utils/http.js"
import { okAnswer } from "./utils/operations.js"
import { always, scripted } from "./utils/scripted.js"

/** `TokenManagement` over `AuthleteClient.layerConfig()` read from `env`, over a scripted client. */
const fromEnv = <A, E>(effect: Effect.Effect<A, E, TokenManagement.TokenManagement>, env: Record<string, string>) => {
  const harness = scripted(always(okAnswer.list))
  const layer = TokenManagement.layer.pipe(
    Layer.provide(AuthleteClient.layerConfig()),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, harness.client))
  )
  const run = withEnv(Effect.provide(effect, layer), env)
  return { run, requests: harness.requests }
}

/** Runs `effect` configured from `env` and returns the one request it sent. */
const sentFromEnv = <A, E>(
  effect: Effect.Effect<A, E, TokenManagement.TokenManagement>,
  env: Record<string, string>
) => {
  const { requests, run } = fromEnv(effect, env)
  return Effect.map(run, () => {
    assert.strictEqual(requests.length, 1)
    return requests[0]
  })
}

describe("layerConfig", () => {
  it.effect("reads bearer, service ID and cluster from AUTHLETE_*", () =>
    Effect.gen(function*() {
      const request = yield* sentFromEnv(TokenManagement.list(), {
        AUTHLETE_BEARER: "env-bearer",
        AUTHLETE_SERVICE_ID: "1234",
        AUTHLETE_SERVER: "eu"
      })
      assert.strictEqual(request.url.href, "https://eu.authlete.com/api/1234/auth/token/get/list")
      assert.strictEqual(request.headers["authorization"], "Bearer env-bearer")
    }))

  it.effect("AUTHLETE_BASE_URL wins over AUTHLETE_SERVER and keeps its path", () =>
    Effect.gen(function*() {
      const request = yield* sentFromEnv(TokenManagement.list(), {
        AUTHLETE_BEARER: "env-bearer",
        AUTHLETE_SERVICE_ID: "1234",
        AUTHLETE_SERVER: "jp",
        AUTHLETE_BASE_URL: "http://127.0.0.1:9999/mock/"
      })
      assert.strictEqual(request.url.href, "http://127.0.0.1:9999/mock/api/1234/auth/token/get/list")
    }))

  it.effect("without AUTHLETE_SERVICE_ID the service ID comes from the call, on the us cluster", () =>
    Effect.gen(function*() {
      const request = yield* sentFromEnv(TokenManagement.list({}, { serviceId: "77" }), { AUTHLETE_BEARER: "b" })
      assert.strictEqual(request.url.href, "https://us.authlete.com/api/77/auth/token/get/list")
    }))

  it.effect("a missing bearer fails the layer build with a ConfigError, before any request", () =>
    Effect.gen(function*() {
      const { requests, run } = fromEnv(TokenManagement.list(), { AUTHLETE_SERVICE_ID: "1234" })
      const error = yield* Effect.flip(run)
      assert.isTrue(isConfigError(error))
      assert.include(String(error), "AUTHLETE_BEARER")
      assert.strictEqual(requests.length, 0)
    }))

  it.effect("an unknown AUTHLETE_SERVER fails the layer build with a ConfigError", () =>
    Effect.gen(function*() {
      const { run } = fromEnv(TokenManagement.list(), { AUTHLETE_BEARER: "b", AUTHLETE_SERVER: "mars" })
      const error = yield* Effect.flip(run)
      assert.isTrue(isConfigError(error))
      assert.include(String(error), "AUTHLETE_SERVER")
    }))

  it.effect("the bearer read from the environment stays Redacted in the client's config", () =>
    Effect.gen(function*() {
      const options = yield* withEnv(
        Effect.gen(function*() {
          return yield* AuthleteClient.config
        }),
        { AUTHLETE_BEARER: "env-bearer" }
      )
      assert.notInclude(String(options.bearer), "env-bearer")
      assert.notInclude(JSON.stringify(options), "env-bearer")
    }))
})
