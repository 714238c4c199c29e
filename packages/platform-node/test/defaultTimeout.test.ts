/**
 * The default per-attempt timeout (30 seconds) in real time, on both layers a user has: `NodeAuthlete` (undici) and
 * core over `FetchHttpClient` (what `BrowserAuthlete` sends with). It bounds the whole attempt: an answer whose body
 * drips one byte every 5 seconds (undici's per-chunk timer never trips) and a rotating bearer that never resolves both
 * fail with a `TransportError` "Timeout" at 30 seconds, and the server sees the request go away. The cases run side by
 * side, so the file takes about 30 seconds.
 */
import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer, Redacted } from "effect"
import type * as Http from "node:http"
import * as NodeAuthlete from "../src/NodeAuthlete.js"
import { rawServer } from "./utils/rawServer.js"

const serviceId = "4711"
const bearer = Redacted.make("default-timeout-bearer-secret")

/** An answer that starts and never ends: `{`, then a space (JSON whitespace) every 5 seconds. */
const dripping =
  (contentLength: boolean, aborted: Deferred.Deferred<void>): Http.RequestListener => (request, response) => {
    request.resume()
    response.writeHead(200, {
      "content-type": "application/json",
      ...(contentLength ? { "content-length": "1000000" } : {})
    })
    response.write("{")
    const drip = setInterval(() => response.write(" "), 5_000)
    response.on("close", () => {
      clearInterval(drip)
      if (!response.writableFinished) Deferred.unsafeDone(aborted, Exit.void)
    })
  }

type Face = "NodeAuthlete" | "core over FetchHttpClient"

const layerOf = (face: Face, options: AuthleteClient.Options) =>
  face === "NodeAuthlete"
    ? NodeAuthlete.layer(options)
    : TokenManagement.layer.pipe(Layer.provide(AuthleteClient.layer(options)), Layer.provide(FetchHttpClient.layer))

/** Runs a `list` with no timeout configured; how it failed and after how many seconds. */
const timed = (layer: Layer.Layer<TokenManagement.TokenManagement, unknown>) =>
  Effect.gen(function*() {
    const start = Date.now()
    const error = yield* TokenManagement.list().pipe(Effect.provide(layer), Effect.flip)
    return { error, seconds: (Date.now() - start) / 1000 }
  })

const assertTimedOut = (name: string, outcome: { readonly error: unknown; readonly seconds: number }) => {
  assert.deepInclude(outcome.error, { _tag: "TransportError", reason: "Timeout" }, name)
  assert.isAtLeast(outcome.seconds, 29, name)
  assert.isAtMost(outcome.seconds, 31, name)
}

describe("the default attempt timeout, in real time", () => {
  it.scopedLive(
    "a dripping body and a bearer that never resolves fail with a Timeout at 30 s on every layer",
    () =>
      Effect.gen(function*() {
        const unhandled: Array<unknown> = []
        const onUnhandled = (reason: unknown) => unhandled.push(reason)
        yield* Effect.acquireRelease(
          Effect.sync(() => process.on("unhandledRejection", onUnhandled)),
          () => Effect.sync(() => process.off("unhandledRejection", onUnhandled))
        )

        const faces: ReadonlyArray<Face> = ["NodeAuthlete", "core over FetchHttpClient"]
        const cases = faces.flatMap((face) => [
          ...[false, true].map((contentLength) => ({
            name: `${face}: a body that drips${contentLength ? " (with Content-Length)" : ""}`,
            run: Effect.gen(function*() {
              const aborted = yield* Deferred.make<void>()
              const server = yield* rawServer(dripping(contentLength, aborted))
              const outcome = yield* timed(layerOf(face, { baseUrl: server.url, serviceId, bearer }))
              // The server sees the client go away, at once.
              yield* Deferred.await(aborted).pipe(Effect.timeout("3 seconds"))
              return outcome
            })
          })),
          {
            name: `${face}: a rotating bearer that never resolves`,
            run: Effect.gen(function*() {
              const server = yield* rawServer((request, response) => {
                request.resume()
                response.writeHead(500).end()
              })
              const outcome = yield* timed(layerOf(face, { baseUrl: server.url, serviceId, bearer: Effect.never }))
              // Nothing was sent.
              assert.strictEqual(server.connections(), 0)
              return outcome
            })
          }
        ])

        const outcomes = yield* Effect.all(cases.map(({ run }) => Effect.scoped(run)), { concurrency: "unbounded" })
        yield* Effect.log(cases.map(({ name }, i) => `${name}: ${outcomes[i].seconds.toFixed(2)} s`).join("\n"))
        cases.forEach(({ name }, i) => assertTimedOut(name, outcomes[i]))
        // Late rejections (an aborted fetch, a destroyed body) would surface here.
        yield* Effect.sleep("500 millis")
        assert.deepStrictEqual(unhandled, [])
      }),
    60_000
  )
})
