/**
 * The brand of this package's errors (`EmulatorSeed.SeedError`, `EmulatorSnapshot.SnapshotError`), as core's
 * `AuthleteError.TypeId` brands core's. No error carries a secret: messages name places, never values.
 *
 * @since 0.3.0
 */
import * as Predicate from "effect/Predicate"

/**
 * Brand shared by every error of this package, read by {@link isEmulatorError}.
 *
 * @since 0.3.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-authlete/emulator/EmulatorError")

/**
 * The type of {@link TypeId}.
 *
 * @since 0.3.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * Whether a value is one of this package's errors.
 *
 * @since 0.3.0
 * @category guards
 */
export const isEmulatorError = (u: unknown): u is { readonly [TypeId]: TypeId } => Predicate.hasProperty(u, TypeId)
