/**
 * `TokenManagement` for browsers (and workers): core's HTTP implementation over the global `fetch`.
 *
 * There is deliberately no `XMLHttpRequest` variant: `fetch` exists wherever this runs (service workers included,
 * where XHR does not), the calls are small JSON exchanges for which XHR's progress events buy nothing, and both abort
 * the request when the fiber is interrupted or times out. Compose `BrowserHttpClient.layerXMLHttpRequest` with
 * `AuthleteClient.layer` and `TokenManagement.layer` yourself if you need it.
 *
 * @since 0.1.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * The `HttpClient` the layers of this module send with: `fetch`, with `redirect: "manual"`. The one place where the
 * browser HTTP client is chosen. A redirect is never followed — it would carry the call (a delete URL holds a token;
 * a 307/308 resends the body) to another origin — and the call fails with a `RedirectError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer.pipe(
  Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))
)

/**
 * `TokenManagement` (and the `AuthleteClient` under it) over `fetch`. Fails with an `AuthleteConfigError` when an option
 * cannot work (see `AuthleteClient.make`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: AuthleteClient.Options
): Layer.Layer<TokenManagement.TokenManagement | AuthleteClient.AuthleteClient, AuthleteError.AuthleteConfigError> =>
  TokenManagement.layer.pipe(Layer.provideMerge(AuthleteClient.layer(options)), Layer.provide(layerHttpClient))

/**
 * {@link layer} configured from `Config`: by default `AuthleteClient.config` (`AUTHLETE_BEARER` required,
 * `AUTHLETE_SERVICE_ID`, `AUTHLETE_BASE_URL`, `AUTHLETE_SERVER`) read from the current `ConfigProvider`; a browser has
 * no environment, so set one (e.g. `ConfigProvider.fromJson`) or pass your own `Config`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<AuthleteClient.Options> = AuthleteClient.config
): Layer.Layer<
  TokenManagement.TokenManagement | AuthleteClient.AuthleteClient,
  ConfigError.ConfigError | AuthleteError.AuthleteConfigError
> => Layer.unwrapEffect(Effect.map(Config.unwrap(options), layer))
