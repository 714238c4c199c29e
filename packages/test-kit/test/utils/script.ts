import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"

/** What a repository script left behind. */
export interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

/**
 * Runs `scripts/<name>` with Node in its own process group, so that a timeout also ends the pnpm/npm/node processes it
 * started.
 */
export const runScript = (name: string, timeoutMs: number, args: ReadonlyArray<string> = []): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL(`../../../../scripts/${name}`, import.meta.url))
    const child = spawn(process.execPath, [script, ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      process.kill(-child.pid!, "SIGKILL")
    }, timeoutMs)
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, timedOut })
    })
  })

/** The last line of a script's stdout, as JSON: its report. */
export const reportOf = (outcome: Outcome) => JSON.parse(outcome.stdout.trim().split("\n").at(-1)!)

/** Runs a script that must finish in time and exit 0 (else the test fails with its log); resolves to its report. */
export const reportOfScript = async (name: string, timeoutMs: number) => {
  const outcome = await runScript(name, timeoutMs)
  expect(outcome.timedOut, `${name} outlived ${timeoutMs} ms; its log:\n${outcome.stderr}`).toBe(false)
  expect(outcome.code, `${name} failed:\n${outcome.stderr}`).toBe(0)
  return reportOf(outcome)
}
