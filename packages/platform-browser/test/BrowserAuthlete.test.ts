/**
 * `BrowserAuthlete.layer` in a real Chromium, against real loopback servers: the shared lifecycle program, a call
 * without bearer, a call that times out, a redirect to another origin, and nothing secret in what the page shows.
 * Shared by both editions (the Effect 4 edition links to this file); where the page finds its emulator is
 * `utils/served.ts`, per edition.
 */
import type { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "@effect-authlete/emulator"
import { assert, describe, it } from "@effect/vitest"
import type { Layer } from "effect"
import { Effect, Redacted } from "effect"
import { fileURLToPath } from "node:url"
import { beforeAll } from "vitest"
import { rawServer, redirectTo } from "../../platform-node/test/utils/rawServer.js"
import type { PageConfig } from "./fixtures/page.js"
import type { LifecycleSummary } from "./fixtures/program.js"
import { lifecycle } from "./fixtures/program.js"
import { bundle, runPage, servePage, skipBrowserTests, withCors } from "./utils/chromium.js"
import { emulatorServer, nodeOverServer } from "./utils/served.js"

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

const subject = "browser-user"
const tokenToDelete = "token-to-delete-secret-0123456789"

/** JSON as the page reports it: arrays plain, absent fields gone. */
const asJson = <A>(value: A): A => JSON.parse(JSON.stringify(value))

/** A server that never answers, counting the requests whose client gave up (preflights answered). */
const silentServer = Effect.gen(function*() {
  let aborted = 0
  const server = yield* rawServer(withCors((request, response) => {
    request.resume()
    response.on("close", () => {
      if (!response.writableEnded) aborted++
    })
  }))
  return { url: server.url, aborted: () => aborted }
})

/** Polls `done` for at most 5 seconds: a server learns of an abort a little after the client gives up. */
const eventually = (done: () => boolean) =>
  Effect.gen(function*() {
    for (let waited = 0; !done() && waited < 5_000; waited += 10) yield* Effect.sleep("10 millis")
    return done()
  })

const inChromium = Effect.gen(function*() {
  const { defaults, url } = yield* emulatorServer
  const slow = yield* silentServer
  let elsewhereReached = 0
  const elsewhere = yield* rawServer((request, response) => {
    elsewhereReached++
    withCors((_, response) => response.writeHead(204).end())(request, response)
  })
  const redirecting = yield* rawServer(
    withCors(redirectTo(307, () => `${elsewhere.url}/api/${defaults.serviceId}/auth/token/delete/x`))
  )
  const script = yield* bundle(fileURLToPath(new URL("fixtures/page.ts", import.meta.url)))
  const bearer = Redacted.value(defaults.bearer)
  const config: PageConfig = {
    baseUrl: url,
    slowBaseUrl: slow.url,
    redirectBaseUrl: redirecting.url,
    serviceId: defaults.serviceId,
    bearer,
    clientId: defaults.clientId,
    subject,
    tokenToDelete
  }
  const page = yield* runPage(yield* servePage(script, config), 30_000)
  const slowServerSawAbort = yield* eventually(() => slow.aborted() > 0)
  return {
    chromium: page.result as PageResult,
    console: page.console,
    secrets: [bearer, tokenToDelete],
    slowServerSawAbort,
    elsewhereReached
  }
})

/** The lifecycle under a layer that also holds its emulator, for the client ID to use. */
const lifecycleUnder = <E>(
  layer: Layer.Layer<TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator, E>
) =>
  Effect.gen(function*() {
    const { defaults } = yield* AuthleteEmulator.AuthleteEmulator
    return yield* lifecycle({ clientId: defaults.clientId, subject })
  }).pipe(Effect.provide(layer))

/** The Chromium run, and the same program under NodeAuthlete and layerMemory, each against its own emulator. */
const runAll = Effect.all({
  browser: inChromium,
  node: lifecycleUnder(nodeOverServer),
  memory: lifecycleUnder(TestAuthlete.layerMemory())
}).pipe(
  Effect.map(({ browser, memory, node }) => ({ ...browser, memory, node })),
  Effect.timeout("90 seconds"),
  Effect.scoped
)

const run = () => Effect.runPromise(runAll)

describe.skipIf(skipBrowserTests)("BrowserAuthlete in Chromium", () => {
  let runs: Awaited<ReturnType<typeof run>>
  beforeAll(async () => {
    runs = await run()
  }, 120_000)

  it("runs all six operations through fetch against the emulator, CORS preflights included", () => {
    const { chromium } = runs
    assert.isTrue(chromium.ok, chromium.cause)
    const { program } = chromium
    assert.deepStrictEqual(program.created.map((created) => created.action), ["OK", "OK"])
    assert.deepStrictEqual(program.updated.scopes, ["openid", "profile"])
    assert.strictEqual(program.listed.totalCount, 2)
    assert.deepStrictEqual(program.reissued, { action: "OK", idTokenIsJws: true })
    assert.strictEqual(program.revoked.count, 1)
    assert.strictEqual(program.remainingAfterRevoke, 1)
    assert.strictEqual(program.remainingAfterDelete, 0)
  })

  it("a call without bearer fails with ResultError 401 A001202", () => {
    assert.deepStrictEqual(runs.chromium.missingBearer, { _tag: "ResultError", status: 401, resultCode: "A001202" })
  })

  it("a call that reaches its timeout fails with TransportError Timeout and aborts the fetch", () => {
    assert.deepStrictEqual(runs.chromium.timedOut, { _tag: "TransportError", reason: "Timeout" })
    assert.isTrue(runs.slowServerSawAbort, "the server never saw the request aborted")
  })

  it("a 307 to another origin is not followed: RedirectError, and that origin never hears of the call", () => {
    // Chromium hides the redirect from the page (an opaque-redirect answer, status 0)
    assert.deepStrictEqual(runs.chromium.redirected, { _tag: "RedirectError", status: 0 })
    assert.strictEqual(runs.elsewhereReached, 0)
  })

  it("the failures the page printed, and what it reported, show neither the bearer nor the token", () => {
    const { chromium, console, secrets } = runs
    assert.isAtLeast(console.length, 9, "three failures, printed three ways each")
    const shown = [...console, JSON.stringify(chromium)]
    for (const secret of secrets) {
      const leaks = shown.filter((line) => line.includes(secret))
      assert.deepStrictEqual(leaks.map((line) => line.replaceAll(secret, "<secret>")), [])
    }
  })

  it("the same program gives the same summary under NodeAuthlete, BrowserAuthlete and layerMemory", () => {
    const { chromium, memory, node } = runs
    assert.deepStrictEqual(chromium.program, asJson(memory))
    assert.deepStrictEqual(asJson(node), asJson(memory))
  })
})
