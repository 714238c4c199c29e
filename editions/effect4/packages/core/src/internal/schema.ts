/**
 * What core's shared modules (`Schemas.ts`, `AuthleteOperation.ts`, `AuthleteError.ts`) need of `Schema` where
 * Effect 3 and Effect 4 spell it differently, in one place: the Effect 4 edition's (this file); the modules that
 * import it are the Effect 3 edition's files, shared.
 *
 * The types are Effect's own, re-exported under one name (not aliases of this module): declarations that mention
 * them, here or in a package built on this one, name `effect/Schema`'s types, never this unexported module.
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaGetter from "effect/SchemaGetter"

/** A schema from a type to its encoded form: `Schema.Codec` (Effect 3: `Schema.Schema`). */
export type { Codec } from "effect/Schema"

/** The schema of one of some literals: `Schema.Literals` (Effect 3: `Schema.Literal`). */
export type { Literals } from "effect/Schema"

/** One literal or more. */
type NonEmptyLiterals = readonly [SchemaAST.LiteralValue, ...Array<SchemaAST.LiteralValue>]

/** One of the literals: `Schema.Literals(literals)` (Effect 3: `Schema.Literal(...literals)`). */
export const literals = <const L extends NonEmptyLiterals>(literals: L): Schema.Literals<L> => Schema.Literals(literals)

/** Any value, as an error's `cause`: `Schema.Defect()` (Effect 3: `Schema.Defect`). */
export const defect: Schema.Defect = Schema.Defect()

/**
 * An optional response field: absent and `null` both decode to absent. The `null` members of an answer are dropped
 * before it is decoded (`TokenManagement`'s decoder, `internal/nulls.ts`): one pass over the JSON costs less than a
 * transformation per field, and leaves the schema a plain optional key.
 */
export const received = <S extends Schema.Top>(schema: S) => Schema.optional(schema)

/** An optional request field: left out of the JSON body when absent. */
export const sent = <S extends Schema.Top>(schema: S) => Schema.optional(schema)

/** A plain string or a `Redacted<string>`, encoded to the plain string. */
export const secretInput: Schema.Codec<string | Redacted.Redacted<string>, string> = Schema.String.pipe(
  Schema.decodeTo(Schema.Union([Schema.Redacted(Schema.String), Schema.String]), {
    decode: SchemaGetter.transform((value: string): string | Redacted.Redacted<string> => value),
    encode: SchemaGetter.transform((value: string | Redacted.Redacted<string>) =>
      Redacted.isRedacted(value) ? Redacted.value(value) : value
    )
  })
).annotate({ identifier: "SecretInput" })

/** A string decoded as `Redacted<string>`. */
export const redactedString: Schema.Codec<Redacted.Redacted<string>, string> = Schema.RedactedFromValue(Schema.String)

/** The schema, named `identifier`. */
export const identified = <S extends Schema.Top>(schema: S, identifier: string) => schema.annotate({ identifier })

/** The schema's values for which `ok` holds; any other is refused with `message`. */
export const refined = <S extends Schema.Top>(schema: S, ok: (value: S["Type"]) => boolean, message: string) =>
  schema.check(Schema.makeFilter<S["Type"]>((value) => ok(value) ? undefined : message))

/** What a check of a whole struct answers: valid, a message, or a message about one field. */
export type StructIssue = undefined | string | { readonly path: readonly [string]; readonly message: string }

/** The struct, checked as a whole by `check`, named `identifier`. */
export const checked = <S extends Schema.Struct<any>>(
  struct: S,
  identifier: string,
  check: (value: S["Type"]) => StructIssue
) =>
  struct.check(Schema.makeFilter<S["Type"]>((value) => {
    const issue = check(value)
    return issue === undefined || typeof issue === "string" ? issue : { path: issue.path, issue: issue.message }
  })).annotate({ identifier })

/** An integer between `minimum` and `maximum`, both included, named `identifier`. */
export const intBetween = (minimum: number, maximum: number, identifier: string) =>
  Schema.Int.check(Schema.isBetween({ minimum, maximum })).annotate({ identifier })

/** The integer schema's values of 0 or more. */
export const nonNegativeInt = (schema: Schema.Int) => schema.check(Schema.isGreaterThanOrEqualTo(0))
