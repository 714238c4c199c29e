/** Rules I1–I5 of `reissueIdToken`. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import * as Jose from "jose"
import {
  bodyOf,
  call,
  clientId,
  emulator,
  issued,
  memory,
  reveal,
  subject,
  verifyJwt,
  wire
} from "./AuthleteEmulator.fixtures.js"

/** A token that may be reissued: a subject, `openid`, a refresh token. */
const reissuable = issued({ scopes: ["openid", "profile"], authTime: 1_600_000_000, acr: "urn:acr:pwd" })

/** Reissues with the raw values of a token, plus any other request fields. */
const reissueFor = (
  token: { readonly accessToken: string; readonly refreshToken?: string | undefined },
  more: {
    readonly sub?: string
    readonly claims?: string
    readonly idtHeaderParams?: string
    readonly idTokenAudType?: string
  } = {}
) => TokenManagement.reissueIdToken({ accessToken: token.accessToken, refreshToken: token.refreshToken ?? "", ...more })

const callerError = (
  response: { readonly action?: string | undefined; readonly resultCode?: string | undefined },
  code: string
) => {
  assert.strictEqual(response.action, "CALLER_ERROR")
  assert.strictEqual(response.resultCode, code)
}

describe("I1 required tokens", () => {
  it.effect("I1 accessToken or refreshToken missing → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const token = yield* reissuable
      callerError(bodyOf(yield* wire(call("reissueIdToken", { refreshToken: token.refreshToken }))), "A364201")
      callerError(bodyOf(yield* wire(call("reissueIdToken", { accessToken: token.accessToken }))), "A364202")
      callerError(bodyOf(yield* wire(call("reissueIdToken", undefined))), "A364201")
    }).pipe(memory()))
})

describe("I2 an existing, unexpired pair of this service", () => {
  it.effect("I2 tokens of two different records → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const first = yield* reissuable
      const second = yield* reissuable
      callerError(yield* reissueFor({ accessToken: first.accessToken, refreshToken: second.refreshToken }), "A364203")
      callerError(yield* reissueFor({ accessToken: "unknown", refreshToken: first.refreshToken }), "A364203")
    }).pipe(memory()))

  it.effect("I2 an expired access token → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const token = yield* issued({ scopes: ["openid"], accessTokenDuration: 60 })
      assert.strictEqual((yield* reissueFor(token)).action, "OK")
      yield* TestClock.adjust("61 seconds")
      callerError(yield* reissueFor(token), "A364204")
    }).pipe(memory()))

  it.effect("I2 a token of another service → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const other = yield* e.addService({ bearers: [Redacted.value(e.defaults.bearer)] })
      yield* e.addClient({ serviceId: other })
      const foreign = yield* e.addToken({ serviceId: other, scopes: ["openid"] })
      callerError(yield* reissueFor(foreign), "A364203")
    }).pipe(memory()))
})

describe("I3 reissuable tokens only", () => {
  it.effect("I3 a service that is not idTokenReissuable → CALLER_ERROR", () =>
    Effect.gen(function*() {
      callerError(yield* reissueFor(yield* reissuable), "A364205")
    }).pipe(memory({ service: { idTokenReissuable: false } })))

  it.effect("I3 no subject or no openid scope → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const anonymous = yield* TokenManagement.create({ grantType: "JWT_BEARER", clientId, scopes: ["openid"] })
      callerError(
        yield* reissueFor({ accessToken: reveal(anonymous.accessToken), refreshToken: reveal(anonymous.refreshToken) }),
        "A364206"
      )
      callerError(yield* reissueFor(yield* issued({ scopes: ["profile"] })), "A364207")
    }).pipe(memory()))
})

describe("I4 the reissued ID token", () => {
  it.effect("I4 a JWS verifiable with the service's keys: iss, sub, aud (array), iat, exp, auth_time, acr", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const token = yield* reissuable
      const response = yield* reissueFor(token)
      assert.strictEqual(response.action, "OK")
      assert.strictEqual(response.resultCode, "A364001")
      const { payload, protectedHeader } = yield* verifyJwt(response.idToken)
      assert.strictEqual(protectedHeader.alg, "ES256")
      assert.strictEqual(payload.sub, subject)
      assert.deepStrictEqual(payload.aud, [String(clientId)])
      assert.strictEqual(payload.iat, 1_700_000_000)
      assert.strictEqual(payload.exp, 1_700_000_000 + 86_400)
      assert.strictEqual(payload.auth_time, 1_600_000_000)
      assert.strictEqual(payload.acr, "urn:acr:pwd")
    }).pipe(memory()))

  it.effect("I4 sub, claims, idtHeaderParams and idTokenAudType string are honoured", () =>
    Effect.gen(function*() {
      const response = yield* reissueFor(yield* reissuable, {
        sub: "pairwise-42",
        claims: JSON.stringify({ email: "john@example.com", iss: "ignored" }),
        idtHeaderParams: JSON.stringify({ "x-tenant": "acme", alg: "none" }),
        idTokenAudType: "string"
      })
      const { payload, protectedHeader } = yield* verifyJwt(response.idToken)
      assert.strictEqual(payload.sub, "pairwise-42")
      assert.strictEqual(payload.email, "john@example.com")
      assert.strictEqual(payload.aud, String(clientId))
      assert.strictEqual(protectedHeader["x-tenant"], "acme")
      assert.strictEqual(protectedHeader.alg, "ES256")
    }).pipe(memory()))

  it.effect("I4 the service's idTokenAudType applies when the request sends none", () =>
    Effect.gen(function*() {
      const { payload } = yield* verifyJwt((yield* reissueFor(yield* reissuable)).idToken)
      assert.strictEqual(payload.aud, String(clientId))
    }).pipe(memory({ service: { idTokenAudType: "string" } })))

  it.effect("I4 claims or idtHeaderParams that are not JSON objects, or an unknown aud type → CALLER_ERROR", () =>
    Effect.gen(function*() {
      const token = yield* reissuable
      callerError(yield* reissueFor(token, { claims: "not json" }), "A364209")
      callerError(yield* reissueFor(token, { idtHeaderParams: "[]" }), "A364209")
      callerError(yield* reissueFor(token, { idTokenAudType: "set" }), "A364210")
      callerError(yield* reissueFor(token, { idtHeaderParams: JSON.stringify({ crit: ["exp"] }) }), "A364211")
    }).pipe(memory()))

  it.effect("I4 responseContent is the token response with the new ID token", () =>
    Effect.gen(function*() {
      const token = yield* issued({ scopes: ["openid", "email"], accessTokenDuration: 3600 })
      yield* TestClock.adjust("10 minutes")
      const response = yield* reissueFor(token)
      const content = JSON.parse(reveal(response.responseContent))
      assert.deepStrictEqual(content, {
        access_token: token.accessToken,
        token_type: "Bearer",
        expires_in: 3000,
        scope: "openid email",
        refresh_token: token.refreshToken,
        id_token: reveal(response.idToken)
      })
    }).pipe(memory()))

  it.effect("I4 a JWT access token identifies its token too", () =>
    Effect.gen(function*() {
      const created = yield* TokenManagement.create({
        grantType: "AUTHORIZATION_CODE",
        clientId,
        subject,
        scopes: ["openid"]
      })
      const jwt = reveal(created.jwtAccessToken)
      const response = yield* reissueFor({ accessToken: jwt, refreshToken: reveal(created.refreshToken) })
      assert.strictEqual(response.action, "OK")
      // the same jti, signed by someone else
      const forged = yield* Effect.promise(() =>
        new Jose.SignJWT({ jti: Jose.decodeJwt(jwt).jti ?? "" }).setProtectedHeader({ alg: "HS256" }).sign(
          new Uint8Array(32)
        )
      )
      callerError(yield* reissueFor({ accessToken: forged, refreshToken: reveal(created.refreshToken) }), "A364203")
    }).pipe(memory({ service: { jwtAccessToken: true } })))
})

describe("I5 Authlete-side failures", () => {
  it.effect("I5 reissue answers INTERNAL_SERVER_ERROR with an error responseContent", () =>
    Effect.gen(function*() {
      const token = yield* reissuable
      yield* (yield* emulator).setInternalErrors(["reissueIdToken"])
      const response = yield* reissueFor(token)
      assert.strictEqual(response.action, "INTERNAL_SERVER_ERROR")
      assert.strictEqual(JSON.parse(reveal(response.responseContent)).error, "server_error")
    }).pipe(memory()))

  it.effect("I5 internalErrors: create/update answer the action, the others a 500 ResultError A001101", () =>
    Effect.gen(function*() {
      const created = yield* TokenManagement.create({ grantType: "PASSWORD", clientId, subject })
      assert.strictEqual(created.action, "INTERNAL_SERVER_ERROR")
      const listed = yield* Effect.flip(TokenManagement.list())
      assert.strictEqual(listed._tag === "ResultError" && listed.resultCode, "A001101")
      yield* (yield* emulator).setInternalErrors([])
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 0)
    }).pipe(memory({ internalErrors: ["create", "list"] })))
})
