/**
 * Timeouts and retries on the test clock. Shared by both editions (the Effect 4 edition links to this file): forking,
 * polling and the test clock come from `utils/edition.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Option } from "effect"
import type * as AuthleteClient from "../src/AuthleteClient.js"
import * as AuthleteError from "../src/AuthleteError.js"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertSameError } from "./utils/assertions.js"
import type { DurationInput } from "./utils/edition.js"
import { adjust, fork, poll } from "./utils/edition.js"
import type { AnyCall } from "./utils/operations.js"
import { okAnswer, validCall } from "./utils/operations.js"
import type { Script } from "./utils/scripted.js"
import { always, defaultOptions, json, refused, scripted, sequence, silent, text } from "./utils/scripted.js"

/** Starts `call` against the scripted layer; `advance` moves the test clock and tells whether the call is over. */
const start = (call: AnyCall, script: Script, options = defaultOptions) =>
  Effect.gen(function*() {
    const harness = scripted(script, options)
    const fiber = yield* fork(Effect.provide(call, harness.layer))
    const advance = (duration: DurationInput) => Effect.andThen(adjust(duration), poll(fiber))
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

  it.effect("with no timeout configured, the default of 30 seconds ends a silent call", () =>
    Effect.gen(function*() {
      const call = yield* start(validCall.list, always(() => silent), { ...defaultOptions, timeout: undefined })
      assert.isTrue(Option.isNone(yield* call.advance("29 seconds")))
      assert.isTrue(Option.isSome(yield* call.advance("1 second")))
      assertSameError(yield* Effect.flip(Fiber.join(call.fiber)), timeoutError("list"))
      assert.isTrue(call.requests[0].signal.aborted)
    }))

  it.effect("timeout: Duration.infinity keeps a silent call waiting until interrupted", () =>
    Effect.gen(function*() {
      const call = yield* start(validCall.list, always(() => silent), { ...defaultOptions, timeout: Duration.infinity })
      assert.isTrue(Option.isNone(yield* call.advance("1 hour")))
      yield* Fiber.interrupt(call.fiber)
      assert.isTrue(call.requests[0].signal.aborted)
    }))
})

const unavailable = () => text(503, "busy", "text/plain")

/** Runs `call` to its end, moving the clock far enough for any retry: did it succeed, after how many attempts. */
const settle = (call: AnyCall, script: Script, options = defaultOptions) =>
  Effect.gen(function*() {
    const started = yield* start(call, script, options)
    const exit = yield* started.advance("1 minute")
    assert.isTrue(Option.isSome(exit), "the call is over")
    const outcome = Exit.isSuccess(Option.getOrThrow(exit)) ? "success" : "failure"
    return { outcome, attempts: started.requests.length }
  })

const withLayerRetry = { ...defaultOptions, retry: AuthleteRetry.make() }

const retryCases: ReadonlyArray<{
  readonly name: string
  readonly call: AnyCall
  readonly script: Script
  readonly options?: AuthleteClient.Options
  readonly expected: { readonly outcome: "success" | "failure"; readonly attempts: number }
}> = [
  {
    name: "the layer policy retries a 503 and then succeeds",
    call: validCall.list,
    script: sequence(unavailable, okAnswer.list),
    options: withLayerRetry,
    expected: { outcome: "success", attempts: 2 }
  },
  {
    name: "the layer policy retries a refused connection and a timeout",
    call: validCall.revoke,
    script: sequence(() => refused, () => silent, okAnswer.revoke),
    options: { ...withLayerRetry, timeout: "2 seconds" },
    expected: { outcome: "success", attempts: 3 }
  },
  {
    name: "the policy gives up after `times` retries",
    call: validCall.list,
    script: always(unavailable),
    options: { ...defaultOptions, retry: AuthleteRetry.make({ times: 2 }) },
    expected: { outcome: "failure", attempts: 3 }
  },
  {
    name: "what a retry cannot fix (a ResultError) is not retried",
    call: validCall.list,
    script: sequence(() => json(401, {}), okAnswer.list),
    options: withLayerRetry,
    expected: { outcome: "failure", attempts: 1 }
  },
  {
    name: "without a policy nothing is retried",
    call: validCall.list,
    script: sequence(unavailable, okAnswer.list),
    expected: { outcome: "failure", attempts: 1 }
  },
  {
    name: "create is not retried by the layer policy",
    call: validCall.create,
    script: sequence(unavailable, okAnswer.create),
    options: withLayerRetry,
    expected: { outcome: "failure", attempts: 1 }
  },
  {
    name: "create is retried when the policy is passed per call",
    call: TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1 }, { retry: AuthleteRetry.make() }),
    script: sequence(unavailable, okAnswer.create),
    expected: { outcome: "success", attempts: 2 }
  },
  {
    name: "a layer policy with retryNonIdempotent retries create",
    call: validCall.create,
    script: sequence(unavailable, okAnswer.create),
    options: { ...defaultOptions, retry: AuthleteRetry.make({ retryNonIdempotent: true }) },
    expected: { outcome: "success", attempts: 2 }
  },
  {
    name: "retry: false in the call turns the layer policy off",
    call: TokenManagement.list({}, { retry: false }),
    script: sequence(unavailable, okAnswer.list),
    options: withLayerRetry,
    expected: { outcome: "failure", attempts: 1 }
  },
  {
    name: "an update that changes the token value is not retried by the layer policy",
    call: TokenManagement.update({ accessTokenHash: "h", accessTokenValueUpdated: true }),
    script: sequence(unavailable, okAnswer.update),
    options: withLayerRetry,
    expected: { outcome: "failure", attempts: 1 }
  },
  {
    name: "an update that keeps the token value is retried by the layer policy",
    call: TokenManagement.update({ accessTokenHash: "h", accessTokenValueUpdated: false }),
    script: sequence(unavailable, okAnswer.update),
    options: withLayerRetry,
    expected: { outcome: "success", attempts: 2 }
  }
]

describe("retry", () => {
  for (const { call, expected, name, options, script } of retryCases) {
    it.effect(name, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* settle(call, script, options), expected)
      }))
  }

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
