/**
 * Node.js transport for `@effect-authlete/core`: undici with keep-alive, configuration from the environment.
 *
 * @since 0.1.0
 */

/**
 * `TokenManagement` for Node.js over a shared keep-alive undici agent: `layer`, `layerConfig`, `layerHttpClient`.
 *
 * @since 0.1.0
 */
export * as NodeAuthlete from "./NodeAuthlete.js"
