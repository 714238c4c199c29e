/** Rules U1–U10 of `update`. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { bodyOf, call, emulator, issued, memory, reveal, sha256, wire } from "./AuthleteEmulator.fixtures.js"

/** The stored record of the only token. */
const onlyToken = Effect.flatMap(emulator, (e) => Effect.map(e.tokens(), ([token]) => token))

describe("U1 selection", () => {
  it.effect("U1 by accessTokenHash", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const updated = yield* TokenManagement.update({ accessTokenHash: sha256(accessToken), scopes: ["email"] })
      assert.strictEqual(updated.action, "OK")
      assert.deepStrictEqual((yield* onlyToken).scopes, ["email"])
    }).pipe(memory()))

  it.effect("U1 G4 accessTokenHash and refreshTokenHash also take the raw value, through core's client", () =>
    Effect.gen(function*() {
      const { accessToken, refreshToken } = yield* issued()
      const byRawAccessToken = yield* TokenManagement.update({ accessTokenHash: accessToken, scopes: ["email"] })
      assert.strictEqual(byRawAccessToken.action, "OK")
      assert.deepStrictEqual((yield* onlyToken).scopes, ["email"])
      const byRawRefreshToken = yield* TokenManagement.update({ refreshTokenHash: refreshToken!, scopes: ["profile"] })
      assert.strictEqual(byRawRefreshToken.action, "OK")
      assert.deepStrictEqual((yield* onlyToken).scopes, ["profile"])
      const byRefreshHash = yield* TokenManagement.update({ refreshTokenHash: sha256(refreshToken!), scopes: [] })
      assert.strictEqual(byRefreshHash.action, "OK")
      assert.deepStrictEqual((yield* onlyToken).scopes, [])
    }).pipe(memory()))

  it.effect("U1 by refreshToken or refreshTokenHash, below the access token fields", () =>
    Effect.gen(function*() {
      const { refreshToken } = yield* issued()
      const byRefresh = bodyOf(yield* wire(call("update", { refreshToken, scopes: ["email"] })))
      assert.strictEqual(byRefresh.action, "OK")
      const byHash = bodyOf(
        yield* wire(call("update", { refreshTokenHash: sha256(refreshToken!), scopes: ["profile"] }))
      )
      assert.strictEqual(byHash.action, "OK")
      assert.deepStrictEqual((yield* onlyToken).scopes, ["profile"])
      const precedence = bodyOf(yield* wire(call("update", { accessTokenHash: "unknown", refreshToken, scopes: [] })))
      assert.strictEqual(precedence.action, "NOT_FOUND")
    }).pipe(memory()))

  it.effect("U1 neither token nor hash → BAD_REQUEST", () =>
    Effect.gen(function*() {
      const reply = bodyOf(yield* wire(call("update", { scopes: ["openid"] })))
      assert.strictEqual(reply.action, "BAD_REQUEST")
      assert.strictEqual(reply.resultCode, "A135201")
    }).pipe(memory()))

  it.effect("U1 no such token → NOT_FOUND", () =>
    Effect.gen(function*() {
      const updated = yield* TokenManagement.update({ accessToken: "never-issued", scopes: ["openid"] })
      assert.strictEqual(updated.action, "NOT_FOUND")
      assert.strictEqual(updated.resultCode, "A135301")
    }).pipe(memory()))

  it.effect("U1 a token of another service → FORBIDDEN, left unchanged", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const other = yield* e.addService({ bearers: [`emulator-bearer-${e.defaults.serviceId}`] })
      yield* e.addClient({ serviceId: other })
      const foreign = yield* e.addToken({ serviceId: other, scopes: ["openid"] })
      const updated = yield* TokenManagement.update({ accessToken: foreign.accessToken, scopes: ["email"] })
      assert.strictEqual(updated.action, "FORBIDDEN")
      const [stored] = yield* e.tokens(other)
      assert.deepStrictEqual(stored.scopes, ["openid"])
    }).pipe(memory()))
})

describe("U2 expiry instants", () => {
  it.effect("U2 positive instants are set; 0 or negative leave them unchanged", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const before = yield* onlyToken
      const unchanged = yield* TokenManagement.update({
        accessToken,
        accessTokenExpiresAt: 0,
        refreshTokenExpiresAt: -5
      })
      assert.strictEqual(unchanged.accessTokenExpiresAt, before.accessTokenExpiresAt)
      assert.strictEqual(unchanged.refreshTokenExpiresAt, before.refreshTokenExpiresAt)
      const set = yield* TokenManagement.update({
        accessToken,
        accessTokenExpiresAt: 5000,
        refreshTokenExpiresAt: 9000
      })
      assert.strictEqual(set.accessTokenExpiresAt, 5000)
      assert.strictEqual(set.refreshTokenExpiresAt, 9000)
      const after = yield* onlyToken
      assert.strictEqual(after.accessTokenExpiresAt, 5000)
      assert.strictEqual(after.refreshTokenExpiresAt, 9000)
    }).pipe(memory()))
})

describe("U3 scopes", () => {
  it.effect("U3 replaced, dropping unsupported scopes and scopes the client may not request", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const updated = yield* TokenManagement.update({ accessToken, scopes: ["email", "admin", "history.read"] })
      assert.strictEqual(updated.action, "OK")
      assert.deepStrictEqual(updated.scopes, ["email"])
      assert.deepStrictEqual((yield* onlyToken).scopes, ["email"])
    }).pipe(memory({ client: { scopes: ["openid", "profile", "email"] } })))

  it.effect("U3 absent leaves scopes unchanged; [] empties them", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ scopes: ["openid", "email"] })
      assert.deepStrictEqual((yield* TokenManagement.update({ accessToken })).scopes, ["openid", "email"])
      assert.deepStrictEqual((yield* TokenManagement.update({ accessToken, scopes: [] })).scopes, [])
      assert.deepStrictEqual((yield* onlyToken).scopes, [])
    }).pipe(memory()))
})

it.effect("U4 properties: absent unchanged, present replaces the whole set", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued({ properties: [{ key: "a", value: "1" }, { key: "b", value: "2" }] })
    yield* TokenManagement.update({ accessToken, scopes: ["openid"] })
    assert.deepStrictEqual((yield* onlyToken).properties.map((p) => p.key), ["a", "b"])
    const updated = yield* TokenManagement.update({ accessToken, properties: [{ key: "c", value: "3", hidden: true }] })
    assert.deepStrictEqual(updated.properties?.map((p) => [p.key, p.value, p.hidden]), [["c", "3", true]])
    assert.deepStrictEqual((yield* onlyToken).properties, [{ key: "c", value: "3", hidden: true }])
  }).pipe(memory()))

it.effect("U5 authorizationDetails: absent unchanged, present replaces them entirely", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued({ authorizationDetails: { elements: [{ type: "a" }, { type: "b" }] } })
    const kept = yield* TokenManagement.update({ accessToken, scopes: ["openid"] })
    assert.deepStrictEqual(kept.authorizationDetails?.elements?.map((e) => e.type), ["a", "b"])
    const replaced = yield* TokenManagement.update({ accessToken, authorizationDetails: { elements: [{ type: "c" }] } })
    assert.deepStrictEqual(replaced.authorizationDetails?.elements?.map((e) => e.type), ["c"])
  }).pipe(memory()))

describe("U6 expiry from scope attributes", () => {
  const scoped = memory({
    service: {
      scopes: [
        "openid",
        { name: "short", attributes: { "access_token.duration": "600", "refresh_token.duration": "1200" } },
        { name: "shorter", attributes: { "access_token.duration": "300" } }
      ]
    }
  })

  it.effect("U6 with the flags and changed scopes: the smallest duration among the new scopes, from now", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ scopes: ["openid"] })
      yield* TestClock.setTime(1_000_000)
      const updated = yield* TokenManagement.update({
        accessToken,
        scopes: ["short", "shorter"],
        accessTokenExpiresAtUpdatedOnScopeUpdate: true,
        refreshTokenExpiresAtUpdatedOnScopeUpdate: true
      })
      assert.strictEqual(updated.accessTokenExpiresAt, 1_000_000 + 300_000)
      assert.strictEqual(updated.refreshTokenExpiresAt, 1_000_000 + 1_200_000)
    }).pipe(scoped))

  it.effect("U6 not applied without the flag, with unchanged scopes, or when an instant is given", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ scopes: ["openid"] })
      const before = yield* onlyToken
      const noFlag = yield* TokenManagement.update({ accessToken, scopes: ["short"] })
      assert.strictEqual(noFlag.accessTokenExpiresAt, before.accessTokenExpiresAt)
      const same = yield* TokenManagement.update({
        accessToken,
        scopes: ["short"],
        accessTokenExpiresAtUpdatedOnScopeUpdate: true
      })
      assert.strictEqual(same.accessTokenExpiresAt, before.accessTokenExpiresAt)
      const explicit = yield* TokenManagement.update({
        accessToken,
        scopes: ["shorter"],
        accessTokenExpiresAt: 42_000,
        accessTokenExpiresAtUpdatedOnScopeUpdate: true
      })
      assert.strictEqual(explicit.accessTokenExpiresAt, 42_000)
    }).pipe(scoped))
})

it.effect("U7 accessTokenPersistent: never expires, accessTokenExpiresAt ignored", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued({ accessTokenDuration: 60 })
    const updated = yield* TokenManagement.update({
      accessToken,
      accessTokenPersistent: true,
      accessTokenExpiresAt: 5000
    })
    assert.strictEqual(updated.accessTokenExpiresAt, 0)
    yield* TestClock.adjust("400 days")
    assert.strictEqual((yield* TokenManagement.list({ tokenStatus: "VALID" })).totalCount, 1)
    const mortal = yield* TokenManagement.update({ accessToken, accessTokenPersistent: false })
    assert.isAbove(mortal.accessTokenExpiresAt ?? 0, 400 * 86_400_000)
  }).pipe(memory()))

it.effect("U8 accessTokenValueUpdated: a new value is returned, the old one stops working", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued()
    const updated = yield* TokenManagement.update({ accessToken, accessTokenValueUpdated: true })
    const fresh = reveal(updated.accessToken)
    assert.notStrictEqual(fresh, accessToken)
    assert.match(fresh, /^[A-Za-z0-9_-]{43}$/)
    assert.strictEqual((yield* onlyToken).accessTokenHash, sha256(fresh))
    assert.strictEqual((yield* TokenManagement.update({ accessToken })).action, "NOT_FOUND")
    assert.strictEqual((yield* TokenManagement.update({ accessToken: fresh })).action, "OK")
    const kept = yield* TokenManagement.update({ accessToken: fresh, scopes: ["openid"] })
    assert.strictEqual(reveal(kept.accessToken), fresh)
  }).pipe(memory()))

it.effect("U9 bindings, flags and tokenId are set when given", () =>
  Effect.gen(function*() {
    const { accessToken } = yield* issued()
    const updated = yield* TokenManagement.update({
      accessToken,
      dpopKeyThumbprint: "jkt",
      certificateThumbprint: "x5t",
      forExternalAttachment: true,
      tokenId: "my-token-id"
    })
    assert.strictEqual(updated.tokenType, "DPoP")
    assert.isTrue(updated.forExternalAttachment)
    assert.strictEqual(updated.tokenId, "my-token-id")
    assert.strictEqual((yield* onlyToken).tokenType, "DPoP")
  }).pipe(memory()))

describe("U10 success body", () => {
  it.effect("U10 A135001 with the token's current state", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const reply = bodyOf(yield* wire(call("update", { accessToken, scopes: ["openid"] })))
      const stored = yield* onlyToken
      assert.deepStrictEqual(reply, {
        resultCode: "A135001",
        resultMessage: "[A135001] Updated the access token successfully.",
        action: "OK",
        accessToken,
        accessTokenExpiresAt: stored.accessTokenExpiresAt,
        refreshTokenExpiresAt: stored.refreshTokenExpiresAt,
        scopes: ["openid"],
        tokenType: "Bearer",
        tokenId: stored.tokenId
      })
    }).pipe(memory()))

  it.effect("U10 selected by hash: no accessToken in the answer (the raw value is not stored)", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const updated = yield* TokenManagement.update({ accessTokenHash: sha256(accessToken), scopes: ["openid"] })
      assert.strictEqual(updated.action, "OK")
      assert.isUndefined(updated.accessToken)
    }).pipe(memory()))
})
