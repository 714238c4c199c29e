/**
 * The flags of each command come from core's request schemas: a field added to a request becomes a flag, written the
 * way its type reads.
 */
import { AuthleteOperation, Schemas } from "@effect-authlete/core"
import { describe, expect, it } from "vitest"
import packageJson from "../package.json" with { type: "json" }
import { AuthleteCli } from "../src/index.js"
import { requestFlags } from "../src/internal/flags.js"

const fieldsOf = (operation: AuthleteOperation.Any) => requestFlags(operation).fields.map(({ field }) => field)

describe("flags derived from core's operation descriptions", () => {
  it("give every field of every request a flag", () => {
    expect(fieldsOf(AuthleteOperation.create)).toEqual(Object.keys(Schemas.TokenCreateRequest.fields))
    expect(fieldsOf(AuthleteOperation.reissueIdToken)).toEqual(Object.keys(Schemas.IdTokenReissueRequest.fields))
    expect(fieldsOf(AuthleteOperation.delete)).toEqual(Object.keys(Schemas.TokenDeleteRequest.fields))
    // refined structs: the fields are those of the struct under the refinement
    expect(fieldsOf(AuthleteOperation.update)).toEqual(Object.keys(Schemas.TokenUpdateRequest.from.fields))
    expect(fieldsOf(AuthleteOperation.revoke)).toEqual(Object.keys(Schemas.TokenRevokeRequest.from.fields))
    expect(fieldsOf(AuthleteOperation.list)).toEqual(Object.keys(Schemas.TokenListRequest.from.fields))
  })

  it("write each field as its type reads", () => {
    const kinds = Object.fromEntries(
      requestFlags(AuthleteOperation.create).fields.map((
        { field, flag, kind }
      ) => [field, `${flag}:${kind}`])
    )
    expect(kinds).toMatchObject({
      grantType: "grant-type:choice",
      clientId: "client-id:integer",
      clientIdentifier: "client:text",
      scopes: "scopes:list",
      accessTokenPersistent: "access-token-persistent:boolean",
      accessToken: "access-token:text",
      properties: "properties:json",
      authorizationDetails: "authorization-details:json"
    })
    const list = requestFlags(AuthleteOperation.list, { exclude: ["start", "end"] }).fields
    expect(list.map(({ field, kind }) => `${field}:${kind}`)).toEqual([
      "clientIdentifier:text",
      "subject:text",
      "tokenStatus:choice"
    ])
  })

  it("the version printed is the package's", () => {
    expect(AuthleteCli.version).toBe(packageJson.version)
  })
})
