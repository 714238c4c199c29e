import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as AuthleteError from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertSameError } from "./utils/assertions.js"
import { always, failureOf, json, scripted } from "./utils/scripted.js"

const create = TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1 })
const update = TokenManagement.update({ accessTokenHash: "hash" })
const reissue = TokenManagement.reissueIdToken({ accessToken: "at", refreshToken: "rt" })
const introspection = TokenManagement.introspection({ token: "at", scopes: ["read"] })

type Lifted = Effect.Effect<
  unknown,
  AuthleteError.AuthleteError | AuthleteError.ActionError,
  TokenManagement.TokenManagement
>

const lifted: ReadonlyArray<readonly [Lifted, AuthleteError.Operation, string, string]> = [
  [TokenManagement.expectOk(create), "create", "BAD_REQUEST", "A109201"],
  [TokenManagement.expectOk(create), "create", "FORBIDDEN", "A109202"],
  [TokenManagement.expectOk(update), "update", "NOT_FOUND", "A135301"],
  [TokenManagement.expectOk(reissue), "reissueIdToken", "CALLER_ERROR", "A224201"],
  [TokenManagement.expectOk(introspection), "introspection", "UNAUTHORIZED", "A056304"],
  [TokenManagement.expectOk(introspection), "introspection", "FORBIDDEN", "A056305"]
]

describe("expectOk", () => {
  for (const [call, operation, action, resultCode] of lifted) {
    it.effect(`lifts ${operation} ${action} into an ActionError`, () =>
      Effect.gen(function*() {
        const resultMessage = `[${resultCode}] refused`
        const error = yield* failureOf(call, always(() => json(200, { resultCode, resultMessage, action })))
        assertSameError(error, new AuthleteError.ActionError({ operation, action, resultCode, resultMessage }))
        assert.isTrue(AuthleteError.isAuthleteError(error))
      }))
  }

  it.effect("passes an OK answer through, typed with what OK promises", () =>
    Effect.gen(function*() {
      const answer = { resultCode: "A109001", action: "OK", tokenId: "t-1", accessToken: "at-value" }
      const harness = scripted(always(() => json(200, answer)))
      const response = yield* Effect.provide(TokenManagement.expectOk(create), harness.layer)
      const action: "OK" = response.action
      const accessToken: Redacted.Redacted<string> = response.accessToken
      assert.strictEqual(action, "OK")
      assert.strictEqual(Redacted.value(accessToken), "at-value")
      assert.strictEqual(response.tokenId, "t-1")
    }))

  it.effect("an OK answer without what OK promises is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const created = yield* failureOf(TokenManagement.expectOk(create), always(() => json(200, { action: "OK" })))
      assertSameError(
        created,
        new AuthleteError.ResponseDecodeError({
          operation: "create",
          status: 200,
          description: "action OK without accessToken"
        })
      )
      const reissued = yield* failureOf(
        TokenManagement.expectOk(reissue),
        always(() => json(200, { action: "OK", idToken: "x" }))
      )
      assert.strictEqual(
        reissued._tag === "ResponseDecodeError" && reissued.description,
        "action OK without responseContent"
      )
    }))

  it.effect("an OK introspection is typed as existent, usable and sufficient, and fails without them", () =>
    Effect.gen(function*() {
      const answer = { action: "OK", existent: true, usable: true, sufficient: true, subject: "john" }
      const ok = yield* Effect.provide(
        TokenManagement.expectOk(introspection),
        scripted(always(() => json(200, answer))).layer
      )
      const usable: boolean = ok.usable
      assert.deepStrictEqual([ok.existent, usable, ok.sufficient, ok.subject], [true, true, true, "john"])
      const partial = yield* failureOf(
        TokenManagement.expectOk(introspection),
        always(() => json(200, { action: "OK", existent: true }))
      )
      assert.strictEqual(
        partial._tag === "ResponseDecodeError" && partial.description,
        "action OK without usable and sufficient"
      )
    }))

  it.effect("treats an answer without action as not OK", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(TokenManagement.expectOk(update), always(() => json(200, {})))
      assertSameError(error, new AuthleteError.ActionError({ operation: "update", action: "(none)" }))
    }))

  it.effect("leaves the other errors as they are", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(TokenManagement.expectOk(create), always(() => json(401, {})))
      assertSameError(error, new AuthleteError.ResultError({ operation: "create", status: 401 }))
    }))
})
