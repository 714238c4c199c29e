/**
 * A service's tag as the emulator's shared public modules declare it, spelled once for both majors: the Effect 4
 * edition's (this file, over `Context.Service`); the modules that import it are the Effect 3 edition's files, shared.
 * The class it gives is Effect's own (`Context.ServiceClass`), so declarations never name this unexported module.
 */
import * as Context from "effect/Context"

/** `class X extends Tag<X, Shape>()(key) {}`: `Context.Service<X, Shape>()(key)` (Effect 3: `Context.Tag`). */
export const Tag = <Self, Shape>() => <const Key extends string>(key: Key): Context.ServiceClass<Self, Key, Shape> =>
  Context.Service<Self, Shape>()(key)
