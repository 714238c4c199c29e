/** `POST /auth/token/update`: rules U1–U10. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Hashed } from "./crypto.js"
import { hashed, hashOf } from "./crypto.js"
import type { Rule, WireRequest } from "./request.js"
import type { Env, State, TokenRecord } from "./state.js"
import { byAccessTokenHash, byRefreshTokenHash, replace } from "./state.js"
import type { WireReply } from "./wire.js"
import { actionFailure, actionOk, distinct, given, propertiesOut, storedProperties } from "./wire.js"

type Request = WireRequest<"update">

/** U1: how the request names its token — the hashes to look up and where to look. */
interface Selector {
  readonly by: "accessToken" | "refreshToken"
  readonly hashes: ReadonlyArray<string>
  /** The raw access token, when the request gave it (U10 echoes it). */
  readonly rawAccessToken?: string | undefined
}

/**
 * U1: `accessToken` → `accessTokenHash` → `refreshToken` → `refreshTokenHash`. G4: a `…Hash` field is an identifier,
 * so it may hold the hash or the raw value.
 */
const selectorOf = (request: Request): Effect.Effect<Selector | undefined> => {
  if (given(request.accessToken)) {
    const raw = request.accessToken
    return Effect.map(hashOf(raw), (hash) => ({ by: "accessToken" as const, hashes: [hash], rawAccessToken: raw }))
  }
  const identifier = (by: Selector["by"], value: string) =>
    Effect.map(hashOf(value), (hash): Selector => ({ by, hashes: [value, hash] }))
  if (given(request.accessTokenHash)) return identifier("accessToken", request.accessTokenHash)
  if (given(request.refreshToken)) {
    return Effect.map(hashOf(request.refreshToken), (hash) => ({ by: "refreshToken" as const, hashes: [hash] }))
  }
  if (given(request.refreshTokenHash)) return identifier("refreshToken", request.refreshTokenHash)
  return Effect.succeed(undefined)
}

/** U1–U10. */
export const update: Rule<"update"> = {
  run: (env, request) =>
    Effect.flatMap(
      Effect.all([selectorOf(request), hashed()]),
      ([selector, fresh]) => Ref.modify(env.ref, (state) => decide(env, state, request, selector, fresh))
    ),
  invalid: (env, field) =>
    actionFailure(env.settings, "update", "BAD_REQUEST", "A135202", `The value of '${field}' is invalid.`),
  internalError: (env) =>
    actionFailure(env.settings, "update", "INTERNAL_SERVER_ERROR", "A135101", "Authlete Server error.")
}

const decide = (
  env: Env,
  state: State,
  request: Request,
  selector: Selector | undefined,
  fresh: Hashed
): readonly [WireReply, State] => {
  const refuse = (reply: WireReply): readonly [WireReply, State] => [reply, state]
  if (selector === undefined) {
    return refuse(
      actionFailure(
        env.settings,
        "update",
        "BAD_REQUEST",
        "A135201",
        "None of 'accessToken', 'accessTokenHash', 'refreshToken' and 'refreshTokenHash' is given."
      )
    )
  }
  const find = selector.by === "accessToken" ? byAccessTokenHash : byRefreshTokenHash
  const found = selector.hashes.map((hash) => find(state, hash)).find((record) => record !== undefined)
  if (found === undefined) {
    return refuse(actionFailure(env.settings, "update", "NOT_FOUND", "A135301", "The access token does not exist."))
  }
  if (found.serviceId !== env.service.serviceId) {
    return refuse(
      actionFailure(env.settings, "update", "FORBIDDEN", "A135302", "The access token belongs to another service.")
    )
  }
  const next = updated(env, state, found, request, fresh)
  const valueUpdated = request.accessTokenValueUpdated === true
  // U10
  const reply = actionOk("update", "A135001", "Updated the access token successfully.", {
    accessToken: valueUpdated ? fresh.value : selector.rawAccessToken,
    accessTokenExpiresAt: next.accessTokenExpiresAt,
    refreshTokenExpiresAt: next.refreshTokenHash === undefined ? undefined : next.refreshTokenExpiresAt,
    scopes: next.scopes,
    properties: propertiesOut(next.properties),
    authorizationDetails: next.authorizationDetails,
    tokenType: next.tokenType,
    forExternalAttachment: next.forExternalAttachment,
    tokenId: next.tokenId
  })
  return [reply, replace(state, found, next)]
}

const updated = (env: Env, state: State, record: TokenRecord, request: Request, fresh: Hashed): TokenRecord => {
  const { now, service } = env
  // U3: unsupported scopes and scopes the client may not request are dropped silently
  const allowed = state.clients.get(record.clientId)?.scopes
  const scopes = request.scopes === undefined
    ? record.scopes
    : distinct(request.scopes).filter((scope) => service.scopes.has(scope) && (allowed?.has(scope) ?? true))
  const scopesChanged = !sameSet(scopes, record.scopes)
  // U6: the smallest duration attribute among the new scopes, measured from now
  const durationFromScopes = (attribute: string, enabled: boolean | undefined): number | undefined => {
    if (enabled !== true || !scopesChanged) return undefined
    const durations = scopes.flatMap((scope) => {
      const value = Number(service.scopes.get(scope)?.[attribute])
      return Number.isFinite(value) && value > 0 ? [value] : []
    })
    return durations.length === 0 ? undefined : now + Math.min(...durations) * 1000
  }
  // U2, U6, U7
  let accessTokenPersistent = record.accessTokenPersistent
  let accessTokenExpiresAt = record.accessTokenExpiresAt
  if (request.accessTokenPersistent === true) {
    accessTokenPersistent = true
    accessTokenExpiresAt = 0
  } else {
    const expiresAt = instant(request.accessTokenExpiresAt) ??
      durationFromScopes("access_token.duration", request.accessTokenExpiresAtUpdatedOnScopeUpdate)
    if (expiresAt !== undefined) {
      accessTokenPersistent = false
      accessTokenExpiresAt = expiresAt
    } else if (request.accessTokenPersistent === false && record.accessTokenPersistent) {
      accessTokenPersistent = false
      accessTokenExpiresAt = now + service.accessTokenDuration * 1000
    }
  }
  let refreshTokenExpiresAt = record.refreshTokenExpiresAt
  if (record.refreshTokenHash !== undefined) {
    refreshTokenExpiresAt = instant(request.refreshTokenExpiresAt) ??
      durationFromScopes("refresh_token.duration", request.refreshTokenExpiresAtUpdatedOnScopeUpdate) ??
      refreshTokenExpiresAt
  }
  return {
    ...record,
    // U8
    accessTokenHash: request.accessTokenValueUpdated === true ? fresh.hash : record.accessTokenHash,
    accessTokenExpiresAt,
    accessTokenPersistent,
    refreshTokenExpiresAt,
    scopes,
    // U4, U5
    properties: request.properties === undefined ? record.properties : storedProperties(request.properties),
    authorizationDetails: request.authorizationDetails ?? record.authorizationDetails,
    // U9
    certificateThumbprint: request.certificateThumbprint ?? record.certificateThumbprint,
    dpopKeyThumbprint: request.dpopKeyThumbprint ?? record.dpopKeyThumbprint,
    tokenType: given(request.dpopKeyThumbprint) ? "DPoP" : record.tokenType,
    forExternalAttachment: request.forExternalAttachment ?? record.forExternalAttachment,
    tokenId: request.tokenId ?? record.tokenId
  }
}

/** U2: an instant > 0 changes the expiry; 0, negative or absent leaves it. */
const instant = (value: number | undefined): number | undefined => value !== undefined && value > 0 ? value : undefined

const sameSet = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((item) => b.includes(item))
