/**
 * A service's tag as the emulator's shared public modules declare it, spelled once for both majors: the Effect 3
 * edition's (this file, over `Context.Tag`); the Effect 4 edition has its own `context.ts` (over `Context.Service`).
 * The class it gives is Effect's own (`Context.TagClass`), so declarations never name this unexported module.
 */
import * as Context from "effect/Context"

/** `class X extends Tag<X, Shape>()(key) {}`: `Context.Tag(key)<X, Shape>()` (Effect 4: `Context.Service`). */
export const Tag = <Self, Shape>() => <const Key extends string>(key: Key): Context.TagClass<Self, Key, Shape> =>
  Context.Tag(key)<Self, Shape>()
