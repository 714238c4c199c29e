/**
 * The bin as a user runs it: a child process against the mock server over loopback HTTP, every command, pipes, a
 * pseudo-terminal and Ctrl-C. Every output is checked for the sentinel bearer and token values (see `utils/bin.ts`).
 */
import { createHash } from "node:crypto"
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
  runTsx,
  sentinels,
  sentinelToken,
  serverEnv,
  serverOptions,
  shell,
  storedTokens,
  tempFile,
  withServer
} from "./utils/bin.js"

const hashOf = (value: string) => createHash("sha256").update(value).digest("base64url")

describe.concurrent("authlete-tokens against the mock server", () => {
  it("list pages through every token: ndjson in a pipe, JSON and a table on request", () =>
    withServer(serverOptions([sentinelToken, ...bulkTokens(7, "bob")]), async (server) => {
      const env = serverEnv(server)
      const [piped, json, table] = await Promise.all([
        run(["list", "--page-size", "3"], { env }),
        run(["list", "--subject", "bob", "--limit", "5", "--format", "json"], { env }),
        run(["list", "--client", bulkClient, "--format", "table"], { env })
      ])
      expect(piped.code).toBe(0)
      const lines = ndjson(piped.stdout)
      expect(lines.map((token) => token.accessTokenHash).sort()).toEqual(
        (await storedTokens(server)).map((token) => token.accessTokenHash).sort()
      )
      expect(lines).toContainEqual(expect.objectContaining({ accessTokenHash: hashOf(sentinels.accessToken) }))

      expect(json.code).toBe(0)
      const parsed = JSON.parse(json.stdout) as Array<{ subject: string }>
      expect(parsed).toHaveLength(5)
      expect(parsed.every((token) => token.subject === "bob")).toBe(true)

      expect(table.code).toBe(0)
      const rows = table.stdout.trimEnd().split("\n")
      expect(rows[0]).toMatch(/^ACCESS TOKEN HASH\s+CLIENT ID\s+SUBJECT/)
      expect(rows).toHaveLength(1 + 7)
    }))

  it("create prints the token's hash, never its value unless --show-secrets", () =>
    withServer(serverOptions(), async (server) => {
      const env = serverEnv(server)
      const request = { grantType: "AUTHORIZATION_CODE", clientId: server.clientId, accessToken: sentinels.created }
      const [hidden, shown] = await Promise.all([
        run(["create", "--input", "-", "--subject", "dave", "--scopes", "openid profile"], {
          env,
          stdin: JSON.stringify(request)
        }),
        run(
          ["create", "--grant-type", "CLIENT_CREDENTIALS", "--client-id", String(server.clientId), "--show-secrets"],
          {
            env,
            allowed: [sentinels.created]
          }
        )
      ])
      expect(hidden.code).toBe(0)
      const created = ndjson(hidden.stdout)[0]
      expect(created).toMatchObject({
        action: "OK",
        accessToken: "<redacted>",
        accessTokenHash: hashOf(sentinels.created),
        subject: "dave",
        scopes: ["openid", "profile"]
      })
      expect(shown.code).toBe(0)
      const value = ndjson(shown.stdout)[0]
      expect(value.accessTokenHash).toBe(hashOf(String(value.accessToken)))
      const stored = (await storedTokens(server)).map((token) => token.accessTokenHash)
      expect(stored).toEqual(expect.arrayContaining([hashOf(sentinels.created), value.accessTokenHash]))
    }))

  it("update, revoke and delete act on the token named by its hash", () =>
    withServer(serverOptions([sentinelToken, { subject: "erin" }, { subject: "frank" }]), async (server) => {
      const env = serverEnv(server)
      const [alice, erin, frank] = (await storedTokens(server)).map((token) => token.accessTokenHash)
      const [updated, revoked, deleted] = await Promise.all([
        run(["update", "--access-token-hash", alice, "--scopes", "openid,email"], { env }),
        run(["revoke", "--access-token-identifier", erin, "--yes"], { env }),
        run(["delete", "--yes", frank], { env })
      ])
      expect(updated.code).toBe(0)
      expect(ndjson(updated.stdout)[0]).toMatchObject({ action: "OK", scopes: ["openid", "email"] })
      expect(revoked.code).toBe(0)
      expect(ndjson(revoked.stdout)[0]).toMatchObject({ count: 1 })
      expect(deleted.code).toBe(0)
      expect(ndjson(deleted.stdout)).toEqual([{ accessTokenIdentifier: "<redacted>", deleted: true }])
      const left = await storedTokens(server)
      expect(left.map((token) => [token.accessTokenHash, token.scopes])).toEqual([[alice, ["openid", "email"]]])
    }))

  it("reissue-id-token takes the token pair from an --input file and hides the ID token", () =>
    withServer(serverOptions([sentinelToken]), async (server) => {
      const input = tempFile(
        "pair.json",
        JSON.stringify({ accessToken: sentinels.accessToken, refreshToken: sentinels.refreshToken })
      )
      const result = await run(["reissue-id-token", "--input", input, "--bearer-file", bearerFile], {
        env: envOf({ AUTHLETE_BASE_URL: server.url, AUTHLETE_SERVICE_ID: server.serviceId })
      })
      expect(result.code).toBe(0)
      expect(ndjson(result.stdout)[0]).toMatchObject({ action: "OK", idToken: "<redacted>" })
    }))

  it("revoke --all revokes 95 tokens in 5 calls, without a progress bar in a pipe", () =>
    withServer(serverOptions([...bulkTokens(95), { subject: "grace" }]), async (server) => {
      const before = server.stats().requests
      const result = await run(["revoke", "--client", bulkClient, "--all", "--yes"], { env: serverEnv(server) })
      expect(result.code).toBe(0)
      expect(ndjson(result.stdout)[0]).toMatchObject({ revoked: 95, calls: 5, total: 95, complete: true })
      expect(server.stats().requests - before).toBe(1 + 5) // the list for the total, then 5 revocations
      expect((await storedTokens(server)).map((token) => token.subject)).toEqual(["grace"])
      expect(result.stderr).toBe("")
    }))

  it("revoke --all draws its progress on a terminal", () =>
    withServer(serverOptions(bulkTokens(95)), async (server) => {
      const result = await runOnTerminal(["revoke", "--subject", "mallory", "--all", "--yes"], {
        env: serverEnv(server)
      })
      expect(result.code).toBe(0)
      const frames = result.stdout.split("\r").map((frame) => frame.match(/(\d+)\/95/)?.[1]).filter(Boolean)
      expect(frames).toEqual(["0", "20", "40", "60", "80", "95"])
      expect(result.stdout).toMatch(/revoked\s+95/) // the tally, as a table on a terminal
      expect(await storedTokens(server)).toEqual([])
    }))

  it("revoke --all --dry-run lists what it would revoke and revokes nothing", () =>
    withServer(serverOptions([...bulkTokens(25), { subject: "mallory" }]), async (server) => {
      const result = await run(["revoke", "--client", bulkClient, "--subject", "mallory", "--all", "--dry-run"], {
        env: serverEnv(server)
      })
      expect(result.code).toBe(0)
      expect(ndjson(result.stdout)).toHaveLength(25)
      expect(await storedTokens(server)).toHaveLength(26)
    }))

  it("list | delete --stdin deletes what the list found, and only that", () =>
    withServer(serverOptions([...bulkTokens(30, "mallory"), { subject: "heidi" }]), async (server) => {
      const mallory = (await storedTokens(server)).filter((token) => token.subject === "mallory")
      const result = await shell("$BIN list --subject mallory | $BIN delete --stdin --yes --concurrency 4 --rate 200", {
        env: serverEnv(server)
      })
      expect(result.code).toBe(0)
      const lines = ndjson(result.stdout)
      expect(lines.every((line) => line.deleted === true)).toBe(true)
      expect(lines.map((line) => line.accessTokenHash).sort()).toEqual(
        mallory.map((token) => token.accessTokenHash).sort()
      )
      expect((await storedTokens(server)).map((token) => token.subject)).toEqual(["heidi"])
    }))

  it("list | head: the reader going away stops the paging quietly", () =>
    withServer(serverOptions(bulkTokens(200)), async (server) => {
      const result = await run(["list", "--page-size", "5"], {
        env: serverEnv(server),
        started: (child) => child.stdout?.once("data", () => child.stdout?.destroy())
      })
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
      expect(server.stats().requests).toBeLessThan(200 / 5)
    }))

  it("Ctrl-C in a bulk revoke stops after the call in flight and reports what was and was not revoked", () =>
    withServer(serverOptions(bulkTokens(95)), async (server) => {
      server.faults.set({ latency: 300 })
      const revokes = () => server.stats().requests - 1 // after the list
      const result = await run(["revoke", "--client", bulkClient, "--all", "--yes", "--format", "json"], {
        env: serverEnv(server),
        started: interruptAfter(server, 3)
      })
      expect(result.code).toBe(130)
      const left = (await storedTokens(server)).length
      const tally = JSON.parse(result.stdout) as { revoked: number; calls: number; remaining: number }
      expect(left).toBeGreaterThan(0)
      expect(tally.revoked).toBe(95 - left)
      expect(tally.remaining).toBe(left)
      expect(tally.calls).toBe(revokes())
      expect(result.stderr).toContain(`interrupted: revoked ${95 - left} of 95 in ${tally.calls} calls; about ${left}`)
    }))

  it("Ctrl-C in a bulk delete lists the identifiers read but not deleted", () =>
    withServer(serverOptions(bulkTokens(40)), async (server) => {
      server.faults.set({ latency: 300 })
      const hashes = (await storedTokens(server)).map((token) => token.accessTokenHash)
      const input = hashes.map((accessTokenHash) => JSON.stringify({ accessTokenHash })).join("\n")
      const result = await run(["delete", "--stdin", "--yes", "--concurrency", "2"], {
        env: serverEnv(server),
        stdin: input,
        started: interruptAfter(server, 4)
      })
      expect(result.code).toBe(130)
      const left = new Set((await storedTokens(server)).map((token) => token.accessTokenHash))
      const lines = ndjson(result.stdout)
      const deleted = lines.filter((line) => line.deleted === true).map((line) => line.accessTokenHash)
      const notDeleted = lines.filter((line) => line.deleted === false).map((line) => line.accessTokenHash)
      expect(deleted.length).toBe(40 - left.size)
      expect(deleted.every((hash) => !left.has(String(hash)))).toBe(true)
      expect(notDeleted.every((hash) => left.has(String(hash)))).toBe(true)
      expect(result.stderr).toContain(`interrupted: deleted ${deleted.length}; not deleted ${notDeleted.length}`)
    }))
})

describe.concurrent("errors: one line, an exit code per kind", () => {
  it("maps each kind of failure to its exit code, without secrets", () =>
    withServer(serverOptions([sentinelToken]), async (server) => {
      const env = serverEnv(server)
      const [usage, validation, result, other, transport, action] = await Promise.all([
        run(["list"], { env: envOf({ AUTHLETE_BASE_URL: server.url }) }),
        run(["update", "--scopes", "openid"], { env }),
        run(["list"], { env: serverEnv(server, { AUTHLETE_BEARER: "wrong-bearer" }) }),
        run(["revoke", "--access-token-identifier", "no-such-token", "--yes"], { env }),
        run(["list", "--base-url", "http://127.0.0.1:9"], { env }),
        run([
          "create",
          "--grant-type",
          "AUTHORIZATION_CODE",
          "--client-id",
          String(server.clientId),
          "--subject",
          "x",
          "--scopes",
          "nope"
        ], { env })
      ])
      expect([usage.code, validation.code, result.code, other.code, transport.code, action.code]).toEqual([
        2,
        3,
        4,
        5,
        6,
        8
      ])
      for (const run of [usage, validation, result, other, transport, action]) {
        expect(run.stderr).toMatch(/^authlete-tokens: [^\n]+\n$/)
        expect(run.stdout).toBe("")
      }
      expect(usage.stderr).toContain("no bearer")
      expect(result.stderr).toContain("HTTP 401")
    }))

  it("exits 7 on an undecodable answer, and --verbose prints the cause", () =>
    withServer(serverOptions([sentinelToken], {}), async (server) => {
      server.faults.set({ truncateProbability: 1 })
      const result = await run(["list", "--verbose"], { env: serverEnv(server) })
      expect(result.code).toBe(7)
      expect(result.stderr.split("\n")[0]).toMatch(/^authlete-tokens: list got an undecodable HTTP 200 response/)
      expect(result.stderr.split("\n").length).toBeGreaterThan(2)
    }))

  it("refuses a command-line mistake with exit code 2 before any call", () =>
    withServer(serverOptions(), async (server) => {
      const [status, all] = await Promise.all([
        run(["list", "--status", "SOME"], { env: serverEnv(server) }),
        run(["revoke", "--all"], { env: serverEnv(server) })
      ])
      expect(status.code).toBe(2)
      expect(all.code).toBe(2)
      expect(all.stderr).toContain("--all takes --client and/or --subject")
      expect(server.stats().requests).toBe(0)
    }))
})

describe.concurrent("help, completions and the emulator", () => {
  it("--help shows examples, --completions a script naming the commands", async () => {
    const [root, revoke, completions] = await Promise.all([
      run(["--help"]),
      run(["revoke", "--help"]),
      run(["--completions", "bash"])
    ])
    expect(root.code).toBe(0)
    expect(root.stdout).toContain("EXAMPLES")
    expect(revoke.stdout).toContain("--dry-run")
    expect(revoke.stdout).toContain("authlete-tokens revoke --emulator --client batch-client --all --yes")
    expect(completions.code).toBe(0)
    for (const command of ["list", "create", "update", "delete", "revoke", "reissue-id-token"]) {
      expect(completions.stdout).toContain(command)
    }
  })

  it("--emulator needs no account, from the source as `pnpm authlete-tokens` runs it", async () => {
    const [list, revoke] = await Promise.all([
      runTsx(["list", "--emulator"]),
      run(["revoke", "--emulator", "--client", "batch-client", "--all", "--yes"])
    ])
    expect(list.code).toBe(0)
    expect(ndjson(list.stdout)).toHaveLength(48)
    expect(ndjson(revoke.stdout)[0]).toMatchObject({ revoked: 45, calls: 3 })
  })
})
