/**
 * The audit log (`--audit-log <file>`, or `auditLog` in the profile): one JSON line per command, appended when it
 * ends, saying when, with which profile, which command and selector, how many tokens it touched and their hashes. A
 * secret field of the request is logged as its hash; token values and the bearer are never written.
 */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import * as Schemas from "@effect-authlete/core/Schemas"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import { classifyCause, exitCodes } from "./failure.js"
import { tokenHash } from "./output.js"

/** What a command tells the audit log as it works. */
export interface AuditNotes {
  /** What the command acts on: the request's fields, secrets as their hashes. */
  selector: Record<string, unknown>
  /** Counts of what was done (`deleted`, `revoked`, `calls`, …). */
  readonly counts: Record<string, number>
  /** Hashes of the tokens acted on (or that would be, in a dry run). */
  readonly tokenHashes: Array<string>
  /** Nothing was changed on purpose (`--dry-run`). */
  dryRun: boolean
}

/** Empty notes. */
export const makeNotes = (): AuditNotes => ({ selector: {}, counts: {}, tokenHashes: [], dryRun: false })

/** The selector of a request: its fields, the row's secret fields replaced by `<field>Hash`. */
export const selectorOf = (row: AuthleteOperation.Any, request: Record<string, unknown>): Record<string, unknown> => {
  const secrets = new Set<string>(row.secrets)
  const selector: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined) continue
    if (secrets.has(key) || Redacted.isRedacted(value)) {
      selector[`${key}Hash`] = tokenHash(
        typeof value === "string" || Redacted.isRedacted(value)
          ? Schemas.secretValue(value as string | Redacted.Redacted<string>)
          : String(value)
      )
    } else {
      selector[key] = value
    }
  }
  return selector
}

/** The outcome of a run as the log names it. */
const outcomeOf = (exit: Exit.Exit<unknown, unknown>) => {
  if (Exit.isSuccess(exit)) return { outcome: "ok", exitCode: 0 }
  const { code } = classifyCause(exit.cause)
  const outcome = code === exitCodes.interrupted ? "interrupted" : code === exitCodes.declined ? "declined" : "failed"
  return { outcome, exitCode: code }
}

/** Appends the line of a finished command to the audit log (created with mode 600). */
export const writeAudit = (
  path: string,
  entry: { readonly profile: string | undefined; readonly command: string; readonly notes: AuditNotes },
  exit: Exit.Exit<unknown, unknown>
): Effect.Effect<void> =>
  Effect.sync(() => {
    const { notes } = entry
    const line = {
      time: new Date().toISOString(),
      profile: entry.profile ?? null,
      command: entry.command,
      selector: notes.selector,
      dryRun: notes.dryRun,
      ...outcomeOf(exit),
      counts: notes.counts,
      tokenHashes: notes.tokenHashes
    }
    try {
      Fs.appendFileSync(path, JSON.stringify(line) + "\n", { mode: 0o600 })
    } catch {
      process.stderr.write(`authlete-tokens: cannot write the audit log ${path}\n`)
    }
  })
