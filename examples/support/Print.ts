/**
 * How the examples talk: a heading per step, the call that was made (`→`), what came back (`←`).
 *
 * Secrets never reach the console in full: token values (`Redacted` in every response) and hashes are cut to their
 * first 6 characters, anything shorter is shown as `<redacted>`. Millisecond instants (`…At` fields) are shown as dates.
 */
import type { Schemas } from "@effect-authlete/core"
import * as Console from "effect/Console"
import type * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** The first 6 characters and an ellipsis: enough to tell two tokens apart, too little to use one. */
export const shorten = (secret: string | Redacted.Redacted<string> | undefined): string => {
  if (secret === undefined) return "(none)"
  const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  return value.length > 12 ? `${value.slice(0, 6)}…` : "<redacted>"
}

/** Fields that hold a token value, a token hash or a token ID, in requests and responses alike. */
const isSecretKey = (key: string) => /token$|tokenhash$|tokenidentifier$|tokenid$|^responsecontent$/i.test(key)

/** One value on one line, secrets shortened. */
export const inline = (value: unknown, key = ""): string => {
  if (value === undefined) return "(none)"
  if (Redacted.isRedacted(value)) return shorten(value as Redacted.Redacted<string>)
  if (typeof value === "string" && isSecretKey(key)) return shorten(value)
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" && key.endsWith("At") && value > 0) return new Date(value).toISOString()
  if (Array.isArray(value)) return `[${value.map((item) => inline(item, key)).join(", ")}]`
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined)
    return entries.length === 0
      ? "{}"
      : `{ ${entries.map(([name, field]) => `${name}: ${inline(field, name)}`).join(", ")} }`
  }
  return String(value)
}

/** A listed token on one line: its hash (shortened), scopes and expiry. */
export const listed = (token: Schemas.AccessToken): string => {
  const expires = inline(token.accessTokenExpiresAt, "accessTokenExpiresAt")
  return `${shorten(token.accessTokenHash)}  scopes ${inline(token.scopes)}  expires ${expires}`
}

/** A numbered step: `== 2. update: …`. */
export const step = (n: number, title: string): Effect.Effect<void> => Console.log(`\n== ${n}. ${title}`)

/** The call about to be made, e.g. `→ TokenManagement.create({ … })`; without a request, `operation` is shown as is. */
export const call = (operation: string, request?: unknown): Effect.Effect<void> =>
  Console.log(`   → TokenManagement.${operation}${request === undefined ? "" : `(${inline(request)})`}`)

/** What came back: each field of a response on its own line, or a sentence. */
export const reply = (response: object | string): Effect.Effect<void> => {
  if (typeof response === "string") return Console.log(`   ← ${response}`)
  const entries = Object.entries(response).filter(([, value]) => value !== undefined)
  const width = Math.max(0, ...entries.map(([key]) => key.length))
  return Console.log(
    entries.map(([key, value], i) => {
      const shown = typeof value === "string" && !isSecretKey(key) ? value : inline(value, key)
      return `   ${i === 0 ? "←" : " "} ${key.padEnd(width)}  ${shown}`
    }).join("\n")
  )
}

/** A remark that is neither a call nor a reply. */
export const note = (text: string): Effect.Effect<void> => Console.log(`   · ${text}`)
