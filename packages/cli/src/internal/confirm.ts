/**
 * The confirmation of destructive commands (`delete`, `revoke`): a `[y/N]` question on the terminal saying how many
 * tokens and which selector, `--yes` to skip it. Without a terminal to ask on, the command refuses (usage, exit 2)
 * unless `--yes` is given: a script must say it means it.
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Tty from "node:tty"
import { DeclinedError, UsageError } from "./failure.js"
import { writeErr } from "./output.js"

/** Opens the terminal to read the answer from; none when stderr is not a terminal or the process has none. */
const openTerminal = (): Tty.ReadStream | undefined => {
  if (process.stderr.isTTY !== true) return undefined
  try {
    return new Tty.ReadStream(Fs.openSync("/dev/tty", "r"))
  } catch {
    return undefined
  }
}

/** One line typed on the terminal. */
const readLine = (terminal: Tty.ReadStream): Effect.Effect<string> =>
  Effect.async<string>((resume) => {
    let typed = ""
    const done = (line: string) => {
      terminal.destroy()
      resume(Effect.succeed(line))
    }
    terminal.setEncoding("utf8")
    terminal.on("data", (chunk: string) => {
      typed += chunk
      const end = typed.search(/[\r\n]/)
      if (end !== -1) done(typed.slice(0, end))
    })
    terminal.on("end", () => done(typed))
    terminal.on("error", () => done(""))
    return Effect.sync(() => terminal.destroy())
  })

/**
 * Asks `question` (`Delete 12 tokens (from stdin)?`) unless `yes`; fails with a `DeclinedError` on any answer but `y`
 * or `yes`, and with a `UsageError` when there is no terminal to ask on.
 */
export const confirm = (yes: boolean, question: string): Effect.Effect<void, UsageError | DeclinedError> =>
  Effect.suspend((): Effect.Effect<void, UsageError | DeclinedError> => {
    if (yes) return Effect.void
    const terminal = openTerminal()
    if (terminal === undefined) {
      return Effect.fail(
        new UsageError({
          message: `${question.replace(/\?$/, "")}: refused without a terminal to confirm on; add --yes to go ahead ` +
            "(or --dry-run to see what would be done)"
        })
      )
    }
    return writeErr(`${question} [y/N] `).pipe(
      Effect.zipRight(readLine(terminal)),
      Effect.flatMap((answer) =>
        /^\s*y(es)?\s*$/i.test(answer)
          ? Effect.void
          : Effect.fail(new DeclinedError({ message: "not confirmed: nothing was done" }))
      )
    )
  })
