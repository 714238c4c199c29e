/** `POST /auth/introspection`: rules T1–T7. */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Jose from "jose"
import { accessTokenHashesOf, hashOfBytes } from "./crypto.js"
import type { Rule, WireRequest } from "./request.js"
import type { Env, State, TokenRecord } from "./state.js"
import { byAccessTokenHashes, isUnexpired } from "./state.js"
import type { ActionOf, AnswerOf, WireReply } from "./wire.js"
import { actionFailure, actionOk, given, propertiesOut } from "./wire.js"

type Request = WireRequest<"introspection">

/** How far a DPoP proof's `iat` may be from the emulator's clock, in seconds (T4). */
const dpopProofWindow = 300

/** The `error` of the `WWW-Authenticate` value of each refusal (T1–T5, T7). */
type Refusal = "invalid_request" | "invalid_token" | "insufficient_scope" | "server_error"

/** A non-`OK` answer; `responseContent` is the `WWW-Authenticate` value the resource server answers the client with. */
const refuse = (
  env: Env,
  action: Exclude<ActionOf<"introspection">, "OK">,
  code: string,
  text: string,
  error: Refusal,
  fields: Omit<AnswerOf<"introspection">, "resultCode" | "resultMessage" | "action" | "responseContent"> = {},
  scheme: "Bearer" | "DPoP" = "Bearer"
): WireReply =>
  actionFailure(env.settings, "introspection", action, code, text, {
    ...fields,
    responseContent: `${scheme} error="${error}",error_description="[${code}] ${text}"`
  })

/** T1–T7. */
export const introspection: Rule<"introspection"> = {
  run: (env, request) => {
    // T1
    if (!given(request.token)) {
      return Effect.succeed(
        refuse(env, "BAD_REQUEST", "A056201", "The request does not contain a token.", "invalid_request")
      )
    }
    const token = request.token
    return Effect.gen(function*() {
      const hashes = yield* accessTokenHashesOf(env.service.key, token, env.now) // T2
      const proof = given(request.dpop) ? yield* verifiedDpopProof(request.dpop) : undefined
      const state = yield* Ref.get(env.ref)
      return decide(env, state, request, hashes, proof)
    })
  },
  invalid: (env, field) =>
    refuse(env, "BAD_REQUEST", "A056202", `The value of '${field}' is invalid.`, "invalid_request"),
  // T7
  internalError: (env) => refuse(env, "INTERNAL_SERVER_ERROR", "A056101", "Authlete Server error.", "server_error")
}

const decide = (
  env: Env,
  state: State,
  request: Request,
  hashes: ReadonlyArray<string>,
  proof: DpopProof | undefined
): WireReply => {
  // T2: a token of another service, revoked or deleted (R7) is no token of this service
  const record = byAccessTokenHashes(state, hashes)
  if (record === undefined || record.serviceId !== env.service.serviceId) {
    return refuse(env, "UNAUTHORIZED", "A056301", "The access token does not exist.", "invalid_token", {
      existent: false,
      usable: false,
      sufficient: false,
      refreshable: false
    })
  }
  const scheme = record.dpopKeyThumbprint === undefined ? "Bearer" : "DPoP"
  const known = describe(env, state, record)
  // T3
  if (!isUnexpired(record, env.now)) {
    return refuse(env, "UNAUTHORIZED", "A056302", "The access token has expired.", "invalid_token", {
      ...known,
      usable: false,
      sufficient: false
    }, scheme)
  }
  // T4
  const binding = bindingProblem(env, record, request, hashes[0], proof)
  if (binding !== undefined) {
    return refuse(env, "UNAUTHORIZED", binding.code, binding.text, "invalid_token", {
      ...known,
      usable: false,
      sufficient: false
    }, scheme)
  }
  // T5
  const missing = (request.scopes ?? []).filter((scope) => !record.scopes.includes(scope))
  if (missing.length > 0) {
    return refuse(
      env,
      "FORBIDDEN",
      "A056305",
      `The access token does not cover the required scopes: ${missing.join(" ")}.`,
      "insufficient_scope",
      { ...known, usable: true, sufficient: false },
      scheme
    )
  }
  if (given(request.subject) && request.subject !== record.subject) {
    return refuse(
      env,
      "FORBIDDEN",
      "A056306",
      "The access token was not issued for the required subject.",
      "invalid_request",
      { ...known, usable: true, sufficient: false },
      scheme
    )
  }
  // T6
  return actionOk("introspection", "A056001", "The access token is valid.", {
    ...known,
    usable: true,
    sufficient: true
  })
}

/** T6: what the answer says of an existing token, whatever its action. */
const describe = (env: Env, state: State, record: TokenRecord) => {
  const client = state.clients.get(record.clientId)
  return {
    clientId: record.clientId,
    clientIdAlias: client?.clientIdAlias,
    clientIdAliasUsed: client?.clientIdAlias !== undefined && record.clientIdentifier === client.clientIdAlias,
    subject: record.subject,
    scopes: record.scopes,
    expiresAt: record.accessTokenPersistent ? 0 : record.accessTokenExpiresAt,
    existent: true,
    refreshable: record.refreshTokenHash !== undefined && record.refreshTokenExpiresAt > env.now,
    grantType: record.grantType,
    properties: propertiesOut(record.properties),
    certificateThumbprint: record.certificateThumbprint
  }
}

/** T4: why a bound token's binding is not proven by the request, if it is not. */
const bindingProblem = (
  env: Env,
  record: TokenRecord,
  request: Request,
  tokenHash: string,
  proof: DpopProof | undefined
): { readonly code: string; readonly text: string } | undefined => {
  if (
    record.certificateThumbprint !== undefined &&
    (!given(request.clientCertificate) ||
      certificateThumbprintOf(request.clientCertificate) !== record.certificateThumbprint)
  ) {
    return { code: "A056303", text: "The client certificate does not match the one the access token is bound to." }
  }
  if (record.dpopKeyThumbprint === undefined) return undefined
  const fresh = typeof proof?.iat === "number" && Math.abs(proof.iat - env.now / 1000) <= dpopProofWindow
  const proven = proof !== undefined && fresh && proof.jkt === record.dpopKeyThumbprint &&
    proof.htm === request.htm && proof.htu === request.htu && proof.ath === tokenHash
  return proven
    ? undefined
    : { code: "A056304", text: "The DPoP proof does not prove possession of the key the access token is bound to." }
}

/**
 * The `x5t#S256` thumbprint of a PEM certificate (unpadded base64url of the SHA-256 of its DER bytes), or `undefined`
 * when the text holds no certificate.
 */
const certificateThumbprintOf = (pem: string): string | undefined => {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)
  if (match === null) return undefined
  try {
    const der = Uint8Array.from(atob(match[1].replace(/\s+/g, "")), (char) => char.charCodeAt(0))
    return der.length === 0 ? undefined : hashOfBytes(der)
  } catch {
    return undefined
  }
}

/** What a verified DPoP proof says: the thumbprint of its key and its claims. */
interface DpopProof {
  readonly jkt: string
  readonly htm: unknown
  readonly htu: unknown
  readonly ath: unknown
  readonly iat: unknown
}

/** A DPoP proof (`typ` `dpop+jwt`) verified with the key in its own header, or `undefined` when it is not one. */
const verifiedDpopProof = (proof: string): Effect.Effect<DpopProof | undefined> =>
  Effect.promise(() =>
    Jose.jwtVerify(proof, Jose.EmbeddedJWK, { typ: "dpop+jwt" }).then(
      async ({ payload, protectedHeader }) => ({
        jkt: await Jose.calculateJwkThumbprint(protectedHeader.jwk!),
        htm: payload["htm"],
        htu: payload["htu"],
        ath: payload["ath"],
        iat: payload.iat
      }),
      () => undefined
    )
  )
