/** `TestAuthlete.layerMemory`: `TokenManagement` answered in memory, the emulator beside it (browser safety: `BrowserSafe.test.ts`). */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Inspectable, Redacted, Stream } from "effect"
import { TestAuthlete } from "../src/index.js"
import { clientAlias, emulator, issued, memory, serviceId, sha256, subject } from "./AuthleteEmulator.fixtures.js"

describe("layerMemory", () => {
  it.effect("acts on the emulator's default service: create → update → list → revoke → delete", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const first = yield* issued({ scopes: ["history.read"] })
      const second = yield* issued({ scopes: ["timeline.read"] })
      const updated = yield* TokenManagement.update({
        accessToken: first.accessToken,
        scopes: ["history.read", "email"]
      })
      assert.deepStrictEqual(updated.scopes, ["history.read", "email"])
      const page = yield* TokenManagement.list({ clientIdentifier: clientAlias, subject })
      assert.deepStrictEqual(page.accessTokens?.map((t) => t.scopes), [["history.read", "email"], ["timeline.read"]])
      assert.strictEqual((yield* TokenManagement.revoke({ accessTokenIdentifier: first.accessToken })).count, 1)
      yield* TokenManagement.delete({ accessTokenIdentifier: second.accessToken })
      assert.strictEqual(yield* e.count(serviceId), 0)
    }).pipe(memory()))

  it.effect("listStream walks every page", () =>
    Effect.gen(function*() {
      const tokens = yield* Effect.forEach(Array.from({ length: 23 }), () => issued())
      const streamed = yield* Stream.runCollect(TokenManagement.listStream({ pageSize: 5 }))
      assert.deepStrictEqual(
        Chunk.toReadonlyArray(streamed).map((t) => t.accessTokenHash),
        tokens.map((t) => sha256(t.accessToken))
      )
    }).pipe(memory()))

  it.effect("each layer is a fresh emulator", () =>
    Effect.gen(function*() {
      const countIn = (layer: ReturnType<typeof TestAuthlete.layerMemory>, create: boolean) =>
        Effect.gen(function*() {
          if (create) yield* issued()
          return yield* (yield* emulator).count()
        }).pipe(Effect.provide(layer))
      assert.strictEqual(yield* countIn(TestAuthlete.layerMemory(), true), 1)
      assert.strictEqual(yield* countIn(TestAuthlete.layerMemory(), false), 0)
    }))

  it.effect("token values come back Redacted and stay out of printed answers and errors", () =>
    Effect.gen(function*() {
      const { accessToken, refreshToken, response } = yield* issued()
      assert.isTrue(Redacted.isRedacted(response.accessToken))
      const printed = Inspectable.format(response) + JSON.stringify(response)
      assert.notInclude(printed, accessToken)
      assert.notInclude(printed, refreshToken!)
      const error = yield* Effect.flip(TokenManagement.revoke({ accessTokenIdentifier: `${accessToken}-unknown` }))
      assert.notInclude(Inspectable.format(error) + error.message, accessToken)
    }).pipe(memory()))

  it.effect("bad input is a typed error before the emulator sees it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TokenManagement.list({ start: 5, end: 1 }))
      assert.strictEqual(error._tag, "RequestValidationError")
    }).pipe(memory()))
})
