/**
 * `TokenManagement` on Node: core's client over `@effect/platform-node`'s undici `HttpClient`, with one keep-alive
 * agent per layer.
 *
 * @since 1.0.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"

/**
 * Keep-alive of the layer's undici agent.
 *
 * @since 1.0.0
 * @category models
 */
export interface KeepAliveOptions {
  /** How long an idle socket stays open for the next call (default 4 seconds, as undici; a `Keep-Alive` hint wins). */
  readonly idleTimeout?: Duration.Input | undefined
  /** Most sockets open at once per origin; further calls queue (default unlimited). */
  readonly maxSockets?: number | undefined
}

/**
 * What `layer` takes: core's options and the agent's keep-alive.
 *
 * @since 1.0.0
 * @category models
 */
export interface Options extends AuthleteClient.Options {
  /** Keep-alive of the shared undici agent. */
  readonly keepAlive?: KeepAliveOptions | undefined
}

/**
 * The agent's own timers: a backstop behind core's per-attempt timeout.
 *
 * @since 1.0.0
 * @category models
 */
export interface TransportTimeouts {
  /** Wait for the status line and headers. */
  readonly headersTimeout?: Duration.Input | undefined
  /** Wait between two chunks of the body. */
  readonly bodyTimeout?: Duration.Input | undefined
}

/** undici's timers sit 5 seconds behind the attempt's timeout, so that core's timeout is the one that fires. */
const agentTimeouts = (timeout: Duration.Input | undefined): TransportTimeouts => {
  const attempt = Duration.fromInputUnsafe(timeout ?? AuthleteClient.defaultTimeout)
  const wait = Duration.isFinite(attempt) ? Duration.sum(attempt, Duration.seconds(5)) : Duration.zero
  return { headersTimeout: wait, bodyTimeout: wait }
}

const millis = (duration: Duration.Input | undefined) =>
  duration === undefined ? undefined : Duration.toMillis(duration)

/** Bun's built-in `undici` is a stub whose dispatchers cannot send (no `request`). */
const undiciCannotSend = () => "Bun" in globalThis

/**
 * The undici `HttpClient` with its own keep-alive agent, closed with the layer. Redirects are never followed (undici
 * does not follow them; core answers a 3xx with `RedirectError`). Under Bun it is the runtime's `fetch` instead
 * (`redirect: "manual"`; Bun pools the connections, so the keep-alive and undici timeout options do not apply).
 *
 * @since 1.0.0
 * @category layers
 */
export const layerHttpClient = (
  options: KeepAliveOptions = {},
  timeouts: TransportTimeouts = {}
): Layer.Layer<HttpClient.HttpClient> => {
  const idle = Duration.toMillis(options.idleTimeout ?? Duration.seconds(4))
  const headers = millis(timeouts.headersTimeout)
  const body = millis(timeouts.bodyTimeout)
  if (undiciCannotSend()) {
    return FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" })))
  }
  return NodeHttpClient.layerUndiciOptions({
    keepAliveTimeout: idle,
    keepAliveMaxTimeout: Math.max(idle, 600_000),
    ...(options.maxSockets === undefined ? {} : { connections: options.maxSockets }),
    ...(headers === undefined ? {} : { headersTimeout: headers }),
    ...(body === undefined ? {} : { bodyTimeout: body })
  })
}

/**
 * `TokenManagement` (and the `AuthleteClient` under it) over undici.
 *
 * @since 1.0.0
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
 * {@link layer} with its options read from `Config`: by default the `AUTHLETE_*` environment.
 *
 * @since 1.0.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<Options> = AuthleteClient.config
): Layer.Layer<
  TokenManagement.TokenManagement | AuthleteClient.AuthleteClient,
  Config.ConfigError | AuthleteError.AuthleteConfigError
> => Layer.unwrap(Effect.map(Config.unwrap(options), layer))
