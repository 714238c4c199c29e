/**
 * `@effect-authlete/test-kit/AuthleteEmulator`, kept for one minor version: the module moved to `@effect-authlete/emulator`.
 *
 * @since 0.1.0
 * @deprecated Import `@effect-authlete/emulator/AuthleteEmulator`.
 */
export * from "@effect-authlete/emulator/AuthleteEmulator"
