/**
 * @since 0.1.0
 */
export * as AuthleteClient from "./AuthleteClient.js"

/**
 * @since 0.1.0
 */
export * as AuthleteError from "./AuthleteError.js"

/**
 * @since 0.1.0
 */
export * as AuthleteRetry from "./AuthleteRetry.js"

/**
 * @since 0.1.0
 */
export * as Schemas from "./Schemas.js"

/**
 * @since 0.1.0
 */
export * as TokenManagement from "./TokenManagement.js"

/**
 * @since 0.1.0
 */
export * as TokenTransport from "./TokenTransport.js"
