/**
 * `authlete-tokens`: Authlete's token-management operations, and bulk revocation and deletion, from the shell.
 *
 * One command per operation of core's `AuthleteOperation.all`, built from its description: every request field is a
 * flag, or the whole request comes as JSON from `--input <file>` (`-` for stdin); flags override the input's fields,
 * and the schemas' descriptions (core's `SchemaDescriptions`) are the help. Output is a table on a terminal and ndjson in a
 * pipe (`--format` to choose); token values are printed only with `--show-secrets`, their hashes always.
 *
 * @since 0.1.0
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as internal from "./internal/command.js"
import type { Common } from "./internal/connection.js"
import { classifyCause, exitCodes } from "./internal/failure.js"
import { writeErr } from "./internal/output.js"
import { bulkOverrides } from "./internal/overrides.js"

/**
 * The name of the executable.
 *
 * @since 0.1.0
 * @category constants
 */
export const name: typeof internal.cliName = internal.cliName

/**
 * Exit codes, one per kind of failure: `usage` (2) for command-line and configuration mistakes,
 * `requestValidation` (3), `result` (4, Authlete's 400/401/403/500), `unexpectedStatus` (5, any other status),
 * `transport` (6), `responseDecode` (7), `action` (8, an answer whose `action` is not `OK`), `declined` (9, the
 * answer to a `delete` or `revoke` confirmation was not yes), `interrupted` (130).
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode: typeof exitCodes = exitCodes

/**
 * The version `--version` prints (kept equal to package.json's by a test).
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

// ---------------------------------------------------------------------------------------------------------------------
// commands from operations
// ---------------------------------------------------------------------------------------------------------------------

/**
 * What a command does in place of one call and one answer (bulk work): extra options and arguments, flag renames and
 * exclusions, examples for `--help`, the JSON Schema `--output-schema` prints, and the work itself. The name, the
 * request's flags, `--input`, the connection flags and the help's summary still come from the operation.
 *
 * @since 0.2.0
 * @category models
 */
export type Override<Request = any, Config extends Command.Command.Config = any> = internal.Override<Request, Config>

/**
 * A command of the CLI, whatever its flags.
 *
 * @since 0.2.0
 * @category models
 */
export type AnyCommand = internal.AnyCommand

/**
 * The command of an operation's description: named after the operation in kebab-case (`reissueIdToken` →
 * `reissue-id-token`), a flag per request field (help from the field's description, secret fields marked
 * sensitive), `--input`, the connection and output flags, and the summary from the request (else response) schema's
 * description. Descriptions are core's `SchemaDescriptions` for core's schemas, else `description` annotations (a
 * row of schemas of your own). Without an override it makes one call and prints the answer (token values redacted unless
 * `--show-secrets`, their hashes shown); an `action` other than `OK` exits 8.
 *
 * @since 0.2.0
 * @category constructors
 */
export const commandOf: <Request, Config extends Command.Command.Config = never>(
  row: AuthleteOperation.AuthleteOperation<string, Request, any, any, any, any>,
  override?: Override<Request, Config>
) => AnyCommand = internal.commandOf

/**
 * The commands of operation descriptions, in their order; an operation named in `overrides` gets its override.
 *
 * @since 0.2.0
 * @category constructors
 */
export const commandsOf: (
  rows: ReadonlyArray<AuthleteOperation.Any>,
  overrides?: Readonly<Record<string, Override>>
) => Array<AnyCommand> = internal.commandsOf

/**
 * The overrides of the bulk commands: `list` (every page, `--limit`, `--page-size`), `delete` (identifiers as
 * arguments or `--stdin`, `--concurrency`, `--rate`) and `revoke` (`--all`); both destructive ones ask for
 * confirmation on a terminal and take `--yes`, `--dry-run`, `--summary` and `--resume`.
 *
 * @since 0.2.0
 * @category commands
 */
export const overrides: Readonly<Record<string, Override>> = bulkOverrides

// ---------------------------------------------------------------------------------------------------------------------
// the command
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The root command and its subcommands, one per operation of `AuthleteOperation.all`.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(name).pipe(
  Command.withDescription(internal.helpOf(
    "Authlete token management from the shell. Connection from AUTHLETE_BASE_URL or AUTHLETE_SERVER, " +
      "AUTHLETE_SERVICE_ID and AUTHLETE_BEARER (or --base-url, --server, --service-id, --bearer-file), or a " +
      "--profile of $XDG_CONFIG_HOME/authlete-tokens/config.json; --emulator runs against an in-process emulator " +
      "with demo tokens. delete and revoke ask first on a terminal; without one they need --yes.",
    [
      [`${name} list --emulator`, "try it without an account"],
      [`${name} revoke --client my-client --all`, "revoke every token of a client (asks first)"],
      [`${name} list --subject mallory | ${name} delete --stdin --yes`, "delete what a list found"],
      [`${name} list --profile prod --format csv --fields accessTokenHash,subject`, "CSV of two columns"],
      [`${name} --completions bash > ~/.local/share/bash-completion/completions/${name}`, "shell completions"]
    ]
  )),
  Command.withSubcommands(commandsOf(AuthleteOperation.all, overrides) as [AnyCommand, ...Array<AnyCommand>])
)

const cli = Command.run(command, { name, version })

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, arguments) and answers the exit code. Failures are printed
 * as one line on stderr (the whole error with `--verbose`).
 *
 * @since 0.1.0
 * @category running
 */
export const main = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  cli(argv).pipe(
    Effect.provide(NodeContext.layer),
    Effect.matchCauseEffect({
      onSuccess: () => Effect.succeed(exitCodes.ok),
      onFailure: (cause) => {
        const outcome = classifyCause(cause)
        const verbose = argv.includes("--verbose") ? `${Cause.pretty(cause)}\n` : ""
        const line = outcome.line === "" ? "" : `${name}: ${outcome.line}\n`
        return Effect.as(writeErr(line + verbose), outcome.code)
      }
    })
  )

/**
 * The parsed common flags, for embedding the commands elsewhere.
 *
 * @since 0.1.0
 * @category models
 */
export type CommonFlags = Common
