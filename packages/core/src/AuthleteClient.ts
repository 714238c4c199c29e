/**
 * The connection to Authlete: base URL, bearer, call defaults, and the configured `HttpClient` the `TokenManagement`
 * layer sends through.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { RetryPolicy } from "./AuthleteRetry.js"

/**
 * Authlete's clusters.
 *
 * @since 0.1.0
 * @category models
 */
export type Server = "us" | "jp" | "eu" | "br"

/**
 * Base URL of each cluster.
 *
 * @since 0.1.0
 * @category constants
 */
export const servers: Readonly<Record<Server, string>> = {
  us: "https://us.authlete.com",
  jp: "https://jp.authlete.com",
  eu: "https://eu.authlete.com",
  br: "https://br.authlete.com"
}

/**
 * Options of {@link make}, {@link layer} and {@link layerConfig}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Service access token or organization token. Without one, requests carry no `Authorization` header. */
  readonly bearer?: Redacted.Redacted | undefined
  /** Service used when a call names none. */
  readonly serviceId?: string | undefined
  /** Authlete cluster (default `us`); ignored when `baseUrl` is set. */
  readonly server?: Server | undefined
  /** Any base URL, e.g. a proxy or the test kit's mock server; a path prefix is kept. */
  readonly baseUrl?: string | undefined
  /** Timeout of each attempt. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retry policy of the layer (see `AuthleteRetry`); none by default. */
  readonly retry?: RetryPolicy | undefined
  /** Last say over the HTTP client: proxies, extra headers, instrumentation. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * What a call falls back to when it names no service, timeout or retry policy.
 *
 * @since 0.2.0
 * @category models
 */
export interface CallDefaults {
  /** Service used when a call names none. */
  readonly serviceId?: string | undefined
  /** Timeout of each attempt. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retry policy; applied to idempotent calls unless the policy says otherwise. */
  readonly retry?: RetryPolicy | undefined
}

/**
 * What an `AuthleteClient` provides: the configured HTTP client and the call defaults.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The resolved base URL. */
  readonly baseUrl: string
  /** The HTTP client with base URL, JSON headers and bearer applied: relative request URLs go to Authlete. */
  readonly httpClient: HttpClient.HttpClient
  /** Service ID, timeout and retry defaults. */
  readonly defaults: CallDefaults
}

/**
 * The configured connection to Authlete, required by `TokenManagement.layer`.
 *
 * @since 0.1.0
 * @category tags
 */
export class AuthleteClient extends Context.Tag("@effect-authlete/core/AuthleteClient")<AuthleteClient, Service>() {}

/**
 * The base URL of a set of options: `baseUrl` if set, else the cluster's (default `us`), without a trailing slash.
 *
 * @since 0.1.0
 * @category utils
 */
export const resolveBaseUrl = (options: Pick<Options, "server" | "baseUrl">): string =>
  (options.baseUrl ?? servers[options.server ?? "us"]).replace(/\/+$/, "")

/**
 * Builds the client over the `HttpClient` in context. The platform's own HTTP spans are turned off: they would record
 * the full URL, and a delete URL carries a token. Each operation has its own span instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (base) => {
    const baseUrl = resolveBaseUrl(options)
    const bearer = options.bearer
    const httpClient = base.pipe(
      HttpClient.mapRequest((request) => {
        const prefixed = HttpClientRequest.acceptJson(HttpClientRequest.prependUrl(request, baseUrl))
        return bearer === undefined ? prefixed : HttpClientRequest.bearerToken(prefixed, bearer)
      }),
      HttpClient.withTracerDisabledWhen(() => true),
      options.transformClient ?? identity
    )
    return {
      baseUrl,
      httpClient,
      defaults: { serviceId: options.serviceId, timeout: options.timeout, retry: options.retry }
    }
  })

/**
 * The client built from explicit options, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<AuthleteClient, never, HttpClient.HttpClient> =>
  Layer.effect(AuthleteClient, make(options))

/**
 * The options read from the environment: `AUTHLETE_BEARER` (required), `AUTHLETE_SERVICE_ID`, `AUTHLETE_BASE_URL`,
 * `AUTHLETE_SERVER` (`us`, `jp`, `eu` or `br`).
 *
 * @since 0.1.0
 * @category config
 */
// Built on first read, so that bundles which never read it (browsers) leave Effect's Config machinery out.
export const config: Config.Config<Options> = /* @__PURE__ */ Config.suspend(() =>
  Config.all({
    bearer: Config.redacted("AUTHLETE_BEARER"),
    serviceId: Config.option(Config.nonEmptyString("AUTHLETE_SERVICE_ID")),
    baseUrl: Config.option(Config.nonEmptyString("AUTHLETE_BASE_URL")),
    server: Config.option(Config.literal("us", "jp", "eu", "br")("AUTHLETE_SERVER"))
  }).pipe(
    Config.map(({ bearer, baseUrl, server, serviceId }) => ({
      bearer,
      serviceId: Option.getOrUndefined(serviceId),
      baseUrl: Option.getOrUndefined(baseUrl),
      server: Option.getOrUndefined(server)
    }))
  )
)

/**
 * The client configured from `Config`: by default {@link config} (the `AUTHLETE_*` environment); pass your own
 * `Config` of the options to read them elsewhere. Fails with a `ConfigError` when a required value is missing.
 *
 * @example
 * ```ts
 * import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Config, Layer } from "effect"
 *
 * // everything from the environment: AUTHLETE_BEARER, AUTHLETE_SERVICE_ID, AUTHLETE_BASE_URL, AUTHLETE_SERVER
 * const FromEnv = AuthleteClient.layerConfig()
 *
 * // or each option from its own Config
 * const Custom = AuthleteClient.layerConfig({
 *   bearer: Config.redacted("MY_AUTHLETE_TOKEN"),
 *   serviceId: Config.string("MY_SERVICE_ID"),
 *   server: Config.succeed("jp")
 * })
 *
 * const Live = TokenManagement.layer.pipe(Layer.provide(FromEnv), Layer.provide(FetchHttpClient.layer))
 * const Other = TokenManagement.layer.pipe(Layer.provide(Custom), Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<Options> = config
): Layer.Layer<AuthleteClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(AuthleteClient, Effect.flatMap(Config.unwrap(options), make))
