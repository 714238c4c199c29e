/**
 * The emulator's plain request handler: a call in (method, URL, headers, body bytes, the clock's instant), an answer
 * out (status, headers, JSON as text). An answer that needs no waiting is a plain value, computed by plain function
 * calls (no fiber, no Effect runtime); one that must wait (a signature, a DPoP proof's verification, an injected
 * delay) is an `Effect`. Both faces run it: the in-process `HttpClient` and the HTTP front.
 */
import * as Effect from "effect/Effect"
import { recoverDefect } from "./defect.js"

/** A request as the handler reads it. */
export interface Call {
  readonly method: string
  /** Path and query, as sent. */
  readonly url: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The body as received: at most one byte past `maxBodyBytes` (so a larger one is known to be too large). */
  readonly body: Uint8Array
  /** The caller's clock (`Clock.currentTimeMillis`: `TestClock` in tests), epoch milliseconds. */
  readonly now: number
}

/** An answer as the handler gives it. */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** The body: JSON text (`content-type: application/json`), bytes, or none. */
  readonly body?: string | Uint8Array | undefined
  /** The JSON object the text encodes, when the handler built it: read it rather than parse the text. */
  readonly json?: Readonly<Record<string, unknown>> | undefined
  /** Hashes of the token values the body holds, when the handler computed them (the journal's). */
  readonly tokenHashes?: ReadonlyArray<string> | undefined
}

/** A value now, or an `Effect` when it must wait. `A` is never itself an `Effect`. */
export type Handled<A> = A | Effect.Effect<A>

/** A handler of calls. */
export type Handler = (call: Call) => Handled<Reply>

/** Whether the answer must wait. */
export const isWaiting = <A>(handled: Handled<A>): handled is Effect.Effect<A> => Effect.isEffect(handled)

/** `f` applied to the value, now or once it is there. */
export const map = <A, B>(handled: Handled<A>, f: (a: A) => B): Handled<B> =>
  isWaiting(handled) ? Effect.map(handled, f) : f(handled)

/** `f` applied to the value, now or once it is there; `f` may itself wait. */
export const flatMap = <A, B>(handled: Handled<A>, f: (a: A) => Handled<B>): Handled<B> =>
  isWaiting(handled) ? Effect.flatMap(handled, (a) => toEffect(f(a))) : f(handled)

/** The answer as an `Effect`. */
export const toEffect = <A>(handled: Handled<A>): Effect.Effect<A> =>
  isWaiting(handled) ? handled : Effect.succeed(handled)

/** `f()`, with a thrown defect or a waiting answer's defect answered by `onDefect`. */
export const catchDefect = <A>(f: () => Handled<A>, onDefect: () => A): Handled<A> => {
  let handled: Handled<A>
  try {
    handled = f()
  } catch {
    return onDefect()
  }
  return isWaiting(handled) ? recoverDefect(handled, onDefect) : handled
}

/**
 * Calls `f` once the answer is known: with the reply, or with `undefined` when a waiting answer failed or was
 * interrupted (a reset connection, a client gone).
 */
export const onAnswered = <A>(handled: Handled<A>, f: (answer: A | undefined) => void): Handled<A> => {
  if (!isWaiting(handled)) {
    f(handled)
    return handled
  }
  return Effect.onExit(handled, (exit) => Effect.sync(() => f(exit._tag === "Success" ? exit.value : undefined)))
}

/** The UTF-8 length of a body, without encoding it (a browser has no `Buffer.byteLength`). */
export const byteLengthOf = (body: string | Uint8Array | undefined): number => {
  if (body === undefined) return 0
  if (typeof body !== "string") return body.length
  let bytes = body.length
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i)
    if (unit < 0x80) continue
    if (unit < 0x800) bytes += 1
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < body.length && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair: two units, four bytes
      bytes += 2
      i++
    } else bytes += 2
  }
  return bytes
}

/** The headers of a JSON answer: one object, shared by every answer without others. */
export const jsonHeaders: Readonly<Record<string, string>> = { "content-type": "application/json" }

/** A JSON answer: the text and the object it encodes (and the hashes of the tokens it holds, when known). */
export const jsonReply = (
  status: number,
  body: Readonly<Record<string, unknown>>,
  headers?: Readonly<Record<string, string>>,
  tokenHashes?: ReadonlyArray<string>,
  text?: string
): Reply => ({
  status,
  headers: headers === undefined ? jsonHeaders : { ...headers, ...jsonHeaders },
  body: text ?? JSON.stringify(body),
  json: body,
  tokenHashes
})
