/** Rules D1–D2 of `delete` and R1–R7 of `revoke`. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import {
  assertResult,
  bodyOf,
  call,
  clientAlias,
  clientId,
  emulator,
  issued,
  memory,
  sha256,
  wire
} from "./AuthleteEmulator.fixtures.js"

const remaining = Effect.flatMap(emulator, (e) => e.tokens())

/** Tokens for several subjects, of the default client and of a second one. */
const population = Effect.gen(function*() {
  const e = yield* emulator
  const second = yield* e.addClient({ clientIdAlias: "second" })
  for (const subject of ["ann", "ann", "bob"]) yield* issued({ subject })
  for (const subject of ["ann", "bob"]) yield* issued({ subject, clientId: second })
  return second
})

describe("D1–D2 delete", () => {
  it.effect("D1 by raw value → 204, the pair is gone", () =>
    Effect.gen(function*() {
      const { accessToken, refreshToken } = yield* issued()
      yield* TokenManagement.delete({ accessTokenIdentifier: Redacted.make(accessToken) })
      assert.deepStrictEqual(yield* remaining, [])
      const byRefresh = bodyOf(yield* wire(call("update", { refreshToken })))
      assert.strictEqual(byRefresh.action, "NOT_FOUND")
    }).pipe(memory()))

  it.effect("D1 by hash → 204, only that token is gone", () =>
    Effect.gen(function*() {
      const first = yield* issued()
      const second = yield* issued()
      yield* TokenManagement.delete({ accessTokenIdentifier: sha256(first.accessToken) })
      assert.deepStrictEqual((yield* remaining).map((t) => t.accessTokenHash), [sha256(second.accessToken)])
    }).pipe(memory()))

  it.effect("D2 unknown identifier → 204 by default", () =>
    Effect.gen(function*() {
      yield* issued()
      yield* TokenManagement.delete({ accessTokenIdentifier: "unknown-token" })
      assert.strictEqual((yield* remaining).length, 1)
    }).pipe(memory()))

  it.effect("D2 deleteUnknownStatus 404 → UnexpectedStatusError 404 that does not quote the identifier", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TokenManagement.delete({ accessTokenIdentifier: "secret-unknown-token" }))
      assert.strictEqual(error._tag, "UnexpectedStatusError")
      assert.strictEqual(error._tag === "UnexpectedStatusError" && error.status, 404)
      assert.notInclude(JSON.stringify(error) + error.message, "secret-unknown-token")
    }).pipe(memory({ deleteUnknownStatus: 404 })))

  it.effect("D2 a token of another service is not deleted", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const other = yield* e.addService({ bearers: [Redacted.value(e.defaults.bearer)] })
      yield* e.addClient({ serviceId: other })
      const foreign = yield* e.addToken({ serviceId: other })
      yield* TokenManagement.delete({ accessTokenIdentifier: foreign.accessToken })
      assert.strictEqual(yield* e.count(other), 1)
    }).pipe(memory()))
})

describe("R1–R2 single pair", () => {
  it.effect("R1 accessTokenIdentifier wins: the rest of the body is ignored", () =>
    Effect.gen(function*() {
      const target = yield* issued({ subject: "ann" })
      yield* issued({ subject: "ann" })
      const revoked = yield* TokenManagement.revoke({
        accessTokenIdentifier: target.accessToken,
        subject: "ann",
        clientIdentifier: clientAlias
      })
      assert.strictEqual(revoked.count, 1)
      assert.strictEqual((yield* remaining).length, 1)
      assert.notStrictEqual((yield* remaining)[0].accessTokenHash, sha256(target.accessToken))
    }).pipe(memory()))

  it.effect("R1 refreshTokenIdentifier comes next, before client and subject", () =>
    Effect.gen(function*() {
      const target = yield* issued({ subject: "ann" })
      yield* issued({ subject: "ann" })
      const revoked = yield* TokenManagement.revoke({ refreshTokenIdentifier: target.refreshToken!, subject: "ann" })
      assert.strictEqual(revoked.count, 1)
      assert.strictEqual((yield* remaining).length, 1)
    }).pipe(memory()))

  it.effect("R2 revoking by access token (hash) takes its refresh token; by refresh token (hash) its access token", () =>
    Effect.gen(function*() {
      const first = yield* issued()
      const second = yield* issued()
      yield* TokenManagement.revoke({ accessTokenIdentifier: sha256(first.accessToken) })
      assert.strictEqual(bodyOf(yield* wire(call("update", { refreshToken: first.refreshToken }))).action, "NOT_FOUND")
      yield* TokenManagement.revoke({ refreshTokenIdentifier: sha256(second.refreshToken!) })
      assert.strictEqual((yield* TokenManagement.update({ accessToken: second.accessToken })).action, "NOT_FOUND")
      assert.deepStrictEqual(yield* remaining, [])
    }).pipe(memory()))
})

describe("R3 bulk", () => {
  it.effect("R3 client and subject, client only, subject only", () =>
    Effect.gen(function*() {
      yield* population
      assert.strictEqual((yield* TokenManagement.revoke({ clientIdentifier: "second", subject: "ann" })).count, 1)
      assert.strictEqual((yield* TokenManagement.revoke({ clientIdentifier: String(clientId) })).count, 3)
      assert.deepStrictEqual((yield* remaining).map((t) => t.subject), ["bob"])
      assert.strictEqual((yield* TokenManagement.revoke({ subject: "bob" })).count, 1)
      assert.deepStrictEqual(yield* remaining, [])
    }).pipe(memory()))

  it.effect("R3 at most 20 per call: 25 tokens take 20, then 5, then 0", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(Array.from({ length: 25 }), () => issued({ subject: "many" }))
      const counts = yield* Effect.forEach([1, 2, 3], () => TokenManagement.revoke({ subject: "many" }))
      assert.deepStrictEqual(counts.map((r) => r.count), [20, 5, 0])
    }).pipe(memory()))

  it.effect("R3 revokeBulkLimit changes the cap; the oldest tokens go first", () =>
    Effect.gen(function*() {
      const tokens = yield* Effect.forEach([1, 2, 3, 4], () => issued())
      assert.strictEqual((yield* TokenManagement.revoke({ clientIdentifier: clientAlias })).count, 3)
      assert.deepStrictEqual((yield* remaining).map((t) => t.accessTokenHash), [sha256(tokens[3].accessToken)])
    }).pipe(memory({ revokeBulkLimit: 3 })))

  it.effect("R3 an unknown client revokes nothing", () =>
    Effect.gen(function*() {
      yield* population
      assert.strictEqual((yield* TokenManagement.revoke({ clientIdentifier: "nobody", subject: "ann" })).count, 0)
      assert.strictEqual((yield* remaining).length, 5)
    }).pipe(memory()))
})

it.effect("R4 empty body or no recognised field → 400", () =>
  Effect.gen(function*() {
    for (const body of [undefined, {}, { accessTokenIdentifier: "" }, { unknown: "x" }]) {
      const reply = yield* wire(call("revoke", body))
      assertResult(reply, 400, "A312201")
    }
  }).pipe(memory()))

it.effect("R5 success body: A312001, 'Revoked <n> access token(s).', count", () =>
  Effect.gen(function*() {
    yield* population
    const reply = yield* wire(call("revoke", { subject: "ann" }))
    assert.deepStrictEqual(reply, {
      status: 200,
      body: { resultCode: "A312001", resultMessage: "Revoked 3 access token(s).", count: 3 }
    })
  }).pipe(memory()))

describe("R6 unknown single identifier", () => {
  it.effect("R6 → 404 by default, without quoting the identifier", () =>
    Effect.gen(function*() {
      const reply = yield* wire(call("revoke", { accessTokenIdentifier: "secret-unknown" }))
      assert.strictEqual(reply.status, 404)
      assert.notInclude(JSON.stringify(reply), "secret-unknown")
      const error = yield* Effect.flip(TokenManagement.revoke({ refreshTokenIdentifier: "secret-unknown" }))
      assert.strictEqual(error._tag === "UnexpectedStatusError" && error.status, 404)
    }).pipe(memory()))

  it.effect("R6 revokeUnknownStatus 200 → count 0", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* TokenManagement.revoke({ accessTokenIdentifier: "unknown" })).count, 0)
    }).pipe(memory({ revokeUnknownStatus: 200 })))
})

it.effect("R7 revoked tokens are no longer listed nor usable", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued()
    yield* issued()
    yield* TokenManagement.revoke({ accessTokenIdentifier: accessToken })
    const page = yield* TokenManagement.list()
    assert.strictEqual(page.totalCount, 1)
    assert.isFalse(page.accessTokens?.some((t) => t.accessTokenHash === sha256(accessToken)))
    assert.strictEqual((yield* TokenManagement.update({ accessToken })).action, "NOT_FOUND")
  }).pipe(memory()))
