/**
 * Effect-native client for Authlete's token-management API: schemas, typed errors, the `TokenManagement` service
 * and its HTTP implementation.
 *
 * @since 0.1.0
 */

/**
 * The connection to Authlete: base URL, bearer, defaults, and the HTTP transport the `TokenManagement` layer uses.
 *
 * @since 0.1.0
 */
export * as AuthleteClient from "./AuthleteClient.js"

/**
 * The typed failures of every token-management operation.
 *
 * @since 0.1.0
 */
export * as AuthleteError from "./AuthleteError.js"

/**
 * Opt-in retry policies for token-management calls.
 *
 * @since 0.1.0
 */
export * as AuthleteRetry from "./AuthleteRetry.js"

/**
 * Schemas of every request and response of Authlete's six token-management operations.
 *
 * @since 0.1.0
 */
export * as Schemas from "./Schemas.js"

/**
 * The six token-management operations of Authlete as an Effect service.
 *
 * @since 0.1.0
 */
export * as TokenManagement from "./TokenManagement.js"

/**
 * The seam between the `TokenManagement` service and whatever answers it.
 *
 * @since 0.1.0
 */
export * as TokenTransport from "./TokenTransport.js"
