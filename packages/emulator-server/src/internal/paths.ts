/** The server's paths: Authlete's (from core's rows), the JWKS, health and the admin routes, as route templates. */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { compileRoute, matchRouteTemplate, pathOf } from "@effect-authlete/emulator/internal"

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

/** Route templates, compiled once: each `{field}` segment captured, to name a request without its values. */
const templates = [
  ...AuthleteOperation.all.map((operation) => operation.path),
  jwksPath,
  "/health",
  ...adminRoutes.map((route) => `${adminPrefix}/${route}`)
].map(compileRoute)

/** A request URL's route: its template and the raw value each `{field}` segment takes. */
export interface Route {
  readonly template: string
  readonly values: ReadonlyArray<readonly [field: string, raw: string]>
}

/** The last URL matched and its route: the journal, the scripts and the request log each ask for the same call's. */
let last: { readonly url: string; readonly route: Route | undefined } = { url: "", route: undefined }

/** The route of a request URL (query excluded), or `undefined` for a path the server does not know. */
export const matchRoute = (url: string): Route | undefined => {
  if (url === last.url) return last.route
  const path = pathOf(url)
  let route: Route | undefined
  for (const template of templates) {
    const values = matchRouteTemplate(template, path)
    if (values !== undefined) {
      route = { template: template.template, values }
      break
    }
  }
  last = { url, route }
  return route
}

/** The route template of a request URL (query excluded), or `(unknown)`. */
export const routeOf = (url: string): string => matchRoute(url)?.template ?? "(unknown)"

/** Whether a request goes to the server's own routes (health and admin): never faulted. */
export const isOwnRoute = (url: string): boolean =>
  url === "/health" || url.startsWith("/health?") || url.startsWith(`${adminPrefix}/`)

/** The `{serviceId}` a matched route took, decoded (as sent when it is not valid encoding); none for other routes. */
export const serviceIdIn = (route: Route | undefined): string | undefined => {
  const raw = route?.values.find(([field]) => field === "serviceId")?.[1]
  if (raw === undefined || !raw.includes("%")) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
