/**
 * The safe defaults on Effect 4, where the Effect 3 edition's resilience and safe-defaults tests (written against
 * Effect 3's fiber and test-clock APIs) do not run: the 30-second attempt timeout, redirects never followed, retries
 * only for idempotent calls.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { okAnswer, validCall } from "./utils/operations.js"
import { always, defaultOptions, json, scripted, sequence, silent, text } from "./utils/scripted.js"

describe("attempt timeout", () => {
  it.effect("a silent server fails the call with a Timeout TransportError after 30 seconds, not before", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => silent))
      const fiber = yield* Effect.forkChild(Effect.flip(Effect.provide(validCall.list, harness.layer)))
      yield* TestClock.adjust("29 seconds")
      assert.isUndefined(fiber.pollUnsafe(), "still waiting at 29 s")
      yield* TestClock.adjust("1 second")
      const exit = fiber.pollUnsafe()
      assert.strictEqual(exit?._tag, "Success", "over at 30 s")
      const error = exit?._tag === "Success" ? exit.value : undefined
      assert.strictEqual(error?._tag, "TransportError")
      assert.strictEqual(error?._tag === "TransportError" ? error.reason : undefined, "Timeout")
      assert.isTrue(harness.requests[0].signal.aborted, "the request was aborted")
    }))
})

describe("redirects", () => {
  for (const status of [301, 302, 307]) {
    it.effect(`a ${status} fails with a RedirectError and is not followed`, () =>
      Effect.gen(function*() {
        const harness = scripted(always(() => text(status, "", "text/plain", { location: "https://elsewhere.test/" })))
        const error = yield* Effect.flip(Effect.provide(validCall.list, harness.layer))
        assert.strictEqual(error._tag, "RedirectError")
        assert.notInclude(error.message, "elsewhere")
        assert.strictEqual(harness.requests.length, 1)
      }))
  }
})

describe("retries", () => {
  const busy = () => json(503, { resultCode: "busy" })

  it.effect("the standard policy retries an idempotent call on 503 until it succeeds", () =>
    Effect.gen(function*() {
      const harness = scripted(sequence(busy, busy, okAnswer.list), {
        ...defaultOptions,
        retry: AuthleteRetry.standard
      })
      const fiber = yield* Effect.forkChild(Effect.provide(validCall.list, harness.layer))
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(fiber.pollUnsafe()?._tag, "Success")
      assert.strictEqual(harness.requests.length, 3)
    }))

  it.effect("a layer policy never repeats create", () =>
    Effect.gen(function*() {
      const harness = scripted(sequence(busy, okAnswer.create), { ...defaultOptions, retry: AuthleteRetry.standard })
      const error = yield* Effect.flip(Effect.provide(validCall.create, harness.layer))
      assert.strictEqual(error._tag, "UnexpectedStatusError")
      assert.strictEqual(harness.requests.length, 1)
    }))

  it.effect("a policy stops after its number of retries", () =>
    Effect.gen(function*() {
      const policy = AuthleteRetry.make({ times: 2 })
      const harness = scripted(always(busy), { ...defaultOptions, retry: policy })
      const fiber = yield* Effect.forkChild(Effect.flip(Effect.provide(TokenManagement.list(), harness.layer)))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(fiber.pollUnsafe()?._tag, "Success")
      assert.strictEqual(harness.requests.length, 3, "the first attempt and two retries")
    }))
})
