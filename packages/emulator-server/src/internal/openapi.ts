/**
 * `GET /_emulator/openapi.json`: an OpenAPI 3.1 document of what the emulator serves, built from core's operation
 * rows (method, path, request and response JSON Schema from the rows' schemas) plus the server's own routes, so a
 * client generator or a contract test in any language reads the same description the SDK is built from.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
import * as JSONSchema from "effect/JSONSchema"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { adminPrefix, jwksPath } from "./paths.js"
import { version } from "./version.js"

type Json = Readonly<Record<string, unknown>>

const resultSchema: Json = {
  type: "object",
  properties: { resultCode: { type: "string" }, resultMessage: { type: "string" } }
}

const adminError: Json = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" } }
}

const json = (schema: Json) => ({ "application/json": { schema } })

const refusals = (codes: ReadonlyArray<number>) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { description: "A `result` body", content: json(resultSchema) }])
  )

const segment = /\{([A-Za-z]+)\}/g

const pathParameters = (path: string) =>
  Array.from(path.matchAll(segment), (match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" }
  }))

/** The identifier of a schema: on its AST, or on the class a `Schema.Class` declares. */
const identifierOf = (ast: AST.AST): string | undefined =>
  Option.getOrUndefined(Option.orElse(
    AST.getIdentifierAnnotation(ast),
    () => ast._tag === "Transformation" ? AST.getIdentifierAnnotation(ast.to) : Option.none()
  ))

/**
 * The JSON Schema of a schema, its definitions gathered under `components.schemas`, described from core's
 * `SchemaDescriptions` (the schemas carry no description annotations): the definitions it added and its own inline
 * objects.
 */
const schemaOf = (schema: Schema.Schema.Any, definitions: Record<string, JSONSchema.JsonSchema7>): Json => {
  const json = JSONSchema.fromAST(schema.ast, {
    definitions,
    definitionPath: "#/components/schemas/",
    target: "openApi3.1"
  })
  for (const [name, definition] of Object.entries(definitions)) {
    definitions[name] = SchemaDescriptions.annotateJsonSchema(definition, name)
  }
  return SchemaDescriptions.annotateJsonSchema(json, identifierOf(schema.ast)) as unknown as Json
}

/** The object schema behind a `$ref`, to list a `GET`'s query parameters. */
const resolve = (schema: Json, definitions: Record<string, JSONSchema.JsonSchema7>): Json => {
  const ref = schema.$ref
  return typeof ref === "string" && ref.startsWith("#/components/schemas/")
    ? (definitions[ref.slice("#/components/schemas/".length)] as unknown as Json | undefined) ?? schema
    : schema
}

const operationOf = (row: AuthleteOperation.Any, definitions: Record<string, JSONSchema.JsonSchema7>) => {
  const request = schemaOf(row.request, definitions)
  const inPath = new Set(AuthleteOperation.pathFields(row))
  const resolved = resolve(request, definitions)
  const properties = (resolved.properties ?? {}) as Record<string, Json>
  const required = new Set((resolved.required ?? []) as ReadonlyArray<string>)
  const query = row.method === "GET"
    ? Object.entries(properties).filter(([name]) => !inPath.has(name)).map(([name, schema]) => ({
      name,
      in: "query",
      required: required.has(name),
      schema
    }))
    : []
  return {
    operationId: row.name,
    summary: `${row.method} ${row.path}`,
    security: [{ bearer: [] }],
    parameters: [...pathParameters(row.path), ...query],
    ...(row.method === "POST" ? { requestBody: { required: true, content: json(request) } } : {}),
    responses: {
      ...(row.response === undefined
        ? { "204": { description: "Done, no body" } }
        : { "200": { description: "The answer", content: json(schemaOf(row.response, definitions)) } }),
      ...refusals([400, 401, 403, 404, 500])
    }
  }
}

interface AdminRoute {
  readonly method: "get" | "post" | "put" | "delete"
  readonly path: string
  readonly summary: string
  readonly open?: boolean
  readonly body?: Json
  readonly status?: number
}

/** The server's own routes, as the README's table describes them. */
export const adminRoutes: ReadonlyArray<AdminRoute> = [
  { method: "get", path: "/health", summary: "`{\"status\":\"ok\"}`", open: true },
  { method: "get", path: `${adminPrefix}/openapi.json`, summary: "This document", open: true },
  {
    method: "post",
    path: `${adminPrefix}/reset`,
    summary: "Back to the store the seed made, clock included",
    status: 204
  },
  { method: "post", path: `${adminPrefix}/seed`, summary: "Adds services, clients, bearers and tokens" },
  { method: "get", path: `${adminPrefix}/snapshot`, summary: "The whole store" },
  { method: "put", path: `${adminPrefix}/snapshot`, summary: "Replaces the store by a snapshot", status: 204 },
  { method: "get", path: `${adminPrefix}/faults`, summary: "The probabilistic fault settings" },
  { method: "put", path: `${adminPrefix}/faults`, summary: "Replaces the probabilistic fault settings" },
  { method: "delete", path: `${adminPrefix}/faults`, summary: "No more probabilistic faults", status: 204 },
  { method: "get", path: `${adminPrefix}/faults/script`, summary: "The scripted faults still pending" },
  {
    method: "post",
    path: `${adminPrefix}/faults/script`,
    summary: "The next `count` calls of `operation` answer `status` (429 or 5xx) with `Retry-After`",
    body: {
      type: "object",
      required: ["operation", "status", "count"],
      properties: {
        operation: { type: "string", enum: AuthleteOperation.all.map((row) => row.name) },
        status: { type: "integer" },
        count: { type: "integer", minimum: 1 },
        retryAfter: { type: "integer", minimum: 0 },
        serviceId: { type: "string" }
      }
    },
    status: 201
  },
  { method: "delete", path: `${adminPrefix}/faults/script`, summary: "No more scripted faults", status: 204 },
  { method: "get", path: `${adminPrefix}/stats`, summary: "Requests, aborts and faults on Authlete's routes" },
  { method: "get", path: `${adminPrefix}/clock`, summary: "The emulator's time and its offset from the real clock" },
  {
    method: "post",
    path: `${adminPrefix}/clock`,
    summary: "Moves the emulator's time forward",
    body: {
      type: "object",
      required: ["advance"],
      properties: { advance: { oneOf: [{ type: "number", minimum: 0 }, { type: "string" }] } }
    }
  },
  { method: "get", path: `${adminPrefix}/tenants`, summary: "The services of the store" },
  {
    method: "post",
    path: `${adminPrefix}/tenants`,
    summary: "Creates an isolated service with its own bearer and a client",
    body: {
      type: "object",
      properties: {
        scopes: { type: "array", items: { type: "string" } },
        accessTokenDuration: { type: "integer", minimum: 1 },
        refreshTokenDuration: { type: "integer", minimum: 1 },
        clientIdAlias: { type: "string" }
      }
    },
    status: 201
  },
  { method: "delete", path: `${adminPrefix}/tenants/{serviceId}`, summary: "Removes a tenant", status: 204 },
  { method: "post", path: `${adminPrefix}/tenants/{serviceId}/reset`, summary: "Removes a tenant's tokens" },
  { method: "get", path: `${adminPrefix}/tenants/{serviceId}/snapshot`, summary: "A tenant's part of the store" },
  { method: "get", path: `${adminPrefix}/journal`, summary: "The last requests, filtered, with counts" },
  { method: "delete", path: `${adminPrefix}/journal`, summary: "Empties the journal", status: 204 }
]

const journalQuery = ["operation", "status", "route", "serviceId", "since"].map((name) => ({
  name,
  in: "query",
  required: false,
  schema: { type: "string" }
}))

const adminOperation = (route: AdminRoute) => ({
  summary: route.summary,
  ...(route.open === true ? { security: [] } : { security: [{ adminBearer: [] }] }),
  parameters: [
    ...pathParameters(route.path),
    ...(route.path === `${adminPrefix}/journal` && route.method === "get" ? journalQuery : [])
  ],
  ...(route.body === undefined ? {} : { requestBody: { required: true, content: json(route.body) } }),
  responses: {
    [String(route.status ?? 200)]: route.status === 204
      ? { description: "Done, no body" }
      : { description: "JSON", content: json({ type: "object" }) },
    ...(route.open === true
      ? {}
      : {
        "400": { description: "Invalid input", content: json(adminError) },
        "401": { description: "The admin bearer is missing or wrong", content: json(adminError) },
        "404": { description: "No such route or tenant", content: json(adminError) }
      })
  }
})

let cached: Json | undefined

/** The document, built on first use. */
export const document = (): Json => (cached ??= make())

const make = (): Json => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const paths: Record<string, Record<string, unknown>> = {}
  for (const row of AuthleteOperation.all) {
    paths[row.path] = { ...paths[row.path], [row.method.toLowerCase()]: operationOf(row, definitions) }
  }
  paths[jwksPath] = {
    get: {
      operationId: "jwks",
      summary: "The service's public keys as a JWK set",
      security: [{ bearer: [] }],
      parameters: pathParameters(jwksPath),
      responses: {
        "200": { description: "A JWK set", content: json({ type: "object", properties: { keys: { type: "array" } } }) },
        ...refusals([401, 403, 404])
      }
    }
  }
  for (const route of adminRoutes) {
    paths[route.path] = { ...paths[route.path], [route.method]: adminOperation(route) }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Authlete emulator",
      version,
      description: "Authlete's token-management API as the emulator serves it, and the emulator's admin API"
    },
    paths,
    components: {
      schemas: definitions,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A service's bearer (AUTHLETE_BEARER)" },
        adminBearer: { type: "http", scheme: "bearer", description: "AUTHLETE_EMULATOR_ADMIN_BEARER" }
      }
    }
  }
}
