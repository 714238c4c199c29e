/**
 * Where the Chromium test's page finds an emulator, and the Node run it is compared with: the one file of the browser
 * test that is not the same in both editions (the Effect 4 edition has its own, over its emulator behind a plain
 * `node:http` front). Here, the emulator-server's mock server, which answers CORS itself.
 */
import type { AuthleteEmulator } from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { Effect } from "effect"
import { overMockServer } from "../../../platform-node/test/utils/mockServer.js"

/** A fresh emulator on `http://127.0.0.1:<port>`, cross-origin readable, until the scope closes. */
export const emulatorServer = Effect.map(
  MockServer.make(),
  ({ emulator, url }): { readonly url: string; readonly defaults: AuthleteEmulator.DefaultIdentities } => ({
    url,
    defaults: emulator.defaults
  })
)

/** `NodeAuthlete.layer` over a fresh emulator on loopback, with that emulator in context. */
export const nodeOverServer = overMockServer()
