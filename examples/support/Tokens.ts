/**
 * Tokens for the examples' user, for the scripts whose subject is another operation than `create`.
 */
import type { Schemas } from "@effect-authlete/core"
import { TokenManagement } from "@effect-authlete/core"
import { Effect } from "effect"
import * as Print from "./Print.js"
import { Environment } from "./Runtime.js"

/**
 * Creates an authorization-code token for the environment's client and user, with the first scope unless `request`
 * says otherwise, and prints its values shortened. A non-`OK` answer fails (`ActionError`); an `OK` one carries the
 * access token.
 */
export const issue = (request: Partial<Schemas.TokenCreateRequest> = {}) =>
  Effect.gen(function*() {
    const { clientId, scopes, subject } = yield* Environment
    const created = yield* TokenManagement.create({
      grantType: "AUTHORIZATION_CODE",
      clientId,
      subject,
      scopes: scopes.slice(0, 1),
      ...request
    }).pipe(TokenManagement.expectOk)
    yield* Print.note(
      `created a token for ${subject}: accessToken ${Print.inline(created.accessToken)}, ` +
        `refreshToken ${Print.inline(created.refreshToken)}, scopes ${Print.inline(created.scopes)}`
    )
    const { accessToken } = created
    if (accessToken === undefined) return yield* Effect.dieMessage("create answered OK without an access token")
    return { ...created, accessToken }
  })

/** Creates `n` tokens one after the other (so that listing order is creation order). */
export const issueMany = (n: number, request?: Partial<Schemas.TokenCreateRequest>) =>
  Effect.forEach(Array.from({ length: n }, () => request), issue)

/** The environment's client and user, as a `list`/`listStream`/`revoke` filter. */
export const ofExampleUser = Effect.map(Environment, ({ clientId, subject }) => ({
  clientIdentifier: String(clientId),
  subject
}))
