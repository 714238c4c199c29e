/** Token hashes (G4): the runtime's SHA-256, where there is one, gives exactly what the emulator's own script gives. */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { createHash } from "node:crypto"
import { hashOfValue, hashOfValueInScript, randomValue, runtimeHash } from "../src/internal/crypto.js"

/** The hash as Authlete lists it, from Node's own `createHash`: the oracle. */
const oracle = (value: string) => createHash("sha256").update(value, "utf8").digest("base64url")

describe("token hashes", () => {
  it("on Node the runtime's one-shot hash is the one used", () => {
    expect(runtimeHash).toBeDefined()
    expect(hashOfValue).toBe(runtimeHash)
  })

  it("the script's hash and the runtime's agree with createHash on every string, lone surrogates included", () => {
    const values = FastCheck.oneof(
      FastCheck.string({ unit: "grapheme-ascii", maxLength: 80 }),
      FastCheck.string({ unit: "binary", maxLength: 80 }),
      FastCheck.string({ unit: FastCheck.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)) }),
      FastCheck.constant("").map(() => randomValue())
    )
    FastCheck.assert(
      FastCheck.property(values, (value) => {
        const expected = oracle(value)
        expect(hashOfValueInScript(value)).toBe(expected)
        expect(runtimeHash?.(value)).toBe(expected)
      }),
      { numRuns: 2_000 }
    )
  })

  it("a 43-character token hashes to Authlete's form: 43 base64url characters, no padding", () => {
    const hash = hashOfValue(randomValue())
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})
