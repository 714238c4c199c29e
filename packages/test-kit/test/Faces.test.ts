/**
 * One emulator, two faces: the same raw requests get the same answers in memory (the in-process `HttpClient` of
 * `layerMemory`) and over HTTP (`MockServer` on loopback), since both run the emulator's one HTTP application.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as AuthleteEmulator from "../src/AuthleteEmulator.js"
import * as MockServer from "../src/MockServer.js"
import { clientId, serviceId, subject } from "./AuthleteEmulator.fixtures.js"

const api = `/api/${serviceId}`

/** A raw request: method, path below the base URL, and a body sent as is (text) with its content type. */
interface Raw {
  readonly name: string
  readonly method: "GET" | "POST" | "DELETE" | "PUT"
  readonly path: string
  readonly body?: string | undefined
  readonly contentType?: string | undefined
  readonly authorization?: "default" | "none" | string
}

const json = (value: unknown) => JSON.stringify(value)

const requests: ReadonlyArray<Raw> = [
  // create: missing required fields, wrong types, unknown enum values, empty and odd bodies
  { name: "create without grantType (C1)", method: "POST", path: "/auth/token/create", body: json({ clientId, subject }) },
  { name: "create with an unknown grantType", method: "POST", path: "/auth/token/create", body: json({ grantType: "FOO", clientId, subject }) },
  { name: "create REFRESH_TOKEN", method: "POST", path: "/auth/token/create", body: json({ grantType: "REFRESH_TOKEN", clientId, subject }) },
  { name: "create without client", method: "POST", path: "/auth/token/create", body: json({ grantType: "PASSWORD", subject }) },
  { name: "create with a text clientId", method: "POST", path: "/auth/token/create", body: json({ grantType: "PASSWORD", clientId: "1", subject }) },
  { name: "create with a non-integer duration", method: "POST", path: "/auth/token/create", body: json({ grantType: "PASSWORD", clientId, subject, accessTokenDuration: 1.5 }) },
  { name: "create with scopes as text", method: "POST", path: "/auth/token/create", body: json({ grantType: "PASSWORD", clientId, subject, scopes: "openid" }) },
  { name: "create with an unknown scope", method: "POST", path: "/auth/token/create", body: json({ grantType: "PASSWORD", clientId, subject, scopes: ["nope"] }) },
  { name: "create with an empty body", method: "POST", path: "/auth/token/create", body: "" },
  { name: "create with a JSON array", method: "POST", path: "/auth/token/create", body: "[1,2]" },
  { name: "create with invalid JSON", method: "POST", path: "/auth/token/create", body: "{\"grantType\":" },
  { name: "create as a form", method: "POST", path: "/auth/token/create", body: "grantType=PASSWORD", contentType: "application/x-www-form-urlencoded" },
  { name: "create without bearer (G1)", method: "POST", path: "/auth/token/create", body: json({ clientId }), authorization: "none" },
  { name: "create with an unknown bearer", method: "POST", path: "/auth/token/create", body: json({ clientId }), authorization: "Bearer nobody" },
  // reissueIdToken
  { name: "reissue without tokens (I1)", method: "POST", path: "/idtoken/reissue", body: json({}) },
  { name: "reissue without refreshToken (I1)", method: "POST", path: "/idtoken/reissue", body: json({ accessToken: "a" }) },
  { name: "reissue with an empty body", method: "POST", path: "/idtoken/reissue", body: "" },
  { name: "reissue with a numeric accessToken", method: "POST", path: "/idtoken/reissue", body: json({ accessToken: 1, refreshToken: "r" }) },
  { name: "reissue of unknown tokens", method: "POST", path: "/idtoken/reissue", body: json({ accessToken: "a", refreshToken: "r" }) },
  // update
  { name: "update without token (U1)", method: "POST", path: "/auth/token/update", body: json({ scopes: ["openid"] }) },
  { name: "update of an unknown token", method: "POST", path: "/auth/token/update", body: json({ accessToken: "unknown" }) },
  { name: "update with a wrong type", method: "POST", path: "/auth/token/update", body: json({ accessToken: "t", accessTokenPersistent: "yes" }) },
  // revoke
  { name: "revoke with an empty body (R4)", method: "POST", path: "/auth/token/revoke", body: "" },
  { name: "revoke with no selector (R4)", method: "POST", path: "/auth/token/revoke", body: json({ other: 1 }) },
  { name: "revoke of an unknown token (R6)", method: "POST", path: "/auth/token/revoke", body: json({ accessTokenIdentifier: "unknown" }) },
  { name: "revoke by subject, none stored", method: "POST", path: "/auth/token/revoke", body: json({ subject }) },
  { name: "revoke with a numeric subject", method: "POST", path: "/auth/token/revoke", body: json({ subject: 7 }) },
  // list
  { name: "list with defaults", method: "GET", path: "/auth/token/get/list" },
  { name: "list with a text index (L2)", method: "GET", path: "/auth/token/get/list?start=two" },
  { name: "list with end < start (L2)", method: "GET", path: "/auth/token/get/list?start=5&end=2" },
  { name: "list with a negative index", method: "GET", path: "/auth/token/get/list?start=-1" },
  { name: "list with an unknown tokenStatus", method: "GET", path: "/auth/token/get/list?tokenStatus=SOME" },
  { name: "list by an unknown client", method: "GET", path: "/auth/token/get/list?clientIdentifier=nobody" },
  { name: "list by the default client", method: "GET", path: `/auth/token/get/list?clientIdentifier=${clientId}` },
  // delete, routes, services
  { name: "delete of an unknown token", method: "DELETE", path: "/auth/token/delete/unknown" },
  { name: "an unknown path", method: "GET", path: "/auth/token/nothing" },
  { name: "a wrong method", method: "PUT", path: "/auth/token/create", body: "{}" },
  { name: "a malformed path", method: "DELETE", path: "/auth/token/delete/%E0%A4%A" }
]

const unknownService: Raw = {
  name: "an unknown service (G2)",
  method: "POST",
  path: "/auth/token/revoke",
  body: json({ subject })
}

/** The request of a raw description, below `baseUrl`, for an emulator whose default bearer is `bearer`. */
const toRequest = (raw: Raw, baseUrl: string, bearer: string, prefix = api) => {
  let request = HttpClientRequest.make(raw.method)(`${baseUrl}${prefix}${raw.path}`)
  if (raw.body !== undefined) {
    request = HttpClientRequest.bodyText(request, raw.body, raw.contentType ?? "application/json")
  }
  const authorization = raw.authorization ?? "default"
  if (authorization === "default") return HttpClientRequest.bearerToken(request, bearer)
  return authorization === "none" ? request : HttpClientRequest.setHeader(request, "authorization", authorization)
}

/** Status, content type and parsed body of an answer. */
const answerOf = (client: HttpClient.HttpClient, request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const response = yield* client.execute(request)
    const text = yield* response.text
    return {
      status: response.status,
      contentType: response.headers["content-type"]?.split(";")[0],
      allow: response.headers["allow"],
      body: text === "" ? undefined : JSON.parse(text) as unknown
    }
  })

describe("the same raw requests get the same answers in memory and over HTTP", () => {
  it.scopedLive(`${requests.length + 1} requests`, () =>
    Effect.gen(function*() {
      const memory = yield* AuthleteEmulator.make()
      const server = yield* MockServer.make()
      const http = yield* HttpClient.HttpClient
      const bearer = Redacted.value(memory.defaults.bearer)
      assert.strictEqual(bearer, Redacted.value(server.emulator.defaults.bearer))
      for (const [raw, prefix] of [...requests.map((raw) => [raw, api] as const), [unknownService, "/api/404"] as const]) {
        const inMemory = yield* answerOf(
          memory.httpClient,
          toRequest(raw, AuthleteEmulator.inProcessUrl, bearer, prefix)
        )
        const overHttp = yield* answerOf(http, toRequest(raw, server.url, bearer, prefix))
        assert.deepStrictEqual(inMemory, overHttp, raw.name)
        assert.isBelow(inMemory.status, 500, raw.name)
      }
      // nothing above created a token, on either face
      assert.strictEqual(yield* memory.count(), 0)
      assert.strictEqual(yield* server.emulator.count(), 0)
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.scopedLive("the rules answer C1 and I1 over HTTP as in memory: as actions, not as refused bodies", () =>
    Effect.gen(function*() {
      const server = yield* MockServer.make()
      const http = yield* HttpClient.HttpClient
      const bearer = Redacted.value(server.emulator.defaults.bearer)
      const create = yield* answerOf(http, toRequest(requests[0], server.url, bearer))
      assert.deepStrictEqual([create.status, (create.body as { action?: string }).action], [200, "BAD_REQUEST"])
      assert.strictEqual((create.body as { resultCode?: string }).resultCode, "A109201")
      const reissue = yield* answerOf(http, toRequest(requests[14], server.url, bearer))
      assert.deepStrictEqual([reissue.status, (reissue.body as { action?: string }).action], [200, "CALLER_ERROR"])
      assert.strictEqual((reissue.body as { resultCode?: string }).resultCode, "A364201")
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})
