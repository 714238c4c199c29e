/**
 * Command-line flags derived from core's description of an operation (`AuthleteOperation`): one flag per field of its
 * request schema, the kind read from the schema's AST, its help from the field's description (core's
 * `SchemaDescriptions`, else a `description` annotation on a schema of the caller's own), secret
 * fields marked. A field added to a request becomes a flag without a change here.
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import * as AST from "effect/SchemaAST"

/** How a field is written on the command line. */
type Kind =
  | { readonly _tag: "text" }
  | { readonly _tag: "integer" }
  | { readonly _tag: "boolean" }
  | { readonly _tag: "choice"; readonly choices: ReadonlyArray<string> }
  | { readonly _tag: "list" }
  | { readonly _tag: "json" }

/** The type side of a property, through refinements, transformations and `optional`'s `undefined`. */
const kindOf = (ast: AST.AST): Kind => {
  switch (ast._tag) {
    case "Refinement":
      return kindOf(ast.from)
    case "Transformation":
      // SecretInput: a string on the wire (plain or `Redacted` in TypeScript)
      return kindOf(ast.from)
    case "StringKeyword":
      return { _tag: "text" }
    case "NumberKeyword":
      return { _tag: "integer" }
    case "BooleanKeyword":
      return { _tag: "boolean" }
    case "TupleType":
      return ast.rest.length === 1 && kindOf(ast.rest[0].type)._tag === "text" ? { _tag: "list" } : { _tag: "json" }
    case "Union": {
      const members = ast.types.filter((member) => member._tag !== "UndefinedKeyword")
      if (members.length === 1) return kindOf(members[0])
      if (members.every((member) => member._tag === "Literal" && typeof member.literal === "string")) {
        return { _tag: "choice", choices: members.map((member) => String((member as AST.Literal).literal)) }
      }
      return members.every((member) => kindOf(member)._tag === "text") ? { _tag: "text" } : { _tag: "json" }
    }
    case "Literal":
      return typeof ast.literal === "string" ? { _tag: "choice", choices: [ast.literal] } : { _tag: "json" }
    default:
      return { _tag: "json" }
  }
}

/** The property signatures of a request schema (a struct, possibly refined). */
export const propertiesOf = (ast: AST.AST): ReadonlyArray<AST.PropertySignature> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures
    case "Refinement":
      return propertiesOf(ast.from)
    case "Transformation":
      return propertiesOf(ast.to)
    default:
      return []
  }
}

/** The identifier of a schema: on its AST, or on the class a `Schema.Class` declares. */
export const identifierOf = (ast: AST.AST): Option.Option<string> =>
  Option.orElse(
    AST.getIdentifierAnnotation(ast),
    () => ast._tag === "Transformation" ? AST.getIdentifierAnnotation(ast.to) : Option.none()
  )

/**
 * The description of a field of a schema: core's (`SchemaDescriptions`, by the schema's identifier), else the
 * property's `description` annotation or its type's (a schema that is not core's, as a made-up row's).
 */
export const fieldDescriptionOf = (schema: AST.AST, property: AST.PropertySignature): Option.Option<string> =>
  identifierOf(schema).pipe(
    Option.flatMapNullable((identifier) => SchemaDescriptions.descriptionOf(identifier, String(property.name))),
    Option.orElse(() => AST.getDescriptionAnnotation(property)),
    Option.orElse(() => AST.getDescriptionAnnotation(property.type))
  )

/** `accessTokenDuration` → `access-token-duration`. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

/** How one field of a request schema becomes a flag. */
export interface FieldFlag {
  /** The field of the request. */
  readonly field: string
  /** The flag, without `--`. */
  readonly flag: string
  /** How it is written. */
  readonly kind: Kind["_tag"]
}

/** Options of {@link requestFlags}. */
export interface RequestFlagsOptions {
  /** Flag names other than the kebab-cased field name; `clientIdentifier` is always `client`. */
  readonly renames?: Readonly<Record<string, string>> | undefined
  /** Fields the command sets itself. */
  readonly exclude?: ReadonlyArray<string> | undefined
}

/** Flags named alike in every command. */
const defaultRenames: Readonly<Record<string, string>> = { clientIdentifier: "client" }

const splitList = (text: string): Array<string> => text.split(/[\s,]+/).filter((item) => item.length > 0)

const describeKind = (kind: Kind): string => {
  switch (kind._tag) {
    case "list":
      return "space- or comma-separated list"
    case "json":
      return "JSON value"
    case "boolean":
      return "true or false"
    default:
      return ""
  }
}

/** The option of one field; absent on the command line, absent from the request. */
const optionOf = (flag: string, kind: Kind, description: string): Options.Options<Option.Option<unknown>> => {
  const described = (options: Options.Options<unknown>) =>
    options.pipe(Options.withDescription(description), Options.optional)
  switch (kind._tag) {
    case "text":
      return described(Options.text(flag))
    case "integer":
      return described(Options.integer(flag))
    case "boolean":
      return described(Options.choice(flag, ["true", "false"]).pipe(Options.map((value) => value === "true")))
    case "choice":
      return described(Options.choice(flag, kind.choices))
    case "list":
      return described(Options.text(flag).pipe(Options.map(splitList)))
    case "json":
      return described(
        Options.text(flag).pipe(Options.mapEffect((text) =>
          Effect.try({
            try: () => JSON.parse(text) as unknown,
            catch: () => invalidJson(flag)
          })
        ))
      )
  }
}

const invalidJson = (flag: string) => ValidationError.invalidValue(HelpDoc.p(`--${flag} must be a JSON value`))

/** What the help of a secret field adds. */
const secretNote = "sensitive: a flag stays in shell history, --input keeps it out"

/**
 * One optional flag per field of an operation's request, parsed into the partial request the flags give (absent flags
 * are absent fields), and the list of flags for help and tests.
 */
export const requestFlags = (
  operation: AuthleteOperation.Any,
  options: RequestFlagsOptions = {}
): {
  readonly options: Options.Options<Record<string, unknown>>
  readonly fields: ReadonlyArray<FieldFlag>
} => {
  const excluded = new Set(options.exclude ?? [])
  const fields: Array<FieldFlag & { readonly option: Options.Options<Option.Option<unknown>> }> = []
  const secrets = new Set<string>(operation.secrets)
  for (const property of propertiesOf(operation.request.ast)) {
    const field = String(property.name)
    if (excluded.has(field)) continue
    const kind = kindOf(property.type)
    const flag = options.renames?.[field] ?? defaultRenames[field] ?? kebab(field)
    const description = Option.getOrElse(
      fieldDescriptionOf(operation.request.ast, property),
      () => `The request's ${field}`
    )
    const notes = [describeKind(kind), secrets.has(field) ? secretNote : ""].filter((note) => note !== "")
    const help = notes.length === 0 ? description : `${description.replace(/\.$/, "")} (${notes.join("; ")}).`
    fields.push({ field, flag, kind: kind._tag, option: optionOf(flag, kind, help) })
  }
  const all = Options.all(Object.fromEntries(fields.map(({ field, option }) => [field, option])))
  return {
    options: Options.map(all, (values) => Record.getSomes(values as Record<string, Option.Option<unknown>>)),
    fields: fields.map(({ field, flag, kind }) => ({ field, flag, kind }))
  }
}
