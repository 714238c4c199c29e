/**
 * `introspection`: what a resource server asks of an access token a client presented — does it exist, may it still be
 * used, does it cover what this resource requires — and what to answer the client when it does not
 * (`responseContent`, the `WWW-Authenticate` value).
 *
 * A revoked or deleted token no longer exists; an expired one exists but is not usable.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect, Redacted } from "effect"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

/** A resource server's decision: the verdict Authlete gives, and the challenge to send back on a refusal. */
const authorize = (token: Redacted.Redacted<string>, scopes: ReadonlyArray<string>) =>
  TokenManagement.introspection({ token, scopes: [...scopes] }).pipe(
    Effect.map((answer) =>
      answer.action === "OK"
        ? `allowed for ${answer.subject ?? "(no subject)"} (usable ${answer.usable}, sufficient ${answer.sufficient})`
        : `refused: ${answer.action}, existent ${answer.existent}, usable ${answer.usable}; WWW-Authenticate: ${
          answer.responseContent === undefined ? "(none)" : Redacted.value(answer.responseContent).split(",")[0]
        }`
    )
  )

const program = Effect.gen(function*() {
  const { scopes } = yield* Environment
  const [granted, other] = scopes
  yield* Print.step(1, `a token with the scope ${granted}`)
  const token = yield* Tokens.issue({ scopes: [granted] })
  yield* Print.call("introspection", { token: Print.shorten(token.accessToken), scopes: [granted] })
  yield* Print.reply(yield* TokenManagement.introspection({ token: token.accessToken, scopes: [granted] }))

  yield* Print.step(2, "what the resource server decides")
  yield* Print.reply(yield* authorize(token.accessToken, [granted]))
  yield* Print.reply(yield* authorize(token.accessToken, [granted, other]))

  yield* Print.step(3, "once revoked, the token no longer exists")
  yield* TokenManagement.revoke({ accessTokenIdentifier: token.accessToken })
  yield* Print.reply(yield* authorize(token.accessToken, [granted]))
})

run(program)
