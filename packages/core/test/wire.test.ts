import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as AuthleteClient from "../src/AuthleteClient.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { okAnswer, operationNames, secrets, validCall } from "./utils/operations.js"
import type { AnyCall } from "./utils/operations.js"
import type { Answer, SentRequest } from "./utils/scripted.js"
import { always, bearer, defaultOptions, noContent, scripted, sentBy, serviceId } from "./utils/scripted.js"

/** The URL without its origin, as Authlete's router sees it. */
const pathAndQuery = (request: SentRequest) => `${request.url.pathname}${request.url.search}`

const assertJsonPost = (request: SentRequest, path: string, body: unknown) => {
  assert.strictEqual(request.method, "POST")
  assert.strictEqual(pathAndQuery(request), path)
  assert.strictEqual(request.headers["content-type"], "application/json")
  assert.strictEqual(request.headers["accept"], "application/json")
  assert.deepStrictEqual(request.body, body)
}

/** Sends `request`, all plain values, and asserts that the JSON body is exactly it. */
const assertBodyAsGiven = <Req>(send: (request: Req) => AnyCall, answer: () => Answer, request: Req) =>
  Effect.map(sentBy(send(request), answer), (sent) => assert.deepStrictEqual(sent.body, request))

/** Sends `call`, made of `plain` and a Redacted access token, and asserts the JSON POST carries both, in plain. */
const assertPostedWithPlainToken = (call: AnyCall, answer: () => Answer, path: string, plain: object) =>
  Effect.map(
    sentBy(call, answer),
    (request) => assertJsonPost(request, `/api/${serviceId}${path}`, { ...plain, accessToken: secrets.accessToken })
  )

describe("base URL", () => {
  for (const server of ["us", "jp", "eu", "br"] as const) {
    it.effect(`server ${server} sends to https://${server}.authlete.com`, () =>
      Effect.gen(function*() {
        const request = yield* sentBy(validCall.list, okAnswer.list, { ...defaultOptions, server })
        assert.strictEqual(request.url.origin, `https://${server}.authlete.com`)
        assert.strictEqual(request.url.pathname, `/api/${serviceId}/auth/token/get/list`)
      }))
  }

  it.effect("defaults to the us cluster", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(validCall.list, okAnswer.list, { serviceId })
      assert.strictEqual(request.url.origin, "https://us.authlete.com")
    }))

  it.effect("keeps the path prefix of a custom base URL, trailing slash or not, and beats server", () =>
    Effect.gen(function*() {
      for (const baseUrl of ["http://proxy.local:8080/authlete", "http://proxy.local:8080/authlete/"]) {
        const request = yield* sentBy(validCall.delete, noContent, { ...defaultOptions, server: "jp", baseUrl })
        assert.strictEqual(
          request.url.href,
          `http://proxy.local:8080/authlete/api/${serviceId}/auth/token/delete/${secrets.identifier}`
        )
      }
    }))

  it.effect("percent-encodes the service ID and the delete identifier like encodeURIComponent", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(
        TokenManagement.delete({ accessTokenIdentifier: "a/b+c=d e" }, { serviceId: "s/1+2=3 4" }),
        noContent
      )
      assert.strictEqual(request.url.pathname, "/api/s%2F1%2B2%3D3%204/auth/token/delete/a%2Fb%2Bc%3Dd%20e")
    }))

  it.effect("takes the service ID of the call over the layer's", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(TokenManagement.list({}, { serviceId: "42" }), okAnswer.list)
      assert.strictEqual(request.url.pathname, "/api/42/auth/token/get/list")
    }))
})

describe("headers", () => {
  for (const operation of operationNames) {
    it.effect(`${operation} accepts JSON and carries the configured bearer`, () =>
      Effect.gen(function*() {
        const request = yield* sentBy(validCall[operation], okAnswer[operation])
        assert.strictEqual(request.headers["accept"], "application/json")
        assert.strictEqual(request.headers["authorization"], `Bearer ${bearer}`)
      }))

    it.effect(`${operation} sends no authorization header without a bearer`, () =>
      Effect.gen(function*() {
        const request = yield* sentBy(validCall[operation], okAnswer[operation], { serviceId })
        assert.isFalse("authorization" in request.headers)
      }))
  }
})

describe("reissueIdToken", () => {
  it.effect("POSTs the body, Redacted tokens as plain strings, optional fields only when given", () =>
    Effect.gen(function*() {
      const minimal = yield* sentBy(validCall.reissueIdToken, okAnswer.reissueIdToken)
      assertJsonPost(minimal, `/api/${serviceId}/idtoken/reissue`, {
        accessToken: secrets.accessToken,
        refreshToken: secrets.refreshToken
      })
      const full = {
        accessToken: "at",
        refreshToken: "rt",
        sub: "john",
        claims: "{\"nickname\":\"jj\"}",
        idtHeaderParams: "{\"kid\":\"k1\"}",
        idTokenAudType: "string"
      }
      yield* assertBodyAsGiven(TokenManagement.reissueIdToken, okAnswer.reissueIdToken, full)
    }))
})

describe("list", () => {
  it.effect("GETs without a body and without a query when nothing is asked", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(TokenManagement.list(), okAnswer.list)
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(pathAndQuery(request), `/api/${serviceId}/auth/token/get/list`)
      assert.isUndefined(request.body)
      assert.isUndefined(request.headers["content-type"])
    }))

  it.effect("sends only the defined query parameters, percent-encoded", () =>
    Effect.gen(function*() {
      const some = yield* sentBy(TokenManagement.list({ subject: "john doe+1", end: 10 }), okAnswer.list)
      assert.deepStrictEqual([...some.url.searchParams], [["end", "10"], ["subject", "john doe+1"]])
      assert.notInclude(some.url.search, " ")
      assert.notInclude(some.url.search, "doe+1")
      const filter = { clientIdentifier: "my-client", subject: "john", start: 0, end: 5, tokenStatus: "VALID" } as const
      const all = yield* sentBy(TokenManagement.list(filter), okAnswer.list)
      assert.deepStrictEqual(
        Object.fromEntries(all.url.searchParams),
        Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, String(value)]))
      )
    }))
})

describe("create", () => {
  it.effect("POSTs exactly the given fields, Redacted token values as plain strings", () =>
    Effect.gen(function*() {
      const plain = {
        grantType: "AUTHORIZATION_CODE",
        clientId: 26888344961664,
        subject: "john",
        scopes: ["history.read", "timeline.read"],
        refreshToken: secrets.refreshToken,
        properties: [{ key: "k", value: "v", hidden: true }],
        authorizationDetails: { elements: [{ type: "payment", actions: ["initiate"] }] }
      } as const
      yield* assertPostedWithPlainToken(
        TokenManagement.create({ ...plain, accessToken: Redacted.make(secrets.accessToken) }),
        okAnswer.create,
        "/auth/token/create",
        plain
      )
    }))

  it.effect("sends a client given by identifier and leaves clientId out", () =>
    Effect.gen(function*() {
      yield* assertBodyAsGiven(TokenManagement.create, okAnswer.create, {
        grantType: "CLIENT_CREDENTIALS",
        clientIdentifier: "my-client"
      })
    }))
})

describe("update", () => {
  it.effect("POSTs exactly the given fields, a Redacted access token as a plain string", () =>
    Effect.gen(function*() {
      const plain = { accessTokenExpiresAt: 1642048149000, scopes: [], accessTokenValueUpdated: false }
      yield* assertPostedWithPlainToken(
        TokenManagement.update({ ...plain, accessToken: Redacted.make(secrets.accessToken) }),
        okAnswer.update,
        "/auth/token/update",
        plain
      )
    }))

  it.effect("selects the token by hash alone", () =>
    Effect.gen(function*() {
      yield* assertBodyAsGiven(TokenManagement.update, okAnswer.update, { accessTokenHash: "hash-1" })
    }))
})

describe("delete", () => {
  it.effect("DELETEs with neither body nor content type", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(validCall.delete, noContent)
      assert.strictEqual(request.method, "DELETE")
      assert.strictEqual(pathAndQuery(request), `/api/${serviceId}/auth/token/delete/${secrets.identifier}`)
      assert.isUndefined(request.body)
      assert.isUndefined(request.headers["content-type"])
    }))
})

describe("revoke", () => {
  it.effect("POSTs only the given selectors, a Redacted identifier as a plain string", () =>
    Effect.gen(function*() {
      const single = yield* sentBy(validCall.revoke, okAnswer.revoke)
      assertJsonPost(single, `/api/${serviceId}/auth/token/revoke`, { accessTokenIdentifier: secrets.identifier })
      yield* assertBodyAsGiven(TokenManagement.revoke, okAnswer.revoke, {
        clientIdentifier: "my-client",
        subject: "john"
      })
    }))
})

describe("introspection", () => {
  it.effect("POSTs the token as a plain string and only the requirements given", () =>
    Effect.gen(function*() {
      const request = yield* sentBy(
        TokenManagement.introspection({
          token: Redacted.make(secrets.accessToken),
          scopes: ["history.read", "timeline.read"],
          subject: "john",
          htm: "GET",
          htu: "https://api.example.com/history"
        }),
        okAnswer.introspection
      )
      assertJsonPost(request, `/api/${serviceId}/auth/introspection`, {
        token: secrets.accessToken,
        scopes: ["history.read", "timeline.read"],
        subject: "john",
        htm: "GET",
        htu: "https://api.example.com/history"
      })
    }))

  it.effect("refuses an empty token before any I/O", () =>
    Effect.gen(function*() {
      const harness = scripted(always(okAnswer.introspection))
      const error = yield* Effect.flip(Effect.provide(TokenManagement.introspection({ token: "" }), harness.layer))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.strictEqual(harness.requests.length, 0)
    }))
})

describe("AuthleteClient", () => {
  it.effect("resolves the base URL it uses", () =>
    Effect.sync(() => {
      assert.strictEqual(AuthleteClient.resolveBaseUrl({}), "https://us.authlete.com")
      assert.strictEqual(AuthleteClient.resolveBaseUrl({ server: "br" }), "https://br.authlete.com")
      assert.strictEqual(AuthleteClient.resolveBaseUrl({ baseUrl: "http://h/p//", server: "eu" }), "http://h/p")
    }))
})
