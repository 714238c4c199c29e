/**
 * The typed failures of every token-management operation.
 *
 * No error carries a secret: messages never quote the bearer, token values, request URLs (a delete URL holds a token)
 * or the offending values of a failed decode.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { NameSchema } from "./AuthleteOperation.js"
import { defect, literals } from "./internal/schema.js"

/**
 * Brand shared by every error of this package, read by {@link isAuthleteError}.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-authlete/core/AuthleteError")

/**
 * The type of {@link TypeId}.
 *
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * The operations, as errors and spans name them.
 *
 * @since 0.1.0
 * @category models
 */
export const Operation = NameSchema

/**
 * One of the operation names.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = typeof Operation.Type

/** " A001202: [A001202] …" from the optional result fields of an answer. */
const describeResult = (
  result: { readonly resultCode?: string | undefined; readonly resultMessage?: string | undefined }
) =>
  `${result.resultCode === undefined ? "" : ` ${result.resultCode}`}${
    result.resultMessage === undefined ? "" : `: ${result.resultMessage}`
  }`

/**
 * Authlete answered 400, 401, 403 or 500 with its `result` body.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResultError extends Schema.TaggedError<ResultError>("@effect-authlete/core/ResultError")("ResultError", {
  operation: Operation,
  status: literals([400, 401, 403, 500]),
  resultCode: Schema.optional(Schema.String),
  resultMessage: Schema.optional(Schema.String)
}) {
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation} failed with HTTP ${this.status}${describeResult(this)}`
  }
}

/**
 * Authlete (or something in front of it) answered a status the API does not define for the operation, or one of its
 * statuses without a JSON body. `body` is a bounded excerpt of what came back.
 *
 * @since 0.2.0
 * @category errors
 */
export class UnexpectedStatusError
  extends Schema.TaggedError<UnexpectedStatusError>("@effect-authlete/core/UnexpectedStatusError")(
    "UnexpectedStatusError",
    {
      operation: Operation,
      status: Schema.Number,
      contentType: Schema.optional(Schema.String),
      body: Schema.String,
      /** Delay asked for by a `Retry-After` header, in milliseconds. */
      retryAfterMillis: Schema.optional(Schema.Number),
      /** `resultCode` of a JSON `result` body, when the answer carries one (Authlete's 404s do). */
      resultCode: Schema.optional(Schema.String),
      /** `resultMessage` of that body, scrubbed of the call's secrets. */
      resultMessage: Schema.optional(Schema.String)
    }
  )
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    const type = this.contentType === undefined ? "" : ` (${this.contentType})`
    return this.resultCode === undefined && this.resultMessage === undefined
      ? `${this.operation} got an unexpected HTTP ${this.status}${type}: ${this.body}`
      : `${this.operation} got an unexpected HTTP ${this.status}${describeResult(this)}`
  }
}

/**
 * The former name of {@link UnexpectedStatusError}.
 *
 * @since 0.1.0
 * @category errors
 * @deprecated Use {@link UnexpectedStatusError}; its `_tag` is `"UnexpectedStatusError"`.
 */
export const AuthleteDefaultError: typeof UnexpectedStatusError = UnexpectedStatusError

/**
 * The former name of {@link UnexpectedStatusError}.
 *
 * @since 0.1.0
 * @category errors
 * @deprecated Use {@link UnexpectedStatusError}.
 */
export type AuthleteDefaultError = UnexpectedStatusError

/**
 * The request never got an answer: connection refused or reset, DNS failure, or the attempt's timeout. (An
 * interrupted call is interrupted, not failed.)
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError
  extends Schema.TaggedError<TransportError>("@effect-authlete/core/TransportError")("TransportError", {
    operation: Operation,
    reason: literals(["Transport", "Timeout"]),
    description: Schema.String,
    cause: Schema.optional(defect)
  })
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation} failed (${this.reason}): ${this.description}`
  }
}

/**
 * A successful status whose body is not valid JSON or does not match the operation's response schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError
  extends Schema.TaggedError<ResponseDecodeError>("@effect-authlete/core/ResponseDecodeError")(
    "ResponseDecodeError",
    {
      operation: Operation,
      status: Schema.Number,
      description: Schema.String
    }
  )
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation} got an undecodable HTTP ${this.status} response: ${this.description}`
  }
}

/**
 * The request failed its own schema, or no service ID was given: refused before any I/O.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestValidationError
  extends Schema.TaggedError<RequestValidationError>("@effect-authlete/core/RequestValidationError")(
    "RequestValidationError",
    {
      operation: Operation,
      description: Schema.String
    }
  )
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation} refused an invalid request: ${this.description}`
  }
}

/**
 * The answer was larger than the client's `maxResponseBytes`: refused as soon as its `Content-Length` or the bytes
 * read so far said so, without reading the rest. Not retryable: the same request would get the same answer.
 *
 * @since 0.3.0
 * @category errors
 */
export class ResponseTooLargeError
  extends Schema.TaggedError<ResponseTooLargeError>("@effect-authlete/core/ResponseTooLargeError")(
    "ResponseTooLargeError",
    {
      operation: Operation,
      status: Schema.Number,
      /** The limit that was exceeded, in bytes. */
      maxBytes: Schema.Number,
      /** The announced `Content-Length`, when there was one. */
      contentLength: Schema.optional(Schema.Number)
    }
  )
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.3.0
   */
  override get message(): string {
    const announced = this.contentLength === undefined ? "" : ` (Content-Length ${this.contentLength})`
    return `${this.operation} got an HTTP ${this.status} answer larger than ${this.maxBytes} bytes${announced}`
  }
}

/**
 * The server answered with a redirect (3xx), or the browser reported one it hid. Redirects are never followed: the
 * request, bearer and body included, goes to the configured base URL only. The target is not quoted.
 *
 * @since 0.3.0
 * @category errors
 */
export class RedirectError extends Schema.TaggedError<RedirectError>("@effect-authlete/core/RedirectError")(
  "RedirectError",
  {
    operation: Operation,
    /** The 3xx status, or 0 when a browser hid the redirect (an opaque-redirect answer). */
    status: Schema.Number
  }
) {
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.3.0
   */
  override get message(): string {
    const status = this.status === 0 ? "a redirect" : `HTTP ${this.status}`
    return `${this.operation} was answered with ${status}; redirects are not followed (check the base URL)`
  }
}

/**
 * An option of the client cannot work: a base URL that does not parse or carries a query, fragment or credentials, a
 * bearer a header cannot carry, a timeout or size limit that is not positive. Raised when the layer is built; a call
 * raises it only when a rotating bearer yields an unusable value. Never retried. The offending value is not quoted.
 *
 * @since 0.3.0
 * @category errors
 */
export class AuthleteConfigError
  extends Schema.TaggedError<AuthleteConfigError>("@effect-authlete/core/AuthleteConfigError")(
    "AuthleteConfigError",
    {
      /** The option at fault: `baseUrl`, `bearer`, `timeout` or `maxResponseBytes`. */
      option: Schema.String,
      description: Schema.String,
      /** The call that found the problem; absent when the layer was built. */
      operation: Schema.optional(Operation)
    }
  )
{
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.3.0
   */
  override get message(): string {
    const where = this.operation === undefined ? "" : `${this.operation}: `
    return `${where}invalid ${this.option}: ${this.description}`
  }
}

/**
 * The effect that yields a rotating bearer failed: the call was not sent. `cause` is that effect's failure.
 *
 * @since 0.3.0
 * @category errors
 */
export class CredentialError extends Schema.TaggedError<CredentialError>("@effect-authlete/core/CredentialError")(
  "CredentialError",
  {
    operation: Operation,
    cause: Schema.optional(defect)
  }
) {
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.3.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.3.0
   */
  override get message(): string {
    return `${this.operation} could not get its bearer; the request was not sent`
  }
}

/**
 * Authlete answered 200 with an `action` other than `OK`. Raised only by `TokenManagement.expectOk`: by default such
 * answers stay data, as on the wire.
 *
 * @since 0.1.0
 * @category errors
 */
export class ActionError extends Schema.TaggedError<ActionError>("@effect-authlete/core/ActionError")("ActionError", {
  operation: Operation,
  action: Schema.String,
  resultCode: Schema.optional(Schema.String),
  resultMessage: Schema.optional(Schema.String)
}) {
  /**
   * Marks this error as one of this package's, for {@link isAuthleteError}.
   *
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation} answered action ${this.action}${describeResult(this)}`
  }
}

/**
 * Every failure a token-management operation can raise.
 *
 * @since 0.1.0
 * @category errors
 */
export type AuthleteError =
  | ResultError
  | UnexpectedStatusError
  | TransportError
  | ResponseDecodeError
  | RequestValidationError
  | ResponseTooLargeError
  | RedirectError
  | AuthleteConfigError
  | CredentialError

/**
 * Whether a value is one of this package's errors (an {@link AuthleteError} or an `ActionError`).
 *
 * @since 0.1.0
 * @category guards
 */
export const isAuthleteError = (u: unknown): u is AuthleteError | ActionError => Predicate.hasProperty(u, TypeId)

/**
 * Whether retrying may help: 429, 502, 503, 504, connection failures and timeouts. Never a configuration,
 * credential, redirect or size error: the same request would fail the same way.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRetryable = (error: AuthleteError): boolean => {
  switch (error._tag) {
    case "UnexpectedStatusError":
      return error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504
    case "TransportError":
      return true
    default:
      return false
  }
}
