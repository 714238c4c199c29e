/**
 * What `@effect-authlete/emulator-server` needs of the emulator beyond its public modules, published as the
 * deliberate entry point `@effect-authlete/emulator/internal`. Not part of the public API: no semver guarantee, and
 * the server package depends on this package at its exact version.
 */
export { maxBodyBytes, respond } from "./app.js"
export { hashOfValue } from "./crypto.js"
export type { Made, Store } from "./emulator.js"
export { make } from "./emulator.js"
export type { Call, Handled, Handler, Reply } from "./handler.js"
export { catchDefect, flatMap, isWaiting, jsonHeaders, jsonReply, map, onAnswered, toEffect } from "./handler.js"
export { toHandler } from "./httpApp.js"
export { decodeJson } from "./issues.js"
export { bearerOf } from "./request.js"
export { compile as compileRoute, match as matchRouteTemplate, pathOf } from "./route.js"
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
