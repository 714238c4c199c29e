/**
 * Each operation described once, as data: HTTP method, path template, request and response schema, whether a request
 * may be retried, which request fields hold secrets and what an `OK` answer carries. `TokenManagement`'s methods and
 * their types, its retry policy, secret scrubbing, `expectOk`, the emulator's router and the CLI's commands all read
 * these descriptions.
 *
 * A request's encoded fields travel as the path template says: a `{field}` segment takes that field
 * (percent-encoded), `{serviceId}` the call's service; the remaining fields form the query of a `GET` and the JSON
 * body of a `POST`; a `DELETE` carries nothing else.
 *
 * @since 0.2.0
 */
import type { Codec, Literals } from "./internal/schema.js"
import { literals } from "./internal/schema.js"
import * as Schemas from "./Schemas.js"

/**
 * The description of one operation.
 *
 * @since 0.2.0
 * @category models
 */
export interface AuthleteOperation<
  Name extends string = string,
  Request = any,
  RequestEncoded = any,
  Response = any,
  ResponseEncoded = any,
  OkMember extends keyof Response = never
> {
  /** The operation's name, as methods, errors and spans (`TokenManagement.<name>`) carry it. */
  readonly name: Name
  /** HTTP method. */
  readonly method: "GET" | "POST" | "DELETE"
  /** Path below the base URL, with `{serviceId}` and `{field}` segments. */
  readonly path: `/api/{serviceId}/${string}`
  /** What the caller gives, validated and encoded before any I/O. */
  readonly request: Codec<Request, RequestEncoded>
  /** What a 200 answer decodes to; `undefined` for an operation answered 204 without a body. */
  readonly response: Codec<Response, ResponseEncoded> | undefined
  /** Whether sending the encoded request twice leaves Authlete as sending it once (so it may be retried). */
  readonly idempotent: (request: RequestEncoded) => boolean
  /** Encoded request fields that may hold a token value: scrubbed from any error text. */
  readonly secrets: ReadonlyArray<keyof RequestEncoded & string>
  /** Members an answer whose `action` is `OK` always carries: what `TokenManagement.expectOk` checks and promises. */
  readonly okMembers: ReadonlyArray<OkMember>
}

/**
 * Any operation description.
 *
 * @since 0.2.0
 * @category models
 */
export type Any = AuthleteOperation<string, any, any, any, any, any>

const always = () => true

/**
 * `POST /api/{serviceId}/idtoken/reissue`.
 *
 * @since 0.2.0
 * @category operations
 */
export const reissueIdToken: AuthleteOperation<
  "reissueIdToken",
  Schemas.IdTokenReissueRequest,
  typeof Schemas.IdTokenReissueRequest.Encoded,
  Schemas.IdTokenReissueResponse,
  typeof Schemas.IdTokenReissueResponse.Encoded,
  "idToken" | "responseContent"
> = {
  name: "reissueIdToken",
  method: "POST",
  path: "/api/{serviceId}/idtoken/reissue",
  request: Schemas.IdTokenReissueRequest,
  response: Schemas.IdTokenReissueResponse,
  idempotent: always,
  secrets: ["accessToken", "refreshToken"],
  okMembers: ["idToken", "responseContent"]
}

/**
 * `GET /api/{serviceId}/auth/token/get/list`.
 *
 * @since 0.2.0
 * @category operations
 */
export const list: AuthleteOperation<
  "list",
  Schemas.TokenListRequest,
  typeof Schemas.TokenListRequest.Encoded,
  Schemas.TokenListResponse,
  typeof Schemas.TokenListResponse.Encoded
> = {
  name: "list",
  method: "GET",
  path: "/api/{serviceId}/auth/token/get/list",
  request: Schemas.TokenListRequest,
  response: Schemas.TokenListResponse,
  idempotent: always,
  secrets: [],
  okMembers: []
}

/**
 * `POST /api/{serviceId}/auth/token/create`. Never idempotent: a retry after a lost answer would mint a second token.
 *
 * @since 0.2.0
 * @category operations
 */
export const create: AuthleteOperation<
  "create",
  Schemas.TokenCreateRequest,
  typeof Schemas.TokenCreateRequest.Encoded,
  Schemas.TokenCreateResponse,
  typeof Schemas.TokenCreateResponse.Encoded,
  "accessToken"
> = {
  name: "create",
  method: "POST",
  path: "/api/{serviceId}/auth/token/create",
  request: Schemas.TokenCreateRequest,
  response: Schemas.TokenCreateResponse,
  idempotent: () => false,
  secrets: ["accessToken", "refreshToken"],
  okMembers: ["accessToken"]
}

/**
 * `POST /api/{serviceId}/auth/token/update`. Idempotent unless it asks for a new token value.
 *
 * @since 0.2.0
 * @category operations
 */
export const update: AuthleteOperation<
  "update",
  Schemas.TokenUpdateRequest,
  typeof Schemas.TokenUpdateRequest.Encoded,
  Schemas.TokenUpdateResponse,
  typeof Schemas.TokenUpdateResponse.Encoded
> = {
  name: "update",
  method: "POST",
  path: "/api/{serviceId}/auth/token/update",
  request: Schemas.TokenUpdateRequest,
  response: Schemas.TokenUpdateResponse,
  idempotent: (request) => request.accessTokenValueUpdated !== true,
  secrets: ["accessToken", "accessTokenHash", "refreshToken", "refreshTokenHash"],
  okMembers: []
}

const delete_: AuthleteOperation<
  "delete",
  Schemas.TokenDeleteRequest,
  typeof Schemas.TokenDeleteRequest.Encoded,
  void,
  void
> = {
  name: "delete",
  method: "DELETE",
  path: "/api/{serviceId}/auth/token/delete/{accessTokenIdentifier}",
  request: Schemas.TokenDeleteRequest,
  response: undefined,
  idempotent: always,
  secrets: ["accessTokenIdentifier"],
  okMembers: []
}

export {
  /**
   * `DELETE /api/{serviceId}/auth/token/delete/{accessTokenIdentifier}`, answered 204.
   *
   * @since 0.2.0
   * @category operations
   */
  delete_ as delete
}

/**
 * `POST /api/{serviceId}/auth/token/revoke`.
 *
 * @since 0.2.0
 * @category operations
 */
export const revoke: AuthleteOperation<
  "revoke",
  Schemas.TokenRevokeRequest,
  typeof Schemas.TokenRevokeRequest.Encoded,
  Schemas.TokenRevokeResponse,
  typeof Schemas.TokenRevokeResponse.Encoded
> = {
  name: "revoke",
  method: "POST",
  path: "/api/{serviceId}/auth/token/revoke",
  request: Schemas.TokenRevokeRequest,
  response: Schemas.TokenRevokeResponse,
  idempotent: always,
  secrets: ["accessTokenIdentifier", "refreshTokenIdentifier"],
  okMembers: []
}

/**
 * `POST /api/{serviceId}/auth/introspection`: what a resource server asks of an access token it received. Read-only,
 * so idempotent.
 *
 * @since 0.3.0
 * @category operations
 */
export const introspection: AuthleteOperation<
  "introspection",
  Schemas.IntrospectionRequest,
  typeof Schemas.IntrospectionRequest.Encoded,
  Schemas.IntrospectionResponse,
  typeof Schemas.IntrospectionResponse.Encoded,
  "existent" | "usable" | "sufficient"
> = {
  name: "introspection",
  method: "POST",
  path: "/api/{serviceId}/auth/introspection",
  request: Schemas.IntrospectionRequest,
  response: Schemas.IntrospectionResponse,
  idempotent: always,
  secrets: ["token", "dpop"],
  okMembers: ["existent", "usable", "sufficient"]
}

/**
 * Every operation, by name.
 *
 * @since 0.2.0
 * @category operations
 */
export const operations = { reissueIdToken, list, create, update, delete: delete_, revoke, introspection } as const

/**
 * The operations' names.
 *
 * @since 0.2.0
 * @category models
 */
export type Name = keyof typeof operations

/**
 * The operation of a name.
 *
 * @since 0.2.0
 * @category models
 */
export type Of<N extends Name> = (typeof operations)[N]

/**
 * What the operation of a name takes.
 *
 * @since 0.3.0
 * @category models
 */
export type RequestOf<N extends Name> = N extends Name
  ? Of<N> extends AuthleteOperation<any, infer A, any, any, any, any> ? A : never
  : never

/**
 * What a successful answer of the operation of a name decodes to (`void` for a 204).
 *
 * @since 0.3.0
 * @category models
 */
export type ResponseOf<N extends Name> = N extends Name
  ? Of<N> extends AuthleteOperation<any, any, any, infer A, any, any> ? A : never
  : never

/**
 * The members an `OK` answer of the operation of a name always carries.
 *
 * @since 0.3.0
 * @category models
 */
export type OkMemberOf<N extends Name> = N extends Name
  ? Of<N> extends AuthleteOperation<any, any, any, any, any, infer K> ? K : never
  : never

/**
 * The names of the operations whose answers carry an `action`.
 *
 * @since 0.3.0
 * @category models
 */
export type WithAction = { [N in Name]: "action" extends keyof ResponseOf<N> ? N : never }[Name]

/**
 * Every operation, in a fixed order.
 *
 * @since 0.2.0
 * @category operations
 */
export const all: ReadonlyArray<Of<Name>> = Object.values(operations)

/**
 * The names as a schema.
 *
 * @since 0.2.0
 * @category models
 */
export const NameSchema: Literals<readonly [Name, ...Array<Name>]> = literals(
  Object.keys(operations) as [Name, ...Array<Name>]
)

// ---------------------------------------------------------------------------------------------------------------------
// reading a description
// ---------------------------------------------------------------------------------------------------------------------

const segment = /\{([A-Za-z]+)\}/g

/**
 * The request fields a path template takes (`serviceId` excluded).
 *
 * @since 0.2.0
 * @category utils
 */
export const pathFields = (operation: Any): ReadonlyArray<string> =>
  Array.from(operation.path.matchAll(segment), (match) => match[1]).filter((name) => name !== "serviceId")

/**
 * The path of a call: the template with its segments percent-encoded.
 *
 * @since 0.2.0
 * @category utils
 */
export const pathOf = (operation: Any, serviceId: string, request: Readonly<Record<string, unknown>>): string =>
  operation.path.replace(
    segment,
    (_, name: string) => encodeURIComponent(name === "serviceId" ? serviceId : String(request[name] ?? ""))
  )

/**
 * The API path Authlete names in its messages: below `/api/{serviceId}`, without other segments
 * (`/auth/token/delete`).
 *
 * @since 0.2.0
 * @category utils
 */
export const apiPath = (operation: Any): string =>
  operation.path.replace("/api/{serviceId}", "").replace(/\/\{[^}]+\}/g, "")

/**
 * The route pattern of a router (`/api/:serviceId/auth/token/delete/:accessTokenIdentifier`).
 *
 * @since 0.2.0
 * @category utils
 */
export const routePattern = (operation: Any): `/${string}` =>
  operation.path.replace(segment, (_, name: string) => `:${name}`) as `/${string}`

/**
 * The status of a successful answer: 200, or 204 for an operation without a response body.
 *
 * @since 0.2.0
 * @category utils
 */
export const successStatus = (operation: Any): 200 | 204 => operation.response === undefined ? 204 : 200
