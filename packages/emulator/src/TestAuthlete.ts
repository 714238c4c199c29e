/**
 * `TokenManagement` answered by an in-memory emulator: core's own HTTP client over an `HttpClient` that runs the
 * emulator's HTTP application in the calling fiber. No socket, browser-safe, and `TestClock` drives expiry.
 *
 * @since 0.1.0
 */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuthleteEmulator from "./AuthleteEmulator.js"
import { HttpClient } from "./internal/http.js"

/**
 * `TokenManagement` over a fresh emulator (exposed too, to seed and inspect it), with the emulator's default bearer
 * and service. The requests take the same path as over the network: validated, encoded and sent by core, read and
 * answered by the emulator's HTTP application.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (
  options?: AuthleteEmulator.EmulatorOptions
): Layer.Layer<TokenManagement.TokenManagement | AuthleteEmulator.AuthleteEmulator> =>
  Layer.effectContext(
    Effect.gen(function*() {
      const emulator = yield* AuthleteEmulator.make(options)
      const client = yield* AuthleteClient.make({
        baseUrl: AuthleteEmulator.inProcessUrl,
        bearer: emulator.defaults.bearer,
        serviceId: emulator.defaults.serviceId
      }).pipe(
        Effect.provideService(HttpClient, emulator.httpClient),
        // The emulator's own base URL and bearer are valid.
        Effect.orDie
      )
      return Context.make(AuthleteEmulator.AuthleteEmulator, emulator).pipe(
        Context.add(TokenManagement.TokenManagement, TokenManagement.make(client))
      )
    })
  )
