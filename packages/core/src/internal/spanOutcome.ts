/**
 * A call's span ends with the call's outcome, not with its answer. A span outlives its call: in an exporter's queue,
 * and under Effect 3 in closures that V8 keeps until its next full collection (see DECISIONS). A span ended with the
 * answer kept every `list` page alive that long. Shared by both editions.
 */
import * as Effect from "effect/Effect"

/** Runs `call` inside `spanned` (what opens and ends the span): the span sees success or failure, the caller the answer. */
export const answerOutsideSpan = <A, E, R, S>(
  spanned: (call: (span: S) => Effect.Effect<void, E, R>) => Effect.Effect<void, E, R>,
  call: (span: S) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const answer: { value?: A | undefined } = {}
    return Effect.map(
      spanned((span) =>
        Effect.map(call(span), (value) => {
          answer.value = value
        })
      ),
      () => take(answer)
    )
  })

/** The answer, handed over once: nothing that outlives the call keeps it. */
const take = <A>(answer: { value?: A | undefined }): A => {
  const value = answer.value as A
  answer.value = undefined
  return value
}
