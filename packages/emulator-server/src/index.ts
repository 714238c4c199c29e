/**
 * The Authlete emulator of `@effect-authlete/emulator` over real HTTP, on Node: `MockServer` for tests, and the
 * `authlete-emulator` executable, a standalone server for clients in any language.
 *
 * @since 0.3.0
 */

/**
 * A Node server on `127.0.0.1` serving the emulator, with CORS, request accounting and fault injection.
 *
 * @since 0.3.0
 */
export * as MockServer from "./MockServer.js"
