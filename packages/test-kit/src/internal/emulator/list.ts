/** `GET /auth/token/get/list`: rules L1–L7. */
import type * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Rule } from "./request.js"
import type { ClientState, Env, State, TokenRecord } from "./state.js"
import { clientOf, isUnexpired, tokensOf } from "./state.js"
import type { WireReply } from "./wire.js"
import { compact, given, propertiesOut, result, serverError } from "./wire.js"

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
      ? []
      : candidates(state, env.service.serviceId, client?.clientId, subject).filter((record) =>
        (client === undefined || record.clientId === client.clientId) &&
        (subject === undefined || record.subject === subject) &&
        hasStatus(record, tokenStatus as Schemas.TokenStatus, env.now)
      )
    const page = matching.slice(start, end)
    return {
      status: 200,
      body: compact({
        start, // L2
        end,
        totalCount: matching.length, // L3
        client: client === undefined ? undefined : clientLimited(client), // L4
        subject,
        accessTokens: page.length === 0 ? undefined : page.map(accessToken) // L5
      })
    }
  })
}

/**
 * Tokens of a service by client and by subject, in creation order, built on the first `list` after a write (the token
 * map is immutable, so its identity tells when): a page then costs its matches, not the whole store.
 */
interface ListIndex {
  readonly all: Map<string, Array<TokenRecord>>
  readonly byClient: Map<string, Array<TokenRecord>>
  readonly bySubject: Map<string, Array<TokenRecord>>
}

const indexes = new WeakMap<State["tokens"], ListIndex>()

const indexOfStore = (state: State): ListIndex => {
  const cached = indexes.get(state.tokens)
  if (cached !== undefined) return cached
  const index: ListIndex = { all: new Map(), byClient: new Map(), bySubject: new Map() }
  const push = (map: Map<string, Array<TokenRecord>>, key: string, record: TokenRecord) => {
    const list = map.get(key)
    if (list === undefined) map.set(key, [record])
    else list.push(record)
  }
  for (const record of tokensOf(state, undefined)) {
    push(index.all, record.serviceId, record)
    push(index.byClient, `${record.serviceId}\u0000${record.clientId}`, record)
    if (record.subject !== undefined) push(index.bySubject, `${record.serviceId}\u0000${record.subject}`, record)
  }
  indexes.set(state.tokens, index)
  return index
}

/** The smallest indexed set that holds every match. */
const candidates = (
  state: State,
  serviceId: string,
  clientId: number | undefined,
  subject: string | undefined
): ReadonlyArray<TokenRecord> => {
  const index = indexOfStore(state)
  const byClient = clientId === undefined ? undefined : index.byClient.get(`${serviceId}\u0000${clientId}`) ?? []
  const bySubject = subject === undefined ? undefined : index.bySubject.get(`${serviceId}\u0000${subject}`) ?? []
  if (byClient !== undefined && bySubject !== undefined) {
    return byClient.length <= bySubject.length ? byClient : bySubject
  }
  return byClient ?? bySubject ?? index.all.get(serviceId) ?? []
}

const hasStatus = (record: TokenRecord, status: Schemas.TokenStatus, now: number): boolean =>
  status === "ALL" || (status === "VALID") === isUnexpired(record, now)

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
