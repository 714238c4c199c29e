/**
 * Builds an emulator and the store behind it. `AuthleteEmulator.make` answers the emulator only; the server package
 * takes the store too (through `@effect-authlete/emulator/internal`), for its own routes over the same store.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { DefaultIdentities, EmulatorOptions, Service, TokenSnapshot } from "../AuthleteEmulator.js"
import * as EmulatorSeed from "../EmulatorSeed.js"
import * as App from "./app.js"
import type { Handler } from "./handler.js"
import * as HttpApp from "./httpApp.js"
import * as InProcess from "./inProcess.js"
import { decodeOrDie } from "./schema.js"
import * as Seed from "./seed.js"
import * as Snapshot from "./snapshot.js"
import type { Settings, TokenRecord } from "./state.js"
import { Cell, countOf, emptyState, tokensOf } from "./state.js"

/** What the server needs of an emulator beside its public service: its store, settings and handler. */
export interface Store {
  readonly cell: Cell
  readonly settings: Settings
  /** The emulator's handler, which `service.app` and `service.httpClient` run. */
  readonly handler: Handler
}

/** An emulator and its store. */
export interface Made {
  readonly service: Service
  readonly store: Store
}

/** The settings of some options, each default filled in by the schema; an invalid switch is a defect. */
const settingsOf: (options: EmulatorOptions) => Effect.Effect<Settings> = decodeOrDie(
  EmulatorSeed.Settings,
  (message) => new Error(`AuthleteEmulator seed: ${message}`)
)

const toSnapshot = ({ seq: _, ...snapshot }: TokenRecord): TokenSnapshot => snapshot

/** The default client of a one-line emulator. */
const defaultAlias = "emulator-client"

/** Builds an emulator (see `AuthleteEmulator.make`) with the store behind it. */
export const make = (options: EmulatorOptions): Effect.Effect<Made> =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const cell = new Cell({ ...emptyState(), internalErrors: new Set(settings.internalErrors) })
    const serviceId = yield* Seed.addService(cell, {
      ...options.service,
      serviceId: options.service?.serviceId ?? String(Seed.firstServiceId)
    })
    const clientIdAlias = options.client?.clientIdAlias ?? defaultAlias
    const clientId = yield* Seed.addClient(cell, serviceId, {
      clientId: Seed.firstClientId,
      ...options.client,
      serviceId,
      clientIdAlias
    })
    const bearer = Array.from(cell.get().bearers.keys())[0]
    const defaults: DefaultIdentities = {
      serviceId,
      bearer: Redacted.make(bearer),
      clientId,
      clientIdAlias,
      subject: settings.subject
    }
    const serviceOf = (id: string | undefined) =>
      Effect.suspend(() => {
        const service = cell.get().services.get(id ?? serviceId)
        return service === undefined
          ? Effect.die(new Error(`AuthleteEmulator: no service ${id ?? serviceId}`))
          : Effect.succeed(service)
      })
    const handler = App.make(cell, settings)
    const service: Service = {
      app: HttpApp.fromHandler(handler),
      httpClient: InProcess.make(handler),
      defaults,
      addService: (seed) => Seed.addService(cell, seed),
      addClient: (seed) => Seed.addClient(cell, serviceId, seed),
      addBearer: (token, serviceIds) => Seed.addBearer(cell, token, serviceIds),
      addToken: (seed) => Seed.addToken(cell, settings, defaults, seed),
      addTokens: (seeds) => Seed.addTokens(cell, settings, defaults, seeds),
      tokens: (id) => Effect.sync(() => tokensOf(cell.get(), id).map(toSnapshot)),
      count: (id) => Effect.sync(() => countOf(cell.get(), id)),
      jwks: (id) => Effect.map(serviceOf(id), (found) => ({ keys: [found.key.publicJwk] })),
      issuer: (id) => Effect.map(serviceOf(id), (found) => found.issuer),
      setInternalErrors: (operations) =>
        Effect.sync(() => cell.update((current) => ({ ...current, internalErrors: new Set(operations) }))),
      snapshot: Snapshot.take(cell),
      restore: (snapshot) => Snapshot.restore(cell, serviceId, snapshot)
    }
    for (const seed of options.services ?? []) yield* service.addService(seed)
    for (const seed of options.clients ?? []) yield* service.addClient(seed)
    for (const seed of options.bearers ?? []) yield* service.addBearer(seed.token, seed.serviceIds)
    if (options.tokens !== undefined) yield* service.addTokens(options.tokens)
    return { service, store: { cell, settings, handler } }
  })
