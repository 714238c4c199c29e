/**
 * `authlete-emulator` as a child process for tests that drive it as a Java, Go or Python suite would: plain `fetch`,
 * the `AUTHLETE_*` lines it prints, and the admin API with its bearer.
 */
import type { ChildProcess } from "node:child_process"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../..", import.meta.url))
const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url))

/** How long a start may take (tsx compiles the sources first). */
export const startTimeout = 60_000

/** A running bin. */
export interface Bin {
  readonly url: string
  /** What it printed to export: `AUTHLETE_BASE_URL`, `AUTHLETE_BEARER`, …, `AUTHLETE_EMULATOR_ADMIN_BEARER`. */
  readonly env: Readonly<Record<string, string>>
  readonly output: () => string
  /** SIGTERM, then its exit code. */
  readonly stop: () => Promise<number | null>
  /** A call of the admin API: JSON in, the response out. */
  readonly admin: (method: string, path: string, body?: unknown) => Promise<Response>
  /** A call of Authlete's API with a bearer. */
  readonly api: (bearer: string, method: string, path: string, body?: unknown) => Promise<Response>
}

const { AUTHLETE_EMULATOR_ADMIN_BEARER: _, ...withoutAdminBearer } = process.env

const call = (url: string, bearer: string, method: string, body: unknown) =>
  fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })

/** Spawns the bin on a free port; resolves once it printed its ready line. */
export const startBin = (args: ReadonlyArray<string> = []): Promise<Bin> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", bin, "--port", "0", ...args], {
      cwd: root,
      env: withoutAdminBearer,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    child.stderr!.on("data", (chunk) => (output += chunk))
    child.stdout!.on("data", (chunk) => {
      output += chunk
      if (!/^Ready in /m.test(output)) return
      const env = Object.fromEntries(
        Array.from(output.matchAll(/^export (\w+)=(.*)$/gm), ([, key, value]) => [key, value])
      )
      const url = env.AUTHLETE_BASE_URL
      resolve({
        url,
        env,
        output: () => output,
        stop: () => {
          child.kill("SIGTERM")
          return exited
        },
        admin: (method, path, body) =>
          call(`${url}/_emulator${path}`, env.AUTHLETE_EMULATOR_ADMIN_BEARER, method, body),
        api: (bearer, method, path, body) => call(`${url}${path}`, bearer, method, body)
      })
    })
    void exited.then((code) => reject(new Error(`exited ${code} before ready`)))
  })
