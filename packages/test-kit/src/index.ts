/**
 * Test kit for `@effect-authlete/core`: an in-memory Authlete emulator, the same emulator behind a mock HTTP server,
 * and a contract suite every `TokenManagement` layer must pass.
 *
 * The contract suite registers vitest tests, so it is not re-exported here: import it from test files as
 * `@effect-authlete/test-kit/ContractSuite`. Browser code imports `@effect-authlete/test-kit/TestAuthlete` (the mock
 * server needs Node).
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
 * The emulator behind real HTTP on 127.0.0.1, with CORS, fault injection and request counters.
 *
 * @since 0.1.0
 */
export * as MockServer from "./MockServer.js"

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
