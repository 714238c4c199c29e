/** The plain handler's helpers: what both faces rely on. */
import { HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { AuthleteEmulator } from "../src/index.js"
import { byteLengthOf } from "../src/internal/handler.js"

describe("byteLengthOf", () => {
  it("is the UTF-8 length TextEncoder gives", () => {
    const encoder = new TextEncoder()
    for (
      const text of ["", "ascii", "é", "ü-ß", "€", "日本語", "😀", "a😀b", "\ud800", "\udc00", "\ud800x", "x\ud83d"]
    ) {
      assert.strictEqual(byteLengthOf(text), encoder.encode(text).length, JSON.stringify(text))
    }
    assert.strictEqual(byteLengthOf(new Uint8Array(7)), 7)
    assert.strictEqual(byteLengthOf(undefined), 0)
  })
})

describe("the in-process answer", () => {
  it.effect("carries its Content-Length, as a server's does, and none on a 204", () =>
    Effect.gen(function*() {
      const e = yield* AuthleteEmulator.make({})
      const api = `${AuthleteEmulator.inProcessUrl}/api/${e.defaults.serviceId}`
      const bearer = `Bearer ${Redacted.value(e.defaults.bearer)}`
      const created = yield* HttpClientRequest.post(`${api}/auth/token/create`).pipe(
        HttpClientRequest.setHeader("authorization", bearer),
        HttpClientRequest.bodyText(
          JSON.stringify({ grantType: "PASSWORD", clientId: e.defaults.clientId, subject: "ünïcødé" }),
          "application/json"
        ),
        e.httpClient.execute
      )
      const text = yield* created.text
      assert.strictEqual(created.headers["content-length"], String(new TextEncoder().encode(text).length))
      const { accessToken } = JSON.parse(text) as { accessToken: string }
      const deleted = yield* HttpClientRequest.del(`${api}/auth/token/delete/${accessToken}`).pipe(
        HttpClientRequest.setHeader("authorization", bearer),
        e.httpClient.execute
      )
      assert.strictEqual(deleted.status, 204)
      assert.strictEqual(deleted.headers["content-length"], undefined)
    }).pipe(Effect.orDie))
})
