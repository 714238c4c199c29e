/**
 * The standalone server's per-request pipeline, whatever front serves it: the journal around everything, the server's
 * own routes (health, admin) beside Authlete's, and on Authlete's routes the faults (probabilistic, then scripted),
 * the JWKS route and the emulator's application.
 */
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import type * as EmulatorSnapshot from "@effect-authlete/emulator/EmulatorSnapshot"
import type { Store } from "@effect-authlete/emulator/internal"
import { toHandler } from "@effect-authlete/emulator/internal"
import * as Effect from "effect/Effect"
import type { FaultOptions } from "../MockServer.js"
import * as ServerApp from "./app.js"
import { makeFaults } from "./faults.js"
import type { ServerHandler } from "./front.js"
import type { Journal } from "./journal.js"
import { journaled, makeJournal } from "./journal.js"
import { adminApp, isOwnRoute, withJwks } from "./routes.js"
import type { Scripts } from "./scripts.js"
import { makeScripts, scripted } from "./scripts.js"

/** What the pipeline is made of. */
export interface Config {
  readonly emulator: AuthleteEmulator.Service
  readonly store: Store
  readonly faults: FaultOptions
  readonly adminBearer: string
  /** The store `POST /_emulator/reset` goes back to. */
  readonly initial: EmulatorSnapshot.Snapshot
}

/** The pipeline and what it records. */
export interface Pipeline {
  readonly handler: ServerHandler
  readonly counters: ServerApp.Counters
  readonly journal: Journal
  readonly scripts: Scripts
}

/** Builds the pipeline. */
export const make = (config: Config): Effect.Effect<Pipeline> =>
  Effect.gen(function*() {
    const { emulator, store } = config
    const faults = yield* makeFaults(config.faults)
    const counters: ServerApp.Counters = { requests: 0, aborted: 0, faults: 0 }
    const journal = makeJournal()
    const scripts = makeScripts()
    const admin = toHandler(
      yield* adminApp({
        emulator,
        faults,
        stats: Effect.sync(() => ({ ...counters })),
        bearer: config.adminBearer,
        initial: config.initial,
        store,
        journal,
        scripts
      })
    )
    const authlete = ServerApp.make(
      scripted(withJwks(store), scripts, () => counters.faults++),
      faults.decide,
      counters
    )
    const handler = journaled(
      (call, exchange) => isOwnRoute(call.url) ? admin(call) : authlete(call, exchange),
      journal
    )
    return { handler, counters, journal, scripts }
  })
