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
import type * as JsonSchema from "effect/JsonSchema"
import * as Schema from "effect/Schema"
import { TypeId } from "./EmulatorError.js"
import { decodeJson } from "./internal/issues.js"

/**
 * An optional field with its description. Written as an identity transformation because the JSON Schema of a struct
 * with defaults (a transformation) is made of its encoded side, which keeps only a transformed field's annotations.
 */
const described = <S extends Schema.Top>(schema: S, description: string) =>
  Schema.optional(schema).annotateKey({ description })

const NumericText = Schema.String.check(Schema.isPattern(/^[0-9]+$/))
const Seconds = Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Number.check(Schema.isInt(), Schema.isGreaterThan(0))
const NonEmpty = Schema.String.check(Schema.isMinLength(1))
const ScopeList = Schema.Array(Schema.String)
const ServiceIds = Schema.Union([Schema.Array(NumericText), Schema.Literal("*")])

/**
 * A scope with its attributes.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ScopeSeed = Schema.Struct({
  name: Schema.String.annotate({ description: "Scope name" }),
  attributes: described(
    Schema.Record(Schema.String, Schema.String),
    "Scope attributes, e.g. { \"access_token.duration\": \"600\" }"
  )
}).annotate({ identifier: "ScopeSeed" })

/**
 * A service to declare; every field has a default.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ServiceSeed = Schema.Struct({
  serviceId: described(NumericText, "Service ID (numeric text); generated when absent"),
  scopes: described(
    Schema.Array(Schema.Union([Schema.String, ScopeSeed])),
    "Supported scopes; default openid profile email history.read timeline.read"
  ),
  supportedGrantTypes: described(Schema.Array(Schemas.GrantType), "Supported grant types; default all of them"),
  accessTokenDuration: described(Seconds, "Default access token lifetime, seconds (default 86400)"),
  refreshTokenDuration: described(Seconds, "Default refresh token lifetime, seconds (default 864000)"),
  idTokenDuration: described(Seconds, "ID token lifetime, seconds (default 86400)"),
  idTokenReissuable: described(Schema.Boolean, "Whether /idtoken/reissue is allowed (default true)"),
  idTokenAudType: described(Schema.Literals(["array", "string"]), "Default shape of aud in ID tokens (default array)"),
  issuer: described(Schema.String, "iss of ID tokens and JWT access tokens"),
  jwtAccessToken: described(Schema.Boolean, "Whether access tokens are also issued as JWTs (default false)"),
  bearers: described(
    Schema.Array(NonEmpty),
    "Bearers with access to this service; default emulator-bearer-<serviceId>"
  )
}).annotate({ identifier: "ServiceSeed" })

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
}).annotate({ identifier: "ClientSeed" })

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
}).annotate({ identifier: "PropertySeed" })

/**
 * A pre-existing token; values are generated when absent.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TokenSeed = Schema.Struct({
  serviceId: described(NumericText, "Service; default the default service"),
  client: described(
    Schema.Union([PositiveInt, Schema.String]),
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
}).annotate({ identifier: "TokenSeed" })

/**
 * A bearer with access to several services, or to all with `"*"`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const BearerSeed = Schema.Struct({
  token: NonEmpty.annotate({ description: "The bearer token value" }),
  serviceIds: ServiceIds.annotate({ description: "Services it may act on, or \"*\" for all" })
}).annotate({ identifier: "BearerSeed" })

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
}).annotate({ identifier: "Additions" })

/** An optional field that decodes to its default when absent; the default shows in the JSON Schema. */
const withDefault = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  value: S["Type"] & S["Encoded"],
  description: string
) =>
  schema.pipe(Schema.withDecodingDefaultKey(Effect.succeed(value))).annotateKey({
    description,
    default: value
  })

/**
 * What the emulator decides by default: the default subject, the switches of the points the documentation leaves
 * open (catalogued in `RULES.md`), and the operations that fail as an Authlete-side error. Decoding fills in each
 * default: the decoded value is what the emulator runs with.
 *
 * @since 0.3.0
 * @category schemas
 */
export const Settings = Schema.Struct({
  subject: withDefault(Schema.String, "alice", "Default subject"),
  actionFailureStatus: withDefault(
    Schema.Literals(["200", "4xx"]),
    "200",
    "G6: non-OK actions answer 200 with the action, or a 4xx/5xx result body that also carries it"
  ),
  unknownServiceStatus: withDefault(Schema.Literals([403, 404]), 403, "G2: status for an unknown service ID"),
  deleteUnknownStatus: withDefault(Schema.Literals([204, 404]), 204, "D2: status of a delete matching nothing"),
  revokeUnknownStatus: withDefault(
    Schema.Literals([200, 404]),
    404,
    "R6: a single-token revoke matching nothing answers 404, or 200 with count 0"
  ),
  revokeBulkLimit: withDefault(PositiveInt, 20, "R3: tokens revoked at most by one bulk revoke"),
  listTokenStatusDefault: withDefault(Schemas.TokenStatus, "ALL", "L7: tokenStatus assumed when list sends none"),
  internalErrors: withDefault(
    Schema.Array(AuthleteOperation.NameSchema),
    [],
    "I5: operations that fail as an Authlete-side error (changeable with setInternalErrors)"
  )
}).annotate({ identifier: "EmulatorSettings" })

/**
 * How the emulator is seeded and how it settles the points the documentation leaves open: the default service and
 * client, more services, clients, bearers and tokens, and the {@link Settings}. `AuthleteEmulator.EmulatorOptions`
 * is its encoded side (every field optional); decoding fills in the defaults.
 *
 * @since 0.3.0
 * @category schemas
 */
export const Options = Schema.Struct({
  service: described(ServiceSeed, "Overrides of the default service"),
  client: described(ClientSeed, "Overrides of the default client (of the default service)"),
  ...Additions.fields,
  ...Settings.fields
}).annotate({ identifier: "EmulatorOptions" })

/**
 * The seed file: the emulator's {@link Options} as JSON. `$schema` may name the JSON Schema for editors.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Seed = Schema.Struct({
  $schema: described(Schema.String, "The JSON Schema of this file, for editors"),
  ...Options.fields
}).annotate({
  identifier: "EmulatorSeed",
  title: "Authlete emulator seed",
  description: "Seed of @effect-authlete/emulator's emulator (authlete-emulator --seed <file>)"
})

/**
 * A decoded seed file (defaults filled in).
 *
 * @since 0.2.0
 * @category models
 */
export type Seed = typeof Seed.Type

/**
 * The seed file format as JSON Schema (draft-07), as shipped in `emulator-seed.schema.json`.
 *
 * @since 0.2.0
 * @category constants
 */
export const jsonSchema: JsonSchema.Document<"draft-2020-12"> = Schema.toJsonSchemaDocument(Seed)

/**
 * A seed that cannot be used: not JSON, not the format, or declaring what cannot be (a client of an undeclared
 * service, a service declared twice). The message names the place, never a value.
 *
 * @since 0.2.0
 * @category errors
 */
export class SeedError extends Schema.TaggedError<SeedError>("@effect-authlete/emulator/SeedError")("SeedError", {
  message: Schema.String
}) {
  /**
   * Marks this error as one of this package's, for `EmulatorError.isEmulatorError`.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Reads a seed from JSON text (unknown fields are refused, to catch typos); answers the emulator options.
 *
 * @since 0.2.0
 * @category decoding
 */
export const fromJson = (text: string): Effect.Effect<typeof Options.Encoded, SeedError> =>
  decodeJson(Seed, text).pipe(
    Effect.mapBoth({
      onFailure: (message) => new SeedError({ message }),
      onSuccess: ({ $schema: _, ...options }) => options
    })
  )
