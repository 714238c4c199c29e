/**
 * Hashing, token values and signing keys (browser-safe: `@noble/hashes`, Web Crypto and `jose`, no Node built-ins).
 * Hashing and token values are synchronous, so that a write costs microseconds and seeding a million tokens is quick.
 */
import { sha256 } from "@noble/hashes/sha2.js"
import * as Effect from "effect/Effect"
import * as Jose from "jose"

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const alphabet = encoder.encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
const scratch = new Uint8Array(1024)

/**
 * Unpadded base64url of `bytes[start, end)`, for short inputs (a digest, a token's random bytes); `jose`'s goes
 * through `btoa`, 5× slower.
 */
const base64url = (bytes: Uint8Array, start = 0, end = bytes.length): string => {
  if (end - start > 600) return Jose.base64url.encode(bytes.subarray(start, end))
  let o = 0
  let i = start
  for (; i + 2 < end; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    scratch[o++] = alphabet[n >> 18]
    scratch[o++] = alphabet[(n >> 12) & 63]
    scratch[o++] = alphabet[(n >> 6) & 63]
    scratch[o++] = alphabet[n & 63]
  }
  const rest = end - i
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0)
    scratch[o++] = alphabet[n >> 18]
    scratch[o++] = alphabet[(n >> 12) & 63]
    if (rest === 2) scratch[o++] = alphabet[(n >> 6) & 63]
  }
  return decoder.decode(scratch.subarray(0, o))
}

/** UTF-8 bytes of a value; token values are short ASCII, copied without `TextEncoder`'s per-call cost. */
const utf8 = (value: string): Uint8Array => {
  if (value.length > 256) return encoder.encode(value)
  const bytes = new Uint8Array(value.length)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code > 127) return encoder.encode(value)
    bytes[i] = code
  }
  return bytes
}

/** G4: the hash Authlete lists for a token value, computed synchronously: unpadded base64url of its SHA-256. */
export const hashOfValue = (value: string): string => base64url(sha256(utf8(value)))

/** G4: the hash Authlete lists for a token value: unpadded base64url of its SHA-256. */
export const hashOf = (value: string): Effect.Effect<string> => Effect.sync(() => hashOfValue(value))

/**
 * Random bytes drawn from Web Crypto 4 KiB at a time (one `getRandomValues` call costs several microseconds whatever
 * its size); each value's bytes are zeroed once encoded.
 */
const pool = new Uint8Array(4096)
let poolOffset = pool.length

/** G5: a fresh token value: 32 random bytes as 43 base64url characters. */
export const randomValue = (): string => {
  if (poolOffset + 32 > pool.length) {
    globalThis.crypto.getRandomValues(pool)
    poolOffset = 0
  }
  const value = base64url(pool, poolOffset, poolOffset + 32)
  pool.fill(0, poolOffset, poolOffset + 32)
  poolOffset += 32
  return value
}

/** A token value with its hash. */
export interface Hashed {
  readonly value: string
  readonly hash: string
}

/** A given value, or a fresh one when none is given, with its hash. */
export const hashedValue = (value: string = randomValue()): Hashed => ({ value, hash: hashOfValue(value) })

/** Hashes a given value, or a fresh one when none is given. */
export const hashed = (value?: string): Effect.Effect<Hashed> => Effect.sync(() => hashedValue(value))

/** The key a service signs ID tokens and JWT access tokens with. */
export interface SigningKey {
  readonly alg: "ES256"
  readonly kid: string
  readonly privateKey: Jose.CryptoKey
  readonly publicKey: Jose.CryptoKey
  readonly publicJwk: Jose.JWK
}

/** A fresh ES256 key pair; `kid` is the JWK thumbprint of the public key. */
export const generateSigningKey: Effect.Effect<SigningKey> = Effect.promise(async () => {
  const { privateKey, publicKey } = await Jose.generateKeyPair("ES256", { extractable: true })
  const jwk = await Jose.exportJWK(publicKey)
  const kid = await Jose.calculateJwkThumbprint(jwk)
  return { alg: "ES256", kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: "ES256", use: "sig" } }
})

/**
 * Signs `payload` as a JWS compact serialization. Caller header parameters are kept except `alg`, `kid` and `typ`,
 * which the key decides. Fails when `jose` refuses the header (e.g. an unsupported `crit`).
 */
export const sign = (
  key: SigningKey,
  typ: string,
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>
): Effect.Effect<string, unknown> =>
  Effect.tryPromise({
    try: () =>
      new Jose.CompactSign(encoder.encode(JSON.stringify(payload)))
        .setProtectedHeader({ ...header, alg: key.alg, kid: key.kid, typ })
        .sign(key.privateKey),
    catch: (error) => error
  })

/** The payload of a JWT signed by `key` and unexpired at `now` (ms), or `undefined` when `jwt` is not one. */
export const verifiedPayload = (
  key: SigningKey,
  jwt: string,
  now: number
): Effect.Effect<Jose.JWTPayload | undefined> =>
  Effect.promise(() =>
    Jose.jwtVerify(jwt, key.publicKey, { currentDate: new Date(now) }).then(({ payload }) => payload, () => undefined)
  )
