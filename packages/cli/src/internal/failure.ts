/**
 * How a failure ends the process: one readable line on stderr (the cause too with `--verbose`) and an exit code per
 * kind of error.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Option from "effect/Option"

/**
 * A mistake on the command line or in the configuration the CLI finds itself: a missing bearer, a flag combination
 * that makes no sense, input that is not JSON.
 */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** The operator answered no to a destructive command's question: nothing was done. */
export class DeclinedError extends Data.TaggedError("DeclinedError")<{ readonly message: string }> {}

/** Exit codes, one per kind of failure (documented in the README). */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  requestValidation: 3,
  result: 4,
  unexpectedStatus: 5,
  transport: 6,
  responseDecode: 7,
  action: 8,
  declined: 9,
  interrupted: 130
} as const

/** The exit code of each tagged error: the CLI's own and core's. */
const codeOfTag: Readonly<Record<string, number>> = {
  UsageError: exitCodes.usage,
  DeclinedError: exitCodes.declined,
  AuthleteConfigError: exitCodes.usage,
  CredentialError: exitCodes.usage,
  RedirectError: exitCodes.unexpectedStatus,
  ResponseTooLargeError: exitCodes.responseDecode,
  RequestValidationError: exitCodes.requestValidation,
  ResultError: exitCodes.result,
  UnexpectedStatusError: exitCodes.unexpectedStatus,
  TransportError: exitCodes.transport,
  ResponseDecodeError: exitCodes.responseDecode,
  ActionError: exitCodes.action
}

/** What a failure prints and the code it exits with. */
export interface Outcome {
  readonly code: number
  /** One line; empty when @effect/cli already printed the problem. */
  readonly line: string
}

const tagged = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

const messageOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

/** The exit code and message of one failure. */
export const classify = (error: unknown): Outcome => {
  if (ValidationError.isValidationError(error)) {
    // @effect/cli printed the message (and the usage) already
    return { code: exitCodes.usage, line: "" }
  }
  if (ConfigError.isConfigError(error)) {
    return { code: exitCodes.usage, line: `configuration: ${String(error)}` }
  }
  const tag = tagged(error)
  const code = tag !== undefined && Object.hasOwn(codeOfTag, tag) ? codeOfTag[tag] : undefined
  return code === undefined
    ? { code: exitCodes.unexpected, line: `unexpected failure: ${messageOf(error)}` }
    : { code, line: messageOf(error) }
}

/** The outcome of a failed run: its first failure, else its first defect, else an interruption. */
export const classifyCause = (cause: Cause.Cause<unknown>): Outcome => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return classify(failure.value)
  const defect = Cause.dieOption(cause)
  if (Option.isSome(defect)) {
    return {
      code: exitCodes.unexpected,
      line: `unexpected failure: ${messageOf(defect.value)}`
    }
  }
  return { code: exitCodes.interrupted, line: "interrupted" }
}
