/**
 * @since 1.0.0
 */

/**
 * `TokenManagement` in browsers, workers, Deno and Bun: core over `fetch`.
 *
 * @since 1.0.0
 */
export * as BrowserAuthlete from "./BrowserAuthlete.js"
