/**
 * `@effect-authlete/test-kit/TestAuthlete`, kept for one minor version: the module moved to `@effect-authlete/emulator`.
 *
 * @since 0.1.0
 * @deprecated Import `@effect-authlete/emulator/TestAuthlete`.
 */
export * from "@effect-authlete/emulator/TestAuthlete"
