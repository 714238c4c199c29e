/**
 * What the emulator's shared public modules need of the HTTP platform, in one place: the Effect 3 edition's (this
 * file, over `@effect/platform`); the Effect 4 edition has its own `http.ts` (over `effect/http`) with the same
 * exports. Effect's own symbols, re-exported: declarations that mention them name the platform's modules.
 */
export { HttpClient } from "@effect/platform/HttpClient"

/** The emulator as an application (`AuthleteEmulator.Service.app`): an `@effect/platform` `HttpApp`. */
export type { Default as App } from "@effect/platform/HttpApp"
