import * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"
import { BrowserAuthlete } from "@effect-authlete/platform-browser"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import * as ContractSuite from "../src/ContractSuite.js"
import * as Server from "./utils/server.js"

ContractSuite.contractSuite("layerMemory (Effect 4)", () => TestAuthlete.layerMemory())

ContractSuite.contractSuite(
  "NodeAuthlete (undici, Effect 4) over HTTP",
  () => Server.layer((served) => NodeAuthlete.layer(Server.connection(served)))
)

ContractSuite.contractSuite(
  "BrowserAuthlete (fetch, Effect 4) over HTTP",
  () => Server.layer((served) => BrowserAuthlete.layer(Server.connection(served)))
)
