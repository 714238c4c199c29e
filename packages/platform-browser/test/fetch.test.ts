import { TokenManagement } from "@effect-authlete/core"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import * as ContractSuite from "@effect-authlete/test-kit/ContractSuite"
import { assert, it } from "@effect/vitest"
import { ConfigProvider, Effect, Redacted } from "effect"
import { hostileServerSuite } from "../../platform-node/test/utils/hostile.js"
import { overMockServer } from "../../platform-node/test/utils/mockServer.js"
import * as BrowserAuthlete from "../src/BrowserAuthlete.js"

// The whole contract suite through the fetch transport, here Node's own `fetch`; Chromium's runs in the browser test.
ContractSuite.contractSuite(
  "BrowserAuthlete (fetch) over the mock server",
  () => overMockServer(undefined, BrowserAuthlete.layer)
)

it.scopedLive("layerConfig reads bearer, service and base URL from the ConfigProvider it is given", () =>
  Effect.gen(function*() {
    const { emulator, url } = yield* MockServer.MockServer
    yield* emulator.addToken()
    const config = ConfigProvider.fromJson({
      AUTHLETE_BEARER: Redacted.value(emulator.defaults.bearer),
      AUTHLETE_SERVICE_ID: emulator.defaults.serviceId,
      AUTHLETE_BASE_URL: url
    })
    const page = yield* TokenManagement.list().pipe(
      Effect.provide(BrowserAuthlete.layerConfig()),
      Effect.withConfigProvider(config)
    )
    assert.strictEqual(page.totalCount, 1)
  }).pipe(Effect.provide(MockServer.layer())))

// Node's fetch, with the layer's `redirect: "manual"`, sees the 3xx itself; Chromium's hiding of it is tested there.
hostileServerSuite("BrowserAuthlete (fetch)", BrowserAuthlete.layer)
