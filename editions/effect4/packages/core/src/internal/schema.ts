/**
 * What core's shared modules (`AuthleteOperation.ts`, `AuthleteError.ts`) need of `Schema` where Effect 3 and
 * Effect 4 spell it differently, in one place: the Effect 4 edition's (this file); the modules that import it are the
 * Effect 3 edition's files, shared.
 *
 * The types are Effect's own, re-exported under one name (not aliases of this module): declarations that mention
 * them, here or in a package built on this one, name `effect/Schema`'s types, never this unexported module.
 */
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

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
