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

/** SHA-256 round constants (FIPS 180-4 §4.2.2) and initial hash value (§5.3.3). */
// dprint-ignore
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])
// dprint-ignore
const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
const W = new Uint32Array(64)
const digest = new Uint8Array(32)

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n))

/** Adds the initial hash word `i` to `word` and writes it big-endian into `digest`. */
const writeWord = (i: number, word: number) => {
  const sum = (H[i] + word) | 0
  digest[i * 4] = sum >>> 24
  digest[i * 4 + 1] = sum >>> 16
  digest[i * 4 + 2] = sum >>> 8
  digest[i * 4 + 3] = sum
}

/**
 * SHA-256 of an ASCII value of at most 55 characters (one block: every token value this emulator mints, and most
 * given ones) into `digest`, without allocating; `false` when the value is longer or not ASCII. Checked against
 * `node:crypto` in the tests.
 */
const sha256Short = (value: string): boolean => {
  const length = value.length
  if (length > 55) return false
  W.fill(0, 0, 16)
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code > 127) return false
    W[i >> 2] |= code << (24 - (i & 3) * 8)
  }
  W[length >> 2] |= 0x80 << (24 - (length & 3) * 8)
  W[15] = length * 8
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]
    const w2 = W[t - 2]
    W[t] = W[t - 16] + (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3)) + W[t - 7] +
      (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10))
  }
  let a = H[0]
  let b = H[1]
  let c = H[2]
  let d = H[3]
  let e = H[4]
  let f = H[5]
  let g = H[6]
  let h = H[7]
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  writeWord(0, a)
  writeWord(1, b)
  writeWord(2, c)
  writeWord(3, d)
  writeWord(4, e)
  writeWord(5, f)
  writeWord(6, g)
  writeWord(7, h)
  return true
}

/** G4 in this file's own SHA-256: what every runtime has. */
export const hashOfValueInScript = (value: string): string =>
  sha256Short(value) ? base64url(digest) : base64url(sha256(encoder.encode(value)))

/**
 * The runtime's one-shot SHA-256 of a string's UTF-8 as base64url (`crypto.hash` of Node ≥ 20.12, Bun, Deno), found
 * through `process.getBuiltinModule` so that nothing imports `node:crypto` (the emulator runs in browsers too, which
 * use the script's hash): about a third of the script's time per token. Undefined where there is none.
 */
export const runtimeHash: ((value: string) => string) | undefined = (() => {
  try {
    const runtime = (globalThis as { readonly process?: { readonly getBuiltinModule?: (id: string) => unknown } })
      .process
    const crypto = runtime?.getBuiltinModule?.("node:crypto") as
      | { readonly hash?: (algorithm: string, data: string, encoding: string) => string }
      | undefined
    const hash = crypto?.hash
    if (typeof hash !== "function") return undefined
    const viaRuntime = (value: string) => hash("sha256", value, "base64url")
    // used only where it answers as the script does (an ASCII value and one with a lone surrogate)
    return ["abc", "\ud800\u00e9"].every((value) => viaRuntime(value) === hashOfValueInScript(value))
      ? viaRuntime
      : undefined
  } catch {
    return undefined
  }
})()

/** G4: the hash Authlete lists for a token value, computed synchronously: unpadded base64url of its SHA-256. */
export const hashOfValue: (value: string) => string = runtimeHash ?? hashOfValueInScript

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

/**
 * The hashes an access token may be stored by: the hash of its value and, for a JWT access token signed by `key` and
 * unexpired at `now`, its `jti` (a JWT access token's `jti` is the hash of the record it stands for).
 */
export const accessTokenHashesOf = (
  key: SigningKey,
  accessToken: string,
  now: number
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.suspend(() => {
    const hash = hashOfValue(accessToken)
    return accessToken.split(".").length === 3
      ? Effect.map(verifiedPayload(key, accessToken, now), (jwt) =>
        typeof jwt?.jti === "string" ? [hash, jwt.jti] : [hash])
      : Effect.succeed([hash])
  })

/** Unpadded base64url of the SHA-256 of `bytes` (a certificate's `x5t#S256`). */
export const hashOfBytes = (bytes: Uint8Array): string => base64url(sha256(bytes))
