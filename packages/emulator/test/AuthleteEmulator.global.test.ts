/** Global rules (G1–G6), the transport mapping, seeding and the store under concurrency. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import {
  assertResult,
  bodyOf,
  call,
  clientId,
  createToken,
  emulator,
  issued,
  memory,
  serviceId,
  sha256,
  subject,
  wire
} from "./AuthleteEmulator.fixtures.js"

const createBody = { grantType: "AUTHORIZATION_CODE", clientId, subject, scopes: ["openid"] }

describe("G1 bearer", () => {
  it.effect("G1 missing bearer → 401 A001202 with the API path", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const reply = yield* wire(call("create", createBody), { authorization: undefined })
      assert.strictEqual(reply.status, 401)
      assert.deepStrictEqual(reply.body, {
        resultCode: "A001202",
        resultMessage: "[A001202] /auth/token/create, Authorization header is missing."
      })
      assert.strictEqual(yield* e.count(), 0)
    }).pipe(memory()))

  it.effect("G1 unknown bearer → 401; the Bearer scheme is accepted", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const unknown = yield* wire(call("create", createBody), { authorization: "Bearer not-a-known-token" })
      assertResult(unknown, 401, "A001203")
      const withScheme = yield* wire(call("create", createBody), {
        authorization: `Bearer ${Redacted.value(e.defaults.bearer)}`
      })
      assert.strictEqual(withScheme.status, 200)
      assert.strictEqual(bodyOf(withScheme).action, "OK")
    }).pipe(memory()))

  it.effect("G1 bearer of another service → 403; an organization bearer reaches every service", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const other = yield* e.addService({ bearers: ["other-bearer"] })
      const denied = yield* wire(call("revoke", { subject }), { authorization: "other-bearer" })
      assertResult(denied, 403, "A001213")
      const own = yield* wire(call("revoke", { subject }, other), { authorization: "other-bearer" })
      assert.strictEqual(own.status, 200)
      yield* e.addBearer("org-bearer", "*")
      assert.strictEqual((yield* wire(call("revoke", { subject }), { authorization: "org-bearer" })).status, 200)
      assert.strictEqual((yield* wire(call("revoke", { subject }, other), { authorization: "org-bearer" })).status, 200)
    }).pipe(memory()))
})

describe("G2 unknown service", () => {
  it.effect("G2 unknown service → 403 ResultError by default", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TokenManagement.list({}, { serviceId: "999" }))
      assert.strictEqual(error._tag, "ResultError")
      assert.strictEqual(error._tag === "ResultError" && error.status, 403)
      assert.strictEqual(error._tag === "ResultError" && error.resultCode, "A001214")
    }).pipe(memory()))

  it.effect("G2 unknownServiceStatus 404 → UnexpectedStatusError 404", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TokenManagement.list({}, { serviceId: "999" }))
      assert.strictEqual(error._tag, "UnexpectedStatusError")
      assert.strictEqual(error._tag === "UnexpectedStatusError" && error.status, 404)
    }).pipe(memory({ unknownServiceStatus: 404 })))
})

describe("G3–G5 wire format and token values", () => {
  it.effect("G3 absent fields are omitted, never null; delete answers 204 without a body", () =>
    Effect.gen(function*() {
      const reply = yield* wire(call("create", { grantType: "CLIENT_CREDENTIALS", clientId, scopes: [] }))
      const body = bodyOf(reply)
      assert.strictEqual(reply.status, 200)
      assert.isFalse("subject" in body)
      assert.isFalse("refreshToken" in body)
      assert.notInclude(JSON.stringify(body), "null")
      assert.isFalse(Object.values(body).includes(undefined))
      const deleted = yield* wire({ operation: "delete", serviceId, accessTokenIdentifier: String(body.accessToken) })
      assert.deepStrictEqual(deleted, { status: 204, body: undefined })
    }).pipe(memory()))

  it.effect("G4 tokens are stored by unpadded base64url SHA-256; the raw value is not kept", () =>
    Effect.gen(function*() {
      const { accessToken, refreshToken } = yield* issued()
      const [stored] = yield* (yield* emulator).tokens()
      assert.strictEqual(stored.accessTokenHash, sha256(accessToken))
      assert.isDefined(refreshToken)
      assert.strictEqual(stored.refreshTokenHash, sha256(refreshToken!))
      assert.notInclude(JSON.stringify(stored), accessToken)
    }).pipe(memory()))

  it.effect("G5 generated token values are distinct 43-character base64url strings", () =>
    Effect.gen(function*() {
      const values = yield* Effect.forEach([1, 2, 3], () => issued())
      const all = values.flatMap(({ accessToken, refreshToken }) => [accessToken, refreshToken])
      for (const value of all) assert.match(value ?? "", /^[A-Za-z0-9_-]{43}$/)
      assert.strictEqual(new Set(all).size, 6)
    }).pipe(memory()))
})

it.effect("G3 a body that is not a JSON object is answered 400 A001291, never a defect; an empty body reads as {}", () =>
  Effect.gen(function*() {
    for (const body of ["text", [1, 2], 42]) {
      for (const operation of ["create", "update", "reissueIdToken", "revoke"] as const) {
        assertResult(yield* wire(call(operation, body)), 400, "A001291")
      }
    }
    assert.strictEqual(bodyOf(yield* wire(call("create", undefined))).resultCode, "A109201")
    const list = yield* wire({ operation: "list", serviceId })
    assert.strictEqual(list.status, 200)
  }).pipe(memory()))

describe("G6 status of action failures", () => {
  it.effect("G6 default: a failed create answers 200 with action BAD_REQUEST", () =>
    Effect.gen(function*() {
      const response = yield* createToken({ scopes: ["no-such-scope"] })
      assert.strictEqual(response.action, "BAD_REQUEST")
    }).pipe(memory()))

  it.effect("G6 4xx: BAD_REQUEST → 400 keeping action in the body, NOT_FOUND → 404, CALLER_ERROR → 400", () =>
    Effect.gen(function*() {
      const created = yield* wire(call("create", { ...createBody, scopes: ["no-such-scope"] }))
      assert.strictEqual(created.status, 400)
      assert.strictEqual(bodyOf(created).action, "BAD_REQUEST")
      const error = yield* Effect.flip(createToken({ scopes: ["no-such-scope"] }))
      assert.strictEqual(error._tag, "ResultError")
      assert.strictEqual(error._tag === "ResultError" && error.resultCode, "A109209")
      const updated = yield* wire(call("update", { accessTokenHash: "unknown" }))
      assert.strictEqual(updated.status, 404)
      assert.strictEqual(bodyOf(updated).action, "NOT_FOUND")
      const reissued = yield* wire(call("reissueIdToken", {}))
      assert.strictEqual(reissued.status, 400)
      assert.strictEqual(bodyOf(reissued).action, "CALLER_ERROR")
    }).pipe(memory({ actionFailureStatus: "4xx" })))
})

describe("seeding", () => {
  it.effect("one line gives a service, a confidential client with an alias, scopes and a bearer", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      assert.deepStrictEqual(
        { ...e.defaults, bearer: Redacted.value(e.defaults.bearer) },
        { serviceId, bearer: `emulator-bearer-${serviceId}`, clientId, clientIdAlias: "emulator-client", subject }
      )
      const page = yield* TokenManagement.list({ clientIdentifier: "emulator-client" })
      assert.strictEqual(page.client?.clientType, "CONFIDENTIAL")
      const created = yield* createToken({ scopes: ["openid", "profile", "email", "history.read", "timeline.read"] })
      assert.strictEqual(created.action, "OK")
    }).pipe(memory()))

  it.effect("options declare services, clients and pre-existing tokens", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      assert.strictEqual(yield* e.count("42"), 2)
      assert.strictEqual(yield* e.count(serviceId), 1)
      const page = yield* TokenManagement.list({ clientIdentifier: "mobile" }, { serviceId: "42" })
      assert.strictEqual(page.totalCount, 2)
      assert.deepStrictEqual(page.accessTokens?.map((token) => token.subject), ["ann", "bob"])
    }).pipe(
      memory({
        services: [{ serviceId: "42", scopes: ["read"], bearers: [`emulator-bearer-${serviceId}`] }],
        clients: [{ serviceId: "42", clientIdAlias: "mobile", clientType: "PUBLIC" }],
        tokens: [
          { serviceId: "42", client: "mobile", subject: "ann", scopes: ["read"] },
          { serviceId: "42", client: "mobile", subject: "bob", scopes: ["read"] },
          {}
        ]
      })
    ))

  it.effect("addToken answers the raw values, usable with every operation", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const seeded = yield* e.addToken({ accessToken: "seeded-access-token", scopes: ["openid"] })
      assert.strictEqual(seeded.accessToken, "seeded-access-token")
      assert.strictEqual(seeded.accessTokenHash, sha256("seeded-access-token"))
      assert.isDefined(seeded.refreshToken)
      const updated = yield* TokenManagement.update({ accessToken: seeded.accessToken, scopes: ["profile"] })
      assert.strictEqual(updated.action, "OK")
      const noRefresh = yield* e.addToken({ refreshToken: null })
      assert.isUndefined(noRefresh.refreshToken)
      const [, stored] = yield* e.tokens()
      assert.strictEqual(stored.refreshTokenExpiresAt, 0)
      assert.isUndefined(stored.refreshTokenHash)
    }).pipe(memory()))

  it.effect("a broken seed is a defect naming the problem", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const exit = yield* Effect.exit(e.addToken({ scopes: ["no-such-scope"] }))
      assert.isTrue(exit._tag === "Failure" && String(exit.cause).includes("not supported"))
    }).pipe(memory()))
})

describe("status mapping through core's client", () => {
  it.effect("400/401/403/500 become ResultError and other statuses UnexpectedStatusError", () =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(TokenManagement.revoke({ subject: "" }))
      assert.strictEqual(refused._tag === "ResultError" && refused.status, 400)
      assert.strictEqual(refused._tag === "ResultError" && refused.resultCode, "A312201")
      const missing = yield* Effect.flip(TokenManagement.delete({ accessTokenIdentifier: "unknown" }))
      assert.strictEqual(missing._tag === "UnexpectedStatusError" && missing.status, 404)
      yield* (yield* emulator).setInternalErrors(["list"])
      const failed = yield* Effect.flip(TokenManagement.list())
      assert.strictEqual(failed._tag === "ResultError" && failed.status, 500)
    }).pipe(memory({ deleteUnknownStatus: 404 })))
})

describe("store under concurrency", () => {
  it.effect("1,000 fibers: no lost update, totalCount equals the tokens present", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const fibers = Array.from({ length: 1000 }, (_, i) => i)
      // every fiber creates a token; odd fibers then revoke theirs and even fibers add a property to theirs
      const kept = yield* Effect.forEach(fibers, (i) =>
        Effect.gen(function*() {
          const { accessToken } = yield* issued({ subject: `user-${i}` })
          if (i % 2 === 1) {
            const revoked = yield* TokenManagement.revoke({ accessTokenIdentifier: accessToken })
            assert.strictEqual(revoked.count, 1)
            return []
          }
          const updated = yield* TokenManagement.update({ accessToken, properties: [{ key: "n", value: String(i) }] })
          assert.strictEqual(updated.action, "OK")
          return [sha256(accessToken)]
        }), { concurrency: "unbounded" })
      const expected = kept.flat()
      const stored = yield* e.tokens()
      assert.strictEqual(stored.length, 500)
      assert.sameMembers(stored.map((token) => token.accessTokenHash), expected)
      for (const token of stored) assert.strictEqual(token.properties[0]?.value, token.subject?.slice(5))
      const page = yield* TokenManagement.list({ start: 0, end: 2000 })
      assert.strictEqual(page.totalCount, 500)
      assert.strictEqual(page.accessTokens?.length, 500)
    }).pipe(memory()))

  it.effect("1,000 concurrent token values hash to 1,000 distinct records", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      yield* Effect.forEach(Array.from({ length: 1000 }), () => e.addToken(), { concurrency: "unbounded" })
      const stored = yield* e.tokens()
      assert.strictEqual(new Set(stored.map((token) => token.accessTokenHash)).size, 1000)
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 1000)
    }).pipe(memory()))
})
