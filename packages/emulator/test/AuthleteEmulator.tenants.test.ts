/**
 * The store operations behind the standalone server's clock and tenant routes (`@effect-authlete/emulator/internal`):
 * the offset every rule adds to the `Clock`, and one service emptied, cut out of a snapshot or removed.
 */
import { HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { AuthleteEmulator, EmulatorSnapshot } from "../src/index.js"
import * as Internal from "../src/internal/index.js"

/** `POST /api/{serviceId}/auth/introspection` in process: the answer's JSON. */
const introspect = (e: AuthleteEmulator.Service, bearer: string, serviceId: string, token: string) =>
  HttpClientRequest.post(`${AuthleteEmulator.inProcessUrl}/api/${serviceId}/auth/introspection`).pipe(
    HttpClientRequest.setHeader("authorization", `Bearer ${bearer}`),
    HttpClientRequest.bodyText(JSON.stringify({ token }), "application/json"),
    e.httpClient.execute,
    Effect.flatMap((response) => response.json),
    Effect.orDie
  )

describe("the clock offset", () => {
  it.effect("is added to the Clock by every rule, and kept by restore", () =>
    Effect.gen(function*() {
      const { service: e, store } = yield* Internal.make({ service: { accessTokenDuration: 60 } })
      const bearer = Redacted.value(e.defaults.bearer)
      const { accessToken } = yield* e.addToken({})
      const before = (yield* introspect(e, bearer, e.defaults.serviceId, accessToken)) as { action: string }
      assert.strictEqual(before.action, "OK")
      assert.strictEqual(yield* Internal.advanceClock(store.cell, 61_000), 61_000)
      const after = (yield* introspect(e, bearer, e.defaults.serviceId, accessToken)) as {
        action: string
        usable: boolean
      }
      assert.strictEqual(after.action, "UNAUTHORIZED")
      assert.strictEqual(after.usable, false)
      // never back
      assert.strictEqual(yield* Internal.advanceClock(store.cell, -5_000), 61_000)
      yield* e.restore(yield* e.snapshot)
      assert.strictEqual(yield* Internal.clockOffset(store.cell), 61_000)
      // a seeded token is minted at the emulator's time too (the TestClock stands at 0)
      const seeded = yield* e.addToken({})
      const [record] = (yield* e.tokens()).filter((token) => token.accessTokenHash === seeded.accessTokenHash)
      assert.strictEqual(record.accessTokenExpiresAt, 61_000 + 60_000)
      yield* Internal.resetClock(store.cell)
      assert.strictEqual(yield* Internal.clockOffset(store.cell), 0)
    }))

  it.effect("is kept in a snapshot, so in the state file: a restored emulator runs at the saved time", () =>
    Effect.gen(function*() {
      const { service: e, store } = yield* Internal.make({ service: { accessTokenDuration: 60 } })
      const { accessToken } = yield* e.addToken({})
      yield* Internal.advanceClock(store.cell, 61_000)
      const snapshot = yield* e.snapshot
      assert.strictEqual(snapshot.clockOffset, 61_000)
      const text = EmulatorSnapshot.toJson(snapshot)

      const { service: restored, store: restoredStore } = yield* Internal.make({ service: { accessTokenDuration: 60 } })
      yield* restored.restore(yield* EmulatorSnapshot.fromJson(text))
      assert.strictEqual(yield* Internal.clockOffset(restoredStore.cell), 61_000)
      const bearer = Redacted.value(restored.defaults.bearer)
      const answer = (yield* introspect(restored, bearer, restored.defaults.serviceId, accessToken)) as {
        action: string
      }
      assert.strictEqual(answer.action, "UNAUTHORIZED")
      // a snapshot written before the offset was kept leaves it as it is
      const { clockOffset: _, ...older } = snapshot
      yield* Internal.advanceClock(restoredStore.cell, 1_000)
      yield* restored.restore(older)
      assert.strictEqual(yield* Internal.clockOffset(restoredStore.cell), 62_000)
    }))
})

describe("one service of the store", () => {
  it.effect("is emptied, cut out and removed without touching the others", () =>
    Effect.gen(function*() {
      const { service: e, store } = yield* Internal.make({})
      const a = yield* e.addService({ bearers: ["bearer-a"] })
      const b = yield* e.addService({ bearers: ["bearer-b"] })
      yield* e.addBearer("org-bearer", "*")
      const clientA = yield* e.addClient({ serviceId: a })
      yield* e.addClient({ serviceId: b })
      yield* e.addTokens([{ serviceId: a }, { serviceId: a }, { serviceId: b }])

      const part = Internal.serviceSnapshot(yield* e.snapshot, a)
      assert.deepStrictEqual(part.services.map((service) => service.serviceId), [a])
      assert.deepStrictEqual(part.clients.map((client) => client.clientId), [clientA])
      assert.deepStrictEqual(part.bearers, [{ token: "bearer-a", serviceIds: [a] }])
      assert.strictEqual(part.tokens.length, 2)

      assert.strictEqual(yield* Internal.clearService(store.cell, a), 2)
      assert.strictEqual(yield* e.count(a), 0)
      assert.strictEqual(yield* e.count(b), 1)
      assert.isTrue(yield* Internal.hasService(store.cell, a))

      yield* e.addToken({ serviceId: a })
      yield* Internal.removeService(store.cell, a)
      assert.isFalse(yield* Internal.hasService(store.cell, a))
      const snapshot = yield* e.snapshot
      assert.isFalse(snapshot.tokens.some((token) => token.serviceId === a))
      assert.isFalse(snapshot.clients.some((client) => client.serviceId === a))
      assert.isFalse(snapshot.bearers.some((bearer) => bearer.token === "bearer-a"))
      assert.isTrue(snapshot.bearers.some((bearer) => bearer.token === "org-bearer" && bearer.serviceIds === "*"))
      assert.strictEqual(yield* e.count(b), 1)
    }))
})
