/**
 * @since 0.1.0
 */
export * as AuthleteEmulator from "./AuthleteEmulator.js"

/**
 * @since 0.1.0
 */
export * as TestAuthlete from "./TestAuthlete.js"

/**
 * @since 0.1.0
 */
export * as MockServer from "./MockServer.js"

/**
 * @since 0.1.0
 */
export * as ContractSuite from "./ContractSuite.js"
