/**
 * The per-attempt timeout, the same on every transport: one timer per attempt that holds nothing of the answer.
 *
 * `Effect.timeoutFail` races the attempt against a sleep: two fibers per call, and waiting for them kept each call's
 * answer alive through young-generation collections (300–400 µs of CPU per 100-token `list`). Here:
 *
 * - the attempt runs in one child fiber, and the caller waits for its end through `addObserver` under an
 *   `Effect.async` without a canceler. Interrupting the caller interrupts the attempt through Effect's supervision (a
 *   fiber's children are interrupted, and awaited, when it ends), which aborts the request;
 * - the timer is the fiber's `Clock`: on Effect's own clock (`DefaultServices.liveServices`, what every program runs
 *   on unless it provides another) it is one `setTimeout`, exactly what that clock's `sleep` schedules, so no fiber is
 *   forked for it; on any other clock (`TestClock`, a user's) it is a daemon fiber sleeping on that clock. Either way it
 *   interrupts the attempt when it fires and is cancelled when the attempt ends, so a pending timer never keeps an
 *   answer alive.
 *
 * The attempt interrupted by the timer ends once its finalizers ran (the request aborted, the body destroyed); that
 * interruption becomes the `onTimeout` failure.
 *
 * The attempt's fiber is its own, so it can be given the call's span as its parent span directly, which
 * `Effect.withParentSpan` around the whole call would do by changing and restoring the caller's context (about half
 * of what a span cost per call).
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Tracer from "effect/Tracer"

/** Effect's own clock: a timer on it is a plain `setTimeout`. */
const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

/** The longest delay `setTimeout` takes; Effect's clock never wakes from a longer sleep, and neither does this timer. */
const maxTimerMillis = 2 ** 31 - 1

/** Runs `expire` once `duration` has passed on `clock`; the answer cancels it. */
const startTimer = (
  clock: Clock.Clock,
  duration: Duration.Duration,
  expire: () => void
): Effect.Effect<() => void> => {
  if (clock === liveClock) {
    const millis = Duration.toMillis(duration)
    if (millis > maxTimerMillis) return Effect.succeed(() => {})
    return Effect.sync(() => {
      const handle = setTimeout(expire, millis)
      return () => clearTimeout(handle)
    })
  }
  return Effect.map(
    Effect.forkDaemon(Effect.zipRight(Effect.interruptible(clock.sleep(duration)), Effect.sync(expire))),
    (timer) => () => timer.unsafeInterruptAsFork(timer.id())
  )
}

/** Makes `span` the parent span of the rest of the current fiber: only for a fiber that ends with the attempt. */
const adoptParentSpan = (span: Tracer.AnySpan) =>
  FiberRef.update(FiberRef.currentContext, (context) => Context.add(context, Tracer.ParentSpan, span))

/**
 * `self` bounded by `duration`: past it, `self` is interrupted and the effect fails with `onTimeout()`. `self` runs in
 * a fiber of its own, under `parentSpan` when one is given.
 */
export const timeoutFail = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.DurationInput,
  onTimeout: () => E2,
  parentSpan?: Tracer.AnySpan
): Effect.Effect<A, E | E2, R> => {
  const limit = Duration.decode(duration)
  return Effect.clockWith((clock) => {
    const inFiber = parentSpan === undefined ? self : Effect.zipRight(adoptParentSpan(parentSpan), self)
    // The attempt's failure travels as its value: a fiber that fails unobserved is logged as an unhandled error.
    return Effect.flatMap(Effect.fork(Effect.exit(inFiber)), (attempt) => {
      let timedOut = false
      const expire = () => {
        timedOut = true
        attempt.unsafeInterruptAsFork(attempt.id())
      }
      return Effect.flatMap(startTimer(clock, limit, expire), (cancel) =>
        Effect.async<A, E | E2>((resume) => {
          attempt.addObserver((exit) => {
            cancel()
            // Interrupted by the timer, the attempt ends as an interruption (or, caught by `Effect.exit`, with it).
            const outcome: Exit.Exit<A, E> = exit._tag === "Success" ? exit.value : Exit.failCause(exit.cause)
            resume(timedOut && Exit.isInterrupted(outcome) ? Effect.fail(onTimeout()) : outcome)
          })
        }))
    })
  })
}
