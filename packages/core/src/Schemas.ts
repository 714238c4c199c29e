/**
 * Schemas of every request and response of Authlete's six token-management operations.
 *
 * Requests are plain structs: what the caller writes is what is validated and sent, optional fields are left out of
 * the JSON body when absent. Responses are classes that decode leniently: `null` in an optional field reads as absent
 * and unknown fields are ignored. Token values in responses decode to `Redacted` so they cannot leak through logs;
 * token values in requests may be given either as a plain string or as a `Redacted`.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { isWellFormed, notWellFormed } from "./internal/wellFormed.js"

// ---------------------------------------------------------------------------------------------------------------------
// building blocks
// ---------------------------------------------------------------------------------------------------------------------

/** An optional response field: absent, `undefined` and `null` all decode to absent. */
const received = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { nullable: true })

/** An optional request field: left out of the JSON body when absent. */
const sent = <S extends Schema.Schema.All>(schema: S) => Schema.optional(schema)

/**
 * A secret string sent to Authlete (a token value or an identifier that may be one): accepts a plain string or a
 * `Redacted<string>` and encodes to the plain string.
 *
 * @since 0.1.0
 * @category models
 */
export const SecretInput: Schema.Schema<string | Redacted.Redacted<string>, string> = Schema.transform(
  Schema.String,
  Schema.Union(Schema.RedactedFromSelf(Schema.String), Schema.String),
  {
    strict: true,
    decode: (value) => value,
    encode: (value) => Redacted.isRedacted(value) ? Redacted.value(value) : value
  }
).annotations({ identifier: "SecretInput" })

/**
 * A secret string received from Authlete (a token value, an ID token, a token response): decoded as `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export const SecretOutput: Schema.Schema<Redacted.Redacted<string>, string> = Schema.Redacted(Schema.String)

/**
 * Reads the plain string of a {@link SecretInput} value.
 *
 * @since 0.1.0
 * @category utils
 */
export const secretValue = (value: string | Redacted.Redacted<string>): string =>
  Redacted.isRedacted(value) ? Redacted.value(value) : value

/** `.` and `..` are dropped or climbed by URL resolution, even percent-encoded: never a path segment of ours. */
const isDotSegment = (value: string) => value === "." || value === ".."

const NonEmptySecretInput = SecretInput.pipe(
  Schema.filter((value) => secretValue(value).length > 0, { message: () => "must not be empty" }),
  Schema.filter((value) => !isDotSegment(secretValue(value)), {
    message: () => "must not be \".\" or \"..\": the URL would lose that path segment"
  }),
  Schema.filter((value) => isWellFormed(secretValue(value)), { message: () => notWellFormed })
)

/** Text sent in a URL (a query parameter): well-formed, or it would be mangled. */
const UrlText = Schema.String.pipe(Schema.filter(isWellFormed, { message: () => notWellFormed }))

/** A 64-bit integer field of a request (ids, durations, instants): a safe integer. */
const Int64 = Schema.Int.annotations({ identifier: "Int64" })

/** A 32-bit non-negative integer, as `start`/`end` of `list`. */
const Index32 = Schema.Int.pipe(Schema.between(0, 2_147_483_647)).annotations({ identifier: "Index32" })

// ---------------------------------------------------------------------------------------------------------------------
// enumerations
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The grant types Authlete records on a token.
 *
 * @since 0.1.0
 * @category models
 */
export const GrantType = Schema.Literal(
  "AUTHORIZATION_CODE",
  "IMPLICIT",
  "PASSWORD",
  "CLIENT_CREDENTIALS",
  "REFRESH_TOKEN",
  "CIBA",
  "DEVICE_CODE",
  "TOKEN_EXCHANGE",
  "JWT_BEARER",
  "PRE_AUTHORIZED_CODE"
)

/**
 * A grant type, as decoded.
 *
 * @since 0.1.0
 * @category models
 */
export type GrantType = typeof GrantType.Type

/**
 * The OAuth client types.
 *
 * @since 0.1.0
 * @category models
 */
export const ClientType = Schema.Literal("PUBLIC", "CONFIDENTIAL")

/**
 * A client type, as decoded.
 *
 * @since 0.1.0
 * @category models
 */
export type ClientType = typeof ClientType.Type

/**
 * `tokenStatus` filter of `list`: unexpired, expired or all tokens.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenStatus = Schema.Literal("VALID", "INVALID", "ALL")

/**
 * A `tokenStatus` filter value.
 *
 * @since 0.1.0
 * @category models
 */
export type TokenStatus = typeof TokenStatus.Type

/**
 * `action` of a `create` response.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenCreateAction = Schema.Literal("INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "OK")

/**
 * `action` of an `update` response.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenUpdateAction = Schema.Literal("INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "OK")

/**
 * `action` of a `reissueIdToken` response.
 *
 * @since 0.1.0
 * @category models
 */
export const IdTokenReissueAction = Schema.Literal("OK", "INTERNAL_SERVER_ERROR", "CALLER_ERROR")

// ---------------------------------------------------------------------------------------------------------------------
// shared models
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An extra property stored with a token. Hidden properties never reach the client application.
 *
 * @since 0.1.0
 * @category models
 */
export class Property extends Schema.Class<Property>("Property")({
  key: received(Schema.String),
  value: received(Schema.String),
  hidden: received(Schema.Boolean)
}) {}

/**
 * One element of RFC 9396 `authorization_details`.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthorizationDetailsElement
  extends Schema.Class<AuthorizationDetailsElement>("AuthorizationDetailsElement")({
    type: Schema.String,
    locations: received(Schema.Array(Schema.String)),
    actions: received(Schema.Array(Schema.String)),
    dataTypes: received(Schema.Array(Schema.String)),
    identifier: received(Schema.String),
    privileges: received(Schema.Array(Schema.String)),
    otherFields: received(Schema.String)
  })
{}

/**
 * Authorization details as Authlete's API carries them: an object with an `elements` array.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthzDetails extends Schema.Class<AuthzDetails>("AuthzDetails")({
  elements: received(Schema.Array(AuthorizationDetailsElement))
}) {}

/**
 * A language-tagged string.
 *
 * @since 0.1.0
 * @category models
 */
export class TaggedValue extends Schema.Class<TaggedValue>("TaggedValue")({
  tag: received(Schema.String),
  value: received(Schema.String)
}) {}

/**
 * The subset of a client that `list` returns when it is filtered by client.
 *
 * @since 0.1.0
 * @category models
 */
export class ClientLimited extends Schema.Class<ClientLimited>("ClientLimited")({
  number: received(Schema.Number),
  clientName: received(Schema.String),
  clientNames: received(Schema.Array(TaggedValue)),
  description: received(Schema.String),
  descriptions: received(Schema.Array(TaggedValue)),
  clientId: received(Schema.Number),
  clientIdAlias: received(Schema.String),
  clientIdAliasEnabled: received(Schema.Boolean),
  clientType: received(ClientType)
}) {}

/**
 * A token as `list` reports it: hashes only, never raw values. Instants are milliseconds since the epoch.
 *
 * @since 0.1.0
 * @category models
 */
export class AccessToken extends Schema.Class<AccessToken>("AccessToken")({
  accessTokenHash: received(Schema.String),
  accessTokenExpiresAt: received(Schema.Number),
  refreshTokenHash: received(Schema.String),
  refreshTokenExpiresAt: received(Schema.Number),
  createdAt: received(Schema.Number),
  lastRefreshedAt: received(Schema.Number),
  clientId: received(Schema.Number),
  subject: received(Schema.String),
  grantType: received(GrantType),
  scopes: received(Schema.Array(Schema.String)),
  properties: received(Schema.Array(Property)),
  refreshTokenScopes: received(Schema.Array(Schema.String))
}) {}

/**
 * The body of every 400/401/403/500 answer.
 *
 * @since 0.1.0
 * @category models
 */
export class Result extends Schema.Class<Result>("Result")({
  resultCode: received(Schema.String),
  resultMessage: received(Schema.String)
}) {}

/** A property as the caller sends it: plain struct, so literals work. */
const PropertyInput = Schema.Struct({
  key: sent(Schema.String),
  value: sent(Schema.String),
  hidden: sent(Schema.Boolean)
})

const AuthorizationDetailsElementInput = Schema.Struct({
  type: Schema.String,
  locations: sent(Schema.Array(Schema.String)),
  actions: sent(Schema.Array(Schema.String)),
  dataTypes: sent(Schema.Array(Schema.String)),
  identifier: sent(Schema.String),
  privileges: sent(Schema.Array(Schema.String)),
  otherFields: sent(Schema.String)
})

const AuthzDetailsInput = Schema.Struct({
  elements: sent(Schema.Array(AuthorizationDetailsElementInput))
})

// ---------------------------------------------------------------------------------------------------------------------
// reissueIdToken
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Body of `POST /api/{serviceId}/idtoken/reissue`.
 *
 * @since 0.1.0
 * @category models
 */
export const IdTokenReissueRequest = Schema.Struct({
  /** The `jwtAccessToken` from the `/auth/token` response if present, otherwise its `accessToken`. */
  accessToken: SecretInput,
  /** The `refreshToken` from the `/auth/token` response. */
  refreshToken: SecretInput,
  /** `sub` of the new ID token; defaults to the subject bound to the access token. */
  sub: sent(Schema.String),
  /** A JSON object, as text, merged into the ID token payload. */
  claims: sent(Schema.String),
  /** A JSON object, as text, merged into the ID token's JWS header. */
  idtHeaderParams: sent(Schema.String),
  /** `"array"` (default) or `"string"`: the shape of `aud`. */
  idTokenAudType: sent(Schema.String)
}).annotations({ identifier: "IdTokenReissueRequest" })

/**
 * What `reissueIdToken` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdTokenReissueRequest extends Schema.Schema.Type<typeof IdTokenReissueRequest> {}

/**
 * Answer of `reissueIdToken`. `responseContent` is the token endpoint's response body, to be sent verbatim.
 *
 * @since 0.1.0
 * @category models
 */
export class IdTokenReissueResponse extends Schema.Class<IdTokenReissueResponse>("IdTokenReissueResponse")({
  resultCode: received(Schema.String),
  resultMessage: received(Schema.String),
  action: received(IdTokenReissueAction),
  responseContent: received(SecretOutput),
  idToken: received(SecretOutput)
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Query of `GET /api/{serviceId}/auth/token/get/list`. `start` is inclusive (default 0), `end` exclusive (default 5).
 *
 * @since 0.1.0
 * @category models
 */
export const TokenListRequest = Schema.Struct({
  /** Client ID or client ID alias to filter on. */
  clientIdentifier: sent(UrlText),
  /** End-user subject to filter on. */
  subject: sent(UrlText),
  /** First index, inclusive. */
  start: sent(Index32),
  /** Last index, exclusive. */
  end: sent(Index32),
  /** Unexpired (`VALID`), expired (`INVALID`) or all (`ALL`) tokens. */
  tokenStatus: sent(TokenStatus)
}).pipe(
  Schema.filter((request) =>
    request.start === undefined || request.end === undefined || request.start <= request.end
      ? undefined
      : { path: ["end"], message: "end must not be less than start" }
  ),
  Schema.annotations({ identifier: "TokenListRequest" })
)

/**
 * What `list` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenListRequest extends Schema.Schema.Type<typeof TokenListRequest> {}

/**
 * One page of `list`. `totalCount` counts every token matching the filter, before slicing.
 *
 * @since 0.1.0
 * @category models
 */
export class TokenListResponse extends Schema.Class<TokenListResponse>("TokenListResponse")({
  start: received(Schema.Number),
  end: received(Schema.Number),
  totalCount: received(Schema.Number),
  client: received(ClientLimited),
  subject: received(Schema.String),
  accessTokens: received(Schema.Array(AccessToken))
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Body of `POST /api/{serviceId}/auth/token/create`. Give the client by `clientId` or by `clientIdentifier`.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenCreateRequest = Schema.Struct({
  /** Grant type recorded on the token (`REFRESH_TOKEN` is refused by Authlete). */
  grantType: GrantType,
  /** Numeric ID of the client the token is bound to. */
  clientId: sent(Int64),
  /** Client ID or alias, as an alternative to `clientId`. */
  clientIdentifier: sent(Schema.String),
  /** Subject of the resource owner; required unless the grant is `CLIENT_CREDENTIALS` or `JWT_BEARER`. */
  subject: sent(Schema.String),
  /** Scopes to attach; all must be supported by the service. */
  scopes: sent(Schema.Array(Schema.String)),
  /** Access token lifetime in seconds; 0 or absent means the service's default. */
  accessTokenDuration: sent(Int64),
  /** Refresh token lifetime in seconds; 0 or absent means the service's default. */
  refreshTokenDuration: sent(Int64),
  /** Extra properties stored with the token. */
  properties: sent(Schema.Array(PropertyInput)),
  /** Behave as if the client ID alias had been used. */
  clientIdAliasUsed: sent(Schema.Boolean),
  /** Behave as if the client's entity ID had been used. */
  clientEntityIdUsed: sent(Schema.Boolean),
  /** Use this access token value instead of generating one. */
  accessToken: sent(SecretInput),
  /** Use this refresh token value instead of generating one. */
  refreshToken: sent(SecretInput),
  /** The access token never expires; `accessTokenDuration` is ignored. */
  accessTokenPersistent: sent(Schema.Boolean),
  /** Base64url SHA-256 thumbprint of the client certificate the token is bound to. */
  certificateThumbprint: sent(Schema.String),
  /** JWK thumbprint of the DPoP key the token is bound to. */
  dpopKeyThumbprint: sent(Schema.String),
  /** RAR authorization details to attach. */
  authorizationDetails: sent(AuthzDetailsInput),
  /** RFC 8707 resources to attach. */
  resources: sent(Schema.Array(Schema.String)),
  /** The token is for an OIDC4IDA external attachment. */
  forExternalAttachment: sent(Schema.Boolean),
  /** JSON object, as text, added to the payload of a JWT access token. */
  jwtAtClaims: sent(Schema.String),
  /** Authentication context class reference of the user authentication. */
  acr: sent(Schema.String),
  /** Time of the user authentication, in seconds since the epoch. */
  authTime: sent(Int64.pipe(Schema.nonNegative())),
  /** The user's authentication session ID. */
  sessionId: sent(Schema.String)
}).annotations({ identifier: "TokenCreateRequest" })

/**
 * What `create` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenCreateRequest extends Schema.Schema.Type<typeof TokenCreateRequest> {}

/**
 * Answer of `create`. Read `action` first: only `OK` carries a token.
 *
 * @since 0.1.0
 * @category models
 */
export class TokenCreateResponse extends Schema.Class<TokenCreateResponse>("TokenCreateResponse")({
  resultCode: received(Schema.String),
  resultMessage: received(Schema.String),
  action: received(TokenCreateAction),
  accessToken: received(SecretOutput),
  clientId: received(Schema.Number),
  expiresAt: received(Schema.Number),
  expiresIn: received(Schema.Number),
  grantType: received(Schema.String),
  properties: received(Schema.Array(Property)),
  refreshToken: received(SecretOutput),
  scopes: received(Schema.Array(Schema.String)),
  subject: received(Schema.String),
  tokenType: received(Schema.String),
  jwtAccessToken: received(SecretOutput),
  authorizationDetails: received(AuthzDetails),
  forExternalAttachment: received(Schema.Boolean),
  tokenId: received(Schema.String),
  refreshTokenScopes: received(Schema.Array(Schema.String)),
  clientIdentifier: received(Schema.String),
  sessionId: received(Schema.String)
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Body of `POST /api/{serviceId}/auth/token/update`. Select the token by `accessToken`, `accessTokenHash`,
 * `refreshToken` or `refreshTokenHash` (the first given wins).
 *
 * @since 0.1.0
 * @category models
 */
export const TokenUpdateRequest = Schema.Struct({
  /** The access token to update (raw value); takes precedence over `accessTokenHash`. */
  accessToken: sent(SecretInput),
  /** Hash of the access token, when only the hash is known (the raw value is accepted too). */
  accessTokenHash: sent(Schema.String),
  /** The token's refresh token (raw value), when the access token is not at hand. */
  refreshToken: sent(SecretInput),
  /** Hash of the refresh token (the raw value is accepted too). */
  refreshTokenHash: sent(Schema.String),
  /** New access token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged. */
  accessTokenExpiresAt: sent(Int64),
  /** New refresh token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged. */
  refreshTokenExpiresAt: sent(Int64),
  /** New scope set; absent leaves it unchanged. */
  scopes: sent(Schema.Array(Schema.String)),
  /** New property set; absent leaves it unchanged. */
  properties: sent(Schema.Array(PropertyInput)),
  /** Recompute the access token expiry from the new scopes' `access_token.duration` attribute. */
  accessTokenExpiresAtUpdatedOnScopeUpdate: sent(Schema.Boolean),
  /** Recompute the refresh token expiry from the new scopes' `refresh_token.duration` attribute. */
  refreshTokenExpiresAtUpdatedOnScopeUpdate: sent(Schema.Boolean),
  /** The access token never expires; `accessTokenExpiresAt` is ignored. */
  accessTokenPersistent: sent(Schema.Boolean),
  /** Generate a new access token value and return it. */
  accessTokenValueUpdated: sent(Schema.Boolean),
  /** Base64url SHA-256 thumbprint of the client certificate the token is bound to. */
  certificateThumbprint: sent(Schema.String),
  /** JWK thumbprint of the DPoP key the token is bound to. */
  dpopKeyThumbprint: sent(Schema.String),
  /** New authorization details; absent leaves them unchanged. */
  authorizationDetails: sent(AuthzDetailsInput),
  /** The token is for an OIDC4IDA external attachment. */
  forExternalAttachment: sent(Schema.Boolean),
  /** Token identifier. */
  tokenId: sent(Schema.String)
}).pipe(
  Schema.filter((request) =>
    request.accessToken !== undefined || request.accessTokenHash !== undefined ||
      request.refreshToken !== undefined || request.refreshTokenHash !== undefined
      ? undefined
      : {
        path: ["accessToken"],
        message: "give accessToken, accessTokenHash, refreshToken or refreshTokenHash to name the token"
      }
  ),
  Schema.annotations({ identifier: "TokenUpdateRequest" })
)

/**
 * What `update` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenUpdateRequest extends Schema.Schema.Type<typeof TokenUpdateRequest> {}

/**
 * Answer of `update`. Read `action` first: `NOT_FOUND` means no such token.
 *
 * @since 0.1.0
 * @category models
 */
export class TokenUpdateResponse extends Schema.Class<TokenUpdateResponse>("TokenUpdateResponse")({
  resultCode: received(Schema.String),
  resultMessage: received(Schema.String),
  action: received(TokenUpdateAction),
  accessToken: received(SecretOutput),
  accessTokenExpiresAt: received(Schema.Number),
  refreshTokenExpiresAt: received(Schema.Number),
  scopes: received(Schema.Array(Schema.String)),
  properties: received(Schema.Array(Property)),
  authorizationDetails: received(AuthzDetails),
  tokenType: received(Schema.String),
  forExternalAttachment: received(Schema.Boolean),
  tokenId: received(Schema.String)
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Target of `DELETE /api/{serviceId}/auth/token/delete/{accessTokenIdentifier}`.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenDeleteRequest = Schema.Struct({
  /** The raw access token or its hash. */
  accessTokenIdentifier: NonEmptySecretInput
}).annotations({ identifier: "TokenDeleteRequest" })

/**
 * What `delete` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenDeleteRequest extends Schema.Schema.Type<typeof TokenDeleteRequest> {}

// ---------------------------------------------------------------------------------------------------------------------
// revoke
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Body of `POST /api/{serviceId}/auth/token/revoke`. The first matching rule wins: access token, refresh token,
 * client and subject, client, subject.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenRevokeRequest = Schema.Struct({
  /** Raw access token or its hash. */
  accessTokenIdentifier: sent(SecretInput),
  /** Raw refresh token or its hash. */
  refreshTokenIdentifier: sent(SecretInput),
  /** Client ID or client ID alias. */
  clientIdentifier: sent(Schema.String),
  /** Subject of the resource owner. */
  subject: sent(Schema.String)
}).pipe(
  Schema.filter((request) =>
    request.accessTokenIdentifier !== undefined || request.refreshTokenIdentifier !== undefined ||
      request.clientIdentifier !== undefined || request.subject !== undefined
      ? undefined
      : "give at least one of accessTokenIdentifier, refreshTokenIdentifier, clientIdentifier, subject"
  ),
  Schema.annotations({ identifier: "TokenRevokeRequest" })
)

/**
 * What `revoke` takes.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenRevokeRequest extends Schema.Schema.Type<typeof TokenRevokeRequest> {}

/**
 * Answer of `revoke`: how many tokens were revoked (bulk revocation stops at a server cap, 20 by default).
 *
 * @since 0.1.0
 * @category models
 */
export class TokenRevokeResponse extends Schema.Class<TokenRevokeResponse>("TokenRevokeResponse")({
  resultCode: received(Schema.String),
  resultMessage: received(Schema.String),
  count: received(Schema.Number)
}) {}
