/**
 * The retry schedule of `AuthleteRetry`, which Effect 3 and Effect 4 build with different `Schedule` APIs: the Effect 4
 * edition's (this file); the module that imports it is the Effect 3 edition's file, shared.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { BackoffOptions } from "./backoffOptions.js"

/** A duration as a caller may give it: `Duration.Input` (Effect 3: `Duration.DurationInput`). */
export type { Input as DurationInput } from "effect/Duration"

/** Exponential, jittered backoff (see {@link BackoffOptions}). */
export const backoff = <E>(options: BackoffOptions<E, Duration.Input>): Schedule.Schedule<unknown, E> => {
  const maxDelay = Duration.fromInputUnsafe(options.maxDelay)
  return Schedule.exponential(options.base).pipe(
    Schedule.jittered,
    Schedule.setInputType<E>(),
    Schedule.modifyDelay(({ duration, input }) => {
      const asked = options.asked(input)
      return Effect.succeed(Duration.min(asked === undefined ? duration : Duration.max(duration, asked), maxDelay))
    }),
    Schedule.while(({ attempt, input }) => attempt <= options.times && options.retryable(input))
  )
}
