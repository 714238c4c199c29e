/**
 * Conformance of the mock server's wire format, checked by a client nobody here wrote: the official
 * `@authlete/typescript-sdk`. Its zod validation rejects `null` in optional fields and unknown values of its closed
 * enums (`action`, `grantType`, `clientType`), so each success below also says our JSON is what Authlete sends.
 */
import { Authlete } from "@authlete/typescript-sdk"
import { resetEnv } from "@authlete/typescript-sdk/lib/env.js"
import { AuthleteDefaultError, ResultError } from "@authlete/typescript-sdk/models/errors"
import { assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as MockServer from "../src/MockServer.js"

// The SDK falls back to AUTHLETE_BEARER when given no bearer; the missing-bearer case needs it gone.
beforeAll(() => {
  delete process.env.AUTHLETE_BEARER
  resetEnv()
})

/** A fresh server for the test, closed with its scope, and the SDK pointed at it. */
const sdkServer = (options?: MockServer.Options) =>
  Effect.map(
    Effect.acquireRelease(Effect.promise(() => MockServer.start(options)), (server) => Effect.promise(server.close)),
    (server) => ({
      server,
      serviceId: server.serviceId,
      management: new Authlete({ serverURL: server.url, bearer: server.bearer, retryConfig: { strategy: "none" } })
        .token.management
    })
  )

type Management = Effect.Effect.Success<ReturnType<typeof sdkServer>>["management"]

const call = <A>(f: () => Promise<A>) => Effect.promise(f)

const createToken = (
  management: Management,
  server: MockServer.Started,
  request: { readonly subject?: string; readonly scopes?: Array<string> } = {}
) =>
  call(() =>
    management.create({
      serviceId: server.serviceId,
      tokenCreateRequest: {
        grantType: "AUTHORIZATION_CODE",
        clientId: server.clientId,
        subject: request.subject ?? server.emulator.defaults.subject,
        scopes: request.scopes ?? ["openid", "profile"]
      }
    })
  )

describe("official SDK against the mock server", () => {
  it.scopedLive("create answers OK with the token values", () =>
    Effect.gen(function*() {
      const { management, server } = yield* sdkServer()
      const created = yield* createToken(management, server)
      assert.strictEqual(created.action, "OK")
      assert.typeOf(created.accessToken, "string")
      assert.typeOf(created.refreshToken, "string")
      assert.strictEqual(created.clientId, server.clientId)
      assert.deepStrictEqual(created.scopes, ["openid", "profile"])
    }))

  it.scopedLive("list answers pages with closed enums (grantType, clientType) and empty pages", () =>
    Effect.gen(function*() {
      const { management, server, serviceId } = yield* sdkServer()
      yield* createToken(management, server)
      yield* createToken(management, server, { subject: "bob" })
      const bySubject = yield* call(() => management.list({ serviceId, subject: "bob" }))
      assert.strictEqual(bySubject.totalCount, 1)
      assert.strictEqual(bySubject.accessTokens?.[0]?.grantType, "AUTHORIZATION_CODE")
      const byClient = yield* call(() =>
        management.list({ serviceId, clientIdentifier: String(server.clientId), start: 1, end: 2 })
      )
      assert.strictEqual(byClient.totalCount, 2)
      assert.strictEqual(byClient.accessTokens?.length, 1)
      assert.strictEqual(byClient.client?.clientId, server.clientId)
      assert.oneOf(byClient.client?.clientType, ["PUBLIC", "CONFIDENTIAL"])
      const empty = yield* call(() => management.list({ serviceId, subject: "nobody" }))
      assert.strictEqual(empty.totalCount, 0)
    }))

  it.scopedLive("update answers OK with the new scopes, and NOT_FOUND for an unknown token", () =>
    Effect.gen(function*() {
      const { management, server, serviceId } = yield* sdkServer()
      const created = yield* createToken(management, server)
      const updated = yield* call(() =>
        management.update({ serviceId, tokenUpdateRequest: { accessToken: created.accessToken!, scopes: ["openid"] } })
      )
      assert.strictEqual(updated.action, "OK")
      assert.deepStrictEqual(updated.scopes, ["openid"])
      const missing = yield* call(() =>
        management.update({ serviceId, tokenUpdateRequest: { accessToken: "no-such-token", scopes: ["openid"] } })
      )
      assert.strictEqual(missing.action, "NOT_FOUND")
    }))

  it.scopedLive("reissueIdToken answers OK with an ID token, and CALLER_ERROR for unknown tokens", () =>
    Effect.gen(function*() {
      const { management, server, serviceId } = yield* sdkServer()
      const created = yield* createToken(management, server)
      const reissued = yield* call(() =>
        management.reissueIdToken({
          serviceId,
          idtokenReissueRequest: { accessToken: created.accessToken!, refreshToken: created.refreshToken! }
        })
      )
      assert.strictEqual(reissued.action, "OK")
      assert.strictEqual(reissued.idToken?.split(".").length, 3)
      const refused = yield* call(() =>
        management.reissueIdToken({ serviceId, idtokenReissueRequest: { accessToken: "x", refreshToken: "y" } })
      )
      assert.strictEqual(refused.action, "CALLER_ERROR")
    }))

  it.scopedLive("revoke counts single and bulk revocations", () =>
    Effect.gen(function*() {
      const { management, server, serviceId } = yield* sdkServer()
      const created = yield* createToken(management, server)
      yield* createToken(management, server, { subject: "bob" })
      yield* createToken(management, server, { subject: "bob" })
      const single = yield* call(() =>
        management.revoke({ serviceId, tokenRevokeRequest: { accessTokenIdentifier: created.accessToken! } })
      )
      assert.strictEqual(single.count, 1)
      const bulk = yield* call(() => management.revoke({ serviceId, tokenRevokeRequest: { subject: "bob" } }))
      assert.strictEqual(bulk.count, 2)
      assert.strictEqual(yield* server.emulator.count(), 0)
    }))

  it.scopedLive("introspection answers OK for a live token and UNAUTHORIZED once it is revoked", () =>
    Effect.gen(function*() {
      const { server, serviceId } = yield* sdkServer()
      const authlete = new Authlete({ serverURL: server.url, bearer: server.bearer, retryConfig: { strategy: "none" } })
      const created = yield* createToken(authlete.token.management, server, { scopes: ["openid", "profile"] })
      const introspect = (scopes: Array<string>) =>
        call(() =>
          authlete.introspection.process({
            serviceId,
            introspectionRequest: { token: created.accessToken!, scopes, subject: server.emulator.defaults.subject }
          })
        )
      const live = yield* introspect(["profile"])
      assert.deepStrictEqual([live.action, live.existent, live.usable, live.sufficient], ["OK", true, true, true])
      assert.strictEqual(live.clientId, server.clientId)
      const insufficient = yield* introspect(["email"])
      assert.deepStrictEqual([insufficient.action, insufficient.sufficient], ["FORBIDDEN", false])
      yield* call(() =>
        authlete.token.management.revoke({
          serviceId,
          tokenRevokeRequest: { accessTokenIdentifier: created.accessToken! }
        })
      )
      const revoked = yield* introspect([])
      assert.deepStrictEqual([revoked.action, revoked.existent, revoked.usable], ["UNAUTHORIZED", false, false])
      assert.match(revoked.responseContent ?? "", /^Bearer error="invalid_token"/)
    }))

  it.scopedLive("delete resolves on 204 and the token is gone", () =>
    Effect.gen(function*() {
      const { management, server, serviceId } = yield* sdkServer()
      const created = yield* createToken(management, server)
      const deleted = yield* call(() => management.delete({ serviceId, accessTokenIdentifier: created.accessToken! }))
      assert.isUndefined(deleted)
      assert.strictEqual((yield* call(() => management.list({ serviceId }))).totalCount, 0)
    }))

  it.scopedLive("a missing bearer is the SDK's ResultError 401 A001202", () =>
    Effect.gen(function*() {
      const { server, serviceId } = yield* sdkServer()
      const anonymous = new Authlete({ serverURL: server.url }).token.management
      const error = yield* Effect.flip(Effect.tryPromise(() => anonymous.list({ serviceId })))
      assert.instanceOf(error.error, ResultError)
      const result = error.error as ResultError
      assert.strictEqual(result.statusCode, 401)
      assert.strictEqual(result.resultCode, "A001202")
    }))

  it.scopedLive("a service the bearer has no right to is the SDK's ResultError 403", () =>
    Effect.gen(function*() {
      const { management, server } = yield* sdkServer()
      const other = yield* server.emulator.addService()
      const error = yield* Effect.flip(Effect.tryPromise(() => management.list({ serviceId: other })))
      assert.instanceOf(error.error, ResultError)
      assert.strictEqual((error.error as ResultError).statusCode, 403)
    }))

  it.scopedLive("an injected 503 is the SDK's AuthleteDefaultError", () =>
    Effect.gen(function*() {
      const { management, serviceId } = yield* sdkServer({ faults: { unavailableProbability: 1 } })
      const error = yield* Effect.flip(Effect.tryPromise(() => management.list({ serviceId })))
      assert.instanceOf(error.error, AuthleteDefaultError)
      assert.strictEqual((error.error as AuthleteDefaultError).statusCode, 503)
    }))
})
