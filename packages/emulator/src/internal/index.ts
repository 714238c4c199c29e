/**
 * What `@effect-authlete/emulator-server` needs of the emulator beyond its public modules, published as the
 * deliberate entry point `@effect-authlete/emulator/internal`. Not part of the public API: no semver guarantee, and
 * the server package depends on this package at its exact version.
 */
export { maxBodyBytes, respond } from "./app.js"
export { hashOfValue } from "./crypto.js"
export type { Made, Store } from "./emulator.js"
export { make } from "./emulator.js"
export { make as inProcessClient } from "./inProcess.js"
export { decodeJson } from "./issues.js"
export { bearerOf } from "./request.js"
export { accessAt } from "./rules.js"
export {
  advanceClock,
  clearService,
  clockOffset,
  hasService,
  removeService,
  resetClock,
  serviceSnapshot
} from "./tenants.js"
export { parseJsonObject, resultAt, resultCodes } from "./wire.js"
