import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Option, ParseResult, Redacted, Schema } from "effect"
import * as AuthleteOperation from "../src/AuthleteOperation.js"
import { covers, decodeUnknownEither, fastPathOf } from "../src/internal/fastDecode.js"
import { known } from "../src/internal/models.js"
import * as Schemas from "../src/Schemas.js"
import { responseExamples } from "./utils/openapi.js"

const options = { errors: "all", onExcessProperty: "ignore" } as const

/** Each operation's success schema, from the rows (delete answers 204 without a body). */
const successSchemas: Partial<Record<string, Schema.Schema.Any>> = Object.fromEntries(
  AuthleteOperation.all.flatMap((operation) =>
    operation.response === undefined ? [] : [[operation.name, operation.response as Schema.Schema.Any]]
  )
)

/** Every schema an answer decodes with: each operation's success schema, and the `result` body. */
const responses: Record<string, Schema.Schema.Any> = { ...successSchemas, Result: Schemas.Result }

/** A value with everything that tells two decodes apart: classes, key order, `undefined` members, Redacted contents. */
const shape = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { Redacted: shape(Redacted.value(value)) }
  if (Array.isArray(value)) return value.map(shape)
  if (typeof value === "object" && value !== null) {
    return {
      class: value.constructor?.name,
      entries: Reflect.ownKeys(value).map((key) => [String(key), shape((value as any)[key])])
    }
  }
  return value === undefined ? "<undefined>" : value
}

/** Encoded values, plus variants with an extra key, a wrong type or a null somewhere. */
const inputs = <A, I>(schema: Schema.Schema<A, I>) => {
  const encoded = Arbitrary.make(Schema.encodedSchema(schema))
  const mutate = (value: unknown, mutation: number, salt: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => i === 0 ? mutate(item, mutation, salt) : item)
    if (typeof value !== "object" || value === null) return value
    const keys = Object.keys(value)
    const out: Record<string, unknown> = { ...(value as object) }
    const key = keys[mutation % Math.max(1, keys.length)]
    switch (mutation % 4) {
      case 0:
        out.unexpected = salt
        break
      case 1:
        if (key !== undefined) out[key] = salt
        break
      case 2:
        if (key !== undefined) out[key] = mutate(out[key], mutation >> 2, salt)
        break
      case 3:
        if (key !== undefined) delete out[key]
        break
    }
    return out
  }
  return fc.oneof(
    encoded,
    fc.tuple(encoded, fc.nat(), fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.constant([])))
      .map(([value, mutation, salt]) => mutate(value, mutation, salt))
  )
}

describe("fastDecode", () => {
  for (const [name, schema] of Object.entries(responses)) {
    it(`${name}: same outcome as ParseResult.decodeUnknownEither`, () => {
      const slow = ParseResult.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>, options)
      const fast = decodeUnknownEither(schema as Schema.Schema<unknown, unknown>, options, known)
      fc.assert(
        fc.property(inputs(schema as Schema.Schema<unknown, unknown>), (input) => {
          const expected = slow(input)
          const actual = fast(input)
          assert.strictEqual(actual._tag, expected._tag)
          if (Either.isRight(expected) && Either.isRight(actual)) {
            assert.deepStrictEqual(shape(actual.right), shape(expected.right))
          } else if (Either.isLeft(expected) && Either.isLeft(actual)) {
            assert.deepStrictEqual(actual.left, expected.left)
          }
        }),
        { numRuns: 400 }
      )
    })
  }

  // Each example answer of the OpenAPI document, by the fast path alone (it must not give up on any of them), equals
  // the standard decoder's: same classes, same keys in the same order, same Redacted contents.
  for (const { body, operation, status } of responseExamples) {
    const schema = (status === 200 ? successSchemas[operation] : Schemas.Result) as
      | Schema.Schema<unknown, unknown>
      | undefined
    if (schema === undefined) continue
    it(`${operation} ${status} example: the fast path decodes it as ParseResult does`, () => {
      const expected = ParseResult.decodeUnknownEither(schema, options)(body)
      assert.isTrue(Either.isRight(expected))
      const actual = fastPathOf(schema, options, known)(body)
      assert.isTrue(Option.isSome(actual))
      assert.deepStrictEqual(shape(Option.getOrThrow(actual)), shape(Either.getOrThrow(expected)))
    })
  }

  it("covers every response schema (none silently falls back to ParseResult)", () => {
    for (const [name, schema] of Object.entries(responses)) assert.isTrue(covers(schema, options, known), name)
    assert.isFalse(covers(Schemas.TokenCreateRequest, options, known))
  })

  it("decodes a list page to AccessToken instances with Redacted-free hashes", () => {
    const decode = decodeUnknownEither(Schemas.TokenListResponse, options, known)
    const result = decode({ start: 0, end: 1, totalCount: 1, accessTokens: [{ accessTokenHash: "h", subject: null }] })
    assert.isTrue(Either.isRight(result))
    const page = Either.getOrThrow(result)
    assert.instanceOf(page, Schemas.TokenListResponse)
    assert.instanceOf(page.accessTokens![0], Schemas.AccessToken)
    assert.deepStrictEqual(Object.keys(page.accessTokens![0]), ["accessTokenHash"])
  })

  it("falls back to ParseResult's issue when the value does not match", () => {
    const decode = decodeUnknownEither(Schemas.TokenCreateResponse, options, known)
    const result = decode({ action: "MAYBE" })
    assert.isTrue(Either.isLeft(result))
  })

  it("names every response model, and builds a model with a field default through its constructor", () => {
    for (const model of [Schemas.AccessToken, Schemas.Property, Schemas.Result, Schemas.TokenListResponse]) {
      assert.include(known.models, model)
    }
    class Defaulted extends Schema.Class<Defaulted>("Defaulted")({
      name: Schema.String,
      kind: Schema.optionalWith(Schema.String, { default: () => "plain" })
    }) {}
    const decoded = fastPathOf(Defaulted, options, { models: [Defaulted], redactedStrings: [] })({ name: "a" })
    assert.isTrue(Option.isSome(decoded))
    assert.instanceOf(Option.getOrThrow(decoded), Defaulted)
    assert.strictEqual(Option.getOrThrow(decoded).kind, "plain")
  })
})
