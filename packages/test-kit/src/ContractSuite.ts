/**
 * One set of behavioural tests of the six token-management operations, to run against every `TokenManagement` layer:
 * the in-memory one, core's HTTP client talking to the mock server, each platform's own. Passing the same suite is
 * what makes swapping layers safe.
 *
 * The suite registers `@effect/vitest` tests, so `contractSuite` works only in a file vitest runs. Importing this
 * module elsewhere (a script importing the package index) is harmless: vitest is loaded only under vitest.
 *
 * @since 0.1.0
 */
import type * as TokenManagement from "@effect-authlete/core/TokenManagement"
import type * as Vitest from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as AuthleteEmulator from "./AuthleteEmulator.js"
import { cases } from "./internal/contract/cases.js"

// `vitest` throws when imported outside its runner; load it only under the runner (which sets `VITEST`).
const vitest: typeof Vitest | undefined = globalThis.process?.env?.VITEST === undefined
  ? undefined
  : await import("@effect/vitest")

/**
 * Registers the suite under `name`. Each test gets a fresh layer from `layer()`, built and released around it; the
 * emulator in the layer is used only to seed and inspect. Tests run on the live clock.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractSuite = (
  name: string,
  layer: () => Layer.Layer<TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator, unknown>
): void => {
  if (vitest === undefined) {
    throw new Error("ContractSuite.contractSuite registers vitest tests: call it from a test file that vitest runs")
  }
  const { assert, describe, it } = vitest
  describe(name, () => {
    for (const { name, test } of cases(assert)) {
      it.live(name, () => Effect.provide(test, layer()))
    }
  })
}
