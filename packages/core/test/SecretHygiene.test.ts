/**
 * Secret hygiene: run every operation through every outcome with a known bearer and known token values, record all a
 * user may print or ship — Debug logs in three formats, spans with their attributes, events and exits, errors and
 * answers rendered every usual way — and look for the secrets in it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Exit } from "effect"
import { Effect, Redacted } from "effect"
import type * as AuthleteClient from "../src/AuthleteClient.js"
import type { Operation } from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import type { AnyCall } from "./utils/operations.js"
import { operationNames, secrets, validCall } from "./utils/operations.js"
import { clientService, failureTag, Recorder, runRecorded } from "./utils/recording.js"
import type { Answer, SentRequest } from "./utils/scripted.js"
import { bearer, defaultOptions, json, noContent, refused, scripted, silent, text } from "./utils/scripted.js"

const sentinels: ReadonlyArray<string> = [bearer, secrets.accessToken, secrets.refreshToken, secrets.identifier]

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
  assert.strictEqual(failureTag(exit), tag, "a typed failure")
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
        const recorder = new Recorder(sentinels)
        const exit = yield* runRecorded(recorder, validCall[operation], layerFor(success[operation]))
        assert.strictEqual(exit._tag, "Success")
        assert.include(recorder.text(), `span TokenManagement.${operation}`)
        assertNoLeak(recorder)
      }))

    for (const [name, { expected, options, scenario, skipDelete }] of Object.entries(failures)) {
      if (skipDelete === true && operation === "delete") continue
      it.live(`${operation}: ${name}`, () =>
        Effect.gen(function*() {
          const recorder = new Recorder(sentinels)
          const layer = layerFor(scenario, { ...defaultOptions, ...options })
          const exit = yield* runRecorded(recorder, validCall[operation], layer)
          assertFailedWith(recorder, exit, expected)
          assertNoLeak(recorder)
        }))
    }

    it.live(`${operation}: TransportError (timeout, request aborted)`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder(sentinels)
        const layer = layerFor(() => silent, { ...defaultOptions, timeout: "10 millis" })
        const exit = yield* runRecorded(recorder, validCall[operation], layer)
        assertFailedWith(recorder, exit, "TransportError")
        assert.include(recorder.text(), "Timeout")
        assertNoLeak(recorder)
      }))

    it.live(`${operation}: RequestValidationError`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder(sentinels)
        const harness = scripted(() => refused)
        const exit = yield* runRecorded(recorder, invalidCall[operation], harness.layer)
        assertFailedWith(recorder, exit, "RequestValidationError")
        assert.strictEqual(harness.requests.length, 0, "nothing sent")
        assertNoLeak(recorder)
      }))
  }

  it.live("the recording does catch a secret that is printed", () =>
    Effect.gen(function*() {
      const recorder = new Recorder(sentinels)
      const careless = Effect.logDebug("token", secrets.accessToken).pipe(Effect.andThen(validCall.list))
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
    const recorder = new Recorder(sentinels)
    const client = yield* clientService(defaultOptions, scripted(() => refused).client)
    recorder.render("client", client)
    assertNoLeak(recorder)
  }))
