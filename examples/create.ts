/**
 * `create`: mint access tokens outside any grant flow (migration, tests, back-office tools).
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect } from "effect"
import { signOutEverywhere } from "./app/Sessions.js"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"

const program = Effect.gen(function*() {
  const { clientId, scopes, subject } = yield* Environment

  yield* Print.step(1, `an authorization-code token for ${subject}: access and refresh token`)
  const forUser = { grantType: "AUTHORIZATION_CODE", clientId, subject, scopes } as const
  yield* Print.call("create", forUser)
  // Token values come back `Redacted`: logging the response cannot leak them.
  yield* Print.reply(yield* TokenManagement.create(forUser))

  yield* Print.step(2, "a client-credentials token for ten minutes: no user, no refresh token")
  const forClient = {
    grantType: "CLIENT_CREDENTIALS",
    clientId,
    scopes: scopes.slice(0, 1),
    accessTokenDuration: 600,
    properties: [{ key: "issued.by", value: "effect-authlete example", hidden: true }]
  } as const
  yield* Print.call("create", forClient)
  yield* Print.reply(yield* TokenManagement.create(forClient))

  yield* Print.step(3, "a scope the service does not support")
  const unsupported = { ...forUser, scopes: ["no.such.scope"] }
  yield* Print.call("create", unsupported)
  // A refusal is an answer: 200 with `action: "BAD_REQUEST"`, data rather than a failure (pipe the call through
  // `TokenManagement.expectOk` to make it an `ActionError`). Should the server refuse with HTTP 400, that is a
  // `ResultError`, caught here by its tag.
  const refused = yield* TokenManagement.create(unsupported).pipe(
    Effect.catchTag(
      "ResultError",
      ({ resultCode, resultMessage, status }) => Effect.succeed({ status, resultCode, resultMessage })
    )
  )
  yield* Print.reply(refused)

  yield* Print.step(4, "clean up")
  yield* Print.reply(`revoked ${yield* signOutEverywhere(subject)} token(s) of ${subject}`)
})

run(program)
