/**
 * The life of an access token, end to end: create → update its scopes → list (every page, as a stream) → revoke →
 * delete. `pnpm demo` runs this file.
 *
 * Without AUTHLETE_* credentials it talks to the embedded emulator over HTTP; with them, to your Authlete service
 * (see support/Runtime.ts).
 */
import { TokenManagement } from "@effect-authlete/core"
import { Effect, Stream } from "effect"
import * as Print from "./support/Print.js"
import { Environment, run } from "./support/Runtime.js"
import * as Tokens from "./support/Tokens.js"

const program = Effect.gen(function*() {
  const { clientId, scopes, subject } = yield* Environment
  const user = yield* Tokens.ofExampleUser

  yield* Print.step(1, `create: a token for ${subject}, with the scope ${scopes[0]}, and two more`)
  const request = { grantType: "AUTHORIZATION_CODE", clientId, subject, scopes: scopes.slice(0, 1) } as const
  yield* Print.call("create", request)
  // `expectOk` turns an answer whose `action` is not OK into a typed `ActionError`.
  const first = yield* TokenManagement.create(request).pipe(TokenManagement.expectOk)
  yield* Print.reply(first)
  const others = yield* Tokens.issueMany(2)

  yield* Print.step(2, `update: give the first token every scope (${scopes.join(" ")})`)
  const change = { accessToken: first.accessToken, scopes } // a Redacted token is accepted as it is
  yield* Print.call("update", change)
  yield* Print.reply(yield* TokenManagement.update(change).pipe(TokenManagement.expectOk))

  yield* Print.step(3, "list: every token of this client and user, two per page")
  yield* Print.call("listStream", { ...user, pageSize: 2 })
  // `listStream` fetches page after page (start/end) until `totalCount` is reached.
  const listed = yield* TokenManagement.listStream({ ...user, pageSize: 2 }).pipe(
    Stream.tap((token) => Print.reply(Print.listed(token))),
    Stream.runCount
  )
  yield* Print.note(`${listed} tokens listed`)

  yield* Print.step(4, "revoke: the first token (and its refresh token)")
  yield* Print.call("revoke", { accessTokenIdentifier: first.accessToken })
  const { count } = yield* TokenManagement.revoke({ accessTokenIdentifier: first.accessToken })
  yield* Print.reply(`revoked ${count} token(s)`)

  yield* Print.step(5, "delete: the two others, removed from Authlete's database")
  for (const token of others) {
    yield* Print.call("delete", { accessTokenIdentifier: token.accessToken })
    yield* TokenManagement.delete({ accessTokenIdentifier: token.accessToken })
    yield* Print.reply("deleted (HTTP 204)")
  }

  yield* Print.step(6, "list again")
  const left = yield* TokenManagement.listStream(user).pipe(Stream.runCount)
  yield* Print.reply(`${left} token(s) left for ${subject}`)
})

run(program)
