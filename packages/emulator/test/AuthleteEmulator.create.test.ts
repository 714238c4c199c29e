/** Rules C1–C11 of `create`. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import {
  bodyOf,
  call,
  clientAlias,
  clientId,
  createToken,
  emulator,
  issued,
  memory,
  reveal,
  sha256,
  subject,
  verifyJwt,
  wire
} from "./AuthleteEmulator.fixtures.js"

/** A create that must be refused with `action` and `resultCode`, storing nothing. */
const refused = (
  response: { readonly action?: string | undefined; readonly resultCode?: string | undefined },
  action: string,
  code: string
) =>
  Effect.gen(function*() {
    assert.strictEqual(response.action, action)
    assert.strictEqual(response.resultCode, code)
    assert.strictEqual(yield* (yield* emulator).count(), 0)
  })

describe("C1 grant type", () => {
  it.effect("C1 missing grantType → BAD_REQUEST", () =>
    Effect.gen(function*() {
      const reply = yield* wire(call("create", { clientId, subject }))
      yield* refused(bodyOf(reply), "BAD_REQUEST", "A109201")
    }).pipe(memory()))

  it.effect("C1 REFRESH_TOKEN as grant type → BAD_REQUEST", () =>
    Effect.gen(function*() {
      yield* refused(yield* createToken({ grantType: "REFRESH_TOKEN" }), "BAD_REQUEST", "A109203")
    }).pipe(memory()))

  it.effect("C1 an unknown grant type → BAD_REQUEST A109202; a field of the wrong JSON type → BAD_REQUEST A109214", () =>
    Effect.gen(function*() {
      yield* refused(
        bodyOf(yield* wire(call("create", { grantType: "MAGIC", clientId, subject }))),
        "BAD_REQUEST",
        "A109202"
      )
      for (const mistyped of [{ clientId: "x" }, { clientId: String(clientId) }, { accessTokenPersistent: "true" }]) {
        const reply = bodyOf(yield* wire(call("create", { grantType: "PASSWORD", clientId, subject, ...mistyped })))
        yield* refused(reply, "BAD_REQUEST", "A109214")
        assert.include(String(reply.resultMessage), `'${Object.keys(mistyped)[0]}'`)
      }
      assert.strictEqual(yield* (yield* emulator).count(), 0)
    }).pipe(memory()))
})

describe("C2 client", () => {
  it.effect("C2 the client may be named by alias or numeric clientIdentifier", () =>
    Effect.gen(function*() {
      const byAlias = yield* TokenManagement.create({ grantType: "PASSWORD", clientIdentifier: clientAlias, subject })
      assert.strictEqual(byAlias.clientId, clientId)
      assert.strictEqual(byAlias.clientIdentifier, clientAlias)
      const byNumber = yield* TokenManagement.create({
        grantType: "PASSWORD",
        clientIdentifier: String(clientId),
        subject
      })
      assert.strictEqual(byNumber.clientId, clientId)
    }).pipe(memory()))

  it.effect("C2 a client of another service → FORBIDDEN", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      yield* e.addService({ serviceId: "7" })
      const foreign = yield* e.addClient({ serviceId: "7" })
      yield* refused(yield* createToken({ clientId: foreign }), "FORBIDDEN", "A109301")
    }).pipe(memory()))

  it.effect("C2 an unknown client → BAD_REQUEST; neither clientId nor clientIdentifier → BAD_REQUEST", () =>
    Effect.gen(function*() {
      yield* refused(yield* createToken({ clientId: 1 }), "BAD_REQUEST", "A109205")
      yield* refused(bodyOf(yield* wire(call("create", { grantType: "PASSWORD", subject }))), "BAD_REQUEST", "A109204")
    }).pipe(memory()))
})

describe("C3 subject", () => {
  it.effect("C3 CLIENT_CREDENTIALS ignores the subject", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ grantType: "CLIENT_CREDENTIALS" })
      assert.strictEqual(created.action, "OK")
      assert.isUndefined(created.subject)
      const [stored] = yield* (yield* emulator).tokens()
      assert.isUndefined(stored.subject)
    }).pipe(memory()))

  it.effect("C3 JWT_BEARER may omit the subject; other grants may not", () =>
    Effect.gen(function*() {
      const jwtBearer = yield* TokenManagement.create({ grantType: "JWT_BEARER", clientId })
      assert.strictEqual(jwtBearer.action, "OK")
      const code = yield* TokenManagement.create({ grantType: "AUTHORIZATION_CODE", clientId })
      assert.strictEqual(code.action, "BAD_REQUEST")
      assert.strictEqual(code.resultCode, "A109207")
    }).pipe(memory()))

  it.effect("C3 a non-ASCII subject or one over 100 characters → BAD_REQUEST; 100 characters are fine", () =>
    Effect.gen(function*() {
      yield* refused(yield* createToken({ subject: "jöhn" }), "BAD_REQUEST", "A109208")
      yield* refused(yield* createToken({ subject: "x".repeat(101) }), "BAD_REQUEST", "A109208")
      assert.strictEqual((yield* createToken({ subject: "x".repeat(100) })).action, "OK")
    }).pipe(memory()))
})

it.effect("C4 a scope the service does not support → BAD_REQUEST naming it", () =>
  Effect.gen(function*() {
    const response = yield* createToken({ scopes: ["openid", "admin"] })
    yield* refused(response, "BAD_REQUEST", "A109209")
    assert.include(response.resultMessage, "'admin'")
  }).pipe(memory()))

describe("C5 access token lifetime", () => {
  it.effect("C5 accessTokenDuration sets expiresIn and expiresAt from now; else the service default", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const short = yield* createToken({ accessTokenDuration: 60 })
      assert.strictEqual(short.expiresIn, 60)
      assert.strictEqual(short.expiresAt, 1_700_000_060_000)
      const byDefault = yield* createToken({ accessTokenDuration: 0 })
      assert.strictEqual(byDefault.expiresIn, 3600)
      assert.strictEqual(byDefault.expiresAt, 1_700_003_600_000)
    }).pipe(memory({ service: { accessTokenDuration: 3600 } })))

  it.effect("C5 a persistent token never expires and ignores accessTokenDuration", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ accessTokenPersistent: true, accessTokenDuration: 60 })
      assert.strictEqual(created.expiresAt, 0)
      assert.strictEqual(created.expiresIn, 0)
      yield* TestClock.adjust("3650 days")
      const valid = yield* TokenManagement.list({ tokenStatus: "VALID" })
      assert.strictEqual(valid.totalCount, 1)
    }).pipe(memory()))
})

describe("C6 refresh token", () => {
  it.effect("C6 none for CLIENT_CREDENTIALS and IMPLICIT", () =>
    Effect.gen(function*() {
      for (const grantType of ["CLIENT_CREDENTIALS", "IMPLICIT"] as const) {
        const created = yield* createToken({ grantType })
        assert.strictEqual(created.action, "OK")
        assert.isUndefined(created.refreshToken)
        assert.isUndefined(created.refreshTokenScopes)
      }
      const listed = yield* TokenManagement.list()
      assert.deepStrictEqual(listed.accessTokens?.map((token) => token.refreshTokenExpiresAt), [0, 0])
    }).pipe(memory()))

  it.effect("C6 none when the service does not support REFRESH_TOKEN", () =>
    Effect.gen(function*() {
      const created = yield* createToken()
      assert.strictEqual(created.action, "OK")
      assert.isUndefined(created.refreshToken)
    }).pipe(memory({ service: { supportedGrantTypes: ["AUTHORIZATION_CODE"] } })))

  it.effect("C6 otherwise created with refreshTokenDuration (or the default) and the access token's scopes", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ refreshTokenDuration: 120, scopes: ["openid", "email"] })
      assert.isDefined(created.refreshToken)
      assert.deepStrictEqual(created.refreshTokenScopes, ["openid", "email"])
      const [stored] = yield* (yield* emulator).tokens()
      assert.strictEqual(stored.refreshTokenExpiresAt, 120_000)
      yield* createToken()
      const [, byDefault] = yield* (yield* emulator).tokens()
      assert.strictEqual(byDefault.refreshTokenExpiresAt, 7200_000)
    }).pipe(memory({ service: { refreshTokenDuration: 7200 } })))
})

describe("C7 caller-supplied values", () => {
  it.effect("C7 accessToken and refreshToken are stored as given", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ accessToken: "migrated-at", refreshToken: Redacted.make("migrated-rt") })
      assert.strictEqual(reveal(created.accessToken), "migrated-at")
      assert.strictEqual(reveal(created.refreshToken), "migrated-rt")
      const [stored] = yield* (yield* emulator).tokens()
      assert.strictEqual(stored.accessTokenHash, sha256("migrated-at"))
      assert.strictEqual(stored.refreshTokenHash, sha256("migrated-rt"))
    }).pipe(memory()))

  it.effect("C7 a value whose hash already exists → BAD_REQUEST", () =>
    Effect.gen(function*() {
      yield* createToken({ accessToken: "taken-at", refreshToken: "taken-rt" })
      const sameAccess = yield* createToken({ accessToken: "taken-at" })
      assert.strictEqual(sameAccess.resultCode, "A109211")
      const sameRefresh = yield* createToken({ refreshToken: "taken-rt" })
      assert.strictEqual(sameRefresh.resultCode, "A109212")
      assert.strictEqual(yield* (yield* emulator).count(), 1)
    }).pipe(memory()))
})

it.effect("C8 tokenType is DPoP with a dpopKeyThumbprint, else Bearer", () =>
  Effect.gen(function*() {
    assert.strictEqual((yield* createToken()).tokenType, "Bearer")
    assert.strictEqual((yield* createToken({ dpopKeyThumbprint: "thumb" })).tokenType, "DPoP")
  }).pipe(memory()))

describe("C9 stored and echoed fields", () => {
  it.effect("C9 properties keep hidden and drop reserved keys; details, resources and bindings are echoed", () =>
    Effect.gen(function*() {
      const created = yield* createToken({
        properties: [
          { key: "tier", value: "gold", hidden: true },
          { key: "access_token", value: "sneaky" },
          { key: "region", value: "eu" }
        ],
        authorizationDetails: { elements: [{ type: "payment_initiation", actions: ["initiate"] }] },
        forExternalAttachment: true,
        sessionId: "session-1",
        clientIdAliasUsed: true
      })
      assert.deepStrictEqual(
        created.properties?.map(({ hidden, key, value }) => ({ key, value, hidden })),
        [{ key: "tier", value: "gold", hidden: true }, { key: "region", value: "eu", hidden: false }]
      )
      assert.strictEqual(created.authorizationDetails?.elements?.[0]?.type, "payment_initiation")
      assert.deepStrictEqual(created.authorizationDetails?.elements?.[0]?.actions, ["initiate"])
      assert.isTrue(created.forExternalAttachment)
      assert.strictEqual(created.sessionId, "session-1")
      assert.strictEqual(created.clientIdentifier, clientAlias)
      const listed = yield* TokenManagement.list()
      assert.deepStrictEqual(listed.accessTokens?.[0]?.properties?.map((p) => p.key), ["tier", "region"])
    }).pipe(memory()))

  it.effect("C9 acr and authTime are kept only with a subject; resources and bindings are stored", () =>
    Effect.gen(function*() {
      const bindings = {
        resources: ["https://api.example.com"],
        certificateThumbprint: "x5t",
        acr: "gold",
        authTime: 7
      }
      yield* createToken(bindings)
      yield* createToken({ ...bindings, grantType: "CLIENT_CREDENTIALS" })
      const [withSubject, withoutSubject] = yield* (yield* emulator).tokens()
      assert.deepInclude(withSubject, bindings)
      assert.deepInclude(withoutSubject, { resources: bindings.resources, certificateThumbprint: "x5t" })
      assert.isUndefined(withoutSubject.acr)
      assert.isUndefined(withoutSubject.authTime)
    }).pipe(memory()))

  it.effect("C9 clientIdAliasUsed and clientEntityIdUsed together → BAD_REQUEST", () =>
    Effect.gen(function*() {
      yield* refused(
        yield* createToken({ clientIdAliasUsed: true, clientEntityIdUsed: true }),
        "BAD_REQUEST",
        "A109206"
      )
    }).pipe(memory()))

  it.effect("C9 jwtAccessToken only from a service issuing JWT access tokens, signed, with jwtAtClaims", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ jwtAtClaims: JSON.stringify({ tenant: "acme" }), accessTokenDuration: 60 })
      const { payload, protectedHeader } = yield* verifyJwt(created.jwtAccessToken)
      assert.strictEqual(payload.exp, 60)
      assert.strictEqual(protectedHeader.typ, "at+jwt")
      assert.strictEqual(payload.tenant, "acme")
      assert.strictEqual(payload.sub, subject)
      assert.strictEqual(payload.client_id, String(clientId))
      assert.strictEqual(payload.scope, "openid profile")
      const invalid = yield* createToken({ jwtAtClaims: "[1]" })
      assert.strictEqual(invalid.resultCode, "A109213")
    }).pipe(memory({ service: { jwtAccessToken: true } })))

  it.effect("C9 no jwtAccessToken from a service issuing opaque access tokens", () =>
    Effect.gen(function*() {
      const created = yield* createToken({ jwtAtClaims: "ignored, not JSON" })
      assert.strictEqual(created.action, "OK")
      assert.isUndefined(created.jwtAccessToken)
    }).pipe(memory()))
})

it.effect("C10 a new record: createdAt now, never refreshed, a tokenId", () =>
  Effect.gen(function*() {
    yield* TestClock.setTime(1_650_000_000_000)
    const { response } = yield* issued()
    const [stored] = yield* (yield* emulator).tokens()
    assert.strictEqual(stored.createdAt, 1_650_000_000_000)
    assert.strictEqual(stored.lastRefreshedAt, 0)
    assert.isString(response.tokenId)
    assert.strictEqual(stored.tokenId, response.tokenId)
  }).pipe(memory()))

it.effect("C11 success body: A109001 with the OAuth grant name and the client", () =>
  Effect.gen(function*() {
    const reply = bodyOf(
      yield* wire(call("create", { grantType: "DEVICE_CODE", clientId, subject, scopes: ["openid"] }))
    )
    assert.strictEqual(reply.resultCode, "A109001")
    assert.strictEqual(
      reply.resultMessage,
      `[A109001] An access token was created successfully: urn:ietf:params:oauth:grant-type:device_code, client = ${clientId}`
    )
    assert.strictEqual(reply.action, "OK")
    assert.strictEqual(reply.grantType, "DEVICE_CODE")
    assert.deepStrictEqual(reply.scopes, ["openid"])
    assert.strictEqual(reply.subject, subject)
  }).pipe(memory()))
