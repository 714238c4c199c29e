/**
 * What the emulator's shared public modules need of the HTTP platform, in one place: the Effect 4 edition's (this
 * file, over `effect/http`); the modules that import it are the Effect 3 edition's files, shared. Effect's own
 * symbols, re-exported: declarations that mention them name the platform's modules.
 */
export { HttpClient } from "effect/http/HttpClient"

/** The emulator as an application (`AuthleteEmulator.Service.app`): the handler over plain values (`httpApp.ts`). */
export type { App } from "./httpApp.js"
