/**
 * `revoke`: invalidate one token pair (by its access or its refresh token), or in bulk a user's or a client's tokens.
 *
 * The first field given decides: accessTokenIdentifier, then refreshTokenIdentifier, then clientIdentifier and/or
 * subject. Identifiers are a token value or its hash.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect } from "effect"
import { signOutEverywhere } from "./app/Sessions.js"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

const program = Effect.gen(function*() {
  const { subject } = yield* Environment

  yield* Print.step(1, `four tokens for ${subject}`)
  const [a, b] = yield* Tokens.issueMany(4)

  yield* Print.step(2, "one token, by its access token: its refresh token goes with it")
  const byAccessToken = { accessTokenIdentifier: a.accessToken }
  yield* Print.call("revoke", byAccessToken)
  yield* Print.reply(yield* TokenManagement.revoke(byAccessToken))

  yield* Print.step(3, "one token, by its refresh token")
  const byRefreshToken = { refreshTokenIdentifier: b.refreshToken }
  yield* Print.call("revoke", byRefreshToken)
  yield* Print.reply(yield* TokenManagement.revoke(byRefreshToken))

  yield* Print.step(4, `in bulk: every token of ${subject} and this client`)
  const byUser = yield* Tokens.ofExampleUser
  yield* Print.call("revoke", byUser)
  // A bulk revoke stops at 20 tokens per call; app/Sessions.ts shows the loop that revokes them all.
  yield* Print.reply(yield* TokenManagement.revoke(byUser))

  yield* Print.step(5, "nothing left to revoke")
  yield* Print.reply(`revoked ${yield* signOutEverywhere(subject)} more token(s)`)
})

run(program)
