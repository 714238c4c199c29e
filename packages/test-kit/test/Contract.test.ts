import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Layer } from "effect"
import * as ContractSuite from "../src/ContractSuite.js"

ContractSuite.contractSuite("layerMemory", () => TestAuthlete.layerMemory())

ContractSuite.contractSuite(
  "core's HTTP client (fetch) to the mock server",
  () => MockServer.layerTokenManagement().pipe(Layer.provide(FetchHttpClient.layer))
)
