/**
 * `@effect-authlete/test-kit/EmulatorSeed`, kept for one minor version: the module moved to `@effect-authlete/emulator`.
 *
 * @since 0.2.0
 * @deprecated Import `@effect-authlete/emulator/EmulatorSeed`.
 */
export * from "@effect-authlete/emulator/EmulatorSeed"
