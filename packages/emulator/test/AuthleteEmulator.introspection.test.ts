/** Rules T1–T7 of `introspection`: what a resource server learns of the tokens it is shown. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Redacted, TestClock } from "effect"
import * as Jose from "jose"
import { createHash, randomBytes } from "node:crypto"
import {
  bodyOf,
  call,
  clientId,
  emulator,
  issued,
  memory,
  reveal,
  sha256,
  subject,
  wire
} from "./AuthleteEmulator.fixtures.js"

/** The verdict of an answer, in the order a resource server reads it. */
const verdict = (answer: TokenManagement.WithAction & { readonly existent?: boolean | undefined }) => {
  const { action, existent, resultCode, sufficient, usable } = answer as {
    readonly action?: string
    readonly existent?: boolean
    readonly resultCode?: string
    readonly sufficient?: boolean
    readonly usable?: boolean
  }
  return { action, resultCode, existent, usable, sufficient }
}

const unknownToken = {
  action: "UNAUTHORIZED",
  resultCode: "A056301",
  existent: false,
  usable: false,
  sufficient: false
}

describe("T6 a live token", () => {
  it.effect("T6 → OK: existent, usable, sufficient, refreshable, with its client, subject, scopes and expiry", () =>
    Effect.gen(function*() {
      const { accessToken, response } = yield* issued({ scopes: ["openid", "profile"] })
      const answer = yield* TokenManagement.introspection({ token: accessToken, scopes: ["profile"], subject })
      assert.deepStrictEqual(verdict(answer), {
        action: "OK",
        resultCode: "A056001",
        existent: true,
        usable: true,
        sufficient: true
      })
      assert.strictEqual(answer.refreshable, true)
      assert.strictEqual(answer.clientId, clientId)
      assert.strictEqual(answer.subject, subject)
      assert.deepStrictEqual(answer.scopes, ["openid", "profile"])
      assert.strictEqual(answer.expiresAt, response.expiresAt)
      assert.strictEqual(answer.grantType, "AUTHORIZATION_CODE")
      assert.isUndefined(answer.responseContent)
    }).pipe(memory()))

  it.effect("T6 expectOk narrows a live token's answer", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const ok = yield* TokenManagement.expectOk(TokenManagement.introspection({ token: Redacted.make(accessToken) }))
      assert.deepStrictEqual([ok.existent, ok.usable, ok.sufficient], [true, true, true])
    }).pipe(memory()))

  it.effect("T6 hidden properties reach the resource server", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({
        properties: [{ key: "shown", value: "1" }, { key: "internal", value: "2", hidden: true }]
      })
      const answer = yield* TokenManagement.introspection({ token: accessToken })
      assert.deepStrictEqual(answer.properties?.map(({ hidden, key }) => [key, hidden]), [
        ["shown", false],
        ["internal", true]
      ])
    }).pipe(memory()))

  it.effect("T2 a JWT access token of the service identifies its token", () =>
    Effect.gen(function*() {
      const { response } = yield* issued()
      const answer = yield* TokenManagement.introspection({ token: reveal(response.jwtAccessToken) })
      assert.strictEqual(answer.action, "OK")
    }).pipe(memory({ service: { jwtAccessToken: true } })))
})

describe("T2–T3 tokens that cannot be used", () => {
  it.effect("T2 an unknown token → UNAUTHORIZED, neither existent nor usable, with a Bearer challenge", () =>
    Effect.gen(function*() {
      const answer = yield* TokenManagement.introspection({ token: "no-such-token" })
      assert.deepStrictEqual(verdict(answer), unknownToken)
      assert.strictEqual(answer.refreshable, false)
      assert.match(reveal(answer.responseContent), /^Bearer error="invalid_token",error_description="\[A056301\]/)
    }).pipe(memory()))

  it.effect("T2 a revoked token is no longer existent (R7)", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      yield* TokenManagement.revoke({ accessTokenIdentifier: accessToken })
      assert.deepStrictEqual(verdict(yield* TokenManagement.introspection({ token: accessToken })), unknownToken)
    }).pipe(memory()))

  it.effect("T2 a token revoked in bulk by subject is no longer existent", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      yield* TokenManagement.revoke({ subject })
      assert.deepStrictEqual(verdict(yield* TokenManagement.introspection({ token: accessToken })), unknownToken)
    }).pipe(memory()))

  it.effect("T2 a deleted token is no longer existent", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      yield* TokenManagement.delete({ accessTokenIdentifier: sha256(accessToken) })
      assert.deepStrictEqual(verdict(yield* TokenManagement.introspection({ token: accessToken })), unknownToken)
    }).pipe(memory()))

  it.effect("T2 a token of another service does not exist for this one", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const other = yield* e.addService({ bearers: [Redacted.value(e.defaults.bearer)] })
      yield* e.addClient({ serviceId: other })
      const foreign = yield* e.addToken({ serviceId: other })
      const answer = yield* TokenManagement.introspection({ token: foreign.accessToken })
      assert.deepStrictEqual(verdict(answer), unknownToken)
      const own = yield* TokenManagement.introspection({ token: foreign.accessToken }, { serviceId: other })
      assert.strictEqual(own.action, "OK")
    }).pipe(memory()))

  it.effect("T3 an expired token → UNAUTHORIZED, existent but not usable, still refreshable", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ accessTokenDuration: 60 })
      assert.strictEqual((yield* TokenManagement.introspection({ token: accessToken })).action, "OK")
      yield* TestClock.adjust("61 seconds")
      const answer = yield* TokenManagement.introspection({ token: accessToken })
      assert.deepStrictEqual(verdict(answer), {
        action: "UNAUTHORIZED",
        resultCode: "A056302",
        existent: true,
        usable: false,
        sufficient: false
      })
      assert.strictEqual(answer.refreshable, true)
      assert.strictEqual(answer.subject, subject)
    }).pipe(memory()))

  it.effect("T3 once the refresh token has expired too, the token is not refreshable", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ accessTokenDuration: 60, refreshTokenDuration: 120 })
      yield* TestClock.adjust("121 seconds")
      assert.strictEqual((yield* TokenManagement.introspection({ token: accessToken })).refreshable, false)
    }).pipe(memory()))
})

describe("T5 what the resource requires", () => {
  it.effect("T5 a required scope the token lacks → FORBIDDEN, usable but not sufficient, insufficient_scope", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued({ scopes: ["openid"] })
      const answer = yield* TokenManagement.introspection({ token: accessToken, scopes: ["openid", "profile"] })
      assert.deepStrictEqual(verdict(answer), {
        action: "FORBIDDEN",
        resultCode: "A056305",
        existent: true,
        usable: true,
        sufficient: false
      })
      assert.match(reveal(answer.responseContent), /^Bearer error="insufficient_scope"/)
    }).pipe(memory()))

  it.effect("T5 another subject than the required one → FORBIDDEN, invalid_request", () =>
    Effect.gen(function*() {
      const { accessToken } = yield* issued()
      const answer = yield* TokenManagement.introspection({ token: accessToken, subject: "mallory" })
      assert.strictEqual(answer.action, "FORBIDDEN")
      assert.strictEqual(answer.resultCode, "A056306")
      assert.match(reveal(answer.responseContent), /^Bearer error="invalid_request"/)
    }).pipe(memory()))
})

/** A fake client certificate: the emulator only hashes its DER bytes, as `x5t#S256` does. */
const certificate = () => {
  const der = randomBytes(64)
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString("base64")}\n-----END CERTIFICATE-----\n`
  return { pem, thumbprint: createHash("sha256").update(der).digest("base64url") }
}

/** A DPoP key pair and proofs signed with it. */
const dpopKey = Effect.promise(async () => {
  const { privateKey, publicKey } = await Jose.generateKeyPair("ES256")
  const jwk = await Jose.exportJWK(publicKey)
  const thumbprint = await Jose.calculateJwkThumbprint(jwk)
  const proof = (claims: { readonly htm: string; readonly htu: string; readonly ath: string; readonly iat: number }) =>
    Effect.promise(() =>
      new Jose.SignJWT({ ...claims, jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
        .sign(privateKey)
    )
  return { thumbprint, proof }
})

describe("T4 bound tokens", () => {
  it.effect("T4 a certificate-bound token is usable only with its certificate", () =>
    Effect.gen(function*() {
      const bound = certificate()
      const { accessToken } = yield* issued({ certificateThumbprint: bound.thumbprint })
      const without = yield* TokenManagement.introspection({ token: accessToken })
      assert.deepStrictEqual([without.action, without.resultCode, without.existent, without.usable], [
        "UNAUTHORIZED",
        "A056303",
        true,
        false
      ])
      const other = yield* TokenManagement.introspection({ token: accessToken, clientCertificate: certificate().pem })
      assert.strictEqual(other.action, "UNAUTHORIZED")
      const matching = yield* TokenManagement.introspection({ token: accessToken, clientCertificate: bound.pem })
      assert.strictEqual(matching.action, "OK")
      assert.strictEqual(matching.certificateThumbprint, bound.thumbprint)
    }).pipe(memory()))

  it.effect("T4 a DPoP-bound token is usable only with a fresh proof of its key for this request", () =>
    Effect.gen(function*() {
      const key = yield* dpopKey
      const { accessToken } = yield* issued({ dpopKeyThumbprint: key.thumbprint })
      const iat = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      const htm = "GET"
      const htu = "https://api.example.com/calendar"
      const claims = { htm, htu, ath: sha256(accessToken), iat }
      const proven = yield* TokenManagement.introspection({
        token: accessToken,
        dpop: yield* key.proof(claims),
        htm,
        htu
      })
      assert.strictEqual(proven.action, "OK")

      const without = yield* TokenManagement.introspection({ token: accessToken, htm, htu })
      assert.deepStrictEqual([without.action, without.resultCode, without.usable], ["UNAUTHORIZED", "A056304", false])
      assert.match(reveal(without.responseContent), /^DPoP error="invalid_token"/)
      for (
        const wrong of [
          { ...claims, htu: "https://api.example.com/other" },
          { ...claims, ath: sha256("another token") },
          { ...claims, iat: iat - 3_600 }
        ]
      ) {
        const answer = yield* TokenManagement.introspection({
          token: accessToken,
          dpop: yield* key.proof(wrong),
          htm,
          htu
        })
        assert.strictEqual(answer.action, "UNAUTHORIZED", JSON.stringify(Object.keys(wrong)))
      }
      const stranger = yield* dpopKey
      const foreign = yield* TokenManagement.introspection({
        token: accessToken,
        dpop: yield* stranger.proof(claims),
        htm,
        htu
      })
      assert.strictEqual(foreign.action, "UNAUTHORIZED")
    }).pipe(memory()))
})

describe("T1, T7 requests Authlete cannot answer", () => {
  it.effect("T1 no token → BAD_REQUEST A056201 with an invalid_request challenge", () =>
    Effect.gen(function*() {
      for (const body of [{}, { token: "" }, { token: null }]) {
        const reply = yield* wire(call("introspection", body))
        assert.strictEqual(reply.status, 200)
        assert.deepStrictEqual([bodyOf(reply).action, bodyOf(reply).resultCode], ["BAD_REQUEST", "A056201"])
        assert.match(String(bodyOf(reply).responseContent), /^Bearer error="invalid_request"/)
      }
    }).pipe(memory()))

  it.effect("T1 a field of the wrong type → BAD_REQUEST A056202 naming it", () =>
    Effect.gen(function*() {
      const reply = yield* wire(call("introspection", { token: "t", scopes: "profile" }))
      assert.deepStrictEqual([bodyOf(reply).action, bodyOf(reply).resultCode], ["BAD_REQUEST", "A056202"])
      assert.include(String(bodyOf(reply).resultMessage), "'scopes'")
    }).pipe(memory()))

  it.effect("T7 an Authlete-side failure → INTERNAL_SERVER_ERROR with a server_error challenge", () =>
    Effect.gen(function*() {
      const answer = yield* TokenManagement.introspection({ token: "any" })
      assert.deepStrictEqual([answer.action, answer.resultCode], ["INTERNAL_SERVER_ERROR", "A056101"])
      assert.match(reveal(answer.responseContent), /^Bearer error="server_error"/)
    }).pipe(memory({ internalErrors: ["introspection"] })))

  it.effect("G6 with 4xx statuses: UNAUTHORIZED is a 401 whose body still carries the action", () =>
    Effect.gen(function*() {
      const reply = yield* wire(call("introspection", { token: "unknown" }))
      assert.strictEqual(reply.status, 401)
      assert.deepStrictEqual([bodyOf(reply).action, bodyOf(reply).existent], ["UNAUTHORIZED", false])
    }).pipe(memory({ actionFailureStatus: "4xx" })))
})
