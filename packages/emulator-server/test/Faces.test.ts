/**
 * One emulator, two faces: the same raw requests get the same answers in memory (the in-process `HttpClient` of
 * `layerMemory`) and over HTTP (`MockServer` on loopback), since both run the emulator's one HTTP application.
 */
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as MockServer from "../src/MockServer.js"

// the one-line emulator's default service, client and subject
const serviceId = "21653835348762"
const clientId = 26888344961664
const subject = "alice"
const api = `/api/${serviceId}`

/** A raw request: method, path below the base URL, and a body sent as is (text) with its content type. */
interface Raw {
  readonly name: string
  readonly method: "GET" | "POST" | "DELETE" | "PUT"
  readonly path: string
  readonly body?: string | undefined
  readonly contentType?: string | undefined
  readonly authorization?: "default" | "none" | "doubled" | string
}

const json = (value: unknown) => JSON.stringify(value)

/** A create body whose `properties` are arrays nested `depth` deep, as text (too deep for `JSON.stringify`). */
const deep = (depth: number) => `${create({}).slice(0, -1)},"properties":${"[".repeat(depth)}${"]".repeat(depth)}}`

const post = (name: string, path: string, body: string, extra: Partial<Raw> = {}): Raw => ({
  name,
  method: "POST",
  path,
  body,
  ...extra
})

const other = (method: Raw["method"], name: string, path: string, body?: string): Raw => ({ name, method, path, body })

const create = (body: unknown) => json({ grantType: "PASSWORD", clientId, subject, ...(body as object) })

const requests: ReadonlyArray<Raw> = [
  // create: missing required fields, wrong types, unknown enum values, empty and odd bodies
  post("create without grantType (C1)", "/auth/token/create", json({ clientId, subject })),
  post("create with an unknown grantType", "/auth/token/create", json({ grantType: "FOO", clientId, subject })),
  post("create REFRESH_TOKEN", "/auth/token/create", json({ grantType: "REFRESH_TOKEN", clientId, subject })),
  post("create without client", "/auth/token/create", json({ grantType: "PASSWORD", subject })),
  post("create with a text clientId", "/auth/token/create", create({ clientId: "1" })),
  post("create with a non-integer duration", "/auth/token/create", create({ accessTokenDuration: 1.5 })),
  post("create with scopes as text", "/auth/token/create", create({ scopes: "openid" })),
  post("create with an unknown scope", "/auth/token/create", create({ scopes: ["nope"] })),
  post("create with an empty body", "/auth/token/create", ""),
  post("create with a JSON array", "/auth/token/create", "[1,2]"),
  post("create with invalid JSON", "/auth/token/create", "{\"grantType\":"),
  post("create as a form", "/auth/token/create", "grantType=PASSWORD", {
    contentType: "application/x-www-form-urlencoded"
  }),
  post("create without bearer (G1)", "/auth/token/create", json({ clientId }), { authorization: "none" }),
  post("create with an unknown bearer", "/auth/token/create", json({ clientId }), { authorization: "Bearer nobody" }),
  // reissueIdToken
  post("reissue without tokens (I1)", "/idtoken/reissue", json({})),
  post("reissue without refreshToken (I1)", "/idtoken/reissue", json({ accessToken: "a" })),
  post("reissue with an empty body", "/idtoken/reissue", ""),
  post("reissue with a numeric accessToken", "/idtoken/reissue", json({ accessToken: 1, refreshToken: "r" })),
  post("reissue of unknown tokens", "/idtoken/reissue", json({ accessToken: "a", refreshToken: "r" })),
  // update
  post("update without token (U1)", "/auth/token/update", json({ scopes: ["openid"] })),
  post("update of an unknown token", "/auth/token/update", json({ accessToken: "unknown" })),
  post("update with a wrong type", "/auth/token/update", json({ accessToken: "t", accessTokenPersistent: "yes" })),
  // revoke
  post("revoke with an empty body (R4)", "/auth/token/revoke", ""),
  post("revoke with no selector (R4)", "/auth/token/revoke", json({ other: 1 })),
  post("revoke of an unknown token (R6)", "/auth/token/revoke", json({ accessTokenIdentifier: "unknown" })),
  post("revoke by subject, none stored", "/auth/token/revoke", json({ subject })),
  post("revoke with a numeric subject", "/auth/token/revoke", json({ subject: 7 })),
  // introspection
  post("introspection without token (T1)", "/auth/introspection", json({ scopes: ["openid"] })),
  post("introspection with an empty body", "/auth/introspection", ""),
  post("introspection with scopes as text", "/auth/introspection", json({ token: "t", scopes: "openid" })),
  post("introspection of an unknown token (T2)", "/auth/introspection", json({ token: "unknown", subject })),
  // list
  other("GET", "list with defaults", "/auth/token/get/list"),
  other("GET", "list with a text index (L2)", "/auth/token/get/list?start=two"),
  other("GET", "list with end < start (L2)", "/auth/token/get/list?start=5&end=2"),
  other("GET", "list with a negative index", "/auth/token/get/list?start=-1"),
  other("GET", "list with an unknown tokenStatus", "/auth/token/get/list?tokenStatus=SOME"),
  other("GET", "list by an unknown client", "/auth/token/get/list?clientIdentifier=nobody"),
  other("GET", "list by the default client", `/auth/token/get/list?clientIdentifier=${clientId}`),
  // delete, routes, services
  other("DELETE", "delete of an unknown token", "/auth/token/delete/unknown"),
  other("GET", "an unknown path", "/auth/token/nothing"),
  other("PUT", "a wrong method", "/auth/token/create", "{}"),
  other("DELETE", "a malformed path", "/auth/token/delete/%E0%A4%A"),
  // hostile input: a deep JSON value, over-long identifiers, a doubled scheme, an oversized body without bearer
  post("create with a JSON value nested 6,000 deep", "/auth/token/create", deep(6_000)),
  other("DELETE", "delete of a 20,000-character identifier", `/auth/token/delete/${"i".repeat(20_000)}`),
  other("GET", "list of a 20,000-character subject", `/auth/token/get/list?subject=${"s".repeat(20_000)}`),
  post("create with \"Bearer Bearer\"", "/auth/token/create", create({}), { authorization: "doubled" }),
  post("an oversized body without bearer", "/auth/token/create", "x".repeat(2 * 1024 * 1024), {
    authorization: "none"
  })
]

/** One of the requests above, by name. */
const named = (name: string): Raw => {
  const found = requests.find((raw) => raw.name === name)
  if (found === undefined) throw new Error(`no request named ${name}`)
  return found
}

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
  if (authorization === "doubled") {
    return HttpClientRequest.setHeader(request, "authorization", `Bearer Bearer ${bearer}`)
  }
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
      const all = [...requests.map((raw) => [raw, api] as const), [unknownService, "/api/404"] as const]
      for (const [raw, prefix] of all) {
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
      const create = yield* answerOf(http, toRequest(named("create without grantType (C1)"), server.url, bearer))
      assert.deepStrictEqual([create.status, (create.body as { action?: string }).action], [200, "BAD_REQUEST"])
      assert.strictEqual((create.body as { resultCode?: string }).resultCode, "A109201")
      const reissue = yield* answerOf(http, toRequest(named("reissue without tokens (I1)"), server.url, bearer))
      assert.deepStrictEqual([reissue.status, (reissue.body as { action?: string }).action], [200, "CALLER_ERROR"])
      assert.strictEqual((reissue.body as { resultCode?: string }).resultCode, "A364201")
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})

describe("hostile input gets a result body on both faces", () => {
  const expectations: ReadonlyArray<readonly [name: string, status: number, resultCode: string]> = [
    ["create with a JSON value nested 6,000 deep", 200, "A109214"],
    ["delete of a 20,000-character identifier", 400, "A001299"],
    ["list of a 20,000-character subject", 400, "A001299"],
    ["create with \"Bearer Bearer\"", 401, "A001203"],
    ["an oversized body without bearer", 401, "A001202"]
  ]
  it.scopedLive("deep JSON, over-long identifiers, a doubled scheme, an oversized body without bearer", () =>
    Effect.gen(function*() {
      const memory = yield* AuthleteEmulator.make()
      const server = yield* MockServer.make()
      const http = yield* HttpClient.HttpClient
      const bearer = Redacted.value(memory.defaults.bearer)
      for (const [name, status, resultCode] of expectations) {
        const raw = requests.find((request) => request.name === name)!
        for (
          const [client, baseUrl] of [[memory.httpClient, AuthleteEmulator.inProcessUrl], [http, server.url]] as const
        ) {
          const answer = yield* answerOf(client, toRequest(raw, baseUrl, bearer))
          assert.strictEqual(answer.status, status, `${name} at ${baseUrl}`)
          assert.strictEqual((answer.body as { resultCode?: string } | undefined)?.resultCode, resultCode, name)
        }
      }
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})
