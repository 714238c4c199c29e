/** `GET /auth/token/get/list`: rules L1–L7. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { WireReply } from "../../AuthleteEmulator.js"
import type { ClientState, Env, TokenRecord } from "./state.js"
import { clientOf, isUnexpired, noTokens, tokensMatching } from "./state.js"
import { compact, given, propertiesOut, result } from "./wire.js"

/** L2: defaults of the page bounds. */
const defaultStart = 0
const defaultEnd = 5

const tokenStatuses: ReadonlyArray<string> = ["VALID", "INVALID", "ALL"]

/** A query index: a non-negative 32-bit integer, as a number or as decimal text (HTTP query). */
const indexOf = (value: unknown, fallback: number): number | undefined => {
  if (value === undefined || value === null || value === "") return fallback
  const index = typeof value === "number"
    ? value
    : typeof value === "string" && /^\d+$/.test(value)
    ? Number(value)
    : NaN
  return Number.isInteger(index) && index >= 0 && index <= 2_147_483_647 ? index : undefined
}

const text = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** L1–L7. */
export const list = (env: Env, query: unknown): Effect.Effect<WireReply> => {
  const fields = typeof query === "object" && query !== null ? query as Readonly<Record<string, unknown>> : {}
  const start = indexOf(fields.start, defaultStart)
  const end = indexOf(fields.end, defaultEnd)
  const tokenStatus = text(fields.tokenStatus) ?? env.settings.listTokenStatusDefault
  if (start === undefined || end === undefined || end < start || !tokenStatuses.includes(tokenStatus)) {
    return Effect.succeed(result(400, "list", "A137201", "The query parameters are invalid."))
  }
  const clientIdentifier = text(fields.clientIdentifier)
  const subject = text(fields.subject)
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
    return {
      status: 200,
      body: compact({
        start, // L2
        end,
        totalCount: matching.size, // L3
        client: client === undefined ? undefined : clientLimited(client), // L4
        subject,
        accessTokens: page.length === 0 ? undefined : page.map(accessToken) // L5
      })
    }
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
