/**
 * The seed file of the standalone emulator (`authlete-emulator --seed <file>`): `AuthleteEmulator.EmulatorOptions` as
 * JSON, checked by a schema. The package ships the same schema as JSON Schema (`emulator-seed.schema.json`, made by
 * {@link jsonSchema}), so an editor can check a seed file as it is written.
 *
 * @since 0.2.0
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as JSONSchema from "effect/JSONSchema"
import * as Schema from "effect/Schema"
import type * as AuthleteEmulator from "./AuthleteEmulator.js"
import { decodeJson } from "./internal/issues.js"

const described = <S extends Schema.Schema.Any>(schema: S, description: string) =>
  Schema.optional(schema).annotations({ description })

const NumericText = Schema.String.pipe(Schema.pattern(/^[0-9]+$/))
const Seconds = Schema.Number.pipe(Schema.int(), Schema.nonNegative())
const PositiveInt = Schema.Number.pipe(Schema.int(), Schema.positive())
const NonEmpty = Schema.String.pipe(Schema.minLength(1))
const ScopeList = Schema.Array(Schema.String)
const ServiceIds = Schema.Union(Schema.Array(NumericText), Schema.Literal("*"))

/**
 * A scope with its attributes.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ScopeSeed = Schema.Struct({
  name: Schema.String.annotations({ description: "Scope name" }),
  attributes: described(
    Schema.Record({ key: Schema.String, value: Schema.String }),
    "Scope attributes, e.g. { \"access_token.duration\": \"600\" }"
  )
}).annotations({ identifier: "ScopeSeed" })

/**
 * A service to declare; every field has a default.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ServiceSeed = Schema.Struct({
  serviceId: described(NumericText, "Service ID (numeric text); generated when absent"),
  scopes: described(
    Schema.Array(Schema.Union(Schema.String, ScopeSeed)),
    "Supported scopes; default openid profile email history.read timeline.read"
  ),
  supportedGrantTypes: described(Schema.Array(Schemas.GrantType), "Supported grant types; default all of them"),
  accessTokenDuration: described(Seconds, "Default access token lifetime, seconds (default 86400)"),
  refreshTokenDuration: described(Seconds, "Default refresh token lifetime, seconds (default 864000)"),
  idTokenDuration: described(Seconds, "ID token lifetime, seconds (default 86400)"),
  idTokenReissuable: described(Schema.Boolean, "Whether /idtoken/reissue is allowed (default true)"),
  idTokenAudType: described(Schema.Literal("array", "string"), "Default shape of aud in ID tokens (default array)"),
  issuer: described(Schema.String, "iss of ID tokens and JWT access tokens"),
  jwtAccessToken: described(Schema.Boolean, "Whether access tokens are also issued as JWTs (default false)"),
  bearers: described(
    Schema.Array(NonEmpty),
    "Bearers with access to this service; default emulator-bearer-<serviceId>"
  )
}).annotations({ identifier: "ServiceSeed" })

/**
 * A client to declare.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ClientSeed = Schema.Struct({
  serviceId: described(NumericText, "Owning service; default the default service"),
  clientId: described(PositiveInt, "Numeric client ID, unique across services"),
  clientIdAlias: described(Schema.String, "Client ID alias"),
  clientType: described(Schemas.ClientType, "Client type (default CONFIDENTIAL)"),
  clientName: described(Schema.String, "Client name"),
  scopes: described(ScopeList, "Scopes the client may request; default every scope of its service")
}).annotations({ identifier: "ClientSeed" })

/**
 * An extra token property.
 *
 * @since 0.2.0
 * @category schemas
 */
export const PropertySeed = Schema.Struct({
  key: Schema.String,
  value: Schema.String,
  hidden: described(Schema.Boolean, "Kept from the client application (default false)")
}).annotations({ identifier: "PropertySeed" })

/**
 * A pre-existing token; values are generated when absent.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TokenSeed = Schema.Struct({
  serviceId: described(NumericText, "Service; default the default service"),
  client: described(
    Schema.Union(PositiveInt, Schema.String),
    "Client ID or alias; default the service's first client"
  ),
  subject: described(Schema.NullOr(Schema.String), "Subject; default the default subject; null for none"),
  grantType: described(Schemas.GrantType, "Grant type (default AUTHORIZATION_CODE)"),
  scopes: described(ScopeList, "Scopes (default openid profile)"),
  accessToken: described(Schema.String, "Raw access token value"),
  refreshToken: described(Schema.NullOr(Schema.String), "Raw refresh token value; null for no refresh token"),
  accessTokenExpiresAt: described(Seconds, "Access token expiry, ms since the epoch"),
  refreshTokenExpiresAt: described(Seconds, "Refresh token expiry, ms since the epoch"),
  properties: described(Schema.Array(PropertySeed), "Extra properties")
}).annotations({ identifier: "TokenSeed" })

/**
 * A bearer with access to several services, or to all with `"*"`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const BearerSeed = Schema.Struct({
  token: NonEmpty.annotations({ description: "The bearer token value" }),
  serviceIds: ServiceIds.annotations({ description: "Services it may act on, or \"*\" for all" })
}).annotations({ identifier: "BearerSeed" })

/**
 * What can be added to a running emulator: services, clients, bearers and tokens, in that order.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Additions = Schema.Struct({
  services: described(Schema.Array(ServiceSeed), "More services"),
  clients: described(Schema.Array(ClientSeed), "More clients"),
  bearers: described(Schema.Array(BearerSeed), "More bearers (organization tokens)"),
  tokens: described(Schema.Array(TokenSeed), "Pre-existing tokens")
}).annotations({ identifier: "Additions" })

/**
 * The seed file: the default service and client, more services, clients, bearers and tokens, and the switches of the
 * points the documentation leaves open. `$schema` may name the JSON Schema for editors.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Seed = Schema.Struct({
  $schema: described(Schema.String, "The JSON Schema of this file, for editors"),
  service: described(ServiceSeed, "Overrides of the default service"),
  client: described(ClientSeed, "Overrides of the default client (of the default service)"),
  subject: described(Schema.String, "Default subject (default alice)"),
  ...Additions.fields,
  actionFailureStatus: described(Schema.Literal("200", "4xx"), "G6: how non-OK actions are answered (default 200)"),
  unknownServiceStatus: described(Schema.Literal(403, 404), "G2: status for an unknown service ID (default 403)"),
  deleteUnknownStatus: described(Schema.Literal(204, 404), "D2: status of a delete matching nothing (default 204)"),
  revokeUnknownStatus: described(Schema.Literal(200, 404), "R6: status of a revoke matching nothing (default 404)"),
  revokeBulkLimit: described(PositiveInt, "R3: tokens revoked at most by one bulk revoke"),
  listTokenStatusDefault: described(Schemas.TokenStatus, "L7: tokenStatus assumed when list sends none (default ALL)"),
  internalErrors: described(Schema.Array(AuthleteOperation.NameSchema), "I5: operations that fail with a 500")
}).annotations({
  identifier: "EmulatorSeed",
  title: "Authlete emulator seed",
  description: "Seed of @effect-authlete/test-kit's emulator (authlete-emulator --seed <file>)"
})

/**
 * A decoded seed file.
 *
 * @since 0.2.0
 * @category models
 */
export type Seed = typeof Seed.Type

// Both ways, field by field: every seed is emulator options, and every option has its place in the seed file.
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? [B, keyof B] extends [A, keyof A] ? true : false : false
const sameFields: [
  Same<Omit<Seed, "$schema">, AuthleteEmulator.EmulatorOptions>,
  Same<typeof ServiceSeed.Type, AuthleteEmulator.ServiceSeed>,
  Same<typeof ScopeSeed.Type, AuthleteEmulator.ScopeSeed>,
  Same<typeof ClientSeed.Type, AuthleteEmulator.ClientSeed>,
  Same<typeof TokenSeed.Type, AuthleteEmulator.TokenSeed>,
  Same<typeof PropertySeed.Type, AuthleteEmulator.PropertySeed>,
  Same<typeof BearerSeed.Type, AuthleteEmulator.BearerSeed>
] = [true, true, true, true, true, true, true]
void sameFields

/**
 * The seed file format as JSON Schema (draft-07), as shipped in `emulator-seed.schema.json`.
 *
 * @since 0.2.0
 * @category constants
 */
export const jsonSchema: JSONSchema.JsonSchema7Root = JSONSchema.make(Seed)

/**
 * A seed that cannot be used: not JSON, not the format, or declaring what cannot be (a client of an undeclared
 * service, a service declared twice). The message names the place, never a value.
 *
 * @since 0.2.0
 * @category errors
 */
export class SeedError extends Schema.TaggedError<SeedError>()("SeedError", { message: Schema.String }) {}

/**
 * Reads a seed from JSON text (unknown fields are refused, to catch typos); answers the emulator options.
 *
 * @since 0.2.0
 * @category decoding
 */
export const fromJson = (text: string): Effect.Effect<AuthleteEmulator.EmulatorOptions, SeedError> =>
  decodeJson(Seed, text).pipe(
    Effect.mapBoth({
      onFailure: (message) => new SeedError({ message }),
      onSuccess: ({ $schema: _, ...options }) => options
    })
  )
