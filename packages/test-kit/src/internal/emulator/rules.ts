/** The rules of every operation, and the bearer and service checks that come before them (G1, G2). */
import type * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { create } from "./create.js"
import { list } from "./list.js"
import { reissue } from "./reissue.js"
import type { Rule } from "./request.js"
import { deleteToken, revoke } from "./revoke.js"
import type { ServiceState, Settings, State } from "./state.js"
import { update } from "./update.js"
import type { WireReply } from "./wire.js"
import { result } from "./wire.js"

/** Each operation's rules. */
export const rules: { readonly [N in AuthleteOperation.Name]: Rule<N> } = {
  reissueIdToken: reissue,
  list,
  create,
  update,
  delete: deleteToken,
  revoke
}

/** G1, G2: the addressed service, or the 401/403/404 that refuses the call. */
export const access = (
  state: State,
  settings: Settings,
  operation: AuthleteOperation.Name,
  serviceId: string,
  token: string | undefined
): ServiceState | WireReply => {
  if (token === undefined) return result(401, operation, "A001202", "Authorization header is missing.")
  const rights = state.bearers.get(token)
  if (rights === undefined) return result(401, operation, "A001203", "The access token is invalid.")
  const service = state.services.get(serviceId)
  if (service === undefined) {
    return result(
      settings.unknownServiceStatus,
      operation,
      "A001214",
      `The service (ID = ${serviceId}) does not exist.`
    )
  }
  if (rights !== "*" && !rights.has(serviceId)) {
    return result(403, operation, "A001213", `The access token has no right to the service (ID = ${serviceId}).`)
  }
  return service
}
