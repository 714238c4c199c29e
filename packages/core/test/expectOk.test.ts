import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AuthleteError from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertSameError } from "./utils/assertions.js"
import { always, failureOf, json, scripted } from "./utils/scripted.js"

const create = TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1 })
const update = TokenManagement.update({ accessTokenHash: "hash" })
const reissue = TokenManagement.reissueIdToken({ accessToken: "at", refreshToken: "rt" })

type Lifted = Effect.Effect<
  unknown,
  AuthleteError.AuthleteError | AuthleteError.ActionError,
  TokenManagement.TokenManagement
>

const lifted: ReadonlyArray<readonly [Lifted, AuthleteError.Operation, string, string]> = [
  [TokenManagement.expectOk(create), "create", "BAD_REQUEST", "A109201"],
  [TokenManagement.expectOk(create), "create", "FORBIDDEN", "A109202"],
  [TokenManagement.expectOk(update), "update", "NOT_FOUND", "A135301"],
  [TokenManagement.expectOk(reissue), "reissueIdToken", "CALLER_ERROR", "A224201"]
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

  it.effect("passes an OK answer through unchanged", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => json(200, { resultCode: "A109001", action: "OK", tokenId: "t-1" })))
      const response = yield* Effect.provide(TokenManagement.expectOk(create), harness.layer)
      assert.strictEqual(response.action, "OK")
      assert.strictEqual(response.tokenId, "t-1")
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
