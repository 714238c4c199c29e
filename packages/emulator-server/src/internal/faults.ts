/** Fault injection of the mock server: a seedable RNG and the per-request decision. */
import * as Effect from "effect/Effect"
import type { FaultOptions, Faults } from "../MockServer.js"

/** What happens to one request. */
export interface Decision {
  /** Milliseconds to wait before answering. */
  readonly delay: number
  readonly fault: "none" | "unavailable" | "reset" | "truncate"
  /** Whether the request got a fault (a slow answer counts; the fixed latency does not). */
  readonly faulted: boolean
  /** `Retry-After` of an `unavailable` answer, in seconds. */
  readonly retryAfter: number
}

interface State {
  readonly options: FaultOptions
  /** mulberry32 state. */
  readonly seed: number
  /** Requests that got a fault since the options were last set. */
  readonly injected: number
}

/** mulberry32: a tiny, fast, seedable PRNG; answers a number in [0, 1) and the next state. */
const next = (state: number): readonly [number, number] => {
  const seed = (state + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return [((t ^ (t >>> 14)) >>> 0) / 4_294_967_296, seed]
}

const probability = (value: number | undefined): number => value === undefined || !(value > 0) ? 0 : Math.min(value, 1)

const milliseconds = (value: number | undefined, fallback: number): number =>
  value === undefined || !(value >= 0) || !Number.isFinite(value) ? fallback : value

const initial = (options: FaultOptions): State => ({ options, seed: options.seed ?? 1, injected: 0 })

/**
 * Two draws per request, whatever the options, so a seed gives the same sequence of decisions for the same sequence of
 * requests: the first decides a slow answer, the second the fault (reset, then unavailable, then truncate, by
 * cumulative probability).
 */
const decide = (state: State): readonly [Decision, State] => {
  const { options } = state
  const [slowDraw, afterSlow] = next(state.seed)
  const [faultDraw, seed] = next(afterSlow)
  const exhausted = options.maxFaults !== undefined && state.injected >= options.maxFaults
  const slow = !exhausted && slowDraw < probability(options.slowProbability)
  const reset = probability(options.resetProbability)
  const unavailable = reset + probability(options.unavailableProbability)
  const truncate = unavailable + probability(options.truncateProbability)
  const fault: Decision["fault"] = exhausted
    ? "none"
    : faultDraw < reset
    ? "reset"
    : faultDraw < unavailable
    ? "unavailable"
    : faultDraw < truncate
    ? "truncate"
    : "none"
  const delay = milliseconds(options.latency, 0) + (slow ? milliseconds(options.slowLatency, 1_000) : 0)
  const retryAfter = Math.max(0, Math.round(milliseconds(options.retryAfter, 1)))
  const faulted = slow || fault !== "none"
  return [{ delay, fault, faulted, retryAfter }, {
    options,
    seed,
    injected: faulted ? state.injected + 1 : state.injected
  }]
}

/** The runtime-changeable fault settings and the decision of each request (a plain call, made as it arrives). */
export const makeFaults = (
  options: FaultOptions = {}
): Effect.Effect<Faults & { readonly decide: () => Decision }> =>
  Effect.sync(() => {
    let state = initial(options)
    return {
      current: Effect.sync(() => state.options),
      set: (options) => Effect.sync(() => void (state = initial(options))),
      clear: Effect.sync(() => void (state = initial({}))),
      decide: () => {
        const [decision, next] = decide(state)
        state = next
        return decision
      }
    }
  })
