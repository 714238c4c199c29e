/**
 * `list` and `listStream`: one page of a service's tokens, or all of them as a stream.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect, Stream } from "effect"
import { signOutEverywhere } from "./app/Sessions.js"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

const program = Effect.gen(function*() {
  const { subject } = yield* Environment
  const user = yield* Tokens.ofExampleUser

  yield* Print.step(1, `five tokens for ${subject}`)
  yield* Tokens.issueMany(5)

  yield* Print.step(2, "one page: start is inclusive, end exclusive; totalCount counts every match")
  const page = { ...user, start: 0, end: 2 }
  yield* Print.call("list", page)
  const { accessTokens = [], ...rest } = yield* TokenManagement.list(page)
  yield* Print.reply(rest)
  // Listed tokens carry hashes, never token values.
  for (const token of accessTokens) yield* Print.note(Print.listed(token))

  yield* Print.step(3, "every page, as a stream of tokens")
  yield* Print.call("listStream", { ...user, pageSize: 2 })
  const all = yield* TokenManagement.listStream({ ...user, pageSize: 2 }).pipe(
    Stream.zipWithIndex,
    Stream.tap(([token, i]) => Print.reply(`#${i + 1} ${Print.listed(token)}`)),
    Stream.runCount
  )
  yield* Print.note(`${all} tokens in pages of 2`)

  yield* Print.step(4, "clean up")
  yield* Print.reply(`revoked ${yield* signOutEverywhere(subject)} token(s) of ${subject}`)
})

run(program)
