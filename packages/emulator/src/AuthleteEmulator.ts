/**
 * An in-memory Authlete: services, clients and tokens, and the rules of Authlete's token-management operations and
 * of token introspection (G1–T7, catalogued in the package's `RULES.md`), answered by one request handler that answers
 * exactly what Authlete would put on the wire (`app` is it as an HTTP application). The mock servers run that handler on
 * Node; `httpClient` runs it in the calling fiber, with no socket. Time comes from Effect's `Clock` (so `TestClock`
 * drives expiry; G7: plus the offset the standalone server's `POST /_emulator/clock` advances, 0 otherwise); the store
 * is one plain cell, changed by atomic `modify`, its tokens indexed by each write. Browser-safe: hashing and signing use
 * `@noble/hashes`, Web Crypto and `jose`, no Node built-ins.
 *
 * Choices where the documentation is silent ([?]) or only inferred, the switchable ones in {@link EmulatorOptions}:
 * - G1: `resultMessage` names the API path without the `/api/{serviceId}` prefix (`[A001202] /auth/token/create, …`);
 *   success messages carry no path, as in Authlete's examples. Unknown bearer → 401 `A001203`; a bearer without
 *   rights on the service → 403 `A001213`.
 * - G2: unknown service → 403 (switch: 404), `A001214`, checked after the bearer is known to be valid.
 * - G6: non-`OK` actions answer 200 (switch: `"4xx"` → 400 BAD_REQUEST/CALLER_ERROR, 403 FORBIDDEN, 404 NOT_FOUND,
 *   500 INTERNAL_SERVER_ERROR, the body still carrying `action`).
 * - C2: a client unknown to every service → BAD_REQUEST `A109205`; a client of another service → FORBIDDEN `A109301`.
 * - C3: a subject is printable ASCII of at most 100 characters.
 * - C5: a persistent token has `expiresAt` 0 and `expiresIn` 0 (0 = never, as for other long fields); listed with
 *   `accessTokenExpiresAt` 0.
 * - U1: a token of another service → FORBIDDEN; U10: when the token was named by hash, `accessToken` is omitted from
 *   the answer (the raw value is not stored) unless `accessTokenValueUpdated` minted a new one.
 * - U7: `accessTokenPersistent: false` on a persistent token without a new expiry → now + the service's duration.
 * - D2: unknown identifier (or a token of another service) → 204 (switch: 404 `A138301`).
 * - R6: a single-token revoke that matches nothing → 404 `A312301` (as later spec versions) (switch: 200, `count` 0).
 *   A bulk revoke with an unknown client → `count` 0. R3 limit: 20 (switch).
 * - L1: an unknown `clientIdentifier` → an empty page, no `client`. L2: invalid bounds or `tokenStatus` → 400
 *   `A137201`; no cap on `end - start`. L7: creation order; `tokenStatus` default `ALL` (switch).
 * - I2: the access token (raw value, or a JWT access token of the service) and the refresh token must be the same
 *   record, both unexpired. I3: refused (CALLER_ERROR) when the service is not `idTokenReissuable`, the token has no
 *   subject, lacks `openid`, or its client is gone. I4: ES256, `kid` = JWK thumbprint, `aud` = client ID; the
 *   standard claims win over `claims` and `alg`/`kid`/`typ` over `idtHeaderParams`.
 * - JWT access tokens (services with `jwtAccessToken`): ES256, `typ` `at+jwt`, `jti` = the access token hash.
 *
 * Result codes from the documentation: `A001202`, `A001101`, `A109001`, `A135001`, `A312001`. Invented (same
 * anatomy): create `A1091xx`/`A1092xx`/`A109301`, update `A135101`/`A1352xx`/`A1353xx`, list `A137201`, delete
 * `A1382xx`/`A138301`, revoke `A3122xx`/`A312301`, reissue `A364xxx`, access `A001203`/`A001213`/`A001214`.
 *
 * @since 0.1.0
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type * as Jose from "jose"
import type * as EmulatorSeed from "./EmulatorSeed.js"
import type * as EmulatorSnapshot from "./EmulatorSnapshot.js"
import { Tag } from "./internal/context.js"
import * as Internal from "./internal/emulator.js"
import type { App, HttpClient } from "./internal/http.js"
import type { Codec } from "./internal/schema.js"

/**
 * A scope a service supports, with its attributes (e.g. `access_token.duration`, in seconds, for rule U6).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScopeSeed extends Schema.Schema.Type<typeof EmulatorSeed.ScopeSeed> {}

/**
 * A service to declare. Every field has a default (see `EmulatorSeed.ServiceSeed`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ServiceSeed extends Schema.Schema.Type<typeof EmulatorSeed.ServiceSeed> {}

/**
 * A client to declare (see `EmulatorSeed.ClientSeed`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientSeed extends Schema.Schema.Type<typeof EmulatorSeed.ClientSeed> {}

/**
 * A pre-existing token to declare; values are generated when absent (see `EmulatorSeed.TokenSeed`).
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenSeed extends Schema.Schema.Type<typeof EmulatorSeed.TokenSeed> {}

/**
 * An extra token property.
 *
 * @since 0.1.0
 * @category models
 */
export interface PropertySeed extends Schema.Schema.Type<typeof EmulatorSeed.PropertySeed> {}

/**
 * A bearer with access to several services (an organization token), or to all of them with `"*"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface BearerSeed extends Schema.Schema.Type<typeof EmulatorSeed.BearerSeed> {}

/**
 * How the emulator is seeded and how it settles the points the documentation leaves open: the encoded side of
 * `EmulatorSeed.Options`, every field optional, each default stated once in that schema.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmulatorOptions extends Codec.Encoded<typeof EmulatorSeed.Options> {}

/**
 * A stored token, as the emulator holds it: hashes, never raw values.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenSnapshot {
  /** Owning service. */
  readonly serviceId: string
  /** Token identifier. */
  readonly tokenId: string
  /** Unpadded base64url SHA-256 of the access token. */
  readonly accessTokenHash: string
  /** Access token expiry, ms since the epoch; 0 when persistent. */
  readonly accessTokenExpiresAt: number
  /** The access token never expires. */
  readonly accessTokenPersistent: boolean
  /** Unpadded base64url SHA-256 of the refresh token, if there is one. */
  readonly refreshTokenHash?: string | undefined
  /** Refresh token expiry, ms since the epoch; 0 when there is no refresh token. */
  readonly refreshTokenExpiresAt: number
  /** Creation instant, ms since the epoch. */
  readonly createdAt: number
  /** Last refresh, ms since the epoch; 0 = never. */
  readonly lastRefreshedAt: number
  /** Owning client. */
  readonly clientId: number
  /** Client identifier recorded at creation. */
  readonly clientIdentifier?: string | undefined
  /** Resource owner; absent for client credentials. */
  readonly subject?: string | undefined
  /** Grant that created the token. */
  readonly grantType: Schemas.GrantType
  /** Access token scopes. */
  readonly scopes: ReadonlyArray<string>
  /** Refresh token scopes, if there is a refresh token. */
  readonly refreshTokenScopes?: ReadonlyArray<string> | undefined
  /** Extra properties. */
  readonly properties: ReadonlyArray<StoredProperty>
  /** `Bearer`, or `DPoP` once bound to a DPoP key. */
  readonly tokenType: "Bearer" | "DPoP"
  /** RAR details as sent (`{ elements: [...] }`). */
  readonly authorizationDetails?: object | undefined
  /** RFC 8707 resources. */
  readonly resources?: ReadonlyArray<string> | undefined
  /** MTLS certificate thumbprint binding. */
  readonly certificateThumbprint?: string | undefined
  /** DPoP key thumbprint binding. */
  readonly dpopKeyThumbprint?: string | undefined
  /** For an OIDC4IDA external attachment. */
  readonly forExternalAttachment?: boolean | undefined
  /** ACR of the user authentication (only with a subject). */
  readonly acr?: string | undefined
  /** Time of the user authentication, seconds (only with a subject). */
  readonly authTime?: number | undefined
  /** Authentication session ID. */
  readonly sessionId?: string | undefined
}

/**
 * A token property as stored: reserved keys dropped, `hidden` explicit.
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredProperty {
  /** Property name. */
  readonly key: string
  /** Property value. */
  readonly value: string
  /** Kept from the client application. */
  readonly hidden: boolean
}

/**
 * Raw values of a seeded token (the only time they are known: the store keeps hashes).
 *
 * @since 0.1.0
 * @category models
 */
export interface SeededToken {
  /** Raw access token. */
  readonly accessToken: string
  /** Its hash, as `list` shows it. */
  readonly accessTokenHash: string
  /** Raw refresh token, if one was issued. */
  readonly refreshToken?: string | undefined
  /** Its hash. */
  readonly refreshTokenHash?: string | undefined
}

/**
 * The identities a one-line emulator starts with.
 *
 * @since 0.2.0
 * @category models
 */
export interface DefaultIdentities {
  /** The default service's ID. */
  readonly serviceId: string
  /** A bearer with access to the default service. */
  readonly bearer: Redacted.Redacted<string>
  /** The default client's numeric ID. */
  readonly clientId: number
  /** The default client's alias. */
  readonly clientIdAlias: string
  /** The subject seeded tokens get by default. */
  readonly subject: string
}

/**
 * The identities a one-line emulator starts with.
 *
 * @since 0.1.0
 * @category models
 * @deprecated Use {@link DefaultIdentities}.
 */
export type Defaults = DefaultIdentities

/**
 * The base URL to give a client of {@link Service.httpClient}: any URL reaches the emulator, this one says so.
 *
 * @since 0.2.0
 * @category constants
 */
export const inProcessUrl = "http://authlete-emulator.invalid"

/**
 * The emulator: answers HTTP requests, and lets tests seed and inspect its store.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * The emulator as an application: one route per operation, answered as Authlete would. Never fails. An
   * `@effect/platform` `HttpApp` in the Effect 3 edition; in the Effect 4 edition, its handler over plain values.
   */
  readonly app: App
  /** An `HttpClient` answered by the emulator's handler in the calling fiber: no socket; `TestClock` drives expiry. */
  readonly httpClient: HttpClient
  /** The default service, bearer, client and subject. */
  readonly defaults: DefaultIdentities
  /** Declares a service; answers its ID. */
  readonly addService: (seed?: ServiceSeed) => Effect.Effect<string>
  /** Declares a bearer with access to some services, or to all with `"*"` (an organization token). */
  readonly addBearer: (token: string, serviceIds: ReadonlyArray<string> | "*") => Effect.Effect<void>
  /** Declares a client (default: of the default service); answers its numeric ID. */
  readonly addClient: (seed?: ClientSeed) => Effect.Effect<number>
  /** Stores a token; answers its raw values. */
  readonly addToken: (seed?: TokenSeed) => Effect.Effect<SeededToken>
  /** Stores tokens in order, fast (tens of thousands a second); answers their raw values. */
  readonly addTokens: (seeds: Iterable<TokenSeed>) => Effect.Effect<Array<SeededToken>>
  /** Stored tokens of one service (default: all services), in creation order. */
  readonly tokens: (serviceId?: string) => Effect.Effect<Array<TokenSnapshot>>
  /** Number of stored tokens of one service (default: all services). */
  readonly count: (serviceId?: string) => Effect.Effect<number>
  /** The public key set of a service's ID tokens (default: the default service), for `jose.createLocalJWKSet`. */
  readonly jwks: (serviceId?: string) => Effect.Effect<Jose.JSONWebKeySet>
  /** `iss` of a service's ID tokens and JWT access tokens (default: the default service). */
  readonly issuer: (serviceId?: string) => Effect.Effect<string>
  /** I5: which operations fail as an Authlete-side error from now on. */
  readonly setInternalErrors: (operations: ReadonlyArray<AuthleteOperation.Name>) => Effect.Effect<void>
  /**
   * The whole store as data (services with their signing keys, clients, bearers, tokens by hash), to save and
   * {@link restore} later: `EmulatorSnapshot.toJson` writes it as JSON.
   */
  readonly snapshot: Effect.Effect<EmulatorSnapshot.Snapshot>
  /**
   * Replaces the whole store by a snapshot. Refused, leaving the store as it was, when the snapshot is inconsistent
   * or lacks this emulator's default service.
   */
  readonly restore: (snapshot: EmulatorSnapshot.Snapshot) => Effect.Effect<void, EmulatorSnapshot.SnapshotError>
}

/**
 * The emulator of the current test (provided by `layer`, `TestAuthlete.layerMemory` and `MockServer.layer`).
 *
 * @since 0.1.0
 * @category tags
 */
export class AuthleteEmulator extends Tag<AuthleteEmulator, Service>()("@effect-authlete/emulator/AuthleteEmulator") {}

/**
 * Builds an emulator: one service (ID `21653835348762`, scopes `openid profile email history.read timeline.read`,
 * every grant type) with a bearer and a confidential client (ID `26888344961664`, alias `emulator-client`), plus what
 * `options` declares. Invalid seeds are defects: they are broken test fixtures.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: EmulatorOptions = {}): Effect.Effect<Service> =>
  Effect.map(Internal.make(options), ({ service }) => service)

/**
 * The emulator as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: EmulatorOptions): Layer.Layer<AuthleteEmulator> =>
  Layer.effect(AuthleteEmulator, make(options))
