/**
 * `reissueIdToken`: after `/auth/token` answered `ID_TOKEN_REISSUABLE` to a refresh-token request, build a token
 * response that carries a fresh ID token with the new access and refresh token.
 *
 * Here the tokens come from `create`. The embedded emulator accepts them; real Authlete reissues only right after a
 * refresh-token request, so there the answer is likely `CALLER_ERROR`: still an answer, not a failure.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect, Redacted } from "effect"
import * as Print from "./support/Print.js"
import { run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

/** The payload of a JWS compact serialization, unverified: fine for printing, never for trusting. */
const claimsOf = (jws: Redacted.Redacted<string>): Record<string, unknown> =>
  JSON.parse(Buffer.from(Redacted.value(jws).split(".")[1] ?? "", "base64url").toString("utf8"))

const program = Effect.gen(function*() {
  yield* Print.step(1, "a token with the openid scope and a refresh token")
  const { accessToken, refreshToken } = yield* Tokens.issue({ scopes: ["openid"] })
  if (refreshToken === undefined) {
    return yield* Effect.dieMessage("no refresh token: does the service allow REFRESH_TOKEN?")
  }

  yield* Print.step(2, "reissue the ID token, with an extra claim")
  const request = { accessToken, refreshToken, claims: JSON.stringify({ nickname: "ally" }) }
  yield* Print.call("reissueIdToken", request)
  const reissued = yield* TokenManagement.reissueIdToken(request)
  yield* Print.reply(reissued)

  if (reissued.action === "OK" && reissued.idToken !== undefined && reissued.responseContent !== undefined) {
    yield* Print.step(3, "what came back")
    const { aud, exp, iss, nickname, sub } = claimsOf(reissued.idToken)
    yield* Print.note(`ID token claims: ${Print.inline({ iss, sub, aud, nickname, exp })}`)
    // The token endpoint sends `responseContent` verbatim; it holds secrets, so only its member names are shown.
    const members = Object.keys(JSON.parse(Redacted.value(reissued.responseContent)))
    yield* Print.note(`responseContent members: ${members.join(", ")}`)
  }

  yield* Print.step(4, "clean up")
  yield* TokenManagement.revoke({ accessTokenIdentifier: accessToken })
  yield* Print.reply("revoked the token")
})

run(program)
