/** One debug line per attempt: what it did and how it ended, never the URL, the body or the bearer. */
// Shared by both editions (the Effect 4 edition links to this file): the logger comes from `utils/edition.ts`.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted } from "effect"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { adjust, fork, withLogLines } from "./utils/edition.js"
import { always, bearer, json, noContent, refused, scripted, sequence, serviceId } from "./utils/scripted.js"

interface Line {
  readonly level: string
  readonly message: string
  readonly annotations: Record<string, unknown>
}

/** Runs `effect` with a logger that records every line at or above `level`; the lines, however `effect` ended. */
const capture = <A, E, R>(effect: Effect.Effect<A, E, R>, level: "Debug" | "Info") => {
  const lines: Array<Line> = []
  return withLogLines(effect, level, ({ annotations, level, message }) =>
    lines.push({
      level,
      message: String(Array.isArray(message) ? message.join(" ") : message),
      annotations: annotations as Record<string, unknown>
    })).pipe(Effect.map(() => lines), Effect.orElseSucceed(() => lines))
}

const token = "sentinel-access-token-value-0123456789"

describe("debug logging", () => {
  it.effect("logs each attempt: operation, service, status or error, duration, attempt number", () =>
    Effect.gen(function*() {
      const harness = scripted(
        sequence(
          () => json(503, { resultCode: "X" }, { "retry-after": "0" }),
          () => noContent()
        ),
        { bearer: Redacted.make(bearer), serviceId, retry: AuthleteRetry.make({ times: 2, base: "1 millis" }) }
      )
      const run = capture(
        Effect.provide(TokenManagement.delete({ accessTokenIdentifier: token }), harness.layer),
        "Debug"
      )
      const fiber = yield* fork(run)
      yield* adjust("1 second")
      const lines = yield* Fiber.join(fiber)
      assert.deepStrictEqual(lines.map((line) => [line.level, line.message]), [
        ["DEBUG", "TokenManagement.delete"],
        ["DEBUG", "TokenManagement.delete"]
      ])
      assert.deepInclude(lines[0].annotations, {
        operation: "delete",
        serviceId,
        status: 503,
        error: "UnexpectedStatusError",
        attempt: 1
      })
      assert.deepInclude(lines[1].annotations, { operation: "delete", serviceId, status: 204, attempt: 2 })
      assert.isNumber(lines[1].annotations.durationMs)
      const all = JSON.stringify(lines)
      assert.notInclude(all, token)
      assert.notInclude(all, bearer)
      assert.notInclude(all, "/api/")
    }))

  it.effect("a call that gets no answer logs its error tag and no status", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => refused))
      const lines = yield* capture(Effect.provide(TokenManagement.list(), harness.layer), "Debug")
      assert.strictEqual(lines.length, 1)
      assert.strictEqual(lines[0].annotations.error, "TransportError")
      assert.isUndefined(lines[0].annotations.status)
    }))

  it.effect("is silent at the default level", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => json(200, { totalCount: 0 })))
      const lines = yield* capture(Effect.provide(TokenManagement.list(), harness.layer), "Info")
      assert.deepStrictEqual(lines, [])
    }))
})
