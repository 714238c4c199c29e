/**
 * The contract suite every `TokenManagement` layer must pass (`@effect-authlete/test-kit/ContractSuite`, imported from
 * vitest test files).
 *
 * The emulator moved to `@effect-authlete/emulator` and the mock server to `@effect-authlete/emulator-server`. This
 * index still re-exports the emulator's modules, for one minor version, so that imports of
 * `@effect-authlete/test-kit` keep working; it imports neither Node nor vitest.
 *
 * @since 0.1.0
 */

/**
 * The emulator: services, clients and tokens in memory, answering the operations as Authlete does.
 *
 * @since 0.1.0
 * @deprecated Import `AuthleteEmulator` from `@effect-authlete/emulator`.
 */
export * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"

/**
 * `layerMemory`: `TokenManagement` answered by a fresh emulator, with no HTTP in between.
 *
 * @since 0.1.0
 * @deprecated Import `TestAuthlete` from `@effect-authlete/emulator`.
 */
export * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"

/**
 * The seed file of the standalone emulator (`authlete-emulator --seed`), as a schema and as JSON Schema.
 *
 * @since 0.2.0
 * @deprecated Import `EmulatorSeed` from `@effect-authlete/emulator`.
 */
export * as EmulatorSeed from "@effect-authlete/emulator/EmulatorSeed"

/**
 * The emulator's store as data: what `AuthleteEmulator.Service.snapshot` answers and `restore` takes.
 *
 * @since 0.2.0
 * @deprecated Import `EmulatorSnapshot` from `@effect-authlete/emulator`.
 */
export * as EmulatorSnapshot from "@effect-authlete/emulator/EmulatorSnapshot"
