/**
 * The request as the wire carries it, typed by core's request schema with every field optional and enumerations as
 * text: what a rule reads. Built from the schema's encoded side once per operation.
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import type * as SchemaIssue from "effect/SchemaIssue"
import type { Handled } from "./handler.js"
import type { Env } from "./state.js"
import type { WireReply } from "./wire.js"
import { isRecord } from "./wire.js"

/** What the wire carries for an operation: its encoded request, every field optional. */
export type WireRequest<N extends AuthleteOperation.Name> = Partial<AuthleteOperation.Of<N>["request"]["Encoded"]>

/** A union of string literals (an `action`, a grant type): read as text, the rule answers unknown values. */
const isEnumeration = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isUnion(ast) && ast.types.some(SchemaAST.isLiteral) &&
  ast.types.every((member) =>
    (SchemaAST.isLiteral(member) && typeof member.literal === "string") || SchemaAST.isUndefined(member)
  )

const isNumeric = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isUnion(ast) ? ast.types.some(isNumeric) : SchemaAST.isNumber(ast)

/** The encoded struct with every field optional and enumerations as strings. */
const wireShape = (schema: Schema.Top) => {
  const encoded = SchemaAST.toEncoded(schema.ast)
  if (!SchemaAST.isObjects(encoded)) throw new Error("a request schema must be a struct")
  const fields: Record<string, Schema.Top> = {}
  for (const property of encoded.propertySignatures) {
    const type = isEnumeration(property.type) ? SchemaAST.string : property.type
    fields[String(property.name)] = Schema.optionalKey(Schema.make(SchemaAST.toType(type)))
  }
  return {
    schema: Schema.Struct(fields) as unknown as Schema.Codec<Record<string, unknown>>,
    numeric: encoded.propertySignatures.filter((p) => isNumeric(p.type))
  }
}

/** The first field an issue points at, or `(body)`. */
const fieldOf = (issue: SchemaIssue.Issue): string => {
  let current: SchemaIssue.Issue = issue
  for (;;) {
    switch (current._tag) {
      case "Pointer":
        return current.path.length === 0 ? "(body)" : String(current.path[0])
      case "Composite":
      case "AnyOf": {
        const first = current.issues[0]
        if (first === undefined) return "(body)"
        current = first
        break
      }
      case "Filter":
      case "Encoding":
        current = current.issue
        break
      default:
        return "(body)"
    }
  }
}

/** Nested no deeper than any request schema goes: what lies below is the schema's to refuse. */
const maxNullDepth = 8

/** `null` members read as absent, as Authlete does (`received` on our side). */
const withoutNulls = (value: unknown, depth: number): unknown => {
  if (depth > maxNullDepth) return value
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth + 1))
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const key in value) {
    if (value[key] !== null) out[key] = withoutNulls(value[key], depth + 1)
  }
  return out
}

/**
 * A request as read: its fields, or the first field of the wrong type. Plain tagged values (not `Result`, which is
 * `Either` in Effect 3), so that the handler reading them is the same file in both editions.
 */
export type Read<N extends AuthleteOperation.Name> =
  | { readonly _tag: "Read"; readonly request: WireRequest<N> }
  | { readonly _tag: "Invalid"; readonly field: string }

/** Reads an operation's request from a JSON body or from path and query parameters; fails with the field at fault. */
export interface Reader<N extends AuthleteOperation.Name> {
  readonly fromJson: (body: unknown) => Read<N>
  readonly fromParams: (params: Readonly<Record<string, string | undefined>>) => Read<N>
}

const reader = <N extends AuthleteOperation.Name>(operation: AuthleteOperation.Of<N>): Reader<N> => {
  const shape = wireShape(operation.request)
  const decode = Schema.decodeUnknownResult(shape.schema, { onExcessProperty: "ignore" })
  const numeric = new Set(shape.numeric.map((property) => String(property.name)))
  const fromJson = (body: unknown): Read<N> => {
    const decoded = decode(withoutNulls(body, 0))
    return Result.isFailure(decoded)
      ? { _tag: "Invalid", field: fieldOf(decoded.failure.issue) }
      : { _tag: "Read", request: decoded.success as WireRequest<N> }
  }
  return {
    fromJson,
    fromParams: (params) => {
      const input: Record<string, unknown> = {}
      for (const key in params) {
        const value = params[key]
        if (value === undefined || (value === "" && numeric.has(key))) continue
        input[key] = numeric.has(key) && /^-?\d{1,16}$/.test(value) ? Number(value) : value
      }
      return fromJson(input)
    }
  }
}

const readers = new Map<string, Reader<any>>()

/** The operation's reader, built once. */
export const readerOf = <N extends AuthleteOperation.Name>(operation: AuthleteOperation.Of<N>): Reader<N> => {
  const cached = readers.get(operation.name)
  if (cached !== undefined) return cached
  const built = reader(operation)
  readers.set(operation.name, built)
  return built
}

/** The bearer of an `Authorization` header: `Bearer x` or a bare `x`; none when empty. */
export const bearerOf = (authorization: string | undefined): string | undefined => {
  const value = authorization?.trim()
  if (value === undefined || value === "") return undefined
  const match = /^bearer(?:\s+(.*))?$/i.exec(value)
  if (match === null) return value
  const token = match[1]?.trim()
  return token === undefined || token === "" ? undefined : token
}

/**
 * One operation's rule: what it answers a readable request (a plain value unless it must wait, for a signature or a
 * verification), a field of the wrong type, an Authlete-side failure.
 */
export interface Rule<N extends AuthleteOperation.Name> {
  readonly run: (env: Env, request: WireRequest<N>) => Handled<WireReply>
  readonly invalid: (env: Env, field: string) => WireReply
  readonly internalError: (env: Env) => WireReply
}
