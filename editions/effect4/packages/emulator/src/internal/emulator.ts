/**
 * Builds an emulator and the store behind it. `AuthleteEmulator.make` answers the emulator only; the server package
 * takes the store too (through `@effect-authlete/emulator/internal`), for its own routes over the same store.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type { DefaultIdentities, EmulatorOptions, Service, TokenSnapshot } from "../AuthleteEmulator.js"
import * as EmulatorSeed from "../EmulatorSeed.js"
import * as App from "./app.js"
import * as InProcess from "./inProcess.js"
import * as Seed from "./seed.js"
import * as Snapshot from "./snapshot.js"
import type { Settings, State, TokenRecord } from "./state.js"
import { countOf, emptyState, tokensOf } from "./state.js"

/** What the server's own routes need of an emulator: its store and settings. */
export interface Store {
  readonly ref: Ref.Ref<State>
  readonly settings: Settings
}

/** An emulator and its store. */
export interface Made {
  readonly service: Service
  readonly store: Store
}

/** The settings of some options, each default filled in by the schema; an invalid switch is a defect. */
const settingsOf = (options: EmulatorOptions): Effect.Effect<Settings> =>
  Effect.mapError(
    Schema.decodeUnknownEffect(EmulatorSeed.Settings)(options),
    (error) => new Error(`AuthleteEmulator seed: ${error.message}`)
  ).pipe(Effect.orDie)

const toSnapshot = ({ seq: _, ...snapshot }: TokenRecord): TokenSnapshot => snapshot

/** The default client of a one-line emulator. */
const defaultAlias = "emulator-client"

/** Builds an emulator (see `AuthleteEmulator.make`) with the store behind it. */
export const make = (options: EmulatorOptions): Effect.Effect<Made> =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const ref = yield* Ref.make<State>({ ...emptyState(), internalErrors: new Set(settings.internalErrors) })
    const serviceId = yield* Seed.addService(ref, {
      ...options.service,
      serviceId: options.service?.serviceId ?? String(Seed.firstServiceId)
    })
    const clientIdAlias = options.client?.clientIdAlias ?? defaultAlias
    const clientId = yield* Seed.addClient(ref, serviceId, {
      clientId: Seed.firstClientId,
      ...options.client,
      serviceId,
      clientIdAlias
    })
    const state = yield* Ref.get(ref)
    const bearer = Array.from(state.bearers.keys())[0]
    const defaults: DefaultIdentities = {
      serviceId,
      bearer: Redacted.make(bearer),
      clientId,
      clientIdAlias,
      subject: settings.subject
    }
    const serviceOf = (id: string | undefined) =>
      Effect.flatMap(Ref.get(ref), (current) => {
        const service = current.services.get(id ?? serviceId)
        return service === undefined
          ? Effect.die(new Error(`AuthleteEmulator: no service ${id ?? serviceId}`))
          : Effect.succeed(service)
      })
    const app = App.make(ref, settings)
    const service: Service = {
      app,
      httpClient: InProcess.make(app),
      defaults,
      addService: (seed) => Seed.addService(ref, seed),
      addClient: (seed) => Seed.addClient(ref, serviceId, seed),
      addBearer: (token, serviceIds) => Seed.addBearer(ref, token, serviceIds),
      addToken: (seed) => Seed.addToken(ref, settings, defaults, seed),
      addTokens: (seeds) => Seed.addTokens(ref, settings, defaults, seeds),
      tokens: (id) => Effect.map(Ref.get(ref), (current) => tokensOf(current, id).map(toSnapshot)),
      count: (id) => Effect.map(Ref.get(ref), (current) => countOf(current, id)),
      jwks: (id) => Effect.map(serviceOf(id), (found) => ({ keys: [found.key.publicJwk] })),
      issuer: (id) => Effect.map(serviceOf(id), (found) => found.issuer),
      setInternalErrors: (operations) =>
        Ref.update(ref, (current) => ({ ...current, internalErrors: new Set(operations) })),
      snapshot: Snapshot.take(ref),
      restore: (snapshot) => Snapshot.restore(ref, serviceId, snapshot)
    }
    for (const seed of options.services ?? []) yield* service.addService(seed)
    for (const seed of options.clients ?? []) yield* service.addClient(seed)
    for (const seed of options.bearers ?? []) yield* service.addBearer(seed.token, seed.serviceIds)
    if (options.tokens !== undefined) yield* service.addTokens(options.tokens)
    return { service, store: { ref, settings } }
  })
