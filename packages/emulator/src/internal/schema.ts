/**
 * What the emulator's shared public modules need of `Schema` where Effect 3 and Effect 4 spell it differently, in
 * one place: the Effect 3 edition's (this file); the Effect 4 edition has its own `schema.ts` with the same exports.
 * Each export is, or gives, Effect's own type: declarations that mention them name `effect/Schema`, never this
 * unexported module.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

/** A schema from a type to its encoded form: `Schema.Schema` (Effect 4: `Schema.Codec`). */
export type { Schema as Codec } from "effect/Schema"

type NonEmptyLiterals = readonly [SchemaAST.LiteralValue, ...Array<SchemaAST.LiteralValue>]

/** One of the literals: `Schema.Literal(...literals)` (Effect 4: `Schema.Literals(literals)`). */
export const literals = <const L extends NonEmptyLiterals>(literals: L): Schema.Literal<L> =>
  Schema.Literal<L>(...literals)

/** One of two schemas or more: `Schema.Union(...members)` (Effect 4: `Schema.Union(members)`). */
export const union = <const Members extends SchemaAST.Members<Schema.Schema.All>>(
  ...members: Members
): Schema.Union<Members> => Schema.Union<Members>(...members)

/** Strings by string: `Schema.Record({ key, value })` (Effect 4: `Schema.Record(key, value)`). */
export const StringRecord = Schema.Record({ key: Schema.String, value: Schema.String })

/** Any object: `Schema.Object` (Effect 4: `Schema.ObjectKeyword`). */
export const ObjectKeyword = Schema.Object

/** A number, 0 or more: `Schema.NonNegative` (Effect 4: `Schema.Number` checked). */
export const NonNegative = Schema.NonNegative

/** The schema with an `identifier`: `schema.annotations(...)` (Effect 4: `schema.annotate(...)`). */
export const identified = <S extends Schema.Annotable.All>(schema: S, identifier: string): Schema.Annotable.Self<S> =>
  schema.annotations({ identifier })

/**
 * The decode of `input`, a failure being a defect made by `onError` from its message: `Schema.decodeUnknown`
 * (Effect 4: `Schema.decodeUnknownEffect`).
 */
export const decodeOrDie =
  <A, I>(schema: Schema.Schema<A, I, never>, onError: (message: string) => unknown) =>
  (input: unknown): Effect.Effect<A> =>
    Effect.orDieWith(Schema.decodeUnknown(schema)(input), (error) => onError(error.message))
