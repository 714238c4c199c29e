/**
 * OpenTelemetry: every operation is a client span `TokenManagement.<operation>` under the caller's span, with the
 * attributes `serviceId` and `http.response.status_code` and nothing secret (no bearer, no token, no URL).
 *
 * The spans go through `@effect/opentelemetry`'s `NodeSdk` into an in-memory exporter and are printed as a tree; in an
 * application, put an OTLP exporter in its place. The calls go to the embedded emulator (mock server + Node transport).
 */
import { TokenManagement } from "@effect-authlete/core"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { SpanKind } from "@opentelemetry/api"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Layer, Redacted } from "effect"

const exporter = new InMemorySpanExporter()

const Tracing = NodeSdk.layer(() => ({
  resource: { serviceName: "effect-authlete-example" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

/** `TokenManagement` through the Node transport, talking to a fresh mock server. */
const Authlete = Layer.unwrapEffect(Effect.map(MockServer.MockServer, (server) => {
  const { bearer, serviceId } = server.emulator.defaults
  return NodeAuthlete.layer({ baseUrl: server.url, bearer, serviceId })
})).pipe(Layer.provideMerge(MockServer.layer()))

/** Some work of an application, in its own span: create a token, widen it, list, revoke, delete. Returns the secrets
 * it handled, to look for them in the spans. */
const rotate = Effect.gen(function*() {
  const { bearer, clientId } = (yield* MockServer.MockServer).emulator.defaults
  const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId, scopes: ["history.read"] })
  const accessToken = created.accessToken!
  yield* TokenManagement.update({ accessToken, scopes: ["history.read", "timeline.read"] })
  yield* TokenManagement.list({ clientIdentifier: String(clientId) })
  yield* TokenManagement.revoke({ accessTokenIdentifier: accessToken })
  yield* TokenManagement.delete({ accessTokenIdentifier: accessToken })
  return [Redacted.value(bearer), Redacted.value(accessToken)]
}).pipe(Effect.withSpan("rotateClientToken", { attributes: { "app.reason": "example" } }))

const kinds: Record<number, string> = {
  [SpanKind.INTERNAL]: "internal",
  [SpanKind.SERVER]: "server",
  [SpanKind.CLIENT]: "client",
  [SpanKind.PRODUCER]: "producer",
  [SpanKind.CONSUMER]: "consumer"
}

const millis = ([seconds, nanos]: readonly [number, number]) => seconds * 1000 + nanos / 1e6

/** One line per span, children indented under their parent, with the span's attributes. */
const printTree = (spans: ReadonlyArray<ReadableSpan>) => {
  const children = (parentId: string | undefined) =>
    spans
      .filter((span) => span.parentSpanContext?.spanId === parentId)
      .sort((a, b) => millis(a.startTime) - millis(b.startTime))
  const lines: Array<string> = []
  const visit = (span: ReadableSpan, depth: number) => {
    const { spanId, traceId } = span.spanContext()
    const attributes = Object.entries(span.attributes).map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    lines.push(
      `${"  ".repeat(depth + 1)}${span.name} [${kinds[span.kind]}] ${millis(span.duration).toFixed(1)} ms` +
        `  trace ${traceId.slice(0, 8)}… span ${spanId}` +
        (attributes.length === 0 ? "" : `\n${"  ".repeat(depth + 3)}${attributes.join("  ")}`)
    )
    for (const child of children(spanId)) visit(child, depth + 1)
  }
  for (const root of children(undefined)) visit(root, 0)
  return lines.join("\n")
}

const program = Effect.gen(function*() {
  const secrets = yield* rotate
  const spans = exporter.getFinishedSpans()
  yield* Console.log(`Exported ${spans.length} spans:`)
  yield* Console.log(printTree(spans))
  const written = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events, span.status]))
  if (secrets.some((secret) => written.includes(secret))) {
    return yield* Effect.dieMessage("a span holds the bearer or a token value")
  }
  yield* Console.log("No span holds the bearer or a token value.")
})

// The tracer wraps the program only: the mock server, started outside it, keeps its own spans to itself.
program.pipe(
  Effect.provide(Tracing),
  Effect.provide(Authlete),
  Effect.runPromise
).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
