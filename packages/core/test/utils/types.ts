/** `true` when `A` and `B` are the same type (not merely assignable to each other). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false

/** Compiles only when `T` is `true`: `assertType<Equals<X, Y>>()` fails `tsc -b` when X and Y differ. */
export const assertType = <T extends true>(): T | undefined => undefined
