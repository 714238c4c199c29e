/**
 * What core's shared modules (`Schemas.ts`, `AuthleteOperation.ts`, `AuthleteError.ts`) need of `Schema` where
 * Effect 3 and Effect 4 spell it differently, in one place: the Effect 3 edition's (this file); the Effect 4 edition
 * has its own `schema.ts` with the same exports, and the modules that import it are shared by both.
 *
 * The types are Effect's own, re-exported under one name (not aliases of this module): declarations that mention
 * them, here or in a package built on this one, name `effect/Schema`'s types, never this unexported module.
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import { NullMeansAbsent } from "./fastDecode.js"

/** A schema from a type to its encoded form: `Schema.Schema` (Effect 4: `Schema.Codec`). */
export type { Schema as Codec } from "effect/Schema"

/** The schema of one of some literals: `Schema.Literal` (Effect 4: `Schema.Literals`). */
export type { Literal as Literals } from "effect/Schema"

/** One literal or more. */
type NonEmptyLiterals = readonly [SchemaAST.LiteralValue, ...Array<SchemaAST.LiteralValue>]

/** One of the literals: `Schema.Literal(...literals)` (Effect 4: `Schema.Literals(literals)`). */
export const literals = <const L extends NonEmptyLiterals>(literals: L): Schema.Literal<L> =>
  Schema.Literal<L>(...literals)

/** Any value, as an error's `cause`: `Schema.Defect` (Effect 4: `Schema.Defect()`). */
export const defect: typeof Schema.Defect = Schema.Defect

/**
 * An optional response field: absent and `null` both decode to absent (marked so that the answer decoder drops a
 * `null` without an `Option` per field).
 */
export const received = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { nullable: true }).annotations({ [NullMeansAbsent]: true })

/** An optional request field: left out of the JSON body when absent. */
export const sent = <S extends Schema.Schema.All>(schema: S) => Schema.optional(schema)

/** A plain string or a `Redacted<string>`, encoded to the plain string. */
export const secretInput: Schema.Schema<string | Redacted.Redacted<string>, string> = Schema.transform(
  Schema.String,
  Schema.Union(Schema.RedactedFromSelf(Schema.String), Schema.String),
  {
    strict: true,
    decode: (value) => value,
    encode: (value) => Redacted.isRedacted(value) ? Redacted.value(value) : value
  }
).annotations({ identifier: "SecretInput" })

/** A string decoded as `Redacted<string>`. */
export const redactedString: Schema.Schema<Redacted.Redacted<string>, string> = Schema.Redacted(Schema.String)

/** The schema, named `identifier`. */
export const identified = <S extends Schema.Annotable.All>(schema: S, identifier: string) =>
  Schema.annotations<S>({ identifier })(schema)

/** The schema's values for which `ok` holds; any other is refused with `message`. */
export const refined = <S extends Schema.Schema.Any>(
  schema: S,
  ok: (value: Schema.Schema.Type<S>) => boolean,
  message: string
) => schema.pipe(Schema.filter((value: Schema.Schema.Type<S>) => ok(value), { message: () => message }))

/** What a check of a whole struct answers: valid, a message, or a message about one field. */
export type StructIssue = undefined | string | { readonly path: readonly [string]; readonly message: string }

/** The struct, checked as a whole by `check`, named `identifier`. */
export const checked = <S extends Schema.Struct<any>>(
  struct: S,
  identifier: string,
  check: (value: Schema.Schema.Type<S>) => StructIssue
) =>
  struct.pipe(
    Schema.filter((value: Schema.Schema.Type<S>) => check(value)),
    Schema.annotations({ identifier })
  )

/** An integer between `minimum` and `maximum`, both included, named `identifier`. */
export const intBetween = (minimum: number, maximum: number, identifier: string) =>
  Schema.Int.pipe(Schema.between(minimum, maximum)).annotations({ identifier })

/** The integer schema's values of 0 or more. */
export const nonNegativeInt = (schema: typeof Schema.Int) => schema.pipe(Schema.nonNegative())
