/**
 * `@effect-authlete/test-kit/MockServer`, kept for one minor version: the module moved to
 * `@effect-authlete/emulator-server` (an optional peer of this package: install it to use this path).
 *
 * @since 0.1.0
 * @deprecated Import `@effect-authlete/emulator-server/MockServer`.
 */
export * from "@effect-authlete/emulator-server/MockServer"
