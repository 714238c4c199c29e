/**
 * @since 1.0.0
 */

/**
 * `TokenManagement` on Node: core over undici (`@effect/platform-node`), configured from values or the environment.
 *
 * @since 1.0.0
 */
export * as NodeAuthlete from "./NodeAuthlete.js"
