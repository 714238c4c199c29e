/**
 * The admin API as a test suite in another language uses it: the bin as a child process, plain `fetch`, the
 * `AUTHLETE_*` lines it prints. Each control — the clock, tenants, the journal, scripted faults, the OpenAPI
 * document — is checked by what a test relies on; tests isolate themselves with tenants, as parallel suites would.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import type { Bin } from "./utils/bin.js"
import { startBin, startTimeout } from "./utils/bin.js"

const hashOf = (value: string) => createHash("sha256").update(value).digest("base64url")

interface Tenant {
  readonly serviceId: string
  readonly bearer: string
  readonly clientId: number
}

let server: Bin
beforeAll(async () => {
  server = await startBin(["--quiet"])
}, startTimeout)
afterAll(async () => {
  if (server !== undefined) expect(await server.stop()).toBe(0)
})

const newTenant = async (body: unknown = {}): Promise<Tenant> => {
  const response = await server.admin("POST", "/tenants", body)
  expect(response.status).toBe(201)
  return response.json()
}

const createToken = async (tenant: Tenant, extra: Record<string, unknown> = {}) => {
  const response = await server.api(tenant.bearer, "POST", `/api/${tenant.serviceId}/auth/token/create`, {
    grantType: "CLIENT_CREDENTIALS",
    clientId: tenant.clientId,
    ...extra
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { readonly accessToken: string; readonly action: string }
}

const introspect = async (tenant: Tenant, token: string) => {
  const response = await server.api(tenant.bearer, "POST", `/api/${tenant.serviceId}/auth/introspection`, { token })
  return (await response.json()) as { readonly action: string; readonly usable?: boolean; readonly resultCode: string }
}

const listHashes = async (tenant: Tenant, query = "") => {
  const response = await server.api(tenant.bearer, "GET", `/api/${tenant.serviceId}/auth/token/get/list${query}`)
  expect(response.status).toBe(200)
  const page = (await response.json()) as { readonly accessTokens?: ReadonlyArray<{ accessTokenHash: string }> }
  return (page.accessTokens ?? []).map((token) => token.accessTokenHash)
}

describe("the clock", () => {
  it("expires a 60 s token after POST /_emulator/clock advances 61 s: introspection and list see it", async () => {
    const tenant = await newTenant({ accessTokenDuration: 60 })
    const { accessToken } = await createToken(tenant)
    expect((await introspect(tenant, accessToken)).action).toBe("OK")
    expect(await listHashes(tenant, "?tokenStatus=VALID")).toEqual([hashOf(accessToken)])

    const before = await (await server.admin("GET", "/clock")).json()
    const advanced = await server.admin("POST", "/clock", { advance: 61_000 })
    expect(advanced.status).toBe(200)
    const after = await advanced.json()
    expect(after.offsetMillis - before.offsetMillis).toBe(61_000)
    expect(after.epochMillis - before.epochMillis).toBeGreaterThanOrEqual(61_000)
    expect(Date.parse(after.now)).toBe(after.epochMillis)

    const expired = await introspect(tenant, accessToken)
    expect(expired.action).toBe("UNAUTHORIZED")
    expect(expired.usable).toBe(false)
    expect(expired.resultCode).toBe("A056302")
    expect(await listHashes(tenant, "?tokenStatus=VALID")).toEqual([])
    expect(await listHashes(tenant, "?tokenStatus=INVALID")).toEqual([hashOf(accessToken)])
  })

  it("reads durations as text, and refuses one it cannot read", async () => {
    const { offsetMillis } = await (await server.admin("GET", "/clock")).json()
    const advanced = await (await server.admin("POST", "/clock", { advance: "1 hour" })).json()
    expect(advanced.offsetMillis - offsetMillis).toBe(3_600_000)
    const refused = await server.admin("POST", "/clock", { advance: "soon" })
    expect(refused.status).toBe(400)
    expect((await refused.json()).error).toMatch(/advance/)
    expect((await server.admin("POST", "/clock", { advance: -1 })).status).toBe(400)
    expect((await (await server.admin("GET", "/clock")).json()).offsetMillis).toBe(advanced.offsetMillis)
  })

  it("mints tokens at the emulator's time: expiresAt follows the offset", async () => {
    const tenant = await newTenant({ accessTokenDuration: 60 })
    const { epochMillis } = await (await server.admin("GET", "/clock")).json()
    const response = await server.api(tenant.bearer, "POST", `/api/${tenant.serviceId}/auth/token/create`, {
      grantType: "CLIENT_CREDENTIALS",
      clientId: tenant.clientId
    })
    const { expiresAt } = await response.json()
    expect(expiresAt - epochMillis).toBeGreaterThanOrEqual(60_000)
    expect(expiresAt - epochMillis).toBeLessThan(70_000)
  })
})

describe("tenants", () => {
  it("answers a service of its own, with a bearer and a client, whose scopes are the ones asked for", async () => {
    const tenant = await newTenant({ scopes: ["orders.read"], clientIdAlias: "orders-app" })
    expect(tenant).toMatchObject({ clientIdAlias: "orders-app" })
    expect(tenant.serviceId).not.toBe(server.env.AUTHLETE_SERVICE_ID)
    expect(tenant.bearer === server.env.AUTHLETE_BEARER).toBe(false)
    const refused = await server.api(tenant.bearer, "POST", `/api/${tenant.serviceId}/auth/token/create`, {
      grantType: "CLIENT_CREDENTIALS",
      clientId: tenant.clientId,
      scopes: ["openid"]
    })
    expect((await refused.json()).action).toBe("BAD_REQUEST")
    const created = await createToken(tenant, { scopes: ["orders.read"] })
    expect(created.action).toBe("OK")
  })

  it("creates distinct tenants in parallel, whose bearers cannot reach each other's service", async () => {
    const [a, b, c] = await Promise.all([newTenant(), newTenant(), newTenant()])
    expect(new Set([a.serviceId, b.serviceId, c.serviceId]).size).toBe(3)
    expect(new Set([a.clientId, b.clientId, c.clientId]).size).toBe(3)
    const crossed = await server.api(a.bearer, "GET", `/api/${b.serviceId}/auth/token/get/list`)
    expect(crossed.status).toBe(403)
    const toDefault = await server.api(a.bearer, "GET", `/api/${server.env.AUTHLETE_SERVICE_ID}/auth/token/get/list`)
    expect(toDefault.status).toBe(403)
    const withClientOfOther = await server.api(a.bearer, "POST", `/api/${a.serviceId}/auth/token/create`, {
      grantType: "CLIENT_CREDENTIALS",
      clientId: b.clientId
    })
    expect((await withClientOfOther.json()).action).toBe("FORBIDDEN")
  })

  it("resets and snapshots one tenant alone; another's tokens stay", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const tokenOfA = await createToken(a)
    const tokenOfB = await createToken(b)

    const snapshot = await (await server.admin("GET", `/tenants/${a.serviceId}/snapshot`)).json()
    expect(snapshot.format).toBe("authlete-emulator-state")
    expect(snapshot.services.map((service: { serviceId: string }) => service.serviceId)).toEqual([a.serviceId])
    expect(snapshot.clients.map((client: { clientId: number }) => client.clientId)).toEqual([a.clientId])
    expect(snapshot.tokens.map((token: { accessTokenHash: string }) => token.accessTokenHash)).toEqual([
      hashOf(tokenOfA.accessToken)
    ])
    expect(snapshot.bearers).toEqual([{ token: a.bearer, serviceIds: [a.serviceId] }])

    const reset = await server.admin("POST", `/tenants/${a.serviceId}/reset`)
    expect(reset.status).toBe(200)
    expect(await reset.json()).toEqual({ removed: 1 })
    expect(await listHashes(a)).toEqual([])
    expect((await introspect(a, tokenOfA.accessToken)).action).toBe("UNAUTHORIZED")
    expect(await listHashes(b)).toEqual([hashOf(tokenOfB.accessToken)])
    expect((await introspect(b, tokenOfB.accessToken)).action).toBe("OK")
    // the tenant itself stays: its bearer and client still work
    expect((await createToken(a)).action).toBe("OK")
  })

  it("deletes a tenant with its bearer, client and tokens; the default service cannot be", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    await createToken(a)
    const tokenOfB = await createToken(b)
    expect((await server.admin("DELETE", `/tenants/${a.serviceId}`)).status).toBe(204)
    expect((await server.api(a.bearer, "GET", `/api/${a.serviceId}/auth/token/get/list`)).status).toBe(401)
    expect((await server.admin("GET", `/tenants/${a.serviceId}/snapshot`)).status).toBe(404)
    expect((await server.admin("POST", `/tenants/${a.serviceId}/reset`)).status).toBe(404)
    const listed = await (await server.admin("GET", "/tenants")).json()
    const ids = listed.services.map((service: { serviceId: string }) => service.serviceId)
    expect(ids).not.toContain(a.serviceId)
    expect(ids).toContain(b.serviceId)
    expect(await listHashes(b)).toEqual([hashOf(tokenOfB.accessToken)])
    const whole = await (await server.admin("GET", "/snapshot")).json()
    expect(whole.tokens.some((token: { serviceId: string }) => token.serviceId === a.serviceId)).toBe(false)
    expect(whole.clients.some((client: { clientId: number }) => client.clientId === a.clientId)).toBe(false)
    expect((await server.admin("DELETE", `/tenants/${server.env.AUTHLETE_SERVICE_ID}`)).status).toBe(400)
  })

  it("refuses a tenant route without the admin bearer", async () => {
    const response = await fetch(`${server.url}/_emulator/tenants`, { method: "POST" })
    expect(response.status).toBe(401)
    const withServiceBearer = await server.api(server.env.AUTHLETE_BEARER, "POST", "/_emulator/tenants", {})
    expect(withServiceBearer.status).toBe(401)
  })
})

describe("the journal", () => {
  it("records create, update and delete by value without a token value or a bearer", async () => {
    expect((await server.admin("DELETE", "/journal")).status).toBe(204)
    const tenant = await newTenant()
    const known = "journal-known-access-token-value"
    const created = await createToken(tenant, { accessToken: known })
    expect(created.accessToken === known).toBe(true)
    const updated = await server.api(tenant.bearer, "POST", `/api/${tenant.serviceId}/auth/token/update`, {
      accessToken: known,
      accessTokenValueUpdated: true
    })
    expect(updated.status).toBe(200)
    const { accessToken: renewed } = await updated.json()
    expect(renewed === known).toBe(false)
    const deleted = await server.api(
      tenant.bearer,
      "DELETE",
      `/api/${tenant.serviceId}/auth/token/delete/${encodeURIComponent(renewed)}`
    )
    expect(deleted.status).toBe(204)

    const response = await server.admin("GET", "/journal")
    expect(response.status).toBe(200)
    const text = await response.text()
    for (const secret of [known, renewed, tenant.bearer, server.env.AUTHLETE_EMULATOR_ADMIN_BEARER]) {
      expect(text.includes(secret)).toBe(false)
    }
    const { entries } = JSON.parse(text)
    const ops = entries.filter((entry: { operation: string }) => entry.operation !== "admin")
    expect(ops.map((entry: { operation: string; status: number }) => [entry.operation, entry.status])).toEqual([
      ["create", 200],
      ["update", 200],
      ["delete", 204]
    ])
    const [create, update, remove] = ops
    expect(create).toMatchObject({
      method: "POST",
      route: "/api/{serviceId}/auth/token/create",
      resultCode: "A109001",
      action: "OK",
      answeredBy: "rules",
      tokenHashes: [hashOf(known)]
    })
    expect(update.tokenHashes).toEqual([hashOf(renewed)])
    expect(remove).toMatchObject({
      method: "DELETE",
      route: "/api/{serviceId}/auth/token/delete/{accessTokenIdentifier}",
      tokenHashes: [hashOf(renewed)]
    })
    expect(typeof remove.durationMs).toBe("number")
    expect(Number.isNaN(Date.parse(remove.at))).toBe(false)
    // the server's own output holds no token value either
    expect(server.output().includes(known)).toBe(false)
  })

  it("filters by operation, status and since, and counts per operation and status", async () => {
    await server.admin("DELETE", "/journal")
    const tenant = await newTenant()
    await createToken(tenant)
    await createToken(tenant)
    const wrongBearer = await server.api("not-a-bearer", "POST", `/api/${tenant.serviceId}/auth/token/create`, {})
    expect(wrongBearer.status).toBe(401)
    await listHashes(tenant)

    const all = await (await server.admin("GET", "/journal")).json()
    expect(all.counts.operation).toMatchObject({ create: 3, list: 1 })
    expect(all.counts.status).toMatchObject({ "200": 3, "401": 1 })
    expect(all.entries.find((entry: { status: number }) => entry.status === 401).resultCode).toBe("A001203")

    const okCreates = await (await server.admin("GET", "/journal?operation=create&status=200")).json()
    expect(okCreates.entries).toHaveLength(2)
    expect(okCreates.counts).toEqual({ operation: { create: 2 }, status: { "200": 2 } })
    expect(okCreates.entries[0].serviceId).toBe(tenant.serviceId)

    // a parallel test's tenant: its calls are not in this tenant's view
    const other = await newTenant()
    await createToken(other)
    const mine = await (await server.admin("GET", `/journal?serviceId=${tenant.serviceId}`)).json()
    expect(mine.counts.operation).toEqual({ create: 3, list: 1 })

    const last = all.entries[all.entries.length - 1]
    const since = await (await server.admin("GET", `/journal?since=${encodeURIComponent(last.at)}`)).json()
    expect(since.entries.length).toBeGreaterThanOrEqual(1)
    expect(since.entries.length).toBeLessThan(all.entries.length)
    const future = await (await server.admin("GET", `/journal?since=${Date.now() + 60_000}`)).json()
    expect(future.entries).toEqual([])
    expect((await server.admin("GET", "/journal?status=ok")).status).toBe(400)
  })

  it("journals a list page too large to parse whole (over 64 KiB) like any other answer", async () => {
    const tenant = await newTenant()
    await Promise.all(Array.from({ length: 400 }, () => createToken(tenant)))
    await server.admin("DELETE", "/journal")
    const page = await server.api(tenant.bearer, "GET", `/api/${tenant.serviceId}/auth/token/get/list?end=400`)
    expect((await page.text()).length).toBeGreaterThan(64 * 1024)
    const { entries } = await (await server.admin("GET", "/journal?operation=list")).json()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      method: "GET",
      route: "/api/{serviceId}/auth/token/get/list",
      status: 200,
      answeredBy: "rules",
      tokenHashes: []
    })
    // a list answer has neither result code nor action
    expect(entries[0].resultCode).toBeUndefined()
  })

  it("keeps the last 1,000 requests and empties on DELETE", async () => {
    await server.admin("DELETE", "/journal")
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 101 }, () => fetch(`${server.url}/health`).then((r) => r.text())))
    }
    const full = await (await server.admin("GET", "/journal?operation=health")).json()
    expect(full.entries).toHaveLength(1_000)
    expect(full.dropped).toBe(10)
    expect((await server.admin("DELETE", "/journal")).status).toBe(204)
    const emptied = await (await server.admin("GET", "/journal")).json()
    expect(emptied).toEqual({ entries: [], counts: { operation: {}, status: {} }, dropped: 0 })
  })
})

describe("scripted faults", () => {
  it("fails exactly the next N calls of the operation with Retry-After, then succeeds; the journal shows them", async () => {
    const tenant = await newTenant()
    await server.admin("DELETE", "/journal")
    const { faults } = await (await server.admin("GET", "/stats")).json()
    const scripted = await server.admin("POST", "/faults/script", {
      operation: "create",
      status: 429,
      count: 2,
      retryAfter: 1
    })
    expect(scripted.status).toBe(201)
    expect((await scripted.json()).scripts).toEqual([{ operation: "create", status: 429, remaining: 2, retryAfter: 1 }])

    // another operation is not affected
    expect(await listHashes(tenant)).toEqual([])
    const body = { grantType: "CLIENT_CREDENTIALS", clientId: tenant.clientId }
    const path = `/api/${tenant.serviceId}/auth/token/create`
    const statuses: Array<number> = []
    for (let call = 0; call < 3; call++) {
      const response = await server.api(tenant.bearer, "POST", path, body)
      statuses.push(response.status)
      if (response.status === 429) {
        expect(response.headers.get("retry-after")).toBe("1")
        expect((await response.json()).resultCode).toBe("A001503")
      } else {
        expect((await response.json()).action).toBe("OK")
      }
    }
    expect(statuses).toEqual([429, 429, 200])
    // the failed calls changed nothing
    expect(await listHashes(tenant)).toHaveLength(1)
    expect((await (await server.admin("GET", "/faults/script")).json()).scripts).toEqual([])

    const journal = await (await server.admin("GET", "/journal?operation=create")).json()
    expect(
      journal.entries.map((entry: { status: number; answeredBy: string; fault?: string }) => [
        entry.status,
        entry.answeredBy,
        entry.fault
      ])
    ).toEqual([[429, "fault", "scripted"], [429, "fault", "scripted"], [200, "rules", undefined]])
    expect(journal.counts.status).toEqual({ "200": 1, "429": 2 })
    expect((await (await server.admin("GET", "/stats")).json()).faults).toBe(faults + 2)
  })

  it("fails only the calls to one tenant when the script names its serviceId", async () => {
    const [mine, other] = await Promise.all([newTenant(), newTenant()])
    const added = await server.admin("POST", "/faults/script", {
      operation: "create",
      status: 503,
      count: 1,
      serviceId: mine.serviceId
    })
    expect(added.status).toBe(201)
    const body = (tenant: Tenant) => ({ grantType: "CLIENT_CREDENTIALS", clientId: tenant.clientId })
    const otherCall = await server.api(other.bearer, "POST", `/api/${other.serviceId}/auth/token/create`, body(other))
    expect(otherCall.status).toBe(200)
    const myCall = await server.api(mine.bearer, "POST", `/api/${mine.serviceId}/auth/token/create`, body(mine))
    expect(myCall.status).toBe(503)
    const again = await server.api(mine.bearer, "POST", `/api/${mine.serviceId}/auth/token/create`, body(mine))
    expect(again.status).toBe(200)
  })

  it("answers 503 without Retry-After when none is scripted, and can be cleared", async () => {
    const tenant = await newTenant()
    await server.admin("POST", "/faults/script", { operation: "list", status: 503, count: 5 })
    const failed = await server.api(tenant.bearer, "GET", `/api/${tenant.serviceId}/auth/token/get/list`)
    expect(failed.status).toBe(503)
    expect(failed.headers.get("retry-after")).toBeNull()
    expect((await server.admin("GET", "/faults/script")).status).toBe(200)
    expect((await (await server.admin("GET", "/faults/script")).json()).scripts[0].remaining).toBe(4)
    expect((await server.admin("DELETE", "/faults/script")).status).toBe(204)
    expect(await listHashes(tenant)).toEqual([])
  })

  it("shows a probabilistic 503 in the journal as the unavailable fault", async () => {
    const tenant = await newTenant()
    await server.admin("DELETE", "/journal")
    expect((await server.admin("PUT", "/faults", { unavailableProbability: 1, maxFaults: 1 })).status).toBe(200)
    const failed = await server.api(tenant.bearer, "GET", `/api/${tenant.serviceId}/auth/token/get/list`)
    expect(failed.status).toBe(503)
    expect(await listHashes(tenant)).toEqual([])
    await server.admin("DELETE", "/faults")
    const { entries } = await (await server.admin("GET", "/journal?operation=list")).json()
    expect(entries.map((entry: { status: number; answeredBy: string; fault?: string }) => [
      entry.status,
      entry.answeredBy,
      entry.fault
    ])).toEqual([[503, "fault", "unavailable"], [200, "rules", undefined]])
  })

  it("refuses a status a client should not retry, and an unknown operation", async () => {
    const bad = await server.admin("POST", "/faults/script", { operation: "create", status: 404, count: 1 })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatch(/429 or 500 to 599/)
    expect((await server.admin("POST", "/faults/script", { operation: "mint", status: 503, count: 1 })).status).toBe(
      400
    )
    expect((await (await server.admin("GET", "/faults/script")).json()).scripts).toEqual([])
  })
})

describe("GET /_emulator/openapi.json", () => {
  it("is an OpenAPI 3 document with every operation row, the admin routes and resolvable references", async () => {
    const response = await fetch(`${server.url}/_emulator/openapi.json`)
    expect(response.status).toBe(200)
    const document = JSON.parse(await response.text())
    expect(document.openapi).toMatch(/^3\./)
    expect(document.info.title).toBe("Authlete emulator")
    for (const row of AuthleteOperation.all) {
      const operation = document.paths[row.path]?.[row.method.toLowerCase()]
      expect(operation, `${row.method} ${row.path}`).toBeDefined()
      expect(operation.operationId).toBe(row.name)
      expect(Object.keys(operation.responses)).toContain(row.response === undefined ? "204" : "200")
    }
    const create = document.paths["/api/{serviceId}/auth/token/create"].post
    const createBody = create.requestBody.content["application/json"].schema
    const resolved = createBody.$ref === undefined
      ? createBody
      : document.components.schemas[createBody.$ref.replace("#/components/schemas/", "")]
    expect(Object.keys(resolved.properties)).toEqual(expect.arrayContaining(["grantType", "clientId", "scopes"]))
    const list = document.paths["/api/{serviceId}/auth/token/get/list"].get
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["serviceId", "tokenStatus", "clientIdentifier"])
    )
    for (
      const [method, path] of [
        ["post", "/_emulator/clock"],
        ["post", "/_emulator/tenants"],
        ["post", "/_emulator/tenants/{serviceId}/reset"],
        ["get", "/_emulator/journal"],
        ["post", "/_emulator/faults/script"]
      ]
    ) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined()
    }
    const refs = Array.from(JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
    expect(refs.length).toBeGreaterThan(0)
    for (const [, name] of refs) expect(document.components.schemas[name], name).toBeDefined()
  })
})

describe("POST /_emulator/reset", () => {
  it("goes back to the seeded store: tenants gone, the clock back to the real time", async () => {
    const tenant = await newTenant()
    await server.admin("POST", "/clock", { advance: "1 day" })
    expect((await server.admin("POST", "/reset")).status).toBe(204)
    expect((await (await server.admin("GET", "/clock")).json()).offsetMillis).toBe(0)
    const listed = await (await server.admin("GET", "/tenants")).json()
    expect(listed.services).toEqual([{ serviceId: server.env.AUTHLETE_SERVICE_ID, default: true }])
    expect((await server.api(tenant.bearer, "GET", `/api/${tenant.serviceId}/auth/token/get/list`)).status).toBe(401)
  })
})
