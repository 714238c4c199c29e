/**
 * Safe by default: bounded answers, no redirects, configuration refused when the layer is built, a 200's result
 * message scrubbed, the bearer's scheme never doubled, and a bearer that rotates. Shared by both editions (the Effect 4
 * edition links to this file).
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Layer, Redacted } from "effect"
import * as AuthleteClient from "../src/AuthleteClient.js"
import * as AuthleteError from "../src/AuthleteError.js"
import * as AuthleteRetry from "../src/AuthleteRetry.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { assertInstance } from "./utils/assertions.js"
import { withEnv } from "./utils/edition.js"
import { HttpClient } from "./utils/http.js"
import { okAnswer, secrets, validCall } from "./utils/operations.js"
import type { Script } from "./utils/scripted.js"
import { always, bearer, defaultOptions, failureOf, json, scripted, sentBy, serviceId, text } from "./utils/scripted.js"

const MiB = 1024 * 1024

/** A body of `size` bytes, counted as it is pulled, in 64 KiB chunks; `size` Infinity never ends. */
const counted = (size: number) => {
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024))
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= size) return controller.close()
      pulled += chunk.length
      controller.enqueue(chunk)
    }
  })
  return { stream, pulled: () => pulled }
}

describe("answer size", () => {
  it.effect("a 200 announcing more than maxResponseBytes fails with ResponseTooLargeError, unread and not retried", () =>
    Effect.gen(function*() {
      const body = counted(200 * MiB)
      const options = { ...defaultOptions, maxResponseBytes: MiB, retry: AuthleteRetry.standard }
      const harness = scripted(
        always(() =>
          new Response(body.stream, {
            status: 200,
            headers: { "content-type": "application/json", "content-length": String(200 * MiB) }
          })
        ),
        options
      )
      const error = yield* Effect.flip(Effect.provide(validCall.list, harness.layer))
      const tooLarge = assertInstance(error, AuthleteError.ResponseTooLargeError)
      assert.deepInclude(tooLarge, { operation: "list", status: 200, maxBytes: MiB, contentLength: 200 * MiB })
      assert.isFalse(AuthleteError.isRetryable(tooLarge))
      assert.strictEqual(harness.requests.length, 1, "not retried")
      assert.isAtMost(body.pulled(), 256 * 1024, "the body is let go of, not read")
    }))

  it.effect("a chunked 200 without Content-Length is counted while it streams and cut at the limit", () =>
    Effect.gen(function*() {
      const body = counted(Infinity)
      const error = yield* failureOf(
        validCall.create,
        always(() => new Response(body.stream, { status: 200, headers: { "content-type": "application/json" } })),
        { ...defaultOptions, maxResponseBytes: MiB }
      )
      assertInstance(error, AuthleteError.ResponseTooLargeError)
      assert.isAtMost(body.pulled(), MiB + 256 * 1024, "an endless body is read to the limit and no further")
    }))

  it.effect("the default limit is 16 MiB", () =>
    Effect.gen(function*() {
      assert.strictEqual(AuthleteClient.defaultMaxResponseBytes, 16 * MiB)
      const body = counted(Infinity)
      const error = yield* failureOf(
        validCall.list,
        always(() => new Response(body.stream, { status: 200, headers: { "content-type": "application/json" } }))
      )
      assert.strictEqual(assertInstance(error, AuthleteError.ResponseTooLargeError).maxBytes, 16 * MiB)
      assert.isBelow(body.pulled(), 17 * MiB)
    }))

  it.effect("a huge 503 page keeps its excerpt and reads no more than the excerpt needs", () =>
    Effect.gen(function*() {
      const body = counted(200 * MiB)
      const error = yield* failureOf(
        validCall.list,
        always(() => new Response(body.stream, { status: 503, headers: { "content-type": "text/html" } }))
      )
      const unexpected = assertInstance(error, AuthleteError.UnexpectedStatusError)
      assert.strictEqual(unexpected.status, 503)
      assert.isTrue(AuthleteError.isRetryable(unexpected))
      assert.isAtMost(body.pulled(), 128 * 1024, "one chunk at most")
    }))

  it.effect("a result error (400) larger than the limit is refused too", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(
        validCall.update,
        always(() => json(400, { resultCode: "A135201", resultMessage: "x".repeat(2 * MiB) })),
        { ...defaultOptions, maxResponseBytes: MiB }
      )
      assert.strictEqual(assertInstance(error, AuthleteError.ResponseTooLargeError).status, 400)
    }))
})

describe("redirects", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it.effect(`a ${status} fails with a RedirectError that does not quote the target, and is not retried`, () =>
      Effect.gen(function*() {
        const target = "https://elsewhere.example/api/delete/secret"
        const harness = scripted(
          always(() => new Response("moved", { status, headers: { location: target } })),
          { ...defaultOptions, retry: AuthleteRetry.standard }
        )
        const error = yield* Effect.flip(Effect.provide(validCall.delete, harness.layer))
        const redirect = assertInstance(error, AuthleteError.RedirectError)
        assert.deepInclude(redirect, { operation: "delete", status })
        assert.notInclude(`${redirect.message} ${JSON.stringify(redirect)}`, "elsewhere")
        assert.isFalse(AuthleteError.isRetryable(redirect))
        assert.strictEqual(harness.requests.length, 1)
      }))
  }
})

describe("a 200's resultMessage", () => {
  it.effect("quoting the token or the bearer is scrubbed before expectOk lifts it into an ActionError", () =>
    Effect.gen(function*() {
      const resultMessage = `[A135301] No token ${secrets.accessToken} for bearer ${bearer}.`
      const error = yield* failureOf(
        TokenManagement.expectOk(
          TokenManagement.update({ accessToken: Redacted.make(secrets.accessToken), scopes: ["a"] })
        ),
        always(() => json(200, { resultCode: "A135301", resultMessage, action: "NOT_FOUND" }))
      )
      const action = assertInstance(error, AuthleteError.ActionError)
      assert.strictEqual(action.resultMessage, "[A135301] No token <redacted> for bearer <redacted>.")
      const shown = `${action.message} ${JSON.stringify(action)} ${Cause.pretty(Cause.fail(action))}`
      assert.notInclude(shown, secrets.accessToken)
      assert.notInclude(shown, bearer)
    }))
})

/** `TokenManagement` over `AuthleteClient.layer(options)`, the layer's own failure kept. */
const built = (options: AuthleteClient.Options, script: Script = always(okAnswer.list)) => {
  const harness = scripted(script)
  const layer = TokenManagement.layer.pipe(
    Layer.provide(AuthleteClient.layer(options)),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, harness.client))
  )
  return { harness, layer }
}

describe("configuration fails fast", () => {
  const invalid: ReadonlyArray<readonly [string, AuthleteClient.Options, string, string]> = [
    ["a bearer with CR/LF", { bearer: Redacted.make("abc\r\nX-Evil: 1") }, "bearer", "X-Evil"],
    ["a bearer with a non-Latin-1 character", { bearer: Redacted.make("tok€n") }, "bearer", "tok€n"],
    ["an empty bearer", { bearer: Redacted.make("") }, "bearer", "\"\""],
    ["a base URL that does not parse", { baseUrl: "http://authlete .example:99999" }, "baseUrl", "authlete ."],
    ["a base URL with a query", { baseUrl: "https://proxy.example/p?x=1" }, "baseUrl", "x=1"],
    ["a base URL with a fragment", { baseUrl: "https://proxy.example/p#h" }, "baseUrl", "#h"],
    ["a base URL with credentials", { baseUrl: "https://u:pw-secret@proxy.example" }, "baseUrl", "pw-secret"],
    ["a base URL that is not http(s)", { baseUrl: "file:///etc/passwd" }, "baseUrl", "passwd"],
    ["a zero timeout", { timeout: 0 }, "timeout", "\u0000"],
    ["a negative size limit", { maxResponseBytes: -1 }, "maxResponseBytes", "\u0000"]
  ]
  for (const [name, options, option, quoted] of invalid) {
    it.effect(`${name}: AuthleteConfigError when the layer is built, before any request, not quoting it`, () =>
      Effect.gen(function*() {
        const { harness, layer } = built({ ...defaultOptions, ...options })
        const exit = yield* Effect.exit(Effect.provide(validCall.list, layer))
        assert.isTrue(Exit.isFailure(exit))
        const error = Cause.squash((exit as Exit.Failure<unknown, unknown>).cause)
        const config = assertInstance(error, AuthleteError.AuthleteConfigError)
        assert.strictEqual(config.option, option)
        assert.isUndefined(config.operation)
        assert.isFalse(AuthleteError.isRetryable(config))
        assert.notInclude(`${config.message} ${JSON.stringify(config)}`, quoted)
        assert.strictEqual(harness.requests.length, 0)
      }))
  }

  it.effect("AUTHLETE_TIMEOUT and AUTHLETE_MAX_RESPONSE_BYTES are read by layerConfig", () =>
    Effect.gen(function*() {
      const options = yield* withEnv(
        Effect.gen(function*() {
          return yield* AuthleteClient.config
        }),
        {
          AUTHLETE_BEARER: "b",
          AUTHLETE_TIMEOUT: "5 seconds",
          AUTHLETE_MAX_RESPONSE_BYTES: "1024"
        }
      )
      assert.strictEqual(options.maxResponseBytes, 1024)
      const client = yield* AuthleteClient.make(options).pipe(
        Effect.provideService(HttpClient.HttpClient, scripted(always(okAnswer.list)).client)
      )
      assert.strictEqual(client.maxResponseBytes, 1024)
      assert.deepStrictEqual(String(client.defaults.timeout), String(options.timeout))
    }))

  it.effect("without AUTHLETE_TIMEOUT the layer has the 30-second default", () =>
    Effect.gen(function*() {
      const client = yield* AuthleteClient.make({ bearer: Redacted.make("b") }).pipe(
        Effect.provideService(HttpClient.HttpClient, scripted(always(okAnswer.list)).client)
      )
      assert.deepStrictEqual(client.defaults.timeout, AuthleteClient.defaultTimeout)
      assert.strictEqual(Duration.toSeconds(AuthleteClient.defaultTimeout), 30)
    }))
})

describe("the bearer's scheme", () => {
  for (const given of ["Bearer x-token", "bearer x-token", "BEARER  x-token", "x-token"]) {
    it.effect(`bearer ${JSON.stringify(given)} is sent as "Bearer x-token"`, () =>
      Effect.gen(function*() {
        const sent = yield* sentBy(validCall.list, okAnswer.list, { ...defaultOptions, bearer: Redacted.make(given) })
        assert.strictEqual(sent.headers["authorization"], "Bearer x-token")
      }))
  }
})

describe("a rotating bearer", () => {
  it.live("is fetched for every request, retries included", () =>
    Effect.gen(function*() {
      let issued = 0
      const rotating = Effect.sync(() => Redacted.make(`rotated-${++issued}`))
      const harness = scripted(
        (_, attempt) => attempt === 0 ? text(503, "busy", "text/plain") : okAnswer.list() as Response,
        { ...defaultOptions, bearer: rotating, retry: AuthleteRetry.make({ base: "1 millis" }) }
      )
      yield* Effect.provide(Effect.andThen(validCall.list, validCall.list), harness.layer)
      assert.deepStrictEqual(harness.requests.map((request) => request.headers["authorization"]), [
        "Bearer rotated-1",
        "Bearer rotated-2",
        "Bearer rotated-3"
      ])
    }))

  it.effect("that fails: a CredentialError of the call carrying the cause, nothing sent, not retried", () =>
    Effect.gen(function*() {
      const cause = new Error("vault unreachable")
      const harness = scripted(always(okAnswer.create), {
        ...defaultOptions,
        bearer: Effect.fail(cause),
        retry: AuthleteRetry.make({ retryNonIdempotent: true })
      })
      const error = yield* Effect.flip(Effect.provide(validCall.create, harness.layer))
      const credential = assertInstance(error, AuthleteError.CredentialError)
      assert.strictEqual(credential.operation, "create")
      assert.strictEqual(credential.cause, cause)
      assert.isFalse(AuthleteError.isRetryable(credential))
      assert.strictEqual(harness.requests.length, 0)
    }))

  it.effect("that yields a value a header cannot carry: an AuthleteConfigError of the call, not quoting it", () =>
    Effect.gen(function*() {
      const harness = scripted(always(okAnswer.list), {
        ...defaultOptions,
        bearer: Effect.succeed(Redacted.make("evil\r\nX-Injected: 1"))
      })
      const error = yield* Effect.flip(Effect.provide(validCall.list, harness.layer))
      const config = assertInstance(error, AuthleteError.AuthleteConfigError)
      assert.deepInclude(config, { operation: "list", option: "bearer" })
      assert.notInclude(`${config.message} ${JSON.stringify(config)}`, "X-Injected")
      assert.strictEqual(harness.requests.length, 0)
    }))

  it.effect("its value is scrubbed from errors like a fixed bearer's", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(
        validCall.list,
        always(() => json(401, { resultCode: "A001203", resultMessage: "token rotated-secret is invalid" })),
        { bearer: Effect.succeed(Redacted.make("rotated-secret")), serviceId }
      )
      assert.strictEqual(assertInstance(error, AuthleteError.ResultError).resultMessage, "token <redacted> is invalid")
    }))
})
