/**
 * Secret hygiene: run every operation through every outcome with a known bearer and known token values, record all a
 * user may print or ship — Debug logs in three formats, spans with their attributes, events and exits, errors and
 * answers rendered every usual way — and look for the secrets in it.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import type { Context, Exit, Option } from "effect"
import { Cause, Effect, Inspectable, Layer, Logger, LogLevel, Redacted, Tracer } from "effect"
import * as util from "node:util"
import * as AuthleteClient from "../src/AuthleteClient.js"
import type { Operation } from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import type { AnyCall } from "./utils/operations.js"
import { operationNames, secrets, validCall } from "./utils/operations.js"
import type { Answer, SentRequest } from "./utils/scripted.js"
import { bearer, defaultOptions, json, noContent, refused, scripted, silent, text } from "./utils/scripted.js"

const sentinels: ReadonlyArray<string> = [bearer, secrets.accessToken, secrets.refreshToken, secrets.identifier]

/** Everything recorded during one run, as text. */
class Recorder {
  readonly lines: Array<string> = []

  add(label: string, value: unknown): void {
    this.lines.push(`${label}: ${typeof value === "string" ? value : util.inspect(value, { depth: null })}`)
  }

  /** The usual ways of printing a value: String, JSON, util.inspect, Effect's Inspectable. */
  render(label: string, value: unknown): void {
    this.add(`${label} String`, String(value))
    this.add(`${label} JSON`, safeJson(value))
    this.add(`${label} inspect`, util.inspect(value, { depth: null, showHidden: true }))
    this.add(`${label} Inspectable.format`, Inspectable.format(value))
    this.add(`${label} toStringUnknown`, Inspectable.toStringUnknown(value))
    if (value instanceof Error) {
      this.add(`${label} message`, value.message)
      this.add(`${label} stack`, value.stack ?? "")
    }
  }

  /** The secrets found, with the line each showed in. */
  leaks(): Array<string> {
    return this.lines.flatMap((line) =>
      sentinels.filter((secret) => line.includes(secret)).map((secret) => `${secret} in ${line.slice(0, 300)}`)
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

/** A Debug-level logger writing each entry as Effect's logfmt, JSON and structured loggers would. */
const recordingLogger = (recorder: Recorder) =>
  Logger.make<unknown, void>((options) => {
    recorder.add("log logfmt", Logger.logfmtLogger.log(options))
    recorder.add("log json", Logger.jsonLogger.log(options))
    recorder.add("log structured", Logger.structuredLogger.log(options))
  })

/** A tracer keeping what an exporter would ship: names, attributes, events, status and the exit of each span. */
const recordingTracer = (recorder: Recorder): Tracer.Tracer => {
  let ids = 0
  return Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const attributes = new Map<string, unknown>(Object.entries(options?.attributes ?? {}))
      const spanId = `span-${++ids}`
      recorder.add("span start", { name, kind, attributes: options?.attributes })
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace",
        parent: parent as Option.Option<Tracer.AnySpan>,
        context: context as Context.Context<never>,
        status: { _tag: "Started", startTime },
        attributes,
        links: [...links],
        sampled: true,
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
    },
    context: (f) => f()
  })
}

/**
 * Runs `call` over a scripted client as a careless user would: Debug logging of the answer, the error and the whole
 * cause, inside a span of their own; then renders the exit, and the answer or the failure, every usual way.
 */
const runRecorded = (recorder: Recorder, call: AnyCall, layer: Layer.Layer<TokenManagement.TokenManagement>) =>
  call.pipe(
    Effect.tap((answer) => Effect.logDebug("answer", answer)),
    Effect.tapError((error) => Effect.logDebug("failed", error)),
    Effect.tapErrorCause((cause) => Effect.logError(cause)),
    Effect.withLogSpan("user.call"),
    Effect.withSpan("user.call"),
    Effect.provide(layer),
    Logger.withMinimumLogLevel(LogLevel.All),
    Effect.provide(Logger.replace(Logger.defaultLogger, recordingLogger(recorder))),
    Effect.withTracer(recordingTracer(recorder)),
    Effect.exit,
    Effect.map((exit) => {
      recorder.render("exit", exit)
      if (exit._tag === "Success") {
        recorder.render("answer", exit.value)
      } else {
        recorder.add("Cause.pretty", Cause.pretty(exit.cause))
        for (const error of Cause.failures(exit.cause)) recorder.render("error", error)
        for (const defect of Cause.defects(exit.cause)) recorder.render("defect", defect)
      }
      return exit
    })
  )

/** What the server does, written from the request it got (some servers quote the request in their errors). */
type Scenario = (request: SentRequest) => Answer

const echoPath = (request: SentRequest) => `${request.method} ${request.url.pathname}${request.url.search}`

/** The whole request as a debugging proxy would quote it: request line, `Authorization` header and body. */
const echoRequest = (request: SentRequest) =>
  `${echoPath(request)}\nauthorization: ${request.headers["authorization"]}\n\n${JSON.stringify(request.body ?? null)}`

const created = {
  action: "OK",
  accessToken: secrets.accessToken,
  refreshToken: secrets.refreshToken,
  jwtAccessToken: secrets.identifier
}

/** A success of each operation, every secret field of the answer carrying a secret. */
const success: Record<Operation, Scenario> = {
  reissueIdToken: () =>
    json(200, {
      action: "OK",
      idToken: secrets.accessToken,
      responseContent: JSON.stringify({ access_token: secrets.accessToken, refresh_token: secrets.refreshToken })
    }),
  list: () => json(200, { start: 0, end: 5, totalCount: 1, accessTokens: [{ accessTokenHash: "hash", clientId: 1 }] }),
  create: () => json(200, created),
  update: () => json(200, { action: "OK", accessToken: secrets.accessToken }),
  delete: () => noContent(),
  revoke: () => json(200, { resultCode: "A312001", count: 1 }),
  introspection: () => json(200, { action: "UNAUTHORIZED", responseContent: `Bearer error="invalid_token"` })
}

/** Authlete's `result` body, its message quoting the API path as Authlete's messages do. */
const resultAnswer = (status: number, code: string): Scenario => (request) =>
  json(status, { resultCode: code, resultMessage: `[${code}] ${echoPath(request)}, refused.` })

/** A body breaking every response schema, secrets in the wrong-typed fields. */
const malformed = {
  action: secrets.accessToken,
  accessToken: [secrets.accessToken],
  refreshToken: { value: secrets.refreshToken },
  idToken: 42,
  responseContent: [secrets.refreshToken],
  start: secrets.identifier,
  totalCount: secrets.identifier,
  accessTokens: secrets.identifier,
  count: secrets.identifier
}

interface Failure {
  readonly expected: string
  readonly scenario: Scenario
  /** Delete has no body to decode: its decode failures cannot happen. */
  readonly skipDelete?: boolean
  /** Client options other than the default ones. */
  readonly options?: Partial<AuthleteClient.Options>
}

const failures: Record<string, Failure> = {
  "ResultError 400": { expected: "ResultError", scenario: resultAnswer(400, "A001201") },
  "ResultError 401": { expected: "ResultError", scenario: resultAnswer(401, "A001202") },
  "ResultError 403": { expected: "ResultError", scenario: resultAnswer(403, "A001215") },
  "UnexpectedStatusError 502": {
    expected: "UnexpectedStatusError",
    scenario: () => text(502, "<html><body>502 Bad Gateway</body></html>", "text/html", { "retry-after": "1" })
  },
  "UnexpectedStatusError 404 quoting the request": {
    expected: "UnexpectedStatusError",
    scenario: (request) => text(404, `<pre>Cannot ${echoRequest(request)}</pre>`, "text/html")
  },
  "UnexpectedStatusError 201 carrying new tokens": {
    expected: "UnexpectedStatusError",
    scenario: () => json(201, created)
  },
  "UnexpectedStatusError 201 carrying new tokens, cut off": {
    expected: "UnexpectedStatusError",
    scenario: () => text(201, JSON.stringify(created).slice(0, -10), "application/json")
  },
  "ResponseDecodeError (wrong types)": {
    expected: "ResponseDecodeError",
    scenario: () => json(200, malformed),
    skipDelete: true
  },
  "ResponseDecodeError (invalid JSON)": {
    expected: "ResponseDecodeError",
    scenario: () => text(200, JSON.stringify(created).slice(0, -10), "application/json"),
    skipDelete: true
  },
  "TransportError (connection refused)": { expected: "TransportError", scenario: () => refused }
  // A base URL that does not parse is refused when the layer is built (config.test.ts), before any call.
}

const assertNoLeak = (recorder: Recorder) => {
  assert.deepStrictEqual(recorder.leaks(), [], "secrets in the recorded output")
}

const assertFailedWith = (recorder: Recorder, exit: Exit.Exit<unknown, unknown>, tag: string) => {
  assert.strictEqual(exit._tag, "Failure")
  const failure = exit._tag === "Failure" ? Cause.failureOption(exit.cause) : undefined
  assert.strictEqual(failure?._tag, "Some", "a typed failure")
  assert.strictEqual((failure as Option.Some<{ _tag: string }>).value._tag, tag)
  // the recording saw the run: our span, the operation's span and the logged error
  const recorded = recorder.text()
  assert.include(recorded, "span user.call")
  assert.include(recorded, tag)
}

const layerFor = (scenario: Scenario, options: AuthleteClient.Options = defaultOptions) =>
  scripted((request) => scenario(request), options).layer

describe("no secret in logs, spans, errors or answers", () => {
  for (const operation of operationNames) {
    it.live(`${operation}: success`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder()
        const exit = yield* runRecorded(recorder, validCall[operation], layerFor(success[operation]))
        assert.strictEqual(exit._tag, "Success")
        assert.include(recorder.text(), `span TokenManagement.${operation}`)
        assertNoLeak(recorder)
      }))

    for (const [name, { expected, options, scenario, skipDelete }] of Object.entries(failures)) {
      if (skipDelete === true && operation === "delete") continue
      it.live(`${operation}: ${name}`, () =>
        Effect.gen(function*() {
          const recorder = new Recorder()
          const layer = layerFor(scenario, { ...defaultOptions, ...options })
          const exit = yield* runRecorded(recorder, validCall[operation], layer)
          assertFailedWith(recorder, exit, expected)
          assertNoLeak(recorder)
        }))
    }

    it.live(`${operation}: TransportError (timeout, request aborted)`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder()
        const layer = layerFor(() => silent, { ...defaultOptions, timeout: "10 millis" })
        const exit = yield* runRecorded(recorder, validCall[operation], layer)
        assertFailedWith(recorder, exit, "TransportError")
        assert.include(recorder.text(), "Timeout")
        assertNoLeak(recorder)
      }))

    it.live(`${operation}: RequestValidationError`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder()
        const harness = scripted(() => refused)
        const exit = yield* runRecorded(recorder, invalidCall[operation], harness.layer)
        assertFailedWith(recorder, exit, "RequestValidationError")
        assert.strictEqual(harness.requests.length, 0, "nothing sent")
        assertNoLeak(recorder)
      }))
  }

  it.live("the recording does catch a secret that is printed", () =>
    Effect.gen(function*() {
      const recorder = new Recorder()
      const careless = Effect.logDebug("token", secrets.accessToken).pipe(Effect.zipRight(validCall.list))
      yield* runRecorded(recorder, careless, layerFor(success.list))
      const leaks = recorder.leaks()
      for (const format of ["log logfmt", "log json", "log structured"]) {
        assert.isTrue(leaks.some((leak) => leak.includes(` in ${format}:`)), format)
      }
    }))
})

/** An invalid request of each operation that still carries secrets, as a plain string and as a `Redacted`. */
const invalidCall: Record<Operation, AnyCall> = {
  reissueIdToken: TokenManagement.reissueIdToken({
    accessToken: secrets.accessToken,
    refreshToken: Redacted.make(secrets.refreshToken),
    sub: 42 as unknown as string
  }),
  list: TokenManagement.list({ subject: secrets.identifier, start: 10, end: 2 }),
  create: TokenManagement.create({
    grantType: "AUTHORIZATION_CODE",
    clientId: 1.5,
    accessToken: secrets.accessToken,
    refreshToken: Redacted.make(secrets.refreshToken)
  }),
  update: TokenManagement.update({ accessToken: secrets.accessToken, accessTokenExpiresAt: 0.5 }),
  delete: TokenManagement.delete({ accessTokenIdentifier: Redacted.make(secrets.identifier) }, { serviceId: "" }),
  revoke: TokenManagement.revoke({
    accessTokenIdentifier: secrets.identifier,
    refreshTokenIdentifier: Redacted.make(secrets.refreshToken),
    subject: [secrets.accessToken] as unknown as string
  }),
  introspection: TokenManagement.introspection({
    token: Redacted.make(secrets.accessToken),
    dpop: secrets.refreshToken,
    scopes: secrets.identifier as unknown as Array<string>
  })
}

it.live("the layer's bearer never shows in the AuthleteClient service as printed", () =>
  Effect.gen(function*() {
    const recorder = new Recorder()
    const http = Layer.succeed(HttpClient.HttpClient, scripted(() => refused).client)
    const client = yield* Effect.provide(
      AuthleteClient.AuthleteClient,
      AuthleteClient.layer(defaultOptions).pipe(Layer.provide(http))
    )
    recorder.render("client", client)
    assertNoLeak(recorder)
  }))
