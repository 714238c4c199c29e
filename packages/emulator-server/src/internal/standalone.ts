/**
 * The standalone server: the emulator's application behind faults and CORS (as the mock server serves it), the
 * server's own routes in front (health, admin, JWKS), a request log, a state file, and a shutdown that drains: it
 * stops accepting, lets every request in flight be answered (asking each client to close its connection), then saves
 * the state. A write answered before the shutdown is therefore in the saved state.
 */
import type * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as EmulatorSeed from "@effect-authlete/emulator/EmulatorSeed"
import * as EmulatorInternal from "@effect-authlete/emulator/internal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { FaultOptions } from "../MockServer.js"
import { TypeId } from "./errors.js"
import * as Front from "./front.js"
import * as Pipeline from "./pipeline.js"
import type { RequestEntry } from "./routes.js"
import { observed, seedMessage } from "./routes.js"
import * as StateFile from "./stateFile.js"

/** The server cannot listen: the port is taken, the host is not this machine's, or permission is denied. */
export class ListenError
  extends Schema.TaggedError<ListenError>("@effect-authlete/emulator-server/ListenError")("ListenError", {
    message: Schema.String
  })
{
  /**
   * Marks this error as one of the server's.
   */
  readonly [TypeId]: TypeId = TypeId
}

/** What happens to the server, beside requests. */
export type Event =
  | { readonly _tag: "Draining" }
  | { readonly _tag: "Saved"; readonly path: string; readonly tokens: number }
  | { readonly _tag: "SaveFailed"; readonly message: string }
  | { readonly _tag: "Stopped" }

/** How a server starts. */
export interface Config {
  readonly host: string
  readonly port: number
  readonly emulator: AuthleteEmulator.EmulatorOptions
  readonly faults: FaultOptions
  readonly adminBearer: string
  /** The state file; none: the store lives as long as the process. */
  readonly statePath: string | undefined
  /** Milliseconds between saves of a changed store (0: at shutdown only). */
  readonly saveIntervalMs: number
  /** Milliseconds a shutdown waits for requests in flight before dropping their connections. */
  readonly drainTimeoutMs: number
  /** The request log; none for `--quiet`. */
  readonly onRequest: ((entry: RequestEntry) => void) | undefined
  readonly onEvent: (event: Event) => void
}

/** A listening server. */
export interface Running {
  /** The base URL to give a client. */
  readonly url: string
  readonly emulator: AuthleteEmulator.Service
  /** Whether the store came from the state file. */
  readonly restored: boolean
}

const codeOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined

const listenError = (host: string, port: number) => (error: { readonly cause: unknown }): ListenError => {
  const address = `${host}:${port}`
  const code = codeOf(error.cause)
  return new ListenError({
    message: code === "EADDRINUSE"
      ? `cannot listen on ${address}: the port is already in use`
      : code === "EACCES"
      ? `cannot listen on ${address}: permission denied`
      : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
      ? `cannot listen on ${address}: ${host} is not an address of this machine`
      : `cannot listen on ${address} (${code ?? "unknown error"})`
  })
}

const urlOf = (address: string | null | { readonly address: string; readonly port: number }): string => {
  if (address === null || typeof address === "string") return "http://127.0.0.1"
  const host = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "::1" : address.address
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`
}

/** Starts a server in the current scope; closing the scope drains it and saves the state. */
export const make = (
  config: Config
): Effect.Effect<Running, EmulatorSeed.SeedError | StateFile.StateFileError | ListenError, Scope.Scope> =>
  Effect.gen(function*() {
    const { service: emulator, store } = yield* EmulatorInternal.make(config.emulator).pipe(
      Effect.catchAllDefect((defect) => new EmulatorSeed.SeedError({ message: seedMessage(defect) }))
    )
    const initial = yield* emulator.snapshot
    const { statePath } = config
    const loaded = statePath === undefined ? Option.none() : yield* StateFile.load(statePath)
    if (Option.isSome(loaded)) {
      yield* Effect.mapError(emulator.restore(loaded.value), (error) =>
        new StateFile.StateFileError({
          message: `the state file ${statePath} does not fit this seed (${error.message}); ` +
            "start with the seed it was made with, or move it away"
        }))
    }

    const pipeline = yield* Pipeline.make({
      emulator,
      store,
      faults: config.faults,
      adminBearer: config.adminBearer,
      initial
    })
    let draining = false
    let writes = 0
    const handler = observed(pipeline.handler, {
      request: config.onRequest,
      written: () => writes++,
      draining: () => draining
    })

    const runtime = yield* Effect.runtime<never>()
    const nodeServer = Http.createServer(Front.serverOptions, Front.listener(handler, runtime))
    yield* Front.listen(nodeServer, config.host, config.port).pipe(
      Effect.mapError(listenError(config.host, config.port))
    )

    // saves: one at a time, each of the store as it is after every write counted so far
    const lock = yield* Effect.makeSemaphore(1)
    let savedWrites = -1
    const save = (path: string, force: boolean) =>
      lock.withPermits(1)(Effect.gen(function*() {
        const seen = writes
        if (!force && seen === savedWrites) return
        const snapshot = yield* emulator.snapshot
        yield* StateFile.save(path, snapshot)
        savedWrites = seen
        config.onEvent({ _tag: "Saved", path, tokens: snapshot.tokens.length })
      }))

    // stops accepting, lets the requests in flight be answered, then saves
    yield* Effect.addFinalizer(() =>
      Effect.gen(function*() {
        draining = true
        config.onEvent({ _tag: "Draining" })
        yield* Front.close(nodeServer, config.drainTimeoutMs)
        if (statePath !== undefined) {
          yield* save(statePath, true).pipe(Effect.catchAll((error) => {
            config.onEvent({ _tag: "SaveFailed", message: error.message })
            return Effect.die(error)
          }))
        }
        config.onEvent({ _tag: "Stopped" })
      })
    )
    if (statePath !== undefined && config.saveIntervalMs > 0) {
      yield* Effect.sleep(config.saveIntervalMs).pipe(
        Effect.zipRight(save(statePath, false)),
        Effect.catchAll((error) => Effect.sync(() => config.onEvent({ _tag: "SaveFailed", message: error.message }))),
        Effect.forever,
        Effect.forkScoped
      )
    }
    return { url: urlOf(nodeServer.address()), emulator, restored: Option.isSome(loaded) }
  })
