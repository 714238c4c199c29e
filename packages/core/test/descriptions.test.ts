/**
 * Field documentation where users look: every request and response field carries a `description` annotation, so
 * `JSONSchema.make` (and any tool reading the schema) shows it, and the same text as TSDoc, so an editor's hover shows
 * it. Both are checked here, hover through TypeScript's own language service; and the request rules read as
 * sentences in `RequestValidationError.description`.
 */
import { HttpClient } from "@effect/platform"
import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, JSONSchema, Layer } from "effect"
import type * as Schema from "effect/Schema"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import * as AuthleteClient from "../src/AuthleteClient.js"
import * as AuthleteOperation from "../src/AuthleteOperation.js"
import * as Schemas from "../src/Schemas.js"
import * as TokenManagement from "../src/TokenManagement.js"

/** The name `Schemas` exports a schema under (the hover probes below spell its type). */
const exportName = (schema: unknown): string => {
  const entry = Object.entries(Schemas).find(([, value]) => value === schema)
  if (entry === undefined) throw new Error("an operation's schema is not exported by Schemas")
  return entry[0]
}

/** Every operation's request and response schema, from the descriptions, and the models they share. */
const schemas: Record<string, Schema.Schema.AnyNoContext> = {
  ...Object.fromEntries(
    AuthleteOperation.all.flatMap((operation) =>
      [operation.request, operation.response].filter((schema) => schema !== undefined).map((
        schema
      ) => [exportName(schema), schema as Schema.Schema.AnyNoContext])
    )
  ),
  AccessToken: Schemas.AccessToken,
  ClientLimited: Schemas.ClientLimited,
  Property: Schemas.Property,
  AuthzDetails: Schemas.AuthzDetails,
  AuthorizationDetailsElement: Schemas.AuthorizationDetailsElement,
  TaggedValue: Schemas.TaggedValue,
  Result: Schemas.Result
}

interface JsonObject {
  readonly $ref?: string
  readonly $defs?: Record<string, JsonObject>
  readonly properties?: Record<string, { readonly description?: string }>
}

/** The top-level properties of a schema's JSON Schema, following a `$ref` to its definition. */
const propertiesOf = (schema: Schema.Schema.AnyNoContext) => {
  const json = JSONSchema.make(schema) as JsonObject
  const root = json.$ref === undefined ? json : json.$defs![json.$ref.replace("#/$defs/", "")]
  return root.properties!
}

/** Every `(schema, field, description)` of the table above, as JSON Schema reports it. */
const fields = Object.entries(schemas).flatMap(([name, schema]) =>
  Object.entries(propertiesOf(schema)).map(([field, property]) => ({ name, field, description: property.description }))
)

/** What an editor shows when hovering `value.<field>` for a value of type `Schemas.<name>`. */
const hoverDocs = (): Map<string, string> => {
  const dir = fileURLToPath(new URL(".", import.meta.url))
  const file = `${dir}__hover__.ts`
  const probes = fields.map(({ field, name }, i) => ({
    key: `${name}.${field}`,
    line: `declare const v${i}: Schemas.${name}; v${i}.${field}`
  }))
  const text = `import type * as Schemas from "../src/Schemas.js"\n${probes.map((p) => p.line).join("\n")}\n`
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name)
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content)
    },
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => ({
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: true,
      types: []
    }),
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => name === file ? text : ts.sys.readFile(name),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories
  }
  const service = ts.createLanguageService(host)
  const docs = new Map<string, string>()
  let offset = text.indexOf("\n") + 1
  for (const probe of probes) {
    const position = offset + probe.line.lastIndexOf(".") + 1
    const info = service.getQuickInfoAtPosition(file, position)
    docs.set(probe.key, ts.displayPartsToString(info?.documentation))
    offset += probe.line.length + 1
  }
  return docs
}

describe("field descriptions", () => {
  it("every field of every request and response has a description in its JSON Schema", () => {
    expect(fields.length).toBeGreaterThan(100)
    const missing = fields.filter(({ description }) => description === undefined || description.length < 8)
    expect(missing.map(({ field, name }) => `${name}.${field}`)).toEqual([])
  })

  it("instants and durations name their unit", () => {
    const describedAs = (name: string, field: string) =>
      fields.find((entry) => entry.name === name && entry.field === field)?.description ?? ""
    for (
      const [name, field] of [
        ["TokenCreateResponse", "expiresAt"],
        ["TokenUpdateResponse", "accessTokenExpiresAt"],
        ["TokenUpdateRequest", "refreshTokenExpiresAt"],
        ["AccessToken", "createdAt"],
        ["AccessToken", "lastRefreshedAt"]
      ]
    ) expect(describedAs(name, field), `${name}.${field}`).toContain("milliseconds since the epoch")
    expect(describedAs("TokenCreateResponse", "expiresIn")).toContain("in seconds")
    expect(describedAs("TokenCreateRequest", "accessTokenDuration")).toContain("in seconds")
    expect(describedAs("TokenCreateRequest", "authTime")).toContain("seconds since the epoch")
  })

  it("hover shows the same text as TSDoc, on filtered requests and on response classes alike", () => {
    const docs = hoverDocs()
    const differing = fields.filter(({ description, field, name }) => docs.get(`${name}.${field}`) !== description)
    expect(differing.map(({ field, name }) => `${name}.${field}: ${JSON.stringify(docs.get(`${name}.${field}`))}`))
      .toEqual([])
  }, 60_000)
})

describe("request rules read as sentences", () => {
  // Core over an HttpClient that must never be reached: a refused request sends nothing.
  const Unreachable = TokenManagement.layer.pipe(
    Layer.provide(AuthleteClient.layer({ baseUrl: "http://127.0.0.1:9", serviceId: "1" })),
    Layer.provide(
      Layer.succeed(HttpClient.HttpClient, HttpClient.make(() => Effect.dieMessage("a refused request was sent")))
    )
  )
  const refusal = <A, E, R>(call: Effect.Effect<A, E, R>) =>
    call.pipe(Effect.flip, Effect.provide(Unreachable)) as Effect.Effect<E>

  it.effect("revoke without a target", () =>
    Effect.gen(function*() {
      const error = yield* refusal(TokenManagement.revoke({}))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.strictEqual(
        error.message,
        "revoke refused an invalid request: the request must name at least one of accessTokenIdentifier, " +
          "refreshTokenIdentifier, clientIdentifier or subject"
      )
    }))

  it.effect("update without a token", () =>
    Effect.gen(function*() {
      const error = yield* refusal(TokenManagement.update({ scopes: ["a"] }))
      assert.strictEqual(
        error._tag === "RequestValidationError" && error.description,
        "[\"accessToken\"] must be given, or accessTokenHash, refreshToken or refreshTokenHash instead"
      )
    }))

  it.effect("list with end before start", () =>
    Effect.gen(function*() {
      const error = yield* refusal(TokenManagement.list({ start: 5, end: 2 }))
      assert.strictEqual(
        error._tag === "RequestValidationError" && error.description,
        "[\"end\"] must not be less than start"
      )
    }))
})
