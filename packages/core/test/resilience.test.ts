import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Effect, Exit, Fiber, Option, TestClock } from "effect"
import * as AuthleteError from "../src/AuthleteError.js"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertSameError } from "./utils/assertions.js"
import type { AnyCall } from "./utils/operations.js"
import { okAnswer, validCall } from "./utils/operations.js"
import type { Script } from "./utils/scripted.js"
import { always, defaultOptions, json, refused, scripted, sequence, silent, text } from "./utils/scripted.js"

/** Starts `call` against the scripted layer; `advance` moves the test clock and tells whether the call is over. */
const start = (call: AnyCall, script: Script, options = defaultOptions) =>
  Effect.gen(function*() {
    const harness = scripted(script, options)
    const fiber = yield* Effect.fork(Effect.provide(call, harness.layer))
    const advance = (duration: Duration.DurationInput) =>
      Effect.zipRight(TestClock.adjust(duration), Fiber.poll(fiber))
    return { fiber, advance, requests: harness.requests }
  })

const timeoutError = (operation: AuthleteError.Operation) =>
  new AuthleteError.TransportError({ operation, reason: "Timeout", description: "the attempt timed out" })

describe("timeout", () => {
  it.effect("a silent server fails the call with a Timeout after the layer's timeout, and aborts the request", () =>
    Effect.gen(function*() {
      const call = yield* start(validCall.update, always(() => silent), { ...defaultOptions, timeout: "5 seconds" })
      assert.isTrue(Option.isNone(yield* call.advance("4999 millis")))
      assert.isFalse(call.requests[0].signal.aborted)
      const exit = yield* call.advance("1 milli")
      assert.isTrue(Option.isSome(exit))
      assertSameError(yield* Effect.flip(Fiber.join(call.fiber)), timeoutError("update"))
      assert.isTrue(call.requests[0].signal.aborted)
    }))

  it.effect("a timeout given per call overrides the layer's", () =>
    Effect.gen(function*() {
      const call = yield* start(
        TokenManagement.list({}, { timeout: "1 second" }),
        always(() => silent),
        { ...defaultOptions, timeout: "1 minute" }
      )
      assert.isTrue(Option.isNone(yield* call.advance("999 millis")))
      assert.isTrue(Option.isSome(yield* call.advance("1 milli")))
      assertSameError(yield* Effect.flip(Fiber.join(call.fiber)), timeoutError("list"))
    }))

  it.effect("without any timeout a silent server keeps the call waiting", () =>
    Effect.gen(function*() {
      const call = yield* start(validCall.list, always(() => silent))
      assert.isTrue(Option.isNone(yield* call.advance("1 hour")))
      yield* Fiber.interrupt(call.fiber)
      assert.isTrue(call.requests[0].signal.aborted)
    }))
})

const unavailable = () => text(503, "busy", "text/plain")

/** Runs `call` to its end, moving the clock far enough for any retry, and returns its exit and requests. */
const settle = (call: AnyCall, script: Script, options = defaultOptions) =>
  Effect.gen(function*() {
    const started = yield* start(call, script, options)
    const exit = yield* started.advance("1 minute")
    assert.isTrue(Option.isSome(exit), "the call is over")
    return { exit: Option.getOrThrow(exit), attempts: started.requests.length }
  })

const withLayerRetry = { ...defaultOptions, retry: AuthleteRetry.make() }

describe("retry", () => {
  it.effect("the layer policy retries a 503 and then succeeds", () =>
    Effect.gen(function*() {
      const { attempts, exit } = yield* settle(validCall.list, sequence(unavailable, okAnswer.list), withLayerRetry)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(attempts, 2)
    }))

  it.effect("the layer policy retries refused connections and timeouts", () =>
    Effect.gen(function*() {
      const { attempts, exit } = yield* settle(
        validCall.revoke,
        sequence(() => refused, () => silent, okAnswer.revoke),
        { ...withLayerRetry, timeout: "2 seconds" }
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(attempts, 3)
    }))

  it.effect("gives up after `times` retries with the last error", () =>
    Effect.gen(function*() {
      const { attempts, exit } = yield* settle(validCall.list, always(unavailable), {
        ...defaultOptions,
        retry: AuthleteRetry.make({ times: 2 })
      })
      assert.strictEqual(attempts, 3)
      assert.isTrue(Exit.isFailure(exit))
    }))

  it.effect("does not retry what a retry cannot fix (a ResultError)", () =>
    Effect.gen(function*() {
      const { attempts } = yield* settle(validCall.list, always(() => json(401, {})), withLayerRetry)
      assert.strictEqual(attempts, 1)
    }))

  it.effect("create is not retried by the layer policy", () =>
    Effect.gen(function*() {
      const { attempts, exit } = yield* settle(validCall.create, sequence(unavailable, okAnswer.create), withLayerRetry)
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(attempts, 1)
    }))

  it.effect("create is retried when the policy is passed per call", () =>
    Effect.gen(function*() {
      const call = TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1 }, {
        retry: AuthleteRetry.make()
      })
      const { attempts, exit } = yield* settle(call, sequence(unavailable, okAnswer.create))
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(attempts, 2)
    }))

  it.effect("a layer policy with retryNonIdempotent retries create", () =>
    Effect.gen(function*() {
      const { attempts } = yield* settle(validCall.create, sequence(unavailable, okAnswer.create), {
        ...defaultOptions,
        retry: AuthleteRetry.make({ retryNonIdempotent: true })
      })
      assert.strictEqual(attempts, 2)
    }))

  it.effect("retry: false in the call turns the layer policy off", () =>
    Effect.gen(function*() {
      const { attempts } = yield* settle(
        TokenManagement.list({}, { retry: false }),
        sequence(unavailable, okAnswer.list),
        withLayerRetry
      )
      assert.strictEqual(attempts, 1)
    }))

  it.effect("an update that changes the token value is not retried by the layer policy; a plain update is", () =>
    Effect.gen(function*() {
      const valueChanging = yield* settle(
        TokenManagement.update({ accessTokenHash: "h", accessTokenValueUpdated: true }),
        sequence(unavailable, okAnswer.update),
        withLayerRetry
      )
      assert.strictEqual(valueChanging.attempts, 1)
      const plain = yield* settle(
        TokenManagement.update({ accessTokenHash: "h", accessTokenValueUpdated: false }),
        sequence(unavailable, okAnswer.update),
        withLayerRetry
      )
      assert.strictEqual(plain.attempts, 2)
    }))

  it.effect("Retry-After is honoured: no second attempt before the asked delay", () =>
    Effect.gen(function*() {
      const call = yield* start(
        validCall.list,
        sequence(() => text(503, "busy", "text/plain", { "retry-after": "3" }), okAnswer.list),
        withLayerRetry
      )
      assert.isTrue(Option.isNone(yield* call.advance("2999 millis")))
      assert.strictEqual(call.requests.length, 1)
      const exit = yield* call.advance("1 milli")
      assert.strictEqual(call.requests.length, 2)
      assert.isTrue(Option.isSome(exit) && Exit.isSuccess(exit.value))
    }))

  it.effect("Retry-After is capped by maxDelay", () =>
    Effect.gen(function*() {
      const call = yield* start(
        validCall.list,
        sequence(() => text(429, "slow down", "text/plain", { "retry-after": "3600" }), okAnswer.list),
        { ...defaultOptions, retry: AuthleteRetry.make({ maxDelay: "2 seconds" }) }
      )
      assert.isTrue(Option.isNone(yield* call.advance("1999 millis")))
      assert.isTrue(Option.isSome(yield* call.advance("1 milli")))
      assert.strictEqual(call.requests.length, 2)
    }))
})
