/** `NodeAuthlete` against the test kit's mock server on loopback. */
import { MockServer } from "@effect-authlete/test-kit"
import { Effect, Layer } from "effect"
import * as NodeAuthlete from "../../src/NodeAuthlete.js"

/** `NodeAuthlete.layer` pointed at a fresh mock server, with the server (and its emulator) in context. */
export const overMockServer = (options?: MockServer.Options) =>
  Layer.unwrapEffect(
    Effect.map(
      MockServer.MockServer,
      ({ emulator, url }) =>
        NodeAuthlete.layer({ baseUrl: url, serviceId: emulator.defaults.serviceId, bearer: emulator.defaults.bearer })
    )
  ).pipe(Layer.provideMerge(MockServer.layer(options)))
