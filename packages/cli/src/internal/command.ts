/**
 * One command per operation, built from core's description of it (`AuthleteOperation`): the name is the operation's
 * in kebab-case, the flags are the request schema's fields, `--input` gives the whole request as JSON, the help comes
 * from the schemas' descriptions (core's `SchemaDescriptions`, else `description` annotations), and the answer is printed as the response schema decoded it (token
 * values redacted). An {@link Override} replaces the single call with bulk work, keeping the rest.
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as SchemaDescriptions from "@effect-authlete/core/SchemaDescriptions"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"
import * as Fs from "node:fs"
import { selectorOf } from "./audit.js"
import type { Session } from "./connection.js"
import { common, withSession } from "./connection.js"
import { UsageError } from "./failure.js"
import type { RequestFlagsOptions } from "./flags.js"
import { identifierOf, kebab, propertiesOf, requestFlags } from "./flags.js"
import { printOne, writeOut } from "./output.js"
import { columnsOf, document, recordSchemaOf } from "./schema.js"

/** The name of the executable. */
export const cliName = "authlete-tokens"

/** A command of the CLI, whatever its flags (`any`: a command's parsed flags are both given and taken). */
export type AnyCommand = Command.Command<string, never, unknown, any>

/** An example of `--help`: a command line and what it does. */
export type Example = readonly [line: string, what: string]

/**
 * What a command does instead of one call and one answer: for bulk work. The name, the request's flags, `--input`, the
 * connection flags and the summary of the help still come from the operation.
 */
export interface Override<Request = any, Config extends Command.Command.Config = any> {
  /** Request fields the command sets itself, and flag names other than the field's. */
  readonly flags?: RequestFlagsOptions | undefined
  /** Options and arguments beyond the request's flags. */
  readonly config: Config
  /** Examples of `--help`, in place of the generic one. */
  readonly examples: ReadonlyArray<Example>
  /** The JSON Schema of one record of the output (default: the response schema's). */
  readonly outputSchema?: Record<string, unknown> | undefined
  /** The work, given the request (`--input`'s fields, overridden by the flags) and the parsed `config`. */
  run(session: Session, request: Request, flags: Command.Command.ParseConfig<Config>): Effect.Effect<void, unknown>
}

/** An override for a row, typed by its request. */
export const overrideOf = <Request, const Config extends Command.Command.Config>(
  _row: AuthleteOperation.AuthleteOperation<string, Request, any, any, any, any>,
  override: Override<Request, Config>
): Override<Request, Config> => override

// ---------------------------------------------------------------------------------------------------------------------
// the request: --input and flags
// ---------------------------------------------------------------------------------------------------------------------

const input = Options.text("input").pipe(
  Options.withDescription("The whole request as JSON, from a file or - for stdin; flags override its fields"),
  Options.optional
)

/** The JSON object of `--input`. */
const readInput = (path: Option.Option<string>): Effect.Effect<Record<string, unknown>, UsageError> =>
  Option.match(path, {
    onNone: () => Effect.succeed({}),
    onSome: (file) =>
      Effect.try({
        try: () => JSON.parse(Fs.readFileSync(file === "-" ? 0 : file, "utf8")) as unknown,
        catch: (error) =>
          new UsageError({
            message: `--input ${file}: ${error instanceof SyntaxError ? "not valid JSON" : "cannot be read"}`
          })
      }).pipe(Effect.filterOrFail(
        (json): json is Record<string, unknown> => typeof json === "object" && json !== null && !Array.isArray(json),
        () => new UsageError({ message: `--input ${file}: the request must be a JSON object` })
      ))
  })

// ---------------------------------------------------------------------------------------------------------------------
// help
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The description of a schema: core's (`SchemaDescriptions`, by its identifier), else its `description` annotation,
 * on its AST or on the class a `Schema.Class` declares.
 */
const descriptionOf = (ast: AST.AST): Option.Option<string> =>
  identifierOf(ast).pipe(
    Option.flatMapNullable((identifier) => SchemaDescriptions.descriptionOf(identifier)),
    Option.orElse(() => AST.getDescriptionAnnotation(ast)),
    Option.orElse(() => ast._tag === "Transformation" ? AST.getDescriptionAnnotation(ast.to) : Option.none())
  )

/** The summary of a command: the request schema's description, else the response schema's. */
const summaryOf = (row: AuthleteOperation.Any): string =>
  descriptionOf(row.request.ast).pipe(
    Option.orElse(() => row.response === undefined ? Option.none() : descriptionOf(row.response.ast)),
    Option.getOrElse(() => `Call Authlete's ${row.name} operation.`)
  )

/** The example every single-call command shows: the request from a file, its required fields sketched. */
const genericExamples = (row: AuthleteOperation.Any): ReadonlyArray<Example> => {
  const required = propertiesOf(row.request.ast).filter((property) => !property.isOptional)
  const sketch = required.length === 0 ? "" : ` {${required.map(({ name }) => `"${String(name)}": …`).join(", ")}}`
  return [[
    `${cliName} ${kebab(row.name)} --input request.json`,
    `the request as a JSON object${sketch}, token values out of shell history (flags override its fields)`
  ]]
}

/** The help of a command: the summary, the API call and examples. */
export const helpOf = (summary: string, examples: ReadonlyArray<Example>, call?: string): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(summary),
    ...(call === undefined ? [] : [HelpDoc.p(call)]),
    HelpDoc.h2("EXAMPLES"),
    ...examples.map(([line, what]) => HelpDoc.p(`$ ${line}\n  ${what}`))
  ])

// ---------------------------------------------------------------------------------------------------------------------
// one call, one answer
// ---------------------------------------------------------------------------------------------------------------------

/** The service's method of a row (the member `TokenManagement.Service` has by the row's name). */
const methodOf = (session: Session, row: AuthleteOperation.Any) => {
  const method: unknown = (session.tokens as unknown as Record<string, unknown>)[row.name]
  return typeof method === "function"
    ? Effect.succeed(method as (request: unknown) => Effect.Effect<unknown, unknown>)
    : Effect.dieMessage(`TokenManagement has no ${row.name}`)
}

/** Whether the answers of a row carry an `action`. */
const hasAction = (row: AuthleteOperation.Any): boolean =>
  row.response !== undefined && "action" in ((row.response as { readonly fields?: object }).fields ?? {})

/**
 * An answer whose `action` is not `OK` fails with an `ActionError` (exit code 8), an `OK` one that lacks what its row
 * promises with a `ResponseDecodeError` (exit code 7): `TokenManagement.expectOk`, for the rows whose answers carry an
 * `action`.
 */
const okOrFail = (row: AuthleteOperation.Any, answer: unknown) =>
  hasAction(row)
    ? TokenManagement.expectOk(Effect.succeed(answer as TokenManagement.WithAction))
    : Effect.succeed(answer)

/** One call and its answer, printed (nothing for a 204). */
const callOnce = (row: AuthleteOperation.Any, session: Session, request: unknown) =>
  methodOf(session, row).pipe(
    Effect.flatMap((method) => method(request)),
    Effect.flatMap((answer) => okOrFail(row, answer)),
    Effect.flatMap((answer) =>
      answer === undefined
        ? Effect.void
        : printOne(session.output, answer, row.response === undefined ? undefined : columnsOf(row.response))
    )
  )

/** The fields of the records a JSON Schema describes (of each member of an `anyOf`). */
const fieldsOfSchema = (schema: Record<string, unknown>): Set<string> => {
  const fields = new Set<string>(Object.keys((schema.properties ?? {}) as object))
  for (const member of (schema.anyOf ?? []) as Array<Record<string, unknown>>) {
    for (const field of fieldsOfSchema(member)) fields.add(field)
  }
  return fields
}

/** A `--fields` naming a field the output never has is a typo: refused (exit 2) rather than an empty column. */
const checkFields = (
  fields: Option.Option<ReadonlyArray<string>>,
  schema: Record<string, unknown>
): Effect.Effect<never, UsageError> | undefined => {
  const known = fieldsOfSchema(schema)
  const unknown = Option.getOrElse(fields, () => []).filter((field) => !known.has(field))
  return known.size === 0 || unknown.length === 0 ? undefined : Effect.fail(
    new UsageError({
      message: `--fields: no field ${unknown.join(", ")} in this output (fields: ${[...known].join(", ")})`
    })
  )
}

/** The JSON Schema `--output-schema` prints: the override's, else one record of the response schema. */
const outputSchemaOf = (row: AuthleteOperation.Any, override: Override | undefined): Record<string, unknown> =>
  document(
    override?.outputSchema ??
      (row.response === undefined
        ? { title: `${kebab(row.name)} prints nothing`, not: {} }
        : recordSchemaOf(row.response, `authlete-tokens ${kebab(row.name)} output`))
  )

// ---------------------------------------------------------------------------------------------------------------------
// the builder
// ---------------------------------------------------------------------------------------------------------------------

/** The command of a row: one call and its answer, or the override's work. */
export const commandOf = <Request, Config extends Command.Command.Config = never>(
  row: AuthleteOperation.AuthleteOperation<string, Request, any, any, any, any>,
  override?: Override<Request, Config>
): AnyCommand => {
  const flags = requestFlags(row, override?.flags)
  const config = { common, input, request: flags.options, extra: override?.config ?? {} }
  const help = helpOf(summaryOf(row), override?.examples ?? genericExamples(row), `Authlete: ${row.method} ${row.path}`)
  return Command.make(
    kebab(row.name),
    config,
    (parsed) =>
      parsed.common.outputSchema
        ? writeOut(JSON.stringify(outputSchemaOf(row, override), null, 2) + "\n")
        : checkFields(parsed.common.fields, outputSchemaOf(row, override)) ??
          withSession(parsed.common, kebab(row.name), (session) =>
            readInput(parsed.input).pipe(
              Effect.flatMap((json) => {
                const request = { ...json, ...parsed.request }
                session.audit.selector = selectorOf(row, request)
                return override === undefined
                  ? callOnce(row, session, request)
                  : override.run(session, request as Request, parsed.extra as Command.Command.ParseConfig<Config>)
              })
            ))
  ).pipe(Command.withDescription(help))
}

/** The commands of rows, in their order; a row named in `overrides` gets its override. */
export const commandsOf = (
  rows: ReadonlyArray<AuthleteOperation.Any>,
  overrides: Readonly<Record<string, Override>> = {}
): Array<AnyCommand> =>
  rows.map((row) => commandOf(row, Object.hasOwn(overrides, row.name) ? overrides[row.name] : undefined))
