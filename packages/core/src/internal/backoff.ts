/**
 * The retry schedule of `AuthleteRetry`, which Effect 3 and Effect 4 build with different `Schedule` APIs: the Effect 3
 * edition's (this file); the Effect 4 edition has its own `backoff.ts` with the same exports.
 */
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"
import type { BackoffOptions } from "./backoffOptions.js"

/** A duration as a caller may give it: `Duration.DurationInput` (Effect 4: `Duration.Input`). */
export type { DurationInput } from "effect/Duration"

/** Exponential, jittered backoff (see {@link BackoffOptions}). */
export const backoff = <E>(options: BackoffOptions<E, Duration.DurationInput>): Schedule.Schedule<unknown, E> => {
  const maxDelay = Duration.decode(options.maxDelay)
  return Schedule.exponential(options.base).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(options.times)),
    Schedule.intersect(Schedule.identity<E>()),
    Schedule.modifyDelay(([, error], delay) => {
      const asked = options.asked(error)
      return Duration.min(asked === undefined ? delay : Duration.max(delay, asked), maxDelay)
    }),
    Schedule.whileInput(options.retryable)
  )
}
