/** Wire shapes: `result` bodies, action answers (G3, G6), stored properties. */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import type { StoredProperty } from "../AuthleteEmulator.js"
import type { Settings } from "./state.js"

type Operation = AuthleteOperation.Name

/**
 * What Authlete puts on the wire: the HTTP status and the JSON body (no `null`, absent fields omitted; `undefined` for
 * a 204).
 */
export interface WireReply {
  readonly status: number
  readonly body?: object | undefined
}

/**
 * Result codes of the answers the emulator gives before an operation's rules see a request. Authlete documents none
 * of these cases; the codes follow its anatomy (`A001` common API; third digit from the right `2` for the caller's
 * error, `5` for a front-end error) in a range its examples do not use.
 */
export const resultCodes = {
  unavailable: "A001503",
  badJson: "A001291",
  badContentType: "A001292",
  badBody: "A001293",
  badUrl: "A001295",
  tooLarge: "A001296",
  notFound: "A001297",
  badMethod: "A001298",
  tooLong: "A001299"
} as const

/** A `result` answer: `[code] <path>, text`, as Authlete formats its messages. */
export const resultAt = (status: number, path: string, code: string, text: string): WireReply => ({
  status,
  body: { resultCode: code, resultMessage: `[${code}] ${path}, ${text}` }
})

/**
 * Drops `undefined` members (G3: absent fields are omitted, never `null`). On every answer and every record of a
 * page, so `for…in` over the literal's own keys rather than `Object.entries` (an array of pairs per call).
 */
export const compact = (fields: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key in fields) {
    const value = fields[key]
    if (value !== undefined) out[key] = value
  }
  return out
}

const message = (operation: Operation, code: string, text: string) =>
  `[${code}] ${AuthleteOperation.apiPath(AuthleteOperation.operations[operation])}, ${text}`

/** A 400/401/403/404/500 answer of an operation, with a `result` body. */
export const result = (status: number, operation: Operation, code: string, text: string): WireReply =>
  resultAt(status, AuthleteOperation.apiPath(AuthleteOperation.operations[operation]), code, text)

/** I5: Authlete-side failure of an operation without `action`. */
export const serverError = (operation: Operation): WireReply =>
  result(500, operation, "A001101", "Authlete Server error.")

/** The JSON body of an operation's 200 answer, as its response schema encodes it (every member optional). */
export type AnswerOf<N extends AuthleteOperation.Name> = NonNullable<AuthleteOperation.Of<N>["response"]>["Encoded"]

/** The actions of an operation, from its response schema's `action` literals. */
export type ActionOf<N extends AuthleteOperation.WithAction> = NonNullable<AnswerOf<N>["action"]>

/** A non-`OK` action of any operation. */
export type FailureAction = Exclude<ActionOf<AuthleteOperation.WithAction>, "OK">

/** G6 with `"4xx"`: the status of each non-`OK` action (a new action in a response schema is asked for here). */
const failureStatus: Record<FailureAction, number> = {
  BAD_REQUEST: 400,
  CALLER_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500
}

/** The members of an answer beside its result and action. */
type Fields<N extends AuthleteOperation.WithAction> = Omit<AnswerOf<N>, "resultCode" | "resultMessage" | "action">

/** G6: a non-`OK` action, answered 200 or with the matching 4xx/5xx as configured; the body carries the action. */
export const actionFailure = <N extends AuthleteOperation.WithAction>(
  settings: Settings,
  operation: N,
  action: Exclude<ActionOf<N>, "OK">,
  code: string,
  text: string,
  extra?: Fields<N>
): WireReply => ({
  status: settings.actionFailureStatus === "200" ? 200 : failureStatus[action as FailureAction],
  body: { resultCode: code, resultMessage: message(operation, code, text), action, ...compact(extra ?? {}) }
})

/** An `OK` action; success messages carry no API path. */
export const actionOk = <N extends AuthleteOperation.WithAction>(
  _operation: N,
  code: string,
  text: string,
  fields: Fields<N>
): WireReply => ({
  status: 200,
  body: { resultCode: code, resultMessage: `[${code}] ${text}`, action: "OK", ...compact(fields) }
})

/** A 200 answer of an operation without `action`. */
export const answer = <N extends Exclude<AuthleteOperation.Name, AuthleteOperation.WithAction>>(
  _operation: N,
  body: AnswerOf<N>
): WireReply => ({
  status: 200,
  body: compact(body as Readonly<Record<string, unknown>>)
})

/** Keys Authlete ignores in `properties` (C9). */
const reservedPropertyKeys = new Set([
  "access_token",
  "token_type",
  "expires_in",
  "refresh_token",
  "scope",
  "error",
  "error_description",
  "error_uri",
  "id_token"
])

/** C9/U4: properties as stored: reserved and key-less entries dropped, `hidden` defaulting to false. */
export const storedProperties = (
  properties: ReadonlyArray<
    { readonly key?: string | undefined; readonly value?: string | undefined; readonly hidden?: boolean | undefined }
  >
): Array<StoredProperty> =>
  properties.flatMap((property) =>
    property.key === undefined || reservedPropertyKeys.has(property.key)
      ? []
      : [{ key: property.key, value: property.value ?? "", hidden: property.hidden ?? false }]
  )

/** Properties as answered: omitted when there are none. */
export const propertiesOut = (properties: ReadonlyArray<StoredProperty>): ReadonlyArray<StoredProperty> | undefined =>
  properties.length === 0 ? undefined : properties

/** A present, non-empty string. */
export const given = (value: string | undefined): value is string => value !== undefined && value !== ""

/** Distinct values, in first-seen order. */
export const distinct = (values: ReadonlyArray<string>): Array<string> => Array.from(new Set(values))

/** Whether a value is a JSON object. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Parses JSON text that must hold an object. */
export const parseJsonObject = (text: string): Readonly<Record<string, unknown>> | undefined => {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}
