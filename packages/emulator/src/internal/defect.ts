/**
 * What the shared handler needs of Effect that the two majors spell differently: this edition's (Effect 3) spelling.
 * The Effect 4 edition has its own file here.
 */
import * as Effect from "effect/Effect"

/** A waiting answer whose defect (a throw in a rule, a failed signature) is answered by `onDefect`. */
export const recoverDefect = <A>(effect: Effect.Effect<A>, onDefect: () => A): Effect.Effect<A> =>
  Effect.catchAllDefect(effect, () => Effect.succeed(onDefect()))
