import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import * as AuthleteOperation from "../src/AuthleteOperation.js"
import * as Schemas from "../src/Schemas.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { responseExamples } from "./utils/openapi.js"
import { validCall } from "./utils/operations.js"
import { always, json, scripted, sentBy, text } from "./utils/scripted.js"

/** The operations whose success has a body. */
type WithBody = {
  [N in AuthleteOperation.Name]: AuthleteOperation.ResponseOf<N> extends void ? never : N
}[AuthleteOperation.Name]

/** The response class of each operation that has a body, from the descriptions. */
const responseSchema = Object.fromEntries(
  AuthleteOperation.all.flatMap((operation) =>
    operation.response === undefined ? [] : [[operation.name, operation.response]]
  )
) as { readonly [N in WithBody]: NonNullable<AuthleteOperation.Of<N>["response"]> & { readonly fields: object } }

/** Answers the operation's valid call with `body` and returns what it decoded to. */
const decoded = (operation: WithBody, body: unknown) =>
  Effect.provide(validCall[operation], scripted(always(() => json(200, body))).layer)

const knownFields = (operation: WithBody) => Object.keys(responseSchema[operation].fields)

const pick = (record: object, keys: ReadonlyArray<string>) =>
  Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)))

const successExamples = responseExamples.filter(
  (example): example is typeof example & { readonly operation: WithBody } =>
    example.status === 200 && example.operation in responseSchema
)

describe("examples of the OpenAPI document", () => {
  it("has a success example for list, create, update and revoke", () => {
    assert.deepStrictEqual(successExamples.map(({ operation }) => operation).sort(), [
      "create",
      "list",
      "revoke",
      "update"
    ])
  })

  for (const { body, operation } of successExamples) {
    it.effect(`${operation}: the 200 example decodes and every known field reads back as sent`, () =>
      Effect.gen(function*() {
        const response = yield* decoded(operation, body)
        const schema = responseSchema[operation] as unknown as Parameters<typeof Schema.encodeSync>[0]
        const encoded = Schema.encodeSync(schema)(response)
        assert.deepStrictEqual(encoded, pick(body as object, knownFields(operation)))
      }))
  }

  it.effect("revoke: the 3.0.16 example (a copy of update's) decodes, its foreign fields dropped", () =>
    Effect.gen(function*() {
      const example = successExamples.find(({ operation }) => operation === "revoke")!
      const response = yield* decoded("revoke", example.body)
      assert.strictEqual(response instanceof Schemas.TokenRevokeResponse, true)
      assert.strictEqual((response as Schemas.TokenRevokeResponse).resultCode, "A135001")
      assert.isFalse("accessToken" in (response as object))
      assert.isFalse("action" in (response as object))
    }))

  it.effect("create: token values come back Redacted, other fields plain", () =>
    Effect.gen(function*() {
      const example = successExamples.find(({ operation }) => operation === "create")!
      const body = example.body as { readonly accessToken: string; readonly refreshToken: string }
      const response = (yield* decoded("create", body)) as Schemas.TokenCreateResponse
      assert.isTrue(Redacted.isRedacted(response.accessToken))
      assert.isTrue(Redacted.isRedacted(response.refreshToken))
      assert.strictEqual(Redacted.value(response.accessToken!), body.accessToken)
      assert.notInclude(String(response.accessToken), body.accessToken)
      assert.notInclude(JSON.stringify(response), body.accessToken)
      assert.notInclude(JSON.stringify(response), body.refreshToken)
      assert.strictEqual(response.action, "OK")
      assert.strictEqual(response.clientId, 26888344961664)
    }))

  it.effect("update: the access token comes back Redacted", () =>
    Effect.gen(function*() {
      const example = successExamples.find(({ operation }) => operation === "update")!
      const response = (yield* decoded("update", example.body)) as Schemas.TokenUpdateResponse
      assert.isTrue(Redacted.isRedacted(response.accessToken))
      assert.strictEqual(Redacted.value(response.accessToken!), (example.body as { accessToken: string }).accessToken)
    }))

  it.effect("list: items, client and paging decode into their models", () =>
    Effect.gen(function*() {
      const example = successExamples.find(({ operation }) => operation === "list")!
      const response = (yield* decoded("list", example.body)) as Schemas.TokenListResponse
      assert.strictEqual(response.totalCount, 3)
      assert.strictEqual(response.accessTokens?.length, 3)
      assert.isTrue(response.accessTokens!.every((token) => token instanceof Schemas.AccessToken))
      assert.strictEqual(response.accessTokens![1].grantType, "AUTHORIZATION_CODE")
      assert.deepStrictEqual(response.accessTokens![1].scopes, ["history.read", "openid", "timeline.read"])
      assert.strictEqual(response.client?.clientType, "CONFIDENTIAL")
    }))

  it.effect("reissueIdToken (no example in the document): ID token and response content come back Redacted", () =>
    Effect.gen(function*() {
      const response = (yield* decoded("reissueIdToken", {
        action: "OK",
        idToken: "eyJ.payload.sig",
        responseContent: "{\"id_token\":\"eyJ.payload.sig\"}"
      })) as Schemas.IdTokenReissueResponse
      assert.strictEqual(response.action, "OK")
      assert.strictEqual(Redacted.value(response.idToken!), "eyJ.payload.sig")
      assert.strictEqual(Redacted.value(response.responseContent!), "{\"id_token\":\"eyJ.payload.sig\"}")
      assert.notInclude(JSON.stringify(response), "eyJ.payload.sig")
    }))
})

/** Every field of a model set to `null`. */
const allNull = (fields: object) => Object.fromEntries(Object.keys(fields).map((key) => [key, null]))

const oneKnownField: Record<WithBody, object> = {
  reissueIdToken: { resultCode: "A224001" },
  list: { totalCount: 2 },
  create: { resultCode: "A109001" },
  update: { resultCode: "A135001" },
  revoke: { count: 2 },
  introspection: { usable: false }
}

describe("null and unknown fields", () => {
  for (const operation of Object.keys(responseSchema) as Array<WithBody>) {
    it.effect(`${operation}: every field given as null decodes to absent`, () =>
      Effect.gen(function*() {
        const response = yield* decoded(operation, allNull(responseSchema[operation].fields))
        assert.deepStrictEqual(Object.keys(response as object), [])
      }))

    it.effect(`${operation}: unknown fields are ignored`, () =>
      Effect.gen(function*() {
        const response = yield* decoded(operation, {
          ...oneKnownField[operation],
          futureField: { nested: [1] },
          x: null
        })
        assert.deepStrictEqual({ ...(response as object) }, oneKnownField[operation])
      }))
  }

  it.effect("nested models of list (token, properties, client, tagged values) tolerate null too", () =>
    Effect.gen(function*() {
      const response = (yield* decoded("list", {
        totalCount: 1,
        client: { ...allNull(Schemas.ClientLimited.fields), clientNames: [allNull(Schemas.TaggedValue.fields)] },
        accessTokens: [{ ...allNull(Schemas.AccessToken.fields), properties: [allNull(Schemas.Property.fields)] }]
      })) as Schemas.TokenListResponse
      assert.deepStrictEqual(Object.keys(response.client!), ["clientNames"])
      assert.deepStrictEqual(Object.keys(response.client!.clientNames![0]), [])
      assert.deepStrictEqual(Object.keys(response.accessTokens![0]), ["properties"])
      assert.deepStrictEqual(Object.keys(response.accessTokens![0].properties![0]), [])
    }))

  it.effect("nested authorization details of create and update tolerate null (type stays required)", () =>
    Effect.gen(function*() {
      const details = {
        elements: [{ ...allNull(Schemas.AuthorizationDetailsElement.fields), type: "payment" }]
      }
      for (const operation of ["create", "update"] as const) {
        const response = (yield* decoded(operation, { authorizationDetails: details })) as
          | Schemas.TokenCreateResponse
          | Schemas.TokenUpdateResponse
        assert.deepStrictEqual({ ...response.authorizationDetails!.elements![0] }, { type: "payment" })
      }
    }))
})

describe("content type", () => {
  for (const contentType of ["application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json"]) {
    it.effect(`${contentType} is read as JSON`, () =>
      Effect.gen(function*() {
        const harness = scripted(always(() => text(200, "{\"count\":3}", contentType)))
        const response = yield* Effect.provide(TokenManagement.revoke({ subject: "john" }), harness.layer)
        assert.strictEqual(response.count, 3)
      }))
  }
})

describe("delete", () => {
  it.effect("succeeds with void on 204, whatever the content type", () =>
    Effect.gen(function*() {
      const result = yield* sentBy(
        Effect.flatMap(validCall.delete, (value) => Effect.sync(() => assert.isUndefined(value))),
        () => new Response(null, { status: 204, headers: { "content-type": "text/plain" } })
      )
      assert.strictEqual(result.method, "DELETE")
    }))
})
