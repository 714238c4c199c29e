/** One debug line per attempt: what it did and how it ended, never the URL, the body or the bearer. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, HashMap, Logger, LogLevel, Redacted, TestClock } from "effect"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { always, bearer, json, noContent, refused, scripted, sequence, serviceId } from "./utils/scripted.js"

interface Line {
  readonly level: string
  readonly message: string
  readonly annotations: Record<string, unknown>
}

/** Runs `effect` with a logger that records every line at or above `level`. */
const capture = <A, E, R>(effect: Effect.Effect<A, E, R>, level: LogLevel.LogLevel) => {
  const lines: Array<Line> = []
  const logger = Logger.make<unknown, void>(({ annotations, logLevel, message }) => {
    lines.push({
      level: logLevel.label,
      message: String(Array.isArray(message) ? message.join(" ") : message),
      annotations: Object.fromEntries(HashMap.toEntries(annotations))
    })
  })
  return effect.pipe(
    Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
    Logger.withMinimumLogLevel(level),
    Effect.map(() => lines),
    Effect.catchAll(() => Effect.succeed(lines))
  )
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
        LogLevel.Debug
      )
      const fiber = yield* Effect.fork(run)
      yield* TestClock.adjust("1 second")
      const lines = (yield* fiber.await).pipe((exit) => exit._tag === "Success" ? exit.value : [])
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
      const lines = yield* capture(Effect.provide(TokenManagement.list(), harness.layer), LogLevel.Debug)
      assert.strictEqual(lines.length, 1)
      assert.strictEqual(lines[0].annotations.error, "TransportError")
      assert.isUndefined(lines[0].annotations.status)
    }))

  it.effect("is silent at the default level", () =>
    Effect.gen(function*() {
      const harness = scripted(always(() => json(200, { totalCount: 0 })))
      const lines = yield* capture(Effect.provide(TokenManagement.list(), harness.layer), LogLevel.Info)
      assert.deepStrictEqual(lines, [])
    }))
})
