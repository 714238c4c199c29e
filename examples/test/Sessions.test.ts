/**
 * app/Sessions.ts under vitest: `it.effect` runs each test with `TestClock`, and each test gets a fresh emulator from
 * `TestAuthlete.layerMemory()` (provided per test, so no state leaks between tests).
 */
import { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "@effect-authlete/emulator"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { activeSessions, signOutEverywhere } from "../app/Sessions.js"

/** The emulator's default client, user and bearer. */
const defaults = Effect.map(AuthleteEmulator.AuthleteEmulator, (emulator) => emulator.defaults)

describe("activeSessions", () => {
  it.effect("drops a token once it expires", () =>
    Effect.gen(function*() {
      const { clientId, subject } = yield* defaults
      yield* TokenManagement.create({ grantType: "AUTHORIZATION_CODE", clientId, subject, accessTokenDuration: 60 })

      assert.strictEqual((yield* activeSessions(subject)).length, 1)
      yield* TestClock.adjust("59 seconds")
      assert.strictEqual((yield* activeSessions(subject)).length, 1)
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual((yield* activeSessions(subject)).length, 0)
    }).pipe(Effect.provide(TestAuthlete.layerMemory())))

  it.effect("reads every page and only the user's tokens", () =>
    Effect.gen(function*() {
      const emulator = yield* AuthleteEmulator.AuthleteEmulator
      yield* Effect.replicateEffect(emulator.addToken({ subject: "bob" }), 120)
      yield* emulator.addToken({ subject: "carol" })

      const sessions = yield* activeSessions("bob")
      assert.strictEqual(sessions.length, 120)
      assert.isTrue(sessions.every((token) => token.subject === "bob"))
    }).pipe(Effect.provide(TestAuthlete.layerMemory())))
})

describe("signOutEverywhere", () => {
  it.effect("keeps revoking past the 20-per-call cap until nothing is left", () =>
    Effect.gen(function*() {
      const emulator = yield* AuthleteEmulator.AuthleteEmulator
      yield* Effect.replicateEffect(emulator.addToken({ subject: "bob" }), 45)
      yield* emulator.addToken({ subject: "carol" })

      assert.strictEqual(yield* signOutEverywhere("bob"), 45)
      assert.strictEqual(yield* emulator.count(), 1) // carol's
    }).pipe(Effect.provide(TestAuthlete.layerMemory())))

  it.effect("answers 0 when the user has no token", () =>
    Effect.gen(function*() {
      const { subject } = yield* defaults
      assert.strictEqual(yield* signOutEverywhere(subject), 0)
    }).pipe(Effect.provide(TestAuthlete.layerMemory())))
})
