/**
 * One valid call of each operation, and what Authlete answers it when all goes well.
 */
import type { Effect } from "effect"
import { Redacted } from "effect"
import type { AuthleteError, Operation } from "../../src/AuthleteError.js"
import * as AuthleteOperation from "../../src/AuthleteOperation.js"
import * as TokenManagement from "../../src/TokenManagement.js"
import type { Answer } from "./scripted.js"
import { json, noContent } from "./scripted.js"

/** Token values the calls below send; none may show in a span, a log or an error. */
export const secrets = {
  accessToken: "at-secret-Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z",
  refreshToken: "rt-secret-9beh15GWkGLseBBO1tPobnsGpKLHV3m",
  identifier: "id-secret-tC5hpjGylLiiw-vsd5_tqVHtYSUHblA"
} as const

/** Every operation's name, from the descriptions: a new operation is in every table below and every loop over this. */
export const operationNames: ReadonlyArray<Operation> = AuthleteOperation.all.map((operation) => operation.name)

export type AnyCall = Effect.Effect<unknown, AuthleteError, TokenManagement.TokenManagement>

/** A valid call of each operation, carrying the secrets above. */
export const validCall: Record<Operation, AnyCall> = {
  reissueIdToken: TokenManagement.reissueIdToken({
    accessToken: Redacted.make(secrets.accessToken),
    refreshToken: Redacted.make(secrets.refreshToken)
  }),
  list: TokenManagement.list({ subject: "john" }),
  create: TokenManagement.create({
    grantType: "AUTHORIZATION_CODE",
    clientId: 26888344961664,
    subject: "john",
    accessToken: Redacted.make(secrets.accessToken)
  }),
  update: TokenManagement.update({ accessToken: Redacted.make(secrets.accessToken), scopes: ["history.read"] }),
  delete: TokenManagement.delete({ accessTokenIdentifier: Redacted.make(secrets.identifier) }),
  revoke: TokenManagement.revoke({ accessTokenIdentifier: Redacted.make(secrets.identifier) }),
  introspection: TokenManagement.introspection({ token: Redacted.make(secrets.accessToken), scopes: ["history.read"] })
}

/** A successful answer to each operation. */
export const okAnswer: Record<Operation, () => Answer> = {
  reissueIdToken: () =>
    json(200, {
      resultCode: "A224001",
      resultMessage: "[A224001] Reissued an ID token.",
      action: "OK",
      responseContent: "{\"id_token\":\"eyJ.reissued.sig\"}",
      idToken: "eyJ.reissued.sig"
    }),
  list: () => json(200, { start: 0, end: 5, totalCount: 0, subject: "john" }),
  create: () => json(200, { resultCode: "A109001", action: "OK", accessToken: secrets.accessToken }),
  update: () => json(200, { resultCode: "A135001", action: "OK", accessToken: secrets.accessToken }),
  delete: noContent,
  revoke: () => json(200, { resultCode: "A312001", resultMessage: "Revoked 1 access token(s).", count: 1 }),
  introspection: () =>
    json(200, {
      resultCode: "A056001",
      resultMessage: "[A056001] The access token is valid.",
      action: "OK",
      clientId: 26888344961664,
      subject: "john",
      scopes: ["history.read"],
      existent: true,
      usable: true,
      sufficient: true,
      refreshable: true,
      expiresAt: 1_800_000_000_000
    })
}
