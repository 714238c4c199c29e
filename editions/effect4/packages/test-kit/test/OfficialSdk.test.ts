/**
 * The official `@authlete/typescript-sdk` and this edition's Node client, on one emulator behind real HTTP: each
 * operation called both ways must reach the server as the same request (method, path, query, JSON body), and the SDK
 * must accept every answer (its zod validation refuses `null` in optional fields and unknown enum values).
 */
import { Authlete } from "@authlete/typescript-sdk"
import { TokenManagement } from "@effect-authlete/core"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as Server from "./utils/server.js"

/** What a request is on the wire, whoever sent it. */
const wireOf = (request: Server.Received) => {
  const url = new URL(request.url, "http://server")
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries([...url.searchParams].sort(([a], [b]) => a.localeCompare(b))),
    contentType: request.body === undefined ? undefined : request.headers["content-type"]?.split(";")[0],
    authorization: request.headers["authorization"],
    body: request.body
  }
}

const setup = Effect.gen(function*() {
  const emulator = yield* AuthleteEmulator.make()
  const served = yield* Server.serve(emulator)
  const { bearer, clientId, serviceId, subject } = emulator.defaults
  const sdk = new Authlete({ serverURL: served.url, bearer: Redacted.value(bearer), retryConfig: { strategy: "none" } })
  const ours = NodeAuthlete.layer({ baseUrl: served.url, bearer, serviceId })
  /** Runs `viaSdk` then `viaOurs`, and answers the request each sent. */
  const both = <A, B>(viaSdk: () => Promise<A>, viaOurs: Effect.Effect<B, unknown, TokenManagement.TokenManagement>) =>
    Effect.gen(function*() {
      const before = served.received.length
      const sdkAnswer = yield* Effect.promise(viaSdk)
      const ourAnswer = yield* Effect.provide(viaOurs, ours)
      const sent = served.received.slice(before)
      assert.strictEqual(sent.length, 2, "one request each")
      return { sdk: wireOf(sent[0]), ours: wireOf(sent[1]), sdkAnswer, ourAnswer }
    })
  return { both, sdk: sdk.token.management, serviceId, clientId, subject, emulator }
})

describe("the official SDK and the Effect 4 client send the same requests", () => {
  it.live("create, update, list, reissueIdToken, revoke, delete", () =>
    Effect.scoped(Effect.gen(function*() {
      const { both, clientId, sdk, serviceId, subject } = yield* setup
      const createRequest = {
        grantType: "AUTHORIZATION_CODE" as const,
        clientId,
        subject,
        scopes: ["openid", "profile"]
      }
      const created = yield* both(
        () => sdk.create({ serviceId, tokenCreateRequest: createRequest }),
        TokenManagement.create(createRequest)
      )
      assert.deepStrictEqual(created.ours, created.sdk)
      assert.strictEqual(created.sdk.method, "POST")
      assert.strictEqual(created.sdk.path, `/api/${serviceId}/auth/token/create`)
      assert.strictEqual(created.sdkAnswer.action, "OK")
      assert.strictEqual(created.ourAnswer.action, "OK")
      const accessToken = created.sdkAnswer.accessToken!
      const refreshToken = created.sdkAnswer.refreshToken!

      const updated = yield* both(
        () => sdk.update({ serviceId, tokenUpdateRequest: { accessToken, scopes: ["openid"] } }),
        TokenManagement.update({ accessToken, scopes: ["openid"] })
      )
      assert.deepStrictEqual(updated.ours, updated.sdk)
      assert.deepStrictEqual(updated.sdkAnswer.scopes, ["openid"])

      const listed = yield* both(
        () => sdk.list({ serviceId, subject, start: 0, end: 5 }),
        TokenManagement.list({ subject, start: 0, end: 5 })
      )
      assert.deepStrictEqual(listed.ours, listed.sdk)
      assert.strictEqual(listed.sdk.method, "GET")
      assert.deepStrictEqual(listed.sdk.query, { end: "5", start: "0", subject })
      assert.strictEqual(listed.sdkAnswer.totalCount, 2)
      assert.strictEqual(listed.ourAnswer.totalCount, 2)

      const reissued = yield* both(
        () => sdk.reissueIdToken({ serviceId, idtokenReissueRequest: { accessToken, refreshToken } }),
        TokenManagement.reissueIdToken({ accessToken, refreshToken })
      )
      assert.deepStrictEqual(reissued.ours, reissued.sdk)
      assert.strictEqual(reissued.sdkAnswer.action, "OK")
      assert.strictEqual(reissued.ourAnswer.action, "OK")

      const revoked = yield* both(
        () => sdk.revoke({ serviceId, tokenRevokeRequest: { subject: "nobody" } }),
        TokenManagement.revoke({ subject: "nobody" })
      )
      assert.deepStrictEqual(revoked.ours, revoked.sdk)
      assert.strictEqual(revoked.sdkAnswer.count, 0)

      const second = created.ourAnswer.accessToken!
      const deleted = yield* both(
        () => sdk.delete({ serviceId, accessTokenIdentifier: accessToken }),
        TokenManagement.delete({ accessTokenIdentifier: second })
      )
      // the same request but for the token each deletes
      assert.deepStrictEqual(
        { ...deleted.ours, path: deleted.ours.path.replace(encodeURIComponent(Redacted.value(second)), "<token>") },
        { ...deleted.sdk, path: deleted.sdk.path.replace(encodeURIComponent(accessToken), "<token>") }
      )
      assert.strictEqual(deleted.sdk.method, "DELETE")
    })))
})
