/**
 * What core's shared modules (`AuthleteOperation.ts`, `AuthleteError.ts`) need of `Schema` where Effect 3 and
 * Effect 4 spell it differently, in one place: the Effect 3 edition's (this file); the Effect 4 edition has its own
 * `schema.ts` with the same exports, and the modules that import it are shared by both.
 *
 * The types are Effect's own, re-exported under one name (not aliases of this module): declarations that mention
 * them, here or in a package built on this one, name `effect/Schema`'s types, never this unexported module.
 */
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

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
