/**
 * What the standalone server's admin API does to the store beyond seeding and snapshots: the clock offset every rule
 * reads, and one service (a tenant) emptied, cut out of a snapshot, or removed with its clients and bearer rights.
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { Snapshot } from "../EmulatorSnapshot.js"
import type { State } from "./state.js"
import { remove, tokensOf } from "./state.js"

/** The offset added to the `Clock`, in milliseconds. */
export const clockOffset = (ref: Ref.Ref<State>): Effect.Effect<number> =>
  Effect.map(Ref.get(ref), (state) => state.clockOffset)

/** Moves the emulator's time forward by `millis` (never back); answers the new offset. */
export const advanceClock = (ref: Ref.Ref<State>, millis: number): Effect.Effect<number> =>
  Ref.modify(ref, (state) => {
    const clockOffset = state.clockOffset + Math.max(0, millis)
    return [clockOffset, { ...state, clockOffset }]
  })

/** Back to the `Clock` itself (offset 0). */
export const resetClock = (ref: Ref.Ref<State>): Effect.Effect<void> =>
  Ref.update(ref, (state) => ({ ...state, clockOffset: 0 }))

/** Whether the store holds the service. */
export const hasService = (ref: Ref.Ref<State>, serviceId: string): Effect.Effect<boolean> =>
  Effect.map(Ref.get(ref), (state) => state.services.has(serviceId))

/** Removes every token of one service, as it was created; the other services are untouched. Answers the count. */
export const clearService = (ref: Ref.Ref<State>, serviceId: string): Effect.Effect<number> =>
  Ref.modify(ref, (state) => {
    const tokens = tokensOf(state, serviceId)
    return [tokens.length, remove(state, tokens)]
  })

/**
 * Removes one service: its tokens, its clients, and its right on every bearer (a bearer left with no service is
 * removed; a bearer of every service, `"*"`, stays).
 */
export const removeService = (ref: Ref.Ref<State>, serviceId: string): Effect.Effect<void> =>
  Ref.update(ref, (state) => {
    const emptied = remove(state, tokensOf(state, serviceId))
    const services = new Map(state.services)
    services.delete(serviceId)
    const clients = new Map(Array.from(state.clients).filter(([, client]) => client.serviceId !== serviceId))
    const bearers = new Map<string, ReadonlySet<string> | "*">()
    for (const [token, rights] of state.bearers) {
      if (rights === "*") {
        bearers.set(token, rights)
      } else {
        const kept = new Set(Array.from(rights).filter((id) => id !== serviceId))
        if (kept.size > 0) bearers.set(token, kept)
      }
    }
    return { ...emptied, services, clients, bearers }
  })

/** The part of a snapshot that belongs to one service: it, its clients, its tokens, the bearers with a right on it. */
export const serviceSnapshot = (snapshot: Snapshot, serviceId: string): Snapshot => ({
  ...snapshot,
  services: snapshot.services.filter((service) => service.serviceId === serviceId),
  clients: snapshot.clients.filter((client) => client.serviceId === serviceId),
  bearers: snapshot.bearers.flatMap((bearer) =>
    bearer.serviceIds !== "*" && bearer.serviceIds.includes(serviceId) ? [{ ...bearer, serviceIds: [serviceId] }] : []
  ),
  tokens: snapshot.tokens.filter((token) => token.serviceId === serviceId)
})
