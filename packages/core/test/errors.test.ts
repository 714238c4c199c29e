import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Redacted } from "effect"
import * as AuthleteError from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertInstance, assertSameError } from "./utils/assertions.js"
import { responseExamples } from "./utils/openapi.js"
import type { AnyCall } from "./utils/operations.js"
import { operationNames, secrets, validCall } from "./utils/operations.js"
import type { Answer } from "./utils/scripted.js"
import { always, failureOf, json, refused, scripted, text } from "./utils/scripted.js"

const failureTo = (call: AnyCall, answer: () => Answer) => failureOf(call, always(answer))

describe("result errors", () => {
  for (const operation of operationNames) {
    it.effect(`${operation}: each 400/401/403/500 example of the document is a ResultError`, () =>
      Effect.gen(function*() {
        const documented = responseExamples.filter((example) =>
          example.operation === operation && example.status !== 200
        )
        // An operation the document lacks gets the `result` body every operation of Authlete answers with.
        const examples = documented.length > 0 ? documented : [400, 401, 403, 500].map((status) => ({
          status,
          body: { resultCode: `A001${status}`, resultMessage: `[A001${status}] /${operation}, refused.` }
        }))
        assert.deepStrictEqual(examples.map(({ status }) => status), [400, 401, 403, 500])
        for (const { body, status } of examples) {
          const error = yield* failureTo(validCall[operation], () => json(status, body))
          const { resultCode, resultMessage } = body as { resultCode: string; resultMessage: string }
          assertSameError(
            error,
            new AuthleteError.ResultError({ operation, status: status as 400, resultCode, resultMessage })
          )
          assert.include(error.message, resultCode)
        }
      }))
  }

  it.effect("a result body without code or message still is a ResultError, fields absent", () =>
    Effect.gen(function*() {
      const error = yield* failureTo(
        validCall.create,
        () => json(401, {}, { "content-type": "application/json; charset=utf-8" })
      )
      assertSameError(error, new AuthleteError.ResultError({ operation: "create", status: 401 }))
    }))

  it.effect("a result status with a non-JSON body is an UnexpectedStatusError", () =>
    Effect.gen(function*() {
      const error = yield* failureTo(validCall.update, () => text(500, "Internal Server Error", "text/plain"))
      assertSameError(
        error,
        new AuthleteError.UnexpectedStatusError({
          operation: "update",
          status: 500,
          contentType: "text/plain",
          body: "Internal Server Error"
        })
      )
    }))
})

const defaultError = (error: AuthleteError.AuthleteError) => assertInstance(error, AuthleteError.UnexpectedStatusError)

describe("other statuses", () => {
  it.effect("404 is an UnexpectedStatusError with status, content type, body and the result body's fields", () =>
    Effect.gen(function*() {
      const error = yield* failureTo(validCall.revoke, () => json(404, { resultCode: "A312404" }))
      assertSameError(
        error,
        new AuthleteError.UnexpectedStatusError({
          operation: "revoke",
          status: 404,
          contentType: "application/json",
          body: "{\"resultCode\":\"A312404\"}",
          resultCode: "A312404"
        })
      )
    }))

  it.effect("a 404's resultMessage is a typed field, scrubbed of the token the call sent", () =>
    Effect.gen(function*() {
      const token = "sentinel-token-for-a-404"
      const error = yield* failureTo(
        TokenManagement.delete({ accessTokenIdentifier: token }),
        () => json(404, { resultCode: "A138301", resultMessage: `[A138301] no token ${token}` })
      )
      assert.strictEqual(error._tag, "UnexpectedStatusError")
      if (error._tag !== "UnexpectedStatusError") return
      assert.strictEqual(error.resultCode, "A138301")
      assert.strictEqual(error.resultMessage, "[A138301] no token <redacted>")
      assert.include(error.message, "A138301")
      assert.notInclude(error.message, token)
    }))

  it.effect("502 with a large HTML page keeps a bounded excerpt of the body", () =>
    Effect.gen(function*() {
      const page = `<html><body><h1>502 Bad Gateway</h1>${"<p>upstream</p>".repeat(2000)}</body></html>`
      const error = defaultError(yield* failureTo(validCall.list, () => text(502, page, "text/html")))
      assert.strictEqual(error.status, 502)
      assert.strictEqual(error.contentType, "text/html")
      assert.isTrue(error.body.startsWith("<html><body><h1>502 Bad Gateway</h1>"))
      assert.isBelow(error.body.length, 1024)
      // only the excerpt's worth was read: the length of a chunked body is never learnt
      assert.isTrue(error.body.endsWith("… (truncated)"))
      assert.isTrue(AuthleteError.isRetryable(error))
    }))

  it.effect("503 with Retry-After in seconds carries retryAfterMillis", () =>
    Effect.gen(function*() {
      const error = yield* failureTo(validCall.list, () => text(503, "busy", "text/plain", { "retry-after": "7" }))
      assertSameError(
        error,
        new AuthleteError.UnexpectedStatusError({
          operation: "list",
          status: 503,
          contentType: "text/plain",
          body: "busy",
          retryAfterMillis: 7000
        })
      )
    }))

  it.effect("Retry-After as an HTTP date is read as the delay until then, on Effect's clock", () =>
    Effect.gen(function*() {
      // The test clock's time, not the machine's: an hour after it is decades before now.
      const inAnHour = new Date((yield* Clock.currentTimeMillis) + 3_600_000).toUTCString()
      const error = defaultError(
        yield* failureTo(validCall.list, () => text(503, "busy", "text/plain", { "retry-after": inAnHour }))
      )
      assert.strictEqual(error.retryAfterMillis, 3_600_000)
    }))

  it.effect("an unreadable Retry-After is left out", () =>
    Effect.gen(function*() {
      const error = defaultError(
        yield* failureTo(validCall.list, () => text(503, "busy", "text/plain", { "retry-after": "soon" }))
      )
      assert.isFalse("retryAfterMillis" in error)
    }))

  it.effect("200 with an HTML body is an UnexpectedStatusError, not a decode error", () =>
    Effect.gen(function*() {
      const error = defaultError(yield* failureTo(validCall.create, () => text(200, "<html>login</html>", "text/html")))
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.body, "<html>login</html>")
    }))

  it.effect("delete answered 200 is an UnexpectedStatusError", () =>
    Effect.gen(function*() {
      const error = defaultError(yield* failureTo(validCall.delete, () => json(200, {})))
      assert.strictEqual(error.operation, "delete")
      assert.strictEqual(error.status, 200)
    }))

  it.effect("204 on an operation that answers JSON is an UnexpectedStatusError", () =>
    Effect.gen(function*() {
      const error = defaultError(yield* failureTo(validCall.update, () => new Response(null, { status: 204 })))
      assert.strictEqual(error.status, 204)
    }))
})

const decodeError = (error: AuthleteError.AuthleteError) => assertInstance(error, AuthleteError.ResponseDecodeError)

describe("undecodable answers", () => {
  it.effect("200 with invalid JSON is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = decodeError(
        yield* failureTo(validCall.update, () => text(200, "{\"action\": \"OK\",", "application/json"))
      )
      assert.strictEqual(error.operation, "update")
      assert.strictEqual(error.status, 200)
    }))

  it.effect("an unknown action names the path, not the value", () =>
    Effect.gen(function*() {
      const error = decodeError(
        yield* failureTo(validCall.create, () => json(200, { action: "LEAKED_SECRET_ACTION", accessToken: "tok" }))
      )
      assert.strictEqual(error.operation, "create")
      assert.include(error.description, "[\"action\"]")
      assert.notInclude(error.description, "LEAKED_SECRET_ACTION")
      assert.notInclude(error.message, "LEAKED_SECRET_ACTION")
    }))

  it.effect("a clientId given as a string names the nested path, not the value", () =>
    Effect.gen(function*() {
      const body = { totalCount: 1, accessTokens: [{ clientId: "26888344961664-secret" }] }
      const error = decodeError(yield* failureTo(validCall.list, () => json(200, body)))
      assert.include(error.description, "[\"accessTokens\"][0][\"clientId\"]")
      assert.notInclude(error.description, "26888344961664-secret")
    }))

  it.effect("a wrong token value type does not leak the token", () =>
    Effect.gen(function*() {
      const error = decodeError(
        yield* failureTo(validCall.update, () => json(200, { accessToken: [secrets.accessToken] }))
      )
      assert.include(error.description, "[\"accessToken\"]")
      assert.notInclude(error.description, secrets.accessToken)
    }))
})

describe("transport failures", () => {
  it.effect("a refused connection is a TransportError that does not quote the URL", () =>
    Effect.gen(function*() {
      const transport = assertInstance(yield* failureTo(validCall.delete, () => refused), AuthleteError.TransportError)
      assert.strictEqual(transport.operation, "delete")
      assert.strictEqual(transport.reason, "Transport")
      assert.include(transport.description, "ECONNREFUSED")
      assert.notInclude(transport.message, secrets.identifier)
      assert.isTrue(AuthleteError.isRetryable(transport))
    }))
})

const invalidCalls: ReadonlyArray<readonly [string, AnyCall]> = [
  [
    "create with an unknown grant type",
    // @ts-expect-error grantType is a closed union
    TokenManagement.create({ grantType: "SOMETHING", clientId: 1 })
  ],
  [
    "create with a non-integer clientId",
    TokenManagement.create({ grantType: "PASSWORD", clientId: 1.5, subject: "j" })
  ],
  ["delete with an empty identifier", TokenManagement.delete({ accessTokenIdentifier: "" })],
  // A URL drops a "." segment and climbs on "..": the DELETE would go to another path than the one named.
  ["delete with the identifier \".\"", TokenManagement.delete({ accessTokenIdentifier: "." })],
  ["delete with the identifier \"..\"", TokenManagement.delete({ accessTokenIdentifier: Redacted.make("..") })],
  ["a serviceId \"..\" given in the call", TokenManagement.create({ grantType: "PASSWORD" }, { serviceId: ".." })],
  ["update with neither accessToken nor accessTokenHash", TokenManagement.update({ scopes: ["a"] })],
  ["an empty revoke", TokenManagement.revoke({})],
  ["list with end before start", TokenManagement.list({ start: 5, end: 2 })],
  ["list with a negative start", TokenManagement.list({ start: -1 })]
]

describe("invalid requests are refused before any I/O", () => {
  for (const [name, call] of invalidCalls) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const harness = scripted(always(() => json(200, {})))
        const error = yield* Effect.flip(Effect.provide(call, harness.layer))
        assert.strictEqual(error._tag, "RequestValidationError")
        assert.strictEqual(harness.requests.length, 0)
      }))
  }

  it.effect("the description names the field at fault", () =>
    Effect.gen(function*() {
      const error = yield* failureTo(TokenManagement.create({ grantType: "PASSWORD", clientId: 1.5 }), () =>
        json(200, {}))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.strictEqual(error.operation, "create")
      assert.include((error as AuthleteError.RequestValidationError).description, "[\"clientId\"]")
    }))

  it.effect("a call without any serviceId is refused, on every operation", () =>
    Effect.gen(function*() {
      for (const operation of operationNames) {
        const harness = scripted(always(() => json(200, {})), {})
        const error = yield* Effect.flip(Effect.provide(validCall[operation], harness.layer))
        assert.deepStrictEqual(
          [error._tag, error.operation, harness.requests.length],
          ["RequestValidationError", operation, 0]
        )
        assert.include((error as AuthleteError.RequestValidationError).description, "serviceId")
      }
    }))

  it.effect("an empty serviceId in the call does not fall back to a request", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => json(200, {})), {})
      const error = yield* Effect.flip(Effect.provide(TokenManagement.list({}, { serviceId: "" }), harness.layer))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.strictEqual(harness.requests.length, 0)
    }))
})
