/**
 * The behaviour every `TokenManagement` layer must show, whatever carries the calls: one case per user-visible promise
 * of the operations. The emulator only seeds and inspects.
 */
import type * as Schemas from "@effect-authlete/core/Schemas"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import type * as Vitest from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Jose from "jose"

type Assert = typeof Vitest.assert

/** One case: a name and an effect that fails its assertions by throwing. */
export interface Case {
  readonly name: string
  readonly test: Effect.Effect<void, unknown, TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator>
}

const emulator = AuthleteEmulator.AuthleteEmulator

/** `create` with the defaults of the emulator's service: its client and subject, `openid profile`. */
const create = (request: Partial<Schemas.TokenCreateRequest> = {}, options?: TokenManagement.CallOptions) =>
  Effect.flatMap(emulator, ({ defaults }) =>
    TokenManagement.create({
      grantType: "AUTHORIZATION_CODE",
      clientId: defaults.clientId,
      subject: defaults.subject,
      scopes: ["openid", "profile"],
      ...request
    }, options))

const createMany = (count: number, request: Partial<Schemas.TokenCreateRequest> = {}) =>
  Effect.forEach(Array.from({ length: count }), () => create(request))

const reveal = (value: Redacted.Redacted<string> | undefined): string =>
  value === undefined ? "" : Redacted.value(value)

const hashes = (page: Schemas.TokenListResponse): Array<string> =>
  (page.accessTokens ?? []).map((token) => token.accessTokenHash ?? "")

/** The cases, asserting with vitest's `assert`. */
export const cases = (assert: Assert): ReadonlyArray<Case> => [
  {
    name: "create answers OK with redacted token values and the token's fields",
    test: Effect.gen(function*() {
      const { count, defaults } = yield* emulator
      const created = yield* create({ accessTokenDuration: 3_600 })
      assert.strictEqual(created.action, "OK")
      assert.isTrue(Redacted.isRedacted(created.accessToken) && Redacted.isRedacted(created.refreshToken))
      const accessToken = reveal(created.accessToken)
      const refreshToken = reveal(created.refreshToken)
      assert.isAtLeast(accessToken.length, 20)
      assert.isAtLeast(refreshToken.length, 20)
      assert.notStrictEqual(accessToken, refreshToken)
      const printed = `${JSON.stringify(created)} ${String(created)}`
      assert.notInclude(printed, accessToken)
      assert.notInclude(printed, refreshToken)
      assert.strictEqual(created.clientId, defaults.clientId)
      assert.strictEqual(created.subject, defaults.subject)
      assert.deepStrictEqual(created.scopes, ["openid", "profile"])
      assert.strictEqual(created.tokenType, "Bearer")
      assert.strictEqual(created.expiresIn, 3_600)
      assert.strictEqual(yield* count(), 1)
    })
  },
  {
    name: "create for CLIENT_CREDENTIALS issues neither a subject nor a refresh token",
    test: Effect.gen(function*() {
      const created = yield* create({ grantType: "CLIENT_CREDENTIALS", subject: undefined })
      assert.strictEqual(created.action, "OK")
      assert.isAtLeast(reveal(created.accessToken).length, 20)
      assert.isUndefined(created.subject)
      assert.isUndefined(created.refreshToken)
    })
  },
  {
    name: "create with a scope the service does not support answers BAD_REQUEST as data and stores nothing",
    test: Effect.gen(function*() {
      const { count } = yield* emulator
      const refused = yield* create({ scopes: ["openid", "no.such.scope"] })
      assert.strictEqual(refused.action, "BAD_REQUEST")
      assert.isUndefined(refused.accessToken)
      const lifted = yield* Effect.flip(TokenManagement.expectOk(create({ scopes: ["no.such.scope"] })))
      assert.strictEqual(lifted._tag, "ActionError")
      assert.strictEqual(yield* count(), 0)
    })
  },
  {
    name: "list answers one page of token hashes, never values, with start, end and totalCount",
    test: Effect.gen(function*() {
      const created = yield* createMany(7)
      const values = new Set(created.map((token) => reveal(token.accessToken)))
      const page = yield* TokenManagement.list({ start: 2, end: 5 })
      assert.strictEqual(page.start, 2)
      assert.strictEqual(page.end, 5)
      assert.strictEqual(page.totalCount, 7)
      assert.strictEqual(hashes(page).length, 3)
      for (const hash of hashes(page)) {
        assert.isAtLeast(hash.length, 20)
        assert.isFalse(values.has(hash))
      }
      const first = yield* TokenManagement.list()
      assert.strictEqual(hashes(first).length, 5, "the default page is [0, 5)")
      assert.strictEqual(first.totalCount, 7)
    })
  },
  {
    name: "list filters by client (ID or alias) and by subject",
    test: Effect.gen(function*() {
      const { addClient, defaults } = yield* emulator
      const other = yield* addClient({ clientIdAlias: "contract-second-app" })
      yield* createMany(2)
      yield* create({ subject: "bob" })
      yield* createMany(3, { clientId: other })
      const byAlias = yield* TokenManagement.list({ clientIdentifier: "contract-second-app", end: 10 })
      assert.strictEqual(byAlias.totalCount, 3)
      assert.strictEqual(byAlias.client?.clientId, other)
      assert.isTrue((byAlias.accessTokens ?? []).every((token) => token.clientId === other))
      const bySubject = yield* TokenManagement.list({ subject: "bob" })
      assert.strictEqual(bySubject.totalCount, 1)
      assert.strictEqual(bySubject.subject, "bob")
      const both = yield* TokenManagement.list({
        clientIdentifier: String(defaults.clientId),
        subject: defaults.subject
      })
      assert.strictEqual(both.totalCount, 2)
    })
  },
  {
    name: "listStream walks every page until totalCount",
    test: Effect.gen(function*() {
      yield* createMany(12)
      yield* createMany(2, { subject: "bob" })
      // Array.from: a Chunk in Effect 3, an array in Effect 4 (both editions run these cases)
      const all = Array.from(yield* Stream.runCollect(TokenManagement.listStream({ pageSize: 5 })))
      assert.strictEqual(all.length, 14)
      assert.strictEqual(new Set(all.map((token) => token.accessTokenHash)).size, 14)
      const bob = Array.from(yield* Stream.runCollect(TokenManagement.listStream({ subject: "bob", pageSize: 1 })))
      assert.strictEqual(bob.length, 2)
    })
  },
  {
    name: "update replaces the scopes and the access token expiry, and list shows the change",
    test: Effect.gen(function*() {
      const created = yield* create()
      const expiresAt = (created.expiresAt ?? 0) + 60_000
      const updated = yield* TokenManagement.update({
        accessToken: created.accessToken!,
        scopes: ["email"],
        accessTokenExpiresAt: expiresAt
      })
      assert.strictEqual(updated.action, "OK")
      assert.deepStrictEqual(updated.scopes, ["email"])
      assert.strictEqual(updated.accessTokenExpiresAt, expiresAt)
      const [listed] = (yield* TokenManagement.list()).accessTokens ?? []
      assert.deepStrictEqual(listed?.scopes, ["email"])
      assert.strictEqual(listed?.accessTokenExpiresAt, expiresAt)
    })
  },
  {
    name: "update finds a token by hash, and answers NOT_FOUND for an unknown one",
    test: Effect.gen(function*() {
      yield* create()
      const [hash] = hashes(yield* TokenManagement.list())
      const updated = yield* TokenManagement.update({ accessTokenHash: hash, scopes: ["profile"] })
      assert.strictEqual(updated.action, "OK")
      assert.deepStrictEqual((yield* TokenManagement.list()).accessTokens?.[0]?.scopes, ["profile"])
      const missing = yield* TokenManagement.update({ accessToken: "no-such-access-token", scopes: ["profile"] })
      assert.strictEqual(missing.action, "NOT_FOUND")
    })
  },
  {
    name: "revoke by access or refresh token revokes that one token pair",
    test: Effect.gen(function*() {
      const [first, second, third] = yield* createMany(3)
      const byAccessToken = yield* TokenManagement.revoke({ accessTokenIdentifier: first.accessToken! })
      assert.strictEqual(byAccessToken.count, 1)
      const byRefreshToken = yield* TokenManagement.revoke({ refreshTokenIdentifier: second.refreshToken! })
      assert.strictEqual(byRefreshToken.count, 1)
      const left = yield* TokenManagement.list()
      assert.strictEqual(left.totalCount, 1)
      const kept = yield* TokenManagement.update({ accessToken: third.accessToken!, scopes: ["openid"] })
      assert.strictEqual(kept.action, "OK")
    })
  },
  {
    name: "bulk revoke counts the tokens of a subject or a client, at most 20 per call",
    test: Effect.gen(function*() {
      const { defaults } = yield* emulator
      yield* createMany(3, { subject: "bob" })
      yield* createMany(23)
      assert.strictEqual((yield* TokenManagement.revoke({ subject: "bob" })).count, 3)
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 23)
      const client = String(defaults.clientId)
      const counts = yield* Effect.forEach([1, 2, 3], () => TokenManagement.revoke({ clientIdentifier: client }))
      assert.deepStrictEqual(counts.map((answer) => answer.count), [20, 3, 0])
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 0)
    })
  },
  {
    name: "delete removes a token given by value or by hash",
    test: Effect.gen(function*() {
      const { count } = yield* emulator
      const [first] = yield* createMany(2)
      yield* TokenManagement.delete({ accessTokenIdentifier: first.accessToken! })
      const left = yield* TokenManagement.list()
      assert.strictEqual(left.totalCount, 1)
      yield* TokenManagement.delete({ accessTokenIdentifier: hashes(left)[0] })
      const none = yield* TokenManagement.list()
      assert.strictEqual(none.totalCount, 0)
      assert.deepStrictEqual(hashes(none), [])
      assert.strictEqual(yield* count(), 0)
    })
  },
  {
    name: "reissueIdToken answers an ID token signed by the service, for the token's subject and client",
    test: Effect.gen(function*() {
      const { defaults, issuer, jwks } = yield* emulator
      const created = yield* create()
      const reissued = yield* TokenManagement.reissueIdToken({
        accessToken: created.accessToken!,
        refreshToken: created.refreshToken!
      })
      assert.strictEqual(reissued.action, "OK")
      assert.isTrue(Redacted.isRedacted(reissued.idToken))
      const idToken = reveal(reissued.idToken)
      assert.notInclude(JSON.stringify(reissued), idToken)
      const keys = Jose.createLocalJWKSet(yield* jwks())
      const { payload } = yield* Effect.promise(() => Jose.jwtVerify(idToken, keys))
      assert.strictEqual(payload.sub, defaults.subject)
      assert.strictEqual(payload.iss, yield* issuer())
      assert.deepStrictEqual(payload.aud, [String(defaults.clientId)])
      const content = JSON.parse(reveal(reissued.responseContent)) as Record<string, unknown>
      assert.strictEqual(content.id_token, idToken)
    })
  },
  {
    name: "reissueIdToken for tokens that do not exist answers CALLER_ERROR",
    test: Effect.gen(function*() {
      const reissued = yield* TokenManagement.reissueIdToken({ accessToken: "no-such-at", refreshToken: "no-such-rt" })
      assert.strictEqual(reissued.action, "CALLER_ERROR")
      assert.isUndefined(reissued.idToken)
    })
  },
  {
    name: "introspection answers OK for a live token, FORBIDDEN without a required scope, UNAUTHORIZED once revoked",
    test: Effect.gen(function*() {
      const { defaults } = yield* emulator
      const token = (yield* create()).accessToken!
      const live = yield* TokenManagement.introspection({ token, scopes: ["profile"] })
      assert.deepStrictEqual([live.action, live.existent, live.usable, live.sufficient], ["OK", true, true, true])
      assert.deepStrictEqual([live.clientId, live.subject], [defaults.clientId, defaults.subject])
      const insufficient = yield* TokenManagement.introspection({ token, scopes: ["email"] })
      assert.deepStrictEqual([insufficient.action, insufficient.usable, insufficient.sufficient], [
        "FORBIDDEN",
        true,
        false
      ])
      yield* TokenManagement.revoke({ accessTokenIdentifier: token })
      const revoked = yield* TokenManagement.introspection({ token })
      assert.deepStrictEqual([revoked.action, revoked.existent, revoked.usable], ["UNAUTHORIZED", false, false])
      const unknown = yield* TokenManagement.introspection({ token: "no-such-token" })
      assert.deepStrictEqual([unknown.action, unknown.existent], ["UNAUTHORIZED", false])
    })
  },
  {
    name: "a service the bearer has no right to fails with ResultError 403",
    test: Effect.gen(function*() {
      const { addService, count } = yield* emulator
      const other = yield* addService()
      const listed = yield* Effect.flip(TokenManagement.list({}, { serviceId: other }))
      const created = yield* Effect.flip(create({}, { serviceId: other }))
      assert.deepInclude(listed, { _tag: "ResultError", status: 403, operation: "list" })
      assert.deepInclude(created, { _tag: "ResultError", status: 403, operation: "create" })
      assert.strictEqual(yield* count(other), 0)
    })
  },
  {
    name: "an invalid request fails with RequestValidationError and reaches no service",
    test: Effect.gen(function*() {
      const { count } = yield* emulator
      const list = yield* Effect.flip(TokenManagement.list({ start: 5, end: 1 }))
      const remove = yield* Effect.flip(TokenManagement.delete({ accessTokenIdentifier: "" }))
      const revoke = yield* Effect.flip(TokenManagement.revoke({}))
      assert.deepStrictEqual([list._tag, remove._tag, revoke._tag], Array(3).fill("RequestValidationError"))
      assert.strictEqual(yield* count(), 0)
    })
  }
]
