/**
 * Hostile input, property-based: random valid requests travel unchanged, random invalid ones never reach the network,
 * and whatever a server (or what stands in front of it) answers becomes a success or a typed error — never a defect.
 * Shared by both editions (the Effect 4 edition links to this file): fast-check, a schema's random values and a
 * cause's one failure come from `utils/edition.ts`; the properties run on fast-check's own runner.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Exit } from "effect"
import { Cause, Effect, Option, Redacted, Schema } from "effect"
import * as AuthleteError from "../src/AuthleteError.js"
import * as AuthleteOperation from "../src/AuthleteOperation.js"
import * as TokenManagement from "../src/TokenManagement.js"
import type { AnySchema } from "./utils/edition.js"
import { arbitraryOf, decodeOption, fc, onlyFailure } from "./utils/edition.js"
import { okAnswer, operationNames, validCall } from "./utils/operations.js"
import type { Answer } from "./utils/scripted.js"
import { always, scripted, sentBy } from "./utils/scripted.js"

/** Property runs per operation and property. */
const numRuns = 150

/** A property over `arbitraries` whose every run is an Effect: fails with the first run that fails, shrunk. */
const prop = <T extends Record<string, unknown>>(
  name: string,
  arbitraries: { readonly [K in keyof T]: fc.Arbitrary<T[K]> },
  run: (values: T) => Effect.Effect<void, unknown>
) =>
  it(name, () =>
    fc.assert(
      fc.asyncProperty(fc.record(arbitraries) as fc.Arbitrary<T>, (values) => Effect.runPromise(run(values))),
      { numRuns }
    ))

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Each operation's request schema, from its description. */
const requestSchemas = Object.fromEntries(
  AuthleteOperation.all.map((operation) => [operation.name, operation.request as AnySchema])
) as Record<AuthleteError.Operation, AnySchema>

/** Each operation's response schema, from its description (delete answers 204 without a body). */
const responseSchemas = Object.fromEntries(
  AuthleteOperation.all.flatMap((operation) =>
    operation.response === undefined ? [] : [[operation.name, operation.response as AnySchema]]
  )
) as Record<Exclude<AuthleteError.Operation, "delete">, AnySchema>

/** The operation `op` of the service, taking any request. */
const call = (op: AuthleteError.Operation, request: unknown) =>
  Effect.flatMap(
    TokenManagement.TokenManagement,
    (service) => (service[op] as (request: unknown) => Effect.Effect<unknown, AuthleteError.AuthleteError>)(request)
  )

/**
 * A value as the wire sees it: every `Redacted` replaced by what it hides, members set to `undefined` left out (an
 * optional field may be either; both mean absent).
 */
const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return Redacted.value(value)
  if (Array.isArray(value)) return value.map(reveal)
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => v === undefined ? [] : [[k, reveal(v)]]))
  }
  return value
}

const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed: () => boolean }).isWellFormed()

/** The typed failure of an exit, asserting there is exactly one and nothing else (no defect, no interruption). */
const typedFailure = (exit: Exit.Exit<unknown, AuthleteError.AuthleteError>): AuthleteError.AuthleteError => {
  assert.strictEqual(exit._tag, "Failure", "expected a failure")
  const cause = (exit as Exit.Failure<unknown, AuthleteError.AuthleteError>).cause
  const failure = onlyFailure(cause)
  assert.isDefined(failure, `a single Fail, got ${Cause.pretty(cause)}`)
  const { error } = failure!
  assert.isTrue(AuthleteError.isAuthleteError(error), "an AuthleteError")
  return error
}

// ---------------------------------------------------------------------------------------------------------------------
// requests
// ---------------------------------------------------------------------------------------------------------------------

describe("valid requests", () => {
  for (const op of operationNames) {
    const schema = requestSchemas[op]
    prop(
      `${op}: encode then decode gives the request back, and exactly its encoding is sent`,
      { request: arbitraryOf(schema) },
      ({ request }) =>
        Effect.gen(function*() {
          const encoded = Schema.encodeSync(schema)(request)
          const wire = JSON.parse(JSON.stringify(encoded)) as Record<string, unknown>
          assert.deepStrictEqual(wire, reveal(encoded), "the encoding is plain JSON")
          assert.deepStrictEqual(reveal(Schema.decodeUnknownSync(schema)(encoded)), reveal(request))
          assert.deepStrictEqual(reveal(Schema.decodeUnknownSync(schema)(wire)), reveal(request))

          const sent = yield* sentBy(call(op, request), okAnswer[op])
          switch (op) {
            case "list":
              assert.deepStrictEqual(
                Object.fromEntries(sent.url.searchParams),
                Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, String(v)]))
              )
              break
            case "delete":
              assert.strictEqual(decodeURIComponent(sent.url.pathname.split("/").at(-1)!), wire.accessTokenIdentifier)
              break
            default:
              assert.deepStrictEqual(sent.body, wire)
          }
        })
    )
  }
})

describe("a secret that is not well-formed UTF-16", () => {
  // JSON carries a lone surrogate (`\udc00`), so a body field holding one is sent; only a URL cannot carry it, and the
  // schemas of path and query fields refuse it. Effect 4's schema generator draws such values; Effect 3's does not.
  for (
    const [op, call] of [
      ["revoke", TokenManagement.revoke({ accessTokenIdentifier: Redacted.make("id-\udc00") })],
      ["introspection", TokenManagement.introspection({ token: Redacted.make("at-\ud800") })]
    ] as const
  ) {
    it(`${op}: is sent, or refused with a RequestValidationError, never a defect`, () =>
      Effect.runPromise(Effect.gen(function*() {
        const exit = yield* Effect.exit(Effect.provide(call, scripted(always(okAnswer[op])).layer))
        if (exit._tag === "Failure") assert.strictEqual(typedFailure(exit)._tag, "RequestValidationError")
      })))
  }
})

/** An array nested 100,000 levels deep. */
const deepArray = Array.from({ length: 100_000 }).reduce<Array<unknown>>((inner) => [inner], [])

/** A valid request with one member replaced by anything at all, or by something absurdly deep. */
const corrupted = (schema: AnySchema) =>
  arbitraryOf(schema).chain((request) => {
    const keys = isRecord(request) ? Object.keys(request) : []
    const key = keys.length === 0 ? fc.string() : fc.oneof(fc.constantFrom(...keys), fc.string())
    const value = fc.oneof({ arbitrary: fc.anything(), weight: 9 }, { arbitrary: fc.constant(deepArray), weight: 1 })
    return fc.tuple(key, value).map(([k, v]) => ({ ...(request as object), [k]: v }))
  })

describe("invalid requests", () => {
  for (const op of operationNames) {
    const schema = requestSchemas[op]
    const isValid = Schema.is(schema)
    // `list` reads a missing request as `{}`
    const invalid = fc.oneof(fc.anything(), corrupted(schema)).filter((request) =>
      !isValid(request) && !(op === "list" && request == null)
    )
    prop(
      `${op}: refused with a RequestValidationError, nothing sent`,
      { request: invalid },
      ({ request }) =>
        Effect.gen(function*() {
          const harness = scripted(always(okAnswer[op]))
          const exit = yield* Effect.exit(Effect.provide(call(op, request), harness.layer))
          const error = typedFailure(exit)
          assert.strictEqual(error._tag, "RequestValidationError")
          assert.strictEqual(error.operation, op)
          assert.strictEqual(harness.requests.length, 0, "requests sent")
        })
    )
  }
})

/** Where a piece of text goes into a URL, and how to read it back from the URL sent. */
const urlPlaces = {
  "delete identifier": {
    call: (text: string) => TokenManagement.delete({ accessTokenIdentifier: text }),
    read: (url: URL) => decodeURIComponent(url.pathname.split("/").at(-1)!),
    pathSegment: true
  },
  "service ID": {
    call: (text: string) => TokenManagement.list({}, { serviceId: text }),
    read: (url: URL) => decodeURIComponent(url.pathname.split("/")[2]),
    pathSegment: true
  },
  "list subject": {
    call: (text: string) => TokenManagement.list({ subject: text }),
    read: (url: URL) => url.searchParams.get("subject"),
    pathSegment: false
  },
  "list clientIdentifier": {
    call: (text: string) => TokenManagement.list({ clientIdentifier: text }),
    read: (url: URL) => url.searchParams.get("clientIdentifier"),
    pathSegment: false
  }
} as const

/** Any UTF-16 text, lone surrogates included. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) })

describe("any text in a URL", () => {
  for (const [place, { call: callWith, pathSegment, read }] of Object.entries(urlPlaces)) {
    prop(
      `${place}: arrives exactly, or is refused before any I/O`,
      // UTF-16 code units, lone surrogates included, and the segments URL resolution treats specially
      { text: fc.oneof(utf16, fc.constantFrom("", ".", "..", "%2e", "a/b", "?#", "\uD800", "\uDFFFx")) },
      ({ text }) =>
        Effect.gen(function*() {
          const acceptable = isWellFormed(text) && !(pathSegment && ["", ".", ".."].includes(text))
          const harness = scripted(always(okAnswer[place === "delete identifier" ? "delete" : "list"]))
          const exit = yield* Effect.exit(Effect.provide(callWith(text), harness.layer))
          if (acceptable) {
            assert.strictEqual(exit._tag, "Success", exit._tag === "Failure" ? Cause.pretty(exit.cause) : "")
            assert.strictEqual(read(harness.requests[0].url), text)
          } else {
            assert.strictEqual(typedFailure(exit)._tag, "RequestValidationError")
            assert.strictEqual(harness.requests.length, 0, "requests sent")
          }
        })
    )
  }
})

// ---------------------------------------------------------------------------------------------------------------------
// responses
// ---------------------------------------------------------------------------------------------------------------------

const jsonTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/problem+json"
]
const otherTypes = ["text/html", "text/plain", "application/octet-stream", undefined]
const contentTypes = fc.oneof(
  { arbitrary: fc.constantFrom(...jsonTypes), weight: 3 },
  { arbitrary: fc.constantFrom(...otherTypes), weight: 1 }
)

/** 5 MB bodies: a JSON string where an object is expected, and a proxy's error page. */
const hugeJson = `{"accessTokens":"${"x".repeat(5_000_000)}","resultCode":"A001"}`
const hugeHtml = `<html><body>${"<p>upstream failed</p>".repeat(250_000)}</body></html>`
/** 100,000 levels of nesting, where a list of tokens is expected and as a whole `result` body. */
const deepJson = `{"accessTokens":${"[".repeat(100_000)}${"]".repeat(100_000)},"client":${"{\"a\":".repeat(100_000)}1${
  "}".repeat(100_000)
}}`

const statuses = fc.oneof(
  { arbitrary: fc.constantFrom(200, 204), weight: 3 },
  { arbitrary: fc.constantFrom(400, 401, 403, 404, 429, 500, 502, 503, 504), weight: 2 },
  { arbitrary: fc.integer({ min: 200, max: 599 }), weight: 1 }
)

/** What a body may be: valid for the operation, any JSON, cut-off JSON, markup, bytes, huge, or cut off mid-stream. */
type Body =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Bytes"; readonly bytes: Uint8Array }
  | { readonly _tag: "Broken"; readonly prefix: string }

const bodies = (op: AuthleteError.Operation): fc.Arbitrary<Body> => {
  const valid: fc.Arbitrary<unknown> = op === "delete"
    ? fc.constant({})
    : arbitraryOf(responseSchemas[op]).map(Schema.encodeSync(responseSchemas[op]))
  // a valid answer with some members null (absent, for Authlete) or with members that name Object.prototype's
  const nulled = valid.chain((value) =>
    fc.subarray(Object.keys(value as object)).map((keys) => ({
      ...(value as object),
      ...Object.fromEntries(keys.map((key) => [key, null]))
    }))
  )
  const prototypeKeys = valid.map((value) =>
    `{"__proto__":{"polluted":true},"constructor":{"prototype":{}},${JSON.stringify(value).slice(1)}`
  )
  const json = fc.oneof(
    fc.oneof(valid, nulled, fc.jsonValue(), fc.object()).map((value) => JSON.stringify(value)),
    prototypeKeys
  )
  const text = fc.oneof(
    { arbitrary: json, weight: 4 },
    { arbitrary: json.chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))), weight: 2 },
    { arbitrary: fc.string().map((s) => `<!DOCTYPE html><html><body><h1>${s}</h1></body></html>`), weight: 1 },
    { arbitrary: fc.string(), weight: 1 },
    { arbitrary: fc.constantFrom(hugeJson, hugeHtml, deepJson), weight: 1 }
  )
  return fc.oneof(
    { arbitrary: text.map((text) => ({ _tag: "Text" as const, text })), weight: 8 },
    { arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ _tag: "Bytes" as const, bytes })), weight: 1 },
    { arbitrary: json.map((prefix) => ({ _tag: "Broken" as const, prefix })), weight: 1 }
  )
}

const nullBodyStatuses = new Set([204, 205, 304])

/** The response the scripted server sends; a `Broken` body fails while it is read, as a reset connection does. */
const toResponse = (status: number, contentType: string | undefined, body: Body): Response => {
  const headers: Record<string, string> = contentType === undefined ? {} : { "content-type": contentType }
  if (nullBodyStatuses.has(status)) return new Response(null, { status, headers })
  switch (body._tag) {
    case "Text":
      return new Response(body.text, { status, headers })
    case "Bytes":
      return new Response(new Uint8Array(body.bytes), { status, headers })
    case "Broken": {
      // The prefix arrives, then the connection resets at the next read. (Erroring the stream right after enqueuing
      // would discard the queued prefix, as the Streams standard says, and no reader would ever see it.)
      let sent = false
      return new Response(
        new ReadableStream({
          pull(controller) {
            if (sent) return controller.error(new TypeError("terminated: other side closed"))
            sent = true
            controller.enqueue(new TextEncoder().encode(body.prefix))
          }
        }),
        { status, headers }
      )
    }
  }
}

/** What Authlete's wire contract says the answer is, written from the API reference, not from the transport. */
const expected = (
  op: AuthleteError.Operation,
  status: number,
  contentType: string | undefined,
  body: Body
): { readonly outcome: "success"; readonly value: unknown } | {
  readonly outcome: AuthleteError.AuthleteError["_tag"]
} => {
  if (op === "delete" && status === 204) return { outcome: "success", value: undefined }
  // A redirect is never followed, nor its body read.
  if (status >= 300 && status < 400) return { outcome: "RedirectError" }
  const nullBody = nullBodyStatuses.has(status)
  const mediaType = contentType?.split(";")[0].trim().toLowerCase()
  const json = mediaType === "application/json" || mediaType?.endsWith("+json") === true
  const readWhole = (op !== "delete" && status === 200 && json) || ([400, 401, 403, 500].includes(status) && json)
  // An unexpected answer's excerpt reads at most 2,048 bytes: a body cut off later is never reached.
  const cutOffUnread = body._tag === "Broken" && !readWhole && new TextEncoder().encode(body.prefix).length > 2048
  if (!nullBody && body._tag === "Broken" && !cutOffUnread) return { outcome: "TransportError" }
  const text = nullBody ? "" : body._tag === "Text" ? body.text : new TextDecoder().decode((body as any).bytes)
  let parsed: { readonly value: unknown } | undefined
  try {
    parsed = { value: JSON.parse(text) }
  } catch {
    parsed = undefined
  }
  if (op !== "delete" && status === 200 && json) {
    if (parsed === undefined) return { outcome: "ResponseDecodeError" }
    const decoded = decodeOption(responseSchemas[op], parsed.value)
    return Option.isSome(decoded) ? { outcome: "success", value: decoded.value } : { outcome: "ResponseDecodeError" }
  }
  if ([400, 401, 403, 500].includes(status) && json) {
    return {
      outcome: parsed !== undefined && typeof parsed.value === "object" && parsed.value !== null
        ? "ResultError"
        : "UnexpectedStatusError"
    }
  }
  return { outcome: "UnexpectedStatusError" }
}

/** Longest `body` of an UnexpectedStatusError: the 512-character excerpt and its length note. */
const maxExcerpt = 512 + "… (5000000000 bytes)".length

describe("malformed responses", () => {
  /** How often each outcome came up, to check that the generators reach all of them. */
  const seen = new Map<string, number>()

  for (const op of operationNames) {
    prop(
      `${op}: any status, content type and body is a success or a typed error, never a defect`,
      { status: statuses, contentType: contentTypes, body: bodies(op) },
      ({ body, contentType, status }) =>
        Effect.gen(function*() {
          const answer = (): Answer => toResponse(status, contentType, body)
          const harness = scripted(always(answer))
          const exit = yield* Effect.exit(Effect.provide(validCall[op], harness.layer))
          const oracle = expected(op, status, contentType, body)
          seen.set(oracle.outcome, (seen.get(oracle.outcome) ?? 0) + 1)
          if (oracle.outcome === "success") {
            assert.strictEqual(exit._tag, "Success", exit._tag === "Failure" ? Cause.pretty(exit.cause) : "")
            // the same answer, of the same classes, as Effect's own decoder gives
            const value = (exit as Exit.Success<unknown, never>).value
            assert.deepStrictEqual(reveal(value), reveal(oracle.value))
            if (oracle.value !== undefined) {
              assert.strictEqual(Object.getPrototypeOf(value), Object.getPrototypeOf(oracle.value))
            }
            assert.isUndefined(({} as Record<string, unknown>).polluted, "Object.prototype polluted")
            return
          }
          const error = typedFailure(exit)
          assert.strictEqual(error._tag, oracle.outcome)
          assert.strictEqual(error.operation, op)
          if (error._tag === "UnexpectedStatusError") {
            assert.strictEqual(error.status, status)
            assert.isAtMost(error.body.length, maxExcerpt, "the body excerpt is bounded")
          }
        })
    )
  }

  it("the generated answers reached every outcome", () => {
    for (
      const outcome of [
        "success",
        "ResultError",
        "UnexpectedStatusError",
        "ResponseDecodeError",
        "TransportError",
        "RedirectError"
      ]
    ) {
      assert.isAtLeast(seen.get(outcome) ?? 0, 10, outcome)
    }
  })
})
