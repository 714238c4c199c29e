/**
 * What the shared handler needs of Effect that the two majors spell differently: this edition's (Effect 4) spelling.
 * The Effect 3 edition has its own file here.
 */
import * as Effect from "effect/Effect"

/** A waiting answer whose defect (a throw in a rule, a failed signature) is answered by `onDefect`. */
export const recoverDefect = <A>(effect: Effect.Effect<A>, onDefect: () => A): Effect.Effect<A> =>
  Effect.catchDefect(effect, () => Effect.succeed(onDefect()))
