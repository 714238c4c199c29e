// Shared by both editions (the Effect 4 edition links to this file).
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import type { Operation } from "../src/AuthleteError.js"
import * as TokenManagement from "../src/TokenManagement.js"
import { HttpClient } from "./utils/http.js"
import { okAnswer, operationNames, secrets, validCall } from "./utils/operations.js"
import type { Answer } from "./utils/scripted.js"
import { always, bearer, defaultOptions, json, noContent, scripted, serviceId } from "./utils/scripted.js"
import type { RecordedSpan } from "./utils/tracing.js"
import { withRecordedSpans } from "./utils/tracing.js"

const traced = (operation: Operation, answer: () => Answer) =>
  withRecordedSpans(Effect.provide(validCall[operation], scripted(always(answer)).layer))

const assertNothingSecretIn = (span: RecordedSpan) => {
  const written = JSON.stringify([span.name, [...span.attributes]])
  for (const secret of [bearer, secrets.accessToken, secrets.refreshToken, secrets.identifier]) {
    assert.notInclude(written, secret)
  }
}

describe("spans", () => {
  for (const operation of operationNames) {
    it.effect(`${operation} emits one client span TokenManagement.${operation} with serviceId and status`, () =>
      Effect.gen(function*() {
        const { exit, spans } = yield* traced(operation, okAnswer[operation])
        assert.isTrue(Exit.isSuccess(exit))
        assert.deepStrictEqual(spans.map(({ name }) => name), [`TokenManagement.${operation}`])
        const [span] = spans
        assert.strictEqual(span.kind, "client")
        assert.isTrue(span.ended)
        assert.strictEqual(span.attributes.get("serviceId"), serviceId)
        assert.strictEqual(span.attributes.get("http.response.status_code"), operation === "delete" ? 204 : 200)
        assertNothingSecretIn(span)
      }))
  }

  it.effect("without any tracer installed, the call still runs in its span (what a transformClient sees)", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const harness = scripted(always(okAnswer.list), {
        ...defaultOptions,
        transformClient: HttpClient.tapRequest(() =>
          Effect.map(Effect.orDie(Effect.currentSpan), (span) => {
            seen.push(`${span.name} ${span.attributes.get("serviceId")}`)
          })
        )
      })
      yield* Effect.provide(validCall.list, harness.layer)
      assert.deepStrictEqual(seen, [`TokenManagement.list ${serviceId}`])
    }))

  it.effect("a failed call still records the status it got, and nothing secret", () =>
    Effect.gen(function*() {
      const { exit, spans } = yield* traced("delete", () => json(403, { resultCode: "A001215" }))
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(spans.length, 1)
      assert.strictEqual(spans[0].attributes.get("http.response.status_code"), 403)
      assertNothingSecretIn(spans[0])
    }))

  it.effect("a span ends with the call's outcome but does not hold its answer, which would outlive the call", () =>
    Effect.gen(function*() {
      const { exit, spans } = yield* traced("list", okAnswer.list)
      assert.isTrue(Exit.isSuccess(exit) && exit.value !== undefined)
      assert.deepStrictEqual(spans[0].endedWith, { tag: "Success", value: undefined })
      const failed = yield* traced("list", () => json(500, { resultCode: "A001101" }))
      assert.isTrue(Exit.isFailure(failed.exit))
      assert.deepStrictEqual(failed.spans[0].endedWith, { tag: "Failure" })
    }))

  it.effect("a request refused before any I/O still has its span, without a status", () =>
    Effect.gen(function*() {
      const harness = scripted(always(noContent))
      const { exit, spans } = yield* withRecordedSpans(
        Effect.provide(TokenManagement.delete({ accessTokenIdentifier: "" }), harness.layer)
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.deepStrictEqual(spans.map(({ name }) => name), ["TokenManagement.delete"])
      assert.isFalse(spans[0].attributes.has("http.response.status_code"))
      assert.strictEqual(harness.requests.length, 0)
    }))
})
