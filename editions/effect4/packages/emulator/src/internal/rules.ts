/** The rules of every operation, and the bearer and service checks that come before them (G1, G2). */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { create } from "./create.js"
import { introspection } from "./introspection.js"
import { list } from "./list.js"
import { reissue } from "./reissue.js"
import type { Rule } from "./request.js"
import { deleteToken, revoke } from "./revoke.js"
import type { ServiceState, Settings, State } from "./state.js"
import { update } from "./update.js"
import type { WireReply } from "./wire.js"
import { resultAt } from "./wire.js"

/** Each operation's rules. */
export const rules: { readonly [N in AuthleteOperation.Name]: Rule<N> } = {
  reissueIdToken: reissue,
  list,
  create,
  update,
  delete: deleteToken,
  revoke,
  introspection
}

/** G1, G2: the addressed service, or the 401/403/404 that refuses the call. */
export const access = (
  state: State,
  settings: Settings,
  operation: AuthleteOperation.Name,
  serviceId: string,
  token: string | undefined
): ServiceState | WireReply =>
  accessAt(state, settings, AuthleteOperation.apiPath(AuthleteOperation.operations[operation]), serviceId, token)

/** G1, G2 for any API of a service, named by its path below `/api/{serviceId}` in the messages. */
export const accessAt = (
  state: State,
  settings: Settings,
  path: string,
  serviceId: string,
  token: string | undefined
): ServiceState | WireReply => {
  if (token === undefined) return resultAt(401, path, "A001202", "Authorization header is missing.")
  const rights = state.bearers.get(token)
  if (rights === undefined) return resultAt(401, path, "A001203", "The access token is invalid.")
  const service = state.services.get(serviceId)
  if (service === undefined) {
    return resultAt(settings.unknownServiceStatus, path, "A001214", `The service (ID = ${serviceId}) does not exist.`)
  }
  if (rights !== "*" && !rights.has(serviceId)) {
    return resultAt(403, path, "A001213", `The access token has no right to the service (ID = ${serviceId}).`)
  }
  return service
}
