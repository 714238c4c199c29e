/**
 * Test kit for `@effect-authlete/core`: an in-memory Authlete emulator, the same emulator behind a mock HTTP server,
 * and a contract suite every `TokenManagement` layer must pass.
 *
 * Two modules are not re-exported here, so that the index imports neither Node nor vitest and works in any runtime
 * with only the required peers installed: the mock server needs Node and the optional peer `@effect/platform-node`
 * (import `@effect-authlete/test-kit/MockServer`), and the contract suite registers vitest tests (import
 * `@effect-authlete/test-kit/ContractSuite` from test files).
 *
 * @since 0.1.0
 */

/**
 * The emulator: services, clients and tokens in memory, answering the six operations as Authlete does.
 *
 * @since 0.1.0
 */
export * as AuthleteEmulator from "./AuthleteEmulator.js"

/**
 * `layerMemory`: `TokenManagement` answered by a fresh emulator, with no HTTP in between.
 *
 * @since 0.1.0
 */
export * as TestAuthlete from "./TestAuthlete.js"

/**
 * The seed file of the standalone emulator (`authlete-emulator --seed`), as a schema and as JSON Schema.
 *
 * @since 0.2.0
 */
export * as EmulatorSeed from "./EmulatorSeed.js"

/**
 * The emulator's store as data: what `AuthleteEmulator.Service.snapshot` answers and `restore` takes.
 *
 * @since 0.2.0
 */
export * as EmulatorSnapshot from "./EmulatorSnapshot.js"
