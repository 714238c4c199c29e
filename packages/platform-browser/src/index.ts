/**
 * Browser transport for `@effect-authlete/core`: the global `fetch`.
 *
 * @since 0.1.0
 */

/**
 * `TokenManagement` for browsers and workers over `fetch`: `layer`, `layerConfig`, `layerHttpClient`.
 *
 * @since 0.1.0
 */
export * as BrowserAuthlete from "./BrowserAuthlete.js"
