/**
 * The emulator behind real HTTP: a Node server on `127.0.0.1` speaking Authlete's wire format for the six
 * token-management operations, with CORS for browsers, request accounting and optional fault injection.
 *
 * It serves the emulator's own HTTP application (`AuthleteEmulator.Service.app`, the one `TestAuthlete.layerMemory`
 * runs in process), so both faces answer every request alike. What the application cannot read is refused with a
 * `result` body (`resultCode`, `resultMessage`) whose code is one of {@link resultCodes}: a non-empty body that is not
 * `application/json` (Authlete also takes form bodies for create/update/revoke; the official SDK never sends them) or
 * not a JSON object (400); a malformed path (400); a body over 1 MiB (413); an unknown path (404); a wrong method
 * (405, with `Allow`). The bearer and the service are checked before the body is read. Fields of the wrong type, and
 * missing ones, are the operation's rules to answer. The server keeps serving after each of them.
 *
 * @since 0.1.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as Wire from "@effect-authlete/emulator/internal"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Http from "node:http"
import * as App from "./internal/app.js"
import { makeFaults } from "./internal/faults.js"
import * as Front from "./internal/front.js"

/**
 * Result codes of the server's own answers: `badJson`, `badContentType`, `badBody`, `badUrl` (400),
 * `tooLarge` (413), `notFound` (404), `badMethod` (405) and `unavailable` (the injected 503).
 *
 * @since 0.1.0
 * @category constants
 */
export const resultCodes: typeof Wire.resultCodes = Wire.resultCodes

/**
 * Faults to inject, drawn per request from a seeded generator: the same seed and requests give the same faults.
 *
 * Probabilities are clamped to [0, 1]. At most one of reset, 503 and truncation hits a request; a slow answer may
 * come on top.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultOptions {
  /** Delay added to every answer, in milliseconds of wall-clock time (not counted as a fault). */
  readonly latency?: number | undefined
  /** Probability that an answer is slow. */
  readonly slowProbability?: number | undefined
  /** Extra delay of a slow answer, in milliseconds (default 1,000). */
  readonly slowLatency?: number | undefined
  /** Probability of a 503 with `Retry-After` and a `result` body; the emulator never sees the call. */
  readonly unavailableProbability?: number | undefined
  /** `Retry-After` of a 503, in seconds (default 1). */
  readonly retryAfter?: number | undefined
  /** Probability that the connection is destroyed before any answer; the emulator never sees the call. */
  readonly resetProbability?: number | undefined
  /** Probability that a JSON answer is cut in half (well-framed, invalid JSON); the call is carried out; a 204 stays
   * whole. */
  readonly truncateProbability?: number | undefined
  /** Seed of the generator (default 1). */
  readonly seed?: number | undefined
  /** Requests faulted at most (default no limit); setting the options restarts the count. */
  readonly maxFaults?: number | undefined
}

/**
 * The fault settings of a running server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Faults {
  /** The settings in force. */
  readonly current: Effect.Effect<FaultOptions>
  /** Replaces the settings, reseeding the generator and restarting the `maxFaults` count. */
  readonly set: (options: FaultOptions) => Effect.Effect<void>
  /** No more faults. */
  readonly clear: Effect.Effect<void>
}

/**
 * What the server has seen.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stats {
  /** Requests received, CORS preflights excluded. */
  readonly requests: number
  /** Requests whose client went away before the answer was written (a timeout or an interrupted fiber). */
  readonly aborted: number
  /** Requests that got a fault (slow, 503, reset or truncated). */
  readonly faults: number
}

/**
 * A running server: its URL, its emulator, its faults and its counters.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `http://127.0.0.1:<port>`, without a trailing slash: the base URL to give a client. */
  readonly url: string
  /** The emulator answering the calls, to seed and inspect. */
  readonly emulator: AuthleteEmulator.Service
  /** Fault injection. */
  readonly faults: Faults
  /** Counters of requests, aborts and faults. */
  readonly stats: Effect.Effect<Stats>
}

/**
 * The running mock server.
 *
 * @since 0.1.0
 * @category tags
 */
export class MockServer extends Context.Tag("@effect-authlete/emulator-server/MockServer")<MockServer, Service>() {}

/**
 * How a server starts: its emulator's seed, its faults, its port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How the emulator is seeded. */
  readonly emulator?: AuthleteEmulator.EmulatorOptions | undefined
  /** Faults from the start (default none). */
  readonly faults?: FaultOptions | undefined
  /** Port on `127.0.0.1` (default 0: any free port). */
  readonly port?: number | undefined
}

/**
 * Starts a server in the current scope; closing the scope drops its connections and stops it. A request must arrive
 * within 10 seconds (headers within 5), with headers of at most 64 KiB.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, HttpServerError.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const { service: emulator, store } = yield* Wire.make(options.emulator ?? {})
    const faults = yield* makeFaults(options.faults)
    const counters: App.Counters = { requests: 0, aborted: 0, faults: 0 }
    const runtime = yield* Effect.runtime<never>()
    const nodeServer = Http.createServer(
      Front.serverOptions,
      Front.listener(App.make(store.handler, faults.decide, counters), runtime)
    )
    yield* Front.listen(nodeServer, "127.0.0.1", options.port ?? 0).pipe(
      Effect.mapError(({ cause }) => new HttpServerError.ServeError({ cause }))
    )
    // A test server stops at once: kept-alive and hanging connections are dropped, not waited for.
    yield* Effect.addFinalizer(() =>
      Effect.zipRight(Effect.sync(() => nodeServer.closeAllConnections()), Front.close(nodeServer, 0))
    )
    const address = nodeServer.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    return {
      url: `http://127.0.0.1:${port}`,
      emulator,
      faults: { current: faults.current, set: faults.set, clear: faults.clear },
      stats: Effect.sync(() => ({ ...counters }))
    }
  })

/**
 * A server for the lifetime of the layer, with its emulator.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: Options
): Layer.Layer<MockServer | AuthleteEmulator.AuthleteEmulator, HttpServerError.ServeError> =>
  Layer.scopedContext(
    Effect.map(make(options), (server) =>
      Context.make(MockServer, server).pipe(Context.add(AuthleteEmulator.AuthleteEmulator, server.emulator)))
  )

/**
 * Options of {@link layerTokenManagement}.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenManagementOptions extends Options {
  /** Timeout, retry and `transformClient` of the client; base URL, bearer and service come from the server. */
  readonly client?: Omit<AuthleteClient.Options, "baseUrl" | "server" | "bearer" | "serviceId"> | undefined
}

/**
 * `TokenManagement` over core's HTTP client, talking to a fresh server with the emulator's default bearer and
 * service. The `HttpClient` is left to the caller: fetch, undici, a browser's.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTokenManagement = (
  options: TokenManagementOptions = {}
): Layer.Layer<
  TokenManagement.TokenManagement | MockServer | AuthleteEmulator.AuthleteEmulator,
  HttpServerError.ServeError | AuthleteError.AuthleteConfigError,
  HttpClient.HttpClient
> =>
  Layer.unwrapEffect(Effect.map(MockServer, (server) =>
    TokenManagement.layer.pipe(
      Layer.provide(AuthleteClient.layer({
        ...options.client,
        baseUrl: server.url,
        bearer: server.emulator.defaults.bearer,
        serviceId: server.emulator.defaults.serviceId
      }))
    ))).pipe(Layer.provideMerge(layer(options)))

/**
 * A running server, for code outside Effect.
 *
 * @since 0.1.0
 * @category models
 */
export interface Started {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The emulator's default service. */
  readonly serviceId: string
  /** A bearer with access to that service, in plain text (this is a test server). */
  readonly bearer: string
  /** The default client's numeric ID. */
  readonly clientId: number
  /** The emulator, to seed and inspect with `Effect.runPromise`. */
  readonly emulator: AuthleteEmulator.Service
  /** Fault injection, synchronously. */
  readonly faults: {
    readonly current: () => FaultOptions
    readonly set: (options: FaultOptions) => void
    readonly clear: () => void
  }
  /** What the server has seen so far. */
  readonly stats: () => Stats
  /** Drops the connections and stops the server. */
  readonly close: () => Promise<void>
}

/**
 * Starts a server for code outside Effect (the official SDK, benchmarks, child processes). Rejects with the
 * `ServeError` when it cannot listen.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options?: Options): Promise<Started> => {
  const scope = Effect.runSync(Scope.make())
  const exit = await Effect.runPromiseExit(Scope.extend(make(options), scope))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, exit))
    throw Cause.squash(exit.cause)
  }
  const server = exit.value
  const { defaults } = server.emulator
  return {
    url: server.url,
    serviceId: defaults.serviceId,
    bearer: Redacted.value(defaults.bearer),
    clientId: defaults.clientId,
    emulator: server.emulator,
    faults: {
      current: () => Effect.runSync(server.faults.current),
      set: (options) => Effect.runSync(server.faults.set(options)),
      clear: () => Effect.runSync(server.faults.clear)
    },
    stats: () => Effect.runSync(server.stats),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
