/**
 * The fixed answers of the benchmark server and the requests every variant sends. Bodies are Authlete-shaped and
 * valid for both this SDK and the official one (closed enums, no `null`).
 */

export const serviceId = "21653835348762"
export const bearer = "bench-service-access-token"

const tokenValue = (i: number) => `Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-${String(i).padStart(4, "0")}`

export const createResponse = {
  resultCode: "A109001",
  resultMessage: "[A109001] An access token was created successfully: authorization_code, client = 26888344961664",
  action: "OK",
  accessToken: tokenValue(0),
  clientId: 26888344961664,
  expiresAt: 1_700_000_086_400_000,
  expiresIn: 86400,
  grantType: "AUTHORIZATION_CODE",
  properties: [{ key: "example_parameter", value: "example_value", hidden: false }],
  refreshToken: tokenValue(1),
  refreshTokenScopes: ["history.payment", "timeline.read"],
  scopes: ["history.payment", "timeline.read"],
  subject: "john",
  tokenType: "Bearer",
  tokenId: "tok-0001",
  clientIdentifier: "26888344961664"
}

const accessToken = (i: number) => ({
  accessTokenHash: `hash-${tokenValue(i)}`,
  accessTokenExpiresAt: 1_700_000_086_400_000 + i,
  refreshTokenHash: `rhash-${tokenValue(i)}`,
  refreshTokenExpiresAt: 1_700_000_864_000_000 + i,
  createdAt: 1_700_000_000_000 + i,
  lastRefreshedAt: 0,
  clientId: 26888344961664,
  subject: `user-${i % 7}`,
  grantType: "AUTHORIZATION_CODE",
  scopes: ["history.payment", "timeline.read"],
  properties: [{ key: "example_parameter", value: `value-${i}`, hidden: false }],
  refreshTokenScopes: ["history.payment", "timeline.read"]
})

export const listResponse = {
  start: 0,
  end: 100,
  totalCount: 1000,
  accessTokens: Array.from({ length: 100 }, (_, i) => accessToken(i))
}

export const updateResponse = {
  resultCode: "A135001",
  resultMessage: "[A135001] Updated the access token successfully.",
  action: "OK",
  accessToken: tokenValue(0),
  accessTokenExpiresAt: 1_700_000_086_400_000,
  refreshTokenExpiresAt: 1_700_000_864_000_000,
  scopes: ["history.payment", "timeline.read"],
  properties: [{ key: "example_parameter", value: "example_value", hidden: false }],
  tokenType: "Bearer",
  tokenId: "tok-0001"
}

export const revokeResponse = { resultCode: "A312001", resultMessage: "Revoked 1 access token(s).", count: 1 }

export const reissueResponse = {
  resultCode: "A300001",
  resultMessage: "[A300001] The ID token was reissued.",
  action: "OK",
  responseContent: "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"id_token\":\"a.b.c\"}",
  idToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2huIn0.c2ln"
}

/** The request every variant sends to `create`. */
export const createRequest = {
  grantType: "AUTHORIZATION_CODE",
  clientId: 26888344961664,
  subject: "john",
  scopes: ["history.payment", "timeline.read"],
  properties: [{ key: "example_parameter", value: "example_value", hidden: false }]
} as const

/** The page every variant asks `list` for. */
export const listQuery = { start: 0, end: 100 } as const

/** Paths the server answers, relative to `/api/{serviceId}`. */
export const routes = {
  reissue: "/idtoken/reissue",
  list: "/auth/token/get/list",
  create: "/auth/token/create",
  update: "/auth/token/update",
  delete: "/auth/token/delete/",
  revoke: "/auth/token/revoke"
} as const
