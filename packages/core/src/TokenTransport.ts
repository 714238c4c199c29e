/**
 * The seam between the `TokenManagement` service and whatever answers it.
 *
 * `TokenManagement.make` validates and encodes each request into a {@link Call} (wire-shaped: plain JSON values, no
 * `Redacted`), hands it to a transport, and decodes the {@link Reply}. The HTTP transport sends the call to Authlete;
 * the test kit's emulator answers it in memory. Both see exactly the same calls.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { AuthleteError, Operation } from "./AuthleteError.js"
import type * as Schemas from "./Schemas.js"

/**
 * One operation, validated and encoded, addressed to one service.
 *
 * @since 0.1.0
 * @category models
 */
export type Call =
  | {
    readonly operation: "reissueIdToken"
    readonly serviceId: string
    readonly body: typeof Schemas.IdTokenReissueRequest.Encoded
  }
  | { readonly operation: "list"; readonly serviceId: string; readonly query: typeof Schemas.TokenListRequest.Encoded }
  | {
    readonly operation: "create"
    readonly serviceId: string
    readonly body: typeof Schemas.TokenCreateRequest.Encoded
  }
  | {
    readonly operation: "update"
    readonly serviceId: string
    readonly body: typeof Schemas.TokenUpdateRequest.Encoded
  }
  | { readonly operation: "delete"; readonly serviceId: string; readonly accessTokenIdentifier: string }
  | {
    readonly operation: "revoke"
    readonly serviceId: string
    readonly body: typeof Schemas.TokenRevokeRequest.Encoded
  }

/**
 * The call of one operation.
 *
 * @since 0.1.0
 * @category models
 */
export type CallOf<Op extends Operation> = Extract<Call, { readonly operation: Op }>

/**
 * A successful answer: the HTTP status (200, or 204 for `delete`) and the parsed JSON body (`undefined` for `delete`).
 * Failures are already typed errors.
 *
 * @since 0.1.0
 * @category models
 */
export interface Reply {
  readonly status: number
  readonly body: unknown
}

/**
 * Something that answers calls.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenTransport {
  readonly send: (call: Call) => Effect.Effect<Reply, AuthleteError>
}

/**
 * The HTTP method and path (below the base URL) of a call, with path parameters percent-encoded.
 *
 * @since 0.1.0
 * @category utils
 */
export const route = (call: Call): { readonly method: "GET" | "POST" | "DELETE"; readonly path: string } => {
  const base = `/api/${encodeURIComponent(call.serviceId)}`
  switch (call.operation) {
    case "reissueIdToken":
      return { method: "POST", path: `${base}/idtoken/reissue` }
    case "list":
      return { method: "GET", path: `${base}/auth/token/get/list` }
    case "create":
      return { method: "POST", path: `${base}/auth/token/create` }
    case "update":
      return { method: "POST", path: `${base}/auth/token/update` }
    case "delete":
      return { method: "DELETE", path: `${base}/auth/token/delete/${encodeURIComponent(call.accessTokenIdentifier)}` }
    case "revoke":
      return { method: "POST", path: `${base}/auth/token/revoke` }
  }
}

/**
 * Whether sending the call twice leaves Authlete as sending it once. `create` and an `update` that asks for a new token
 * value are not: a retry after a lost answer would mint a second token and lose the first.
 *
 * @since 0.1.0
 * @category utils
 */
export const isIdempotent = (call: Call): boolean => {
  switch (call.operation) {
    case "create":
      return false
    case "update":
      return call.body.accessTokenValueUpdated !== true
    default:
      return true
  }
}
