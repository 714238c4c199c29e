import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import * as TokenManagement from "../src/TokenManagement.js"
import type { SentRequest } from "./utils/scripted.js"
import { json, scripted } from "./utils/scripted.js"

const hashes = (count: number) => Array.from({ length: count }, (_, i) => `hash-${i}`)

const pageOf = (request: SentRequest) => ({
  start: Number(request.url.searchParams.get("start")),
  end: Number(request.url.searchParams.get("end"))
})

/** A server holding `tokens`, answering each page as Authlete does, possibly lying about the total. */
const server = (tokens: ReadonlyArray<string>, totalCount = tokens.length) => (request: SentRequest) => {
  const { end, start } = pageOf(request)
  const page = tokens.slice(start, end)
  return json(200, {
    start,
    end,
    totalCount,
    ...(page.length === 0 ? {} : { accessTokens: page.map((accessTokenHash) => ({ accessTokenHash })) })
  })
}

const walk = (tokens: ReadonlyArray<string>, request: TokenManagement.ListStreamRequest, totalCount?: number) => {
  const harness = scripted(server(tokens, totalCount))
  return Effect.map(
    Effect.provide(Stream.runCollect(TokenManagement.listStream(request)), harness.layer),
    (collected) => ({
      hashes: Array.from(collected).map((token) => token.accessTokenHash),
      pages: harness.requests.map(pageOf),
      requests: harness.requests
    })
  )
}

describe("listStream", () => {
  it.effect("walks every page of pageSize and stops at totalCount", () =>
    Effect.gen(function*() {
      const result = yield* walk(hashes(7), { pageSize: 3 })
      assert.deepStrictEqual(result.hashes, hashes(7))
      assert.deepStrictEqual(result.pages, [{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 9 }])
    }))

  it.effect("does not ask for a page past totalCount when the last page is full", () =>
    Effect.gen(function*() {
      const result = yield* walk(hashes(6), { pageSize: 3 })
      assert.deepStrictEqual(result.hashes, hashes(6))
      assert.strictEqual(result.pages.length, 2)
    }))

  it.effect("stops on an empty page even when totalCount promises more", () =>
    Effect.gen(function*() {
      const result = yield* walk(hashes(4), { pageSize: 2 }, 100)
      assert.deepStrictEqual(result.hashes, hashes(4))
      assert.deepStrictEqual(result.pages, [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }])
    }))

  it.effect("pages by 100 by default and sends the filters with every page", () =>
    Effect.gen(function*() {
      const result = yield* walk(hashes(150), { subject: "john", clientIdentifier: "c1", tokenStatus: "VALID" })
      assert.strictEqual(result.hashes.length, 150)
      assert.deepStrictEqual(result.pages, [{ start: 0, end: 100 }, { start: 100, end: 200 }])
      for (const request of result.requests) {
        assert.strictEqual(request.url.searchParams.get("subject"), "john")
        assert.strictEqual(request.url.searchParams.get("clientIdentifier"), "c1")
        assert.strictEqual(request.url.searchParams.get("tokenStatus"), "VALID")
      }
    }))

  it.effect("an empty service gives an empty stream after one request", () =>
    Effect.gen(function*() {
      const result = yield* walk([], { pageSize: 10 })
      assert.deepStrictEqual(result.hashes, [])
      assert.strictEqual(result.pages.length, 1)
    }))

  it.effect("a failing page fails the stream with its typed error", () =>
    Effect.gen(function*() {
      const harness = scripted((request, attempt) =>
        attempt === 0 ? server(hashes(5))(request) : json(401, { resultCode: "A001202" })
      )
      const error = yield* Effect.flip(
        Effect.provide(Stream.runCollect(TokenManagement.listStream({ pageSize: 2 })), harness.layer)
      )
      assert.strictEqual(error._tag, "ResultError")
      assert.strictEqual(error.operation, "list")
      assert.strictEqual(harness.requests.length, 2)
    }))

  describe("a server that does not page honestly", () => {
    /** Streams with a scripted server, at most `limit` items so that a runaway walk still ends. */
    const collect = (script: (request: SentRequest) => Response, request: TokenManagement.ListStreamRequest) => {
      const harness = scripted(script)
      return Effect.map(
        Effect.provide(Stream.runCollect(Stream.take(TokenManagement.listStream(request), 1000)), harness.layer),
        (collected) => ({ count: Array.from(collected).length, requests: harness.requests.length })
      )
    }

    it.effect("a huge totalCount with the same full page every time: one page, never repeated", () =>
      Effect.gen(function*() {
        const page = hashes(100).map((accessTokenHash) => ({ accessTokenHash }))
        const result = yield* collect(
          () => json(200, { start: 0, end: 100, totalCount: 1e15, accessTokens: page }),
          {}
        )
        assert.deepStrictEqual(result, { count: 100, requests: 2 })
      }))

    it.effect("a server ignoring start/end: no more than the first totalCount", () =>
      Effect.gen(function*() {
        const all = hashes(3).map((accessTokenHash) => ({ accessTokenHash }))
        const result = yield* collect(() => json(200, { start: 0, end: 3, totalCount: 3, accessTokens: all }), {
          pageSize: 2
        })
        assert.strictEqual(result.count, 3)
        assert.strictEqual(result.requests, 1)
      }))

    it.effect("a short page ends the walk even when totalCount promises more", () =>
      Effect.gen(function*() {
        const result = yield* walk(hashes(5), { pageSize: 2 }, 1e15)
        assert.deepStrictEqual(result.hashes, hashes(5))
        assert.deepStrictEqual(result.pages, [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }])
      }))

    it.effect("a totalCount growing page after page does not extend the walk", () =>
      Effect.gen(function*() {
        const result = yield* collect((request) => {
          const { end, start } = pageOf(request)
          const page = Array.from({ length: end - start }, (_, i) => ({ accessTokenHash: `hash-${start + i}` }))
          return json(200, { start, end, totalCount: end + 10, accessTokens: page })
        }, { pageSize: 4 })
        // the first page said 14
        assert.deepStrictEqual(result, { count: 14, requests: 4 })
      }))
  })
})
