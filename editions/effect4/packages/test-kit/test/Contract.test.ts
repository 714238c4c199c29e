import * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"
import * as ContractSuite from "../src/ContractSuite.js"

ContractSuite.contractSuite("layerMemory (Effect 4)", () => TestAuthlete.layerMemory())
