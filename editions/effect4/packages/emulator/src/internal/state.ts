/**
 * The emulator's store: services, clients and bearers as immutable values, and the tokens in a {@link TokenStore}, all
 * behind one `Ref`. Every change happens inside one `Ref.modify`/`Ref.update` (synchronous, so atomic: no other fiber
 * runs in between); the token store is changed in place there, by `insert`, `replace` and `remove` only, so a write
 * costs its token and the indexes a `list` page reads are always current.
 */
import type { Operation } from "@effect-authlete/core/AuthleteError"
import type * as Schemas from "@effect-authlete/core/Schemas"
import type * as Ref from "effect/Ref"
import type { StoredProperty, TokenSnapshot } from "../AuthleteEmulator.js"
import type * as EmulatorSeed from "../EmulatorSeed.js"
import type { SigningKey } from "./crypto.js"
import { Sequence } from "./sequence.js"

/** Settings of the points the documentation leaves open, defaults filled in (see `EmulatorSeed.Settings`). */
export type Settings = typeof EmulatorSeed.Settings.Type

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

type Writable<A> = { -readonly [K in keyof A]: A[K] }

const noProperties: ReadonlyArray<StoredProperty> = Object.freeze([])

/**
 * The tokens: by access token hash and by refresh token hash, and in creation order per service, per client and per
 * (service, subject), each index changed by the write that changes a token. Scope lists and client identifiers are
 * shared between the records that have the same ones, subjects with their index entry; unset rare fields are not
 * stored. Mutable: only `insert`, `replace` and `remove` change it, inside the `Ref` update that commits the state.
 */
export class TokenStore {
  readonly byAccessTokenHash = new Map<string, TokenRecord>()
  readonly byRefreshTokenHash = new Map<string, TokenRecord>()
  readonly byService = new Map<string, Sequence<TokenRecord>>()
  readonly byClient = new Map<number, Sequence<TokenRecord>>()
  /** Service → subject → tokens; the key of the inner map is the subject string the records share. */
  readonly bySubject = new Map<string, Map<string, Sequence<TokenRecord>>>()
  private readonly scopeLists = new Map<string, ReadonlyArray<string>>()
  private readonly identifiers = new Map<string, string>()

  /** Stores a new record, whose hashes must be free. */
  add(record: Omit<TokenRecord, "seq">, seq: number): TokenRecord {
    const stored = this.compact(record, seq)
    this.byAccessTokenHash.set(stored.accessTokenHash, stored)
    if (stored.refreshTokenHash !== undefined) this.byRefreshTokenHash.set(stored.refreshTokenHash, stored)
    sequenceOf(this.byService, stored.serviceId).insert(stored)
    sequenceOf(this.byClient, stored.clientId).insert(stored)
    if (stored.subject !== undefined) this.subjectsOf(stored.serviceId).get(stored.subject)!.insert(stored)
    return stored
  }

  /** Removes a stored record from every index. */
  delete(record: TokenRecord): void {
    if (this.byAccessTokenHash.get(record.accessTokenHash) === record) {
      this.byAccessTokenHash.delete(record.accessTokenHash)
    }
    if (record.refreshTokenHash !== undefined && this.byRefreshTokenHash.get(record.refreshTokenHash) === record) {
      this.byRefreshTokenHash.delete(record.refreshTokenHash)
    }
    removeFrom(this.byService, record.serviceId, record.seq)
    removeFrom(this.byClient, record.clientId, record.seq)
    const subjects = this.bySubject.get(record.serviceId)
    if (record.subject !== undefined && subjects !== undefined) {
      removeFrom(subjects, record.subject, record.seq)
      if (subjects.size === 0) this.bySubject.delete(record.serviceId)
    }
  }

  /** The record with the fields of `record`, sharing what can be shared. */
  private compact(record: Omit<TokenRecord, "seq">, seq: number): TokenRecord {
    const stored: Writable<TokenRecord> = {
      seq,
      serviceId: record.serviceId,
      tokenId: record.tokenId,
      accessTokenHash: record.accessTokenHash,
      accessTokenExpiresAt: record.accessTokenExpiresAt,
      accessTokenPersistent: record.accessTokenPersistent,
      refreshTokenHash: record.refreshTokenHash,
      refreshTokenExpiresAt: record.refreshTokenExpiresAt,
      createdAt: record.createdAt,
      lastRefreshedAt: record.lastRefreshedAt,
      clientId: record.clientId,
      clientIdentifier: record.clientIdentifier === undefined ? undefined : this.identifier(record.clientIdentifier),
      subject: record.subject === undefined ? undefined : this.subject(record.serviceId, record.subject),
      grantType: record.grantType,
      scopes: this.scopeList(record.scopes),
      refreshTokenScopes: record.refreshTokenScopes === undefined
        ? undefined
        : this.scopeList(record.refreshTokenScopes),
      properties: record.properties.length === 0 ? noProperties : record.properties,
      tokenType: record.tokenType
    }
    // fields most tokens leave unset
    if (record.authorizationDetails !== undefined) stored.authorizationDetails = record.authorizationDetails
    if (record.resources !== undefined) stored.resources = record.resources
    if (record.certificateThumbprint !== undefined) stored.certificateThumbprint = record.certificateThumbprint
    if (record.dpopKeyThumbprint !== undefined) stored.dpopKeyThumbprint = record.dpopKeyThumbprint
    if (record.forExternalAttachment !== undefined) stored.forExternalAttachment = record.forExternalAttachment
    if (record.acr !== undefined) stored.acr = record.acr
    if (record.authTime !== undefined) stored.authTime = record.authTime
    if (record.sessionId !== undefined) stored.sessionId = record.sessionId
    return stored
  }

  private scopeList(scopes: ReadonlyArray<string>): ReadonlyArray<string> {
    const key = scopes.join("\u0000")
    const shared = this.scopeLists.get(key)
    if (shared !== undefined) return shared
    const list = Object.freeze(Array.from(scopes))
    this.scopeLists.set(key, list)
    return list
  }

  private identifier(identifier: string): string {
    const shared = this.identifiers.get(identifier)
    if (shared !== undefined) return shared
    this.identifiers.set(identifier, identifier)
    return identifier
  }

  /** The subject string shared by the tokens of the subject; creates its index entry. */
  private subject(serviceId: string, subject: string): string {
    const subjects = this.subjectsOf(serviceId)
    const sequence = subjects.get(subject)
    if (sequence !== undefined) return sequence.key
    subjects.set(subject, new Sequence(subject))
    return subject
  }

  private subjectsOf(serviceId: string): Map<string, Sequence<TokenRecord>> {
    let subjects = this.bySubject.get(serviceId)
    if (subjects === undefined) this.bySubject.set(serviceId, subjects = new Map())
    return subjects
  }
}

const sequenceOf = <K>(map: Map<K, Sequence<TokenRecord>>, key: K): Sequence<TokenRecord> => {
  let sequence = map.get(key)
  if (sequence === undefined) map.set(key, sequence = new Sequence())
  return sequence
}

const removeFrom = <K>(map: Map<K, Sequence<TokenRecord>>, key: K, seq: number): void => {
  const sequence = map.get(key)
  if (sequence !== undefined && sequence.remove(seq) && sequence.size === 0) map.delete(key)
}

export interface State {
  readonly services: ReadonlyMap<string, ServiceState>
  readonly clients: ReadonlyMap<number, ClientState>
  /** Bearer → the services it may act on. */
  readonly bearers: ReadonlyMap<string, ReadonlySet<string> | "*">
  /** The tokens and their indexes (see {@link TokenStore}). */
  readonly tokens: TokenStore
  readonly seq: number
  readonly internalErrors: ReadonlySet<Operation>
  /**
   * Milliseconds added to the `Clock` for every rule (the standalone server's `POST /_emulator/clock`): the instant of
   * a call is `Clock.currentTimeMillis` plus this. Kept by `restore`; 0 unless advanced.
   */
  readonly clockOffset: number
}

/** A fresh, empty state (each emulator owns its token store). */
export const emptyState = (): State => ({
  services: new Map(),
  clients: new Map(),
  bearers: new Map(),
  tokens: new TokenStore(),
  seq: 0,
  internalErrors: new Set(),
  clockOffset: 0
})

/** The emulator's instant: the `Clock` plus the offset the admin API advanced it by. */
export const nowOf = (state: State, clock: number): number => clock + state.clockOffset

// ---------------------------------------------------------------------------------------------------------------------
// lookups
// ---------------------------------------------------------------------------------------------------------------------

/** The record whose access token hash is `hash`. */
export const byAccessTokenHash = (state: State, hash: string): TokenRecord | undefined =>
  state.tokens.byAccessTokenHash.get(hash)

/** The first record stored under one of `hashes`. */
export const byAccessTokenHashes = (state: State, hashes: ReadonlyArray<string>): TokenRecord | undefined => {
  for (const hash of hashes) {
    const record = byAccessTokenHash(state, hash)
    if (record !== undefined) return record
  }
  return undefined
}

/** The record whose refresh token hash is `hash`. */
export const byRefreshTokenHash = (state: State, hash: string): TokenRecord | undefined =>
  state.tokens.byRefreshTokenHash.get(hash)

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
  serviceId === undefined
    ? Array.from(state.tokens.byService.values()).flatMap((sequence) => sequence.toArray()).sort((a, b) =>
      a.seq - b.seq
    )
    : state.tokens.byService.get(serviceId)?.toArray() ?? []

/** Number of tokens of a service (all services when `undefined`). */
export const countOf = (state: State, serviceId: string | undefined): number =>
  serviceId === undefined ? state.tokens.byAccessTokenHash.size : state.tokens.byService.get(serviceId)?.size ?? 0

/** A selection of tokens in creation order: its size, and the tokens at some positions. */
export interface Selection {
  readonly size: number
  readonly slice: (start: number, end: number) => ReadonlyArray<TokenRecord>
}

/** No tokens. */
export const noTokens: Selection = { size: 0, slice: () => [] }

const selectionOf = (records: Array<TokenRecord>): Selection => ({
  size: records.length,
  slice: (start, end) => records.slice(start, end)
})

/**
 * Tokens of a service, of one client and/or one subject when given, that `keep` keeps (all when `undefined`), in
 * creation order. From the index: with a single filter and no `keep` the index entry itself (a page costs the page),
 * otherwise the smaller entry filtered (a page costs the entry).
 */
export const tokensMatching = (
  state: State,
  serviceId: string,
  clientId: number | undefined,
  subject: string | undefined,
  keep?: (record: TokenRecord) => boolean
): Selection => {
  const { tokens } = state
  const byClient = clientId === undefined ? undefined : tokens.byClient.get(clientId)
  const bySubject = subject === undefined ? undefined : tokens.bySubject.get(serviceId)?.get(subject)
  if ((clientId !== undefined && byClient === undefined) || (subject !== undefined && bySubject === undefined)) {
    return noTokens
  }
  const candidates = byClient !== undefined && bySubject !== undefined
    ? (byClient.size <= bySubject.size ? byClient : bySubject)
    : byClient ?? bySubject ?? tokens.byService.get(serviceId)
  if (candidates === undefined) return noTokens
  const exact = byClient === undefined || bySubject === undefined
  if (exact && keep === undefined) return candidates
  return selectionOf(candidates.filter((record) =>
    record.serviceId === serviceId &&
    (clientId === undefined || record.clientId === clientId) &&
    (subject === undefined || record.subject === subject) &&
    (keep === undefined || keep(record))
  ))
}

/** Whether the access token is still valid at `now`. */
export const isUnexpired = (record: TokenRecord, now: number): boolean =>
  record.accessTokenPersistent || record.accessTokenExpiresAt > now

// ---------------------------------------------------------------------------------------------------------------------
// updates: each changes the token store in place and answers the state to commit; call them only inside the `Ref`
// update that commits their answer
// ---------------------------------------------------------------------------------------------------------------------

/** Stores a new record (its hashes must be free). */
export const insert = (state: State, record: Omit<TokenRecord, "seq">): State => {
  state.tokens.add(record, state.seq)
  return { ...state, seq: state.seq + 1 }
}

/** Stores several new records, in order (their hashes must be free and distinct). */
export const insertAll = (state: State, records: ReadonlyArray<Omit<TokenRecord, "seq">>): State => {
  let seq = state.seq
  for (const record of records) state.tokens.add(record, seq++)
  return { ...state, seq }
}

/** Replaces `previous` by `next` (the access token hash may change; the creation order stays). */
export const replace = (state: State, previous: TokenRecord, next: TokenRecord): State => {
  state.tokens.delete(previous)
  state.tokens.add(next, previous.seq)
  return { ...state }
}

/** Removes records, access and refresh token together. */
export const remove = (state: State, records: ReadonlyArray<TokenRecord>): State => {
  for (const record of records) state.tokens.delete(record)
  return { ...state }
}

/** Whether a hash is already taken by an access or a refresh token. */
export const isTaken = (state: State, hash: string): boolean =>
  state.tokens.byAccessTokenHash.has(hash) || state.tokens.byRefreshTokenHash.has(hash)

/** What every operation works with: the store, the settings, the instant of the call and the addressed service. */
export interface Env {
  readonly ref: Ref.Ref<State>
  readonly settings: Settings
  readonly now: number
  readonly service: ServiceState
}
