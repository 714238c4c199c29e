/**
 * `TokenManagement` answered by an in-memory emulator, with no HTTP in between.
 *
 * @since 0.1.0
 */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuthleteEmulator from "./AuthleteEmulator.js"

/**
 * `TokenManagement` over a fresh emulator (exposed too, to seed and inspect it), defaulting to its service.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (
  options?: AuthleteEmulator.EmulatorOptions
): Layer.Layer<TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator> =>
  Layer.effectContext(
    Effect.map(AuthleteEmulator.make(options), (emulator) =>
      AuthleteEmulator.AuthleteEmulator.context(emulator).pipe(
        Context.add(
          TokenManagement.TokenManagement,
          TokenManagement.make(emulator.transport, { serviceId: emulator.defaults.serviceId })
        )
      ))
  )
