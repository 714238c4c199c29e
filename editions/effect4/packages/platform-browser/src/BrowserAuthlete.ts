/**
 * `TokenManagement` over `fetch`, the `HttpClient` that `effect` itself ships: browsers, workers, Deno and Bun.
 *
 * @since 1.0.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"

/**
 * The `fetch` client with `redirect: "manual"`: a redirect is never followed (the bearer and body would go elsewhere),
 * core answers it with `RedirectError`.
 *
 * @since 1.0.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer.pipe(
  Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))
)

/**
 * `TokenManagement` (and the `AuthleteClient` under it) over `fetch`.
 *
 * @since 1.0.0
 * @category layers
 */
export const layer = (
  options: AuthleteClient.Options
): Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient, AuthleteError.AuthleteConfigError> =>
  TokenManagement.layer.pipe(Layer.provideMerge(AuthleteClient.layer(options)), Layer.provide(layerHttpClient))

/**
 * {@link layer} with its options read from `Config`.
 *
 * @since 1.0.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<AuthleteClient.Options> = AuthleteClient.config
): Layer.Layer<
  TokenManagement.TokenManagement | AuthleteClient.AuthleteClient,
  Config.ConfigError | AuthleteError.AuthleteConfigError
> => Layer.unwrap(Effect.map(Config.unwrap(options), layer))
