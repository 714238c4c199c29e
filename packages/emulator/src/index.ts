/**
 * An in-memory Authlete for `@effect-authlete/core`: services, clients and tokens answering the token-management
 * operations as Authlete does, as a `TokenManagement` layer (`TestAuthlete.layerMemory`) or an HTTP application.
 * Browser-safe: no Node built-ins, no CLI.
 *
 * @since 0.3.0
 */

/**
 * The emulator: services, clients and tokens in memory, answering the operations as Authlete does.
 *
 * @since 0.3.0
 */
export * as AuthleteEmulator from "./AuthleteEmulator.js"

/**
 * `layerMemory`: `TokenManagement` answered by a fresh emulator, with no HTTP in between.
 *
 * @since 0.3.0
 */
export * as TestAuthlete from "./TestAuthlete.js"

/**
 * The emulator's options as a schema, and the seed file of the standalone emulator.
 *
 * @since 0.3.0
 */
export * as EmulatorSeed from "./EmulatorSeed.js"

/**
 * The emulator's store as data: what `AuthleteEmulator.Service.snapshot` answers and `restore` takes.
 *
 * @since 0.3.0
 */
export * as EmulatorSnapshot from "./EmulatorSnapshot.js"

/**
 * The brand of this package's errors and its guard.
 *
 * @since 0.3.0
 */
export * as EmulatorError from "./EmulatorError.js"
