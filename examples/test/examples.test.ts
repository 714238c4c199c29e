/**
 * Runs every example script the way a reader would (`tsx <script>`), with every AUTHLETE_* variable removed so that
 * they use the embedded emulator, and checks the exit code and the lines that show each script did its job.
 *
 * The scripts run two at a time (each is a Node process with its own HTTP server); a new script in examples/ is picked
 * up automatically and fails here until its expected lines are written down.
 */
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { spawn } from "node:child_process"
import { readdirSync } from "node:fs"
import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const examplesDir = fileURLToPath(new URL("..", import.meta.url))
const scriptTimeoutMs = 60_000

/** What each script must print, in this order. */
const expectedLines: Record<string, ReadonlyArray<string | RegExp>> = {
  "lifecycle.ts": [
    "== 1. create: a token",
    /action\s+OK/,
    "== 2. update",
    "== 3. list",
    "3 tokens listed",
    "== 4. revoke",
    "revoked 1 token(s)",
    "== 5. delete",
    "deleted (HTTP 204)",
    "deleted (HTTP 204)",
    "0 token(s) left"
  ],
  "create.ts": [
    "→ TokenManagement.create",
    /action\s+OK/,
    /refreshToken\s+\S+…/,
    /action\s+OK/,
    /refreshToken\s+\(none\)|expiresIn\s+600/,
    /action\s+BAD_REQUEST/,
    "revoked 1 token(s)"
  ],
  "update.ts": [
    /scopes\s+\["history.read", "timeline.read"\]/,
    /accessToken\s+\S+…/,
    /action\s+NOT_FOUND/,
    "deleted"
  ],
  "list.ts": [/totalCount\s+5/, "#5 ", "5 tokens in pages of 2", "revoked 5 token(s)"],
  "revoke.ts": [/count\s+1/, /count\s+1/, /count\s+2/, "revoked 0 more token(s)"],
  "delete.ts": ["deleted", "deleted", "totalCount 0"],
  "introspection.ts": [
    /action\s+OK/,
    /usable\s+true/,
    "allowed for",
    "refused: FORBIDDEN, existent true, usable true",
    "refused: UNAUTHORIZED, existent false, usable false"
  ],
  "reissue-id-token.ts": [
    /action\s+OK/,
    /idToken\s+\S+…/,
    "nickname: \"ally\"",
    /responseContent members: .*id_token/
  ],
  "error-handling.ts": [
    "ResultError: HTTP 401",
    "ActionError: action NOT_FOUND",
    "no such token (Option.none)",
    "UnexpectedStatusError: HTTP 404",
    "RequestValidationError, nothing was sent",
    "TransportError (Transport)"
  ],
  "resilience.ts": [
    "1 request(s)",
    "failed with UnexpectedStatusError (HTTP 503)",
    /3 request\(s\) in [2-9]\.\d s, succeeded/, // two Retry-After: 1 waits
    "failed with TransportError (Timeout)",
    "2 request(s)",
    "succeeded",
    "create(…) under NodeAuthlete.layer",
    "1 request(s)",
    "failed with UnexpectedStatusError (HTTP 503)",
    "2 request(s)",
    "failed with TransportError (Transport)",
    "2 request(s)",
    "succeeded",
    "failed with ResponseDecodeError",
    "2 request(s)",
    "succeeded"
  ],
  "testing-with-memory.ts": ["✓ two active sessions", "✓ one active session left", "✓ no session left"],
  "opentelemetry.ts": [
    "rotateClientToken [internal]",
    "TokenManagement.create [client]",
    "TokenManagement.delete [client]",
    "No span holds the bearer or a token value."
  ]
}

/** Scripts that reach Authlete through support/Runtime.ts and say so first. */
const usesRuntime = (script: string) => !["testing-with-memory.ts", "opentelemetry.ts"].includes(script)

interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs tasks at most `n` at a time. */
const limited = (n: number) => {
  let running = 0
  const waiting: Array<() => void> = []
  return <A>(task: () => Promise<A>): Promise<A> =>
    new Promise<A>((resolve, reject) => {
      const start = () => {
        running++
        task().then(resolve, reject).finally(() => {
          running--
          waiting.shift()?.()
        })
      }
      if (running < n) start()
      else waiting.push(start)
    })
}

/** Two scripts at a time at most: each is a Node process with its own HTTP server. */
const slot = limited(Math.min(2, availableParallelism()))

/**
 * Runs a script as a reader would: no credentials (unless `variables` gives some), and none of the variables vitest
 * sets for its own workers.
 */
const runScript = (script: string, variables: Record<string, string> = {}): Promise<Outcome> =>
  slot(() =>
    new Promise((resolve, reject) => {
      const inherited = Object.entries(process.env).filter(([name]) =>
        !/^(AUTHLETE_|VITEST)/.test(name) && name !== "TEST"
      )
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: examplesDir,
        env: { ...Object.fromEntries(inherited), ...variables },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: scriptTimeoutMs
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk) => (stdout += chunk))
      child.stderr.on("data", (chunk) => (stderr += chunk))
      child.on("error", reject)
      child.on("close", (code) => resolve({ code, stdout, stderr }))
    })
  )

/** Checks that `lines` appear in `output` in order. */
const expectInOrder = (output: string, lines: ReadonlyArray<string | RegExp>) => {
  let from = 0
  for (const line of lines) {
    const rest = output.slice(from)
    const match = typeof line === "string"
      ? { index: rest.indexOf(line), length: line.length }
      : ((m) => m === null ? { index: -1, length: 0 } : { index: m.index, length: m[0].length })(line.exec(rest))
    expect(match.index, `expected ${String(line)} after offset ${from} of:\n${output}`).toBeGreaterThanOrEqual(0)
    from += match.index + match.length
  }
}

const scripts = readdirSync(examplesDir).filter((name) => name.endsWith(".ts") && !name.startsWith("vitest."))
const outcomes = new Map<string, Promise<Outcome>>()

describe("examples", () => {
  beforeAll(() => {
    for (const script of scripts) outcomes.set(script, runScript(script))
  })
  afterAll(() => Promise.allSettled(outcomes.values()))

  it("every script has its expected lines written down", () => {
    expect(scripts.filter((script) => expectedLines[script] === undefined)).toEqual([])
    expect(Object.keys(expectedLines).filter((script) => !scripts.includes(script))).toEqual([])
  })

  it.each(scripts)("%s exits with 0 and prints what it did", async (script) => {
    const { code, stderr, stdout } = await outcomes.get(script)!
    expect(code, `exit code of ${script}; stderr:\n${stderr}\nstdout:\n${stdout}`).toBe(0)
    if (usesRuntime(script)) {
      expect(stdout).toMatch(/^Talking to the embedded Authlete emulator at http:\/\/127\.0\.0\.1:\d+/)
    }
    expectInOrder(stdout, expectedLines[script] ?? [])
    // Token values and hashes are 43 base64url characters: none may be printed in full.
    expect(stdout + stderr).not.toMatch(/[A-Za-z0-9_-]{40,}/)
  }, 3 * scriptTimeoutMs)
})

describe("examples with AUTHLETE_* set", () => {
  // A mock server in this process stands in for Authlete: the scripts reach it only through the variables.
  let server: MockServer.Started
  beforeAll(async () => {
    server = await MockServer.start()
  })
  afterAll(() => server.close())

  const credentials = () => ({
    AUTHLETE_BASE_URL: server.url,
    AUTHLETE_BEARER: server.bearer,
    AUTHLETE_SERVICE_ID: server.serviceId
  })

  it("lifecycle.ts talks to the configured Authlete instead of the emulator", async () => {
    const before = server.stats().requests
    const { code, stderr, stdout } = await runScript("lifecycle.ts", {
      ...credentials(),
      AUTHLETE_CLIENT_ID: String(server.clientId)
    })
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(`Talking to Authlete at ${server.url}, service ${server.serviceId}.`)
    expectInOrder(stdout, expectedLines["lifecycle.ts"]!)
    expect(server.stats().requests - before).toBeGreaterThanOrEqual(8) // 3 creates, update, list, revoke, 2 deletes, …
    expect(stdout + stderr).not.toContain(server.bearer)
  }, 3 * scriptTimeoutMs)

  it("a missing AUTHLETE_CLIENT_ID is reported, not replaced by the emulator", async () => {
    const { code, stderr, stdout } = await runScript("lifecycle.ts", credentials())
    expect(code).toBe(1)
    expect(stdout + stderr).toContain("AUTHLETE_CLIENT_ID")
    expect(stdout).not.toContain("emulator")
  }, 3 * scriptTimeoutMs)
})
