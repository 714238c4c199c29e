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
 * The undici agent of a layer: keep-alive sockets, pooled per origin, destroyed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeDispatcher = (options: KeepAliveOptions = {}): Effect.Effect<Undici.Dispatcher, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const idle = Duration.toMillis(options.idleTimeout ?? Duration.seconds(4))
      return new Undici.Agent({
        keepAliveTimeout: idle,
        keepAliveMaxTimeout: Math.max(idle, 600_000),
        ...(options.maxSockets === undefined ? {} : { connections: options.maxSockets })
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
export const layerHttpClient = (options?: KeepAliveOptions): Layer.Layer<HttpClient.HttpClient> =>
  UndiciHttpClient.layerWithoutDispatcher.pipe(
    Layer.provide(Layer.scoped(NodeHttpClient.Dispatcher, makeDispatcher(options)))
  )

/**
 * `TokenManagement` (and the `AuthleteClient` under it) over Node's HTTP stack.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient> =>
  TokenManagement.layer.pipe(
    Layer.provideMerge(AuthleteClient.layer(options)),
    Layer.provide(layerHttpClient(options.keepAlive))
  )

/**
 * {@link layer} configured from `Config`: by default `AuthleteClient.config`, i.e. `AUTHLETE_BEARER` (required),
 * `AUTHLETE_SERVICE_ID`, `AUTHLETE_BASE_URL` and `AUTHLETE_SERVER` from the current `ConfigProvider` (the environment
 * unless you set another).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<Options> = AuthleteClient.config
): Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(Config.unwrap(options), layer))
