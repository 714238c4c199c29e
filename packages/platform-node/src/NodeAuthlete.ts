/**
 * `TokenManagement` for Node.js: core's HTTP implementation over undici (a lean `HttpClient` on undici's `request`).
 *
 * Every call of one layer goes through one undici `Agent` with keep-alive: after an answer its socket stays open for
 * the next call to the same origin (Authlete's cluster, or your `baseUrl`), so a burst of calls pays for one TCP and
 * TLS handshake instead of one per call. The agent is created when the layer is built and destroyed, with its sockets,
 * when the layer's scope closes. Provide the layer once, high in your program, to share it.
 *
 * @since 0.1.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as UndiciHttpClient from "./internal/undiciHttpClient.js"

/**
 * How the shared undici agent keeps connections.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeepAliveOptions {
  /** How long an idle socket stays open for the next call (default 4 seconds, as undici; a `Keep-Alive` hint wins). */
  readonly idleTimeout?: Duration.DurationInput | undefined
  /** Most sockets open at once per origin; further calls queue (default unlimited). */
  readonly maxSockets?: number | undefined
}

/**
 * Core's client options, plus the connection pool.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends AuthleteClient.Options {
  /** Keep-alive of the shared undici agent. */
  readonly keepAlive?: KeepAliveOptions | undefined
}

/**
 * How long the agent itself waits for an answer's headers, and between two chunks of its body: a backstop behind the
 * per-attempt timeout, so that no socket waits forever even if that timeout is lifted. {@link layer} sets it to the
 * attempt's timeout (30 seconds unless configured) plus 5 seconds; undici's default is 300 seconds.
 *
 * @since 0.3.0
 * @category models
 */
export interface TransportTimeouts {
  /** Wait for the status line and headers. */
  readonly headersTimeout?: Duration.DurationInput | undefined
  /** Wait between two chunks of the body. */
  readonly bodyTimeout?: Duration.DurationInput | undefined
}

/**
 * The agent's timeouts for a layer's timeout option: 5 seconds past the attempt's (none when it is infinite). The
 * attempt's own timeout is core's, as on every layer: it alone bounds the whole attempt (a rotating bearer, the
 * request, a body that drips); the agent's timers only bound one wait each.
 */
const agentTimeouts = (timeout: Duration.DurationInput | undefined): TransportTimeouts => {
  const attempt = Duration.decode(timeout ?? AuthleteClient.defaultTimeout)
  const wait = Duration.isFinite(attempt) ? Duration.sum(attempt, Duration.seconds(5)) : Duration.zero
  return { headersTimeout: wait, bodyTimeout: wait }
}

/**
 * The undici agent of a layer: keep-alive sockets, pooled per origin, destroyed when the scope closes. It follows no
 * redirect.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeDispatcher = (
  options: KeepAliveOptions = {},
  timeouts: TransportTimeouts = {}
): Effect.Effect<Undici.Dispatcher, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const idle = Duration.toMillis(options.idleTimeout ?? Duration.seconds(4))
      const millis = (duration: Duration.DurationInput | undefined) =>
        duration === undefined ? undefined : Duration.toMillis(duration)
      const headers = millis(timeouts.headersTimeout)
      const body = millis(timeouts.bodyTimeout)
      return new Undici.Agent({
        keepAliveTimeout: idle,
        keepAliveMaxTimeout: Math.max(idle, 600_000),
        ...(options.maxSockets === undefined ? {} : { connections: options.maxSockets }),
        ...(headers === undefined ? {} : { headersTimeout: headers }),
        ...(body === undefined ? {} : { bodyTimeout: body })
      })
    }),
    UndiciHttpClient.destroy
  )

/**
 * The `HttpClient` the layers of this module send with: a lean client on undici's own `request` over
 * {@link makeDispatcher}. The one place where the Node HTTP client is chosen.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (
  options?: KeepAliveOptions,
  timeouts?: TransportTimeouts
): Layer.Layer<HttpClient.HttpClient> =>
  UndiciHttpClient.layerWithoutDispatcher.pipe(
    Layer.provide(Layer.scoped(NodeHttpClient.Dispatcher, makeDispatcher(options, timeouts)))
  )

/**
 * `TokenManagement` (and the `AuthleteClient` under it) over Node's HTTP stack. Fails with an `AuthleteConfigError`
 * when an option cannot work (see `AuthleteClient.make`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient, AuthleteError.AuthleteConfigError> =>
  TokenManagement.layer.pipe(
    Layer.provideMerge(AuthleteClient.layer(options)),
    Layer.provide(layerHttpClient(options.keepAlive, agentTimeouts(options.timeout)))
  )

/**
 * {@link layer} configured from `Config`: by default `AuthleteClient.config`, i.e. `AUTHLETE_BEARER` (required),
 * `AUTHLETE_SERVICE_ID`, `AUTHLETE_BASE_URL`, `AUTHLETE_SERVER`, `AUTHLETE_TIMEOUT` and `AUTHLETE_MAX_RESPONSE_BYTES`
 * from the current `ConfigProvider` (the environment unless you set another).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<Options> = AuthleteClient.config
): Layer.Layer<
  TokenManagement.TokenManagement | AuthleteClient.AuthleteClient,
  ConfigError.ConfigError | AuthleteError.AuthleteConfigError
> => Layer.unwrapEffect(Effect.map(Config.unwrap(options), layer))
