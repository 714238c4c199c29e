/**
 * An in-memory Authlete: services, clients and tokens, and the rules of Authlete's six token-management operations,
 * answering exactly what Authlete would put on the wire. Browser-safe (Web Crypto and `jose`, no Node built-ins).
 *
 * @since 0.1.0
 */
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import type * as Schemas from "@effect-authlete/core/Schemas"
import type * as TokenTransport from "@effect-authlete/core/TokenTransport"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * What Authlete puts on the wire: the HTTP status and the JSON body (no `null`, absent fields omitted; `undefined` for
 * a 204).
 *
 * @since 0.1.0
 * @category models
 */
export interface WireReply {
  readonly status: number
  readonly body?: object | undefined
}

/**
 * A scope a service supports, with its attributes (e.g. `access_token.duration`, in seconds, for rule U6).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScopeSeed {
  readonly name: string
  readonly attributes?: Readonly<Record<string, string>> | undefined
}

/**
 * A service to declare. Every field has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServiceSeed {
  /** Service ID (numeric text); generated when absent. */
  readonly serviceId?: string | undefined
  /** Supported scopes; default `openid profile email history.read timeline.read offline_access`. */
  readonly scopes?: ReadonlyArray<string | ScopeSeed> | undefined
  /** Supported grant types; default all of them. Without `REFRESH_TOKEN` no refresh token is ever issued. */
  readonly supportedGrantTypes?: ReadonlyArray<Schemas.GrantType> | undefined
  /** Default access token lifetime, seconds (default 86,400). */
  readonly accessTokenDuration?: number | undefined
  /** Default refresh token lifetime, seconds (default 864,000). */
  readonly refreshTokenDuration?: number | undefined
  /** ID token lifetime, seconds (default 86,400). */
  readonly idTokenDuration?: number | undefined
  /** Whether `/idtoken/reissue` is allowed (default true). */
  readonly idTokenReissuable?: boolean | undefined
  /** Default shape of `aud` in ID tokens (default `"array"`). */
  readonly idTokenAudType?: "array" | "string" | undefined
  /** `iss` of ID tokens and JWT access tokens (default `https://authlete.emulator/<serviceId>`). */
  readonly issuer?: string | undefined
  /** Whether access tokens are also issued as JWTs (`jwtAccessToken` in create responses; default false). */
  readonly jwtAccessToken?: boolean | undefined
  /** Bearer tokens (service access tokens) with access to this service; one is generated when absent. */
  readonly bearers?: ReadonlyArray<string> | undefined
  /** Display name. */
  readonly serviceName?: string | undefined
}

/**
 * A client to declare.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientSeed {
  /** Owning service; default the default service. */
  readonly serviceId?: string | undefined
  /** Numeric client ID; generated when absent. Unique across services. */
  readonly clientId?: number | undefined
  /** Client ID alias. */
  readonly clientIdAlias?: string | undefined
  /** Client type (default `CONFIDENTIAL`). */
  readonly clientType?: Schemas.ClientType | undefined
  /** Client name. */
  readonly clientName?: string | undefined
  /** Scopes the client may request; default every scope of its service. */
  readonly scopes?: ReadonlyArray<string> | undefined
}

/**
 * A pre-existing token to declare. Values are generated when absent.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenSeed {
  /** Service; default the default service. */
  readonly serviceId?: string | undefined
  /** Client ID or alias; default the service's first client. */
  readonly client?: number | string | undefined
  /** Subject; default the default subject, none for `CLIENT_CREDENTIALS`. `null` for no subject. */
  readonly subject?: string | null | undefined
  /** Grant type (default `AUTHORIZATION_CODE`). */
  readonly grantType?: Schemas.GrantType | undefined
  /** Scopes (default `openid profile`). */
  readonly scopes?: ReadonlyArray<string> | undefined
  /** Raw access token value. */
  readonly accessToken?: string | undefined
  /** Raw refresh token value; `null` for no refresh token. */
  readonly refreshToken?: string | null | undefined
  /** Access token expiry, ms since the epoch; default now + the service's duration. */
  readonly accessTokenExpiresAt?: number | undefined
  /** Refresh token expiry, ms since the epoch; default now + the service's duration. */
  readonly refreshTokenExpiresAt?: number | undefined
  /** Extra properties. */
  readonly properties?: ReadonlyArray<PropertySeed> | undefined
}

/**
 * An extra token property.
 *
 * @since 0.1.0
 * @category models
 */
export interface PropertySeed {
  readonly key: string
  readonly value: string
  readonly hidden?: boolean | undefined
}

/**
 * A bearer with access to several services (an organization token), or to all of them with `"*"`.
 *
 * @since 0.1.0
 * @category models
 */
export interface BearerSeed {
  readonly token: string
  readonly serviceIds: ReadonlyArray<string> | "*"
}

/**
 * How the emulator is seeded and how it settles the points the documentation leaves open.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmulatorOptions {
  /** Overrides of the default service. */
  readonly service?: ServiceSeed | undefined
  /** Overrides of the default client (of the default service). */
  readonly client?: ClientSeed | undefined
  /** Default subject (default `"alice"`). */
  readonly subject?: string | undefined
  /** More services. */
  readonly services?: ReadonlyArray<ServiceSeed> | undefined
  /** More clients. */
  readonly clients?: ReadonlyArray<ClientSeed> | undefined
  /** More bearers (organization tokens). */
  readonly bearers?: ReadonlyArray<BearerSeed> | undefined
  /** Pre-existing tokens. */
  readonly tokens?: ReadonlyArray<TokenSeed> | undefined
  /** G6: non-`OK` actions answer 200 with the action (default) or a 4xx/5xx `result` body that also carries it. */
  readonly actionFailureStatus?: "200" | "4xx" | undefined
  /** G2: status for an unknown service ID (default 403). */
  readonly unknownServiceStatus?: 403 | 404 | undefined
  /** D2: status of a delete whose identifier matches nothing (default 204). */
  readonly deleteUnknownStatus?: 204 | 404 | undefined
  /** R6: a single-token revoke whose identifier matches nothing answers 404 (default) or 200 with `count: 0`. */
  readonly revokeUnknownStatus?: 200 | 404 | undefined
  /** R3: tokens revoked at most by one bulk revoke (default 20). */
  readonly revokeBulkLimit?: number | undefined
  /** L7: `tokenStatus` assumed when `list` sends none (default `ALL`). */
  readonly listTokenStatusDefault?: Schemas.TokenStatus | undefined
  /** I5: operations that fail as an Authlete-side error (default none). Changeable with `setInternalErrors`. */
  readonly internalErrors?: ReadonlyArray<AuthleteError.Operation> | undefined
}

/**
 * A stored token, as the emulator holds it: hashes, never raw values.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenSnapshot {
  readonly serviceId: string
  readonly accessTokenHash: string
  readonly accessTokenExpiresAt: number
  readonly accessTokenPersistent: boolean
  readonly refreshTokenHash?: string | undefined
  readonly refreshTokenExpiresAt: number
  readonly createdAt: number
  readonly lastRefreshedAt: number
  readonly clientId: number
  readonly subject?: string | undefined
  readonly grantType: Schemas.GrantType
  readonly scopes: ReadonlyArray<string>
  readonly refreshTokenScopes?: ReadonlyArray<string> | undefined
  readonly properties: ReadonlyArray<PropertySeed>
  readonly tokenId: string
  readonly tokenType: "Bearer" | "DPoP"
}

/**
 * Raw values of a seeded token (the only time they are known: the store keeps hashes).
 *
 * @since 0.1.0
 * @category models
 */
export interface SeededToken {
  readonly accessToken: string
  readonly accessTokenHash: string
  readonly refreshToken?: string | undefined
  readonly refreshTokenHash?: string | undefined
}

/**
 * The identities a one-line emulator starts with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Defaults {
  readonly serviceId: string
  readonly bearer: Redacted.Redacted<string>
  readonly clientId: number
  readonly clientIdAlias: string
  readonly subject: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Answers one call as Authlete would; `bearer` is the token with or without its `Bearer ` scheme. Never fails. */
  readonly handle: (call: TokenTransport.Call, bearer: string | undefined) => Effect.Effect<WireReply>
  /** The same answers mapped to core's transport contract, sent with the default bearer. */
  readonly transport: TokenTransport.TokenTransport
  /** The default service, bearer, client and subject. */
  readonly defaults: Defaults
  /** Declares a service; answers its ID. */
  readonly addService: (seed?: ServiceSeed) => Effect.Effect<string>
  /** Declares a client; answers its numeric ID. */
  readonly addClient: (seed?: ClientSeed) => Effect.Effect<number>
  /** Stores a token; answers its raw values. */
  readonly addToken: (seed?: TokenSeed) => Effect.Effect<SeededToken>
  /** Stored tokens of one service (default: all services), in creation order. */
  readonly tokens: (serviceId?: string) => Effect.Effect<Array<TokenSnapshot>>
  /** Number of stored tokens of one service (default: all services). */
  readonly count: (serviceId?: string) => Effect.Effect<number>
  /** The public key set of a service's ID tokens (default: the default service), for `jose.createLocalJWKSet`. */
  readonly jwks: (serviceId?: string) => Effect.Effect<{ readonly keys: ReadonlyArray<JsonWebKey> }>
  /** `iss` of a service's ID tokens (default: the default service). */
  readonly issuer: (serviceId?: string) => string
  /** I5: which operations fail as an Authlete-side error from now on. */
  readonly setInternalErrors: (operations: ReadonlyArray<AuthleteError.Operation>) => Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class AuthleteEmulator extends Context.Tag("@effect-authlete/test-kit/AuthleteEmulator")<
  AuthleteEmulator,
  Service
>() {}

/**
 * Builds an emulator: one service with a confidential client, the usual scopes and a bearer, plus what `options`
 * declares. Invalid seeds are defects (a broken test fixture).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: EmulatorOptions = {}): Effect.Effect<Service> =>
  Effect.sync(() => {
    const defaults: Defaults = {
      serviceId: options.service?.serviceId ?? "715948317",
      bearer: Redacted.make(options.service?.bearers?.[0] ?? "emulator-service-bearer"),
      clientId: options.client?.clientId ?? 1_752_398_114,
      clientIdAlias: options.client?.clientIdAlias ?? "emulator-client",
      subject: options.subject ?? "alice"
    }
    const unimplemented = Effect.dieMessage("AuthleteEmulator: not implemented yet")
    const service: Service = {
      handle: (_call, bearer) =>
        Effect.succeed(
          bearer === undefined
            ? {
              status: 401,
              body: { resultCode: "A001202", resultMessage: "[A001202] Authorization header is missing." }
            }
            : { status: 500, body: { resultCode: "A001101", resultMessage: "[A001101] Authlete Server error." } }
        ),
      transport: { send: () => unimplemented },
      defaults,
      addService: () => unimplemented,
      addClient: () => unimplemented,
      addToken: () => unimplemented,
      tokens: () => unimplemented,
      count: () => unimplemented,
      jwks: () => unimplemented,
      issuer: (serviceId) => `https://authlete.emulator/${serviceId ?? defaults.serviceId}`,
      setInternalErrors: () => unimplemented
    }
    return service
  })

/**
 * The emulator as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: EmulatorOptions): Layer.Layer<AuthleteEmulator> =>
  Layer.effect(AuthleteEmulator, make(options))
