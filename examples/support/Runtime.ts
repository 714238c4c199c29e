/**
 * Where the examples run.
 *
 * - Without credentials: an Authlete emulator is started in-process behind a real HTTP server on 127.0.0.1
 *   (`MockServer.layer()`), and the examples talk to it through the real Node transport (`NodeAuthlete.layer`).
 * - With `AUTHLETE_BEARER` and `AUTHLETE_SERVICE_ID` (optionally `AUTHLETE_BASE_URL` or `AUTHLETE_SERVER`): the same
 *   scripts talk to Authlete (`NodeAuthlete.layerConfig()`). They then also need `AUTHLETE_CLIENT_ID`, a client of that
 *   service, and may take `AUTHLETE_SUBJECT` and `AUTHLETE_SCOPES` (space-separated, supported by the service).
 *
 * Either way an example gets `TokenManagement`, `AuthleteClient` and the {@link Environment} below.
 */
import type { AuthleteError, TokenManagement } from "@effect-authlete/core"
import { AuthleteClient } from "@effect-authlete/core"
import type { AuthleteEmulator } from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import { NodeRuntime } from "@effect/platform-node"
import type { ServeError } from "@effect/platform/HttpServerError"
import type { ConfigError } from "effect"
import { Config, Console, Context, Effect, Layer, Option } from "effect"

/** Who the examples act for, and against what. */
export class Environment extends Context.Tag("examples/Environment")<Environment, {
  /** A sentence saying what the examples talk to. */
  readonly target: string
  /** Numeric ID of the client the examples' tokens are issued to. */
  readonly clientId: number
  /** The end user the examples' tokens are issued for. */
  readonly subject: string
  /** Scopes the service supports; examples start with the first and update to all. */
  readonly scopes: ReadonlyArray<string>
}>() {}

/** What every example can use. */
export type Services = TokenManagement.TokenManagement | AuthleteClient.AuthleteClient | Environment

/** Subject of the tokens the examples create, and scopes they ask for (both overridable on real Authlete). */
const exampleSubject = "effect-authlete-example"
const exampleScopes = ["history.read", "timeline.read"]

/** The embedded emulator behind a mock HTTP server, reached through the Node transport; the server is exposed too. */
export const layerEmulated: Layer.Layer<
  Services | MockServer.MockServer | AuthleteEmulator.AuthleteEmulator,
  ServeError | AuthleteError.AuthleteConfigError
> = Layer
  .unwrapEffect(Effect.gen(function*() {
    const server = yield* MockServer.MockServer
    const { bearer, clientId, serviceId } = server.emulator.defaults
    return Layer.merge(
      NodeAuthlete.layer({ baseUrl: server.url, bearer, serviceId }),
      Layer.succeed(Environment, {
        target: `the embedded Authlete emulator at ${server.url} (no AUTHLETE_* credentials set)`,
        clientId,
        subject: exampleSubject,
        scopes: exampleScopes
      })
    )
  })).pipe(Layer.provideMerge(MockServer.layer()))

/** Real Authlete, configured from the `AUTHLETE_*` environment variables. */
export const layerAuthlete: Layer.Layer<Services, ConfigError.ConfigError | AuthleteError.AuthleteConfigError> = Layer
  .effect(
    Environment,
    Effect.gen(function*() {
      const client = yield* AuthleteClient.AuthleteClient
      const { clientId, scopes, serviceId, subject } = yield* Config.all({
        // layerConfig() takes a missing service ID for "name it in each call"; the examples never do.
        serviceId: Config.nonEmptyString("AUTHLETE_SERVICE_ID"),
        clientId: Config.integer("AUTHLETE_CLIENT_ID"),
        subject: Config.withDefault(Config.nonEmptyString("AUTHLETE_SUBJECT"), exampleSubject),
        scopes: Config.withDefault(
          Config.map(Config.nonEmptyString("AUTHLETE_SCOPES"), (s) => s.trim().split(/\s+/)),
          exampleScopes
        )
      })
      return {
        target: `Authlete at ${client.baseUrl}, service ${serviceId}`,
        clientId,
        subject,
        scopes
      }
    })
  ).pipe(Layer.provideMerge(NodeAuthlete.layerConfig()))

/** Real Authlete as soon as either credential is set (a missing one is then reported), the emulator otherwise. */
export const layer: Layer.Layer<Services, ConfigError.ConfigError | ServeError | AuthleteError.AuthleteConfigError> =
  Layer.unwrapEffect(
    Effect.map(
      Config.all([
        Config.option(Config.string("AUTHLETE_BEARER")),
        Config.option(Config.string("AUTHLETE_SERVICE_ID"))
      ]),
      (
        [bearer, serviceId]
      ): Layer.Layer<Services, ConfigError.ConfigError | ServeError | AuthleteError.AuthleteConfigError> =>
        Option.isSome(bearer) || Option.isSome(serviceId) ? layerAuthlete : layerEmulated
    )
  )

const runWith =
  <R, E0>(environment: Layer.Layer<R | Environment, E0>) =>
  <A, E>(program: Effect.Effect<A, E, R | Environment>): void =>
    Effect.gen(function*() {
      const { target } = yield* Environment
      yield* Console.log(`Talking to ${target}.`)
      return yield* program
    }).pipe(Effect.provide(environment), NodeRuntime.runMain)

/** Runs an example as a Node program: says where it runs, then runs it; a failure is printed and exits with 1. */
export const run: <A, E>(program: Effect.Effect<A, E, Services>) => void = runWith(layer)

/** Runs an example that needs the mock server itself (to inject faults), whatever the environment says. */
export const runEmulated: <A, E>(
  program: Effect.Effect<A, E, Services | MockServer.MockServer | AuthleteEmulator.AuthleteEmulator>
) => void = runWith(layerEmulated)
