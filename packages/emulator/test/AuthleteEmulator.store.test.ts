/**
 * The store behind the rules: bulk seeding (`addTokens`), and `list` pages that stay exact after any mix of writes
 * (creates, updates that change a token's hash, deletes, bulk revokes) in a store large enough to span many chunks of
 * its indexes.
 */
import { TokenManagement } from "@effect-authlete/core"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Redacted } from "effect"
import { clientAlias, emulator, memory, sha256, subject } from "./AuthleteEmulator.fixtures.js"

/** A deterministic generator (mulberry32), so a failing sequence of writes can be replayed. */
const generator = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

describe("addTokens", () => {
  it.effect("stores every seed in order through the create rules and answers the raw values", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const seeded = yield* e.addTokens(
        Array.from({ length: 1_200 }, (_, i) => ({ subject: `user-${i % 7}`, scopes: ["openid"] }))
      )
      assert.strictEqual(seeded.length, 1_200)
      assert.strictEqual(yield* e.count(), 1_200)
      for (const token of seeded.slice(0, 50)) {
        assert.strictEqual(token.accessTokenHash, sha256(token.accessToken))
        assert.strictEqual(token.refreshTokenHash, sha256(token.refreshToken!))
      }
      const page = yield* TokenManagement.list({ start: 600, end: 700 })
      assert.strictEqual(page.totalCount, 1_200)
      assert.deepStrictEqual(
        page.accessTokens?.map((token) => token.accessTokenHash),
        seeded.slice(600, 700).map((token) => token.accessTokenHash)
      )
      const bySubject = yield* TokenManagement.list({ subject: "user-3", start: 0, end: 1_000 })
      assert.deepStrictEqual(
        bySubject.accessTokens?.map((token) => token.accessTokenHash),
        seeded.filter((_, i) => i % 7 === 3).map((token) => token.accessTokenHash)
      )
    }).pipe(memory()))

  it.effect("a seed the create rules refuse stores none of the batch and is a defect naming the rule", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      yield* e.addToken({ subject: "kept" })
      const exit = yield* Effect.exit(
        e.addTokens([{ subject: "a" }, { subject: "b" }, { subject: "c", scopes: ["not-a-scope"] }])
      )
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      assert.include(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause), "not-a-scope")
      assert.strictEqual(yield* e.count(), 1)
      assert.strictEqual((yield* TokenManagement.list({ subject: "a" })).totalCount, 0)
    }).pipe(memory()))

  it.effect("a given token value is hashed as Authlete does, at every length and outside ASCII", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const random = generator(3)
      const values = Array.from(
        { length: 140 },
        (_, length) =>
          Array.from({ length: length + 1 }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join("")
      )
      const seeded = yield* e.addTokens(values.map((accessToken) => ({ accessToken, refreshToken: null })))
      assert.deepStrictEqual(seeded.map((token) => token.accessTokenHash), values.map(sha256))
      const [token] = yield* e.addTokens([{ accessToken: "tökén-ünïcode-value", refreshToken: "r".repeat(300) }])
      assert.strictEqual(token.accessTokenHash, sha256("tökén-ünïcode-value"))
      assert.strictEqual(token.refreshTokenHash, sha256("r".repeat(300)))
      const found = yield* TokenManagement.update({ accessToken: "tökén-ünïcode-value", scopes: ["openid"] })
      assert.strictEqual(found.action, "OK")
    }).pipe(memory()))
})

describe("list pages follow every write", () => {
  it.effect(
    "creates, hash-changing updates, deletes and bulk revokes in a 1,500-token store: every page is exact",
    () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const random = generator(7)
        const subjects = ["ann", "bob", subject]
        // the model: tokens in creation order, as hashes with their subject and raw access token
        const model: Array<{ hash: string; subject: string; value: string }> = []
        const seeded = yield* e.addTokens(
          Array.from({ length: 1_500 }, (_, i) => ({ subject: subjects[i % 3], scopes: ["openid"] }))
        )
        seeded.forEach((token, i) =>
          model.push({ hash: token.accessTokenHash, subject: subjects[i % 3], value: token.accessToken })
        )
        const pageOf = (records: ReadonlyArray<{ hash: string }>, start: number) =>
          records.slice(start, start + 100).map((record) => record.hash)
        for (let step = 0; step < 120; step++) {
          const roll = random()
          const at = Math.floor(random() * model.length)
          if (roll < 0.3) {
            const created = yield* TokenManagement.create({
              grantType: "AUTHORIZATION_CODE",
              clientId: e.defaults.clientId,
              subject: subjects[step % 3],
              scopes: ["openid"]
            })
            const value = Redacted.value(created.accessToken!)
            model.push({ hash: sha256(value), subject: subjects[step % 3], value })
          } else if (roll < 0.55) {
            const updated = yield* TokenManagement.update({
              accessToken: model[at].value,
              accessTokenValueUpdated: true
            })
            const value = Redacted.value(updated.accessToken!)
            model[at] = { ...model[at], hash: sha256(value), value }
          } else if (roll < 0.8) {
            yield* TokenManagement.delete({ accessTokenIdentifier: model[at].hash })
            model.splice(at, 1)
          } else if (roll < 0.85) {
            // at most 20 of one subject, oldest first
            const target = subjects[step % 3]
            const revoked = yield* TokenManagement.revoke({ subject: target })
            const removed = model.filter((record) => record.subject === target).slice(0, 20)
            assert.strictEqual(revoked.count, removed.length)
            for (const record of removed) model.splice(model.indexOf(record), 1)
          }
          const start = Math.floor(random() * model.length)
          const all = yield* TokenManagement.list({ start, end: start + 100 })
          assert.strictEqual(all.totalCount, model.length, `step ${step}`)
          assert.deepStrictEqual(all.accessTokens?.map((t) => t.accessTokenHash) ?? [], pageOf(model, start))
          const who = subjects[step % 3]
          const mine = model.filter((record) => record.subject === who)
          const subjectStart = Math.floor(random() * mine.length)
          const bySubject = yield* TokenManagement.list({
            subject: who,
            clientIdentifier: clientAlias,
            start: subjectStart,
            end: subjectStart + 100
          })
          assert.strictEqual(bySubject.totalCount, mine.length, `step ${step}`)
          assert.deepStrictEqual(
            bySubject.accessTokens?.map((t) => t.accessTokenHash) ?? [],
            pageOf(mine, subjectStart),
            `step ${step}`
          )
        }
        assert.strictEqual(yield* e.count(), model.length)
        assert.deepStrictEqual((yield* e.tokens()).map((t) => t.accessTokenHash), model.map((record) => record.hash))
      }).pipe(memory()),
    60_000
  )

  it.effect("a token updated to a new value is found by it, and no longer by the old one", () =>
    Effect.gen(function*() {
      const e = yield* emulator
      const [token] = yield* e.addTokens([{ subject: "carol" }])
      const updated = yield* TokenManagement.update({ accessToken: token.accessToken, accessTokenValueUpdated: true })
      const fresh = Redacted.value(updated.accessToken!)
      assert.strictEqual((yield* TokenManagement.update({ accessToken: fresh })).action, "OK")
      assert.strictEqual((yield* TokenManagement.update({ accessToken: token.accessToken })).action, "NOT_FOUND")
      const [listed] = (yield* TokenManagement.list({ subject: "carol" })).accessTokens ?? []
      assert.strictEqual(listed.accessTokenHash, sha256(fresh))
      assert.strictEqual(listed.refreshTokenHash, token.refreshTokenHash)
    }).pipe(memory()))
})
