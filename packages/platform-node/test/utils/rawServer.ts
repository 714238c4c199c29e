/**
 * A bare `node:http` server on loopback, for what the mock server does not show: the sockets the client opens, and
 * answers cut off at the TCP level.
 */
import { Effect } from "effect"
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
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer({ keepAliveTimeout: 60_000 }, handler)
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
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
