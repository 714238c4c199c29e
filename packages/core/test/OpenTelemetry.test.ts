/**
 * The spans of the six operations as an OpenTelemetry SDK exports them (`@effect/opentelemetry`'s `NodeSdk.layer` into
 * an `InMemorySpanExporter`): one client span per call, a child of the caller's span, carrying `serviceId` and the
 * HTTP status, and nothing secret. The transport is the scripted `HttpClient` of `utils/scripted.ts`.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { assert, describe, it } from "@effect/vitest"
import { SpanKind, SpanStatusCode } from "@opentelemetry/api"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Exit, Stream } from "effect"
import type { Operation } from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { okAnswer, operationNames, secrets, validCall } from "./utils/operations.js"
import type { Answer, Script } from "./utils/scripted.js"
import { always, bearer, json, scripted, serviceId } from "./utils/scripted.js"

/** Runs `effect` inside a span `caller`, exported through a fresh OpenTelemetry SDK; returns its exit and the spans. */
const exported = <A, E>(effect: Effect.Effect<A, E, TokenManagement.TokenManagement>, script: Script) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    const sdk = NodeSdk.layer(() => ({
      resource: { serviceName: "effect-authlete-test" },
      spanProcessor: new SimpleSpanProcessor(exporter)
    }))
    // read the exporter while the SDK is up: its shutdown empties an InMemorySpanExporter. The simple processor
    // exports each span as it ends, so by then every span of the call is there.
    const { exit, spans } = yield* effect.pipe(
      Effect.withSpan("caller"),
      Effect.provide(scripted(script).layer),
      Effect.exit,
      Effect.map((exit) => ({ exit, spans: exporter.getFinishedSpans() })),
      Effect.provide(sdk)
    )
    const caller = spans.find((span) => span.name === "caller")
    assert.isDefined(caller, "the caller's span was exported")
    return { exit, spans, caller: caller!, calls: spans.filter((span) => span !== caller) }
  })

/** The caller's span is the parent of `span`, in the same trace. */
const assertChildOf = (span: ReadableSpan, caller: ReadableSpan) => {
  assert.strictEqual(span.spanContext().traceId, caller.spanContext().traceId, "same trace")
  assert.strictEqual(span.parentSpanContext?.spanId, caller.spanContext().spanId, "parent is the caller's span")
  assert.notStrictEqual(span.spanContext().spanId, caller.spanContext().spanId)
}

const secretValues = [bearer, secrets.accessToken, secrets.refreshToken, secrets.identifier]

/** No attribute, event or status message of `span` holds the bearer or a token value. */
const assertNothingSecretIn = (span: ReadableSpan) => {
  const written = JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map(({ attributes, name }) => ({ name, attributes })),
    status: span.status,
    links: span.links
  })
  for (const secret of secretValues) assert.notInclude(written, secret)
}

describe("OpenTelemetry export", () => {
  for (const operation of operationNames) {
    it.effect(`${operation}: one client span under the caller's span, with serviceId and status, nothing secret`, () =>
      Effect.gen(function*() {
        const { calls, caller, exit } = yield* exported(validCall[operation], always(okAnswer[operation]))
        assert.isTrue(Exit.isSuccess(exit))
        // exactly one span per call: the platform's own HTTP span (which would record the URL) is not there
        assert.deepStrictEqual(calls.map((span) => span.name), [`TokenManagement.${operation}`])
        const [span] = calls
        assert.strictEqual(span.kind, SpanKind.CLIENT)
        assertChildOf(span, caller)
        assert.strictEqual(span.attributes.serviceId, serviceId)
        assert.strictEqual(span.attributes["http.response.status_code"], operation === "delete" ? 204 : 200)
        assert.notStrictEqual(span.status.code, SpanStatusCode.ERROR)
        assertNothingSecretIn(span)
        assertNothingSecretIn(caller)
      }))
  }

  it.effect("a failed call: an error span under the caller, the status recorded, nothing secret", () =>
    Effect.gen(function*() {
      const denied = (): Answer =>
        json(403, { resultCode: "A001215", resultMessage: "[A001215] The access token has no permission." })
      const { calls, caller, exit } = yield* exported(validCall.update, always(denied))
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(calls.length, 1)
      const [span] = calls
      assertChildOf(span, caller)
      assert.strictEqual(span.status.code, SpanStatusCode.ERROR)
      assert.strictEqual(span.attributes["http.response.status_code"], 403)
      assert.strictEqual(span.attributes.serviceId, serviceId)
      assertNothingSecretIn(span)
    }))

  it.effect("several calls under one caller: one sibling span each, in call order", () =>
    Effect.gen(function*() {
      const sequence: ReadonlyArray<Operation> = ["create", "update", "list", "revoke", "delete"]
      const program = Effect.forEach(sequence, (operation) => validCall[operation], { discard: true })
      const byPath: Script = (request) => {
        const operation = sequence.find((name) => request.url.pathname.includes(pathFragment[name]))
        return okAnswer[operation ?? "list"]()
      }
      const { calls, caller, exit } = yield* exported(program, byPath)
      assert.isTrue(Exit.isSuccess(exit))
      const ordered = [...calls].sort((a, b) => compareTime(a.startTime, b.startTime))
      assert.deepStrictEqual(ordered.map((span) => span.name), sequence.map((name) => `TokenManagement.${name}`))
      for (const span of calls) {
        assertChildOf(span, caller)
        assertNothingSecretIn(span)
      }
    }))

  it.effect("listStream: one list span per page, each under the caller's span", () =>
    Effect.gen(function*() {
      const tokens = Array.from({ length: 5 }, (_, i) => ({ accessTokenHash: `hash-${i}`, subject: "john" }))
      const page: Script = (request) => {
        const start = Number(request.url.searchParams.get("start"))
        const end = Number(request.url.searchParams.get("end"))
        return json(200, { start, end, totalCount: tokens.length, accessTokens: tokens.slice(start, end) })
      }
      const walk = Stream.runCollect(TokenManagement.listStream({ pageSize: 2 }))
      const { calls, caller, exit } = yield* exported(walk, page)
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(calls.map((span) => span.name), Array(3).fill("TokenManagement.list"))
      for (const span of calls) assertChildOf(span, caller)
    }))
})

/** A piece of each operation's path that tells it apart from the others. */
const pathFragment: Record<Operation, string> = {
  reissueIdToken: "/idtoken/reissue",
  list: "/auth/token/get/list",
  create: "/auth/token/create",
  update: "/auth/token/update",
  delete: "/auth/token/delete/",
  introspection: "/auth/introspection",
  revoke: "/auth/token/revoke"
}

const compareTime = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1]
