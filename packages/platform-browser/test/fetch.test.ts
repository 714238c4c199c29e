import { ContractSuite } from "@effect-authlete/test-kit"
import { overMockServer } from "../../platform-node/test/utils/mockServer.js"
import * as BrowserAuthlete from "../src/BrowserAuthlete.js"

// The whole contract suite through the fetch transport, here Node's own `fetch`; Chromium's runs in the browser test.
ContractSuite.contractSuite(
  "BrowserAuthlete (fetch) over the mock server",
  () => overMockServer(undefined, BrowserAuthlete.layer)
)
