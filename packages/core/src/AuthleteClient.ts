/**
 * The connection to Authlete: base URL, bearer, call defaults, and the configured `HttpClient` the `TokenManagement`
 * layer sends through.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { AuthleteConfigError } from "./AuthleteError.js"
import type { RetryPolicy } from "./AuthleteRetry.js"
import * as Bearer from "./internal/bearer.js"

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
 * Timeout of each attempt when none is configured: 30 seconds.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * Largest answer read when no limit is configured: 16 MiB. A `list` page of 1,000 tokens is well under 1 MiB.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultMaxResponseBytes: number = 16 * 1024 * 1024

/**
 * A bearer that rotates: an effect run before each attempt (retries included) that yields the bearer to send. Its
 * failure fails the call with a `CredentialError`; nothing is sent.
 *
 * @since 0.3.0
 * @category models
 */
export type BearerEffect = Effect.Effect<Redacted.Redacted, unknown>

/**
 * Options of {@link make}, {@link layer} and {@link layerConfig}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Service access token or organization token, or an effect yielding one per request (see {@link BearerEffect}).
   * A `Bearer ` prefix is dropped (never sent twice). Without one, requests carry no `Authorization` header.
   */
  readonly bearer?: Redacted.Redacted | BearerEffect | undefined
  /** Service used when a call names none. */
  readonly serviceId?: string | undefined
  /** Authlete cluster (default `us`); ignored when `baseUrl` is set. */
  readonly server?: Server | undefined
  /** Any base URL, e.g. a proxy or the emulator-server's mock server; a path prefix is kept. */
  readonly baseUrl?: string | undefined
  /** Timeout of each attempt (default {@link defaultTimeout}; `Duration.infinity` for none). */
  readonly timeout?: Duration.DurationInput | undefined
  /** Largest answer read, in bytes (default {@link defaultMaxResponseBytes}); a larger one fails the call. */
  readonly maxResponseBytes?: number | undefined
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
  /** Largest answer read, in bytes. */
  readonly maxResponseBytes?: number | undefined
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

/** Why a base URL cannot be used, if it cannot; never quotes it (it may carry credentials). */
const baseUrlProblem = (raw: string): string | undefined => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return "it does not parse as an absolute URL"
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "it must be an http: or https: URL"
  if (raw.includes("?")) return "it must not carry a query: the API path would land inside it"
  if (raw.includes("#")) return "it must not carry a fragment: the API path would be dropped"
  if (url.username !== "" || url.password !== "") return "it must not carry credentials: set the bearer instead"
  return undefined
}

/** The options checked once, before any call: a problem here is a configuration error, not a call's failure. */
const validate = (options: Options): Effect.Effect<void, AuthleteConfigError> => {
  const fail = (option: string, description: string) => Effect.fail(new AuthleteConfigError({ option, description }))
  const baseUrl = options.baseUrl === undefined ? undefined : baseUrlProblem(options.baseUrl)
  if (baseUrl !== undefined) return fail("baseUrl", baseUrl)
  if (options.server !== undefined && options.baseUrl === undefined && !(options.server in servers)) {
    return fail("server", "it must be one of us, jp, eu, br")
  }
  if (Redacted.isRedacted(options.bearer)) {
    const bearer = Bearer.problem(Bearer.normalize(options.bearer))
    if (bearer !== undefined) return fail("bearer", bearer)
  } else if (options.bearer !== undefined && !Effect.isEffect(options.bearer)) {
    return fail("bearer", "it must be a Redacted value or an effect yielding one")
  }
  if (options.timeout !== undefined) {
    const timeout = Duration.decodeUnknown(options.timeout)
    if (Option.isNone(timeout) || Duration.toMillis(timeout.value) <= 0) {
      return fail("timeout", "it must be a positive duration")
    }
  }
  const max = options.maxResponseBytes
  if (max !== undefined && !(max === Infinity || (Number.isSafeInteger(max) && max > 0))) {
    return fail("maxResponseBytes", "it must be a positive integer")
  }
  return Effect.void
}

/**
 * The base URL and `Accept`, and a fixed bearer's `Authorization`, set in one copy of the request (a step and a copy
 * fewer per call than a `mapRequest` each).
 */
const prepare = (
  baseUrl: string,
  bearer: Redacted.Redacted | BearerEffect | undefined
): (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest => {
  if (!Redacted.isRedacted(bearer)) {
    return (request) => HttpClientRequest.acceptJson(HttpClientRequest.prependUrl(request, baseUrl))
  }
  const fixed = Bearer.normalize(bearer)
  return (request) =>
    HttpClientRequest.setHeaders(HttpClientRequest.prependUrl(request, baseUrl), {
      accept: "application/json",
      authorization: `Bearer ${Redacted.value(fixed)}`
    })
}

/** A rotating bearer's `Authorization`, fetched (and checked) per request; a fixed one is set by `prepare`. */
const withBearer = (
  bearer: Redacted.Redacted | BearerEffect | undefined
): (client: HttpClient.HttpClient) => HttpClient.HttpClient => {
  if (bearer === undefined || Redacted.isRedacted(bearer)) return identity
  // The failures travel as a RequestError whose cause `httpCall` turns into the call's typed error.
  const failed = (request: HttpClientRequest.HttpClientRequest, cause: Bearer.BearerFailure | Bearer.BearerInvalid) =>
    new HttpClientError.RequestError({ request, reason: "Transport", cause })
  return HttpClient.mapRequestEffect((request) =>
    Effect.matchEffect(bearer, {
      onFailure: (cause) => Effect.fail(failed(request, new Bearer.BearerFailure(cause))),
      onSuccess: (value) => {
        if (!Redacted.isRedacted(value)) {
          return Effect.fail(failed(request, new Bearer.BearerFailure("the bearer effect did not yield a Redacted")))
        }
        const normalized = Bearer.normalize(value)
        const problem = Bearer.problem(normalized)
        return problem === undefined
          ? Effect.succeed(HttpClientRequest.bearerToken(request, normalized))
          : Effect.fail(failed(request, new Bearer.BearerInvalid(problem)))
      }
    })
  )
}

/**
 * Builds the client over the `HttpClient` in context, after checking the options: a base URL that does not parse or
 * carries a query, fragment or credentials, a bearer a header cannot carry, or a non-positive timeout or size limit
 * fails with an `AuthleteConfigError` here, never on each call. The platform's own HTTP spans are turned off: they
 * would record the full URL, and a delete URL carries a token. Each operation has its own span instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, AuthleteConfigError, HttpClient.HttpClient> =>
  Effect.zipRight(
    validate(options),
    Effect.map(HttpClient.HttpClient, (base) => {
      const baseUrl = resolveBaseUrl(options)
      const httpClient = base.pipe(
        HttpClient.mapRequest(prepare(baseUrl, options.bearer)),
        withBearer(options.bearer),
        HttpClient.withTracerDisabledWhen(() => true),
        options.transformClient ?? identity
      )
      return {
        baseUrl,
        httpClient,
        maxResponseBytes: options.maxResponseBytes ?? defaultMaxResponseBytes,
        defaults: {
          serviceId: options.serviceId,
          timeout: options.timeout ?? defaultTimeout,
          retry: options.retry
        }
      }
    })
  )

/**
 * The client built from explicit options, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<AuthleteClient, AuthleteConfigError, HttpClient.HttpClient> =>
  Layer.effect(AuthleteClient, make(options))

/**
 * The options read from the environment: `AUTHLETE_BEARER` (required), `AUTHLETE_SERVICE_ID`, `AUTHLETE_BASE_URL`,
 * `AUTHLETE_SERVER` (`us`, `jp`, `eu` or `br`), `AUTHLETE_TIMEOUT` (a duration such as `10 seconds`) and
 * `AUTHLETE_MAX_RESPONSE_BYTES`.
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
    server: Config.option(Config.literal("us", "jp", "eu", "br")("AUTHLETE_SERVER")),
    timeout: Config.option(Config.duration("AUTHLETE_TIMEOUT")),
    maxResponseBytes: Config.option(Config.integer("AUTHLETE_MAX_RESPONSE_BYTES"))
  }).pipe(
    Config.map(({ bearer, baseUrl, maxResponseBytes, server, serviceId, timeout }) => ({
      bearer,
      serviceId: Option.getOrUndefined(serviceId),
      baseUrl: Option.getOrUndefined(baseUrl),
      server: Option.getOrUndefined(server),
      timeout: Option.getOrUndefined(timeout),
      maxResponseBytes: Option.getOrUndefined(maxResponseBytes)
    }))
  )
)

/**
 * The client configured from `Config`: by default {@link config} (the `AUTHLETE_*` environment); pass your own
 * `Config` of the options to read them elsewhere. Fails with a `ConfigError` when a required value is missing or
 * malformed, and with an `AuthleteConfigError` when a value read cannot work (see {@link make}).
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
): Layer.Layer<AuthleteClient, ConfigError.ConfigError | AuthleteConfigError, HttpClient.HttpClient> =>
  Layer.effect(AuthleteClient, Effect.flatMap(Config.unwrap(options), make))
