/**
 * The request journal: the last requests the server answered, as a test reads them back over HTTP
 * (`GET /_emulator/journal`). It sits in the per-request pipeline, in front of the admin routes and the emulator, so
 * every front that runs that pipeline records into it. An entry names the route template (never the raw path: a
 * delete path holds a token), the operation, the status, the result code, what answered (the rules, a fault, the
 * admin API) and the duration; tokens only as hashes (of the token a path names and of those an answer holds), never
 * their values, and never a bearer.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type { Reply } from "@effect-authlete/emulator/internal"
import { hashOfValue, onAnswered, resultCodes } from "@effect-authlete/emulator/internal"
import type { ServerHandler } from "./front.js"
import type { Route } from "./paths.js"
import { adminPrefix, jwksPath, matchRoute, serviceIdIn } from "./paths.js"

/** Entries kept: the oldest is dropped beyond this. */
export const journalCapacity = 1_000

/** The header of a scripted fault's answer, by which the journal tells it from the rules' answers. */
export const faultHeader = "x-authlete-emulator-fault"

/** Who answered a request. */
export type AnsweredBy = "rules" | "fault" | "admin" | "router"

/** One request, as the journal keeps it. */
export interface JournalEntry {
  /** When it arrived (wall-clock time, ISO 8601). */
  readonly at: string
  readonly method: string
  /** The route template (`/api/{serviceId}/auth/token/delete/{accessTokenIdentifier}`), or `(unknown)`. */
  readonly route: string
  /** The operation's name (`create`), `jwks`, `health`, `admin` or `unknown`. */
  readonly operation: string
  /** The service a call of Authlete's API addressed (not a secret), so parallel tests read their tenant's calls. */
  readonly serviceId?: string | undefined
  /** The answer's status; absent when the connection was reset or the client went away. */
  readonly status?: number | undefined
  readonly resultCode?: string | undefined
  /** The answer's `action` (`OK`, `UNAUTHORIZED`, …), for the operations that have one. */
  readonly action?: string | undefined
  readonly answeredBy: AnsweredBy
  /** The fault that answered: `scripted` (`POST /_emulator/faults/script`) or `unavailable` (the probabilistic 503). */
  readonly fault?: "scripted" | "unavailable" | undefined
  readonly durationMs: number
  /** Hashes (as Authlete lists them) of the token the path names and of the tokens the answer holds. */
  readonly tokenHashes: ReadonlyArray<string>
}

/** Which entries to read. */
export interface JournalFilter {
  readonly operation?: string | undefined
  readonly status?: number | undefined
  readonly route?: string | undefined
  readonly serviceId?: string | undefined
  /** Entries that arrived at or after this instant (epoch milliseconds). */
  readonly since?: number | undefined
}

/** An entry as it is recorded: its instant as epoch milliseconds, made ISO 8601 when it is read. */
export type Recorded = Omit<JournalEntry, "at"> & { readonly atMs: number }

/** The journal. */
export interface Journal {
  readonly record: (entry: Recorded) => void
  readonly read: (filter: JournalFilter) => {
    readonly entries: ReadonlyArray<JournalEntry>
    readonly counts: {
      readonly operation: Readonly<Record<string, number>>
      readonly status: Readonly<Record<string, number>>
    }
    /** Entries dropped since the last clear because the journal was full. */
    readonly dropped: number
  }
  readonly clear: () => void
}

/** A journal of the last `capacity` requests. */
export const makeJournal = (capacity: number = journalCapacity): Journal => {
  let entries: Array<Recorded> = []
  let dropped = 0
  return {
    record: (entry) => {
      entries.push(entry)
      if (entries.length > capacity) {
        entries.shift()
        dropped++
      }
    },
    read: (filter) => {
      const selected = entries.filter((entry) =>
        (filter.operation === undefined || entry.operation === filter.operation) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.route === undefined || entry.route === filter.route) &&
        (filter.serviceId === undefined || entry.serviceId === filter.serviceId) &&
        (filter.since === undefined || entry.atMs >= filter.since)
      ).map(({ atMs, ...entry }): JournalEntry => ({ at: new Date(atMs).toISOString(), ...entry }))
      const operation: Record<string, number> = {}
      const status: Record<string, number> = {}
      for (const entry of selected) {
        operation[entry.operation] = (operation[entry.operation] ?? 0) + 1
        const key = entry.status === undefined ? "none" : String(entry.status)
        status[key] = (status[key] ?? 0) + 1
      }
      return { entries: selected, counts: { operation, status }, dropped }
    },
    clear: () => {
      entries = []
      dropped = 0
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// what a request and its answer say
// ---------------------------------------------------------------------------------------------------------------------

const operationByRoute = new Map<string, string>([
  ...AuthleteOperation.all.map((operation) => [operation.path, operation.name] as const),
  [jwksPath, "jwks"],
  ["/health", "health"]
])

/** The operation a route template belongs to. */
export const operationOf = (route: string): string =>
  operationByRoute.get(route) ?? (route.startsWith(`${adminPrefix}/`) ? "admin" : "unknown")

/** The hashes of the values the route's token segments (every `{field}` but `{serviceId}`) take in the path. */
const pathTokenHashes = (route: Route | undefined): ReadonlyArray<string> => {
  const hashes: Array<string> = []
  for (const [field, raw] of route?.values ?? []) {
    if (field === "serviceId") continue
    try {
      hashes.push(hashOfValue(decodeURIComponent(raw)))
    } catch {
      // not valid percent-encoding: no token of ours
    }
  }
  return hashes
}

const tokenFields = ["accessToken", "refreshToken"] as const

/** The hashes of the tokens a request's path and its answer hold. */
const tokenHashesOf = (
  route: Route | undefined,
  reply: Reply | undefined,
  body: Readonly<Record<string, unknown>> | undefined
): ReadonlyArray<string> => {
  const fromPath = pathTokenHashes(route)
  if (reply === undefined) return fromPath
  const fromAnswer = answerTokenHashes(reply, body)
  return fromPath.length === 0 ? fromAnswer : fromAnswer.length === 0 ? fromPath : [...fromPath, ...fromAnswer]
}

/** The hashes of the tokens an answer holds: as the rule computed them, else of its JSON's token members. */
const answerTokenHashes = (
  reply: Reply,
  body: Readonly<Record<string, unknown>> | undefined
): ReadonlyArray<string> => {
  if (reply.tokenHashes !== undefined) return reply.tokenHashes
  const hashes: Array<string> = []
  for (const field of tokenFields) {
    const value = body?.[field]
    if (typeof value === "string") hashes.push(hashOfValue(value))
  }
  return hashes
}

/** Records every request into the journal once answered; the journal's own routes are not recorded. */
export const journaled = (handler: ServerHandler, journal: Journal): ServerHandler => (call, exchange) => {
  const matched = matchRoute(call.url)
  const route = matched?.template ?? "(unknown)"
  if (route === `${adminPrefix}/journal`) return handler(call, exchange)
  const atMs = Date.now()
  const started = performance.now()
  const operation = operationOf(route)
  return onAnswered(handler(call, exchange), (reply) => {
    // the answer's JSON object as the handler built it: never parsed back from its text
    const body = reply === undefined || operation === "admin" ? undefined : reply.json
    const resultCode = typeof body?.resultCode === "string" ? body.resultCode : undefined
    const fault = reply === undefined
      ? undefined
      : reply.headers[faultHeader] === "scripted"
      ? "scripted" as const
      : reply.status === 503 && resultCode === resultCodes.unavailable
      ? "unavailable" as const
      : undefined
    journal.record({
      atMs,
      method: call.method,
      route,
      operation,
      serviceId: route.startsWith("/api/{serviceId}/") ? serviceIdIn(matched) : undefined,
      status: reply?.status,
      resultCode,
      action: typeof body?.action === "string" ? body.action : undefined,
      answeredBy: fault !== undefined
        ? "fault"
        : operation === "admin" || operation === "health"
        ? "admin"
        : operation === "unknown"
        ? "router"
        : "rules",
      fault,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      tokenHashes: tokenHashesOf(matched, reply, body)
    })
  })
}
