import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Layer } from "effect"
import * as ContractSuite from "../src/ContractSuite.js"
import * as MockServer from "../src/MockServer.js"
import * as TestAuthlete from "../src/TestAuthlete.js"

ContractSuite.contractSuite("layerMemory", () => TestAuthlete.layerMemory())

ContractSuite.contractSuite(
  "core's HTTP client (fetch) to the mock server",
  () => MockServer.layerTokenManagement().pipe(Layer.provide(FetchHttpClient.layer))
)
