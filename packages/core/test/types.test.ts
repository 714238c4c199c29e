/**
 * What the compiler knows of the error channel. `tsc -b` type-checks this file: a wrong type fails the build, and the
 * programs also run so that the handled branches are seen to be taken.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Stream } from "effect"
import { Effect } from "effect"
import type * as AuthleteError from "../src/AuthleteError.js"
import type * as AuthleteOperation from "../src/AuthleteOperation.js"
import type * as Schemas from "../src/Schemas.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { always, json, scripted } from "./utils/scripted.js"
import type { Equals } from "./utils/types.js"
import { assertType } from "./utils/types.js"

type Union = AuthleteError.AuthleteError

const program = Effect.gen(function*() {
  const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1 })
  const updated = yield* TokenManagement.update({ accessTokenHash: "hash", scopes: ["a"] })
  yield* TokenManagement.delete({ accessTokenIdentifier: "hash" })
  return [created.action, updated.action] as const
})

assertType<Equals<Effect.Effect.Error<typeof program>, Union>>()
assertType<Equals<Effect.Effect.Context<typeof program>, TokenManagement.TokenManagement>>()
assertType<
  Equals<
    Effect.Effect.Success<typeof program>,
    readonly [Schemas.TokenCreateResponse["action"], Schemas.TokenUpdateResponse["action"]]
  >
>()

const withoutResultError = program.pipe(Effect.catchTag("ResultError", (error) => Effect.succeed(error.status)))
assertType<Equals<Effect.Effect.Error<typeof withoutResultError>, Exclude<Union, AuthleteError.ResultError>>>()

const handled = program.pipe(
  Effect.catchTags({
    ResultError: (error) => Effect.succeed(`result ${error.status}`),
    UnexpectedStatusError: (error) => Effect.succeed(`default ${error.status}`),
    TransportError: (error) => Effect.succeed(`transport ${error.reason}`),
    ResponseDecodeError: (error) => Effect.succeed(`decode ${error.status}`),
    RequestValidationError: (error) => Effect.succeed(`invalid ${error.operation}`),
    ResponseTooLargeError: (error) => Effect.succeed(`too large ${error.maxBytes}`),
    RedirectError: (error) => Effect.succeed(`redirect ${error.status}`),
    AuthleteConfigError: (error) => Effect.succeed(`config ${error.option}`),
    CredentialError: (error) => Effect.succeed(`credential ${error.operation}`)
  })
)
assertType<Equals<Effect.Effect.Error<typeof handled>, never>>()

const _strict = TokenManagement.expectOk(TokenManagement.update({ accessTokenHash: "hash" }))
assertType<Equals<Effect.Effect.Error<typeof _strict>, Union | AuthleteError.ActionError>>()

// Every operation has its module-level accessor: a new operation fails the build here until it has one.
assertType<
  typeof TokenManagement extends { readonly [N in AuthleteOperation.Name]: (...args: ReadonlyArray<never>) => unknown }
    ? true
    : false
>()
assertType<Equals<Parameters<typeof TokenManagement.introspection>[0], Schemas.IntrospectionRequest>>()

// The service's methods are the operations' methods.
assertType<Equals<keyof TokenManagement.Service, AuthleteOperation.Name | "listStream">>()

// Every accessor fails with exactly the union, listStream included.
assertType<Equals<Effect.Effect.Error<ReturnType<typeof TokenManagement.reissueIdToken>>, Union>>()
assertType<Equals<Effect.Effect.Error<ReturnType<typeof TokenManagement.list>>, Union>>()
assertType<Equals<Effect.Effect.Error<ReturnType<typeof TokenManagement.revoke>>, Union>>()
assertType<Equals<Stream.Stream.Error<ReturnType<typeof TokenManagement.listStream>>, Union>>()

describe("the error channel", () => {
  it.effect("catchTag(\"ResultError\") handles a 401 and leaves the rest typed", () =>
    Effect.gen(function*() {
      const status = yield* Effect.provide(withoutResultError, scripted(always(() => json(401, {}))).layer)
      assert.strictEqual(status, 401)
    }))

  it.effect("catchTags over the whole union handles each kind", () =>
    Effect.gen(function*() {
      const answers = [
        [() => json(403, {}), "result 403"],
        [() => json(404, {}), "default 404"],
        [() => json(200, { action: "NOPE" }), "decode 200"]
      ] as const
      for (const [answer, expected] of answers) {
        assert.strictEqual(yield* Effect.provide(handled, scripted(always(answer)).layer), expected)
      }
    }))
})
