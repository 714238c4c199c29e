/**
 * A bare `node:http` server on loopback, for what the mock server does not show: the sockets the client opens, and
 * answers cut off at the TCP level. Shared by both editions (the Effect 4 edition links to this file): Promises rather
 * than `Effect.async`, which Effect 4 calls `Effect.callback`.
 */
import { Effect } from "effect"
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

export interface RawServer {
  readonly url: string
  /** TCP connections accepted so far. */
  readonly connections: () => number
  /** TCP connections still open. */
  readonly open: () => number
}

export const rawServer = (handler: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<Http.Server>((resolve) => {
        const server = Http.createServer({ keepAliveTimeout: 60_000 }, handler)
        server.listen(0, "127.0.0.1", () => resolve(server))
      })
    ),
    (server) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        })
      )
  ).pipe(
    Effect.map((server): RawServer => {
      let connections = 0
      let open = 0
      server.on("connection", (socket) => {
        connections++
        open++
        socket.on("close", () => open--)
      })
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: () => connections,
        open: () => open
      }
    })
  )

/** Answers every request with an empty `list` page. */
export const emptyListPage: Http.RequestListener = (request, response) => {
  request.resume()
  response.writeHead(200, { "content-type": "application/json" })
  response.end(JSON.stringify({ start: 0, end: 5, totalCount: 0 }))
}

/**
 * A server in a child process that answers every request with a 200 of `bytes` JSON-looking bytes, written in 64 KiB
 * chunks as the client reads them (nothing is held: neither by the child nor by this process), with a
 * `Content-Length` if `announce`, chunked otherwise. Killed when the scope closes. Its URL.
 */
export const streamingServer = (bytes: number, announce: boolean) =>
  Effect.acquireRelease(
    Effect.tryPromise(() =>
      new Promise<{ readonly child: ChildProcess.ChildProcess; readonly url: string }>((resolve, reject) => {
        const script = `
        const chunk = Buffer.alloc(64 * 1024, "x")
        const bytes = ${bytes}
        require("node:http").createServer((request, response) => {
          request.resume()
          response.writeHead(200, { "content-type": "application/json"${
          announce ? ", \"content-length\": String(bytes)" : ""
        } })
          let sent = 0
          const pump = () => {
            while (sent < bytes && !response.destroyed) {
              const size = Math.min(chunk.length, bytes - sent)
              sent += size
              if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
                return response.once("drain", pump)
              }
            }
            if (!response.destroyed) response.end()
          }
          pump()
        }).listen(0, "127.0.0.1", function() { process.stdout.write(String(this.address().port) + "\\n") })
      `
        const child = ChildProcess.spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] })
        child.once("error", reject)
        child.stdout.once("data", (data: Buffer) => resolve({ child, url: `http://127.0.0.1:${String(data).trim()}` }))
      })
    ),
    ({ child }) => Effect.sync(() => child.kill())
  ).pipe(Effect.map(({ url }) => url))

/** Redirects every request to `location` with `status`, as a hostile or misconfigured proxy would. */
export const redirectTo = (status: number, location: () => string): Http.RequestListener => (request, response) => {
  request.resume()
  response.writeHead(status, { location: location(), "content-type": "text/plain" })
  response.end("moved")
}
