/**
 * The HTTP front of both servers: a plain `node:http` request listener that reads each request into memory (bounded)
 * and answers it with the server's HTTP application through the emulator's in-process client, the adapter
 * `TestAuthlete.layerMemory` uses. One code path answers both faces; the front only moves bytes, and gives the
 * application the socket-level handle faults need ({@link Exchange}).
 *
 * One fiber per request, started synchronously in the listener: an answer that needs no waiting (every answer but a
 * delayed one) is written before the listener returns, with no promise turn in between.
 */
import { inProcessClient, maxBodyBytes } from "@effect-authlete/emulator/internal"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as FiberRef from "effect/FiberRef"
import * as Runtime from "effect/Runtime"
import type * as Http from "node:http"

/** What the application may do to the connection of the request it answers. */
export interface ExchangeService {
  /** The client went away before its body arrived whole: there is nobody to answer. */
  readonly abandoned: boolean
  /** Destroys the connection with a TCP RST, as a crashed peer or a middlebox sends: the client reads ECONNRESET. */
  readonly reset: () => void
  /** Calls `f` once if the client goes away before the answer is written (a reset by the server excepted). */
  readonly onAbandon: (f: () => void) => void
}

/** The connection of the request being answered; absent in process. */
export class Exchange extends Context.Tag("@effect-authlete/emulator-server/Exchange")<Exchange, ExchangeService>() {}

/**
 * Node's server options of both servers: a request (headers and body) must arrive within 10 seconds and its headers
 * within 5 (Node's defaults, 300 and 60 seconds, kept slow clients' sockets open for minutes; a late one is answered
 * 408), and headers may reach 64 KiB (Node's default, 16 KiB, answered an over-long URL with a bodyless 431 before the
 * emulator saw it; the emulator refuses URLs over 8,192 characters itself, with a `result` body, on every face).
 */
export const serverOptions: Http.ServerOptions = {
  requestTimeout: 10_000,
  headersTimeout: 5_000,
  // how often Node checks the two above (default 30 seconds)
  connectionsCheckingInterval: 1_000,
  maxHeaderSize: 64 * 1024
}

/** Bytes of a body kept: one past the limit, so the application sees it is too large and answers 413. */
const keptBytes = maxBodyBytes + 1

/** Bytes of a body read at most; past them the 413 is answered without waiting for the rest. */
const drainedBytes = 16 * maxBodyBytes

const emptyBody = new Uint8Array(0)

/** The chunks of a body as one `Uint8Array` of exactly its bytes (a `Buffer` may view a larger shared pool). */
const concat = (chunks: ReadonlyArray<Buffer>, size: number): Uint8Array => {
  if (chunks.length === 0) return emptyBody
  const bytes = new Uint8Array(Math.min(size, keptBytes))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, bytes.length - offset), offset)
    offset += chunk.length
    if (offset >= bytes.length) break
  }
  return bytes
}

/** The answer as Node writes it: status, headers with the exact length, body. */
const write = (res: Http.ServerResponse, response: HttpClientResponse.HttpClientResponse, body: ArrayBuffer) => {
  const headers: Record<string, string> = { ...response.headers }
  if (response.status !== 204 && response.status !== 304) headers["content-length"] = String(body.byteLength)
  res.writeHead(response.status, headers)
  res.end(body.byteLength === 0 ? undefined : new Uint8Array(body))
}

/**
 * The application with the handlers it registered for its answer applied (the CORS middleware's headers on answers
 * other than preflights), as `@effect/platform`'s servers apply them.
 */
const withPreResponseHandlers = (app: HttpApp.Default): HttpApp.Default =>
  Effect.flatMap(
    app,
    (response) =>
      Effect.flatMap(FiberRef.get(HttpApp.currentPreResponseHandlers), (handler) =>
        handler._tag === "None"
          ? Effect.succeed(response)
          : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
            Effect.catchAll(handler.value(request, response), () => Effect.succeed(response))))
  )

const answered = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.map(response.arrayBuffer, (body) => [response, body] as const)

/**
 * The request listener of a `node:http` server answering with `app`, run with `runtime` (its clock and services are
 * the application's). A client that goes away interrupts the answer's fiber.
 */
export const listener = (
  app: HttpApp.Default,
  runtime: Runtime.Runtime<never>
): (req: Http.IncomingMessage, res: Http.ServerResponse) => void => {
  const client = inProcessClient(withPreResponseHandlers(app))
  const run = Runtime.runFork(runtime)
  return (req, res) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let dispatched = false
    let resetByServer = false
    let finished = false
    const abandonHooks: Array<() => void> = []

    const dispatch = (abandoned: boolean) => {
      if (dispatched) return
      dispatched = true
      const exchange: ExchangeService = {
        abandoned,
        reset: () => {
          resetByServer = true
          req.socket.resetAndDestroy()
        },
        onAbandon: (f) => void abandonHooks.push(f)
      }
      const body = concat(chunks, size)
      const contentType = req.headers["content-type"]
      const request = HttpClientRequest.make(req.method as HttpMethod.HttpMethod)(`http://front${req.url ?? "/"}`, {
        headers: req.headers as Record<string, string>,
        body: body.length === 0 ? HttpBody.empty : HttpBody.uint8Array(body, contentType)
      })
      const fiber = run(
        client.execute(request).pipe(Effect.flatMap(answered), Effect.provideService(Exchange, exchange))
      )
      const finish = (exit: Exit.Exit<readonly [HttpClientResponse.HttpClientResponse, ArrayBuffer], unknown>) => {
        finished = true
        if (resetByServer || res.writableEnded || res.destroyed) return
        if (Exit.isSuccess(exit)) return write(res, exit.value[0], exit.value[1])
        res.writeHead(500, { "content-length": "0", connection: "close" })
        res.end()
      }
      const exit = fiber.unsafePoll()
      if (exit !== null) finish(exit)
      else {
        fiber.addObserver(finish)
        res.once("close", () => {
          if (!finished) fiber.unsafeInterruptAsFork(FiberId.none)
        })
      }
    }

    res.once("close", () => {
      if (!res.writableEnded && !resetByServer) {
        for (const hook of abandonHooks) hook()
      }
    })
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size <= keptBytes) chunks.push(chunk)
      else if (size > drainedBytes) dispatch(false)
    })
    req.once("end", () => dispatch(false))
    req.once("close", () => {
      // before `end`: the client hung up in the middle of its body
      if (!req.complete) dispatch(true)
    })
    req.once("error", () => undefined)
  }
}

/** Listens on `host:port`; fails with the listen error (`EADDRINUSE`…) as its cause. */
export const listen = (
  server: Http.Server,
  host: string,
  port: number
): Effect.Effect<void, { readonly cause: unknown }> =>
  Effect.async((resume) => {
    const onError = (cause: unknown) => resume(Effect.fail({ cause }))
    server.once("error", onError)
    server.listen(port, host, () => {
      server.off("error", onError)
      resume(Effect.void)
    })
  })

/**
 * Stops accepting, lets the requests in flight be answered for up to `drainMs` (closing idle kept-alive
 * connections at once), then drops what is left.
 */
export const close = (server: Http.Server, drainMs: number): Effect.Effect<void> =>
  Effect.async((resume) => {
    if (!server.listening) return resume(Effect.void)
    const force = setTimeout(() => server.closeAllConnections(), drainMs)
    server.close(() => {
      clearTimeout(force)
      resume(Effect.void)
    })
    server.closeIdleConnections()
  })
