/**
 * The standalone server's routes beyond Authlete's six: `GET /health`, the service JWKS at Authlete's
 * `/api/{serviceId}/service/jwks/get`, and the admin surface under `/_emulator/` (its own bearer), composed in front of
 * the emulator's application so that application stays the pure Authlete surface.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as EmulatorSeed from "@effect-authlete/emulator/EmulatorSeed"
import * as EmulatorSnapshot from "@effect-authlete/emulator/EmulatorSnapshot"
import { accessAt, bearerOf, decodeJson, respond, resultAt, resultCodes } from "@effect-authlete/emulator/internal"
import type { Store } from "@effect-authlete/emulator/internal"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type { FaultOptions, Faults, Stats } from "../MockServer.js"

/** Where the admin surface lives: no Authlete path starts so (they all start with `/api/`). */
export const adminPrefix = "/_emulator"

/** Authlete's path of a service's JWK set. */
export const jwksPath = "/api/{serviceId}/service/jwks/get"

const adminRoutes = ["reset", "seed", "snapshot", "faults", "stats"] as const

/** Route templates, to name a request in the log without its values. */
const templates: ReadonlyArray<readonly [RegExp, string]> = [
  ...AuthleteOperation.all.map((operation) => operation.path),
  jwksPath,
  "/health",
  ...adminRoutes.map((route) => `${adminPrefix}/${route}`)
].map((template) => [new RegExp(`^${template.replace(/\{[A-Za-z]+\}/g, "[^/]+")}$`), template] as const)

/** The route template of a request URL (query excluded), or `(unknown)`. */
export const routeOf = (url: string): string => {
  const index = url.indexOf("?")
  const path = index === -1 ? url : url.slice(0, index)
  for (const [pattern, template] of templates) {
    if (pattern.test(path)) return template
  }
  return "(unknown)"
}

/** Whether a request goes to the server's own routes (health and admin): never faulted. */
export const isOwnRoute = (url: string): boolean =>
  url === "/health" || url.startsWith("/health?") || url.startsWith(`${adminPrefix}/`)

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

/**
 * The emulator's application with `GET /api/{serviceId}/service/jwks/get` in front: the service's public keys as a
 * JWK set, after the same bearer and service checks (G1, G2) as the six operations.
 */
export const withJwks = (emulator: AuthleteEmulator.Service, { ref, settings }: Store): HttpApp.Default =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const match = jwksPattern.exec(request.url)
    if (match === null) return emulator.app
    if (request.method !== "GET") {
      return Effect.succeed(respond(
        resultAt(405, jwksApiPath, resultCodes.badMethod, "The method must be GET."),
        { allow: "GET" }
      ))
    }
    return Effect.map(Ref.get(ref), (state) => {
      const service = accessAt(
        state,
        settings,
        jwksApiPath,
        serviceIdOf(match[1]),
        bearerOf(request.headers["authorization"])
      )
      return "serviceId" in service
        ? HttpServerResponse.unsafeJson({ keys: [service.key.publicJwk] })
        : respond(service)
    })
  })

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
}

const failure = (status: number, error: string) => HttpServerResponse.unsafeJson({ error }, { status })

const noContent = HttpServerResponse.empty({ status: 204 })

/** The request body decoded by a schema, or the 400 that says why not. */
const bodyOf = <A, I>(schema: Schema.Schema<A, I>) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => request.text).pipe(
    Effect.mapError(() => "the request body could not be read"),
    Effect.flatMap((text) => decodeJson(schema, text)),
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

const isAdmin = (bearer: string) =>
  Effect.map(
    HttpServerRequest.HttpServerRequest,
    (request) => bearerOf(request.headers["authorization"]) === bearer
  )

/** `GET /health` and the admin routes; anything else under the prefix is a 404. */
export const adminApp = (admin: Admin): Effect.Effect<HttpApp.Default> => {
  const { emulator, faults } = admin
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
    HttpRouter.post(`${adminPrefix}/reset`, guarded(restored(emulator, admin.initial))),
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
    HttpRouter.get(`${adminPrefix}/stats`, guarded(Effect.map(admin.stats, HttpServerResponse.unsafeJson)))
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
  readonly request: (entry: RequestEntry) => void
  /** A request that may change the store was answered. */
  readonly written: () => void
  /** Whether connections are being drained: answers then close their connection. */
  readonly draining: () => boolean
}

const readOnly = new Set(["GET", "HEAD", "OPTIONS"])

/** Reports each request once answered; while draining, asks the client to close its connection. */
export const observed = (app: HttpApp.Default, observer: Observer): HttpApp.Default =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const started = performance.now()
    return app.pipe(
      Effect.map((response) =>
        observer.draining() ? HttpServerResponse.setHeader(response, "connection", "close") : response
      ),
      Effect.onExit((exit) =>
        Effect.sync(() => {
          const status = Exit.isSuccess(exit) ? exit.value.status : undefined
          if (status !== undefined && !readOnly.has(request.method)) observer.written()
          observer.request({
            method: request.method,
            route: routeOf(request.url),
            status,
            durationMs: performance.now() - started
          })
        })
      )
    )
  })
