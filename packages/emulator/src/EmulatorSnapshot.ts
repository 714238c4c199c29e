/**
 * The emulator's store as data (`AuthleteEmulator.Service.snapshot`/`restore`): services with their signing keys,
 * clients, bearers and tokens. Tokens are kept as the store keeps them, by hash: a snapshot holds no token value. It
 * does hold the bearers and each service's private signing key, so ID tokens issued before a restore still verify
 * after it: keep snapshots where you keep test credentials.
 *
 * @since 0.2.0
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as AuthleteEmulator from "./AuthleteEmulator.js"
import { TypeId } from "./EmulatorError.js"
import { decodeJson } from "./internal/issues.js"
import { identified, literals, NonNegative, ObjectKeyword, StringRecord, union } from "./internal/schema.js"

const Strings = Schema.Array(Schema.String)
const optionalString = Schema.optional(Schema.String)

/**
 * A service, with the private key it signs ID tokens and JWT access tokens with (an ES256 JWK).
 *
 * @since 0.2.0
 * @category schemas
 */
export const ServiceRecord = Schema.Struct({
  serviceId: Schema.String,
  scopes: Schema.Array(Schema.Struct({
    name: Schema.String,
    attributes: StringRecord
  })),
  supportedGrantTypes: Schema.Array(Schemas.GrantType),
  accessTokenDuration: Schema.Number,
  refreshTokenDuration: Schema.Number,
  idTokenDuration: Schema.Number,
  idTokenReissuable: Schema.Boolean,
  idTokenAudType: literals(["array", "string"]),
  issuer: Schema.String,
  jwtAccessToken: Schema.Boolean,
  signingKey: Schema.Struct({
    kty: Schema.Literal("EC"),
    crv: Schema.Literal("P-256"),
    x: Schema.String,
    y: Schema.String,
    d: Schema.String
  })
})

/**
 * A client.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ClientRecord = Schema.Struct({
  serviceId: Schema.String,
  number: Schema.Number,
  clientId: Schema.Number,
  clientIdAlias: optionalString,
  clientType: Schemas.ClientType,
  clientName: Schema.String,
  scopes: Schema.optional(Strings)
})

/**
 * A bearer and the services it may act on (`"*"`: all).
 *
 * @since 0.2.0
 * @category schemas
 */
export const BearerRecord = Schema.Struct({
  token: Schema.String,
  serviceIds: union(Strings, Schema.Literal("*"))
})

/**
 * A stored token (`AuthleteEmulator.TokenSnapshot`): hashes, never values.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TokenRecord = Schema.Struct({
  serviceId: Schema.String,
  tokenId: Schema.String,
  accessTokenHash: Schema.String,
  accessTokenExpiresAt: Schema.Number,
  accessTokenPersistent: Schema.Boolean,
  refreshTokenHash: optionalString,
  refreshTokenExpiresAt: Schema.Number,
  createdAt: Schema.Number,
  lastRefreshedAt: Schema.Number,
  clientId: Schema.Number,
  clientIdentifier: optionalString,
  subject: optionalString,
  grantType: Schemas.GrantType,
  scopes: Strings,
  refreshTokenScopes: Schema.optional(Strings),
  properties: Schema.Array(Schema.Struct({ key: Schema.String, value: Schema.String, hidden: Schema.Boolean })),
  tokenType: literals(["Bearer", "DPoP"]),
  authorizationDetails: Schema.optional(ObjectKeyword),
  resources: Schema.optional(Strings),
  certificateThumbprint: optionalString,
  dpopKeyThumbprint: optionalString,
  forExternalAttachment: Schema.optional(Schema.Boolean),
  acr: optionalString,
  authTime: Schema.optional(Schema.Number),
  sessionId: optionalString
})

// A stored token and its record are one shape.
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? [B, keyof B] extends [A, keyof A] ? true : false : false
const sameToken: Same<typeof TokenRecord.Type, AuthleteEmulator.TokenSnapshot> = true
void sameToken

/**
 * The whole store, tokens in creation order.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Snapshot = identified(
  Schema.Struct({
    format: Schema.Literal("authlete-emulator-state"),
    version: Schema.Literal(1),
    services: Schema.Array(ServiceRecord),
    clients: Schema.Array(ClientRecord),
    bearers: Schema.Array(BearerRecord),
    tokens: Schema.Array(TokenRecord),
    internalErrors: Schema.Array(AuthleteOperation.NameSchema),
    /**
     * Milliseconds the emulator's clock runs ahead of the real one (the standalone server's `POST /_emulator/clock`);
     * a snapshot without it (an older one) leaves the offset as it is.
     */
    clockOffset: Schema.optional(NonNegative)
  }),
  "EmulatorSnapshot"
)

/**
 * The whole store, tokens in creation order.
 *
 * @since 0.2.0
 * @category models
 */
export interface Snapshot extends Schema.Schema.Type<typeof Snapshot> {}

/**
 * A snapshot that cannot be restored: not JSON, not the format, or inconsistent (a token of an undeclared client,
 * a hash held twice, no default service). The message names the place, never a value.
 *
 * @since 0.2.0
 * @category errors
 */
export class SnapshotError
  extends Schema.TaggedError<SnapshotError>("@effect-authlete/emulator/SnapshotError")("SnapshotError", {
    message: Schema.String
  })
{
  /**
   * Marks this error as one of this package's, for `EmulatorError.isEmulatorError`.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Reads a snapshot from JSON text (as {@link toJson} writes it).
 *
 * @since 0.2.0
 * @category decoding
 */
export const fromJson = (text: string): Effect.Effect<Snapshot, SnapshotError> =>
  Effect.mapError(decodeJson(Snapshot, text), (message) => new SnapshotError({ message }))

/**
 * A snapshot as JSON text.
 *
 * @since 0.2.0
 * @category encoding
 */
export const toJson = (snapshot: Snapshot): string => JSON.stringify(snapshot)
