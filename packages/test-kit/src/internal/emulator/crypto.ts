/** Hashing, token values and signing keys, on Web Crypto (browser-safe). */
import * as Effect from "effect/Effect"
import * as Jose from "jose"

const encoder = new TextEncoder()

/** G4: the hash Authlete lists for a token value: unpadded base64url of its SHA-256. */
export const hashOf = (value: string): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", encoder.encode(value))).pipe(
    Effect.map((digest) => Jose.base64url.encode(new Uint8Array(digest)))
  )

/** G5: a fresh token value: 32 random bytes as 43 base64url characters. */
export const randomValue = (): string => Jose.base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(32)))

/** A token value with its hash. */
export interface Hashed {
  readonly value: string
  readonly hash: string
}

/** Hashes a given value, or a fresh one when none is given. */
export const hashed = (value: string = randomValue()): Effect.Effect<Hashed> =>
  Effect.map(hashOf(value), (hash) => ({ value, hash }))

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
