/**
 * One set of behavioural tests of the token-management operations and introspection, to run against every `TokenManagement` layer:
 * the in-memory one, core's HTTP client talking to the mock server, each platform's own. Passing the same suite is
 * what makes swapping layers safe.
 *
 * The suite registers `@effect/vitest` tests, so this module is imported only from test files vitest runs:
 * `import * as ContractSuite from "@effect-authlete/test-kit/ContractSuite"`. It is kept out of the package index so that
 * scripts and browser bundles importing the index (the deprecated re-exports of the emulator) never load vitest.
 *
 * @since 0.1.0
 */
import type * as TokenManagement from "@effect-authlete/core/TokenManagement"
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { cases } from "./internal/contract/cases.js"

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
  describe(name, () => {
    for (const { name, test } of cases(assert)) {
      it.live(name, () => Effect.provide(test, layer()))
    }
  })
}
