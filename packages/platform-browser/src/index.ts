/**
 * @since 0.1.0
 */
export * as BrowserAuthlete from "./BrowserAuthlete.js"
