/**
 * Every way a call can fail is a tagged error in its type, so `Effect.catchTag` / `Effect.catchTags` handle them by
 * name and the compiler knows what is left.
 *
 *   ResultError             Authlete answered 400, 401, 403 or 500 with `resultCode` / `resultMessage`
 *   UnexpectedStatusError    any other error status (429, 404, a proxy's 502, …), with a bounded excerpt of the body
 *   TransportError          no answer: connection failure or "Timeout"
 *   ResponseDecodeError     a 2xx whose body is not what the API promises
 *   RequestValidationError  the request failed its own schema: refused before anything was sent
 *   ActionError             only from `TokenManagement.expectOk`: a 200 whose `action` is not OK
 */
import type { AuthleteError } from "@effect-authlete/core"
import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import { Effect, Option } from "effect"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"

/** Prints how an attempt ended. The cases cover the whole error union: remove one and this stops compiling. */
const report = <R>(attempt: Effect.Effect<unknown, AuthleteError.AuthleteError | AuthleteError.ActionError, R>) =>
  attempt.pipe(
    Effect.as("succeeded"),
    Effect.catchTags({
      ResultError: (e) => Effect.succeed(`ResultError: HTTP ${e.status}, ${e.resultCode}, ${e.resultMessage}`),
      UnexpectedStatusError: (e) => Effect.succeed(`UnexpectedStatusError: HTTP ${e.status}, body ${e.body}`),
      TransportError: (e) => Effect.succeed(`TransportError (${e.reason}): ${e.description}`),
      ResponseDecodeError: (e) => Effect.succeed(`ResponseDecodeError: HTTP ${e.status}, ${e.description}`),
      RequestValidationError: (e) => Effect.succeed(`RequestValidationError, nothing was sent: ${e.description}`),
      ActionError: (e) => Effect.succeed(`ActionError: action ${e.action}, ${e.resultMessage}`)
    }),
    Effect.flatMap(Print.reply)
  )

const program = Effect.gen(function*() {
  const { scopes } = yield* Environment
  // The connection in use (base URL, service), to build deliberately broken ones from it.
  const { baseUrl, defaults: { serviceId } } = yield* AuthleteClient.AuthleteClient

  yield* Print.step(1, "no bearer token: Authlete answers 401")
  yield* Print.call("list()")
  yield* report(TokenManagement.list().pipe(Effect.provide(NodeAuthlete.layer({ baseUrl, serviceId }))))

  yield* Print.step(2, "update a token nobody issued: 200 with action NOT_FOUND, lifted into an ActionError")
  const unknown = { accessToken: "no-such-token-0123456789abcdefghijklmnop", scopes }
  yield* Print.call("update", unknown)
  yield* report(TokenManagement.update(unknown).pipe(TokenManagement.expectOk))

  yield* Print.step(3, "the same, handled: NOT_FOUND becomes Option.none, any other action still fails")
  const found = yield* TokenManagement.update(unknown).pipe(
    TokenManagement.expectOk,
    Effect.asSome,
    Effect.catchTag("ActionError", (e) => e.action === "NOT_FOUND" ? Effect.succeedNone : Effect.fail(e))
  )
  yield* Print.reply(Option.isNone(found) ? "no such token (Option.none)" : "updated")

  yield* Print.step(4, "revoke a token nobody issued")
  const unknownRevoke = { accessTokenIdentifier: unknown.accessToken }
  yield* Print.call("revoke", unknownRevoke)
  yield* report(TokenManagement.revoke(unknownRevoke))

  yield* Print.step(5, "a request that breaks the API's own rules (end before start)")
  yield* Print.call("list", { start: 10, end: 5 })
  yield* report(TokenManagement.list({ start: 10, end: 5 }))

  yield* Print.step(6, "nobody listening (a closed port on this machine)")
  yield* Print.call("list()")
  yield* report(
    TokenManagement.list().pipe(Effect.provide(NodeAuthlete.layer({ baseUrl: "http://127.0.0.1:9", serviceId })))
  )
})

run(program)
