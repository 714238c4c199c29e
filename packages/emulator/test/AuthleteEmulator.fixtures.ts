/** Shared helpers of the emulator tests: the memory layer, wire calls with any body, token creation. */
import type { Schemas } from "@effect-authlete/core"
import { AuthleteOperation, TokenManagement } from "@effect-authlete/core"
import { HttpClientRequest } from "@effect/platform"
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

/** A raw request of one operation: any body (also ones core would refuse to send), any query, any path value. */
export interface RawCall {
  readonly operation: AuthleteOperation.Name
  readonly serviceId: string
  readonly body?: unknown
  readonly query?: Readonly<Record<string, string>> | undefined
  readonly accessTokenIdentifier?: string | undefined
}

/** A call of a `POST` operation with any body, to the default service unless told. */
export const call = (
  operation: AuthleteOperation.Name,
  body: unknown,
  service: string = serviceId
): RawCall => ({ operation, serviceId: service, body })

/** An answer as it came over the wire: its status and its parsed JSON body (absent when empty). */
export interface WireAnswer {
  readonly status: number
  readonly body?: object | undefined
}

/** The HTTP request of a raw call: the operation's method and path, a JSON body for a `POST`. */
export const rawRequest = (raw: RawCall): HttpClientRequest.HttpClientRequest => {
  const operation = AuthleteOperation.operations[raw.operation]
  const path = AuthleteOperation.pathOf(operation, raw.serviceId, {
    accessTokenIdentifier: raw.accessTokenIdentifier
  })
  const request = HttpClientRequest.make(operation.method)(path, { urlParams: raw.query ?? {} })
  return operation.method === "POST" && raw.body !== undefined
    ? HttpClientRequest.bodyText(request, JSON.stringify(raw.body), "application/json")
    : request
}

/**
 * Sends a raw call through the emulator's HTTP application, in process, with the default bearer unless
 * `authorization` says otherwise (`undefined`: no header).
 */
export const wire = (raw: RawCall, headers?: { readonly authorization: string | undefined }) =>
  Effect.gen(function*() {
    const e = yield* emulator
    const authorization = headers === undefined ? `Bearer ${Redacted.value(e.defaults.bearer)}` : headers.authorization
    const request = HttpClientRequest.prependUrl(rawRequest(raw), AuthleteEmulator.inProcessUrl)
    const response = yield* e.httpClient.execute(
      authorization === undefined ? request : HttpClientRequest.setHeader(request, "authorization", authorization)
    )
    const text = yield* response.text
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) as object } as WireAnswer
  }).pipe(Effect.orDie)

/** The JSON body of a wire answer, as a record. */
export const bodyOf = (reply: WireAnswer): Record<string, unknown> => {
  assert.isDefined(reply.body)
  return reply.body as Record<string, unknown>
}

/** Asserts a `result` answer: its status and `resultCode`. */
export const assertResult = (reply: WireAnswer, status: number, resultCode: string): void => {
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
