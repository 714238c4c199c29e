/** `GET /auth/token/get/list`: rules L1–L7. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Rule } from "./request.js"
import type { ClientState, Env, TokenRecord } from "./state.js"
import { clientOf, isUnexpired, noTokens, tokensMatching } from "./state.js"
import type { WireReply } from "./wire.js"
import { answer, compact, given, propertiesOut, result, serverError } from "./wire.js"

/** L2: defaults of the page bounds. */
const defaultStart = 0
const defaultEnd = 5

const tokenStatuses: ReadonlyArray<string> = ["VALID", "INVALID", "ALL"]

const invalidQuery = (): WireReply => result(400, "list", "A137201", "The query parameters are invalid.")

/** L1–L7. */
export const list: Rule<"list"> = {
  invalid: invalidQuery,
  internalError: () => serverError("list"),
  run: (env, request) => page(env, request)
}

const page = (env: Env, request: Parameters<Rule<"list">["run"]>[1]): Effect.Effect<WireReply> => {
  const start = request.start ?? defaultStart
  const end = request.end ?? defaultEnd
  const tokenStatus = request.tokenStatus ?? env.settings.listTokenStatusDefault
  if (end < start || !tokenStatuses.includes(tokenStatus)) return Effect.succeed(invalidQuery())
  const { clientIdentifier, subject } = request
  return Effect.map(Ref.get(env.ref), (state) => {
    // L1
    const client = given(clientIdentifier) ? clientOf(state, env.service.serviceId, clientIdentifier) : undefined
    const matching = given(clientIdentifier) && client === undefined
      ? noTokens
      : tokensMatching(
        state,
        env.service.serviceId,
        client?.clientId,
        subject,
        tokenStatus === "ALL" ? undefined : (record) => (tokenStatus === "VALID") === isUnexpired(record, env.now)
      )
    const page = matching.slice(start, end)
    return answer("list", {
      start, // L2
      end,
      totalCount: matching.size, // L3
      client: client === undefined ? undefined : clientLimited(client), // L4
      subject,
      accessTokens: page.length === 0 ? undefined : page.map(accessToken) // L5
    })
  })
}

/** ClientLimited */
const clientLimited = (client: ClientState) =>
  compact({
    number: client.number,
    clientName: client.clientName,
    clientId: client.clientId,
    clientIdAlias: client.clientIdAlias,
    clientIdAliasEnabled: client.clientIdAlias !== undefined,
    clientType: client.clientType
  })

/** L6: AccessToken, hashes only. */
const accessToken = (record: TokenRecord) =>
  compact({
    accessTokenHash: record.accessTokenHash,
    accessTokenExpiresAt: record.accessTokenExpiresAt,
    refreshTokenHash: record.refreshTokenHash,
    refreshTokenExpiresAt: record.refreshTokenExpiresAt,
    createdAt: record.createdAt,
    lastRefreshedAt: record.lastRefreshedAt,
    clientId: record.clientId,
    subject: record.subject,
    grantType: record.grantType,
    scopes: record.scopes,
    properties: propertiesOut(record.properties),
    refreshTokenScopes: record.refreshTokenScopes
  })
