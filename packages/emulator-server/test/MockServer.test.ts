/**
 * The mock server seen from real HTTP clients: `fetch` for the exact wire, core's HTTP client for what users see.
 */
import * as AuthleteRetry from "@effect-authlete/core/AuthleteRetry"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Net from "node:net"
import * as MockServer from "../src/MockServer.js"

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

const send = (url: string, init: RequestInit = {}): Effect.Effect<Answer> =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

/** Writes raw bytes to the server, then either hangs up at once or reads until the server closes; answers what came back. */
const raw = (url: string, bytes: string, hangUp: boolean): Effect.Effect<string> =>
  Effect.async((resume) => {
    const { hostname, port } = new URL(url)
    const socket = Net.connect(Number(port), hostname, () => {
      socket.write(bytes)
      if (hangUp) socket.destroy()
    })
    let received = ""
    socket.on("data", (chunk) => received += chunk.toString("latin1"))
    socket.on("close", () => resume(Effect.succeed(received)))
    socket.on("error", () => undefined)
  })

/** The request's failure, for requests that must not get an answer. */
const sendFailing = (url: string, init: RequestInit = {}): Effect.Effect<unknown, string> =>
  Effect.tryPromise(() => fetch(url, init).then((response) => response.text())).pipe(
    Effect.flip,
    Effect.map((error) => error.cause)
  )

const resultOf = (answer: Answer): { readonly resultCode?: string; readonly resultMessage?: string } =>
  JSON.parse(answer.text)

/** A client of one server: the default service's API under `url`, with the default bearer. */
const clientOf = (server: MockServer.Service) => {
  const api = `${server.url}/api/${server.emulator.defaults.serviceId}`
  const authorization = `Bearer ${Redacted.value(server.emulator.defaults.bearer)}`
  const json = { authorization, "content-type": "application/json" }
  return {
    api,
    authorization,
    post: (path: string, body: unknown, headers: Record<string, string> = json) =>
      send(`${api}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }),
    get: (path: string, headers: Record<string, string> = { authorization }) => send(`${api}${path}`, { headers }),
    create: (body: Record<string, unknown> = {}) =>
      send(`${api}/auth/token/create`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({
          grantType: "AUTHORIZATION_CODE",
          clientId: server.emulator.defaults.clientId,
          subject: server.emulator.defaults.subject,
          scopes: ["openid"],
          ...body
        })
      })
  }
}

const serve = (options?: MockServer.Options) =>
  Effect.map(MockServer.make(options), (server) => ({ server, client: clientOf(server) }))

/** The stats once they satisfy `until` (polled: the server learns of a request or an abort after the client). */
const statsWhen = (stats: Effect.Effect<MockServer.Stats>, until: (stats: MockServer.Stats) => boolean) =>
  stats.pipe(
    Effect.delay("5 millis"),
    Effect.repeat({ until }),
    Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "the server never got there" })
  )

/** How many aborts the server has counted, once it has counted one. */
const abortedEventually = (server: MockServer.Service) =>
  Effect.map(statsWhen(server.stats, (stats) => stats.aborted > 0), (stats) => stats.aborted)

/** Once the server has received a request. */
const receivedEventually = (server: MockServer.Service) => statsWhen(server.stats, (stats) => stats.requests > 0)

/** The server of the layer, with `faults` set, and a `fetch` client of it. */
const faulty = (faults: MockServer.FaultOptions) =>
  Effect.gen(function*() {
    const server = yield* MockServer.MockServer
    yield* server.faults.set(faults)
    return { server, client: clientOf(server) }
  })

/** `TokenManagement` over core's HTTP client (fetch) to a fresh server. */
const overHttp = (options?: MockServer.TokenManagementOptions) =>
  MockServer.layerTokenManagement(options).pipe(Layer.provide(FetchHttpClient.layer))

describe("MockServer wire format", () => {
  it.scopedLive("create answers 200 application/json, without null, with the token's values", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const answer = yield* client.create({ accessTokenDuration: 60 })
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.headers.get("content-type"), "application/json")
      assert.notInclude(answer.text, "null")
      const body = JSON.parse(answer.text)
      assert.strictEqual(body.action, "OK")
      assert.strictEqual(body.expiresIn, 60)
      assert.typeOf(body.accessToken, "string")
      assert.strictEqual(yield* server.emulator.count(), 1)
    }))

  it.scopedLive("list reads its query: filters, start and end", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      yield* Effect.forEach([1, 2, 3], () => client.create())
      yield* client.create({ subject: "bob smith" })
      const subject = server.emulator.defaults.subject
      const page = yield* client.get(`/auth/token/get/list?start=1&end=3&subject=${encodeURIComponent(subject)}`)
      assert.strictEqual(page.status, 200)
      assert.notInclude(page.text, "null")
      const body = JSON.parse(page.text)
      assert.deepInclude(body, { start: 1, end: 3, totalCount: 3, subject })
      assert.strictEqual(body.accessTokens.length, 2)
      const spaced = JSON.parse((yield* client.get("/auth/token/get/list?subject=bob%20smith")).text)
      assert.strictEqual(spaced.totalCount, 1)
    }))

  it.scopedLive("delete answers 204 with an empty body and no content type; path parameters are percent-decoded", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const value = "a/token+with=odd chars?#%"
      assert.strictEqual((yield* client.create({ accessToken: value })).status, 200)
      const answer = yield* send(`${client.api}/auth/token/delete/${encodeURIComponent(value)}`, {
        method: "DELETE",
        headers: { authorization: client.authorization }
      })
      assert.strictEqual(answer.status, 204)
      assert.strictEqual(answer.text, "")
      assert.isNull(answer.headers.get("content-type"))
      assert.strictEqual(yield* server.emulator.count(), 0)
    }))

  it.scopedLive("a missing bearer is 401 A001202, an unknown one 401, the scheme is case-insensitive", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const token = Redacted.value(server.emulator.defaults.bearer)
      const missing = yield* client.get("/auth/token/get/list", {})
      assert.strictEqual(missing.status, 401)
      assert.strictEqual(missing.headers.get("content-type"), "application/json")
      assert.strictEqual(resultOf(missing).resultCode, "A001202")
      assert.strictEqual((yield* client.get("/auth/token/get/list", { authorization: "Bearer " })).status, 401)
      const unknown = yield* client.get("/auth/token/get/list", { authorization: "Bearer not-a-bearer" })
      assert.strictEqual(unknown.status, 401)
      assert.notStrictEqual(resultOf(unknown).resultCode, "A001202")
      assert.strictEqual((yield* client.get("/auth/token/get/list", { authorization: `Basic ${token}` })).status, 401)
      assert.strictEqual((yield* client.get("/auth/token/get/list", { authorization: `bEaReR  ${token}` })).status, 200)
    }))

  it.scopedLive("a service the bearer has no right to is 403 with a result body", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const other = yield* server.emulator.addService()
      const answer = yield* send(`${server.url}/api/${other}/auth/token/get/list`, {
        headers: { authorization: client.authorization }
      })
      assert.strictEqual(answer.status, 403)
      assert.typeOf(resultOf(answer).resultCode, "string")
      assert.typeOf(resultOf(answer).resultMessage, "string")
    }))
})

describe("MockServer hostile input", () => {
  /** Each bad request gets its 4xx `result` answer, and the next good one still succeeds. */
  const refusals: ReadonlyArray<{
    readonly name: string
    readonly status: number
    readonly code: string
    readonly request: (client: ReturnType<typeof clientOf>, server: MockServer.Service) => Effect.Effect<Answer>
  }> = [
    {
      name: "malformed JSON",
      status: 400,
      code: MockServer.resultCodes.badJson,
      request: (client) => client.post("/auth/token/create", "{\"grantType\":")
    },
    {
      name: "a JSON array",
      status: 400,
      code: MockServer.resultCodes.badJson,
      request: (client) => client.post("/auth/token/revoke", "[]")
    },
    {
      name: "a form body",
      status: 400,
      code: MockServer.resultCodes.badContentType,
      request: (client) =>
        client.post("/auth/token/revoke", "subject=alice", {
          authorization: client.authorization,
          "content-type": "application/x-www-form-urlencoded"
        })
    },
    {
      name: "a body over 1 MiB",
      status: 413,
      code: MockServer.resultCodes.tooLarge,
      request: (client) => client.post("/auth/token/create", { grantType: "PASSWORD", pad: "x".repeat(1_100_000) })
    },
    {
      name: "an unknown path",
      status: 404,
      code: MockServer.resultCodes.notFound,
      request: (client) => client.get("/auth/token/nope")
    },
    {
      name: "a wrong method",
      status: 405,
      code: MockServer.resultCodes.badMethod,
      request: (client) => client.post("/auth/token/get/list", {})
    },
    {
      name: "a malformed percent-encoding",
      status: 400,
      code: MockServer.resultCodes.badUrl,
      request: (client) => send(`${client.api}/auth/token/delete/%E0%A4%A`, { method: "DELETE" })
    },
    {
      name: "a non-integer list index (rule L2)",
      status: 400,
      code: "A137201",
      request: (client) => client.get("/auth/token/get/list?start=two")
    }
  ]

  for (const { code, name, request, status } of refusals) {
    it.scopedLive(`${name} is ${status} ${code}, and the server keeps serving`, () =>
      Effect.gen(function*() {
        const { client, server } = yield* serve()
        const answer = yield* request(client, server)
        assert.strictEqual(answer.status, status)
        assert.strictEqual(answer.headers.get("content-type"), "application/json")
        assert.strictEqual(resultOf(answer).resultCode, code)
        assert.strictEqual((yield* client.create()).status, 200)
        assert.strictEqual(yield* server.emulator.count(), 1)
      }))
  }

  it.scopedLive("a client that hangs up in the middle of its body, or speaks no HTTP, leaves the server serving", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const { host } = new URL(server.url)
      const head = `POST ${new URL(client.api).pathname}/auth/token/create HTTP/1.1\r\nHost: ${host}\r\n` +
        `Authorization: ${client.authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`
      yield* raw(server.url, `${head}{"grantType":"PASS`, true)
      assert.strictEqual(yield* abortedEventually(server), 1)
      const garbage = yield* raw(server.url, "\u0000\u0001 not http at all\r\n\r\n", false)
      assert.match(garbage, /^HTTP\/1\.1 400/)
      assert.strictEqual((yield* client.create()).status, 200)
      assert.strictEqual(yield* server.emulator.count(), 1)
    }))

  it.scopedLive("pipelined requests on one connection are answered in order, each after the one before", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const { host } = new URL(server.url)
      const path = new URL(client.api).pathname
      const body = JSON.stringify({ grantType: "CLIENT_CREDENTIALS", clientId: server.emulator.defaults.clientId })
      const head = (method: string, route: string, extra = "") =>
        `${method} ${path}${route} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${client.authorization}\r\n${extra}`
      const answers = yield* raw(
        server.url,
        `${
          head("POST", "/auth/token/create", `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`)
        }` +
          `\r\n${body}` +
          `${head("GET", "/auth/token/get/list")}\r\n` +
          `${head("DELETE", "/auth/token/delete/unknown", "Connection: close\r\n")}\r\n`,
        false
      )
      const statuses = Array.from(answers.matchAll(/HTTP\/1\.1 (\d{3}) /g), ([, status]) => Number(status))
      assert.deepStrictEqual(statuses, [200, 200, 204])
      // the list, second, saw the create, first
      assert.match(answers, /"totalCount":1\b/)
      assert.strictEqual((yield* server.stats).requests, 3)
    }))

  it.scopedLive("concurrent requests are all answered and all applied", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const answers = yield* Effect.forEach(Array.from({ length: 100 }), () => client.create(), { concurrency: 25 })
      assert.deepStrictEqual(new Set(answers.map((answer) => answer.status)), new Set([200]))
      const values = new Set(answers.map((answer) => JSON.parse(answer.text).accessToken))
      assert.strictEqual(values.size, 100)
      assert.strictEqual(yield* server.emulator.count(), 100)
      assert.strictEqual((yield* server.stats).requests, 100)
    }))

  it.scopedLive("a body of the wrong JSON types is the operation's BAD_REQUEST naming the field, never its value", () =>
    Effect.gen(function*() {
      const { client } = yield* serve()
      const answer = yield* client.post("/auth/token/update", {
        accessToken: 4_242_424_242,
        scopes: "secret-looking-scope-value"
      })
      assert.strictEqual(answer.status, 200)
      const body = JSON.parse(answer.text) as { action?: string; resultCode?: string; resultMessage?: string }
      assert.strictEqual(body.action, "BAD_REQUEST")
      assert.strictEqual(body.resultCode, "A135202")
      assert.include(body.resultMessage, "'accessToken'")
      assert.notInclude(answer.text, "4242424242")
      assert.notInclude(answer.text, "secret-looking-scope-value")
    }))

  it.scopedLive("a wrong method answers Allow with the route's method", () =>
    Effect.gen(function*() {
      const { client } = yield* serve()
      const answer = yield* send(`${client.api}/auth/token/create`, { method: "GET" })
      assert.strictEqual(answer.status, 405)
      assert.strictEqual(answer.headers.get("allow"), "POST")
    }))

  it.scopedLive("null members read as absent", () =>
    Effect.gen(function*() {
      const { client } = yield* serve()
      const answer = yield* client.create({ accessTokenDuration: null, properties: null })
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(JSON.parse(answer.text).action, "OK")
    }))
})

describe("MockServer CORS", () => {
  it.scopedLive("answers preflights for any origin, without counting them, and marks answers readable", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const preflight = yield* send(`${client.api}/auth/token/delete/abc`, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:5173",
          "access-control-request-method": "DELETE",
          "access-control-request-headers": "authorization,content-type"
        }
      })
      assert.strictEqual(preflight.status, 204)
      assert.strictEqual(preflight.headers.get("access-control-allow-origin"), "*")
      assert.include(preflight.headers.get("access-control-allow-methods") ?? "", "DELETE")
      const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").split(",")
      assert.includeMembers(allowed, ["authorization", "content-type", "accept"])
      assert.strictEqual((yield* server.stats).requests, 0)
      const answer = yield* client.get("/auth/token/get/list", {
        authorization: client.authorization,
        origin: "http://localhost:5173"
      })
      assert.strictEqual(answer.headers.get("access-control-allow-origin"), "*")
      assert.include(answer.headers.get("access-control-expose-headers") ?? "", "retry-after")
      assert.strictEqual((yield* server.stats).requests, 1)
    }))
})

describe("MockServer faults", () => {
  it.scopedLive("503 answers Retry-After and a result body, and the emulator never sees the call", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve({ faults: { unavailableProbability: 1, retryAfter: 7 } })
      const answer = yield* client.create()
      assert.strictEqual(answer.status, 503)
      assert.strictEqual(answer.headers.get("retry-after"), "7")
      assert.strictEqual(resultOf(answer).resultCode, MockServer.resultCodes.unavailable)
      assert.strictEqual(yield* server.emulator.count(), 0)
      assert.deepStrictEqual(yield* server.stats, { requests: 1, aborted: 0, faults: 1 })
    }))

  it.scopedLive("core's client sees a 503 as a retryable UnexpectedStatusError, and its retry policy gets through", () =>
    Effect.gen(function*() {
      const { server } = yield* faulty({ unavailableProbability: 1, retryAfter: 0, maxFaults: 1 })
      const failed = yield* Effect.flip(TokenManagement.list())
      assert.deepInclude(failed, { _tag: "UnexpectedStatusError", status: 503, retryAfterMillis: 0 })
      yield* server.faults.set({ unavailableProbability: 1, retryAfter: 0, maxFaults: 2 })
      const retry = AuthleteRetry.make({ base: "1 millis", times: 3 })
      const page = yield* TokenManagement.list({}, { retry })
      assert.strictEqual(page.totalCount, 0)
      assert.strictEqual((yield* server.stats).requests, 4)
    }).pipe(Effect.provide(overHttp())))

  it.scopedLive("a reset is a TCP RST: fetch fails with ECONNRESET, core reports a TransportError, the server keeps serving", () =>
    Effect.gen(function*() {
      const { client, server } = yield* faulty({ resetProbability: 1 })
      const error = yield* sendFailing(`${client.api}/auth/token/get/list`, {
        headers: { authorization: client.authorization }
      })
      assert.instanceOf(error, Error)
      assert.strictEqual((error as { readonly cause?: { readonly code?: unknown } }).cause?.code, "ECONNRESET")
      const failed = yield* Effect.flip(TokenManagement.list())
      assert.deepInclude(failed, { _tag: "TransportError", reason: "Transport" })
      assert.strictEqual(yield* server.emulator.count(), 0)
      yield* server.faults.clear
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 0)
      assert.deepStrictEqual(yield* server.stats, { requests: 3, aborted: 0, faults: 2 })
    }).pipe(Effect.provide(overHttp())))

  it.scopedLive("a truncated answer is well-framed invalid JSON: core reports a ResponseDecodeError, the call happened", () =>
    Effect.gen(function*() {
      const { client, server } = yield* faulty({ truncateProbability: 1 })
      const answer = yield* client.create()
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.headers.get("content-type"), "application/json")
      assert.strictEqual(Number(answer.headers.get("content-length")), new TextEncoder().encode(answer.text).length)
      assert.throws(() => JSON.parse(answer.text))
      const failed = yield* Effect.flip(TokenManagement.list())
      assert.strictEqual(failed._tag, "ResponseDecodeError")
      assert.strictEqual(yield* server.emulator.count(), 1)
    }).pipe(Effect.provide(overHttp())))

  it.scopedLive("latency past the client's timeout aborts the request: TransportError Timeout, counted as aborted", () =>
    Effect.gen(function*() {
      const { server } = yield* faulty({ latency: 30_000 })
      const failed = yield* Effect.flip(TokenManagement.list({}, { timeout: "50 millis" }))
      assert.deepInclude(failed, { _tag: "TransportError", reason: "Timeout" })
      assert.strictEqual(yield* abortedEventually(server), 1)
    }).pipe(Effect.provide(overHttp())))

  it.scopedLive("a slow answer is a fault; an interrupted fiber aborts its request", () =>
    Effect.gen(function*() {
      const { server } = yield* faulty({ slowProbability: 1, slowLatency: 30_000 })
      const fiber = yield* Effect.fork(TokenManagement.list())
      yield* receivedEventually(server)
      yield* fiber.interruptAsFork(fiber.id())
      assert.strictEqual(yield* abortedEventually(server), 1)
      assert.strictEqual((yield* server.stats).faults, 1)
    }).pipe(Effect.provide(overHttp())))

  it.scopedLive("a seed gives the same faults for the same requests; maxFaults stops them", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve()
      const statuses = (count: number) =>
        Effect.forEach(
          Array.from({ length: count }),
          () => Effect.map(client.get("/auth/token/get/list"), (answer) => answer.status)
        )
      yield* server.faults.set({ unavailableProbability: 0.5, seed: 42 })
      const first = yield* statuses(24)
      yield* server.faults.set({ unavailableProbability: 0.5, seed: 42 })
      assert.deepStrictEqual(yield* statuses(24), first)
      assert.includeMembers(first, [200, 503])
      yield* server.faults.set({ unavailableProbability: 0.5, seed: 7 })
      assert.notDeepEqual(yield* statuses(24), first)
      yield* server.faults.set({ unavailableProbability: 1, maxFaults: 2 })
      assert.deepStrictEqual(yield* statuses(4), [503, 503, 200, 200])
      assert.deepStrictEqual(yield* server.faults.current, { unavailableProbability: 1, maxFaults: 2 })
    }))
})

describe("MockServer lifecycle", () => {
  it.scoped("latency is wall-clock time even when the server is built on the TestClock", () =>
    Effect.gen(function*() {
      const { client } = yield* serve({ faults: { latency: 5 } })
      assert.strictEqual((yield* client.get("/auth/token/get/list")).status, 200)
    }))

  it.scopedLive("a client that goes away before the answer is counted as aborted", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve({ faults: { latency: 30_000 } })
      const controller = new AbortController()
      const request = yield* Effect.fork(
        sendFailing(`${client.api}/auth/token/get/list`, { signal: controller.signal })
      )
      yield* receivedEventually(server)
      controller.abort()
      yield* request.await
      assert.strictEqual(yield* abortedEventually(server), 1)
    }))

  it.live("start() serves outside Effect; close() stops it even with a request in flight", () =>
    Effect.gen(function*() {
      const started = yield* Effect.promise(() => MockServer.start())
      const list = `${started.url}/api/${started.serviceId}/auth/token/get/list`
      const answer = yield* send(list, { headers: { authorization: `Bearer ${started.bearer}` } })
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(started.stats().requests, 1)
      started.faults.set({ latency: 60_000 })
      assert.deepStrictEqual(started.faults.current(), { latency: 60_000 })
      const hanging = yield* Effect.fork(sendFailing(list))
      yield* statsWhen(Effect.sync(started.stats), (stats) => stats.requests > 1)
      yield* Effect.promise(() => started.close())
      assert.instanceOf(yield* hanging.await.pipe(Effect.flatten), Error)
      assert.instanceOf(yield* sendFailing(list), Error, "a closed server refuses connections")
    }))

  it.live("the layer's server stops with its scope", () =>
    Effect.gen(function*() {
      const url = yield* Effect.scoped(Effect.map(MockServer.make(), (server) => server.url))
      assert.instanceOf(yield* sendFailing(`${url}/api/1/auth/token/get/list`), Error)
    }))

  it.live("start() rejects when the port is taken", () =>
    Effect.gen(function*() {
      const started = yield* Effect.promise(() => MockServer.start())
      const port = Number(new URL(started.url).port)
      const error = yield* Effect.flip(Effect.tryPromise(() => MockServer.start({ port })))
      yield* Effect.promise(() => started.close())
      assert.instanceOf(error, Error)
    }))
})

describe("MockServer timeouts", () => {
  it.scopedLive(
    "a client that sends its body too slowly is answered 408 and dropped within the request timeout",
    () =>
      Effect.gen(function*() {
        const server = yield* MockServer.make()
        const { port } = new URL(server.url)
        const started = Date.now()
        const answer = yield* Effect.async<string>((resume) => {
          const socket = Net.connect(Number(port), "127.0.0.1", () => {
            socket.write(
              `POST /api/${server.emulator.defaults.serviceId}/auth/token/create HTTP/1.1\r\nHost: x\r\n` +
                `Authorization: Bearer ${Redacted.value(server.emulator.defaults.bearer)}\r\n` +
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            )
          })
          let received = ""
          socket.on("data", (data) => received += String(data))
          socket.on("close", () => resume(Effect.succeed(received)))
          socket.on("error", () => undefined)
        })
        const seconds = (Date.now() - started) / 1000
        assert.match(answer, /^HTTP\/1\.1 408/)
        assert.isAtMost(seconds, 13, "closed within the 10-second request timeout and its 1-second check")
      }),
    20_000
  )
})
