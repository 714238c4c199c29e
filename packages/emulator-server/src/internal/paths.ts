/** The server's paths: Authlete's (from core's rows), the JWKS, health and the admin routes, as route templates. */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"

/** Where the admin surface lives: no Authlete path starts so (they all start with `/api/`). */
export const adminPrefix = "/_emulator"

/** Authlete's path of a service's JWK set. */
export const jwksPath = "/api/{serviceId}/service/jwks/get"

const adminRoutes = [
  "reset",
  "seed",
  "snapshot",
  "faults",
  "faults/script",
  "stats",
  "clock",
  "tenants",
  "tenants/{serviceId}",
  "tenants/{serviceId}/reset",
  "tenants/{serviceId}/snapshot",
  "journal",
  "openapi.json"
] as const

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

/** The `{serviceId}` segment of an `/api/{serviceId}/…` URL, decoded (as sent when it is not valid encoding). */
export const serviceIdOf = (url: string): string => {
  const segment = url.split("?", 1)[0].split("/", 3)[2] ?? ""
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
