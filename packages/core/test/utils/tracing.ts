/**
 * Recording the spans a call starts, over the tracer in place. Shared by both editions (the Effect 4 edition links to
 * this file): a span's arguments are passed on as they come, whatever the major's `span` signature.
 */
import { Effect, Tracer } from "effect"

/** What a test reads of a finished span. */
export interface RecordedSpan {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly attributes: ReadonlyMap<string, unknown>
  readonly ended: boolean
  /** What the span ended with: its exit's tag and, for a success, the value it holds. */
  readonly endedWith?: { readonly tag: "Success" | "Failure"; readonly value?: unknown } | undefined
}

/** Runs `effect` with a tracer that keeps every span it starts, and returns them with the exit. */
export const withRecordedSpans = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const native = yield* Effect.tracer
    const spans: Array<Tracer.Span> = []
    const tracer = Tracer.make({
      span: (...args: Parameters<Tracer.Tracer["span"]>) => {
        const span = native.span(...args)
        spans.push(span)
        return span
      },
      context: native.context?.bind(native)
    })
    const exit = yield* Effect.exit(Effect.withTracer(effect, tracer))
    const recorded: ReadonlyArray<RecordedSpan> = spans.map((span) => ({
      name: span.name,
      kind: span.kind,
      attributes: span.attributes,
      ended: span.status._tag === "Ended",
      endedWith: span.status._tag === "Ended"
        ? span.status.exit._tag === "Success"
          ? { tag: "Success", value: span.status.exit.value }
          : { tag: "Failure" }
        : undefined
    }))
    return { exit, spans: recorded }
  })
