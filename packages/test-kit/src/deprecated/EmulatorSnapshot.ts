/**
 * `@effect-authlete/test-kit/EmulatorSnapshot`, kept for one minor version: the module moved to `@effect-authlete/emulator`.
 *
 * @since 0.2.0
 * @deprecated Import `@effect-authlete/emulator/EmulatorSnapshot`.
 */
export * from "@effect-authlete/emulator/EmulatorSnapshot"
