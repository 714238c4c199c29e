/**
 * The per-attempt timeout, the same on every transport, as the Effect 3 edition's: one timer per attempt that holds
 * nothing of the answer. `Effect.timeoutOrElse` races the attempt against a sleep, two fibers per call; here the attempt
 * runs in one child fiber and the caller waits for its end through `addObserver`. The timer is the fiber's `Clock`: on
 * Effect's own clock (the default every program has unless it provides another) a plain `setTimeout`, which is what
 * that clock's `sleep` schedules, so no fiber is forked for it; on any other clock (`TestClock`) a daemon fiber sleeping
 * on it. Either way it interrupts the attempt when it fires and is cancelled when the attempt ends.
 */
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"

/** Effect's own clock, as a fiber that provides none reads it. */
let liveClock: Clock.Clock | undefined
const isLive = (clock: Clock.Clock): boolean => {
  liveClock ??= Effect.runSync(Effect.clockWith(Effect.succeed))
  return clock === liveClock
}

/** The longest delay `setTimeout` takes; Effect's clock never wakes from a longer sleep, and neither does this timer. */
const maxTimerMillis = 2 ** 31 - 1

/** Runs `expire` once `duration` has passed on `clock`; the answer cancels it. */
const startTimer = (clock: Clock.Clock, duration: Duration.Duration, expire: () => void): Effect.Effect<() => void> => {
  if (isLive(clock)) {
    const millis = Duration.toMillis(duration)
    if (millis > maxTimerMillis) return Effect.succeed(() => {})
    return Effect.sync(() => {
      const handle = setTimeout(expire, millis)
      return () => clearTimeout(handle)
    })
  }
  return Effect.map(
    Effect.forkDetach(Effect.andThen(clock.sleep(duration), Effect.sync(expire))),
    (timer) => () => timer.interruptUnsafe()
  )
}

/** `self` bounded by `duration`: past it, `self` is interrupted and the effect fails with `onTimeout()`. */
export const timeoutFail = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Input,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> => {
  const limit = Duration.fromInputUnsafe(duration)
  return Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      // The attempt's failure travels as its value: a fiber that fails unobserved is reported.
      Effect.flatMap(
        Effect.forkChild(Effect.exit(restore(self)), { startImmediately: true }),
        (attempt: Fiber.Fiber<Exit.Exit<A, E>>) => {
          let timedOut = false
          const expire = () => {
            timedOut = true
            attempt.interruptUnsafe()
          }
          return Effect.flatMap(startTimer(clock, limit, expire), (cancel) =>
            restore(Effect.callback<A, E | E2>((resume) => {
              attempt.addObserver((exit) => {
                cancel()
                const outcome: Exit.Exit<A, E> = exit._tag === "Success" ? exit.value : Exit.failCause(exit.cause)
                resume(timedOut && Exit.hasInterrupts(outcome) ? Effect.fail(onTimeout()) : outcome)
              })
            })))
        }
      )
    )
  )
}
