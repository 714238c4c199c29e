/** `POST /auth/token/create`: rules C1–C11. */
import type * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Hashed } from "./crypto.js"
import { hashed, hashedValue, randomValue, sign } from "./crypto.js"
import type { Rule, WireRequest } from "./request.js"
import type { ClientState, Env, State, TokenRecord } from "./state.js"
import { anyClientOf, clientOf, insert, isTaken } from "./state.js"
import type { WireReply } from "./wire.js"
import { actionFailure, actionOk, distinct, given, parseJsonObject, propertiesOut, storedProperties } from "./wire.js"

type Request = WireRequest<"create">

/** The grant types and the OAuth names the success message uses. */
const oauthGrantType: Record<Schemas.GrantType, string> = {
  AUTHORIZATION_CODE: "authorization_code",
  IMPLICIT: "implicit",
  PASSWORD: "password",
  CLIENT_CREDENTIALS: "client_credentials",
  REFRESH_TOKEN: "refresh_token",
  CIBA: "urn:openid:params:grant-type:ciba",
  DEVICE_CODE: "urn:ietf:params:oauth:grant-type:device_code",
  TOKEN_EXCHANGE: "urn:ietf:params:oauth:grant-type:token-exchange",
  JWT_BEARER: "urn:ietf:params:oauth:grant-type:jwt-bearer",
  PRE_AUTHORIZED_CODE: "urn:ietf:params:oauth:grant-type:pre-authorized_code"
}

const isGrantType = (value: string): value is Schemas.GrantType => Object.hasOwn(oauthGrantType, value)

/** C6: grants that never carry a refresh token. */
const withoutRefreshToken: ReadonlySet<Schemas.GrantType> = new Set(["IMPLICIT", "CLIENT_CREDENTIALS"])

/** C3: subjects are printable ASCII, at most 100 characters. */
const isValidSubject = (subject: string): boolean => subject.length <= 100 && /^[\x20-\x7e]+$/.test(subject)

/** C5/C6: a duration > 0 given in the request, else the service's. */
const positiveOr = (value: number | undefined, fallback: number): number =>
  value !== undefined && value > 0 ? value : fallback

/** The values a create needs that take I/O: token values (given or fresh) and their hashes. */
interface Prepared {
  readonly accessToken: Hashed
  readonly refreshToken: Hashed
}

/** What the locked part of a create decides: an answer, and the record when one was stored. */
export interface Decision {
  readonly reply: WireReply
  readonly record?: TokenRecord | undefined
  readonly jwtAtClaims?: Readonly<Record<string, unknown>> | undefined
}

/** C1–C11. */
export const create: Rule<"create"> = {
  run: (env, request) =>
    Effect.all({
      accessToken: hashed(given(request.accessToken) ? request.accessToken : undefined),
      refreshToken: hashed(given(request.refreshToken) ? request.refreshToken : undefined)
    }).pipe(
      Effect.flatMap((prepared) => Ref.modify(env.ref, (state) => decide(env, state, request, prepared))),
      Effect.flatMap((decision) => withJwtAccessToken(env, decision))
    ),
  invalid: (env, field) => badRequest(env, "A109214", `The value of '${field}' is invalid.`),
  internalError: (env) =>
    actionFailure(env.settings, "create", "INTERNAL_SERVER_ERROR", "A109101", "Authlete Server error.")
}

/**
 * C1–C10 inside the caller's `Ref` update, for seeding many tokens in one update: the decision and the state after it.
 * Hashing is synchronous; no JWT access token is signed (seeding does not answer it).
 */
export const createNow = (env: Env, state: State, request: Request): readonly [Decision, State] =>
  decide(env, state, request, {
    accessToken: hashedValue(given(request.accessToken) ? request.accessToken : undefined),
    refreshToken: hashedValue(given(request.refreshToken) ? request.refreshToken : undefined)
  })

const badRequest = (env: Env, code: string, text: string) =>
  actionFailure(env.settings, "create", "BAD_REQUEST", code, text)

const decide = (env: Env, state: State, request: Request, prepared: Prepared): readonly [Decision, State] => {
  const refuse = (reply: WireReply): readonly [Decision, State] => [{ reply }, state]
  const { service, now } = env
  // C1
  if (!given(request.grantType)) return refuse(badRequest(env, "A109201", "The value of 'grantType' is missing."))
  const grantType = request.grantType
  if (!isGrantType(grantType)) {
    return refuse(badRequest(env, "A109202", `The grant type '${grantType}' is not supported.`))
  }
  if (grantType === "REFRESH_TOKEN") {
    return refuse(badRequest(env, "A109203", "REFRESH_TOKEN cannot be used as the grant type of a new token."))
  }
  // C2
  const identifier = request.clientId ?? request.clientIdentifier
  if (identifier === undefined || identifier === "") {
    return refuse(badRequest(env, "A109204", "Neither 'clientId' nor 'clientIdentifier' is given."))
  }
  const client = clientOf(state, service.serviceId, identifier)
  if (client === undefined) {
    return refuse(
      anyClientOf(state, identifier) === undefined
        ? badRequest(env, "A109205", "No client has the given identifier.")
        : actionFailure(
          env.settings,
          "create",
          "FORBIDDEN",
          "A109301",
          `The client does not belong to the service (ID = ${service.serviceId}).`
        )
    )
  }
  if (request.clientIdAliasUsed === true && request.clientEntityIdUsed === true) {
    return refuse(
      badRequest(env, "A109206", "'clientIdAliasUsed' and 'clientEntityIdUsed' cannot both be true.")
    )
  }
  // C3
  let subject: string | undefined
  if (grantType !== "CLIENT_CREDENTIALS") {
    if (given(request.subject)) subject = request.subject
    else if (grantType !== "JWT_BEARER") {
      return refuse(badRequest(env, "A109207", "The value of 'subject' is missing."))
    }
  }
  if (subject !== undefined && !isValidSubject(subject)) {
    return refuse(badRequest(env, "A109208", "The subject must be ASCII and at most 100 characters long."))
  }
  // C4
  const scopes = distinct(request.scopes ?? [])
  const unsupported = scopes.find((scope) => !service.scopes.has(scope))
  if (unsupported !== undefined) {
    return refuse(badRequest(env, "A109209", `The scope '${unsupported}' is not supported by the service.`))
  }
  if ((request.accessTokenDuration ?? 0) < 0 || (request.refreshTokenDuration ?? 0) < 0) {
    return refuse(badRequest(env, "A109210", "Token durations must not be negative."))
  }
  if ((request.authTime ?? 0) < 0) return refuse(badRequest(env, "A109215", "'authTime' must not be negative."))
  // C7
  if (isTaken(state, prepared.accessToken.hash)) {
    return refuse(badRequest(env, "A109211", "The access token already exists."))
  }
  // C6
  const refreshable = !withoutRefreshToken.has(grantType) && service.supportedGrantTypes.has("REFRESH_TOKEN")
  if (refreshable && isTaken(state, prepared.refreshToken.hash)) {
    return refuse(badRequest(env, "A109212", "The refresh token already exists."))
  }
  let jwtAtClaims: Readonly<Record<string, unknown>> | undefined
  if (service.jwtAccessToken && request.jwtAtClaims !== undefined) {
    jwtAtClaims = parseJsonObject(request.jwtAtClaims)
    if (jwtAtClaims === undefined) {
      return refuse(badRequest(env, "A109213", "'jwtAtClaims' is not a JSON object."))
    }
  }
  // C5
  const persistent = request.accessTokenPersistent === true
  const accessTokenDuration = positiveOr(request.accessTokenDuration, service.accessTokenDuration)
  const refreshTokenDuration = positiveOr(request.refreshTokenDuration, service.refreshTokenDuration)
  const record: Omit<TokenRecord, "seq"> = {
    serviceId: service.serviceId,
    tokenId: randomValue(),
    accessTokenHash: prepared.accessToken.hash,
    accessTokenExpiresAt: persistent ? 0 : now + accessTokenDuration * 1000,
    accessTokenPersistent: persistent,
    refreshTokenHash: refreshable ? prepared.refreshToken.hash : undefined,
    refreshTokenExpiresAt: refreshable ? now + refreshTokenDuration * 1000 : 0,
    createdAt: now, // C10
    lastRefreshedAt: 0,
    clientId: client.clientId,
    clientIdentifier: clientIdentifierOf(client, request),
    subject,
    grantType,
    scopes,
    refreshTokenScopes: refreshable ? scopes : undefined,
    properties: storedProperties(request.properties ?? []),
    tokenType: given(request.dpopKeyThumbprint) ? "DPoP" : "Bearer", // C8
    authorizationDetails: request.authorizationDetails,
    resources: request.resources,
    certificateThumbprint: request.certificateThumbprint,
    dpopKeyThumbprint: request.dpopKeyThumbprint,
    forExternalAttachment: request.forExternalAttachment,
    acr: subject === undefined ? undefined : request.acr,
    authTime: subject === undefined ? undefined : request.authTime,
    sessionId: request.sessionId
  }
  const stored: TokenRecord = { ...record, seq: state.seq }
  // C11
  const reply = actionOk(
    "create",
    "A109001",
    `An access token was created successfully: ${oauthGrantType[grantType]}, client = ${client.clientId}`,
    {
      accessToken: prepared.accessToken.value,
      clientId: client.clientId,
      expiresAt: record.accessTokenExpiresAt,
      expiresIn: persistent ? 0 : accessTokenDuration,
      grantType,
      properties: propertiesOut(record.properties),
      refreshToken: refreshable ? prepared.refreshToken.value : undefined,
      refreshTokenScopes: record.refreshTokenScopes,
      scopes,
      subject,
      tokenType: record.tokenType,
      authorizationDetails: record.authorizationDetails,
      forExternalAttachment: record.forExternalAttachment,
      tokenId: record.tokenId,
      clientIdentifier: record.clientIdentifier,
      sessionId: record.sessionId
    }
  )
  return [{ reply, record: stored, jwtAtClaims }, insert(state, record)]
}

/** The client identifier recorded with the token: as given, else the alias when its use is claimed, else the ID. */
const clientIdentifierOf = (client: ClientState, request: Request): string =>
  request.clientIdentifier ??
    (request.clientIdAliasUsed === true && client.clientIdAlias !== undefined
      ? client.clientIdAlias
      : String(client.clientId))

/**
 * C9: a service that issues JWT access tokens also answers `jwtAccessToken`, signed with the service key. Its `jti` is
 * the access token hash, which is how `reissueIdToken` finds the token from a JWT.
 */
const withJwtAccessToken = (env: Env, decision: Decision): Effect.Effect<WireReply> => {
  const { record } = decision
  if (!env.service.jwtAccessToken || record === undefined) return Effect.succeed(decision.reply)
  const iat = Math.floor(env.now / 1000)
  const payload = {
    ...decision.jwtAtClaims,
    iss: env.service.issuer,
    sub: record.subject,
    client_id: String(record.clientId),
    scope: record.scopes.join(" "),
    iat,
    exp: record.accessTokenPersistent ? undefined : Math.floor(record.accessTokenExpiresAt / 1000),
    jti: record.accessTokenHash
  }
  return sign(env.service.key, "at+jwt", {}, payload).pipe(
    Effect.orDie,
    Effect.map((jwt) => ({ ...decision.reply, body: { ...decision.reply.body, jwtAccessToken: jwt } }))
  )
}
