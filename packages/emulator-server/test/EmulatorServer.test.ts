/**
 * `authlete-emulator` as its users run it: a child process (`node --import tsx src/bin.ts`), found through the lines
 * it prints, driven by the official SDK and by raw HTTP as curl sends it, stopped by signals.
 */
import { Authlete } from "@authlete/typescript-sdk"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Jose from "jose"
import type { ChildProcess } from "node:child_process"
import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))
const startTimeout = 60_000

interface Instance {
  readonly child: ChildProcess
  readonly env: Readonly<Record<string, string>>
  readonly url: string
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<number | null>
}

// the admin bearer is generated when the environment gives none
const { AUTHLETE_EMULATOR_ADMIN_BEARER: _, ...withoutAdminBearer } = process.env

/** Spawns the bin; resolves once it printed its ready line (or rejects with what it printed if it exits first). */
const start = (args: ReadonlyArray<string>): Promise<Instance> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, "--port", "0", ...args], {
      cwd: root,
      env: withoutAdminBearer,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      const json = /^(\{"event":"ready".*)$/m.exec(stdout)
      if (json !== null || /^Ready in /m.test(stdout)) {
        const env: Record<string, string> = json !== null
          ? JSON.parse(json[1]).env
          : Object.fromEntries(Array.from(stdout.matchAll(/^export (\w+)=(.*)$/gm), ([, key, value]) => [key, value]))
        resolve({ child, env, url: env.AUTHLETE_BASE_URL, stdout: () => stdout, stderr: () => stderr, exited })
      }
    })
    child.stderr.on("data", (chunk) => (stderr += chunk))
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${stdout}\n${stderr}`)))
  })

/** Runs the bin to its end: exit code and output. */
const run = (args: ReadonlyArray<string>) =>
  new Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], { cwd: root, stdio: "pipe" })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.once("exit", (code) => resolve({ code, stdout, stderr }))
  })

const stop = async (instance: Instance, signal: NodeJS.Signals = "SIGTERM") => {
  instance.child.kill(signal)
  return instance.exited
}

const hashOf = (value: string) => createHash("sha256").update(value).digest("base64url")

const temporary = Fs.mkdtempSync(Path.join(Os.tmpdir(), "authlete-emulator-test-"))
afterAll(() => Fs.rmSync(temporary, { recursive: true, force: true }))

// A seed file as a user writes one: a second service with its own bearer, and a token whose value the test knows.
const seedFile = Path.join(temporary, "seed.json")
Fs.writeFileSync(
  seedFile,
  JSON.stringify({
    $schema: "../node_modules/@effect-authlete/emulator/emulator-seed.schema.json",
    subject: "carol",
    services: [{ serviceId: "7000", bearers: ["partner-bearer"], scopes: ["openid", "orders.read"] }],
    clients: [{ serviceId: "7000", clientId: 7001, clientIdAlias: "partner-app" }],
    tokens: [{ serviceId: "7000", client: "partner-app", accessToken: "seeded-access-token", scopes: ["orders.read"] }]
  })
)

describe("authlete-emulator", () => {
  let server: Instance
  beforeAll(async () => {
    server = await start(["--seed", seedFile, "--log-format", "pretty"])
  }, startTimeout)
  afterAll(async () => {
    if (server !== undefined) expect(await stop(server)).toBe(0)
  })

  it("prints the URL, the AUTHLETE_* lines to export and the admin bearer", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.env.AUTHLETE_SERVICE_ID).toBe("21653835348762")
    expect(server.env.AUTHLETE_CLIENT_ID).toBe("26888344961664")
    expect(server.env.AUTHLETE_BEARER).toBe("emulator-bearer-21653835348762")
    expect(server.env.AUTHLETE_EMULATOR_ADMIN_BEARER).toMatch(/^[\w-]{32}$/)
  })

  it("serves the official SDK's six operations", async () => {
    const serviceId = server.env.AUTHLETE_SERVICE_ID
    const management = new Authlete({
      serverURL: server.url,
      bearer: server.env.AUTHLETE_BEARER,
      retryConfig: { strategy: "none" }
    }).token.management
    const created = await management.create({
      serviceId,
      tokenCreateRequest: {
        grantType: "AUTHORIZATION_CODE",
        clientId: Number(server.env.AUTHLETE_CLIENT_ID),
        subject: "sdk-user",
        scopes: ["openid", "profile"]
      }
    })
    expect(created.action).toBe("OK")
    const listed = await management.list({ serviceId, subject: "sdk-user" })
    expect(listed.totalCount).toBe(1)
    const updated = await management.update({
      serviceId,
      tokenUpdateRequest: { accessToken: created.accessToken!, scopes: ["openid"] }
    })
    expect(updated.scopes).toEqual(["openid"])
    const reissued = await management.reissueIdToken({
      serviceId,
      idtokenReissueRequest: { accessToken: created.accessToken!, refreshToken: created.refreshToken! }
    })
    expect(reissued.action).toBe("OK")
    const revoked = await management.revoke({ serviceId, tokenRevokeRequest: { subject: "sdk-user" } })
    expect(revoked.count).toBe(1)
    await management.delete({ serviceId, accessTokenIdentifier: created.accessToken! })
    expect((await management.list({ serviceId, subject: "sdk-user" })).totalCount).toBe(0)
  })

  it("verifies a reissued ID token with the service JWKS, fetched as Authlete serves it", async () => {
    const serviceId = server.env.AUTHLETE_SERVICE_ID
    const authorization = { authorization: `Bearer ${server.env.AUTHLETE_BEARER}`, "content-type": "application/json" }
    const created = await fetch(`${server.url}/api/${serviceId}/auth/token/create`, {
      method: "POST",
      headers: authorization,
      body: JSON.stringify({
        grantType: "AUTHORIZATION_CODE",
        clientId: Number(server.env.AUTHLETE_CLIENT_ID),
        subject: "rp-user",
        scopes: ["openid"]
      })
    }).then((response) => response.json())
    const reissued = await fetch(`${server.url}/api/${serviceId}/idtoken/reissue`, {
      method: "POST",
      headers: authorization,
      body: JSON.stringify({ accessToken: created.accessToken, refreshToken: created.refreshToken })
    }).then((response) => response.json())
    const jwks = await fetch(`${server.url}/api/${serviceId}/service/jwks/get`, { headers: authorization })
    expect(jwks.status).toBe(200)
    const { payload } = await Jose.jwtVerify(reissued.idToken, Jose.createLocalJWKSet(await jwks.json()), {
      issuer: `https://authlete.emulator/${serviceId}`,
      audience: server.env.AUTHLETE_CLIENT_ID
    })
    expect(payload.sub).toBe("rp-user")
    const anonymous = await fetch(`${server.url}/api/${serviceId}/service/jwks/get`)
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).resultCode).toBe("A001202")
  })

  it("answers raw HTTP as curl sends it, with the seed file's service, client and token", async () => {
    // curl -H "Authorization: Bearer partner-bearer" "$URL/api/7000/auth/token/get/list?clientIdentifier=partner-app"
    const listed = await fetch(`${server.url}/api/7000/auth/token/get/list?clientIdentifier=partner-app`, {
      headers: { authorization: "Bearer partner-bearer", accept: "*/*", "user-agent": "curl/8.5.0" }
    })
    expect(listed.status).toBe(200)
    const page = await listed.json()
    expect(page.totalCount).toBe(1)
    expect(page.accessTokens[0].accessTokenHash).toBe(hashOf("seeded-access-token"))
    expect(page.accessTokens[0].subject).toBe("carol")
    // curl -X POST -H "Authorization: Bearer …" -d '{"accessTokenIdentifier":"…"}' (curl's default content type)
    const revoked = await fetch(`${server.url}/api/7000/auth/token/revoke`, {
      method: "POST",
      headers: { authorization: "Bearer partner-bearer", "content-type": "application/x-www-form-urlencoded" },
      body: JSON.stringify({ accessTokenIdentifier: "seeded-access-token" })
    })
    expect(revoked.status).toBe(400)
    expect((await revoked.json()).resultCode).toBe("A001292")
    const wrongService = await fetch(`${server.url}/api/${server.env.AUTHLETE_SERVICE_ID}/auth/token/get/list`, {
      headers: { authorization: "Bearer partner-bearer" }
    })
    expect(wrongService.status).toBe(403)
    const health = await fetch(`${server.url}/health`)
    expect(await health.json()).toEqual({ status: "ok" })
  })

  it("logs one line per request with the route template, never a token value", async () => {
    const serviceId = server.env.AUTHLETE_SERVICE_ID
    await fetch(`${server.url}/api/${serviceId}/auth/token/delete/seeded-access-token`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${server.env.AUTHLETE_BEARER}` }
    })
    await expect.poll(() => server.stdout()).toMatch(
      /^\S+Z DELETE \/api\/\{serviceId\}\/auth\/token\/delete\/\{accessTokenIdentifier\} 204 \d+\.\d ms$/m
    )
    expect(server.stdout()).not.toContain("seeded-access-token")
  })

  it("keeps the admin surface behind its own bearer: seed, reset", async () => {
    const admin = { authorization: `Bearer ${server.env.AUTHLETE_EMULATOR_ADMIN_BEARER}` }
    expect((await fetch(`${server.url}/_emulator/reset`, { method: "POST" })).status).toBe(401)
    expect(
      (await fetch(`${server.url}/_emulator/reset`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.env.AUTHLETE_BEARER}` }
      })).status
    ).toBe(401)
    const seeded = await fetch(`${server.url}/_emulator/seed`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ tokens: [{ subject: "dave" }] })
    }).then((response) => response.json())
    expect(seeded.tokens[0].accessTokenHash).toBe(hashOf(seeded.tokens[0].accessToken))
    const typo = await fetch(`${server.url}/_emulator/seed`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ tokens: [{ subjekt: "dave", accessToken: "a-secret-value" }] })
    })
    expect(typo.status).toBe(400)
    const refusal = (await typo.json()).error
    expect(refusal).toContain("tokens[0].subjekt")
    expect(refusal).not.toContain("a-secret-value")
    const listDave = () =>
      fetch(`${server.url}/api/${server.env.AUTHLETE_SERVICE_ID}/auth/token/get/list?subject=dave`, {
        headers: { authorization: `Bearer ${server.env.AUTHLETE_BEARER}` }
      }).then((response) => response.json())
    expect((await listDave()).totalCount).toBe(1)
    const snapshot = await fetch(`${server.url}/_emulator/snapshot`, { headers: admin }).then((r) => r.text())
    expect((await fetch(`${server.url}/_emulator/reset`, { method: "POST", headers: admin })).status).toBe(204)
    expect((await listDave()).totalCount).toBe(0)
    const put = await fetch(`${server.url}/_emulator/snapshot`, { method: "PUT", headers: admin, body: snapshot })
    expect(put.status).toBe(204)
    expect((await listDave()).totalCount).toBe(1)
    expect((await fetch(`${server.url}/_emulator/reset`, { method: "POST", headers: admin })).status).toBe(204)
  })

  it("sets faults at run time on Authlete's routes only", async () => {
    const admin = { authorization: `Bearer ${server.env.AUTHLETE_EMULATOR_ADMIN_BEARER}` }
    const faults = { unavailableProbability: 1, retryAfter: 2, maxFaults: 1 }
    const set = await fetch(`${server.url}/_emulator/faults`, {
      method: "PUT",
      headers: admin,
      body: JSON.stringify(faults)
    })
    expect(await set.json()).toEqual(faults)
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
    const listed = () =>
      fetch(`${server.url}/api/${server.env.AUTHLETE_SERVICE_ID}/auth/token/get/list`, {
        headers: { authorization: `Bearer ${server.env.AUTHLETE_BEARER}` }
      })
    const unavailable = await listed()
    expect(unavailable.status).toBe(503)
    expect(unavailable.headers.get("retry-after")).toBe("2")
    expect((await listed()).status).toBe(200)
    expect((await fetch(`${server.url}/_emulator/faults`, { method: "DELETE", headers: admin })).status).toBe(204)
    expect(await fetch(`${server.url}/_emulator/faults`, { headers: admin }).then((r) => r.json())).toEqual({})
  })

  // each starts its own processes: side by side
  describe.concurrent("process lifecycle", () => {
    it("a second instance on the same port exits 3 with one line", async ({ expect }) => {
      const port = new URL(server.url).port
      const second = await run(["--port", port])
      expect(second.code).toBe(3)
      expect(second.stderr.trim().split("\n")).toEqual([
        `authlete-emulator: cannot listen on 127.0.0.1:${port}: the port is already in use`
      ])
    }, startTimeout)

    it(
      "loses no acknowledged write to a SIGTERM under load, and restores them at the next start",
      async ({ expect }) => {
        const state = Path.join(temporary, "state.json")
        const first = await start(["--state", state, "--quiet"])
        const serviceId = first.env.AUTHLETE_SERVICE_ID
        const acknowledged: Array<string> = []
        let signalled = false
        const create = () =>
          fetch(`${first.url}/api/${serviceId}/auth/token/create`, {
            method: "POST",
            headers: { authorization: `Bearer ${first.env.AUTHLETE_BEARER}`, "content-type": "application/json" },
            body: JSON.stringify({ grantType: "CLIENT_CREDENTIALS", clientId: Number(first.env.AUTHLETE_CLIENT_ID) })
          }).then(async (response) => {
            if (response.status === 200) acknowledged.push((await response.json()).accessToken)
            return true
          }, () => false)
        // eight clients creating tokens until the server stops answering
        const load = Array.from({ length: 8 }, async () => {
          while (await create());
        })
        await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(40)
        const beforeSignal = acknowledged.length
        signalled = first.child.kill("SIGTERM")
        expect(await first.exited).toBe(0)
        await Promise.all(load)
        expect(signalled).toBe(true)
        expect(acknowledged.length).toBeGreaterThanOrEqual(beforeSignal)
        expect(first.stdout()).toMatch(/^Stopped$/m)

        const second = await start(["--state", state, "--quiet"])
        try {
          expect(second.stdout()).toContain("(state restored)")
          const admin = { authorization: `Bearer ${second.env.AUTHLETE_EMULATOR_ADMIN_BEARER}` }
          const snapshot = await fetch(`${second.url}/_emulator/snapshot`, { headers: admin }).then((r) => r.json())
          const stored = new Set(snapshot.tokens.map((token: { accessTokenHash: string }) => token.accessTokenHash))
          expect(acknowledged.filter((token) => !stored.has(hashOf(token)))).toEqual([])
          expect(JSON.stringify(snapshot)).not.toContain(acknowledged[0])
          // a restored token is as good as before the restart
          const update = await fetch(`${second.url}/api/${serviceId}/auth/token/update`, {
            method: "POST",
            headers: { authorization: `Bearer ${second.env.AUTHLETE_BEARER}`, "content-type": "application/json" },
            body: JSON.stringify({ accessToken: acknowledged[0], scopes: [] })
          })
          expect((await update.json()).action).toBe("OK")
        } finally {
          expect(await stop(second, "SIGINT")).toBe(0)
        }
      },
      3 * startTimeout
    )

    it(
      "--log-format json: one object per line, ready first, requests without values; fault flags",
      async ({ expect }) => {
        const instance = await start(["--log-format", "json", "--unavailable-probability", "1", "--max-faults", "1"])
        const token = "a-token-value-to-keep-out-of-logs"
        const faulted = await fetch(`${instance.url}/api/${instance.env.AUTHLETE_SERVICE_ID}/auth/token/get/list`, {
          headers: { authorization: `Bearer ${instance.env.AUTHLETE_BEARER}` }
        })
        expect(faulted.status).toBe(503)
        await fetch(`${instance.url}/api/${instance.env.AUTHLETE_SERVICE_ID}/auth/token/delete/${token}`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${instance.env.AUTHLETE_BEARER}` }
        })
        expect(await stop(instance, "SIGINT")).toBe(0)
        const events = instance.stdout().trim().split("\n").map((line) => JSON.parse(line))
        expect(events[0]).toMatchObject({ event: "ready", url: instance.url, restored: false })
        const request = events.find((event) => event.event === "request" && event.method === "DELETE")
        expect(Object.keys(request).sort()).toEqual(["durationMs", "event", "method", "route", "status", "time"])
        expect(request).toMatchObject({
          method: "DELETE",
          route: "/api/{serviceId}/auth/token/delete/{accessTokenIdentifier}",
          status: 204
        })
        expect(events.at(-1)).toEqual({ event: "stopped" })
        expect(instance.stdout()).not.toContain(token)
      },
      startTimeout
    )

    it("refuses a corrupt state file with exit code 5 and leaves it as it was", async ({ expect }) => {
      const state = Path.join(temporary, "corrupt.json")
      Fs.writeFileSync(state, "{\"format\":\"authlete-emulator-state\",\"version\":1,\"services\":[")
      const outcome = await run(["--port", "0", "--state", state])
      expect(outcome.code).toBe(5)
      expect(outcome.stderr).toMatch(
        /^authlete-emulator: the state file .* is not an emulator state \(not valid JSON\)/
      )
      expect(Fs.readFileSync(state, "utf8")).toBe(
        "{\"format\":\"authlete-emulator-state\",\"version\":1,\"services\":["
      )
    }, startTimeout)
  })
})
