/**
 * The retry schedule of `AuthleteRetry`, which Effect 3 and Effect 4 build with different `Schedule` APIs: the Effect 4
 * edition's (this file); the module that imports it is the Effect 3 edition's file, shared.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

/** A duration as a caller may give it: `Duration.Input` (Effect 3: `Duration.DurationInput`). */
export type { Input as DurationInput } from "effect/Duration"

/**
 * Exponential, jittered backoff from `base`, at most `times` retries, while `retryable` holds for the error: each delay
 * at least what `asked` says the error asks, and at most `maxDelay`.
 */
export const backoff = <E>(options: {
  readonly base: Duration.Input
  readonly times: number
  readonly maxDelay: Duration.Input
  readonly retryable: (error: E) => boolean
  readonly asked: (error: E) => Duration.Duration | undefined
}): Schedule.Schedule<unknown, E> => {
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
