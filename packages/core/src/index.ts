/**
 * Effect-native client for Authlete's token-management API: schemas, typed errors, the `TokenManagement` service
 * and its HTTP implementation.
 *
 * @since 0.1.0
 */

/**
 * The connection to Authlete: base URL, bearer, call defaults, and the configured `HttpClient` the `TokenManagement`
 * layer sends through.
 *
 * @since 0.1.0
 */
export * as AuthleteClient from "./AuthleteClient.js"

/**
 * Each token-management operation described once, as data: HTTP method, path template, request and response schema,
 * whether a request may be retried, and which request fields hold secrets. The client, its retry policy, secret
 * scrubbing, the emulator and the CLI all read these descriptions.
 *
 * @since 0.2.0
 */
export * as AuthleteOperation from "./AuthleteOperation.js"

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
 * The documentation of every field of core's schemas, as data: what each request and response field means, and what
 * each request does. Read by tooling (the CLI's help, JSON Schema, the API reference); the schemas themselves carry no
 * description annotations.
 *
 * @since 0.3.0
 */
export * as SchemaDescriptions from "./SchemaDescriptions.js"

/**
 * Schemas of every request and response of Authlete's token-management operations and of token introspection.
 *
 * @since 0.1.0
 */
export * as Schemas from "./Schemas.js"

/**
 * Authlete's token-management operations and token introspection as an Effect service.
 *
 * @since 0.1.0
 */
export * as TokenManagement from "./TokenManagement.js"
