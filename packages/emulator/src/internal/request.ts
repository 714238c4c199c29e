/**
 * Requests as Authlete reads them, from core's own request schemas: each field typed as on the wire, none required,
 * enumerations read as plain text, `null` read as absent. Which fields are missing and which values are unknown is
 * left to the operation's rules (C1, I1, R4, L2, …), so every face of the emulator answers them alike.
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { Handled } from "./handler.js"
import type { Env } from "./state.js"
import type { WireReply } from "./wire.js"
import { isRecord } from "./wire.js"

/** The fields of an operation's request as the wire carries them, each optional. */
export type WireRequest<N extends AuthleteOperation.Name> = Partial<
  Schema.Schema.Encoded<AuthleteOperation.Of<N>["request"]>
>

/** A union of string literals (an enumeration), possibly with `undefined`. */
const isEnumeration = (ast: AST.AST): boolean =>
  AST.isUnion(ast) &&
  ast.types.some(AST.isLiteral) &&
  ast.types.every((member) =>
    (AST.isLiteral(member) && typeof member.literal === "string") || AST.isUndefinedKeyword(member)
  )

/** Whether the type, below its refinements, is a number. */
const isNumeric = (ast: AST.AST): boolean => {
  let current = ast
  while (AST.isRefinement(current)) current = current.from
  if (AST.isUnion(current)) return current.types.some(isNumeric)
  return AST.isNumberKeyword(current)
}

/** The wire shape of a request schema: the encoded side, its fields' refinements kept, its own checks dropped. */
const wireShape = (schema: Schema.Schema.Any): AST.TypeLiteral => {
  let ast = schema.ast
  while (AST.isRefinement(ast)) ast = ast.from
  const encoded = Schema.encodedBoundSchema(Schema.make(ast)).ast
  if (!AST.isTypeLiteral(encoded)) throw new Error("a request schema must be a struct")
  return new AST.TypeLiteral(
    encoded.propertySignatures.map((property) =>
      new AST.PropertySignature(
        property.name,
        isEnumeration(property.type) ? AST.stringKeyword : property.type,
        true,
        true
      )
    ),
    encoded.indexSignatures
  )
}

/** The first field named by a parse failure (`(body)` when it is the request as a whole). */
const fieldOf = (issue: ParseResult.ParseIssue): string => {
  let current: ParseResult.ParseIssue = issue
  for (;;) {
    switch (current._tag) {
      case "Pointer": {
        const path = Array.isArray(current.path) ? current.path : [current.path]
        return path.length === 0 ? "(body)" : String(path[0])
      }
      case "Composite": {
        const issues = current.issues
        const first = Array.isArray(issues) ? issues[0] : issues
        if (first === undefined) return "(body)"
        current = first as ParseResult.ParseIssue
        break
      }
      case "Refinement":
      case "Transformation":
        current = current.issue
        break
      default:
        return "(body)"
    }
  }
}

/** How deep `null` members are looked for; deeper values are left to the schema, which refuses them. */
const maxNullDepth = 8

/** `null` members read as absent, as Authlete's JSON binding reads them. */
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
 * A request as read: its fields, or the first field of the wrong type. Plain tagged values (not `Either`, which is
 * `Result` in Effect 4), so that the handler reading them is the same file in both editions.
 */
export type Read<N extends AuthleteOperation.Name> =
  | { readonly _tag: "Read"; readonly request: WireRequest<N> }
  | { readonly _tag: "Invalid"; readonly field: string }

/** Reads one operation's request. */
export interface Reader<N extends AuthleteOperation.Name> {
  /** The request of a parsed JSON body, or the first field of the wrong type. */
  readonly fromJson: (body: unknown) => Read<N>
  /** The request of path parameters and query parameters (integers read from their text). */
  readonly fromParams: (params: Readonly<Record<string, string | undefined>>) => Read<N>
}

const reader = <N extends AuthleteOperation.Name>(operation: AuthleteOperation.Of<N>): Reader<N> => {
  const shape = wireShape(operation.request)
  const decode = ParseResult.decodeUnknownEither(Schema.make<WireRequest<N>>(shape), { onExcessProperty: "ignore" })
  const numeric = new Set(
    shape.propertySignatures.filter((property) => isNumeric(property.type)).map((property) => String(property.name))
  )
  const fromJson = (body: unknown): Read<N> => {
    const decoded = decode(withoutNulls(body, 0))
    return Either.isLeft(decoded)
      ? { _tag: "Invalid", field: fieldOf(decoded.left) }
      : { _tag: "Read", request: decoded.right }
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

/** The reader of an operation, built once. */
export const readerOf = <N extends AuthleteOperation.Name>(operation: AuthleteOperation.Of<N>): Reader<N> => {
  const cached = readers.get(operation.name)
  if (cached !== undefined) return cached
  const built = reader(operation)
  readers.set(operation.name, built)
  return built
}

/**
 * The token of an `Authorization` header: what follows a `Bearer` scheme (any case); the whole value for another
 * scheme, so that it is refused as an unknown token; `undefined` when the header is absent or blank. A token is one
 * word: `Bearer Bearer x` carries the token `Bearer x`, which no bearer matches (a doubled scheme is the client's bug
 * and is refused, never hidden).
 */
export const bearerOf = (authorization: string | undefined): string | undefined => {
  const value = authorization?.trim()
  if (value === undefined || value === "") return undefined
  const match = /^bearer(?:\s+(.*))?$/i.exec(value)
  if (match === null) return value
  const token = match[1]?.trim()
  return token === undefined || token === "" ? undefined : token
}

/**
 * One operation's rules: its answer to a request (a plain value unless it must wait, for a signature or a
 * verification), to a field of the wrong type, and to an Authlete-side failure (I5).
 */
export interface Rule<N extends AuthleteOperation.Name> {
  readonly run: (env: Env, request: WireRequest<N>) => Handled<WireReply>
  readonly invalid: (env: Env, field: string) => WireReply
  readonly internalError: (env: Env) => WireReply
}
