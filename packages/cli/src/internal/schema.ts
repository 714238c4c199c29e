/**
 * The shape of what a command prints, from the response schema: the columns of CSV (every field, in the schema's
 * order) and the JSON Schema `--output-schema` prints. Both follow what `toPlain` does to an answer: absent fields
 * are left out (never `null`), token values are strings (`<redacted>` unless `--show-secrets`) and each token value
 * gets its hash next to it.
 */
import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
import * as JSONSchema from "effect/JSONSchema"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { fieldDescriptionOf, identifierOf, propertiesOf } from "./flags.js"
import { hashed } from "./output.js"

/** The property signatures of a struct or a `Schema.Class`. */
const fieldsOf = (schema: Schema.Schema.Any): ReadonlyArray<AST.PropertySignature> => {
  const ast = schema.ast
  // a `Schema.Class` is a transformation from its fields' struct to the class
  return ast._tag === "Transformation" && propertiesOf(ast.to).length === 0 ? propertiesOf(ast.from) : propertiesOf(ast)
}

/** The descriptions of a schema's fields (core's `SchemaDescriptions`, else their annotations). */
const descriptionsOf = (schema: Schema.Schema.Any): Map<string, string> => {
  const descriptions = new Map<string, string>()
  for (const property of fieldsOf(schema)) {
    const description = fieldDescriptionOf(schema.ast, property)
    if (Option.isSome(description)) descriptions.set(String(property.name), description.value)
  }
  return descriptions
}

/** The fields of a record of this schema as printed, in the schema's order, with the hash fields added. */
export const columnsOf = (schema: Schema.Schema.Any): Array<string> => {
  const names = fieldsOf(schema).map((property) => String(property.name))
  const columns: Array<string> = []
  for (const name of names) {
    columns.push(name)
    const hash = hashed[name]
    if (hash !== undefined && !names.includes(hash)) columns.push(hash)
  }
  return columns
}

type Json = Record<string, unknown>

/** `{anyOf: [X, {type: "null"}]}` → `X`, all the way down: the CLI drops absent fields rather than printing `null`. */
const withoutNull = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(withoutNull)
  if (typeof schema !== "object" || schema === null) return schema
  const walked: Json = {}
  for (const [key, value] of Object.entries(schema)) walked[key] = withoutNull(value)
  const anyOf = walked.anyOf
  if (!Array.isArray(anyOf)) return walked
  const members = anyOf.filter((member) => (member as Json).type !== "null")
  if (members.length === anyOf.length) return walked
  const { anyOf: _, ...rest } = walked
  return members.length === 1 ? { ...(members[0] as Json), ...rest } : { anyOf: members, ...rest }
}

/**
 * The JSON Schema of one printed record of this schema: its wire form, minus `null`, plus the hash fields, every field
 * described (nested ones too).
 */
export const recordSchemaOf = (schema: Schema.Schema.Any, title: string): Json => {
  const encoded = JSONSchema.make(Schema.encodedSchema(schema)) as unknown as Json
  // the nested objects' descriptions (a token's `properties`, a list's `client` …), by core's identifiers
  const identifier = Option.getOrUndefined(identifierOf(schema.ast))
  const { $schema: _, ...json } = identifier === undefined
    ? encoded
    : SchemaDescriptions.annotateJsonSchema(encoded, identifier)
  const properties = (json.properties ?? {}) as Record<string, unknown>
  const descriptions = descriptionsOf(schema)
  const printed: Record<string, unknown> = {}
  for (const name of columnsOf(schema)) {
    const description = descriptions.get(name)
    printed[name] = Object.hasOwn(properties, name)
      ? { ...(withoutNull(properties[name]) as Json), ...(description === undefined ? {} : { description }) }
      : { type: "string", description: `Unpadded base64url SHA-256 of ${name.replace(/Hash$/, "")}` }
  }
  return { ...json, title, properties: printed }
}

/**
 * The JSON Schema of a record the CLI makes itself (not an answer of Authlete's): a closed object of typed, described
 * fields, `required` listing those always present.
 */
export const objectSchema = (
  title: string,
  required: ReadonlyArray<string>,
  fields: Readonly<Record<string, readonly [type: "string" | "number" | "boolean", description: string]>>
): Json => ({
  title,
  type: "object",
  required,
  properties: Object.fromEntries(
    Object.entries(fields).map(([name, [type, description]]) => [name, { type, description }])
  ),
  additionalProperties: false
})

/** A JSON Schema document: `$schema` and the given schema. */
export const document = (schema: Json): Json => ({ $schema: "http://json-schema.org/draft-07/schema#", ...schema })
