/**
 * The standalone server's routes beyond Authlete's six: `GET /health`, the service JWKS at Authlete's
 * `/api/{serviceId}/service/jwks/get`, and the admin surface under `/_emulator/` (its own bearer), composed in front of
 * the emulator's application so that application stays the pure Authlete surface.
 */
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as EmulatorSeed from "@effect-authlete/emulator/EmulatorSeed"
import * as EmulatorSnapshot from "@effect-authlete/emulator/EmulatorSnapshot"
import {
  accessAt,
  advanceClock,
  bearerOf,
  clearService,
  clockOffset,
  decodeJson,
  hasService,
  jsonReply,
  map,
  onAnswered,
  removeService,
  resetClock,
  respond,
  resultAt,
  resultCodes,
  serviceSnapshot
} from "@effect-authlete/emulator/internal"
import type { Reply, Store } from "@effect-authlete/emulator/internal"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Crypto from "node:crypto"
import type { FaultOptions, Faults, Stats } from "../MockServer.js"
import type { ServerHandler } from "./front.js"
import type { Journal, JournalFilter } from "./journal.js"
import * as OpenApi from "./openapi.js"
import { adminPrefix, routeOf } from "./paths.js"
import type { Scripts } from "./scripts.js"
import { ScriptRequest } from "./scripts.js"

export { adminPrefix, isOwnRoute } from "./paths.js"

// ---------------------------------------------------------------------------------------------------------------------
// the service JWKS, at Authlete's path and behind Authlete's checks
// ---------------------------------------------------------------------------------------------------------------------

const jwksPattern = /^\/api\/([^/?]+)\/service\/jwks\/get(?:\?.*)?$/
const jwksApiPath = "/service/jwks/get"

const serviceIdOf = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ""
  }
}

const jwksBadMethod = respond(
  resultAt(405, jwksApiPath, resultCodes.badMethod, "The method must be GET."),
  { allow: "GET" }
)

/**
 * The emulator's handler with `GET /api/{serviceId}/service/jwks/get` in front: the service's public keys as a JWK
 * set, after the same bearer and service checks (G1, G2) as the six operations.
 */
export const withJwks = ({ cell, handler, settings }: Store): ServerHandler => (call) => {
  const match = jwksPattern.exec(call.url)
  if (match === null) return handler(call)
  if (call.method !== "GET") return jwksBadMethod
  const service = accessAt(
    cell.get(),
    settings,
    jwksApiPath,
    serviceIdOf(match[1]),
    bearerOf(call.headers["authorization"])
  )
  return "serviceId" in service ? jsonReply(200, { keys: [service.key.publicJwk] }) : respond(service)
}

// ---------------------------------------------------------------------------------------------------------------------
// the admin surface
// ---------------------------------------------------------------------------------------------------------------------

const FaultOptionsSchema = Schema.Struct({
  latency: Schema.optional(Schema.NonNegative),
  slowProbability: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  slowLatency: Schema.optional(Schema.NonNegative),
  unavailableProbability: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  retryAfter: Schema.optional(Schema.NonNegative),
  resetProbability: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  truncateProbability: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  seed: Schema.optional(Schema.Int),
  maxFaults: Schema.optional(Schema.NonNegativeInt)
})

type Same<A, B> = [A, keyof A] extends [B, keyof B] ? [B, keyof B] extends [A, keyof A] ? true : false : false
const sameFaults: Same<typeof FaultOptionsSchema.Type, FaultOptions> = true
void sameFaults

/** What the admin surface works on. */
export interface Admin {
  readonly emulator: AuthleteEmulator.Service
  readonly faults: Faults
  readonly stats: Effect.Effect<Stats>
  /** The bearer the admin surface requires. */
  readonly bearer: string
  /** The store `reset` goes back to: as the seed made it. */
  readonly initial: EmulatorSnapshot.Snapshot
  /** The emulator's store: its clock offset and its services, for the clock and tenant routes. */
  readonly store: Store
  readonly journal: Journal
  readonly scripts: Scripts
}

const failure = (status: number, error: string) => HttpServerResponse.unsafeJson({ error }, { status })

const noContent = HttpServerResponse.empty({ status: 204 })

/** The request body decoded by a schema, or the 400 that says why not. */
const bodyOf = <A, I>(schema: Schema.Schema<A, I>) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => request.text).pipe(
    Effect.mapError(() => "the request body could not be read"),
    Effect.flatMap((text) => decodeJson(schema, text.trim() === "" ? "{}" : text)),
    Effect.mapError((message) => failure(400, `invalid body: ${message}`))
  )

/** Adds services, clients, bearers and tokens; a seed that cannot be is a 400 naming why. */
const seed = (emulator: AuthleteEmulator.Service, additions: typeof EmulatorSeed.Additions.Type) =>
  Effect.gen(function*() {
    const services = yield* Effect.forEach(additions.services ?? [], emulator.addService)
    const clients = yield* Effect.forEach(additions.clients ?? [], emulator.addClient)
    yield* Effect.forEach(additions.bearers ?? [], (bearer) => emulator.addBearer(bearer.token, bearer.serviceIds))
    const tokens = yield* Effect.forEach(additions.tokens ?? [], emulator.addToken)
    return HttpServerResponse.unsafeJson({ services, clients, tokens })
  }).pipe(Effect.catchAllDefect((defect) => Effect.fail(failure(400, seedMessage(defect)))))

/** The reason of a refused seed (the emulator's own message, without its prefix). */
export const seedMessage = (defect: unknown): string =>
  defect instanceof Error
    ? defect.message.replace(/^AuthleteEmulator seed: /, "")
    : "the seed was refused"

const restored = (emulator: AuthleteEmulator.Service, snapshot: EmulatorSnapshot.Snapshot) =>
  Effect.as(
    Effect.mapError(emulator.restore(snapshot), (error) => failure(400, `invalid snapshot: ${error.message}`)),
    noContent
  )

const scriptsAnswer = (scripts: Scripts) => HttpServerResponse.unsafeJson({ scripts: scripts.pending() })

const isAdmin = (bearer: string) =>
  Effect.map(
    HttpServerRequest.HttpServerRequest,
    (request) => bearerOf(request.headers["authorization"]) === bearer
  )

// ---------------------------------------------------------------------------------------------------------------------
// the clock, tenants, the journal
// ---------------------------------------------------------------------------------------------------------------------

/** `{"advance": "1 hour"}` (a duration as Effect reads one) or `{"advance": 3600000}` (milliseconds). */
const ClockRequest = Schema.Struct({
  advance: Schema.Union(Schema.NonNegative, Schema.String)
})

const millisOf = (advance: number | string): number | undefined =>
  typeof advance === "number"
    ? advance
    : Option.getOrUndefined(Option.map(Duration.decodeUnknown(advance), Duration.toMillis))

/** The emulator's time: the real clock plus the offset. */
const clockAnswer = (store: Store) =>
  Effect.gen(function*() {
    const offset = yield* clockOffset(store.cell)
    const now = (yield* Clock.currentTimeMillis) + offset
    return HttpServerResponse.unsafeJson({ now: new Date(now).toISOString(), epochMillis: now, offsetMillis: offset })
  })

const advance = (store: Store) =>
  Effect.flatMap(bodyOf(ClockRequest), (request) => {
    const millis = millisOf(request.advance)
    return millis === undefined || !Number.isFinite(millis) || millis < 0
      ? Effect.fail(failure(400, "invalid body: advance must be milliseconds or a duration such as \"1 hour\""))
      : Effect.zipRight(advanceClock(store.cell, millis), clockAnswer(store))
  })

const TenantRequest = Schema.Struct({
  scopes: Schema.optional(Schema.Array(Schema.String)),
  accessTokenDuration: Schema.optional(Schema.Int.pipe(Schema.positive())),
  refreshTokenDuration: Schema.optional(Schema.Int.pipe(Schema.positive())),
  clientIdAlias: Schema.optional(Schema.NonEmptyString)
})

/** A new service with a bearer of its own (random, reaching no other service) and one client. */
const createTenant = (emulator: AuthleteEmulator.Service, request: typeof TenantRequest.Type) =>
  Effect.gen(function*() {
    const bearer = `tenant-${Crypto.randomBytes(24).toString("base64url")}`
    const serviceId = yield* emulator.addService({
      bearers: [bearer],
      ...(request.scopes === undefined ? {} : { scopes: request.scopes }),
      ...(request.accessTokenDuration === undefined ? {} : { accessTokenDuration: request.accessTokenDuration }),
      ...(request.refreshTokenDuration === undefined ? {} : { refreshTokenDuration: request.refreshTokenDuration })
    })
    const clientIdAlias = request.clientIdAlias ?? "tenant-client"
    const clientId = yield* emulator.addClient({ serviceId, clientIdAlias })
    return HttpServerResponse.unsafeJson({ serviceId, bearer, clientId, clientIdAlias }, { status: 201 })
  }).pipe(Effect.catchAllDefect((defect) => Effect.fail(failure(400, seedMessage(defect)))))

/** The `{serviceId}` of a tenant route, or the 404 of an unknown one. */
const tenantOf = (store: Store) =>
  Effect.gen(function*() {
    const serviceId = (yield* HttpRouter.params).serviceId ?? ""
    return (yield* hasService(store.cell, serviceId))
      ? serviceId
      : yield* Effect.fail(failure(404, "no such tenant"))
  })

const tenants = (admin: Admin) => {
  const { emulator, store } = admin
  return {
    list: Effect.sync(
      () =>
        HttpServerResponse.unsafeJson({
          services: Array.from(store.cell.get().services.keys(), (serviceId) => ({
            serviceId,
            default: serviceId === emulator.defaults.serviceId
          }))
        })
    ),
    reset: Effect.flatMap(
      tenantOf(store),
      (serviceId) =>
        Effect.map(clearService(store.cell, serviceId), (removed) => HttpServerResponse.unsafeJson({ removed }))
    ),
    snapshot: Effect.flatMap(
      tenantOf(store),
      (serviceId) =>
        Effect.map(emulator.snapshot, (snapshot) => HttpServerResponse.unsafeJson(serviceSnapshot(snapshot, serviceId)))
    ),
    remove: Effect.flatMap(tenantOf(store), (serviceId) =>
      serviceId === emulator.defaults.serviceId
        ? Effect.fail(failure(400, "the default service cannot be deleted"))
        : Effect.as(removeService(store.cell, serviceId), noContent))
  }
}

const JournalQuery = Schema.Struct({
  operation: Schema.optional(Schema.String),
  route: Schema.optional(Schema.String),
  serviceId: Schema.optional(Schema.String),
  status: Schema.optional(Schema.NumberFromString.pipe(Schema.int())),
  /** ISO 8601 or epoch milliseconds. */
  since: Schema.optional(Schema.String)
})

const filterOf = (url: string): JournalFilter | string => {
  const index = url.indexOf("?")
  const query = Object.fromEntries(new URLSearchParams(index === -1 ? "" : url.slice(index + 1)))
  const decoded = Schema.decodeUnknownEither(JournalQuery)(query)
  if (decoded._tag === "Left") return "invalid query: status must be an integer"
  const { since, ...rest } = decoded.right
  if (since === undefined) return rest
  const instant = /^\d+$/.test(since) ? Number(since) : Date.parse(since)
  return Number.isFinite(instant) ? { ...rest, since: instant } : "invalid query: since must be ISO 8601 or epoch ms"
}

const readJournal = (journal: Journal) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const filter = filterOf(request.url)
    return typeof filter === "string"
      ? Effect.fail(failure(400, filter))
      : Effect.succeed(HttpServerResponse.unsafeJson(journal.read(filter)))
  })

/** `GET /health` and the admin routes; anything else under the prefix is a 404. */
export const adminApp = (admin: Admin): Effect.Effect<HttpApp.Default> => {
  const { emulator, faults, journal, scripts, store } = admin
  const tenant = tenants(admin)
  const guarded = <E, R>(handler: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
    Effect.flatMap(isAdmin(admin.bearer), (ok) =>
      ok
        ? handler
        : Effect.succeed(HttpServerResponse.setHeader(
          failure(401, "the admin bearer is missing or wrong"),
          "www-authenticate",
          "Bearer realm=\"authlete-emulator-admin\""
        )))
  const router = HttpRouter.empty.pipe(
    HttpRouter.get("/health", Effect.succeed(HttpServerResponse.unsafeJson({ status: "ok" }))),
    HttpRouter.get(
      `${adminPrefix}/openapi.json`,
      Effect.sync(() => HttpServerResponse.unsafeJson(OpenApi.document()))
    ),
    HttpRouter.post(
      `${adminPrefix}/reset`,
      guarded(Effect.zipLeft(restored(emulator, admin.initial), resetClock(store.cell)))
    ),
    HttpRouter.post(
      `${adminPrefix}/seed`,
      guarded(Effect.flatMap(bodyOf(EmulatorSeed.Additions), (additions) => seed(emulator, additions)))
    ),
    HttpRouter.get(
      `${adminPrefix}/snapshot`,
      guarded(Effect.map(emulator.snapshot, (snapshot) => HttpServerResponse.unsafeJson(snapshot)))
    ),
    HttpRouter.put(
      `${adminPrefix}/snapshot`,
      guarded(Effect.flatMap(bodyOf(EmulatorSnapshot.Snapshot), (snapshot) => restored(emulator, snapshot)))
    ),
    HttpRouter.get(`${adminPrefix}/faults`, guarded(Effect.map(faults.current, HttpServerResponse.unsafeJson))),
    HttpRouter.put(
      `${adminPrefix}/faults`,
      guarded(
        Effect.flatMap(
          bodyOf(FaultOptionsSchema),
          (options) => Effect.as(faults.set(options), HttpServerResponse.unsafeJson(options))
        )
      )
    ),
    HttpRouter.del(`${adminPrefix}/faults`, guarded(Effect.as(faults.clear, noContent))),
    HttpRouter.get(`${adminPrefix}/faults/script`, guarded(Effect.sync(() => scriptsAnswer(scripts)))),
    HttpRouter.post(
      `${adminPrefix}/faults/script`,
      guarded(Effect.map(bodyOf(ScriptRequest), (script) => {
        scripts.add(script)
        return HttpServerResponse.setStatus(scriptsAnswer(scripts), 201)
      }))
    ),
    HttpRouter.del(`${adminPrefix}/faults/script`, guarded(Effect.as(Effect.sync(scripts.clear), noContent))),
    HttpRouter.get(`${adminPrefix}/stats`, guarded(Effect.map(admin.stats, HttpServerResponse.unsafeJson)))
  ).pipe(
    HttpRouter.get(`${adminPrefix}/clock`, guarded(clockAnswer(store))),
    HttpRouter.post(`${adminPrefix}/clock`, guarded(advance(store))),
    HttpRouter.get(`${adminPrefix}/tenants`, guarded(tenant.list)),
    HttpRouter.post(
      `${adminPrefix}/tenants`,
      guarded(Effect.flatMap(bodyOf(TenantRequest), (request) => createTenant(emulator, request)))
    ),
    HttpRouter.del(`${adminPrefix}/tenants/:serviceId`, guarded(tenant.remove)),
    HttpRouter.post(`${adminPrefix}/tenants/:serviceId/reset`, guarded(tenant.reset)),
    HttpRouter.get(`${adminPrefix}/tenants/:serviceId/snapshot`, guarded(tenant.snapshot)),
    HttpRouter.get(`${adminPrefix}/journal`, guarded(readJournal(journal))),
    HttpRouter.del(`${adminPrefix}/journal`, guarded(Effect.as(Effect.sync(journal.clear), noContent)))
  )
  return Effect.map(HttpRouter.toHttpApp(router), (app) =>
    Effect.catchAll(app, (error) =>
      Effect.succeed(
        HttpServerResponse.isServerResponse(error)
          ? error
          : failure(404, "no such route (see the emulator-server's README)")
      )))
}

// ---------------------------------------------------------------------------------------------------------------------
// the request log
// ---------------------------------------------------------------------------------------------------------------------

/** One line of the request log: no path values, no query, no body. */
export interface RequestEntry {
  readonly method: string
  readonly route: string
  /** The answer's status; `undefined` when the connection was reset (an injected fault) or the client went away. */
  readonly status: number | undefined
  readonly durationMs: number
}

/** What the log middleware reports to. */
export interface Observer {
  /** The request log; none (`--quiet`): no entry is built. */
  readonly request: ((entry: RequestEntry) => void) | undefined
  /** A request that may change the store was answered. */
  readonly written: () => void
  /** Whether connections are being drained: answers then close their connection. */
  readonly draining: () => boolean
}

const readOnly = new Set(["GET", "HEAD", "OPTIONS"])

const closing = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, connection: "close" } })

/** Reports each request once answered; while draining, asks the client to close its connection. */
export const observed = (handler: ServerHandler, observer: Observer): ServerHandler => (call, exchange) => {
  const log = observer.request
  const started = log === undefined ? 0 : performance.now()
  const answered = map(handler(call, exchange), (reply) => observer.draining() ? closing(reply) : reply)
  return onAnswered(answered, (reply) => {
    if (reply !== undefined && !readOnly.has(call.method)) observer.written()
    log?.({
      method: call.method,
      route: routeOf(call.url),
      status: reply?.status,
      durationMs: performance.now() - started
    })
  })
}
