/** What the retry schedule of `AuthleteRetry` is made of, the same in both editions (`D`: the edition's duration input). */
import type * as Duration from "effect/Duration"

/**
 * Exponential, jittered backoff from `base`, at most `times` retries, while `retryable` holds for the error: each delay
 * at least what `asked` says the error asks, and at most `maxDelay`.
 */
export interface BackoffOptions<E, D> {
  readonly base: D
  readonly times: number
  readonly maxDelay: D
  readonly retryable: (error: E) => boolean
  readonly asked: (error: E) => Duration.Duration | undefined
}
