/**
 * What the emulator's shared public modules need of `Schema` where Effect 3 and Effect 4 spell it differently, in
 * one place: the Effect 4 edition's (this file); the modules that import it are the Effect 3 edition's files, shared.
 * Each export is, or gives, Effect's own type: declarations that mention them name `effect/Schema`, never this
 * unexported module.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

/** A schema from a type to its encoded form: `Schema.Codec` (Effect 3: `Schema.Schema`). */
export type { Codec } from "effect/Schema"

type NonEmptyLiterals = readonly [SchemaAST.LiteralValue, ...Array<SchemaAST.LiteralValue>]

/** One of the literals: `Schema.Literals(literals)` (Effect 3: `Schema.Literal(...literals)`). */
export const literals = <const L extends NonEmptyLiterals>(literals: L): Schema.Literals<L> => Schema.Literals(literals)

/** One of two schemas or more: `Schema.Union(members)` (Effect 3: `Schema.Union(...members)`). */
export const union = <const Members extends readonly [Schema.Top, Schema.Top, ...Array<Schema.Top>]>(
  ...members: Members
): Schema.Union<Members> => Schema.Union(members)

/** Strings by string: `Schema.Record(key, value)` (Effect 3: `Schema.Record({ key, value })`). */
export const StringRecord = Schema.Record(Schema.String, Schema.String)

/** Any object: `Schema.ObjectKeyword` (Effect 3: `Schema.Object`). */
export const ObjectKeyword = Schema.ObjectKeyword

/** A number, 0 or more: `Schema.Number` checked (Effect 3: `Schema.NonNegative`). */
export const NonNegative = Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))

/** The schema with an `identifier`: `schema.annotate(...)` (Effect 3: `schema.annotations(...)`). */
export const identified = <S extends Schema.Top>(schema: S, identifier: string): S["Rebuild"] =>
  schema.annotate({ identifier })

/**
 * The decode of `input`, a failure being a defect made by `onError` from its message: `Schema.decodeUnknownEffect`
 * (Effect 3: `Schema.decodeUnknown`).
 */
export const decodeOrDie =
  <A, I>(schema: Schema.Codec<A, I>, onError: (message: string) => unknown) => (input: unknown): Effect.Effect<A> =>
    Effect.orDie(Effect.mapError(Schema.decodeUnknownEffect(schema)(input), (error) => onError(error.message)))
