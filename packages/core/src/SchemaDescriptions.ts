/**
 * The documentation of every field of core's schemas, as data: what each request and response field means, and what
 * each request does. It is read by tooling (the CLI's help and `--output-schema`, the emulator server's
 * `openapi.json`, the API reference), not by a client: the schemas themselves carry no description annotations, so a
 * browser bundle does not ship this text. Editors still show each field's text on hover, from the TSDoc of
 * `Schemas`; `test/descriptions.test.ts` holds the two to the same words, and this table to exactly the fields of
 * every request and response of `AuthleteOperation.all`.
 *
 * Plain data, no Effect import: both editions (Effect 3 and Effect 4) share this module, and their schemas have the
 * same identifiers and fields.
 *
 * @since 0.3.0
 */

/**
 * The documentation of one schema: its own description (a request's says what the operation does) and its fields'.
 *
 * @since 0.3.0
 * @category models
 */
export interface SchemaDescription {
  /** What the schema is; a request's says what its operation does (the CLI's summary of the command). */
  readonly description?: string
  /** Each field's description, by field name. */
  readonly fields: { readonly [field: string]: string }
  /**
   * The fields whose value is an object of another documented schema (directly, as array elements or nullable), by
   * that schema's key here: where {@link annotateJsonSchema} looks for the descriptions of an inline object.
   */
  readonly nested?: { readonly [field: string]: string }
}

/**
 * Every schema's documentation, keyed by the schema's identifier: a response class's name
 * (`Schemas.TokenCreateResponse.identifier`), a request struct's `identifier` annotation (`TokenCreateRequest`), a
 * shared model's class name (`Property`, `AccessToken` …). The two request-side models without an identifier of their
 * own are `PropertyInput` (an element of a request's `properties`) and `AuthzDetailsInput` (a request's
 * `authorizationDetails`).
 *
 * @example
 * ```ts
 * import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
 *
 * console.log(SchemaDescriptions.descriptions.TokenCreateResponse.fields.expiresAt)
 * // When the access token expires, in milliseconds since the epoch.
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export const descriptions = {
  Property: {
    fields: {
      key: "Name of the property.",
      value: "Value of the property.",
      hidden: "Hidden from the client application: kept on the server side only."
    }
  },
  AuthorizationDetailsElement: {
    fields: {
      type: "Type of the element (RFC 9396 `type`).",
      locations: "Locations of the resource server or resource (URIs).",
      actions: "Actions to be taken at the resource.",
      dataTypes: "Kinds of data requested from the resource.",
      identifier: "Identifier of a specific resource.",
      privileges: "Types or levels of privilege.",
      otherFields: "The element's other members, as a JSON object in text."
    }
  },
  AuthzDetails: {
    fields: {
      elements: "The RFC 9396 `authorization_details` elements."
    },
    nested: { elements: "AuthorizationDetailsElement" }
  },
  TaggedValue: {
    fields: {
      tag: "Language tag (BCP 47), e.g. `ja`.",
      value: "The text in that language."
    }
  },
  ClientLimited: {
    fields: {
      number: "Sequence number of the client in Authlete.",
      clientName: "Name of the client.",
      clientNames: "Name of the client, per language.",
      description: "Description of the client.",
      descriptions: "Description of the client, per language.",
      clientId: "Numeric client ID.",
      clientIdAlias: "Client ID alias.",
      clientIdAliasEnabled: "Whether the client ID alias may be used in place of the client ID.",
      clientType: "`PUBLIC` or `CONFIDENTIAL`."
    },
    nested: { clientNames: "TaggedValue", descriptions: "TaggedValue" }
  },
  AccessToken: {
    fields: {
      accessTokenHash: "Hash of the access token value: usable as `accessTokenIdentifier`.",
      accessTokenExpiresAt: "When the access token expires, in milliseconds since the epoch.",
      refreshTokenHash: "Hash of the refresh token value: usable as `refreshTokenIdentifier`.",
      refreshTokenExpiresAt: "When the refresh token expires, in milliseconds since the epoch.",
      createdAt: "When the token was created, in milliseconds since the epoch.",
      lastRefreshedAt: "When the token was last refreshed, in milliseconds since the epoch (0 if never).",
      clientId: "Numeric ID of the client the token was issued to.",
      subject: "Subject of the resource owner; absent for client credentials.",
      grantType: "Grant type the token was issued with.",
      scopes: "Scopes of the access token.",
      properties: "Extra properties stored with the token.",
      refreshTokenScopes: "Scopes of the refresh token, when they differ from the access token's."
    },
    nested: { properties: "Property" }
  },
  Result: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A001202`.",
      resultMessage: "Human-readable description of the result."
    }
  },
  PropertyInput: {
    fields: {
      key: "Name of the property.",
      value: "Value of the property.",
      hidden: "Hide the property from the client application: kept on the server side only."
    }
  },
  AuthzDetailsInput: {
    fields: {
      elements: "The RFC 9396 `authorization_details` elements."
    },
    nested: { elements: "AuthorizationDetailsElement" }
  },
  IdTokenReissueRequest: {
    description: "Reissue an ID token for the token pair of an `/auth/token` answer that said `ID_TOKEN_REISSUABLE`.",
    fields: {
      accessToken: "The `jwtAccessToken` from the `/auth/token` response if present, otherwise its `accessToken`.",
      refreshToken: "The `refreshToken` from the `/auth/token` response.",
      sub: "`sub` of the new ID token; defaults to the subject bound to the access token.",
      claims: "A JSON object, as text, merged into the ID token payload.",
      idtHeaderParams: "A JSON object, as text, merged into the ID token's JWS header.",
      idTokenAudType: "`\"array\"` (default) or `\"string\"`: the shape of `aud`."
    }
  },
  IdTokenReissueResponse: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A361001`.",
      resultMessage: "Human-readable description of the result.",
      action: "`OK` (send `responseContent` to the client), `CALLER_ERROR` or `INTERNAL_SERVER_ERROR`.",
      responseContent: "Body of the token endpoint's response, to send verbatim.",
      idToken: "The new ID token (a signed JWT)."
    }
  },
  TokenListRequest: {
    description:
      "List the tokens of a service (hashes, never values), optionally filtered by client, subject and expiry.",
    fields: {
      clientIdentifier: "Client ID or client ID alias to filter on.",
      subject: "End-user subject to filter on.",
      start: "First index, inclusive.",
      end: "Last index, exclusive.",
      tokenStatus: "Unexpired (`VALID`), expired (`INVALID`) or all (`ALL`) tokens."
    }
  },
  TokenListResponse: {
    fields: {
      start: "Index of the first token of this page, inclusive.",
      end: "Index after the last token of this page, exclusive.",
      totalCount: "Number of tokens matching the filter, across all pages.",
      client: "The client, when the list is filtered by client.",
      subject: "The subject, when the list is filtered by subject.",
      accessTokens: "The tokens of this page: hashes, never values."
    },
    nested: { client: "ClientLimited", accessTokens: "AccessToken" }
  },
  TokenCreateRequest: {
    description: "Create an access token (and possibly a refresh token) outside any grant flow.",
    fields: {
      grantType: "Grant type recorded on the token (`REFRESH_TOKEN` is refused by Authlete).",
      clientId: "Numeric ID of the client the token is bound to.",
      clientIdentifier: "Client ID or alias, as an alternative to `clientId`.",
      subject: "Subject of the resource owner; required unless the grant is `CLIENT_CREDENTIALS` or `JWT_BEARER`.",
      scopes: "Scopes to attach; all must be supported by the service.",
      accessTokenDuration: "Access token lifetime in seconds; 0 or absent means the service's default.",
      refreshTokenDuration: "Refresh token lifetime in seconds; 0 or absent means the service's default.",
      properties: "Extra properties stored with the token.",
      clientIdAliasUsed: "Behave as if the client ID alias had been used.",
      clientEntityIdUsed: "Behave as if the client's entity ID had been used.",
      accessToken: "Use this access token value instead of generating one.",
      refreshToken: "Use this refresh token value instead of generating one.",
      accessTokenPersistent: "The access token never expires; `accessTokenDuration` is ignored.",
      certificateThumbprint: "Base64url SHA-256 thumbprint of the client certificate the token is bound to.",
      dpopKeyThumbprint: "JWK thumbprint of the DPoP key the token is bound to.",
      authorizationDetails: "RAR authorization details to attach.",
      resources: "RFC 8707 resources to attach.",
      forExternalAttachment: "The token is for an OIDC4IDA external attachment.",
      jwtAtClaims: "JSON object, as text, added to the payload of a JWT access token.",
      acr: "Authentication context class reference of the user authentication.",
      authTime: "Time of the user authentication, in seconds since the epoch.",
      sessionId: "The user's authentication session ID."
    },
    nested: { properties: "PropertyInput", authorizationDetails: "AuthzDetailsInput" }
  },
  TokenCreateResponse: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A109001`.",
      resultMessage: "Human-readable description of the result.",
      action: "`OK` when the token was created; otherwise `BAD_REQUEST`, `FORBIDDEN` or `INTERNAL_SERVER_ERROR`.",
      accessToken: "The new access token value.",
      clientId: "Numeric ID of the client the token is bound to.",
      expiresAt: "When the access token expires, in milliseconds since the epoch.",
      expiresIn: "Lifetime of the access token, in seconds.",
      grantType: "Grant type recorded on the token.",
      properties: "Extra properties stored with the token.",
      refreshToken: "The new refresh token value, when the grant type allows one.",
      scopes: "Scopes of the access token.",
      subject: "Subject of the resource owner.",
      tokenType: "Token type, e.g. `Bearer` or `DPoP`.",
      jwtAccessToken: "The access token as a JWT, when the service issues JWT access tokens.",
      authorizationDetails: "RAR authorization details attached to the token.",
      forExternalAttachment: "Whether the token is for an OIDC4IDA external attachment.",
      tokenId: "Token identifier (`jti` of a JWT access token).",
      refreshTokenScopes: "Scopes of the refresh token, when they differ from the access token's.",
      clientIdentifier: "The client ID or alias the request named.",
      sessionId: "The user's authentication session ID."
    },
    nested: { properties: "Property", authorizationDetails: "AuthzDetails" }
  },
  TokenUpdateRequest: {
    description: "Change the expiry, scopes, properties or bindings of an access token.",
    fields: {
      accessToken: "The access token to update (raw value); takes precedence over `accessTokenHash`.",
      accessTokenHash: "Hash of the access token, when only the hash is known (the raw value is accepted too).",
      refreshToken: "The token's refresh token (raw value), when the access token is not at hand.",
      refreshTokenHash: "Hash of the refresh token (the raw value is accepted too).",
      accessTokenExpiresAt:
        "New access token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged.",
      refreshTokenExpiresAt:
        "New refresh token expiry in milliseconds since the epoch; 0, negative or absent leaves it unchanged.",
      scopes: "New scope set; absent leaves it unchanged.",
      properties: "New property set; absent leaves it unchanged.",
      accessTokenExpiresAtUpdatedOnScopeUpdate:
        "Recompute the access token expiry from the new scopes' `access_token.duration` attribute.",
      refreshTokenExpiresAtUpdatedOnScopeUpdate:
        "Recompute the refresh token expiry from the new scopes' `refresh_token.duration` attribute.",
      accessTokenPersistent: "The access token never expires; `accessTokenExpiresAt` is ignored.",
      accessTokenValueUpdated: "Generate a new access token value and return it.",
      certificateThumbprint: "Base64url SHA-256 thumbprint of the client certificate the token is bound to.",
      dpopKeyThumbprint: "JWK thumbprint of the DPoP key the token is bound to.",
      authorizationDetails: "New authorization details; absent leaves them unchanged.",
      forExternalAttachment: "The token is for an OIDC4IDA external attachment.",
      tokenId: "Token identifier."
    },
    nested: { properties: "PropertyInput", authorizationDetails: "AuthzDetailsInput" }
  },
  TokenUpdateResponse: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A135001`.",
      resultMessage: "Human-readable description of the result.",
      action:
        "`OK` when the token was updated, `NOT_FOUND` when there is no such token; otherwise `BAD_REQUEST`, `FORBIDDEN` or `INTERNAL_SERVER_ERROR`.",
      accessToken: "The access token value: a new one when `accessTokenValueUpdated` was set.",
      accessTokenExpiresAt: "When the access token expires, in milliseconds since the epoch.",
      refreshTokenExpiresAt: "When the refresh token expires, in milliseconds since the epoch.",
      scopes: "Scopes of the access token.",
      properties: "Extra properties stored with the token.",
      authorizationDetails: "RAR authorization details attached to the token.",
      tokenType: "Token type, e.g. `Bearer` or `DPoP`.",
      forExternalAttachment: "Whether the token is for an OIDC4IDA external attachment.",
      tokenId: "Token identifier (`jti` of a JWT access token)."
    },
    nested: { properties: "Property", authorizationDetails: "AuthzDetails" }
  },
  TokenDeleteRequest: {
    description: "Remove a token record (access and refresh token) from Authlete.",
    fields: {
      accessTokenIdentifier: "The raw access token or its hash."
    }
  },
  TokenRevokeRequest: {
    description: "Revoke one token pair, or the tokens of a client and/or a subject (at most 20 per call).",
    fields: {
      accessTokenIdentifier: "Raw access token or its hash.",
      refreshTokenIdentifier: "Raw refresh token or its hash.",
      clientIdentifier: "Client ID or client ID alias.",
      subject: "Subject of the resource owner."
    }
  },
  TokenRevokeResponse: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A189001`.",
      resultMessage: "Human-readable description of the result.",
      count: "Number of tokens this call revoked."
    }
  },
  IntrospectionRequest: {
    description:
      "Introspect an access token a resource server received: whether it exists, is usable and covers what the resource requires.",
    fields: {
      token: "The access token to introspect (its raw value, as the client presented it).",
      scopes: "Scopes the resource requires; a token that lacks one is answered `FORBIDDEN`.",
      subject: "Subject the resource requires; a token of another subject is answered `FORBIDDEN`.",
      clientCertificate: "The client certificate (PEM) the request came with, for a certificate-bound token.",
      dpop: "The `DPoP` header the request came with, for a DPoP-bound token.",
      htm: "HTTP method of the resource request, checked against the DPoP proof.",
      htu: "URL of the resource, checked against the DPoP proof."
    }
  },
  IntrospectionResponse: {
    fields: {
      resultCode: "Authlete's result code, e.g. `A056001`.",
      resultMessage: "Human-readable description of the result.",
      action: "`OK`, `UNAUTHORIZED`, `FORBIDDEN`, `BAD_REQUEST` or `INTERNAL_SERVER_ERROR`.",
      responseContent: "The `WWW-Authenticate` header value to answer the client with when `action` is not `OK`.",
      clientId: "Numeric ID of the client the token was issued to.",
      clientIdAlias: "The client ID alias, when the client has one.",
      clientIdAliasUsed: "Whether the token was requested with the client ID alias.",
      subject: "Subject of the resource owner; absent for client credentials.",
      scopes: "Scopes of the access token.",
      expiresAt: "When the access token expires, in milliseconds since the epoch.",
      existent: "Whether the token exists.",
      usable: "Whether the token exists, has not expired and its binding (certificate, DPoP key) is proven.",
      sufficient: "Whether the token covers every scope (and the subject) the request required.",
      refreshable: "Whether the token has a refresh token that has not expired.",
      grantType: "Grant type the token was issued with.",
      properties: "Extra properties stored with the token.",
      certificateThumbprint: "Thumbprint of the client certificate the token is bound to."
    },
    nested: { properties: "Property" }
  }
} as const satisfies { readonly [identifier: string]: SchemaDescription }

/**
 * The identifier of a documented schema.
 *
 * @since 0.3.0
 * @category models
 */
export type Identifier = keyof typeof descriptions

const table: { readonly [identifier: string]: SchemaDescription | undefined } = descriptions

/**
 * The documentation of the schema with this identifier, if it is one of core's.
 *
 * @since 0.3.0
 * @category accessors
 */
export const schemaDescription = (identifier: string): SchemaDescription | undefined =>
  Object.hasOwn(table, identifier) ? table[identifier] : undefined

/**
 * The description of a field of a schema (by the schema's identifier), or, without a field, of the schema itself;
 * `undefined` for what is not documented here.
 *
 * @example
 * ```ts
 * import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
 *
 * console.log(SchemaDescriptions.descriptionOf("TokenListRequest", "start")) // First index, inclusive.
 * console.log(SchemaDescriptions.descriptionOf("TokenDeleteRequest"))
 * // Remove a token record (access and refresh token) from Authlete.
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const descriptionOf = (identifier: string, field?: string): string | undefined => {
  const schema = schemaDescription(identifier)
  if (schema === undefined) return undefined
  if (field === undefined) return schema.description
  return Object.hasOwn(schema.fields, field) ? schema.fields[field] : undefined
}

type Json = { [key: string]: unknown }

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * A property's JSON Schema with a description. One with a `$ref` is wrapped (`allOf`), as Effect's `JSONSchema.make`
 * does: a sibling of `$ref` is ignored before draft 2019-09.
 */
const describedAs = (property: unknown, description: string): unknown => {
  if (!isObject(property)) return property
  return typeof property.$ref === "string" ? { allOf: [property], description } : { ...property, description }
}

/** The object schemas a property holds: itself, its array elements, the members of its `anyOf`/`oneOf`/`allOf`. */
const objectsIn = (schema: unknown): Array<Json> => {
  if (!isObject(schema)) return []
  if (isObject(schema.properties)) return [schema]
  const members = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((list) => Array.isArray(list) ? list : [])
  return [...(schema.items === undefined ? [] : [schema.items]), ...members].flatMap(objectsIn)
}

/** Fills an object schema (in place) with the descriptions of `identifier`, and its inline nested objects'. */
const fill = (schema: Json, identifier: string): void => {
  const documented = schemaDescription(identifier)
  if (documented === undefined || !isObject(schema.properties)) return
  if (documented.description !== undefined && schema.description === undefined) {
    schema.description = documented.description
  }
  const properties: Json = schema.properties
  for (const field of Object.keys(properties)) {
    const description = Object.hasOwn(documented.fields, field) ? documented.fields[field] : undefined
    if (description === undefined) continue
    const property = describedAs(properties[field], description)
    const nested = documented.nested !== undefined && Object.hasOwn(documented.nested, field)
      ? documented.nested[field]
      : undefined
    if (nested !== undefined) { for (const object of objectsIn(property)) fill(object, nested) }
    properties[field] = property
  }
}

/** The definitions of a JSON Schema document: `$defs`, `definitions` or an OpenAPI document's `components.schemas`. */
const definitionsOf = (document: Json): Json | undefined => {
  if (isObject(document.$defs)) return document.$defs
  if (isObject(document.definitions)) return document.definitions
  return isObject(document.components) && isObject(document.components.schemas)
    ? document.components.schemas
    : undefined
}

/**
 * A JSON Schema of one of core's schemas with its descriptions filled in from {@link descriptions}: a copy of
 * `jsonSchema` (as `JSONSchema.make` answers it in Effect 3, or Effect 4's `Schema.toJsonSchemaDocument`) where every
 * definition named by a documented identifier (or, as Effect 4 names a class's, the identifier and `Encoded`), the root (when `identifier` is given, or when the root is a `$ref` to
 * a definition) and the inline objects they hold get their descriptions. What is already described keeps its text;
 * a bare `$ref` that gets a description is wrapped in `allOf`.
 *
 * The schemas carry no description annotations, so `JSONSchema.make(Schemas.TokenCreateRequest)` alone has none:
 *
 * @example
 * ```ts
 * import * as Schemas from "@effect-authlete/core/Schemas"
 * import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
 * import * as JSONSchema from "effect/JSONSchema"
 *
 * const documented = SchemaDescriptions.annotateJsonSchema(JSONSchema.make(Schemas.TokenCreateRequest))
 * const response = SchemaDescriptions.annotateJsonSchema(
 *   JSONSchema.make(Schemas.TokenCreateResponse),
 *   Schemas.TokenCreateResponse.identifier
 * )
 * console.log(JSON.stringify(documented).includes("Numeric ID of the client the token is bound to.")) // true
 * console.log(JSON.stringify(response).includes("The new access token value.")) // true
 * ```
 *
 * @since 0.3.0
 * @category utils
 */
export const annotateJsonSchema = <A>(jsonSchema: A, identifier?: string): A => {
  if (!isObject(jsonSchema)) return jsonSchema
  const document = structuredClone(jsonSchema) as Json
  const definitions = definitionsOf(document)
  if (definitions !== undefined) {
    for (const [name, definition] of Object.entries(definitions)) {
      // Effect 4 names a class's definition by its encoded side: `TokenCreateResponseEncoded`
      const documented = schemaDescription(name) === undefined && name.endsWith("Encoded") ? name.slice(0, -7) : name
      if (isObject(definition)) fill(definition, documented)
    }
  }
  // Effect 4's document holds its root under `schema`
  const root = typeof document.dialect === "string" && isObject(document.schema) ? document.schema : document
  if (identifier !== undefined && typeof root.$ref !== "string") {
    for (const object of objectsIn(root)) fill(object, identifier)
  }
  return document as A
}
