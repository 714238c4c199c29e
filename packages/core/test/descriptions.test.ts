/**
 * Field documentation where users look. Each field's text is written twice: as TSDoc in `Schemas` (both editions), so
 * an editor's hover shows it, and in `SchemaDescriptions`, the table tooling reads (the CLI, `openapi.json`, the API
 * reference, `annotateJsonSchema`). Checked here: the table has exactly the fields of every request and response of
 * every operation of `AuthleteOperation.all` (and of the models they hold), no more; hover shows the table's text in
 * both editions; the schemas themselves carry no description annotation (the text stays out of a client's bundle);
 * and the request rules read as sentences in `RequestValidationError.description`.
 */
import { HttpClient } from "@effect/platform"
import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, JSONSchema, Layer, Option } from "effect"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import * as AuthleteClient from "../src/AuthleteClient.js"
import * as AuthleteOperation from "../src/AuthleteOperation.js"
import * as SchemaDescriptions from "../src/SchemaDescriptions.js"
import * as Schemas from "../src/Schemas.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { undescribed } from "./utils/jsonSchema.js"

/** The identifier of a schema: on its AST, or on the class a `Schema.Class` declares. */
const identifierOf = (ast: AST.AST): string | undefined =>
  Option.getOrUndefined(Option.orElse(
    AST.getIdentifierAnnotation(ast),
    () => ast._tag === "Transformation" ? AST.getIdentifierAnnotation(ast.to) : Option.none()
  ))

/** The object types a field's type holds: itself, array elements, union members, a class's fields. */
const objectsIn = (ast: AST.AST): Array<AST.TypeLiteral> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return [ast]
    case "Refinement":
      return objectsIn(ast.from)
    case "Transformation":
      // a class's fields are the `from` side; a secret's `to` side is no object either
      return objectsIn(ast.from)
    case "Union":
      return ast.types.flatMap(objectsIn)
    case "TupleType":
      return [...ast.elements.map((element) => element.type), ...ast.rest.map((rest) => rest.type)].flatMap(objectsIn)
    case "Suspend":
      return objectsIn(ast.f())
    default:
      return []
  }
}

/** Every operation's request and response schema, from the rows, and the models they share. */
const roots: ReadonlyArray<Schema.Schema.AnyNoContext> = [
  ...AuthleteOperation.all.flatMap((operation) =>
    [operation.request, operation.response].filter((schema) => schema !== undefined)
  ) as Array<Schema.Schema.AnyNoContext>,
  Schemas.Result
]

interface Documented {
  /** The table's key. */
  readonly identifier: string
  /** The object type whose fields it documents. */
  readonly type: AST.TypeLiteral
  /** Where it was reached, for messages. */
  readonly at: string
}

/**
 * Every documented object type: the roots (by identifier), then, following the table's `nested` links, the objects
 * their fields hold. A field holding an object without a `nested` link is an undocumented object: listed apart.
 */
const walk = () => {
  const documented: Array<Documented> = []
  const unlinked: Array<string> = []
  const queue: Array<Documented> = roots.map((schema) => {
    const identifier = identifierOf(schema.ast) ?? "(no identifier)"
    return { identifier, type: objectsIn(schema.ast)[0], at: identifier }
  })
  const seen = new Set<AST.TypeLiteral>()
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next.type)) continue
    seen.add(next.type)
    documented.push(next)
    const nested = SchemaDescriptions.schemaDescription(next.identifier)?.nested ?? {}
    for (const property of next.type.propertySignatures) {
      const field = String(property.name)
      const objects = objectsIn(property.type)
      if (objects.length === 0) continue
      const target = nested[field]
      if (target === undefined) unlinked.push(`${next.at}.${field}`)
      else for (const type of objects) queue.push({ identifier: target, type, at: `${next.at}.${field}` })
    }
  }
  return { documented, unlinked }
}

const { documented, unlinked } = walk()

/** The type an editor hovers for each identifier: an export of `Schemas`, or where an unnamed input struct sits. */
const hoverTypes: Readonly<Record<string, string>> = {
  PropertyInput: "NonNullable<Schemas.TokenCreateRequest[\"properties\"]>[number]",
  AuthzDetailsInput: "NonNullable<Schemas.TokenCreateRequest[\"authorizationDetails\"]>"
}

/** Every `(identifier, field, description)` of the table. */
const entries = Object.entries(SchemaDescriptions.descriptions).flatMap(([identifier, schema]) =>
  Object.entries(schema.fields).map(([field, description]) => ({ identifier, field, description }))
)

/**
 * What an editor shows when hovering `value.<field>` for a value of each documented type, in the `Schemas.ts` of the
 * edition whose core test folder is `testDir` (the Effect 4 edition's resolves `effect` 4 from its own folder).
 */
const hoverDocs = async (testDir: string): Promise<Map<string, string>> => {
  const file = `${testDir}__hover__.ts`
  const probes = entries.map(({ field, identifier }, i) => ({
    key: `${identifier}.${field}`,
    line: `declare const v${i}: ${hoverTypes[identifier] ?? `Schemas.${identifier}`}; v${i}.${field}`
  }))
  const text = `import type * as Schemas from "../src/Schemas.js"\n${probes.map((p) => p.line).join("\n")}\n`
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name)
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content)
    },
    getCurrentDirectory: () => testDir,
    getCompilationSettings: () => ({
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: true,
      // the Effect 4 edition's shared files are links, read where they are linked (as its tsconfig does)
      preserveSymlinks: true,
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
  for (const [i, probe] of probes.entries()) {
    // the type-checker runs synchronously: let the test runner's messages through now and then
    if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve))
    const position = offset + probe.line.lastIndexOf(".") + 1
    const info = service.getQuickInfoAtPosition(file, position)
    docs.set(probe.key, ts.displayPartsToString(info?.documentation))
    offset += probe.line.length + 1
  }
  return docs
}

describe("the table of descriptions", () => {
  it("documents exactly the fields of every request, response and model of every operation", () => {
    expect(documented.length).toBeGreaterThan(15)
    const problems: Array<string> = []
    for (const { at, identifier, type } of documented) {
      const schema = SchemaDescriptions.schemaDescription(identifier)
      if (schema === undefined) {
        problems.push(`${at}: no entry ${identifier}`)
        continue
      }
      const fields = type.propertySignatures.map((property) => String(property.name))
      for (const field of fields) if (!Object.hasOwn(schema.fields, field)) problems.push(`${at}.${field}: no entry`)
      for (const field of Object.keys(schema.fields)) {
        if (!fields.includes(field)) problems.push(`${identifier}.${field}: an entry for no field (at ${at})`)
      }
      for (const field of Object.keys(schema.nested ?? {})) {
        if (!fields.includes(field)) problems.push(`${identifier}.${field}: a nested link for no field`)
      }
    }
    const reached = new Set(documented.map(({ identifier }) => identifier))
    for (const identifier of Object.keys(SchemaDescriptions.descriptions)) {
      if (!reached.has(identifier)) problems.push(`${identifier}: an entry no operation's schema reaches`)
    }
    expect(problems).toEqual([])
    expect(unlinked, "fields holding an object without a nested link").toEqual([])
  })

  it("every description is a sentence; every request says what its operation does (the CLI's summary)", () => {
    expect(entries.length).toBeGreaterThan(100)
    expect(entries.filter(({ description }) => !/^.{8,}\.$/.test(description))).toEqual([])
    for (const operation of AuthleteOperation.all) {
      const identifier = identifierOf(operation.request.ast)!
      expect(SchemaDescriptions.descriptionOf(identifier), operation.name).toMatch(/^.{20,}\.$/)
    }
  })

  it("instants and durations name their unit", () => {
    for (
      const [name, field] of [
        ["TokenCreateResponse", "expiresAt"],
        ["TokenUpdateResponse", "accessTokenExpiresAt"],
        ["TokenUpdateRequest", "refreshTokenExpiresAt"],
        ["AccessToken", "createdAt"],
        ["AccessToken", "lastRefreshedAt"]
      ]
    ) {
      expect(SchemaDescriptions.descriptionOf(name, field), `${name}.${field}`).toContain(
        "milliseconds since the epoch"
      )
    }
    expect(SchemaDescriptions.descriptionOf("TokenCreateResponse", "expiresIn")).toContain("in seconds")
    expect(SchemaDescriptions.descriptionOf("TokenCreateRequest", "accessTokenDuration")).toContain("in seconds")
    expect(SchemaDescriptions.descriptionOf("TokenCreateRequest", "authTime")).toContain("seconds since the epoch")
  })

  it("descriptionOf answers undefined for what is not documented", () => {
    expect(SchemaDescriptions.descriptionOf("TokenCreateRequest", "noSuchField")).toBeUndefined()
    expect(SchemaDescriptions.descriptionOf("TokenCreateRequest", "toString")).toBeUndefined()
    expect(SchemaDescriptions.descriptionOf("NoSuchSchema", "subject")).toBeUndefined()
    expect(SchemaDescriptions.descriptionOf("constructor")).toBeUndefined()
    expect(SchemaDescriptions.descriptionOf("TokenCreateResponse")).toBeUndefined()
  })

  it("the schemas carry no description annotation: the text stays out of a client's bundle", () => {
    const annotated: Array<string> = []
    for (const { at, type } of documented) {
      for (const property of type.propertySignatures) {
        if (Option.isSome(AST.getDescriptionAnnotation(property))) annotated.push(`${at}.${String(property.name)}`)
      }
    }
    for (const schema of roots) {
      const at = identifierOf(schema.ast)!
      if (
        SchemaDescriptions.descriptionOf(at) !== undefined && Option.isSome(AST.getDescriptionAnnotation(schema.ast))
      ) {
        annotated.push(at)
      }
    }
    expect(annotated).toEqual([])
  })

  it("annotateJsonSchema describes every property of every object of each schema's JSON Schema, nested ones too", () => {
    for (const schema of roots) {
      const identifier = identifierOf(schema.ast)!
      const plain = JSONSchema.make(schema)
      const json = SchemaDescriptions.annotateJsonSchema(plain, identifier)
      expect(undescribed(json).filter((path) => !path.startsWith("#/$defs/SecretInput")), identifier).toEqual([])
      expect(undescribed(plain).length, `${identifier} without the table`).toBeGreaterThan(0)
      // a copy: the argument is left as it was
      expect(json).not.toBe(plain)
    }
    // a request's root is a `$ref` to its definition: no identifier needed
    const create = SchemaDescriptions.annotateJsonSchema(JSONSchema.make(Schemas.TokenCreateRequest)) as {
      readonly $defs: Record<string, { readonly description?: string; readonly properties: Record<string, unknown> }>
    }
    expect(create.$defs.TokenCreateRequest.description).toBe(SchemaDescriptions.descriptionOf("TokenCreateRequest"))
    // a bare `$ref` that gets a description is wrapped, as JSONSchema.make does
    expect(create.$defs.TokenCreateRequest.properties.accessToken).toEqual({
      allOf: [{ $ref: "#/$defs/SecretInput" }],
      description: "Use this access token value instead of generating one."
    })
  })

  it("annotateJsonSchema reads Effect 4's JSON Schema document (`schema` and `definitions`) too", () => {
    const document = {
      dialect: "draft-2020-12",
      schema: { $ref: "#/$defs/TokenRevokeRequest" },
      definitions: {
        TokenRevokeRequest: { type: "object", properties: { subject: { type: "string" } } },
        Property: { type: "object", properties: { key: { type: "string" } } },
        TokenRevokeResponseEncoded: { type: "object", properties: { count: { type: "number" } } }
      }
    }
    expect(SchemaDescriptions.annotateJsonSchema(document)).toEqual({
      ...document,
      definitions: {
        TokenRevokeRequest: {
          type: "object",
          properties: { subject: { type: "string", description: "Subject of the resource owner." } },
          description: SchemaDescriptions.descriptionOf("TokenRevokeRequest")
        },
        Property: { type: "object", properties: { key: { type: "string", description: "Name of the property." } } },
        // Effect 4 names a class's definition by its encoded side
        TokenRevokeResponseEncoded: {
          type: "object",
          properties: { count: { type: "number", description: "Number of tokens this call revoked." } }
        }
      }
    })
    const inline = { dialect: "draft-2020-12", schema: { type: "object", properties: { count: {} } }, definitions: {} }
    expect(SchemaDescriptions.annotateJsonSchema(inline, "TokenRevokeResponse").schema.properties.count).toEqual({
      description: "Number of tokens this call revoked."
    })
  })
})

describe("hover shows the table's text", () => {
  const here = fileURLToPath(new URL(".", import.meta.url))
  const editions = [
    ["Effect 3", here],
    ["Effect 4", fileURLToPath(new URL("../../../editions/effect4/packages/core/test/", import.meta.url))]
  ] as const

  for (const [edition, testDir] of editions) {
    it(`${edition}: on filtered requests, response classes and nested inputs alike`, async () => {
      const docs = await hoverDocs(testDir)
      const differing = entries.filter(({ description, field, identifier }) =>
        docs.get(`${identifier}.${field}`) !== description
      )
      expect(
        differing.map(({ field, identifier }) =>
          `${identifier}.${field}: ${JSON.stringify(docs.get(`${identifier}.${field}`))}`
        )
      ).toEqual([])
    }, 120_000)
  }
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

  // A wrong type reads as the type expected (or the values allowed), never as a field's documentation.
  it.effect("a wrong type names what is expected", () =>
    Effect.gen(function*() {
      const grantType = yield* refusal(TokenManagement.create({ grantType: 5 } as never))
      assert.strictEqual(
        grantType._tag === "RequestValidationError" && grantType.description,
        "[\"grantType\"] expected \"AUTHORIZATION_CODE\" or \"IMPLICIT\" or \"PASSWORD\" or \"CLIENT_CREDENTIALS\" or " +
          "\"REFRESH_TOKEN\" or \"CIBA\" or \"DEVICE_CODE\" or \"TOKEN_EXCHANGE\" or \"JWT_BEARER\" or " +
          "\"PRE_AUTHORIZED_CODE\""
      )
      const element = yield* refusal(
        TokenManagement.create({ grantType: "PASSWORD", authorizationDetails: { elements: [{ type: 5 }] } } as never)
      )
      assert.include(
        element._tag === "RequestValidationError" ? element.description : "",
        "[\"authorizationDetails\"][\"elements\"][0][\"type\"] expected string"
      )
    }))
})
