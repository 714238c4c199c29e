/**
 * Opt-in retry policies for token-management calls.
 *
 * A policy retries only what may succeed on a second try (429, 502, 503, 504, connection failures and timeouts, see
 * `AuthleteError.isRetryable`), honours `Retry-After`, and by default leaves non-idempotent calls alone: `create`, and
 * `update` with `accessTokenValueUpdated`, would mint a second token if the first answer was lost.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type * as Schedule from "effect/Schedule"
import type { AuthleteError } from "./AuthleteError.js"
import { isRetryable } from "./AuthleteError.js"
import type { DurationInput } from "./internal/backoff.js"
import { backoff } from "./internal/backoff.js"

/**
 * A retry policy: the schedule to retry on, and whether it also applies to non-idempotent calls.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly schedule: Schedule.Schedule<unknown, AuthleteError>
  readonly retryNonIdempotent: boolean
}

/**
 * Options of the retry policy: attempts, backoff, cap and which errors to retry.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How many retries after the first attempt (default 3). */
  readonly times?: number | undefined
  /** First backoff delay, doubled on each retry and jittered (default 100 millis). */
  readonly base?: DurationInput | undefined
  /** Upper bound of any one delay, `Retry-After` included (default 10 seconds). */
  readonly maxDelay?: DurationInput | undefined
  /** Which errors are retried (default `AuthleteError.isRetryable`). */
  readonly while?: ((error: AuthleteError) => boolean) | undefined
  /** Retry `create` and value-changing `update` too (default false). */
  readonly retryNonIdempotent?: boolean | undefined
}

const retryAfter = (error: AuthleteError): Duration.Duration | undefined =>
  error._tag === "UnexpectedStatusError" && error.retryAfterMillis !== undefined
    ? Duration.millis(error.retryAfterMillis)
    : undefined

/**
 * Exponential, jittered backoff over retryable errors, waiting at least what `Retry-After` asks.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): RetryPolicy => ({
  schedule: backoff<AuthleteError>({
    base: options.base ?? Duration.millis(100),
    times: options.times ?? 3,
    maxDelay: options.maxDelay ?? Duration.seconds(10),
    retryable: options.while ?? isRetryable,
    asked: retryAfter
  }),
  retryNonIdempotent: options.retryNonIdempotent ?? false
})

/**
 * Up to 3 retries from 100 millis, idempotent calls only.
 *
 * @since 0.1.0
 * @category constructors
 */
export const standard: RetryPolicy = make()
