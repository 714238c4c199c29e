import type { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer, Redacted } from "effect"
import type * as Http from "node:http"
import { fileURLToPath } from "node:url"
import { overMockServer, statsUntil } from "../../platform-node/test/utils/mockServer.js"
import { rawServer, redirectTo } from "../../platform-node/test/utils/rawServer.js"
import type { PageConfig } from "./fixtures/page.js"
import type { LifecycleSummary } from "./fixtures/program.js"
import { lifecycle } from "./fixtures/program.js"
import { bundle, runPage, servePage, skipBrowserTests } from "./utils/chromium.js"

/** Answers CORS preflights itself and lets every answer of `handler` be read cross-origin. */
const withCors = (handler: Http.RequestListener): Http.RequestListener => (request, response) => {
  response.setHeader("access-control-allow-origin", "*")
  if (request.method === "OPTIONS") {
    request.resume()
    response.writeHead(204, {
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": "authorization, accept, content-type"
    })
    response.end()
    return
  }
  handler(request, response)
}

/** A failure as the page reports it. */
interface Failure {
  readonly _tag: string
  readonly status?: number
  readonly resultCode?: string
  readonly reason?: string
}

/** What the page leaves in `window.__result`. */
interface PageResult {
  readonly ok: boolean
  readonly cause?: string
  readonly program: LifecycleSummary
  readonly missingBearer: Failure
  readonly timedOut: Failure
  readonly redirected: Failure
}

/** The three runs of the shared program, each against its own emulator with the same defaults. */
class Runs extends Context.Tag("Runs")<Runs, {
  readonly chromium: PageResult
  /** Counters of the server the page's timed-out call went to, once it saw the abort. */
  readonly slowServer: MockServer.Stats
  /** Requests (preflights included) that reached the origin a redirect pointed to. */
  readonly elsewhereReached: number
  readonly node: LifecycleSummary
  readonly memory: LifecycleSummary
}>() {}

const subject = "browser-user"

/** JSON as the page reports it: arrays plain, absent fields gone. */
const asJson = <A>(value: A): A => JSON.parse(JSON.stringify(value))

const inChromium = Effect.gen(function*() {
  const { emulator, url } = yield* MockServer.make()
  const slow = yield* MockServer.make({ faults: { latency: 30_000 } })
  let elsewhereReached = 0
  const elsewhere = yield* rawServer((request, response) => {
    elsewhereReached++
    withCors((_, response) => response.writeHead(204).end())(request, response)
  })
  const redirecting = yield* rawServer(
    withCors(redirectTo(307, () => `${elsewhere.url}/api/${emulator.defaults.serviceId}/auth/token/delete/x`))
  )
  const script = yield* bundle(fileURLToPath(new URL("fixtures/page.ts", import.meta.url)))
  const { bearer, clientId, serviceId } = emulator.defaults
  const config: PageConfig = {
    baseUrl: url,
    slowBaseUrl: slow.url,
    redirectBaseUrl: redirecting.url,
    serviceId,
    bearer: Redacted.value(bearer),
    clientId,
    subject
  }
  const chromium = (yield* runPage(yield* servePage(script, config), 30_000)) as PageResult
  const slowServer = yield* statsUntil(slow, (stats) => stats.aborted > 0)
  return { chromium, slowServer, elsewhereReached }
}).pipe(Effect.scoped)

/** The lifecycle under a layer that also holds its emulator, for the client ID to use. */
const lifecycleUnder = <E>(
  layer: Layer.Layer<TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator, E>
) =>
  Effect.flatMap(
    AuthleteEmulator.AuthleteEmulator,
    ({ defaults }) => lifecycle({ clientId: defaults.clientId, subject })
  ).pipe(Effect.provide(layer))

const runs = Layer.effect(
  Runs,
  Effect.all({
    browser: inChromium,
    node: lifecycleUnder(overMockServer()),
    memory: lifecycleUnder(TestAuthlete.layerMemory())
  }).pipe(
    Effect.map(({ browser, memory, node }) => ({ ...browser, memory, node })),
    Effect.timeout("90 seconds")
  )
)

describe.skipIf(skipBrowserTests)("BrowserAuthlete in Chromium", () => {
  layer(runs, { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.effect("runs all six operations through fetch against the mock server, CORS preflights included", () =>
      Effect.gen(function*() {
        const { chromium } = yield* Runs
        assert.isTrue(chromium.ok, chromium.cause)
        const { program } = chromium
        assert.deepStrictEqual(program.created.map((created) => created.action), ["OK", "OK"])
        assert.deepStrictEqual(program.updated.scopes, ["openid", "profile"])
        assert.strictEqual(program.listed.totalCount, 2)
        assert.deepStrictEqual(program.reissued, { action: "OK", idTokenIsJws: true })
        assert.strictEqual(program.revoked.count, 1)
        assert.strictEqual(program.remainingAfterRevoke, 1)
        assert.strictEqual(program.remainingAfterDelete, 0)
      }))

    it.effect("a call without bearer fails with ResultError 401 A001202", () =>
      Effect.gen(function*() {
        const { chromium } = yield* Runs
        assert.deepStrictEqual(chromium.missingBearer, { _tag: "ResultError", status: 401, resultCode: "A001202" })
      }))

    it.effect("a call that reaches its timeout fails with TransportError Timeout and aborts the fetch", () =>
      Effect.gen(function*() {
        const { chromium, slowServer } = yield* Runs
        assert.deepStrictEqual(chromium.timedOut, { _tag: "TransportError", reason: "Timeout" })
        assert.isAtLeast(slowServer.aborted, 1)
      }))

    it.effect("a 307 to another origin is not followed: RedirectError, and that origin never hears of the call", () =>
      Effect.gen(function*() {
        const { chromium, elsewhereReached } = yield* Runs
        // Chromium hides the redirect from the page (an opaque-redirect answer, status 0)
        assert.deepStrictEqual(chromium.redirected, { _tag: "RedirectError", status: 0 })
        assert.strictEqual(elsewhereReached, 0)
      }))

    it.effect("the same program gives the same summary under NodeAuthlete, BrowserAuthlete and layerMemory", () =>
      Effect.gen(function*() {
        const { chromium, memory, node } = yield* Runs
        assert.deepStrictEqual(chromium.program, asJson(memory))
        assert.deepStrictEqual(asJson(node), asJson(memory))
      }))
  })
})
