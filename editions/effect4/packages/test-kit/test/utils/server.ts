/**
 * The Effect 4 emulator served on `127.0.0.1` (a free port) by a plain `node:http` front over its application, for
 * tests that need a real socket: the platform layers, the official SDK. Every request is journaled as it arrived.
 */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import type { Scope } from "effect"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/** A request as the server received it. */
export interface Received {
  readonly method: string
  /** Path and query. */
  readonly url: string
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The body parsed as JSON, `undefined` when empty. */
  readonly body: unknown
}

/** A running server: its base URL, its emulator and what it received. */
export interface Served {
  readonly url: string
  readonly emulator: AuthleteEmulator.Service
  readonly received: Array<Received>
}

const readAll = (request: Http.IncomingMessage): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks)))
    request.on("error", reject)
  })

const headersOf = (request: Http.IncomingMessage): Record<string, string | undefined> => {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return headers
}

/**
 * Serves `emulator` until the scope closes; `wrap` puts something in front of its listener (the browser test's CORS
 * answers).
 */
export const serve = (
  emulator: AuthleteEmulator.Service,
  wrap: (listener: Http.RequestListener) => Http.RequestListener = (listener) => listener
): Effect.Effect<Served, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ readonly served: Served; readonly server: Http.Server }>((resolve) => {
        const received: Array<Received> = []
        const server = Http.createServer(wrap((request, response) => {
          void readAll(request).then((body) => {
            const headers = headersOf(request)
            const text = new TextDecoder().decode(body)
            received.push({
              method: request.method ?? "GET",
              url: request.url ?? "/",
              headers,
              body: text === "" ? undefined : JSON.parse(text)
            })
            return Effect.runPromise(
              emulator.app({ method: request.method ?? "GET", url: request.url ?? "/", headers, body })
            )
          }).then((answer) => {
            // the handler's answer: its headers (content-type included) and its JSON text, sent as they are
            response.writeHead(answer.status, answer.headers)
            response.end(answer.status === 204 ? undefined : answer.body)
          })
        }))
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as AddressInfo
          resolve({ served: { url: `http://127.0.0.1:${port}`, emulator, received }, server })
        })
      })
    ),
    ({ server }) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        })
      )
  ).pipe(Effect.map(({ served }) => served))

/** The options of a platform layer pointed at `served`, with the bearer of its emulator's default service. */
export const connection = ({ emulator, url }: Served) => ({
  baseUrl: url,
  bearer: emulator.defaults.bearer,
  serviceId: emulator.defaults.serviceId
})

/**
 * A `list` through a platform's `layerConfig()`, configured for a fresh emulator behind a fresh server through
 * `AUTHLETE_BEARER`, `AUTHLETE_SERVICE_ID` and `AUTHLETE_BASE_URL` only: the total count of the one token seeded.
 */
export const listThroughConfig = <E>(
  layerConfig: Layer.Layer<TokenManagement.TokenManagement, E>
) =>
  Effect.scoped(Effect.gen(function*() {
    const emulator = yield* AuthleteEmulator.make()
    const { url } = yield* serve(emulator)
    yield* emulator.addToken()
    const page = yield* Effect.provide(TokenManagement.list(), layerConfig).pipe(
      Effect.provideService(
        ConfigProvider.ConfigProvider,
        ConfigProvider.fromEnv({
          env: {
            AUTHLETE_BEARER: Redacted.value(emulator.defaults.bearer),
            AUTHLETE_SERVICE_ID: emulator.defaults.serviceId,
            AUTHLETE_BASE_URL: url
          }
        })
      )
    )
    return page.totalCount
  }))

/** A fresh emulator behind a fresh server, as a layer of the emulator and the server. */
export const layer = <A, E>(
  client: (served: Served) => Layer.Layer<A, E>
): Layer.Layer<A | AuthleteEmulator.AuthleteEmulator, E> =>
  Layer.unwrap(
    Effect.gen(function*() {
      const emulator = yield* AuthleteEmulator.make()
      const served = yield* serve(emulator)
      return Layer.merge(client(served), Layer.succeed(AuthleteEmulator.AuthleteEmulator, emulator))
    })
  )
