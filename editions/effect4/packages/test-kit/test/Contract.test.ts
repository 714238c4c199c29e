import * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"
import { BrowserAuthlete } from "@effect-authlete/platform-browser"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import * as ContractSuite from "../src/ContractSuite.js"
import * as Server from "./utils/server.js"

ContractSuite.contractSuite("layerMemory (Effect 4)", () => TestAuthlete.layerMemory())

const connection = ({ emulator, url }: Server.Served) => ({
  baseUrl: url,
  bearer: emulator.defaults.bearer,
  serviceId: emulator.defaults.serviceId
})

ContractSuite.contractSuite(
  "NodeAuthlete (undici, Effect 4) over HTTP",
  () => Server.layer((served) => NodeAuthlete.layer(connection(served)))
)

ContractSuite.contractSuite(
  "BrowserAuthlete (fetch, Effect 4) over HTTP",
  () => Server.layer((served) => BrowserAuthlete.layer(connection(served)))
)
