/**
 * `authlete-emulator` under the launchers users start it with, as real processes: `npx authlete-emulator` (the
 * single-file bin, bundled as the build bundles it, in a project outside the repository with nothing else installed)
 * and `pnpm emulator` (the workspace script, tsx from the sources). `kill <launcher>` reaches only npm or pnpm, which
 * pass no signal on; the emulator must still stop, free its port and save every write it answered. The official SDK
 * also runs the token lifecycle against the single-file bin, as a user of the published package points it there.
 */
import { Authlete } from "@authlete/typescript-sdk"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import type { ChildProcess } from "node:child_process"
import { execFileSync, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const packageDir = fileURLToPath(new URL("..", import.meta.url))
const timeout = 120_000

const temporary = Fs.mkdtempSync(Path.join(Os.tmpdir(), "authlete-emulator-launcher-"))

/** A project that installed only the emulator-server's bin: its one bundled file, linked as npm links a bin. */
const project = Path.join(temporary, "project")

beforeAll(() => {
  const installed = Path.join(project, "node_modules", "@effect-authlete", "emulator-server")
  Fs.mkdirSync(installed, { recursive: true })
  Fs.mkdirSync(Path.join(project, "node_modules", ".bin"))
  execFileSync(process.execPath, [Path.join(packageDir, "scripts", "bundle-bin.mjs"), Path.join(installed, "bin.js")])
  Fs.writeFileSync(
    Path.join(installed, "package.json"),
    JSON.stringify({ name: "@effect-authlete/emulator-server", type: "module", bin: { "authlete-emulator": "bin.js" } })
  )
  Fs.symlinkSync(
    "../@effect-authlete/emulator-server/bin.js",
    Path.join(project, "node_modules", ".bin", "authlete-emulator")
  )
  Fs.writeFileSync(Path.join(project, "package.json"), JSON.stringify({ name: "project", private: true }))
}, timeout)

/** Processes whose command line names `text` (here: a test's own state file), from `/proc`. */
const processesNaming = (text: string): Array<number> =>
  Fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      return Fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text) ? [Number(pid)] : []
    } catch {
      return []
    }
  })

afterAll(() => {
  for (const pid of processesNaming(temporary)) process.kill(pid, "SIGKILL")
  Fs.rmSync(temporary, { recursive: true, force: true })
})

/** Whether something accepts connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = Net.connect(port, "127.0.0.1")
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

interface Launched {
  readonly launcher: ChildProcess
  readonly env: Readonly<Record<string, string>>
  readonly exited: Promise<unknown>
}

/**
 * Starts the launcher (`group`: leading a process group of its own, as a terminal's foreground job does); resolves once
 * the emulator below it printed its ready line.
 */
const launch = (command: string, args: ReadonlyArray<string>, cwd: string, group = false): Promise<Launched> =>
  new Promise((resolve, reject) => {
    const { AUTHLETE_EMULATOR_ADMIN_BEARER: _, ...env } = process.env
    const launcher = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: group })
    let stdout = ""
    let stderr = ""
    const exited = new Promise((done) => launcher.once("exit", done))
    launcher.stdout.on("data", (chunk) => {
      stdout += chunk
      const ready = /^(\{"event":"ready".*)$/m.exec(stdout)
      if (ready !== null) resolve({ launcher, env: JSON.parse(ready[1]).env, exited })
    })
    launcher.stderr.on("data", (chunk) => (stderr += chunk))
    void exited.then((code) => reject(new Error(`${command} exited ${code} before ready:\n${stdout}\n${stderr}`)))
  })

const hashOf = (value: string) => createHash("sha256").update(value).digest("base64url")

/** pnpm as `pnpm test` runs it (its own script), else pnpm 10 through npx. */
const pnpm = (args: ReadonlyArray<string>): readonly [string, ReadonlyArray<string>] => {
  const execPath = process.env["npm_execpath"]
  return execPath !== undefined && /pnpm\.c?js$/.test(execPath)
    ? [process.execPath, [execPath, ...args]]
    : ["npx", ["-y", "pnpm@10", ...args]]
}

/** `npx authlete-emulator` in the project, and `pnpm emulator` in the workspace. */
const npx = (flags: ReadonlyArray<string>, group: boolean) =>
  launch("npx", ["--no-install", "authlete-emulator", ...flags], project, group)
const pnpmEmulator = (flags: ReadonlyArray<string>, group: boolean) =>
  launch(...pnpm(["emulator", ...flags]), root, group)

const launchers: ReadonlyArray<{
  readonly name: string
  readonly signal: NodeJS.Signals
  /** The signal goes to the launcher's whole process group, as Ctrl-C in a terminal sends it; else to the launcher. */
  readonly group?: boolean
  readonly start: (flags: ReadonlyArray<string>, group: boolean) => Promise<Launched>
}> = [
  { name: "npx authlete-emulator (the packed single-file bin)", signal: "SIGTERM", start: npx },
  { name: "pnpm emulator (the workspace script)", signal: "SIGTERM", start: pnpmEmulator },
  { name: "npx authlete-emulator, the launcher killed outright", signal: "SIGKILL", start: npx },
  { name: "npx authlete-emulator in a terminal, Ctrl-C", signal: "SIGINT", group: true, start: npx },
  { name: "pnpm emulator in a terminal, Ctrl-C", signal: "SIGINT", group: true, start: pnpmEmulator }
]

describe.concurrent("kill <launcher> stops the emulator under it, state saved", () => {
  for (const [index, { group = false, name, signal, start }] of launchers.entries()) {
    it(`${name}: ${signal}`, async ({ expect }) => {
      const state = Path.join(temporary, `state-${index}.json`)
      const launched = await start(
        ["--port", "0", "--state", state, "--save-interval", "0", "--log-format", "json"],
        group
      )
      const { AUTHLETE_BASE_URL: url, AUTHLETE_BEARER: bearer, AUTHLETE_CLIENT_ID: clientId } = launched.env
      const port = Number(new URL(url).port)
      // the emulator runs below the launcher (the processes naming the state file), not as it
      expect(processesNaming(state).filter((pid) => pid !== launched.launcher.pid)).not.toEqual([])
      const acknowledged: Array<string> = []
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${url}/api/${launched.env.AUTHLETE_SERVICE_ID}/auth/token/create`, {
          method: "POST",
          headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
          body: JSON.stringify({ grantType: "CLIENT_CREDENTIALS", clientId: Number(clientId) })
        })
        expect(response.status).toBe(200)
        acknowledged.push((await response.json()).accessToken)
      }
      expect(Fs.existsSync(state)).toBe(false) // saved at shutdown only

      if (group) process.kill(-launched.launcher.pid!, signal)
      else launched.launcher.kill(signal)
      await launched.exited
      await expect.poll(() => processesNaming(state), { timeout: 15_000, interval: 100 }).toEqual([])
      expect(await listening(port)).toBe(false)
      const saved = JSON.parse(Fs.readFileSync(state, "utf8")) as {
        readonly tokens: ReadonlyArray<{ readonly accessTokenHash: string }>
      }
      const stored = new Set(saved.tokens.map((token) => token.accessTokenHash))
      expect(acknowledged.filter((token) => !stored.has(hashOf(token)))).toEqual([])
      expect(saved.tokens.length).toBe(acknowledged.length)
    }, timeout)
  }
})

describe("started by no package manager", () => {
  it("the emulator is its launcher's only process: a SIGTERM to it is the shutdown", async () => {
    const state = Path.join(temporary, "state-direct.json")
    const launched = await launch(
      process.execPath,
      [
        Path.join(project, "node_modules", ".bin", "authlete-emulator"),
        "--port",
        "0",
        "--state",
        state,
        "--log-format",
        "json"
      ],
      project
    )
    expect(processesNaming(state)).toEqual([launched.launcher.pid])
    launched.launcher.kill("SIGTERM")
    expect(await launched.exited).toBe(0)
    expect(JSON.parse(Fs.readFileSync(state, "utf8")).tokens).toEqual([])
  }, timeout)
})

describe("the published bin, as an Authlete", () => {
  it("the official SDK runs the token lifecycle and introspection against the single-file bin", async () => {
    const launched = await launch(
      process.execPath,
      [Path.join(project, "node_modules", ".bin", "authlete-emulator"), "--port", "0", "--log-format", "json"],
      project
    )
    try {
      const { AUTHLETE_BASE_URL: serverURL, AUTHLETE_BEARER: bearer, AUTHLETE_SERVICE_ID: serviceId } = launched.env
      const clientId = Number(launched.env.AUTHLETE_CLIENT_ID)
      const authlete = new Authlete({ serverURL, bearer, retryConfig: { strategy: "none" } })
      const management = authlete.token.management
      const created = await management.create({
        serviceId,
        tokenCreateRequest: { grantType: "AUTHORIZATION_CODE", clientId, subject: "alice", scopes: ["openid"] }
      })
      expect(created.action).toBe("OK")
      const token = created.accessToken!
      const updated = await management.update({
        serviceId,
        tokenUpdateRequest: { accessToken: token, scopes: ["openid", "profile"] }
      })
      expect(updated.action).toBe("OK")
      expect((await management.list({ serviceId, subject: "alice" })).totalCount).toBe(1)
      const reissued = await management.reissueIdToken({
        serviceId,
        idtokenReissueRequest: { accessToken: token, refreshToken: created.refreshToken! }
      })
      expect([reissued.action, reissued.idToken?.split(".").length]).toEqual(["OK", 3])
      const live = await authlete.introspection.process({ serviceId, introspectionRequest: { token } })
      expect([live.action, live.usable]).toEqual(["OK", true])
      expect((await management.revoke({ serviceId, tokenRevokeRequest: { subject: "alice" } })).count).toBe(1)
      const revoked = await authlete.introspection.process({ serviceId, introspectionRequest: { token } })
      expect([revoked.action, revoked.existent]).toEqual(["UNAUTHORIZED", false])
      const again = await management.create({
        serviceId,
        tokenCreateRequest: { grantType: "CLIENT_CREDENTIALS", clientId }
      })
      await management.delete({ serviceId, accessTokenIdentifier: again.accessToken! })
      expect((await management.list({ serviceId })).totalCount).toBe(0)
    } finally {
      launched.launcher.kill("SIGTERM")
      await launched.exited
    }
  }, timeout)
})
