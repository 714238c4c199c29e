/**
 * Schemas of every request and response of Authlete's token-management operations and of token introspection.
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
import type { Codec } from "./internal/schema.js"
import {
  checked,
  identified,
  intBetween,
  literals,
  nonNegativeInt,
  received,
  redactedString,
  refined,
  secretInput,
  sent
} from "./internal/schema.js"
import { isWellFormed, notWellFormed } from "./internal/wellFormed.js"

// ---------------------------------------------------------------------------------------------------------------------
// building blocks
// ---------------------------------------------------------------------------------------------------------------------

// Both editions compile this file; what Effect 3 and Effect 4 spell differently (an optional field `received` or
// `sent`, a refinement, an identifier) comes from the edition's `internal/schema.ts`.
//
// Every field's description is its TSDoc (for hover in editors) and its entry in `SchemaDescriptions` (for the CLI,
// JSON Schema, the API reference): not an annotation, so that a client's bundle does not carry the text.
// `test/descriptions.test.ts` checks that the two agree and that every field has its entry.

/**
 * A secret string sent to Authlete (a token value or an identifier that may be one): accepts a plain string or a
 * `Redacted<string>` and encodes to the plain string.
 *
 * @since 0.1.0
 * @category models
 */
export const SecretInput: Codec<string | Redacted.Redacted<string>, string> = secretInput

/**
 * A secret string received from Authlete (a token value, an ID token, a token response): decoded as `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export const SecretOutput: Codec<Redacted.Redacted<string>, string> = redactedString

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

/** A secret sent in a URL path: not empty. */
const NonEmptySecret = refined(SecretInput, (value) => secretValue(value).length > 0, "must not be empty")

/** A secret that can be a whole URL path segment: not `.` or `..`. */
const SegmentSecret = refined(
  NonEmptySecret,
  (value) => !isDotSegment(secretValue(value)),
  "must not be \".\" or \"..\": the URL would lose that path segment"
)

const NonEmptySecretInput = refined(SegmentSecret, (value) => isWellFormed(secretValue(value)), notWellFormed)

/** Text sent in a URL (a query parameter): well-formed, or it would be mangled. */
const UrlText = refined(Schema.String, isWellFormed, notWellFormed)

/** A 64-bit integer field of a request (ids, durations, instants): a safe integer. */
const Int64 = identified(Schema.Int, "Int64")

/** A 32-bit non-negative integer, as `start`/`end` of `list`. */
const Index32 = intBetween(0, 2_147_483_647, "Index32")

// ---------------------------------------------------------------------------------------------------------------------
// enumerations
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The grant types Authlete records on a token.
 *
 * @since 0.1.0
 * @category models
 */
export const GrantType = literals([
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
])

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
export const ClientType = literals(["PUBLIC", "CONFIDENTIAL"])

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
export const TokenStatus = literals(["VALID", "INVALID", "ALL"])

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
export const TokenCreateAction = literals(["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "OK"])

/**
 * `action` of an `update` response.
 *
 * @since 0.1.0
 * @category models
 */
export const TokenUpdateAction = literals(["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "OK"])

/**
 * `action` of a `reissueIdToken` response.
 *
 * @since 0.1.0
 * @category models
 */
export const IdTokenReissueAction = literals(["OK", "INTERNAL_SERVER_ERROR", "CALLER_ERROR"])

/**
 * `action` of an `introspection` response: `OK` for a usable token that covers what was asked, `UNAUTHORIZED` for a
 * token that does not exist or cannot be used (expired, revoked, a binding not proven), `FORBIDDEN` for one that does
 * not cover the required scopes or subject, `BAD_REQUEST` without a token.
 *
 * @since 0.3.0
 * @category models
 */
export const IntrospectionAction = literals([
  "INTERNAL_SERVER_ERROR",
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "OK"
])

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
  /** Name of the property. */
  key: received(Schema.String),
  /** Value of the property. */
  value: received(Schema.String),
  /** Hidden from the client application: kept on the server side only. */
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
    /** Type of the element (RFC 9396 `type`). */
    type: Schema.String,
    /** Locations of the resource server or resource (URIs). */
    locations: received(Schema.Array(Schema.String)),
    /** Actions to be taken at the resource. */
    actions: received(Schema.Array(Schema.String)),
    /** Kinds of data requested from the resource. */
    dataTypes: received(Schema.Array(Schema.String)),
    /** Identifier of a specific resource. */
    identifier: received(Schema.String),
    /** Types or levels of privilege. */
    privileges: received(Schema.Array(Schema.String)),
    /** The element's other members, as a JSON object in text. */
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
  /** The RFC 9396 `authorization_details` elements. */
  elements: received(Schema.Array(AuthorizationDetailsElement))
}) {}

/**
 * A language-tagged string.
 *
 * @since 0.1.0
 * @category models
 */
export class TaggedValue extends Schema.Class<TaggedValue>("TaggedValue")({
  /** Language tag (BCP 47), e.g. `ja`. */
  tag: received(Schema.String),
  /** The text in that language. */
  value: received(Schema.String)
}) {}

/**
 * The subset of a client that `list` returns when it is filtered by client.
 *
 * @since 0.1.0
 * @category models
 */
export class ClientLimited extends Schema.Class<ClientLimited>("ClientLimited")({
  /** Sequence number of the client in Authlete. */
  number: received(Schema.Number),
  /** Name of the client. */
  clientName: received(Schema.String),
  /** Name of the client, per language. */
  clientNames: received(Schema.Array(TaggedValue)),
  /** Description of the client. */
  description: received(Schema.String),
  /** Description of the client, per language. */
  descriptions: received(Schema.Array(TaggedValue)),
  /** Numeric client ID. */
  clientId: received(Schema.Number),
  /** Client ID alias. */
  clientIdAlias: received(Schema.String),
  /** Whether the client ID alias may be used in place of the client ID. */
  clientIdAliasEnabled: received(Schema.Boolean),
  /** `PUBLIC` or `CONFIDENTIAL`. */
  clientType: received(ClientType)
}) {}

/**
 * A token as `list` reports it: hashes only, never raw values. Instants are milliseconds since the epoch.
 *
 * @since 0.1.0
 * @category models
 */
export class AccessToken extends Schema.Class<AccessToken>("AccessToken")({
  /** Hash of the access token value: usable as `accessTokenIdentifier`. */
  accessTokenHash: received(Schema.String),
  /** When the access token expires, in milliseconds since the epoch. */
  accessTokenExpiresAt: received(Schema.Number),
  /** Hash of the refresh token value: usable as `refreshTokenIdentifier`. */
  refreshTokenHash: received(Schema.String),
  /** When the refresh token expires, in milliseconds since the epoch. */
  refreshTokenExpiresAt: received(Schema.Number),
  /** When the token was created, in milliseconds since the epoch. */
  createdAt: received(Schema.Number),
  /** When the token was last refreshed, in milliseconds since the epoch (0 if never). */
  lastRefreshedAt: received(
    Schema.Number
  ),
  /** Numeric ID of the client the token was issued to. */
  clientId: received(Schema.Number),
  /** Subject of the resource owner; absent for client credentials. */
  subject: received(Schema.String),
  /** Grant type the token was issued with. */
  grantType: received(GrantType),
  /** Scopes of the access token. */
  scopes: received(Schema.Array(Schema.String)),
  /** Extra properties stored with the token. */
  properties: received(Schema.Array(Property)),
  /** Scopes of the refresh token, when they differ from the access token's. */
  refreshTokenScopes: received(
    Schema.Array(Schema.String)
  )
}) {}

/**
 * The body of every 400/401/403/500 answer.
 *
 * @since 0.1.0
 * @category models
 */
export class Result extends Schema.Class<Result>("Result")({
  /** Authlete's result code, e.g. `A001202`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String)
}) {}

/** A property as the caller sends it: plain struct, so literals work. */
const PropertyInput = Schema.Struct({
  /** Name of the property. */
  key: sent(Schema.String),
  /** Value of the property. */
  value: sent(Schema.String),
  /** Hide the property from the client application: kept on the server side only. */
  hidden: sent(Schema.Boolean)
})

/**
 * An element as the caller sends it: the response class's fields (and their TSDoc) as a plain struct, so literals
 * work. Their nullable decoding changes nothing when encoding: an absent field stays out of the body.
 */
const AuthorizationDetailsElementInput = Schema.Struct(AuthorizationDetailsElement.fields)

const AuthzDetailsInput = Schema.Struct({
  /** The RFC 9396 `authorization_details` elements. */
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
export const IdTokenReissueRequest = identified(
  Schema.Struct({
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
  }),
  "IdTokenReissueRequest"
)

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
  /** Authlete's result code, e.g. `A361001`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String),
  /** `OK` (send `responseContent` to the client), `CALLER_ERROR` or `INTERNAL_SERVER_ERROR`. */
  action: received(
    IdTokenReissueAction
  ),
  /** Body of the token endpoint's response, to send verbatim. */
  responseContent: received(SecretOutput),
  /** The new ID token (a signed JWT). */
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
export const TokenListRequest = checked(
  Schema.Struct({
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
  }),
  "TokenListRequest",
  (request) =>
    request.start === undefined || request.end === undefined || request.start <= request.end
      ? undefined
      : { path: ["end"], message: "must not be less than start" }
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
  /** Index of the first token of this page, inclusive. */
  start: received(Schema.Number),
  /** Index after the last token of this page, exclusive. */
  end: received(Schema.Number),
  /** Number of tokens matching the filter, across all pages. */
  totalCount: received(Schema.Number),
  /** The client, when the list is filtered by client. */
  client: received(ClientLimited),
  /** The subject, when the list is filtered by subject. */
  subject: received(Schema.String),
  /** The tokens of this page: hashes, never values. */
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
export const TokenCreateRequest = identified(
  Schema.Struct({
    /** Grant type recorded on the token (`REFRESH_TOKEN` is refused by Authlete). */
    grantType: GrantType,
    /** Numeric ID of the client the token is bound to. */
    clientId: sent(Int64),
    /** Client ID or alias, as an alternative to `clientId`. */
    clientIdentifier: sent(Schema.String),
    /** Subject of the resource owner; required unless the grant is `CLIENT_CREDENTIALS` or `JWT_BEARER`. */
    subject: sent(
      Schema.String
    ),
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
    certificateThumbprint: sent(
      Schema.String
    ),
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
    authTime: sent(nonNegativeInt(Int64)),
    /** The user's authentication session ID. */
    sessionId: sent(Schema.String)
  }),
  "TokenCreateRequest"
)

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
  /** Authlete's result code, e.g. `A109001`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String),
  /** `OK` when the token was created; otherwise `BAD_REQUEST`, `FORBIDDEN` or `INTERNAL_SERVER_ERROR`. */
  action: received(
    TokenCreateAction
  ),
  /** The new access token value. */
  accessToken: received(SecretOutput),
  /** Numeric ID of the client the token is bound to. */
  clientId: received(Schema.Number),
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: received(Schema.Number),
  /** Lifetime of the access token, in seconds. */
  expiresIn: received(Schema.Number),
  /** Grant type recorded on the token. */
  grantType: received(Schema.String),
  /** Extra properties stored with the token. */
  properties: received(Schema.Array(Property)),
  /** The new refresh token value, when the grant type allows one. */
  refreshToken: received(SecretOutput),
  /** Scopes of the access token. */
  scopes: received(Schema.Array(Schema.String)),
  /** Subject of the resource owner. */
  subject: received(Schema.String),
  /** Token type, e.g. `Bearer` or `DPoP`. */
  tokenType: received(Schema.String),
  /** The access token as a JWT, when the service issues JWT access tokens. */
  jwtAccessToken: received(SecretOutput),
  /** RAR authorization details attached to the token. */
  authorizationDetails: received(AuthzDetails),
  /** Whether the token is for an OIDC4IDA external attachment. */
  forExternalAttachment: received(Schema.Boolean),
  /** Token identifier (`jti` of a JWT access token). */
  tokenId: received(Schema.String),
  /** Scopes of the refresh token, when they differ from the access token's. */
  refreshTokenScopes: received(
    Schema.Array(Schema.String)
  ),
  /** The client ID or alias the request named. */
  clientIdentifier: received(Schema.String),
  /** The user's authentication session ID. */
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
export const TokenUpdateRequest = checked(
  Schema.Struct({
    /** The access token to update (raw value); takes precedence over `accessTokenHash`. */
    accessToken: sent(SecretInput),
    /** Hash of the access token, when only the hash is known (the raw value is accepted too). */
    accessTokenHash: sent(
      Schema.String
    ),
    /** The token's refresh token (raw value), when the access token is not at hand. */
    refreshToken: sent(SecretInput),
    /** Hash of the refresh token (the raw value is accepted too). */
    refreshTokenHash: sent(Schema.String),
    /** New access token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged. */
    accessTokenExpiresAt: sent(
      Int64
    ),
    /** New refresh token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged. */
    refreshTokenExpiresAt: sent(
      Int64
    ),
    /** New scope set; absent leaves it unchanged. */
    scopes: sent(Schema.Array(Schema.String)),
    /** New property set; absent leaves it unchanged. */
    properties: sent(Schema.Array(PropertyInput)),
    /** Recompute the access token expiry from the new scopes' `access_token.duration` attribute. */
    accessTokenExpiresAtUpdatedOnScopeUpdate: sent(
      Schema.Boolean
    ),
    /** Recompute the refresh token expiry from the new scopes' `refresh_token.duration` attribute. */
    refreshTokenExpiresAtUpdatedOnScopeUpdate: sent(
      Schema.Boolean
    ),
    /** The access token never expires; `accessTokenExpiresAt` is ignored. */
    accessTokenPersistent: sent(Schema.Boolean),
    /** Generate a new access token value and return it. */
    accessTokenValueUpdated: sent(Schema.Boolean),
    /** Base64url SHA-256 thumbprint of the client certificate the token is bound to. */
    certificateThumbprint: sent(
      Schema.String
    ),
    /** JWK thumbprint of the DPoP key the token is bound to. */
    dpopKeyThumbprint: sent(Schema.String),
    /** New authorization details; absent leaves them unchanged. */
    authorizationDetails: sent(AuthzDetailsInput),
    /** The token is for an OIDC4IDA external attachment. */
    forExternalAttachment: sent(Schema.Boolean),
    /** Token identifier. */
    tokenId: sent(Schema.String)
  }),
  "TokenUpdateRequest",
  (request) =>
    request.accessToken !== undefined || request.accessTokenHash !== undefined ||
      request.refreshToken !== undefined || request.refreshTokenHash !== undefined
      ? undefined
      : {
        path: ["accessToken"],
        message: "must be given, or accessTokenHash, refreshToken or refreshTokenHash instead"
      }
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
  /** Authlete's result code, e.g. `A135001`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String),
  /** `OK` when the token was updated, `NOT_FOUND` when there is no such token; otherwise `BAD_REQUEST`, `FORBIDDEN` or `INTERNAL_SERVER_ERROR`. */
  action: received(
    TokenUpdateAction
  ),
  /** The access token value: a new one when `accessTokenValueUpdated` was set. */
  accessToken: received(SecretOutput),
  /** When the access token expires, in milliseconds since the epoch. */
  accessTokenExpiresAt: received(Schema.Number),
  /** When the refresh token expires, in milliseconds since the epoch. */
  refreshTokenExpiresAt: received(Schema.Number),
  /** Scopes of the access token. */
  scopes: received(Schema.Array(Schema.String)),
  /** Extra properties stored with the token. */
  properties: received(Schema.Array(Property)),
  /** RAR authorization details attached to the token. */
  authorizationDetails: received(AuthzDetails),
  /** Token type, e.g. `Bearer` or `DPoP`. */
  tokenType: received(Schema.String),
  /** Whether the token is for an OIDC4IDA external attachment. */
  forExternalAttachment: received(Schema.Boolean),
  /** Token identifier (`jti` of a JWT access token). */
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
export const TokenDeleteRequest = identified(
  Schema.Struct({
    /** The raw access token or its hash. */
    accessTokenIdentifier: NonEmptySecretInput
  }),
  "TokenDeleteRequest"
)

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
export const TokenRevokeRequest = checked(
  Schema.Struct({
    /** Raw access token or its hash. */
    accessTokenIdentifier: sent(SecretInput),
    /** Raw refresh token or its hash. */
    refreshTokenIdentifier: sent(SecretInput),
    /** Client ID or client ID alias. */
    clientIdentifier: sent(Schema.String),
    /** Subject of the resource owner. */
    subject: sent(Schema.String)
  }),
  "TokenRevokeRequest",
  (request) =>
    request.accessTokenIdentifier !== undefined || request.refreshTokenIdentifier !== undefined ||
      request.clientIdentifier !== undefined || request.subject !== undefined
      ? undefined
      : "the request must name at least one of accessTokenIdentifier, refreshTokenIdentifier, clientIdentifier or subject"
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
  /** Authlete's result code, e.g. `A189001`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String),
  /** Number of tokens this call revoked. */
  count: received(Schema.Number)
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// introspection
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Body of `POST /api/{serviceId}/auth/introspection`: the access token a resource server received, and what the
 * resource requires of it.
 *
 * @since 0.3.0
 * @category models
 */
export const IntrospectionRequest = identified(
  Schema.Struct({
    /** The access token to introspect (its raw value, as the client presented it). */
    token: NonEmptySecret,
    /** Scopes the resource requires; a token that lacks one is answered `FORBIDDEN`. */
    scopes: sent(
      Schema.Array(Schema.String)
    ),
    /** Subject the resource requires; a token of another subject is answered `FORBIDDEN`. */
    subject: sent(Schema.String),
    /** The client certificate (PEM) the request came with, for a certificate-bound token. */
    clientCertificate: sent(
      Schema.String
    ),
    /** The `DPoP` header the request came with, for a DPoP-bound token. */
    dpop: sent(Schema.String),
    /** HTTP method of the resource request, checked against the DPoP proof. */
    htm: sent(Schema.String),
    /** URL of the resource, checked against the DPoP proof. */
    htu: sent(Schema.String)
  }),
  "IntrospectionRequest"
)

/**
 * What `introspection` takes.
 *
 * @since 0.3.0
 * @category models
 */
export interface IntrospectionRequest extends Schema.Schema.Type<typeof IntrospectionRequest> {}

/**
 * Answer of `introspection`. `action` says what the resource server does next; `existent`, `usable`, `sufficient` and
 * `refreshable` say why. On any action but `OK`, `responseContent` is the `WWW-Authenticate` value to answer with.
 *
 * @since 0.3.0
 * @category models
 */
export class IntrospectionResponse extends Schema.Class<IntrospectionResponse>("IntrospectionResponse")({
  /** Authlete's result code, e.g. `A056001`. */
  resultCode: received(Schema.String),
  /** Human-readable description of the result. */
  resultMessage: received(Schema.String),
  /** `OK`, `UNAUTHORIZED`, `FORBIDDEN`, `BAD_REQUEST` or `INTERNAL_SERVER_ERROR`. */
  action: received(
    IntrospectionAction
  ),
  /** The `WWW-Authenticate` header value to answer the client with when `action` is not `OK`. */
  responseContent: received(
    SecretOutput
  ),
  /** Numeric ID of the client the token was issued to. */
  clientId: received(Schema.Number),
  /** The client ID alias, when the client has one. */
  clientIdAlias: received(Schema.String),
  /** Whether the token was requested with the client ID alias. */
  clientIdAliasUsed: received(Schema.Boolean),
  /** Subject of the resource owner; absent for client credentials. */
  subject: received(Schema.String),
  /** Scopes of the access token. */
  scopes: received(Schema.Array(Schema.String)),
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: received(Schema.Number),
  /** Whether the token exists. */
  existent: received(Schema.Boolean),
  /** Whether the token exists, has not expired and its binding (certificate, DPoP key) is proven. */
  usable: received(
    Schema.Boolean
  ),
  /** Whether the token covers every scope (and the subject) the request required. */
  sufficient: received(Schema.Boolean),
  /** Whether the token has a refresh token that has not expired. */
  refreshable: received(Schema.Boolean),
  /** Grant type the token was issued with. */
  grantType: received(GrantType),
  /** Extra properties stored with the token. */
  properties: received(Schema.Array(Property)),
  /** Thumbprint of the client certificate the token is bound to. */
  certificateThumbprint: received(Schema.String)
}) {}
