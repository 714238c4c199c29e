/** A transport layer against the emulator-server's mock server on loopback. */
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { Effect, Layer, Schedule } from "effect"
import * as NodeAuthlete from "../../src/NodeAuthlete.js"
import type { TransportLayer } from "./hostile.js"

/** `transport` pointed at a fresh mock server, with the server (and its emulator) in context. */
export const overMockServer = (options?: MockServer.Options, transport: TransportLayer = NodeAuthlete.layer) =>
  Layer.unwrapEffect(
    Effect.map(
      MockServer.MockServer,
      ({ emulator, url }) =>
        transport({ baseUrl: url, serviceId: emulator.defaults.serviceId, bearer: emulator.defaults.bearer })
    )
  ).pipe(Layer.provideMerge(MockServer.layer(options)))

/** The server's counters once they satisfy `done`, polled for at most 5 seconds: the server learns of an abort late. */
export const statsUntil = (server: MockServer.Service, done: (stats: MockServer.Stats) => boolean) =>
  server.stats.pipe(
    Effect.filterOrFail(done, () => new Error("not yet")),
    Effect.retry(Schedule.spaced("10 millis")),
    Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => new Error("the server never saw it") })
  )
