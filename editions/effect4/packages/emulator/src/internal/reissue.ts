/** `POST /idtoken/reissue`: rules I1–I5. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { accessTokenHashesOf, hashOf, sign } from "./crypto.js"
import type { Rule, WireRequest } from "./request.js"
import type { Env, State, TokenRecord } from "./state.js"
import { byAccessTokenHashes, byRefreshTokenHash, isUnexpired } from "./state.js"
import type { WireReply } from "./wire.js"
import { actionFailure, actionOk, given, parseJsonObject } from "./wire.js"

type Request = WireRequest<"reissueIdToken">

const callerError = (env: Env, code: string, text: string) =>
  actionFailure(env.settings, "reissueIdToken", "CALLER_ERROR", code, text)

/** I5: an Authlete-side failure; `responseContent` is what the token endpoint should answer with a 500. */
const serverError = (env: Env): WireReply =>
  actionFailure(env.settings, "reissueIdToken", "INTERNAL_SERVER_ERROR", "A364101", "Authlete Server error.", {
    responseContent: JSON.stringify({ error: "server_error", error_description: "Authlete Server error." })
  })

/** I1–I5. */
export const reissue: Rule<"reissueIdToken"> = {
  run: (env, request) => {
    // I1
    if (!given(request.accessToken)) return Effect.succeed(callerError(env, "A364201", "'accessToken' is missing."))
    if (!given(request.refreshToken)) {
      return Effect.succeed(callerError(env, "A364202", "'refreshToken' is missing."))
    }
    const { accessToken, refreshToken } = request
    return Effect.gen(function*() {
      const accessTokenHashes = yield* accessTokenHashesOf(env.service.key, accessToken, env.now)
      const refreshTokenHash = yield* hashOf(refreshToken)
      const state = yield* Ref.get(env.ref)
      const checked = check(env, state, request, accessTokenHashes, refreshTokenHash)
      if ("reply" in checked) return checked.reply
      return yield* issue(env, checked.record, checked, accessToken, refreshToken)
    })
  },
  invalid: (env, field) => callerError(env, "A364212", `The value of '${field}' is invalid.`),
  internalError: serverError
}

interface Checked {
  readonly record: TokenRecord
  readonly sub: string
  readonly aud: string | ReadonlyArray<string>
  readonly claims: Readonly<Record<string, unknown>>
  readonly header: Readonly<Record<string, unknown>>
}

const check = (
  env: Env,
  state: State,
  request: Request,
  accessTokenHashes: ReadonlyArray<string>,
  refreshTokenHash: string
): Checked | { readonly reply: WireReply } => {
  const refuse = (code: string, text: string) => ({ reply: callerError(env, code, text) })
  const { service, now } = env
  // I2: an existing, unexpired pair of this service
  const record = byAccessTokenHashes(state, accessTokenHashes)
  if (
    record === undefined || record.serviceId !== service.serviceId ||
    byRefreshTokenHash(state, refreshTokenHash) !== record
  ) {
    return refuse("A364203", "The access token and the refresh token do not identify a token of the service.")
  }
  if (!isUnexpired(record, now) || record.refreshTokenExpiresAt <= now) {
    return refuse("A364204", "The access token or the refresh token has expired.")
  }
  // I3
  if (!service.idTokenReissuable) return refuse("A364205", "The service does not allow ID token reissuance.")
  if (record.subject === undefined) return refuse("A364206", "The token has no subject.")
  if (!record.scopes.includes("openid")) return refuse("A364207", "The token does not have the 'openid' scope.")
  if (!state.clients.has(record.clientId)) return refuse("A364208", "The client of the token no longer exists.")
  const claims = request.claims === undefined ? {} : parseJsonObject(request.claims)
  if (claims === undefined) return refuse("A364209", "'claims' is not a JSON object.")
  const header = request.idtHeaderParams === undefined ? {} : parseJsonObject(request.idtHeaderParams)
  if (header === undefined) return refuse("A364209", "'idtHeaderParams' is not a JSON object.")
  const audType = request.idTokenAudType ?? service.idTokenAudType
  if (audType !== "array" && audType !== "string") {
    return refuse("A364210", "'idTokenAudType' must be 'array' or 'string'.")
  }
  const clientId = String(record.clientId)
  return {
    record,
    sub: given(request.sub) ? request.sub : record.subject,
    aud: audType === "string" ? clientId : [clientId],
    claims,
    header
  }
}

/** I4: signs the ID token; the standard claims win over `claims`, `alg`/`kid`/`typ` over `idtHeaderParams`. */
const issue = (
  env: Env,
  record: TokenRecord,
  checked: Checked,
  accessToken: string,
  refreshToken: string
): Effect.Effect<WireReply> => {
  const iat = Math.floor(env.now / 1000)
  const payload = {
    ...checked.claims,
    iss: env.service.issuer,
    sub: checked.sub,
    aud: checked.aud,
    iat,
    exp: iat + env.service.idTokenDuration,
    auth_time: record.authTime,
    acr: record.acr
  }
  return sign(env.service.key, "JWT", checked.header, payload).pipe(
    Effect.map((idToken) =>
      actionOk("reissueIdToken", "A364001", "An ID token was reissued successfully.", {
        responseContent: JSON.stringify({
          access_token: accessToken,
          token_type: record.tokenType,
          expires_in: record.accessTokenPersistent
            ? undefined
            : Math.max(0, Math.ceil((record.accessTokenExpiresAt - env.now) / 1000)),
          scope: record.scopes.join(" "),
          refresh_token: refreshToken,
          id_token: idToken
        }),
        idToken
      })
    ),
    Effect.orElseSucceed(() =>
      callerError(env, "A364211", "'idtHeaderParams' holds header parameters that cannot be used.")
    )
  )
}
