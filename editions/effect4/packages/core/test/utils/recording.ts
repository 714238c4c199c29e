/**
 * Recording all a user may print or ship of a run — Debug logs in three formats, spans with their attributes, events
 * and exits, errors and answers rendered every usual way — on Effect 4's logger and tracer. The secret-hygiene
 * scenarios (`SecretHygiene.test.ts`) are shared by both editions; this file is the Effect 4 one.
 */
import type { Exit } from "effect"
import { Cause, Effect, Formatter, Layer, Logger, References, Tracer } from "effect"
import * as util from "node:util"
import * as AuthleteClient from "../../src/AuthleteClient.js"
import type * as TokenManagement from "../../src/TokenManagement.js"
import { HttpClient } from "./http.js"
import type { AnyCall } from "./operations.js"

/** Everything recorded during one run, as text. */
export class Recorder {
  constructor(readonly sentinels: ReadonlyArray<string>) {}

  readonly lines: Array<string> = []

  add(label: string, value: unknown): void {
    this.lines.push(`${label}: ${typeof value === "string" ? value : util.inspect(value, { depth: null })}`)
  }

  /** The usual ways of printing a value: String, JSON, util.inspect, Effect's formatter. */
  render(label: string, value: unknown): void {
    this.add(`${label} String`, String(value))
    this.add(`${label} JSON`, safeJson(value))
    this.add(`${label} inspect`, util.inspect(value, { depth: null, showHidden: true }))
    this.add(`${label} Formatter.format`, Formatter.format(value))
    if (value instanceof Error) {
      this.add(`${label} message`, value.message)
      this.add(`${label} stack`, value.stack ?? "")
    }
  }

  /** The secrets found, with the line each showed in. */
  leaks(): Array<string> {
    return this.lines.flatMap((line) =>
      this.sentinels.filter((secret) => line.includes(secret)).map((secret) => `${secret} in ${line.slice(0, 300)}`)
    )
  }

  text(): string {
    return this.lines.join("\n")
  }
}

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? "undefined"
  } catch (error) {
    return `unserializable: ${String(error)}`
  }
}

/** A logger writing each entry as Effect's logfmt, JSON and structured loggers would. */
const recordingLogger = (recorder: Recorder) =>
  Logger.make<unknown, void>((options) => {
    recorder.add("log logfmt", Logger.formatLogFmt.log(options))
    recorder.add("log json", Logger.formatJson.log(options))
    recorder.add("log structured", Logger.formatStructured.log(options))
  })

/** A tracer keeping what an exporter would ship: names, attributes, events, status and the exit of each span. */
const recordingTracer = (recorder: Recorder): Tracer.Tracer => {
  let ids = 0
  return Tracer.make({
    span: ({ annotations, kind, links, name, parent, sampled, startTime }) => {
      const attributes = new Map<string, unknown>()
      const spanId = `span-${++ids}`
      recorder.add("span start", { name, kind })
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace",
        parent,
        annotations,
        status: { _tag: "Started", startTime },
        attributes,
        links: [...links],
        sampled,
        kind,
        attribute: (key, value) => {
          attributes.set(key, value)
          recorder.add(`span ${name} attribute ${key}`, value)
        },
        event: (eventName, _time, eventAttributes) => recorder.add(`span ${name} event ${eventName}`, eventAttributes),
        addLinks: () => {},
        end: (_endTime, exit: Exit.Exit<unknown, unknown>) => {
          recorder.add(`span ${name} end attributes`, Object.fromEntries(attributes))
          recorder.add(`span ${name} end exit`, exit._tag === "Failure" ? Cause.pretty(exit.cause) : exit)
        }
      }
      return span
    }
  })
}

/**
 * Runs `call` over a scripted client as a careless user would: Debug logging of the answer, the error and the whole
 * cause, inside a span of their own; then renders the exit, and the answer or the failure, every usual way.
 */
export const runRecorded = (
  recorder: Recorder,
  call: AnyCall,
  layer: Layer.Layer<TokenManagement.TokenManagement>
) =>
  call.pipe(
    Effect.tap((answer) => Effect.logDebug("answer", answer)),
    Effect.tapError((error) => Effect.logDebug("failed", error)),
    Effect.tapCause((cause) => Effect.logError(cause)),
    Effect.withLogSpan("user.call"),
    Effect.withSpan("user.call"),
    Effect.provide(layer),
    Effect.provideService(References.MinimumLogLevel, "All"),
    Effect.provide(Logger.layer([recordingLogger(recorder)])),
    Effect.withTracer(recordingTracer(recorder)),
    Effect.exit,
    Effect.map((exit) => {
      recorder.render("exit", exit)
      if (exit._tag === "Success") {
        recorder.render("answer", exit.value)
      } else {
        recorder.add("Cause.pretty", Cause.pretty(exit.cause))
        for (const reason of exit.cause.reasons) {
          if (Cause.isFailReason(reason)) recorder.render("error", reason.error)
          if (Cause.isDieReason(reason)) recorder.render("defect", reason.defect)
        }
      }
      return exit
    })
  )

/** The tag of the typed failure of `exit`, if it failed with one. */
export const failureTag = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (exit._tag !== "Failure") return undefined
  const reason = exit.cause.reasons.find(Cause.isFailReason)
  return (reason?.error as { readonly _tag?: string } | undefined)?._tag
}

/** The `AuthleteClient` service the layer builds over `client`. */
export const clientService = (
  options: AuthleteClient.Options,
  client: HttpClient.HttpClient
): Effect.Effect<AuthleteClient.Service, unknown> =>
  Effect.provide(
    Effect.service(AuthleteClient.AuthleteClient),
    AuthleteClient.layer(options).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)))
  )
