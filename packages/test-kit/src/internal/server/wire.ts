/**
 * Authlete's HTTP wire, server side: the six routes, the bearer, bodies and queries read into `TokenTransport.Call`s
 * (checked against the encoded side of core's request schemas: the wire is what Authlete validates), and `result`
 * answers for what never reaches the emulator.
 */
import type { Operation } from "@effect-authlete/core/AuthleteError"
import * as Schemas from "@effect-authlete/core/Schemas"
import type * as TokenTransport from "@effect-authlete/core/TokenTransport"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { WireReply } from "../../AuthleteEmulator.js"

/** Largest request body accepted (1 MiB); larger ones are answered 413 after being drained. */
export const maxBodyBytes = 1024 * 1024

/** Bodies beyond this are not even drained: the connection is dropped. */
export const maxDrainBytes = 16 * maxBodyBytes

/** One route of the API: method and path pattern (`:name` segments are percent-decoded parameters). */
export interface Route {
  readonly operation: Operation
  readonly method: "GET" | "POST" | "DELETE"
  readonly path: `/${string}`
}

/** The six routes, as `TokenTransport.route` builds them. */
export const routes: ReadonlyArray<Route> = [
  { operation: "reissueIdToken", method: "POST", path: "/api/:serviceId/idtoken/reissue" },
  { operation: "list", method: "GET", path: "/api/:serviceId/auth/token/get/list" },
  { operation: "create", method: "POST", path: "/api/:serviceId/auth/token/create" },
  { operation: "update", method: "POST", path: "/api/:serviceId/auth/token/update" },
  { operation: "delete", method: "DELETE", path: "/api/:serviceId/auth/token/delete/:accessTokenIdentifier" },
  { operation: "revoke", method: "POST", path: "/api/:serviceId/auth/token/revoke" }
]

// ---------------------------------------------------------------------------------------------------------------------
// result answers of the server itself
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Result codes of the answers the server gives before the emulator sees a call. Authlete documents none of these
 * cases; the codes follow its anatomy (`A001` common API; third digit from the right `2` for the caller's error, `5`
 * for a front-end error) in a range its examples do not use.
 */
export const resultCodes = {
  unavailable: "A001503",
  badJson: "A001291",
  badContentType: "A001292",
  badBody: "A001293",
  badQuery: "A001294",
  badUrl: "A001295",
  tooLarge: "A001296",
  notFound: "A001297",
  badMethod: "A001298"
} as const

/** A `result` answer: `[code] <path>, text`, as Authlete formats its messages. */
export const result = (status: number, code: string, path: string, text: string): WireReply => ({
  status,
  body: { resultCode: code, resultMessage: `[${code}] ${path}, ${text}` }
})

// ---------------------------------------------------------------------------------------------------------------------
// request parts
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The token of an `Authorization` header: what follows a `Bearer` scheme (any case); the whole value for another
 * scheme, so the emulator refuses it as an unknown token; `undefined` when the header is absent or blank.
 */
export const bearerOf = (authorization: string | undefined): string | undefined => {
  const value = authorization?.trim()
  if (value === undefined || value === "") return undefined
  const match = /^bearer(?:\s+(.*))?$/i.exec(value)
  if (match === null) return value
  const token = match[1]?.trim()
  return token === undefined || token === "" ? undefined : token
}

/** The path of a request URL, without its query; `undefined` when its percent-encoding is malformed. */
export const pathOf = (url: string): string | undefined => {
  const index = url.indexOf("?")
  const path = index === -1 ? url : url.slice(0, index)
  try {
    decodeURIComponent(path)
    return path
  } catch {
    return undefined
  }
}

const mediaType = (contentType: string | undefined): string =>
  contentType === undefined ? "" : contentType.split(";", 1)[0].trim().toLowerCase()

type BodyText =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Unreadable" }

/**
 * The body as text, at most {@link maxBodyBytes}. A larger body is drained (up to {@link maxDrainBytes}) so the
 * client can read the 413 instead of failing to write.
 */
export const readBody = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<BodyText> =>
  request.stream.pipe(
    Stream.runFoldWhile(
      { size: 0, chunks: Chunk.empty<Uint8Array>() },
      (state) => state.size <= maxDrainBytes,
      (state, chunk) => ({
        size: state.size + chunk.length,
        chunks: state.size + chunk.length <= maxBodyBytes ? Chunk.append(state.chunks, chunk) : state.chunks
      })
    ),
    Effect.map((state): BodyText => {
      if (state.size > maxBodyBytes) return { _tag: "TooLarge" }
      const bytes = new Uint8Array(state.size)
      let offset = 0
      for (const chunk of state.chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return { _tag: "Text", text: new TextDecoder().decode(bytes) }
    }),
    Effect.catchAll(() => Effect.succeed<BodyText>({ _tag: "Unreadable" }))
  )

// ---------------------------------------------------------------------------------------------------------------------
// calls
// ---------------------------------------------------------------------------------------------------------------------

const validator = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = ParseResult.decodeUnknownEither(Schema.encodedSchema(schema), {
    errors: "all",
    onExcessProperty: "ignore"
  })
  /** The valid input, or the paths of the offending fields (never their values: they may be tokens). */
  return (input: unknown): Either.Either<I, string> =>
    Either.mapLeft(decode(input), (error) => {
      const paths = ParseResult.ArrayFormatter.formatIssueSync(error).map((issue) =>
        issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".")
      )
      return [...new Set(paths)].join(", ")
    })
}

const validateReissue = validator(Schemas.IdTokenReissueRequest)
const validateList = validator(Schemas.TokenListRequest)
const validateCreate = validator(Schemas.TokenCreateRequest)
const validateUpdate = validator(Schemas.TokenUpdateRequest)
const validateRevoke = validator(Schemas.TokenRevokeRequest)

/** `null` members read as absent, as Authlete's JSON binding does. */
const withoutNulls = (body: object): object =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null))

/** The query of `list`: integers read from text; anything else is left for the schema to refuse. */
const listQuery = (search: string): Record<string, unknown> => {
  const params = new URLSearchParams(search)
  const query: Record<string, unknown> = {}
  for (const key of ["clientIdentifier", "subject", "tokenStatus"]) {
    const value = params.get(key)
    if (value !== null) query[key] = value
  }
  for (const key of ["start", "end"]) {
    const value = params.get(key)
    if (value !== null) query[key] = /^-?\d{1,10}$/.test(value) ? Number(value) : value
  }
  return query
}

/** The call of an operation that carries a JSON body, or the paths of its invalid fields. */
const bodyCall = (
  operation: "reissueIdToken" | "create" | "update" | "revoke",
  serviceId: string,
  input: unknown
): Either.Either<TokenTransport.Call, string> => {
  switch (operation) {
    case "reissueIdToken":
      return Either.map(validateReissue(input), (body) => ({ operation, serviceId, body }))
    case "create":
      return Either.map(validateCreate(input), (body) => ({ operation, serviceId, body }))
    case "update":
      return Either.map(validateUpdate(input), (body) => ({ operation, serviceId, body }))
    case "revoke":
      return Either.map(validateRevoke(input), (body) => ({ operation, serviceId, body }))
  }
}

/** A request of one route, read from the wire. */
export interface Incoming {
  readonly operation: Operation
  readonly path: string
  readonly params: Readonly<Record<string, string | undefined>>
  readonly search: string
  readonly contentType: string | undefined
  readonly body: Effect.Effect<BodyText>
}

/** The call a request stands for, or the `result` answer that refuses it. */
export const toCall = (incoming: Incoming): Effect.Effect<Either.Either<TokenTransport.Call, WireReply>> => {
  const { operation, path } = incoming
  const serviceId = incoming.params.serviceId ?? ""
  const refuse = (status: number, code: string, text: string) => Either.left(result(status, code, path, text))
  if (operation === "list") {
    return Effect.succeed(Either.match(validateList(listQuery(incoming.search)), {
      onLeft: (fields) => refuse(400, resultCodes.badQuery, `The query is invalid at: ${fields}.`),
      onRight: (query) => Either.right({ operation, serviceId, query })
    }))
  }
  if (operation === "delete") {
    return Effect.succeed(Either.right({
      operation,
      serviceId,
      accessTokenIdentifier: incoming.params.accessTokenIdentifier ?? ""
    }))
  }
  return Effect.map(incoming.body, (body) => {
    switch (body._tag) {
      case "TooLarge":
        return refuse(413, resultCodes.tooLarge, `The request body is larger than ${maxBodyBytes} bytes.`)
      case "Unreadable":
        return refuse(400, resultCodes.badBody, "The request body could not be read.")
    }
    if (mediaType(incoming.contentType) !== "application/json") {
      return refuse(400, resultCodes.badContentType, "The request body must be application/json.")
    }
    let json: unknown
    try {
      json = JSON.parse(body.text)
    } catch {
      return refuse(400, resultCodes.badJson, "The request body is not valid JSON.")
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return refuse(400, resultCodes.badJson, "The request body is not a JSON object.")
    }
    return Either.mapLeft(
      bodyCall(operation, serviceId, withoutNulls(json)),
      (fields) => result(400, resultCodes.badBody, path, `The request body is invalid at: ${fields}.`)
    )
  })
}
