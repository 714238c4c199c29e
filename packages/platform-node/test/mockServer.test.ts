import { TokenManagement } from "@effect-authlete/core"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import * as ContractSuite from "@effect-authlete/test-kit/ContractSuite"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { overMockServer, statsUntil } from "./utils/mockServer.js"

ContractSuite.contractSuite("NodeAuthlete over the mock server", () => overMockServer())

/** Waits until the server's counters satisfy `done`. */
const serverSees = (done: (stats: MockServer.Stats) => boolean) =>
  Effect.flatMap(MockServer.MockServer, (server) => statsUntil(server, done))

/** Every answer of the server now takes 30 seconds. */
const slowServer = Effect.flatMap(MockServer.MockServer, (server) => server.faults.set({ latency: 30_000 }))

describe("aborting calls", () => {
  it.scopedLive("a call that reaches its timeout fails with TransportError Timeout and closes the request", () =>
    Effect.gen(function*() {
      yield* slowServer
      const error = yield* Effect.flip(TokenManagement.list({}, { timeout: "300 millis" }))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(error._tag === "TransportError" ? error.reason : undefined, "Timeout")
      const stats = yield* serverSees((stats) => stats.aborted === 1)
      assert.strictEqual(stats.requests, 1)
    }).pipe(Effect.provide(overMockServer())))

  it.scopedLive("interrupting a call interrupts it and closes the request on the server", () =>
    Effect.gen(function*() {
      yield* slowServer
      const call = yield* Effect.fork(TokenManagement.list())
      yield* serverSees((stats) => stats.requests === 1)
      const exit = yield* Fiber.interrupt(call)
      assert.isTrue(Exit.isInterrupted(exit))
      yield* serverSees((stats) => stats.aborted === 1)
    }).pipe(Effect.provide(overMockServer())))
})
