/**
 * What every transport must hold against a hostile server: a 1 GB answer fails with `ResponseTooLargeError` in bounded
 * memory and time, and a redirect to another origin is refused without anything reaching that origin. Shared by both
 * editions (the Effect 4 edition links to this file and runs it over its own layers).
 */
import type { AuthleteClient } from "@effect-authlete/core"
import { AuthleteError, TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import type { Layer } from "effect"
import { Effect, Redacted } from "effect"
import { emptyListPage, rawServer, redirectTo, streamingServer } from "./rawServer.js"

const serviceId = "4711"
const bearer = Redacted.make("hostile-test-bearer")
const GiB = 1024 * 1024 * 1024
const MiB = 1024 * 1024

/** The answer size limit of the 1 GB test; the client's RSS may grow by less than it plus 32 MiB. */
const limit = 4 * MiB

/** Runs `effect` while sampling the process's RSS every 10 ms: its result, the largest RSS growth seen, the time. */
const measured = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const before = process.memoryUsage.rss()
    let peak = before
    const timer = setInterval(() => peak = Math.max(peak, process.memoryUsage.rss()), 10)
    const started = Date.now()
    const exit = yield* Effect.exit(effect).pipe(Effect.ensuring(Effect.sync(() => clearInterval(timer))))
    peak = Math.max(peak, process.memoryUsage.rss())
    return { exit, growth: peak - before, millis: Date.now() - started }
  })

/** A platform's `layer(options)`: `NodeAuthlete.layer`, `BrowserAuthlete.layer`. */
export type TransportLayer = (
  options: AuthleteClient.Options
) => Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient, AuthleteError.AuthleteConfigError>

/** The suite over `transport` (a platform's `layer(options)`). */
export const hostileServerSuite = (name: string, transport: TransportLayer) => {
  describe(`${name}: a 1 GB answer`, () => {
    for (const announce of [false, true]) {
      it.live(
        `${announce ? "announced by Content-Length" : "chunked"}: fails with ResponseTooLargeError in bounded memory`,
        () =>
          Effect.scoped(Effect.gen(function*() {
            const url = yield* streamingServer(GiB, announce)
            const options: AuthleteClient.Options = {
              baseUrl: url,
              serviceId,
              bearer,
              timeout: "20 seconds",
              maxResponseBytes: limit
            }
            // A first call to a small answer loads the transport's code (Node's fetch is loaded on first use): what is
            // measured is the growth the 1 GB answer causes.
            const small = yield* rawServer(emptyListPage)
            yield* Effect.provide(TokenManagement.list(), transport({ ...options, baseUrl: small.url }))
            const layer = transport(options)
            const { exit, growth, millis } = yield* measured(Effect.flip(Effect.provide(TokenManagement.list(), layer)))
            assert.strictEqual(exit._tag, "Success", "the call failed")
            const error = exit._tag === "Success" ? exit.value : undefined
            assert.instanceOf(error, AuthleteError.ResponseTooLargeError)
            assert.isBelow(growth, limit + 32 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB`)
            assert.isBelow(millis, 20_000)
          })),
        60_000
      )
    }
  })

  describe(`${name}: redirects`, () => {
    for (const status of [301, 302, 307, 308]) {
      it.effect(`a ${status} to another origin fails with RedirectError; nothing reaches that origin`, () =>
        Effect.scoped(Effect.gen(function*() {
          let reached = 0
          const elsewhere = yield* rawServer((request, response) => {
            reached++
            request.resume()
            response.writeHead(204).end()
          })
          const proxy = yield* rawServer(
            redirectTo(status, () => `${elsewhere.url}/api/${serviceId}/auth/token/delete/x`)
          )
          const error = yield* TokenManagement.delete({ accessTokenIdentifier: Redacted.make("token-secret") }).pipe(
            Effect.provide(transport({ baseUrl: proxy.url, serviceId, bearer })),
            Effect.flip
          )
          assert.instanceOf(error, AuthleteError.RedirectError)
          assert.deepInclude(error, { operation: "delete", status })
          assert.notInclude(error.message, elsewhere.url)
          assert.strictEqual(reached, 0)
        })))
    }
  })
}
