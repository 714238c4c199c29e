/** The emulator's store: services, clients, bearers and tokens (by hash), as one immutable value behind one `Ref`. */
import type { Operation } from "@effect-authlete/core/AuthleteError"
import type * as Schemas from "@effect-authlete/core/Schemas"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import type * as Ref from "effect/Ref"
import type { TokenSnapshot } from "../../AuthleteEmulator.js"
import type { SigningKey } from "./crypto.js"

/** Settings of the points the documentation leaves open (see `EmulatorOptions`). */
export interface Settings {
  readonly actionFailureStatus: "200" | "4xx"
  readonly unknownServiceStatus: 403 | 404
  readonly deleteUnknownStatus: 204 | 404
  readonly revokeUnknownStatus: 200 | 404
  readonly revokeBulkLimit: number
  readonly listTokenStatusDefault: Schemas.TokenStatus
}

export interface ServiceState {
  readonly serviceId: string
  /** Supported scopes and their attributes, in declaration order. */
  readonly scopes: ReadonlyMap<string, Readonly<Record<string, string>>>
  readonly supportedGrantTypes: ReadonlySet<Schemas.GrantType>
  readonly accessTokenDuration: number
  readonly refreshTokenDuration: number
  readonly idTokenDuration: number
  readonly idTokenReissuable: boolean
  readonly idTokenAudType: "array" | "string"
  readonly issuer: string
  readonly jwtAccessToken: boolean
  readonly key: SigningKey
}

export interface ClientState {
  readonly serviceId: string
  /** `number` of ClientLimited: the order of declaration, from 1. */
  readonly number: number
  readonly clientId: number
  readonly clientIdAlias?: string | undefined
  readonly clientType: Schemas.ClientType
  readonly clientName: string
  /** Scopes the client may request; `undefined` = every scope of its service. */
  readonly scopes?: ReadonlySet<string> | undefined
}

/** A stored token; `seq` is its creation order (L7). */
export interface TokenRecord extends TokenSnapshot {
  readonly seq: number
}

export interface State {
  readonly services: ReadonlyMap<string, ServiceState>
  readonly clients: ReadonlyMap<number, ClientState>
  /** Bearer → the services it may act on. */
  readonly bearers: ReadonlyMap<string, ReadonlySet<string> | "*">
  /** Access token hash → record. */
  readonly tokens: HashMap.HashMap<string, TokenRecord>
  /** Refresh token hash → access token hash. */
  readonly refreshIndex: HashMap.HashMap<string, string>
  readonly seq: number
  readonly internalErrors: ReadonlySet<Operation>
}

export const emptyState: State = {
  services: new Map(),
  clients: new Map(),
  bearers: new Map(),
  tokens: HashMap.empty(),
  refreshIndex: HashMap.empty(),
  seq: 0,
  internalErrors: new Set()
}

// ---------------------------------------------------------------------------------------------------------------------
// lookups
// ---------------------------------------------------------------------------------------------------------------------

/** The record whose access token hash is `hash`. */
export const byAccessTokenHash = (state: State, hash: string): TokenRecord | undefined =>
  Option.getOrUndefined(HashMap.get(state.tokens, hash))

/** The record whose refresh token hash is `hash`. */
export const byRefreshTokenHash = (state: State, hash: string): TokenRecord | undefined =>
  Option.getOrUndefined(Option.flatMap(HashMap.get(state.refreshIndex, hash), (at) => HashMap.get(state.tokens, at)))

/** G4: an identifier is a raw value (whose hash is `hashOfIdentifier`) or a hash. */
export const byIdentifier = (
  find: (state: State, hash: string) => TokenRecord | undefined,
  state: State,
  identifier: string,
  hashOfIdentifier: string
): TokenRecord | undefined => find(state, hashOfIdentifier) ?? find(state, identifier)

/** A client of the service by numeric ID (as a number or numeric text) or alias. */
export const clientOf = (state: State, serviceId: string, identifier: number | string): ClientState | undefined => {
  for (const client of state.clients.values()) {
    if (client.serviceId === serviceId && matchesClient(client, identifier)) return client
  }
  return undefined
}

/** Any client, of any service, by numeric ID or alias. */
export const anyClientOf = (state: State, identifier: number | string): ClientState | undefined => {
  for (const client of state.clients.values()) {
    if (matchesClient(client, identifier)) return client
  }
  return undefined
}

const matchesClient = (client: ClientState, identifier: number | string): boolean =>
  typeof identifier === "number"
    ? client.clientId === identifier
    : String(client.clientId) === identifier || client.clientIdAlias === identifier

/** Tokens of a service (all services when `undefined`), in creation order. */
export const tokensOf = (state: State, serviceId: string | undefined): Array<TokenRecord> =>
  Array.from(HashMap.values(state.tokens))
    .filter((record) => serviceId === undefined || record.serviceId === serviceId)
    .sort((a, b) => a.seq - b.seq)

/** Whether the access token is still valid at `now`. */
export const isUnexpired = (record: TokenRecord, now: number): boolean =>
  record.accessTokenPersistent || record.accessTokenExpiresAt > now

// ---------------------------------------------------------------------------------------------------------------------
// updates
// ---------------------------------------------------------------------------------------------------------------------

/** Stores a new record (its hashes must be free). */
export const insert = (state: State, record: Omit<TokenRecord, "seq">): State => {
  const stored: TokenRecord = { ...record, seq: state.seq }
  return {
    ...state,
    seq: state.seq + 1,
    tokens: HashMap.set(state.tokens, stored.accessTokenHash, stored),
    refreshIndex: stored.refreshTokenHash === undefined
      ? state.refreshIndex
      : HashMap.set(state.refreshIndex, stored.refreshTokenHash, stored.accessTokenHash)
  }
}

/** Replaces `previous` by `next` (the access token hash may change). */
export const replace = (state: State, previous: TokenRecord, next: TokenRecord): State => {
  const removed = remove(state, [previous])
  return {
    ...removed,
    tokens: HashMap.set(removed.tokens, next.accessTokenHash, next),
    refreshIndex: next.refreshTokenHash === undefined
      ? removed.refreshIndex
      : HashMap.set(removed.refreshIndex, next.refreshTokenHash, next.accessTokenHash)
  }
}

/** Removes records, access and refresh token together. */
export const remove = (state: State, records: ReadonlyArray<TokenRecord>): State => {
  let tokens = state.tokens
  let refreshIndex = state.refreshIndex
  for (const record of records) {
    tokens = HashMap.remove(tokens, record.accessTokenHash)
    if (record.refreshTokenHash !== undefined) refreshIndex = HashMap.remove(refreshIndex, record.refreshTokenHash)
  }
  return { ...state, tokens, refreshIndex }
}

/** Whether a hash is already taken by an access or a refresh token. */
export const isTaken = (state: State, hash: string): boolean =>
  HashMap.has(state.tokens, hash) || HashMap.has(state.refreshIndex, hash)

/** What every operation works with: the store, the settings, the instant of the call and the addressed service. */
export interface Env {
  readonly ref: Ref.Ref<State>
  readonly settings: Settings
  readonly now: number
  readonly service: ServiceState
}
