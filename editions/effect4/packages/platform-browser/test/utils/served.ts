/**
 * Where the Chromium test's page finds an emulator, and the Node run it is compared with: the Effect 4 edition's
 * (the Effect 3 edition's serves its emulator-server's mock server). Here, the edition's emulator behind the plain
 * `node:http` front of the test-kit tests, with CORS answers in front of it.
 */
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as NodeAuthlete from "@effect-authlete/platform-node/NodeAuthlete"
import { Effect } from "effect"
import * as Server from "../../../test-kit/test/utils/server.js"
import { withCors } from "./chromium.js"

/** A fresh emulator on `http://127.0.0.1:<port>`, cross-origin readable, until the scope closes. */
export const emulatorServer = Effect.gen(function*() {
  const emulator = yield* AuthleteEmulator.make()
  const { url } = yield* Server.serve(emulator, withCors)
  return { url, defaults: emulator.defaults }
})

/** `NodeAuthlete.layer` over a fresh emulator on loopback, with that emulator in context. */
export const nodeOverServer = Server.layer((served) => NodeAuthlete.layer(Server.connection(served)))
