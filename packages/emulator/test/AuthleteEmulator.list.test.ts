/** Rules L1–L7 of `list`. */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  assertResult,
  bodyOf,
  clientAlias,
  clientId,
  emulator,
  issued,
  memory,
  serviceId,
  sha256,
  wire
} from "./AuthleteEmulator.fixtures.js"
import type { RawCall } from "./AuthleteEmulator.fixtures.js"

const listCall = (query: Record<string, unknown>): RawCall => ({
  operation: "list",
  serviceId,
  query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]))
})

/** Three tokens of the default client (ann, ann, bob), one of a second client (ann), one in another service. */
const population = Effect.gen(function*() {
  const e = yield* emulator
  const second = yield* e.addClient({ clientIdAlias: "second", clientName: "Second" })
  const values = yield* Effect.forEach(["ann", "ann", "bob"], (subject) => issued({ subject }))
  yield* issued({ subject: "ann", clientId: second })
  const other = yield* e.addService({})
  yield* e.addClient({ serviceId: other })
  yield* e.addToken({ serviceId: other, subject: "ann" })
  return { second, values }
})

describe("L1 filters", () => {
  it.effect("L1 only the service's tokens; by client (alias or numeric ID), subject, or both", () =>
    Effect.gen(function*() {
      const { second } = yield* population
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 4)
      assert.strictEqual((yield* TokenManagement.list({ clientIdentifier: clientAlias })).totalCount, 3)
      assert.strictEqual((yield* TokenManagement.list({ clientIdentifier: String(second) })).totalCount, 1)
      assert.strictEqual((yield* TokenManagement.list({ subject: "ann" })).totalCount, 3)
      const both = yield* TokenManagement.list({ clientIdentifier: clientAlias, subject: "ann" })
      assert.strictEqual(both.totalCount, 2)
      assert.isTrue(both.accessTokens?.every((t) => t.subject === "ann" && t.clientId === clientId))
    }).pipe(memory()))

  it.effect("L1 an unknown client → an empty page without client", () =>
    Effect.gen(function*() {
      yield* population
      const page = yield* TokenManagement.list({ clientIdentifier: "nobody" })
      assert.strictEqual(page.totalCount, 0)
      assert.isUndefined(page.client)
    }).pipe(memory()))
})

describe("L2–L3 paging", () => {
  it.effect("L2 start 0 and end 5 by default, echoed", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(Array.from({ length: 7 }), () => issued())
      const page = yield* TokenManagement.list()
      assert.strictEqual(page.start, 0)
      assert.strictEqual(page.end, 5)
      assert.strictEqual(page.accessTokens?.length, 5)
    }).pipe(memory()))

  it.effect("L2 items [start, end) of the filtered sequence; bounds echoed unclamped", () =>
    Effect.gen(function*() {
      const tokens = yield* Effect.forEach(Array.from({ length: 7 }), () => issued())
      const page = yield* TokenManagement.list({ start: 2, end: 4 })
      assert.deepStrictEqual(page.accessTokens?.map((t) => t.accessTokenHash), [
        sha256(tokens[2].accessToken),
        sha256(tokens[3].accessToken)
      ])
      const beyond = yield* TokenManagement.list({ start: 6, end: 100 })
      assert.strictEqual(beyond.end, 100)
      assert.strictEqual(beyond.accessTokens?.length, 1)
    }).pipe(memory()))

  it.effect("L2 bounds as HTTP query text are read; invalid bounds or tokenStatus → 400", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(Array.from({ length: 3 }), () => issued())
      const text = bodyOf(yield* wire(listCall({ start: "1", end: "3" })))
      assert.strictEqual(text.start, 1)
      assert.strictEqual((text.accessTokens as Array<unknown>).length, 2)
      for (const query of [{ start: -1 }, { start: 3, end: 2 }, { end: "x" }, { tokenStatus: "SOME" }]) {
        const reply = yield* wire(listCall(query))
        assertResult(reply, 400, "A137201")
      }
    }).pipe(memory()))

  it.effect("L3 totalCount counts the filtered tokens before slicing", () =>
    Effect.gen(function*() {
      yield* population
      const page = yield* TokenManagement.list({ subject: "ann", start: 0, end: 1 })
      assert.strictEqual(page.totalCount, 3)
      assert.strictEqual(page.accessTokens?.length, 1)
    }).pipe(memory()))
})

describe("L4–L6 page content", () => {
  it.effect("L4 client only when clientIdentifier was sent, subject only when subject was sent", () =>
    Effect.gen(function*() {
      const { second } = yield* population
      const plain = yield* TokenManagement.list()
      assert.isUndefined(plain.client)
      assert.isUndefined(plain.subject)
      const filtered = yield* TokenManagement.list({ clientIdentifier: "second", subject: "ann" })
      assert.strictEqual(filtered.subject, "ann")
      assert.deepInclude(filtered.client, {
        number: 2,
        clientId: second,
        clientIdAlias: "second",
        clientIdAliasEnabled: true,
        clientName: "Second",
        clientType: "CONFIDENTIAL"
      })
    }).pipe(memory()))

  it.effect("L5 an empty page omits accessTokens", () =>
    Effect.gen(function*() {
      const body = bodyOf(yield* wire(listCall({})))
      assert.deepStrictEqual(body, { start: 0, end: 5, totalCount: 0 })
    }).pipe(memory()))

  it.effect("L6 items carry hashes, never raw values", () =>
    Effect.gen(function*() {
      const { accessToken, refreshToken } = yield* issued()
      const text = JSON.stringify(bodyOf(yield* wire(listCall({}))))
      assert.notInclude(text, accessToken)
      assert.notInclude(text, refreshToken!)
      assert.include(text, sha256(accessToken))
      assert.include(text, sha256(refreshToken!))
    }).pipe(memory()))
})

describe("L7 order and status", () => {
  it.effect("L7 creation order", () =>
    Effect.gen(function*() {
      const tokens = yield* Effect.forEach(["c", "a", "b"], (subject) => issued({ subject }))
      const page = yield* TokenManagement.list()
      assert.deepStrictEqual(page.accessTokens?.map((t) => t.accessTokenHash), tokens.map((t) => sha256(t.accessToken)))
    }).pipe(memory()))

  it.effect("L7 tokenStatus VALID / INVALID / ALL follows the clock; ALL by default", () =>
    Effect.gen(function*() {
      yield* issued({ accessTokenDuration: 60 })
      yield* issued({ accessTokenDuration: 600 })
      yield* TestClock.adjust("2 minutes")
      assert.strictEqual((yield* TokenManagement.list({ tokenStatus: "VALID" })).totalCount, 1)
      assert.strictEqual((yield* TokenManagement.list({ tokenStatus: "INVALID" })).totalCount, 1)
      assert.strictEqual((yield* TokenManagement.list({ tokenStatus: "ALL" })).totalCount, 2)
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 2)
    }).pipe(memory()))

  it.effect("L7 listTokenStatusDefault VALID hides expired tokens when none is sent", () =>
    Effect.gen(function*() {
      yield* issued({ accessTokenDuration: 60 })
      yield* TestClock.adjust("2 minutes")
      assert.strictEqual((yield* TokenManagement.list()).totalCount, 0)
      assert.strictEqual((yield* TokenManagement.list({ tokenStatus: "ALL" })).totalCount, 1)
    }).pipe(memory({ listTokenStatusDefault: "VALID" })))
})
