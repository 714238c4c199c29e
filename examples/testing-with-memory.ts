/**
 * Testing your own code with the emulator: `TestAuthlete.layerMemory()` answers `TokenManagement` from an in-memory
 * emulator (no HTTP, no credentials), and the emulator reads time from Effect's `Clock`, so `TestClock` moves token
 * expiry forward without waiting.
 *
 * The code under test is app/Sessions.ts. This script is a plain program with node:assert (it exits with 1 when an
 * assertion fails); test/Sessions.test.ts is the same idea as a vitest suite.
 */
import { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "@effect-authlete/emulator"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, TestClock, TestContext } from "effect"
import assert from "node:assert/strict"
import { activeSessions, signOutEverywhere } from "./app/Sessions.js"

const scenario = Effect.gen(function*() {
  // The emulator comes with a service, a client, a bearer and a default user.
  const emulator = yield* AuthleteEmulator.AuthleteEmulator
  const { clientId, subject } = emulator.defaults

  yield* Console.log(`${subject} gets a one-hour token and a one-day token`)
  for (const accessTokenDuration of [3600, 86400]) {
    yield* TokenManagement.create({ grantType: "AUTHORIZATION_CODE", clientId, subject, accessTokenDuration })
  }
  assert.equal((yield* activeSessions(subject)).length, 2)
  yield* Console.log("✓ two active sessions")

  yield* Console.log("two hours pass (TestClock.adjust: instant, no real waiting)")
  yield* TestClock.adjust("2 hours")
  assert.equal((yield* activeSessions(subject)).length, 1)
  yield* Console.log("✓ one active session left")

  // Seeding directly into the emulator is quicker than calling create 45 times.
  yield* Effect.replicateEffect(emulator.addToken({ subject }), 45)
  const revoked = yield* signOutEverywhere(subject)
  yield* Console.log(`signOutEverywhere revoked ${revoked} tokens (45 seeded, 2 created; 20 per bulk revoke)`)
  assert.equal(revoked, 47)
  assert.equal((yield* activeSessions(subject)).length, 0)
  yield* Console.log("✓ no session left")
})

scenario.pipe(
  // A fresh emulator for this scenario, and the test services (TestClock) of @effect/vitest's it.effect.
  Effect.provide(TestAuthlete.layerMemory()),
  Effect.provide(TestContext.TestContext),
  NodeRuntime.runMain
)
