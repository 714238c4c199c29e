/**
 * What we would publish works: `scripts/pack-check.mjs` builds and packs the five packages, installs the tarballs into
 * a fresh project outside the workspace and runs a plain-Node program there (mock server from the packed test kit,
 * create + list through the packed Node layer) after type-checking a consumer against the packed declarations, then
 * the packed CLI's bin against its demo emulator (48 tokens).
 *
 * It needs the npm registry (effect, @effect/*) and takes about a minute. Skip it with
 * `EFFECT_AUTHLETE_SKIP_PACK_TEST=1`.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const script = fileURLToPath(new URL("../../../scripts/pack-check.mjs", import.meta.url))
const timeoutMs = 170_000

interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

/** Runs the script in its own process group, so that a timeout also ends the pnpm/npm/node processes it started. */
const runScript = (): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { detached: true, stdio: ["ignore", "pipe", "pipe"] })
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

describe.skipIf(process.env.EFFECT_AUTHLETE_SKIP_PACK_TEST === "1")("packaging", () => {
  it("the packed packages install outside the workspace and work from plain Node", async () => {
    const { code, stderr, stdout, timedOut } = await runScript()
    expect(timedOut, `pack-check outlived ${timeoutMs} ms; its log:\n${stderr}`).toBe(false)
    expect(code, `pack-check failed:\n${stderr}`).toBe(0)
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!)
    expect(report.program).toEqual({
      ok: true,
      created: "OK",
      listed: 1,
      totalCount: 1,
      expiresIn: 600,
      wrongService: "ResultError"
    })
    expect(report.bin).toEqual({ listed: 48 })
    for (const name of ["core", "platform-node", "platform-browser", "test-kit", "cli"]) {
      // a tarball holds dist, src and the manifest: a few kB to a few hundred; more means something leaked in
      expect(report.packages[name].bytes, name).toBeGreaterThan(2_000)
      expect(report.packages[name].bytes, name).toBeLessThan(1_000_000)
    }
  }, timeoutMs + 10_000)
})
