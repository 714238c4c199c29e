/**
 * `delete`: remove a token record (access and refresh token) from Authlete's database, by its value or its hash.
 * Unlike `revoke`, which invalidates tokens, `delete` leaves nothing behind. Authlete answers 204 with no body.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect, Stream } from "effect"
import * as Print from "./support/Print.js"
import { run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

const program = Effect.gen(function*() {
  const user = yield* Tokens.ofExampleUser

  yield* Print.step(1, "two tokens")
  const [byValue] = yield* Tokens.issueMany(2)

  yield* Print.step(2, "delete one by its value")
  yield* Print.call("delete", { accessTokenIdentifier: byValue.accessToken })
  yield* TokenManagement.delete({ accessTokenIdentifier: byValue.accessToken })
  yield* Print.reply("deleted")

  yield* Print.step(3, "delete the other by its hash, as found in a listing (which never shows token values)")
  const hashes = yield* TokenManagement.listStream(user).pipe(
    Stream.map((token) => token.accessTokenHash),
    Stream.filter((hash) => hash !== undefined),
    Stream.runCollect
  )
  for (const hash of hashes) {
    yield* Print.call("delete", { accessTokenIdentifier: hash })
    yield* TokenManagement.delete({ accessTokenIdentifier: hash })
    yield* Print.reply("deleted")
  }

  yield* Print.step(4, "what is left")
  yield* Print.call("list", user)
  yield* Print.reply(`totalCount ${(yield* TokenManagement.list(user)).totalCount}`)
})

run(program)
