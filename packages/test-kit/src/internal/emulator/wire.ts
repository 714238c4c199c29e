/** Wire shapes: request body reading, `result` bodies, action answers (G3, G6). */
import type { Operation } from "@effect-authlete/core/AuthleteError"
import * as Either from "effect/Either"
import type { StoredProperty, WireReply } from "../../AuthleteEmulator.js"
import type { Settings } from "./state.js"

/** API path of each operation as Authlete writes it in `resultMessage` (without the `/api/{serviceId}` prefix). */
export const apiPath: Record<Operation, string> = {
  reissueIdToken: "/idtoken/reissue",
  list: "/auth/token/get/list",
  create: "/auth/token/create",
  update: "/auth/token/update",
  delete: "/auth/token/delete",
  revoke: "/auth/token/revoke"
}

/** Drops `undefined` members (G3: absent fields are omitted, never `null`). */
export const compact = (fields: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value
  }
  return out
}

const message = (operation: Operation, code: string, text: string) => `[${code}] ${apiPath[operation]}, ${text}`

/** A 400/401/403/404/500 answer with a `result` body. */
export const result = (status: number, operation: Operation, code: string, text: string): WireReply => ({
  status,
  body: { resultCode: code, resultMessage: message(operation, code, text) }
})

/** I5: Authlete-side failure of an operation without `action`. */
export const serverError = (operation: Operation): WireReply =>
  result(500, operation, "A001101", "Authlete Server error.")

/** A non-`OK` action. */
export type FailureAction = "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "CALLER_ERROR" | "INTERNAL_SERVER_ERROR"

const failureStatus: Record<FailureAction, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CALLER_ERROR: 400,
  INTERNAL_SERVER_ERROR: 500
}

/** G6: a non-`OK` action, answered 200 or with the matching 4xx/5xx as configured; the body carries the action. */
export const actionFailure = (
  settings: Settings,
  operation: Operation,
  action: FailureAction,
  code: string,
  text: string,
  extra: Readonly<Record<string, unknown>> = {}
): WireReply => ({
  status: settings.actionFailureStatus === "200" ? 200 : failureStatus[action],
  body: { resultCode: code, resultMessage: message(operation, code, text), action, ...compact(extra) }
})

/** An `OK` action; success messages carry no API path. */
export const actionOk = (code: string, text: string, fields: Readonly<Record<string, unknown>>): WireReply => ({
  status: 200,
  body: { resultCode: code, resultMessage: `[${code}] ${text}`, action: "OK", ...compact(fields) }
})

// ---------------------------------------------------------------------------------------------------------------------
// request bodies
// ---------------------------------------------------------------------------------------------------------------------

/** The kinds of field a request body may carry. */
export type Kind = "string" | "integer" | "boolean" | "strings" | "properties" | "authorizationDetails"

interface KindType {
  readonly string: string
  readonly integer: number
  readonly boolean: boolean
  readonly strings: ReadonlyArray<string>
  readonly properties: ReadonlyArray<{ readonly key?: string; readonly value?: string; readonly hidden?: boolean }>
  readonly authorizationDetails: object
}

/** The fields of a body read against a spec; each is absent or of its kind. */
export type Fields<S extends Readonly<Record<string, Kind>>> = { readonly [K in keyof S]?: KindType[S[K]] }

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isStringArray = (u: unknown): boolean => Array.isArray(u) && u.every((item) => typeof item === "string")

const optionalOf = (record: Readonly<Record<string, unknown>>, key: string, type: string): boolean =>
  record[key] === undefined || record[key] === null || typeof record[key] === type

const checks: Record<Kind, (u: unknown) => boolean> = {
  string: (u) => typeof u === "string",
  integer: (u) => typeof u === "number" && Number.isSafeInteger(u),
  boolean: (u) => typeof u === "boolean",
  strings: isStringArray,
  properties: (u) =>
    Array.isArray(u) &&
    u.every((item) =>
      isRecord(item) && optionalOf(item, "key", "string") && optionalOf(item, "value", "string") &&
      optionalOf(item, "hidden", "boolean")
    ),
  authorizationDetails: (u) =>
    isRecord(u) &&
    (u.elements === undefined || u.elements === null ||
      (Array.isArray(u.elements) &&
        u.elements.every((element) => isRecord(element) && typeof element.type === "string")))
}

/** Text read as a number or a boolean, as Authlete's JSON binding and its form bodies do (`"60"`, `"true"`). */
const fromText: Partial<Record<Kind, (text: string) => unknown>> = {
  integer: (text) => /^-?\d+$/.test(text) ? Number(text) : text,
  boolean: (text) => text === "true" ? true : text === "false" ? false : text
}

/**
 * Reads a JSON (or form) body: an absent body reads as `{}`, `null` members as absent, numbers and booleans may come as
 * text. Fails with the name of the first member of the wrong kind (`"(body)"` when the body is not an object).
 */
export const readFields = <S extends Readonly<Record<string, Kind>>>(
  body: unknown,
  spec: S
): Either.Either<Fields<S>, string> => {
  if (body === undefined || body === null) return Either.right({})
  if (!isRecord(body)) return Either.left("(body)")
  const fields: Record<string, unknown> = {}
  for (const [key, kind] of Object.entries(spec)) {
    const given = body[key]
    if (given === undefined || given === null) continue
    const value = typeof given === "string" ? fromText[kind]?.(given) ?? given : given
    if (!checks[kind](value)) return Either.left(key)
    fields[key] = value
  }
  return Either.right(fields as Fields<S>)
}

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
export const storedProperties = (properties: KindType["properties"]): Array<StoredProperty> =>
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

/** Parses JSON text that must hold an object. */
export const parseJsonObject = (text: string): Readonly<Record<string, unknown>> | undefined => {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}
