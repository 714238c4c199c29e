/** One call in, one wire answer out: bearer and service checks (G1, G2), then the operation's rules. */
import type { Operation } from "@effect-authlete/core/AuthleteError"
import type { Call } from "@effect-authlete/core/TokenTransport"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { WireReply } from "../../AuthleteEmulator.js"
import { create } from "./create.js"
import { list } from "./list.js"
import { reissue, reissueServerError } from "./reissue.js"
import { deleteToken, revoke } from "./revoke.js"
import type { Env, ServiceState, Settings, State } from "./state.js"
import { update } from "./update.js"
import { actionFailure, result, serverError } from "./wire.js"

/** The token of an `Authorization` value or of a bare bearer; `undefined` when there is none. */
const tokenOf = (bearer: string | undefined): string | undefined => {
  const token = bearer?.trim().replace(/^bearer\s+/i, "")
  return token === undefined || token === "" ? undefined : token
}

/** G1, G2: the addressed service, or the 401/403/404 that refuses the call. */
const access = (state: State, settings: Settings, call: Call, bearer: string | undefined): ServiceState | WireReply => {
  const { operation, serviceId } = call
  const token = tokenOf(bearer)
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

const internalErrorCode = { create: "A109101", update: "A135101" } as const

/** I5: what each operation answers when Authlete fails internally. */
const internalError = (env: Env, operation: Operation): WireReply => {
  switch (operation) {
    case "create":
    case "update":
      return actionFailure(
        env.settings,
        operation,
        "INTERNAL_SERVER_ERROR",
        internalErrorCode[operation],
        "Authlete Server error."
      )
    case "reissueIdToken":
      return reissueServerError(env)
    default:
      return serverError(operation)
  }
}

const dispatch = (env: Env, call: Call): Effect.Effect<WireReply> => {
  switch (call.operation) {
    case "reissueIdToken":
      return reissue(env, call.body)
    case "list":
      return list(env, call.query)
    case "create":
      return create(env, call.body)
    case "update":
      return update(env, call.body)
    case "delete":
      return deleteToken(env, call.accessTokenIdentifier)
    case "revoke":
      return revoke(env, call.body)
  }
}

/** Answers one call. Never fails: a defect (a bug of the emulator) answers 500 `A001101`. */
export const handle =
  (ref: Ref.Ref<State>, settings: Settings) => (call: Call, bearer: string | undefined): Effect.Effect<WireReply> =>
    Effect.gen(function*() {
      const state = yield* Ref.get(ref)
      const service = access(state, settings, call, bearer)
      if (!("serviceId" in service)) return service
      const env: Env = { ref, settings, now: yield* Clock.currentTimeMillis, service }
      return state.internalErrors.has(call.operation) ? internalError(env, call.operation) : yield* dispatch(env, call)
    }).pipe(Effect.catchAllDefect(() => Effect.succeed(serverError(call.operation))))
