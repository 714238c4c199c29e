import { assert } from "@effect/vitest"

/** Asserts that `actual` is of the class of `expected`, with exactly the same fields. */
export function assertSameError<E extends object>(actual: unknown, expected: E): asserts actual is E {
  assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), "error class")
  assert.deepStrictEqual({ ...(actual as E) }, { ...expected })
}
