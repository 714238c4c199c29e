/** Shared helpers of the emulator tests: the memory layer, wire calls with any body, token creation. */
import type { Schemas, TokenTransport } from "@effect-authlete/core"
import { TokenManagement } from "@effect-authlete/core"
import { assert } from "@effect/vitest"
import { Clock, Effect, Redacted } from "effect"
import * as Jose from "jose"
import { createHash } from "node:crypto"
import { AuthleteEmulator, TestAuthlete } from "../src/index.js"

/** The default service, client and subject of a one-line emulator. */
export const serviceId = "21653835348762"
export const clientId = 26888344961664
export const clientAlias = "emulator-client"
export const subject = "alice"

/** Runs a test against a fresh `layerMemory`. */
export const memory =
  (options?: AuthleteEmulator.EmulatorOptions) =>
  <A, E>(self: Effect.Effect<A, E, TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator>) =>
    Effect.provide(self, TestAuthlete.layerMemory(options))

/** The emulator of the current test. */
export const emulator = AuthleteEmulator.AuthleteEmulator

/** Independent oracle of G4: unpadded base64url SHA-256. */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("base64url")

/** A call with any body (also ones core would refuse to send), to the default service unless told. */
export const call = (
  operation: "create" | "update" | "revoke" | "reissueIdToken",
  body: unknown,
  service: string = serviceId
): TokenTransport.Call => ({ operation, serviceId: service, body } as unknown as TokenTransport.Call)

/** Sends a call with the default bearer; answers the wire reply. */
export const wire = (request: TokenTransport.Call) =>
  Effect.flatMap(emulator, (e) => e.handle(request, Redacted.value(e.defaults.bearer)))

/** The JSON body of a wire reply, as a record. */
export const bodyOf = (reply: AuthleteEmulator.WireReply): Record<string, unknown> => {
  assert.isDefined(reply.body)
  return reply.body as Record<string, unknown>
}

/** Asserts a `result` answer: its status and `resultCode`. */
export const assertResult = (reply: AuthleteEmulator.WireReply, status: number, resultCode: string): void => {
  assert.strictEqual(reply.status, status)
  assert.strictEqual(bodyOf(reply).resultCode, resultCode)
}

/** The plain value of a `Redacted` that must be there. */
export const reveal = (value: Redacted.Redacted<string> | undefined): string => {
  assert.isDefined(value)
  return Redacted.value(value)
}

/** `create` with the defaults of the samples: authorization code, default client and subject, openid profile. */
export const createToken = (request: Partial<Schemas.TokenCreateRequest> = {}) =>
  TokenManagement.create({
    grantType: "AUTHORIZATION_CODE",
    clientId,
    subject,
    scopes: ["openid", "profile"],
    ...request
  })

/** A created token's raw values (fails the test when create did not answer OK). */
export const issued = (request: Partial<Schemas.TokenCreateRequest> = {}) =>
  Effect.map(createToken(request), (created) => {
    assert.strictEqual(created.action, "OK", created.resultMessage)
    return {
      response: created,
      accessToken: reveal(created.accessToken),
      refreshToken: created.refreshToken === undefined ? undefined : Redacted.value(created.refreshToken)
    }
  })

/** Verifies a JWT with the default service's published keys and issuer, at the test clock's time. */
export const verifyJwt = (jwt: Redacted.Redacted<string> | undefined) =>
  Effect.gen(function*() {
    const e = yield* emulator
    const jwks = Jose.createLocalJWKSet(yield* e.jwks())
    const issuer = yield* e.issuer()
    const currentDate = new Date(yield* Clock.currentTimeMillis)
    return yield* Effect.promise(() => Jose.jwtVerify(reveal(jwt), jwks, { issuer, currentDate }))
  })
