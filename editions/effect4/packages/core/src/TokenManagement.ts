/**
 * Authlete's token-management operations and token introspection as an Effect service.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import * as References from "effect/References"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as AuthleteClient from "./AuthleteClient.js"
import type { AuthleteError, Operation } from "./AuthleteError.js"
import { ActionError, RequestValidationError, ResponseDecodeError, TransportError } from "./AuthleteError.js"
import * as AuthleteOperation from "./AuthleteOperation.js"
import type { RetryPolicy } from "./AuthleteRetry.js"
import { timeoutFail } from "./internal/attemptTimeout.js"
import type { Encoded } from "./internal/httpCall.js"
import { sender } from "./internal/httpCall.js"
import { withoutNulls } from "./internal/nulls.js"
import { describeParseError } from "./internal/parseIssues.js"
import { answerOutsideSpan } from "./internal/spanOutcome.js"
import { isWellFormed, notWellFormed } from "./internal/wellFormed.js"
import type * as Schemas from "./Schemas.js"

/**
 * Per-call options. Each falls back to the layer's default.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** The service to act on. */
  readonly serviceId?: string | undefined
  /**
   * Upper bound of one attempt (default: the layer's, 30 seconds unless configured); reached, the request is aborted
   * and fails with a `TransportError` "Timeout".
   */
  readonly timeout?: Duration.Input | undefined
  /** Retry policy for this call (`false` disables the layer's). A policy given here also retries `create`. */
  readonly retry?: RetryPolicy | false | undefined
}

/**
 * Defaults of a `TokenManagement` service.
 *
 * @since 0.1.0
 * @category models
 * @deprecated Use `AuthleteClient.CallDefaults`.
 */
export type Defaults = AuthleteClient.CallDefaults

/**
 * Paging of {@link Service.listStream}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListStreamRequest extends Omit<Schemas.TokenListRequest, "start" | "end"> {
  /** Tokens fetched per page (default 100). */
  readonly pageSize?: number | undefined
}

/**
 * The method of one operation: validated and encoded before any I/O, answered as its response schema decodes.
 *
 * @since 0.3.0
 * @category models
 */
export type Method<N extends AuthleteOperation.Name> = (
  request: AuthleteOperation.RequestOf<N>,
  options?: CallOptions
) => Effect.Effect<AuthleteOperation.ResponseOf<N>, AuthleteError>

/**
 * A method per operation of `AuthleteOperation.operations` (a new operation is a new method), `list`'s request
 * optional, plus `listStream`; every call may name its service and override timeout and retry.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Omit<{ readonly [N in AuthleteOperation.Name]: Method<N> }, "list"> {
  /** One page of the tokens of a service, optionally filtered by client and subject. */
  readonly list: (
    request?: Schemas.TokenListRequest,
    options?: CallOptions
  ) => Effect.Effect<Schemas.TokenListResponse, AuthleteError>
  /**
   * Every matching token, page after page: at most the `totalCount` of the first page, ending early on an empty or
   * short page, and never the same page twice.
   */
  readonly listStream: (
    request?: ListStreamRequest,
    options?: CallOptions
  ) => Stream.Stream<Schemas.AccessToken, AuthleteError>
}

/**
 * The token-management service; provide it with {@link layer} or the emulator's `TestAuthlete.layerMemory`.
 *
 * @since 0.1.0
 * @category tags
 */
export class TokenManagement
  extends Context.Service<TokenManagement, Service>()("@effect-authlete/core/TokenManagement")
{}

// ---------------------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------------------

/** Validates and encodes the request of one operation, before any I/O. */
const parseOptions = { errors: "all", onExcessProperty: "ignore" } as const

const encoder = <A, I>(operation: Operation, schema: Schema.Codec<A, I>) => {
  const encode = Schema.encodeUnknownResult(schema, parseOptions)
  return (request: A): Effect.Effect<I, RequestValidationError> => {
    const result = encode(request)
    return result._tag === "Success"
      ? Effect.succeed(result.success)
      : Effect.fail(new RequestValidationError({ operation, description: describeParseError(result.failure.issue) }))
  }
}

/** Decodes the answer of one operation with the decoder compiled once for its schema; a 204 decodes to `void`. */
const decoder = <A, I>(operation: Operation, schema: Schema.Codec<A, I> | undefined) => {
  if (schema === undefined) return (): Effect.Effect<A, ResponseDecodeError> => Effect.void as Effect.Effect<A>
  // The first issue ends a decode; only a failed answer is decoded again for every issue, to describe them all.
  const decode = Schema.decodeUnknownResult(schema)
  const describe = Schema.decodeUnknownResult(schema, parseOptions)
  return (body: unknown): Effect.Effect<A, ResponseDecodeError> => {
    const answer = withoutNulls(body)
    const result = decode(answer)
    if (result._tag === "Success") return Effect.succeed(result.success)
    const all = describe(answer)
    const issue = all._tag === "Failure" ? all.failure.issue : result.failure.issue
    return Effect.fail(new ResponseDecodeError({ operation, status: 200, description: describeParseError(issue) }))
  }
}

/** Why a service ID cannot be used, if it cannot. */
const serviceIdProblem = (serviceId: string | undefined): string | undefined => {
  if (serviceId === undefined || serviceId === "") {
    return "no serviceId: pass one in the call options or configure a default"
  }
  if (serviceId === "." || serviceId === "..") {
    return "serviceId must not be \".\" or \"..\": the URL would lose that path segment"
  }
  return isWellFormed(serviceId) ? undefined : `serviceId ${notWellFormed}`
}

/** The status an attempt ended with: the answer's, or none when no answer came. */
const statusOf = (error: AuthleteError): number | undefined =>
  error._tag === "ResultError" || error._tag === "UnexpectedStatusError" || error._tag === "ResponseDecodeError"
    ? error.status
    : undefined

/**
 * One debug line per attempt: operation, service, status (or the error's tag), duration and attempt number. Never the
 * URL (a delete URL holds a token), the body or the bearer.
 */
const logAttempts = <A>(
  operation: AuthleteOperation.Any,
  serviceId: string,
  once: Effect.Effect<A, AuthleteError>
): Effect.Effect<A, AuthleteError> => {
  let attempt = 0
  return Effect.suspend(() => {
    attempt++
    const number = attempt
    return Effect.flatMap(Clock.currentTimeMillis, (start) => {
      const log = (outcome: { readonly status?: number | undefined; readonly error?: string | undefined }) =>
        Effect.flatMap(Clock.currentTimeMillis, (end) =>
          Effect.logDebug(`TokenManagement.${operation.name}`).pipe(
            Effect.annotateLogs({
              operation: operation.name,
              serviceId,
              ...outcome,
              durationMs: end - start,
              attempt: number
            })
          ))
      return once.pipe(
        Effect.tap(() => log({ status: AuthleteOperation.successStatus(operation) })),
        Effect.tapError((error) => log({ status: statusOf(error), error: error._tag }))
      )
    })
  })
}

/**
 * Builds the service over an `AuthleteClient`: every operation is read from its description in
 * `AuthleteOperation` — validated and encoded before any I/O, its service ID resolved, run in a span
 * `TokenManagement.<operation>` (attribute `serviceId`), timed out and retried as configured, its answer decoded.
 * `listStream` is derived from `list`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (client: AuthleteClient.Service): Service => {
  const { defaults, httpClient } = client
  const maxResponseBytes = client.maxResponseBytes ?? AuthleteClient.defaultMaxResponseBytes

  const retryPolicyOf = (operation: AuthleteOperation.Any, request: Encoded, options: CallOptions | undefined) => {
    if (options?.retry === false) return undefined
    if (options?.retry !== undefined) return options.retry
    const policy = defaults.retry
    return policy !== undefined && (policy.retryNonIdempotent || operation.idempotent(request)) ? policy : undefined
  }

  const attempt = (
    operation: AuthleteOperation.Any,
    send: ReturnType<typeof sender>,
    decode: ReturnType<typeof decoder>,
    serviceId: string,
    request: Encoded,
    options?: CallOptions
  ) => {
    const name = operation.name as Operation
    const timeout = options?.timeout ?? defaults.timeout ?? AuthleteClient.defaultTimeout
    // The answer is decoded within the attempt: its timer bounds the decode too, and its debug line tells a decode
    // failure apart from a success.
    let once = Effect.flatMap(send(httpClient, serviceId, request, maxResponseBytes), decode)
    // One timer per attempt on every transport: it bounds the rotating bearer, the request and the whole body read.
    if (Duration.isFinite(Duration.fromInputUnsafe(timeout))) {
      once = timeoutFail(
        once,
        timeout,
        () => new TransportError({ operation: name, reason: "Timeout", description: "the attempt timed out" })
      )
    }
    const policy = retryPolicyOf(operation, request, options)
    return Effect.flatMap(Effect.service(References.MinimumLogLevel), (level) => {
      // Silent at the default level, and then free: no clock read, no counter.
      const logged = LogLevel.isGreaterThan(level, "Debug") ? once : logAttempts(operation, serviceId, once)
      return policy === undefined ? logged : Effect.retry(logged, policy.schedule)
    })
  }

  /** Resolve the service, validate and encode, send in a span, decode. */
  const method = (operation: AuthleteOperation.Any) => {
    const name = operation.name as Operation
    const encode = encoder(name, operation.request)
    const decode = decoder(name, operation.response)
    const send = sender(operation)
    const run = (request: unknown, options?: CallOptions): Effect.Effect<unknown, AuthleteError> => {
      const serviceId = options?.serviceId ?? defaults.serviceId
      const problem = serviceIdProblem(serviceId)
      if (problem !== undefined || serviceId === undefined) {
        return Effect.fail(new RequestValidationError({ operation: name, description: problem ?? "no serviceId" }))
      }
      // Every call has its span, whatever tracer is installed. No stack trace: capturing one costs more than the rest
      // of the call's overhead. Validation runs when the effect runs, not when it is built.
      return answerOutsideSpan(
        (call: (span: undefined) => Effect.Effect<void, AuthleteError>) =>
          Effect.withSpan(call(undefined), `TokenManagement.${name}`, {
            kind: "client",
            attributes: { serviceId },
            captureStackTrace: false
          }),
        () =>
          Effect.suspend(() => encode(request ?? {})).pipe(
            Effect.flatMap((encoded) => attempt(operation, send, decode, serviceId, encoded as Encoded, options))
          )
      )
    }
    return run
  }

  const methods = Record.map(AuthleteOperation.operations, method) as {
    readonly [N in AuthleteOperation.Name]: Method<N>
  }
  const list = methods.list

  return {
    ...methods,
    list: (request, options) => list(request ?? {}, options),
    listStream: (request = {}, options) => {
      const { pageSize = 100, ...filter } = request
      return Stream.suspend(() => {
        // The server is not trusted to page: at most the first page's totalCount is emitted, a short or empty page
        // ends the walk, and a page seen before (a server ignoring start/end) is never emitted again.
        let remaining: number | undefined
        const seen = new Set<string>()
        return Stream.paginate(0, (start) =>
          list({ ...filter, start, end: start + pageSize }, options).pipe(
            Effect.map((page) => {
              const tokens = page.accessTokens ?? []
              remaining ??= Math.max(0, page.totalCount ?? 0)
              const key = tokens.map((token) => `${token.accessTokenHash}|${token.createdAt}|${token.subject}`).join(
                "\n"
              )
              const repeated = tokens.length > 0 && seen.has(key)
              seen.add(key)
              const emitted = repeated ? [] : tokens.slice(0, remaining)
              remaining -= emitted.length
              const next = start + pageSize
              const more = !repeated && tokens.length >= pageSize && remaining > 0
              return [emitted, more ? Option.some(next) : Option.none()] as const
            })
          ))
      })
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// layers
// ---------------------------------------------------------------------------------------------------------------------

/**
 * `TokenManagement` over Authlete's HTTP API, through the configured `AuthleteClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TokenManagement, never, AuthleteClient.AuthleteClient> = Layer.effect(
  TokenManagement,
  Effect.map(Effect.service(AuthleteClient.AuthleteClient), make)
)

// ---------------------------------------------------------------------------------------------------------------------
// accessors
// ---------------------------------------------------------------------------------------------------------------------

/** The accessor of one operation: its method, called on the `TokenManagement` in context. */
const accessor = <N extends AuthleteOperation.Name>(name: N) =>
(
  request: AuthleteOperation.RequestOf<N>,
  options?: CallOptions
): Effect.Effect<AuthleteOperation.ResponseOf<N>, AuthleteError, TokenManagement> =>
  Effect.flatMap(Effect.service(TokenManagement), (service) => (service[name] as Method<N>)(request, options))

/**
 * Reissues an ID token through the `TokenManagement` in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const reissueIdToken: (
  request: Schemas.IdTokenReissueRequest,
  options?: CallOptions
) => Effect.Effect<Schemas.IdTokenReissueResponse, AuthleteError, TokenManagement> = accessor("reissueIdToken")

/**
 * Fetches one page of tokens through the `TokenManagement` in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (
  request?: Schemas.TokenListRequest,
  options?: CallOptions
): Effect.Effect<Schemas.TokenListResponse, AuthleteError, TokenManagement> =>
  Effect.flatMap(Effect.service(TokenManagement), (service) => service.list(request, options))

/**
 * Streams every matching token, page after page, through the `TokenManagement` in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listStream = (
  request?: ListStreamRequest,
  options?: CallOptions
): Stream.Stream<Schemas.AccessToken, AuthleteError, TokenManagement> =>
  Stream.unwrap(Effect.map(Effect.service(TokenManagement), (service) => service.listStream(request, options)))

/**
 * Creates an access token through the `TokenManagement` in context.
 *
 * @example
 * ```ts
 * import { AuthleteClient, TokenManagement } from "@effect-authlete/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1234, scopes: ["read"] })
 *   if (created.action === "OK" && created.accessToken !== undefined) {
 *     // the token value stays Redacted: unwrap it only where it must be sent
 *     const token: string = Redacted.value(created.accessToken)
 *     yield* Effect.log(`created a token of ${token.length} characters, expiring at ${created.expiresAt}`)
 *   }
 * })
 *
 * // AUTHLETE_BEARER and AUTHLETE_SERVICE_ID from the environment
 * const Live = TokenManagement.layer.pipe(
 *   Layer.provide(AuthleteClient.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * // run with Effect.runPromise(main)
 * const main = Effect.provide(program, Live)
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const create: (
  request: Schemas.TokenCreateRequest,
  options?: CallOptions
) => Effect.Effect<Schemas.TokenCreateResponse, AuthleteError, TokenManagement> = accessor("create")

/**
 * Updates an access token through the `TokenManagement` in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const update: (
  request: Schemas.TokenUpdateRequest,
  options?: CallOptions
) => Effect.Effect<Schemas.TokenUpdateResponse, AuthleteError, TokenManagement> = accessor("update")

const delete_: (
  request: Schemas.TokenDeleteRequest,
  options?: CallOptions
) => Effect.Effect<void, AuthleteError, TokenManagement> = accessor("delete")

export {
  /**
   * Deletes a token record through the `TokenManagement` in context.
   *
   * @since 0.1.0
   * @category accessors
   */
  delete_ as delete
}

/**
 * Revokes tokens through the `TokenManagement` in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const revoke: (
  request: Schemas.TokenRevokeRequest,
  options?: CallOptions
) => Effect.Effect<Schemas.TokenRevokeResponse, AuthleteError, TokenManagement> = accessor("revoke")

/**
 * Introspects an access token through the `TokenManagement` in context: whether it exists, is usable, covers the
 * required scopes and subject, and what to answer the client when it does not.
 *
 * @example
 * ```ts
 * import { TokenManagement } from "@effect-authlete/core"
 * import { Effect } from "effect"
 *
 * // in a resource server: may the bearer of `token` read the calendar?
 * const authorize = (token: string) =>
 *   TokenManagement.introspection({ token, scopes: ["calendar.read"] }).pipe(
 *     Effect.map((answer) => answer.action === "OK" ? "allowed" : `refused: ${answer.action}`)
 *   )
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const introspection: (
  request: Schemas.IntrospectionRequest,
  options?: CallOptions
) => Effect.Effect<Schemas.IntrospectionResponse, AuthleteError, TokenManagement> = accessor("introspection")

// ---------------------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------------------

/** The operation whose response schema decoded an answer (a response class is its own constructor). */
const operationByResponse = new Map<unknown, AuthleteOperation.Any>(
  AuthleteOperation.all.filter((operation) => operation.response !== undefined).map((
    operation
  ) => [operation.response, operation])
)

/** The names of the operations whose successful answer is exactly `A`. */
type OperationOf<A> = {
  [N in AuthleteOperation.WithAction]: (<T>() => T extends A ? 1 : 2) extends
    (<T>() => T extends AuthleteOperation.ResponseOf<N> ? 1 : 2) ? N : never
}[AuthleteOperation.WithAction]

/**
 * The shape of an answer whose `action` is `OK`: `action` is `"OK"` and the members its operation's description lists
 * in `okMembers` are present (a created token carries its `accessToken`, a reissued ID token its `idToken` and
 * `responseContent`, an introspection `existent`, `usable` and `sufficient`).
 *
 * @since 0.2.0
 * @category models
 */
export type Ok<A> =
  & A
  & { readonly action: "OK" }
  & { readonly [K in AuthleteOperation.OkMemberOf<OperationOf<A>> & keyof A]-?: Exclude<A[K], undefined> }

/**
 * An answer that carries an `action`: of an operation whose response schema has one.
 *
 * @since 0.3.0
 * @category models
 */
export type WithAction = AuthleteOperation.ResponseOf<AuthleteOperation.WithAction>

/**
 * Lifts an answer whose `action` is not `OK` (create `BAD_REQUEST`, update `NOT_FOUND`, reissue `CALLER_ERROR`, …)
 * into an `ActionError`, for callers who treat those as failures, and narrows the type to the {@link Ok} shape (an `OK`
 * answer that lacks what `OK` promises fails with a `ResponseDecodeError`). The operation is known by the class its
 * answer was decoded to: an answer built by hand as a plain object is a defect.
 *
 * @example
 * ```ts
 * import { TokenManagement } from "@effect-authlete/core"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   // fails with ActionError when Authlete answers BAD_REQUEST (an unsupported scope, an unknown client, …)
 *   const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId: 1234 }).pipe(
 *     TokenManagement.expectOk
 *   )
 *   // no `!`: an OK create always carries its access token
 *   return Redacted.value(created.accessToken).length
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const expectOk = <A extends WithAction, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<Ok<A>, E | ActionError | ResponseDecodeError, R> =>
  Effect.flatMap(self, (response): Effect.Effect<Ok<A>, ActionError | ResponseDecodeError> => {
    const description = operationByResponse.get(response.constructor)
    if (description === undefined) {
      return Effect.die(new Error("expectOk: the answer was not decoded by an operation's response schema"))
    }
    const operation = description.name as Operation
    if (response.action !== "OK") {
      return Effect.fail(
        new ActionError({
          operation,
          action: response.action ?? "(none)",
          ...(response.resultCode === undefined ? {} : { resultCode: response.resultCode }),
          ...(response.resultMessage === undefined ? {} : { resultMessage: response.resultMessage })
        })
      )
    }
    const missing = description.okMembers.filter((member: string) =>
      (response as unknown as Readonly<Record<string, unknown>>)[member] === undefined
    )
    return missing.length === 0
      ? Effect.succeed(response as Ok<A>)
      : Effect.fail(
        new ResponseDecodeError({
          operation,
          status: 200,
          description: `action OK without ${missing.join(" and ")}`
        })
      )
  })
