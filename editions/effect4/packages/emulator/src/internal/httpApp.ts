/**
 * The emulator's handler as this edition's application (`AuthleteEmulator.Service.app`): a request of plain values in,
 * the handler's answer out, at the instant of the caller's `Clock`. The Effect 3 edition's `app` is an
 * `@effect/platform` `HttpApp` over the same handler.
 */
import * as Effect from "effect/Effect"
import type { Call, Handler, Reply } from "./handler.js"
import { toEffect } from "./handler.js"

/** A request as the application reads it: a handler's call without its instant (the caller's `Clock` gives it). */
export type Exchange = Omit<Call, "now">

/** The application. Never fails. */
export type App = (request: Exchange) => Effect.Effect<Reply>

/** The application of a handler. */
export const fromHandler = (handler: Handler): App => (request) =>
  Effect.clockWith((clock) => toEffect(handler({ ...request, now: clock.currentTimeMillisUnsafe() })))
