/** `POST /auth/token/revoke` (R1–R7) and `DELETE /auth/token/delete/{id}` (D1–D2): both remove token records. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { hashOf } from "./crypto.js"
import type { Rule } from "./request.js"
import type { Env, State, TokenRecord } from "./state.js"
import { byAccessTokenHash, byIdentifier, byRefreshTokenHash, clientOf, remove, tokensMatching } from "./state.js"
import type { WireReply } from "./wire.js"
import { answer, given, result, serverError } from "./wire.js"

/**
 * Removes the record of this service named by `identifier` (raw value or hash, G4) through `find`; answers what was
 * removed.
 */
const removeOne = (
  env: Env,
  find: (state: State, hash: string) => TokenRecord | undefined,
  identifier: string
): Effect.Effect<TokenRecord | undefined> =>
  Effect.flatMap(hashOf(identifier), (hash) =>
    Ref.modify(env.ref, (state) => {
      const record = byIdentifier(find, state, identifier, hash)
      return record === undefined || record.serviceId !== env.service.serviceId
        ? [undefined, state]
        : [record, remove(state, [record])]
    }))

/** R5 */
const revoked = (count: number): WireReply =>
  answer("revoke", { resultCode: "A312001", resultMessage: `Revoked ${count} access token(s).`, count })

/** R1–R7. */
export const revoke: Rule<"revoke"> = {
  invalid: (_, field) => result(400, "revoke", "A312202", `The value of '${field}' is invalid.`),
  internalError: () => serverError("revoke"),
  run: (env, request) => {
    // R1, R2: a single pair, by access token then by refresh token
    const single = given(request.accessTokenIdentifier)
      ? removeOne(env, byAccessTokenHash, request.accessTokenIdentifier)
      : given(request.refreshTokenIdentifier)
      ? removeOne(env, byRefreshTokenHash, request.refreshTokenIdentifier)
      : undefined
    if (single !== undefined) {
      return Effect.map(single, (record) =>
        record === undefined && env.settings.revokeUnknownStatus === 404
          ? result(404, "revoke", "A312301", "No token matches the identifier.") // R6
          : revoked(record === undefined ? 0 : 1))
    }
    const { clientIdentifier, subject } = request
    if (!given(clientIdentifier) && !given(subject)) {
      // R4
      return Effect.succeed(
        result(
          400,
          "revoke",
          "A312201",
          "One of accessTokenIdentifier, refreshTokenIdentifier, clientIdentifier or subject is required."
        )
      )
    }
    // R3: client and subject, client, subject — at most `revokeBulkLimit` tokens per call
    return Ref.modify(env.ref, (state) => {
      const client = given(clientIdentifier) ? clientOf(state, env.service.serviceId, clientIdentifier) : undefined
      if (given(clientIdentifier) && client === undefined) return [revoked(0), state]
      const matching = tokensMatching(
        state,
        env.service.serviceId,
        client?.clientId,
        given(subject) ? subject : undefined
      ).slice(0, env.settings.revokeBulkLimit)
      return [revoked(matching.length), remove(state, matching)]
    })
  }
}

/** D1–D2. */
export const deleteToken: Rule<"delete"> = {
  run: (env, { accessTokenIdentifier: identifier }) =>
    !given(identifier)
      ? Effect.succeed(result(400, "delete", "A138201", "The access token identifier is missing."))
      : Effect.map(removeOne(env, byAccessTokenHash, identifier), (record) =>
        record === undefined && env.settings.deleteUnknownStatus === 404
          ? result(404, "delete", "A138301", "No access token matches the identifier.")
          : { status: 204 }),
  invalid: (_, field) => result(400, "delete", "A138202", `The value of '${field}' is invalid.`),
  internalError: () => serverError("delete")
}
