/**
 * The per-attempt timeout, the same on every transport: one timer per attempt that holds nothing of the answer.
 *
 * `Effect.timeoutFail` races the attempt against a sleep. Measured on a `list` of 100 tokens over undici, it cost
 * about 300–400 µs of CPU per call, nearly all of it garbage collection: young-generation collections kept each call's
 * answer alive until the next full one. Waiting for a fiber with `Fiber.await`/`Fiber.join`, or wrapping the wait in
 * `Effect.onInterrupt`, alone cost as much; forking a fiber, sleeping in another, and an `Effect.async` without a
 * canceler cost next to nothing. So here:
 *
 * - the attempt runs in a child fiber, and the caller waits for its end through `addObserver` under an `Effect.async`
 *   without a canceler. Interrupting the caller interrupts the attempt through Effect's supervision (a fiber's
 *   children are interrupted, and awaited, when it ends), which aborts the request;
 * - the timer is a daemon fiber that only sleeps (on the fiber's `Clock`, so `TestClock` drives it) and then
 *   interrupts the attempt. It reaches the attempt through a box emptied when the attempt ends, so a pending timer
 *   never keeps an answer alive, and the attempt's end interrupts it.
 *
 * The attempt interrupted by the timer ends once its finalizers ran (the request aborted, the body destroyed); that
 * interruption becomes the `onTimeout` failure.
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"

/** `self` bounded by `duration`: past it, `self` is interrupted and the effect fails with `onTimeout()`. */
export const timeoutFail = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.DurationInput,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> =>
  Effect.uninterruptibleMask((restore) =>
    // The attempt's failure travels as its value: a fiber that fails unobserved is logged as an unhandled error.
    Effect.flatMap(Effect.fork(Effect.exit(restore(self))), (attempt) => {
      const box: { attempt: Fiber.RuntimeFiber<Exit.Exit<A, E>> | undefined; timedOut: boolean } = {
        attempt,
        timedOut: false
      }
      const expire = Effect.fiberIdWith((timer) =>
        Effect.sync(() => {
          const running = box.attempt
          if (running === undefined) return
          box.timedOut = true
          running.unsafeInterruptAsFork(timer)
        })
      )
      return Effect.flatMap(
        Effect.forkDaemon(Effect.zipRight(Effect.interruptible(Effect.sleep(duration)), expire)),
        (timer) =>
          restore(Effect.async<A, E | E2>((resume) => {
            attempt.addObserver((exit) => {
              box.attempt = undefined
              timer.unsafeInterruptAsFork(attempt.id())
              // `Effect.exit` also catches the timer's interruption (the attempt was forked uninterruptible).
              const outcome: Exit.Exit<A, E> = exit._tag === "Success" ? exit.value : Exit.failCause(exit.cause)
              resume(box.timedOut && Exit.isInterrupted(outcome) ? Effect.fail(onTimeout()) : outcome)
            })
          }))
      )
    })
  )
