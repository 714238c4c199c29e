/**
 * The loopback server of the benchmark, run in its own process (`fork` with tsx): answers the six token-management
 * paths with fixed Authlete-shaped bodies (a `list` page as long as asked, up to 100 tokens) and reports its port to the
 * parent over IPC.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Fixtures from "./fixtures.js"

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

const prefix = `/api/${Fixtures.serviceId}`
const bodies = new Map<string, Buffer>([
  [`POST ${prefix}${Fixtures.routes.create}`, json(Fixtures.createResponse)],
  [`POST ${prefix}${Fixtures.routes.update}`, json(Fixtures.updateResponse)],
  [`POST ${prefix}${Fixtures.routes.revoke}`, json(Fixtures.revokeResponse)],
  [`POST ${prefix}${Fixtures.routes.reissue}`, json(Fixtures.reissueResponse)]
])
/** `list`: the fixed page, cut to `end - start` tokens (at most its 100), each size built once. */
const listPages = new Map<number, Buffer>()
const listPage = (search: string): Buffer => {
  const params = new URLSearchParams(search)
  const size = Math.max(0, Math.min(100, Number(params.get("end") ?? 5) - Number(params.get("start") ?? 0) || 0))
  let page = listPages.get(size)
  if (page === undefined) {
    const accessTokens = Fixtures.listResponse.accessTokens.slice(0, size)
    listPages.set(size, page = json({ ...Fixtures.listResponse, end: size, accessTokens }))
  }
  return page
}
const unauthorized = json({ resultCode: "A001202", resultMessage: "[A001202] Authorization header is missing." })

const server = Http.createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  // Drain the request body before answering, as a real server would.
  request.resume()
  request.on("end", () => {
    const url = request.url ?? "/"
    const query = url.indexOf("?")
    const path = query === -1 ? url : url.slice(0, query)
    if (request.headers.authorization !== `Bearer ${Fixtures.bearer}`) {
      response.writeHead(401, { "content-type": "application/json", "content-length": unauthorized.length })
      response.end(unauthorized)
      return
    }
    if (request.method === "DELETE" && path.startsWith(`${prefix}${Fixtures.routes.delete}`)) {
      response.writeHead(204)
      response.end()
      return
    }
    const body = request.method === "GET" && path === `${prefix}${Fixtures.routes.list}`
      ? listPage(url.slice(query + 1))
      : bodies.get(`${request.method} ${path}`)
    if (body === undefined) {
      response.writeHead(404, { "content-type": "text/plain", "content-length": 9 })
      response.end("not found")
      return
    }
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length })
    response.end(body)
  })
})
server.keepAliveTimeout = 60_000

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo
  process.send?.({ port })
})

process.on("disconnect", () => process.exit(0))
