/** Declaring services, clients, bearers and tokens. Invalid seeds are defects: they are broken test fixtures. */
import * as Schemas from "@effect-authlete/core/Schemas"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { ClientSeed, SeededToken, ServiceSeed, TokenSeed } from "../AuthleteEmulator.js"
import { createNow } from "./create.js"
import { generateSigningKey } from "./crypto.js"
import type { WireRequest } from "./request.js"
import type { Cell, ClientState, Env, ServiceState, Settings, State, TokenRecord } from "./state.js"
import { byAccessTokenHash, nowOf, remove, replace } from "./state.js"

/** The scopes of a default service (those of Authlete's samples, plus the OpenID Connect ones). */
const defaultScopes: ReadonlyArray<string> = ["openid", "profile", "email", "history.read", "timeline.read"]

const allGrantTypes: ReadonlyArray<Schemas.GrantType> = Schemas.GrantType.literals

/** Service IDs and client IDs are generated from these (the values of Authlete's samples). */
export const firstServiceId = 21_653_835_348_762
export const firstClientId = 26_888_344_961_664

/** What a step of seeding gives: a value, or why the seed is refused (plain data: the same in both editions). */
type Outcome<A> = { readonly _tag: "Ok"; readonly value: A } | { readonly _tag: "Refused"; readonly message: string }

const ok = <A>(value: A): Outcome<A> => ({ _tag: "Ok", value })

const refused = (message: string): Outcome<never> => ({ _tag: "Refused", message })

/** Applies a change that may be refused; a refusal is a defect with the given message. */
const modifyOrDie = <A>(cell: Cell, f: (state: State) => Outcome<readonly [A, State]>): Effect.Effect<A> =>
  Effect.suspend(() =>
    cell.modify((state): readonly [Effect.Effect<A>, State] => {
      const outcome = f(state)
      return outcome._tag === "Refused"
        ? [Effect.die(new Error(`AuthleteEmulator seed: ${outcome.message}`)), state]
        : [Effect.succeed(outcome.value[0]), outcome.value[1]]
    })
  )

const freeNumber = (first: number, taken: (candidate: number) => boolean): number => {
  let candidate = first
  while (taken(candidate)) candidate++
  return candidate
}

/** Declares a service and its bearers; answers its ID. */
export const addService = (cell: Cell, seed: ServiceSeed = {}): Effect.Effect<string> =>
  Effect.flatMap(generateSigningKey, (key) =>
    modifyOrDie(cell, (state) => {
      const serviceId = seed.serviceId ??
        String(freeNumber(firstServiceId, (candidate) => state.services.has(String(candidate))))
      if (state.services.has(serviceId)) return refused(`service ${serviceId} is declared twice`)
      const service: ServiceState = {
        serviceId,
        scopes: new Map(
          (seed.scopes ?? defaultScopes).map((scope) =>
            typeof scope === "string" ? [scope, {}] : [scope.name, scope.attributes ?? {}]
          )
        ),
        supportedGrantTypes: new Set(seed.supportedGrantTypes ?? allGrantTypes),
        accessTokenDuration: seed.accessTokenDuration ?? 86_400,
        refreshTokenDuration: seed.refreshTokenDuration ?? 864_000,
        idTokenDuration: seed.idTokenDuration ?? 86_400,
        idTokenReissuable: seed.idTokenReissuable ?? true,
        idTokenAudType: seed.idTokenAudType ?? "array",
        issuer: seed.issuer ?? `https://authlete.emulator/${serviceId}`,
        jwtAccessToken: seed.jwtAccessToken ?? false,
        key
      }
      const bearers = new Map(state.bearers)
      for (const bearer of seed.bearers ?? [`emulator-bearer-${serviceId}`]) {
        const rights = bearers.get(bearer)
        if (rights !== "*") bearers.set(bearer, new Set([...(rights ?? []), serviceId]))
      }
      return ok([serviceId, { ...state, services: new Map(state.services).set(serviceId, service), bearers }])
    }))

/** Declares a bearer with access to some services, or to all with `"*"`. */
export const addBearer = (
  cell: Cell,
  token: string,
  serviceIds: ReadonlyArray<string> | "*"
): Effect.Effect<void> =>
  Effect.sync(() =>
    cell.update((state) => ({
      ...state,
      bearers: new Map(state.bearers).set(token, serviceIds === "*" ? "*" : new Set(serviceIds))
    }))
  )

/** Declares a client; answers its numeric ID. */
export const addClient = (
  cell: Cell,
  defaultServiceId: string,
  seed: ClientSeed = {}
): Effect.Effect<number> =>
  modifyOrDie(cell, (state) => {
    const serviceId = seed.serviceId ?? defaultServiceId
    if (!state.services.has(serviceId)) return refused(`client of the undeclared service ${serviceId}`)
    const clientId = seed.clientId ?? freeNumber(firstClientId, (candidate) => state.clients.has(candidate))
    if (state.clients.has(clientId)) return refused(`client ${clientId} is declared twice`)
    const siblings = Array.from(state.clients.values()).filter((client) => client.serviceId === serviceId)
    if (seed.clientIdAlias !== undefined && siblings.some((client) => client.clientIdAlias === seed.clientIdAlias)) {
      return refused(`client alias ${seed.clientIdAlias} is declared twice in service ${serviceId}`)
    }
    const client: ClientState = {
      serviceId,
      number: siblings.length + 1,
      clientId,
      clientIdAlias: seed.clientIdAlias,
      clientType: seed.clientType ?? "CONFIDENTIAL",
      clientName: seed.clientName ?? `Emulated client ${clientId}`,
      scopes: seed.scopes === undefined ? undefined : new Set(seed.scopes)
    }
    return ok([clientId, { ...state, clients: new Map(state.clients).set(clientId, client) }])
  })

type TokenDefaults = { readonly serviceId: string; readonly subject: string }

/** The addressed service and the create body of a token seed, or why the seed is broken. */
const createCall = (
  state: State,
  defaults: TokenDefaults,
  seed: TokenSeed
): Outcome<{ readonly service: ServiceState; readonly body: WireRequest<"create"> }> => {
  const serviceId = seed.serviceId ?? defaults.serviceId
  const service = state.services.get(serviceId)
  if (service === undefined) return refused(`token of the undeclared service ${serviceId}`)
  const client = seed.client ?? firstClientOf(state, serviceId)
  if (client === undefined) return refused(`service ${serviceId} has no client`)
  return ok({
    service,
    body: {
      grantType: seed.grantType ?? "AUTHORIZATION_CODE",
      ...(typeof client === "number" ? { clientId: client } : { clientIdentifier: client }),
      subject: seed.subject === null ? undefined : seed.subject ?? defaults.subject,
      scopes: seed.scopes ?? ["openid", "profile"],
      accessToken: seed.accessToken,
      refreshToken: seed.refreshToken ?? undefined,
      properties: seed.properties
    }
  })
}

const firstClientOf = (state: State, serviceId: string): number | undefined => {
  for (const client of state.clients.values()) if (client.serviceId === serviceId) return client.clientId
  return undefined
}

/**
 * Stores one token through the create rules (so a seed obeys C1–C10; no answer is built for it), then applies the seed's explicit expiries and
 * `refreshToken: null`: its raw values and the state after it, or why it was refused.
 */
const seedOne = (
  env: Omit<Env, "service">,
  defaults: TokenDefaults,
  state: State,
  seed: TokenSeed
): Outcome<readonly [SeededToken, State]> => {
  const call = createCall(state, defaults, seed)
  if (call._tag === "Refused") return call
  const { body, service } = call.value
  const [decision, next] = createNow({ ...env, service }, state, body)
  if ("refused" in decision) {
    const refusal = decision.refused.body as { readonly resultMessage?: string } | undefined
    return refused(refusal?.resultMessage ?? "the token was refused")
  }
  const { created } = decision
  // the record as stored (what `replace` takes), not the decision's copy
  const record = byAccessTokenHash(next, created.record.accessTokenHash)!
  const refreshToken = seed.refreshToken === null ? undefined : created.refreshToken
  const adjusts = seed.refreshToken === null || seed.accessTokenExpiresAt !== undefined ||
    seed.refreshTokenExpiresAt !== undefined
  const seeded: SeededToken = {
    accessToken: created.accessToken,
    accessTokenHash: record.accessTokenHash,
    ...(refreshToken === undefined ? {} : { refreshToken, refreshTokenHash: record.refreshTokenHash })
  }
  return ok([
    seeded,
    adjusts ? replace(next, record, adjusted(record, seed, refreshToken !== undefined)) : next
  ])
}

/** Stores a token (see `addTokens`). */
export const addToken = (
  cell: Cell,
  settings: Settings,
  defaults: TokenDefaults,
  seed: TokenSeed = {}
): Effect.Effect<SeededToken> => Effect.map(addTokens(cell, settings, defaults, [seed]), (seeded) => seeded[0])

/**
 * Stores tokens in order, each through the create rules (see `seedOne`), at one instant, in one `Ref` update (other
 * calls see none or all of them; after a broken seed, none is stored); answers their raw values. Hashing is
 * synchronous and the indexes follow each write, so this stores tens of thousands of tokens a second.
 */
export const addTokens = (
  cell: Cell,
  settings: Settings,
  defaults: TokenDefaults,
  seeds: Iterable<TokenSeed>
): Effect.Effect<Array<SeededToken>> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    modifyOrDie(cell, (state) => {
      const seeded: Array<SeededToken> = []
      const env = { cell, settings, now: nowOf(state, now) }
      let current = state
      for (const seed of seeds) {
        const outcome = seedOne(env, defaults, current, seed)
        if (outcome._tag === "Refused") {
          remove(current, seeded.map((token) => byAccessTokenHash(current, token.accessTokenHash)!))
          return outcome
        }
        seeded.push(outcome.value[0])
        current = outcome.value[1]
      }
      return ok([seeded, current])
    }))

const adjusted = (record: TokenRecord, seed: TokenSeed, keepRefreshToken: boolean): TokenRecord => ({
  ...record,
  accessTokenExpiresAt: seed.accessTokenExpiresAt ?? record.accessTokenExpiresAt,
  ...(keepRefreshToken
    ? { refreshTokenExpiresAt: seed.refreshTokenExpiresAt ?? record.refreshTokenExpiresAt }
    : { refreshTokenHash: undefined, refreshTokenExpiresAt: 0, refreshTokenScopes: undefined })
})
