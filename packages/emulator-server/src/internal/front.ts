/**
 * The HTTP front of both servers: a plain `node:http` request listener that reads each request into memory (bounded)
 * and answers it with the server's handler, over the emulator's handler, the one the in-process client of
 * `TestAuthlete.layerMemory` runs. One code path answers both faces; the front only moves bytes, and gives the handler
 * the socket-level handle faults need ({@link ExchangeService}).
 *
 * An answer that needs no waiting (every answer but a delayed, signed or admin one) is computed by plain calls and
 * written before the listener returns: no fiber. One that waits runs in a fiber of the server's runtime.
 */
import type { Call, Handled, Reply } from "@effect-authlete/emulator/internal"
import { isWaiting, maxBodyBytes } from "@effect-authlete/emulator/internal"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as FiberRefs from "effect/FiberRefs"
import * as Runtime from "effect/Runtime"
import type * as Http from "node:http"

/** What the handler may do to the connection of the request it answers. */
export interface ExchangeService {
  /** The client went away before its body arrived whole: there is nobody to answer. */
  readonly abandoned: boolean
  /** Destroys the connection with a TCP RST, as a crashed peer or a middlebox sends: the client reads ECONNRESET. */
  readonly reset: () => void
  /**
   * Calls `f` once if the client goes away before the answer is written (a reset by the server excepted): for an
   * answer that waits (one given at once is written before the client can go).
   */
  readonly onAbandon: (f: () => void) => void
}

/** The server's handler: the emulator's, with the connection of the call (none in process). */
export type ServerHandler = (call: Call, exchange: ExchangeService | undefined) => Handled<Reply>

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

/** Bytes of a body kept: one past the limit, so the handler sees it is too large and answers 413. */
const keptBytes = maxBodyBytes + 1

/** Bytes of a body read at most; past them the 413 is answered without waiting for the rest. */
const drainedBytes = 16 * maxBodyBytes

const emptyBody = new Uint8Array(0)

/** The chunks of a body as one `Uint8Array` of exactly its bytes (a `Buffer` may view a larger shared pool). */
const concat = (chunks: ReadonlyArray<Buffer>, size: number): Uint8Array => {
  if (chunks.length === 0) return emptyBody
  if (chunks.length === 1 && size <= keptBytes) return chunks[0]
  const bytes = new Uint8Array(Math.min(size, keptBytes))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, bytes.length - offset), offset)
    offset += chunk.length
    if (offset >= bytes.length) break
  }
  return bytes
}

/** The answer as Node writes it: status, headers with the exact length, body (JSON text written as it is). */
const write = (res: Http.ServerResponse, reply: Reply) => {
  const { body, status } = reply
  const headers: Record<string, string> = { ...reply.headers }
  if (status !== 204 && status !== 304) {
    headers["content-length"] = String(
      body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength
    )
  }
  res.writeHead(status, headers)
  res.end(body === undefined || body.length === 0 ? undefined : body)
}

/** The clock of a runtime (its `TestClock` when it has one): the instant each call is answered at. */
const clockOf = (runtime: Runtime.Runtime<never>): Clock.Clock =>
  Context.get(FiberRefs.getOrDefault(runtime.fiberRefs, DefaultServices.currentServices), Clock.Clock)

/**
 * The request listener of a `node:http` server answering with `handler`; an answer that waits runs with `runtime`
 * (its clock, the instant of every call, and services are the handler's). A client that goes away interrupts it.
 */
export const listener = (
  handler: ServerHandler,
  runtime: Runtime.Runtime<never>
): (req: Http.IncomingMessage, res: Http.ServerResponse) => void => {
  const run = Runtime.runFork(runtime)
  const clock = clockOf(runtime)
  return (req, res) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let dispatched = false
    let resetByServer = false
    let finished = false
    const abandonHooks: Array<() => void> = []

    const finish = (exit: Exit.Exit<Reply, unknown>) => {
      finished = true
      if (resetByServer || res.writableEnded || res.destroyed) return
      if (Exit.isSuccess(exit)) return write(res, exit.value)
      res.writeHead(500, { "content-length": "0", connection: "close" })
      res.end()
    }

    const dispatch = (abandoned: boolean) => {
      if (dispatched) return
      dispatched = true
      const exchange: ExchangeService = {
        abandoned,
        reset: () => {
          resetByServer = true
          req.socket.resetAndDestroy()
        },
        onAbandon: (f) => {
          if (abandonHooks.length === 0) {
            res.once("close", () => {
              if (!res.writableEnded && !resetByServer) {
                for (const hook of abandonHooks) hook()
              }
            })
          }
          abandonHooks.push(f)
        }
      }
      const call: Call = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers as Readonly<Record<string, string>>,
        body: concat(chunks, size),
        now: clock.unsafeCurrentTimeMillis()
      }
      let handled: Handled<Reply>
      try {
        handled = handler(call, exchange)
      } catch (defect) {
        return finish(Exit.die(defect))
      }
      if (!isWaiting(handled)) return finish(Exit.succeed(handled))
      const fiber = run(handled)
      const exit = fiber.unsafePoll()
      if (exit !== null) return finish(exit)
      fiber.addObserver(finish)
      res.once("close", () => {
        if (!finished) fiber.unsafeInterruptAsFork(FiberId.none)
      })
    }

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
