/**
 * @since 0.1.0
 */
export * as NodeAuthlete from "./NodeAuthlete.js"
