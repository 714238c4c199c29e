import { assert } from "@effect/vitest"

/** Asserts that `actual` is of the class of `expected`, with exactly the same fields. */
export function assertSameError<E extends object>(actual: unknown, expected: E): asserts actual is E {
  assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), "error class")
  assert.deepStrictEqual({ ...(actual as E) }, { ...expected })
}

/** Asserts that `error` is an instance of `constructor` and returns it as such. */
export const assertInstance = <C extends abstract new(...args: Array<never>) => object>(
  error: unknown,
  constructor: C
): InstanceType<C> => {
  assert.isTrue(error instanceof constructor, `expected an instance of ${constructor.name}, got ${String(error)}`)
  return error as InstanceType<C>
}
