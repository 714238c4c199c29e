/** The brand of the server's own errors (the state file, listening), as core's `AuthleteError.TypeId`. */
/** Brand shared by the server's errors. */
export const TypeId: unique symbol = Symbol.for("@effect-authlete/emulator-server/ServerError")

/** The type of {@link TypeId}. */
export type TypeId = typeof TypeId
