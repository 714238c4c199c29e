/**
 * The bearer as the `Authorization` header carries it, and the failures of a rotating bearer before they become the
 * call's typed errors (in `httpCall.ts`, where the operation is known).
 */
import * as Redacted from "effect/Redacted"

/** A bearer given with its scheme (`"Bearer x"`) is sent as `Bearer x`, not `Bearer Bearer x`, as the official SDK. */
const scheme = /^bearer\s+/i

/** Token characters: printable ASCII without space (RFC 6750's b64token and more, nothing a header cannot carry). */
const tokenCharacters = /^[\x21-\x7e]+$/

/** The bearer without a `Bearer ` prefix, still redacted. */
export const normalize = (bearer: Redacted.Redacted): Redacted.Redacted => {
  const value = Redacted.value(bearer)
  return scheme.test(value) ? Redacted.make(value.replace(scheme, "")) : bearer
}

/** Why a (normalized) bearer cannot be sent, if it cannot; never quotes it. */
export const problem = (bearer: Redacted.Redacted): string | undefined =>
  tokenCharacters.test(Redacted.value(bearer))
    ? undefined
    : "it must be non-empty printable ASCII without spaces or line breaks, as an Authorization header carries it"

/** The effect yielding a rotating bearer failed, or yielded something other than a `Redacted`. */
export class BearerFailure {
  constructor(readonly cause: unknown) {}
}

/** A rotating bearer yielded a value a header cannot carry. */
export class BearerInvalid {
  constructor(readonly description: string) {}
}
