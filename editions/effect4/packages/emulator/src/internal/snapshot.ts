/**
 * The store as data and back (`AuthleteEmulator.Service.snapshot`/`restore`), through `state.ts`'s own functions: a
 * restore empties the token store with `remove` and fills it with `insert`, in creation order, so every index the store
 * keeps is rebuilt by the code that keeps it.
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Jose from "jose"
import type { Snapshot } from "../EmulatorSnapshot.js"
import { SnapshotError } from "../EmulatorSnapshot.js"
import type { SigningKey } from "./crypto.js"
import type { ClientState, ServiceState, State } from "./state.js"
import { insert, remove, tokensOf } from "./state.js"

type ServiceRecord = Snapshot["services"][number]
type PrivateJwk = ServiceRecord["signingKey"]

/** Private JWKs by key: exported once per key, so a periodic snapshot costs the tokens only. */
const exported = new WeakMap<SigningKey, PrivateJwk>()

const privateJwkOf = (key: SigningKey): Effect.Effect<PrivateJwk> => {
  const known = exported.get(key)
  if (known !== undefined) return Effect.succeed(known)
  return Effect.promise(async () => {
    const { d, x, y } = await Jose.exportJWK(key.privateKey)
    const jwk = { kty: "EC", crv: "P-256", x: x!, y: y!, d: d! } as const
    exported.set(key, jwk)
    return jwk
  })
}

/** The signing key of a private JWK: `kid` is the thumbprint of its public part, as for a generated key. */
const signingKeyOf = (jwk: PrivateJwk, serviceId: string): Effect.Effect<SigningKey, SnapshotError> =>
  Effect.tryPromise({
    try: async () => {
      const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }
      const privateKey = await Jose.importJWK(jwk, "ES256", { extractable: true })
      const publicKey = await Jose.importJWK(publicJwk, "ES256", { extractable: true })
      if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error("not an EC key")
      const kid = await Jose.calculateJwkThumbprint(publicJwk)
      const key: SigningKey = {
        alg: "ES256",
        kid,
        privateKey,
        publicKey,
        publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" }
      }
      exported.set(key, jwk)
      return key
    },
    catch: () => new SnapshotError({ message: `services (ID ${serviceId}): the signing key is not a P-256 key` })
  })

/** The store as data. */
export const take = (ref: Ref.Ref<State>): Effect.Effect<Snapshot> =>
  Effect.gen(function*() {
    const state = yield* Ref.get(ref)
    // read everything of this state now: the token store may be changed in place by later writes
    const tokens = tokensOf(state, undefined).map(({ seq: _, ...token }) => token)
    const services = Array.from(state.services.values())
    const signingKeys = yield* Effect.forEach(services, (service) => privateJwkOf(service.key))
    return {
      format: "authlete-emulator-state",
      version: 1,
      services: services.map((service, index) => ({
        serviceId: service.serviceId,
        scopes: Array.from(service.scopes, ([name, attributes]) => ({ name, attributes })),
        supportedGrantTypes: Array.from(service.supportedGrantTypes),
        accessTokenDuration: service.accessTokenDuration,
        refreshTokenDuration: service.refreshTokenDuration,
        idTokenDuration: service.idTokenDuration,
        idTokenReissuable: service.idTokenReissuable,
        idTokenAudType: service.idTokenAudType,
        issuer: service.issuer,
        jwtAccessToken: service.jwtAccessToken,
        signingKey: signingKeys[index]
      })),
      clients: Array.from(state.clients.values(), ({ scopes, ...client }) => ({
        ...client,
        ...(scopes === undefined ? {} : { scopes: Array.from(scopes) })
      })),
      bearers: Array.from(state.bearers, ([token, rights]) => ({
        token,
        serviceIds: rights === "*" ? "*" : Array.from(rights)
      })),
      tokens,
      internalErrors: Array.from(state.internalErrors)
    }
  })

/** The first inconsistency of a snapshot, or `undefined`. */
const inconsistency = (snapshot: Snapshot, defaultServiceId: string): string | undefined => {
  const services = new Set<string>()
  for (const [index, service] of snapshot.services.entries()) {
    if (services.has(service.serviceId)) return `services[${index}]: service ${service.serviceId} is declared twice`
    services.add(service.serviceId)
  }
  if (!services.has(defaultServiceId)) return `services: the default service ${defaultServiceId} is missing`
  const clients = new Map<number, string>()
  for (const [index, client] of snapshot.clients.entries()) {
    if (!services.has(client.serviceId)) return `clients[${index}]: service ${client.serviceId} is not declared`
    if (clients.has(client.clientId)) return `clients[${index}]: client ${client.clientId} is declared twice`
    clients.set(client.clientId, client.serviceId)
  }
  for (const [index, bearer] of snapshot.bearers.entries()) {
    const unknown = bearer.serviceIds === "*" ? undefined : bearer.serviceIds.find((id) => !services.has(id))
    if (unknown !== undefined) return `bearers[${index}]: service ${unknown} is not declared`
  }
  const hashes = new Set<string>()
  for (const [index, token] of snapshot.tokens.entries()) {
    if (clients.get(token.clientId) !== token.serviceId) {
      return `tokens[${index}]: client ${token.clientId} is not a client of service ${token.serviceId}`
    }
    for (const hash of [token.accessTokenHash, token.refreshTokenHash]) {
      if (hash === undefined) continue
      if (hashes.has(hash)) return `tokens[${index}]: a token hash is held twice`
      hashes.add(hash)
    }
  }
  return undefined
}

/** Replaces the store by a snapshot (which must keep the emulator's default service). */
export const restore = (
  ref: Ref.Ref<State>,
  defaultServiceId: string,
  snapshot: Snapshot
): Effect.Effect<void, SnapshotError> =>
  Effect.gen(function*() {
    const problem = inconsistency(snapshot, defaultServiceId)
    if (problem !== undefined) return yield* new SnapshotError({ message: problem })
    const keys = yield* Effect.forEach(snapshot.services, (record) => signingKeyOf(record.signingKey, record.serviceId))
    const services = new Map<string, ServiceState>(snapshot.services.map(({ signingKey: _, ...record }, index) => [
      record.serviceId,
      {
        ...record,
        scopes: new Map(record.scopes.map(({ attributes, name }) => [name, attributes])),
        supportedGrantTypes: new Set(record.supportedGrantTypes),
        key: keys[index]
      }
    ]))
    const clients = new Map<number, ClientState>(snapshot.clients.map(({ scopes, ...client }) => [
      client.clientId,
      { ...client, scopes: scopes === undefined ? undefined : new Set(scopes) }
    ]))
    const bearers = new Map(snapshot.bearers.map(({ serviceIds, token }) => [
      token,
      serviceIds === "*" ? "*" as const : new Set(serviceIds)
    ]))
    yield* Ref.update(ref, (current) => {
      const emptied: State = {
        ...remove(current, tokensOf(current, undefined)),
        services,
        clients,
        bearers,
        internalErrors: new Set(snapshot.internalErrors),
        seq: 0
      }
      return snapshot.tokens.reduce(insert, emptied)
    })
  })
