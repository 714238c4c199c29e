/**
 * `update`: change what an existing access token allows and how long it lives, or rotate its value.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Clock, Effect } from "effect"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

const program = Effect.gen(function*() {
  const { scopes } = yield* Environment

  yield* Print.step(1, "a token to work on")
  const { accessToken } = yield* Tokens.issue()

  yield* Print.step(2, "every scope, and one more hour to live")
  // Instants are milliseconds since the epoch; durations elsewhere in the API are seconds.
  const inOneHour = (yield* Clock.currentTimeMillis) + 60 * 60 * 1000
  const widen = { accessToken, scopes, accessTokenExpiresAt: inOneHour }
  yield* Print.call("update", widen)
  yield* Print.reply(yield* TokenManagement.update(widen))

  yield* Print.step(3, "rotate the value: Authlete generates a new one, the old one stops working")
  const rotate = { accessToken, accessTokenValueUpdated: true }
  yield* Print.call("update", rotate)
  const rotated = yield* TokenManagement.update(rotate)
  yield* Print.reply({ action: rotated.action, accessToken: rotated.accessToken })

  yield* Print.step(4, "the old value again")
  const stale = { accessToken, scopes: scopes.slice(0, 1) }
  yield* Print.call("update", stale)
  const { action, resultMessage } = yield* TokenManagement.update(stale)
  yield* Print.reply({ action, resultMessage })

  yield* Print.step(5, "clean up")
  yield* TokenManagement.delete({ accessTokenIdentifier: rotated.accessToken ?? accessToken })
  yield* Print.reply("deleted the rotated token")
})

run(program)
