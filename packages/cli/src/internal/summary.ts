/**
 * The summary file of bulk work (`--summary <file>`): rewritten after every call and once more at the end (also on
 * Ctrl-C or an error), it says what was done and what was not, by token hash only. `--resume <file>` reads it back and
 * skips what was done.
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { UsageError } from "./failure.js"

/** What a summary file holds. */
export interface Summary {
  readonly version: 1
  readonly command: "delete" | "revoke"
  /** What the work acts on (for `revoke --all`, the client and subject). */
  readonly selector: Record<string, unknown>
  /** `true` once the work ended with nothing left to do. */
  readonly complete: boolean
  /** How the run ended: `running` while it works, then `ok`, `interrupted` or `failed`. */
  readonly state: "running" | "ok" | "interrupted" | "failed"
  readonly counts: Record<string, number>
  /** Hashes of the tokens done (deleted). */
  readonly done: ReadonlyArray<string>
  /** Hashes of the tokens read but not done. */
  readonly notDone: ReadonlyArray<string>
  readonly updatedAt: string
}

/** Writes a summary atomically (a temporary file renamed over it), mode 600. */
export const writeSummary = (path: string, summary: Omit<Summary, "version" | "updatedAt">): void => {
  const temporary = Path.join(Path.dirname(path), `.${Path.basename(path)}.${process.pid}.tmp`)
  const text = JSON.stringify({ version: 1, ...summary, updatedAt: new Date().toISOString() }, null, 2) + "\n"
  Fs.writeFileSync(temporary, text, { mode: 0o600 })
  Fs.renameSync(temporary, path)
}

/** Reads the summary `--resume` names, for `command`. */
export const readSummary = (path: string, command: Summary["command"]): Effect.Effect<Summary, UsageError> =>
  Effect.try({
    try: () => {
      const json = JSON.parse(Fs.readFileSync(path, "utf8")) as Partial<Summary>
      if (json.version !== 1 || json.command === undefined || !Array.isArray(json.done)) throw new Error()
      return json as Summary
    },
    catch: () => new UsageError({ message: `--resume ${path}: not a summary file written by --summary` })
  }).pipe(Effect.filterOrFail(
    (summary) => summary.command === command,
    (summary) => new UsageError({ message: `--resume ${path}: a summary of ${summary.command}, not of ${command}` })
  ))
