/**
 * The request journal: the last requests the server answered, as a test reads them back over HTTP
 * (`GET /_emulator/journal`). It sits in the per-request pipeline, in front of the admin routes and the emulator, so
 * every front that runs that pipeline records into it. An entry names the route template (never the raw path: a
 * delete path holds a token), the operation, the status, the result code, what answered (the rules, a fault, the
 * admin API) and the duration; tokens only as hashes (of the token a path names and of those an answer holds), never
 * their values, and never a bearer.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { hashOfValue, parseJsonObject, resultCodes } from "@effect-authlete/emulator/internal"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Route } from "./paths.js"
import { adminPrefix, jwksPath, matchRoute, serviceIdOf } from "./paths.js"

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

/** The journal. */
export interface Journal {
  readonly record: (entry: JournalEntry) => void
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
  let entries: Array<JournalEntry> = []
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
        (filter.since === undefined || Date.parse(entry.at) >= filter.since)
      )
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
const pathTokenHashes = (route: Route | undefined): Array<string> =>
  (route?.values ?? []).flatMap(([field, raw]) => {
    if (field === "serviceId") return []
    try {
      return [hashOfValue(decodeURIComponent(raw))]
    } catch {
      return []
    }
  })

const decoder = new TextDecoder()

/**
 * Answers up to this size are parsed; a larger one is a long `list` page (hashes only, no result code nor action), not
 * worth parsing on every call.
 */
const parsedBytes = 64 * 1024

/** The answer's JSON object, when it has one of at most {@link parsedBytes}. */
const bodyOf = (response: HttpServerResponse.HttpServerResponse): Readonly<Record<string, unknown>> | undefined => {
  if (response.body._tag !== "Uint8Array" || !response.body.contentType.startsWith("application/json")) {
    return undefined
  }
  const bytes = response.body.body
  return bytes.length > parsedBytes ? undefined : parseJsonObject(decoder.decode(bytes))
}

const tokenFields = ["accessToken", "refreshToken"] as const

/** Records every request into the journal once answered; the journal's own routes are not recorded. */
export const journaled = (app: HttpApp.Default, journal: Journal): HttpApp.Default =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const matched = matchRoute(request.url)
    const route = matched?.template ?? "(unknown)"
    if (route === `${adminPrefix}/journal`) return app
    const at = new Date().toISOString()
    const started = performance.now()
    const operation = operationOf(route)
    return Effect.onExit(app, (exit) =>
      Effect.sync(() => {
        const response = Exit.isSuccess(exit) ? exit.value : undefined
        const body = response === undefined || operation === "admin" ? undefined : bodyOf(response)
        const resultCode = typeof body?.resultCode === "string" ? body.resultCode : undefined
        const fault = response === undefined
          ? undefined
          : response.headers[faultHeader] === "scripted"
          ? "scripted" as const
          : response.status === 503 && resultCode === resultCodes.unavailable
          ? "unavailable" as const
          : undefined
        const tokenHashes = pathTokenHashes(matched)
        for (const field of tokenFields) {
          const value = body?.[field]
          if (typeof value === "string") tokenHashes.push(hashOfValue(value))
        }
        journal.record({
          at,
          method: request.method,
          route,
          operation,
          serviceId: route.startsWith("/api/{serviceId}/") ? serviceIdOf(request.url) : undefined,
          status: response?.status,
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
          tokenHashes
        })
      }))
  })
