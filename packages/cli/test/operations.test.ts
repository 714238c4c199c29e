/**
 * What operators rely on with production tokens, through the bin as a child process against a real server on loopback:
 * confirmation on a terminal (a pseudo-terminal from util-linux `script`) and refusal without one, `--dry-run`,
 * profiles, `--fields`/CSV/`--output-schema`, the audit log, the standalone emulator through `--emulator-url` and
 * `--emulator-env`, and resuming interrupted bulk work from `--summary`. Every output is checked for the sentinel bearer
 * and token values (`utils/bin.ts`); the files the CLI writes are checked here.
 */
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import {
  bearerFile,
  bulkClient,
  bulkTokens,
  envOf,
  interruptAfter,
  ndjson,
  run,
  runOnTerminal,
  sentinels,
  sentinelToken,
  serverEnv,
  serverOptions,
  shell,
  shellOnTerminal,
  startEmulator,
  storedTokens,
  tempFile,
  withServer
} from "./utils/bin.js"

const hashOf = (value: string) => createHash("sha256").update(value).digest("base64url")

/** A token whose hash starts with "-" (about one in 64 does): the parser reads every word after it as an identifier. */
const dashToken = { value: "tok-e39bdaf0610bfd7f", hash: hashOf("tok-e39bdaf0610bfd7f") }

const hashesOf = async (server: Parameters<typeof storedTokens>[0]) =>
  (await storedTokens(server)).map((token) => token.accessTokenHash)

/** A fresh directory. */
const directory = () => Fs.mkdtempSync(Path.join(Os.tmpdir(), "authlete-cli-ops-"))

/** Fails if a file the CLI wrote holds a secret. */
const expectFileClean = (text: string) => {
  for (const secret of Object.values(sentinels)) expect(text).not.toContain(secret)
}

describe.concurrent("destructive commands: confirmation, --yes, --dry-run", () => {
  it("on a terminal, delete asks with the count and acts only on y", () =>
    withServer(serverOptions(bulkTokens(3)), async (server) => {
      const [first, second, third] = await hashesOf(server)
      const env = serverEnv(server)
      const log = Path.join(directory(), "audit.jsonl")
      const no = await runOnTerminal(["delete", "--audit-log", log, first, second], { env, stdin: "n\n" })
      expect(no.stdout).toContain("Delete 2 tokens (given)? [y/N]")
      expect(no.code).toBe(9)
      expect(server.stats().requests).toBe(0)
      expect(ndjson(Fs.readFileSync(log, "utf8"))).toMatchObject([{
        command: "delete",
        outcome: "declined",
        exitCode: 9
      }])
      const yes = await runOnTerminal(["delete", first, second], { env, stdin: "y\n" })
      expect(yes.code).toBe(0)
      expect(await hashesOf(server)).toEqual([third])
    }))

  it("on a terminal, revoke --all says how many tokens of which client, and a no revokes nothing", () =>
    withServer(serverOptions(bulkTokens(25)), async (server) => {
      const result = await runOnTerminal(["revoke", "--client", bulkClient, "--all"], {
        env: serverEnv(server),
        stdin: "no\n"
      })
      expect(result.stdout).toContain(`Revoke all 25 tokens of client ${bulkClient}? [y/N]`)
      expect(result.code).toBe(9)
      expect(server.stats().requests).toBe(1) // the list that counted them
      expect(await storedTokens(server)).toHaveLength(25)
    }))

  it("list | delete --stdin on a terminal reads the answer from the terminal, not from the pipe", () =>
    withServer(serverOptions([...bulkTokens(4), { subject: "heidi" }]), async (server) => {
      const result = await shellOnTerminal("$BIN list --subject mallory | $BIN delete --stdin", {
        env: serverEnv(server),
        stdin: "y\n"
      })
      expect(result.stdout).toContain("Delete 4 tokens (from stdin)? [y/N]")
      expect(result.code).toBe(0)
      expect((await storedTokens(server)).map((token) => token.subject)).toEqual(["heidi"])
    }))

  it("without a terminal, delete and revoke refuse with the usage code unless --yes", () =>
    withServer(serverOptions([...bulkTokens(3), sentinelToken]), async (server) => {
      const env = serverEnv(server)
      const [first] = await hashesOf(server)
      const [one, piped, revoke] = await Promise.all([
        run(["delete", first], { env }),
        shell("$BIN list --subject mallory | $BIN delete --stdin", { env }),
        run(["revoke", "--access-token-identifier", sentinels.accessToken], { env })
      ])
      for (const refused of [one, piped, revoke]) {
        expect(refused.code).toBe(2)
        expect(refused.stderr).toContain("add --yes")
      }
      expect(await storedTokens(server)).toHaveLength(4)
      // flags first: a hash may start with "-", after which every word is an identifier
      const forced = await run(["delete", "--yes", first], { env })
      expect(forced.code).toBe(0)
      expect(await hashesOf(server)).not.toContain(first)
    }))

  it("an identifier starting with '-' is deleted, and a flag written after it is refused, never taken for a token", () =>
    withServer(serverOptions([{ subject: "dash", accessToken: dashToken.value }, sentinelToken]), async (server) => {
      const env = serverEnv(server)
      expect(dashToken.hash.startsWith("-")).toBe(true)
      expect(await hashesOf(server)).toContain(dashToken.hash)
      const dryRunAfter = await run(["delete", "--yes", dashToken.hash, "--dry-run"], { env })
      expect(dryRunAfter.code).toBe(2)
      expect(dryRunAfter.stderr).toContain("--dry-run was read as an identifier")
      expect(await hashesOf(server)).toContain(dashToken.hash)
      const deleted = await run(["delete", "--yes", dashToken.hash], { env })
      expect(deleted.code).toBe(0)
      expect(await hashesOf(server)).not.toContain(dashToken.hash)
      expect(await storedTokens(server)).toHaveLength(1)
    }))

  it("--dry-run prints what would be done: delete calls nothing, revoke only lists", () =>
    withServer(serverOptions([...bulkTokens(25), sentinelToken]), async (server) => {
      const env = serverEnv(server)
      const mallory = (await storedTokens(server)).filter((token) => token.subject === "mallory")
      const input = mallory.slice(0, 5).map(({ accessTokenHash }) => JSON.stringify({ accessTokenHash })).join("\n")
      const deleteRun = await run(["delete", "--stdin", "--dry-run"], { env, stdin: input })
      const pair = await run(["revoke", "--access-token-identifier", sentinels.accessToken, "--dry-run"], { env })
      expect(server.stats().requests).toBe(0)
      const revokeRun = await run(["revoke", "--client", bulkClient, "--dry-run"], { env })

      expect(deleteRun.code).toBe(0)
      expect(ndjson(deleteRun.stdout)).toEqual(
        mallory.slice(0, 5).map(({ accessTokenHash }) => ({ accessTokenHash, deleted: false, dryRun: true }))
      )
      expect(deleteRun.stderr).toBe("dry run: would delete 5 tokens (from stdin); nothing was deleted\n")
      expect(pair.code).toBe(0)
      expect(ndjson(pair.stdout)).toEqual([{ accessTokenIdentifier: "<redacted>", revoked: false, dryRun: true }])
      expect(revokeRun.code).toBe(0)
      expect(ndjson(revokeRun.stdout)).toHaveLength(25)
      expect(revokeRun.stderr).toContain(`would revoke up to 20 tokens of client ${bulkClient} (25 match`)
      expect(await storedTokens(server)).toHaveLength(26)
    }))
})

describe.concurrent("profiles", () => {
  /** An environment whose config file is `config` (under XDG_CONFIG_HOME, or HOME/.config). */
  const withConfig = (config: unknown, extra: Record<string, string> = {}, xdg = true) => {
    const dir = directory()
    const configDir = xdg ? Path.join(dir, "authlete-tokens") : Path.join(dir, ".config", "authlete-tokens")
    Fs.mkdirSync(configDir, { recursive: true })
    Fs.writeFileSync(Path.join(configDir, "config.json"), JSON.stringify(config))
    return envOf(xdg ? { XDG_CONFIG_HOME: dir, ...extra } : { XDG_CONFIG_HOME: "", HOME: dir, ...extra })
  }

  it("a profile names the server, the service and where the bearer is; it beats AUTHLETE_* variables", () =>
    withServer(serverOptions([sentinelToken, { subject: "bob" }]), async (server) => {
      const profiles = {
        prod: { baseUrl: server.url, serviceId: server.serviceId, bearerFile },
        ops: { baseUrl: server.url, serviceId: server.serviceId, bearerEnv: "OPS_AUTHLETE_BEARER" }
      }
      const wrong = { AUTHLETE_BASE_URL: "http://127.0.0.1:9", AUTHLETE_BEARER: "wrong-bearer" }
      const [flag, variable, byDefault, fromHome] = await Promise.all([
        run(["list", "--profile", "prod"], { env: withConfig({ profiles }, wrong) }),
        run(["list"], {
          env: withConfig({ profiles }, { AUTHLETE_PROFILE: "ops", OPS_AUTHLETE_BEARER: sentinels.bearer })
        }),
        run(["list"], { env: withConfig({ default: "prod", profiles }) }),
        run(["list", "--profile", "prod"], { env: withConfig({ profiles }, {}, false) })
      ])
      const stored = (await hashesOf(server)).sort()
      for (const result of [flag, variable, byDefault, fromHome]) {
        expect(result.code).toBe(0)
        expect(ndjson(result.stdout).map((token) => token.accessTokenHash).sort()).toEqual(stored)
      }
    }))

  it("refuses a config file holding a bearer, without printing it; an unknown profile is a usage error", async () => {
    const [bearer, inEnvName, nested, unknown] = await Promise.all([
      run(["list", "--profile", "prod"], {
        env: withConfig({ profiles: { prod: { baseUrl: "http://127.0.0.1:9", bearer: sentinels.bearer } } })
      }),
      run(["list", "--profile", "prod"], { env: withConfig({ profiles: { prod: { bearerEnv: sentinels.bearer } } }) }),
      run(["list"], { env: withConfig({ token: sentinels.bearer }) }),
      run(["list", "--profile", "staging"], { env: withConfig({ profiles: { prod: {} } }) })
    ])
    expect(bearer.code).toBe(2)
    expect(bearer.stderr).toMatch(/profile "prod" holds a secret in "bearer".*"bearerEnv".*"bearerFile"/)
    expect(inEnvName.code).toBe(2)
    expect(inEnvName.stderr).toContain("\"bearerEnv\" must name an environment variable")
    expect(nested.code).toBe(2)
    expect(nested.stderr).toContain("holds a secret in \"token\"")
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("no profile \"staging\"")
    expect(unknown.stderr).toContain("(profiles: prod)")
  })
})

describe.concurrent("output: --fields, CSV, --output-schema", () => {
  const odd = { client: bulkClient, subject: "o'brien, \"jr\"", scopes: ["openid", "profile"] }

  it("--fields picks and orders the fields in every format; CSV quotes as RFC 4180", () =>
    withServer(serverOptions([odd]), async (server) => {
      const env = serverEnv(server)
      const [hash] = await hashesOf(server)
      const fields = ["--fields", "subject,accessTokenHash"]
      const [csv, lines, json, table] = await Promise.all([
        run(["list", "--format", "csv", "--fields", "accessTokenHash,subject,scopes"], { env }),
        run(["list", ...fields], { env }),
        run(["list", "--format", "json", ...fields], { env }),
        run(["list", "--format", "table", ...fields], { env })
      ])
      expect(csv.stdout).toBe(`accessTokenHash,subject,scopes\r\n${hash},"o'brien, ""jr""",openid profile\r\n`)
      expect(lines.stdout).toBe(`${JSON.stringify({ subject: odd.subject, accessTokenHash: hash })}\n`)
      expect(Object.keys((JSON.parse(json.stdout) as Array<object>)[0])).toEqual(["subject", "accessTokenHash"])
      expect(table.stdout.split("\n")[0]).toMatch(/^SUBJECT\s+ACCESS TOKEN HASH$/)
      const requests = server.stats().requests
      const typo = await run(["list", "--fields", "accessTokenHash,subjct"], { env })
      expect(typo.code).toBe(2)
      expect(typo.stderr).toMatch(/--fields: no field subjct in this output \(fields: .*subject/)
      expect(server.stats().requests).toBe(requests)
    }))

  it("--output-schema describes what the JSON output holds; CSV's columns are its properties, in order", () =>
    withServer(serverOptions([sentinelToken, odd]), async (server) => {
      const env = serverEnv(server)
      const [schemaRun, createSchemaRun, listRun, csvRun] = await Promise.all([
        run(["list", "--output-schema"], { env }),
        run(["create", "--output-schema"], { env }),
        run(["list"], { env }),
        run(["list", "--format", "csv"], { env })
      ])
      expect([schemaRun.code, createSchemaRun.code]).toEqual([0, 0])
      expect(server.stats().requests).toBe(2) // --output-schema calls nothing, though it could reach the server
      const schema = JSON.parse(schemaRun.stdout) as {
        $schema: string
        properties: Record<string, { type?: string; description?: string }>
      }
      expect(schema.$schema).toContain("json-schema.org")
      const typeOf = (value: unknown) =>
        Array.isArray(value) ? "array" : typeof value === "object" ? "object" : typeof value
      for (const record of ndjson(listRun.stdout)) {
        for (const [key, value] of Object.entries(record)) {
          expect(schema.properties, key).toHaveProperty(key)
          if (schema.properties[key].type !== undefined) expect(typeOf(value)).toBe(schema.properties[key].type)
        }
      }
      expect(schema.properties.accessTokenHash.description).toMatch(/hash/i)
      expect(csvRun.stdout.split("\r\n")[0]).toBe(Object.keys(schema.properties).join(","))
      const created = JSON.parse(createSchemaRun.stdout) as { properties: Record<string, { type?: string }> }
      expect(created.properties.accessToken.type).toBe("string")
      expect(Object.keys(created.properties)).toEqual(expect.arrayContaining(["accessTokenHash", "refreshTokenHash"]))
      expect(createSchemaRun.stdout).not.toContain("\"null\"")
    }))
})

describe.concurrent("the audit log", () => {
  it("one JSON line per command: selector, counts and token hashes, never a token value or the bearer", () =>
    withServer(serverOptions([...bulkTokens(25), sentinelToken, { subject: "erin" }]), async (server) => {
      const log = Path.join(directory(), "audit.jsonl")
      const env = serverEnv(server)
      const erin = (await storedTokens(server)).find((token) => token.subject === "erin")!.accessTokenHash
      const audit = ["--audit-log", log]
      const revoked = await run(["revoke", "--client", bulkClient, "--all", "--yes", ...audit], { env })
      const deleted = await run(
        ["delete", "--access-token-identifier", sentinels.accessToken, "--yes", ...audit, erin],
        {
          env
        }
      )
      const refused = await run(["delete", ...audit, erin], { env })
      const created = await run(["create", "--input", "-", ...audit], {
        env,
        stdin: JSON.stringify({
          grantType: "CLIENT_CREDENTIALS",
          clientId: server.clientId,
          accessToken: sentinels.created
        })
      })
      expect([revoked.code, deleted.code, refused.code, created.code]).toEqual([0, 0, 2, 0])
      const text = Fs.readFileSync(log, "utf8")
      expectFileClean(text)
      const lines = ndjson(text)
      expect(lines).toHaveLength(4)
      for (const line of lines) expect(Date.parse(String(line.time))).toBeGreaterThan(Date.now() - 120_000)
      expect(lines[0]).toMatchObject({
        command: "revoke",
        profile: null,
        selector: { clientIdentifier: bulkClient },
        outcome: "ok",
        counts: { revoked: 25, calls: 2, total: 25 }
      })
      expect(lines[1]).toMatchObject({
        command: "delete",
        selector: { accessTokenIdentifierHash: hashOf(sentinels.accessToken) },
        counts: { deleted: 2, notDeleted: 0 }
      })
      // a bare identifier may be a token value: it is logged as its SHA-256 (what list shows, for a value)
      expect((lines[1].tokenHashes as Array<string>).sort()).toEqual(
        [hashOf(erin), hashOf(sentinels.accessToken)].sort()
      )
      expect(lines[2]).toMatchObject({ command: "delete", outcome: "failed", exitCode: 2, tokenHashes: [] })
      expect(lines[3]).toMatchObject({
        command: "create",
        selector: { accessTokenHash: hashOf(sentinels.created), grantType: "CLIENT_CREDENTIALS" }
      })
    }))

  it("a profile's auditLog is used, and names the profile", () =>
    withServer(serverOptions(bulkTokens(2)), async (server) => {
      const dir = directory()
      const log = Path.join(dir, "prod-audit.jsonl")
      Fs.mkdirSync(Path.join(dir, "authlete-tokens"))
      const profile = { baseUrl: server.url, serviceId: server.serviceId, bearerFile, auditLog: log }
      Fs.writeFileSync(
        Path.join(dir, "authlete-tokens", "config.json"),
        JSON.stringify({ profiles: { prod: profile } })
      )
      const result = await run(["revoke", "--subject", "mallory", "--all", "--yes", "--dry-run", "--profile", "prod"], {
        env: envOf({ XDG_CONFIG_HOME: dir })
      })
      expect(result.code).toBe(0)
      const [line] = ndjson(Fs.readFileSync(log, "utf8"))
      expect(line).toMatchObject({ profile: "prod", command: "revoke", dryRun: true, counts: { wouldRevoke: 2 } })
      expect((line.tokenHashes as Array<string>).sort()).toEqual((await hashesOf(server)).sort())
    }))
})

describe.concurrent("a running standalone emulator", () => {
  it("--emulator-env takes the AUTHLETE_* lines it printed, so list | delete acts on its one store", async () => {
    const emulator = await startEmulator({
      tokens: [...Array.from({ length: 5 }, () => ({ subject: "mallory" })), {
        subject: "heidi",
        accessToken: sentinels.accessToken
      }]
    })
    try {
      const emulatorEnv = tempFile("emulator.log", emulator.printed)
      const env = envOf()
      const piped = await shell(
        `$BIN list --emulator-env ${emulatorEnv} --subject mallory | $BIN delete --stdin --yes --emulator-env ${emulatorEnv}`,
        { env }
      )
      expect(piped.code).toBe(0)
      expect(ndjson(piped.stdout).filter((line) => line.deleted === true)).toHaveLength(5)
      const [left, fromStdin, byUrl] = await Promise.all([
        run(["list", "--emulator-env", emulatorEnv], { env }),
        shell(`cat ${emulatorEnv} | $BIN list --emulator-env -`, { env }),
        run(["list", "--emulator-url", emulator.url], { env })
      ])
      for (const result of [left, fromStdin, byUrl]) {
        expect(result.code).toBe(0)
        expect(ndjson(result.stdout).map((token) => [token.subject, token.accessTokenHash])).toEqual([
          ["heidi", hashOf(sentinels.accessToken)]
        ])
        expect(result.stdout + result.stderr).not.toContain("emulator-bearer-")
      }
    } finally {
      await emulator.stop()
    }
  })
})

describe.concurrent("resuming interrupted bulk work", () => {
  it("delete --summary records what was deleted as it goes and on Ctrl-C; --resume skips it", () =>
    withServer(serverOptions(bulkTokens(40)), async (server) => {
      server.faults.set({ latency: 300 })
      const hashes = await hashesOf(server)
      const stdin = hashes.map((accessTokenHash) => JSON.stringify({ accessTokenHash })).join("\n")
      const summary = Path.join(directory(), "run.json")
      const interrupted = await run(["delete", "--stdin", "--yes", "--concurrency", "2", "--summary", summary], {
        env: serverEnv(server),
        stdin,
        started: interruptAfter(server, 4)
      })
      expect(interrupted.code).toBe(130)
      const left = await hashesOf(server)
      expectFileClean(Fs.readFileSync(summary, "utf8"))
      const first = JSON.parse(Fs.readFileSync(summary, "utf8")) as {
        state: string
        complete: boolean
        done: Array<string>
        notDone: Array<string>
      }
      expect(first).toMatchObject({ state: "interrupted", complete: false })
      expect(first.done.sort()).toEqual(hashes.filter((hash) => !left.includes(hash)).sort())
      expect(first.notDone.length).toBeGreaterThan(0)
      expect(first.notDone.every((hash) => left.includes(hash))).toBe(true)

      server.faults.clear()
      const before = server.stats().requests
      const resumed = await run(["delete", "--stdin", "--yes", "--resume", summary], { env: serverEnv(server), stdin })
      expect(resumed.code).toBe(0)
      expect(resumed.stderr).toContain(`resumed: skipped ${first.done.length} tokens deleted before`)
      expect(server.stats().requests - before).toBe(left.length)
      expect(await storedTokens(server)).toEqual([])
      const last = JSON.parse(Fs.readFileSync(summary, "utf8")) as {
        state: string
        complete: boolean
        done: Array<string>
      }
      expect(last).toMatchObject({ state: "ok", complete: true })
      expect(last.done.sort()).toEqual([...hashes].sort())
    }))

  it("revoke --all --summary, interrupted, is finished by --resume with the selector it recorded", () =>
    withServer(serverOptions([...bulkTokens(95), { subject: "grace" }]), async (server) => {
      server.faults.set({ latency: 300 })
      const summary = Path.join(directory(), "revoke.json")
      const interrupted = await run(["revoke", "--client", bulkClient, "--all", "--yes", "--summary", summary], {
        env: serverEnv(server),
        started: interruptAfter(server, 3)
      })
      expect(interrupted.code).toBe(130)
      const first = JSON.parse(Fs.readFileSync(summary, "utf8")) as { counts: { revoked: number } }
      expect(first).toMatchObject({ state: "interrupted", complete: false, selector: { clientIdentifier: bulkClient } })
      expect(first.counts.revoked).toBe(95 - ((await storedTokens(server)).length - 1))
      server.faults.clear()
      const resumed = await run(["revoke", "--resume", summary, "--yes"], { env: serverEnv(server) })
      expect(resumed.code).toBe(0)
      expect((await storedTokens(server)).map((token) => token.subject)).toEqual(["grace"])
      expect(JSON.parse(Fs.readFileSync(summary, "utf8"))).toMatchObject({ state: "ok", complete: true })
      const before = server.stats().requests
      const again = await run(["revoke", "--resume", summary, "--yes"], { env: serverEnv(server) })
      expect(again.code).toBe(0)
      expect(again.stderr).toContain("nothing to do")
      expect(server.stats().requests).toBe(before)
    }))
})
