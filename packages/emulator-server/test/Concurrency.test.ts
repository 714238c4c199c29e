/**
 * The emulator under concurrency, over HTTP: 1,000 fibers creating, updating, revoking and listing at once through
 * core's HTTP client and the mock server. Nothing may be lost (every create stored once, every update of a field
 * visible even when other fibers update other fields of the same token at the same moment, every revoke effective) and
 * every page listed mid-storm must be a consistent snapshot.
 */
import type { Schemas } from "@effect-authlete/core"
import { TokenManagement } from "@effect-authlete/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as MockServer from "../src/MockServer.js"

/** Calls of each kind: 4 × 250 = 1,000 fibers. */
const perKind = 250
const creates = perKind
const revokes = perKind
const lists = perKind
/** Tokens updated; each gets one concurrent update per field (five fields). */
const updated = perKind / 5

const subjects = { create: "conc-create", update: "conc-update", revoke: "conc-revoke" } as const

/** Core's client over undici, at most 64 sockets: the fibers run at once, the requests queue for a socket. */
const httpClient = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
  Layer.provide(
    Layer.scoped(
      NodeHttpClient.Dispatcher,
      Effect.acquireRelease(
        Effect.sync(() => new Undici.Agent({ connections: 64 })),
        (agent) => Effect.promise(() => agent.destroy())
      )
    )
  )
)

const later = (hours: number, slot: number) => Date.now() + hours * 3_600_000 + slot

/** The five updates of one token, each touching a different field. */
const fieldUpdates = (accessToken: string, slot: number, expiresAt: { access: number; refresh: number }) => [
  TokenManagement.update({ accessToken, scopes: ["openid", "email"] }),
  TokenManagement.update({ accessToken, properties: [{ key: "slot", value: String(slot) }] }),
  TokenManagement.update({ accessToken, accessTokenExpiresAt: expiresAt.access }),
  TokenManagement.update({ accessToken, refreshTokenExpiresAt: expiresAt.refresh }),
  TokenManagement.update({ accessToken, dpopKeyThumbprint: `thumbprint-${slot}` })
]

describe("1,000 fibers over HTTP", () => {
  it.scopedLive("creates, updates, revokes and lists at once keep every invariant", () =>
    Effect.gen(function*() {
      const { emulator } = yield* MockServer.MockServer
      const seed = (n: number, subject: string) =>
        Effect.forEach(Array.from({ length: n }), () => emulator.addToken({ subject, scopes: ["openid", "profile"] }))
      const toUpdate = yield* seed(updated, subjects.update)
      const toRevoke = yield* seed(revokes, subjects.revoke)
      const before = yield* emulator.count()
      const expiries = toUpdate.map((_, slot) => ({ access: later(1, slot), refresh: later(2, slot) }))

      const createCalls = Array.from({ length: creates }, (_, n) =>
        TokenManagement.create({
          grantType: "AUTHORIZATION_CODE",
          clientId: emulator.defaults.clientId,
          subject: subjects.create,
          properties: [{ key: "n", value: String(n) }]
        }))
      const updateCalls = toUpdate.flatMap((token, slot) => fieldUpdates(token.accessToken, slot, expiries[slot]))
      const revokeCalls = toRevoke.map((token) => TokenManagement.revoke({ accessTokenIdentifier: token.accessToken }))
      // half of the lists see the whole service, half only the tokens that are never removed
      const listCalls = Array.from({ length: lists }, (_, n) =>
        n % 2 === 0
          ? TokenManagement.list({ start: 0, end: 10_000 })
          : TokenManagement.list({ subject: subjects.update, start: 0, end: 10_000 }))

      // one storm, the kinds interleaved so that lists run while the writes do
      const storm = Array.from(
        { length: perKind },
        (_, n) => [createCalls[n], updateCalls[n], revokeCalls[n], listCalls[n]]
      )
        .flat() as Array<Effect.Effect<unknown, unknown, TokenManagement.TokenManagement>>
      const answers = yield* Effect.all(storm, { concurrency: "unbounded" })
      const answersOf = <A>(kind: number) => answers.filter((_, n) => n % 4 === kind) as Array<A>
      const created = answersOf<Schemas.TokenCreateResponse>(0)
      const updates = answersOf<Schemas.TokenUpdateResponse>(1)
      const revoked = answersOf<Schemas.TokenRevokeResponse>(2)
      const pages = answersOf<Schemas.TokenListResponse>(3)
      assert.strictEqual(storm.length, 1_000)

      // every create answered OK with its own token, and is stored exactly once
      assert.isTrue(created.every((response) => response.action === "OK"))
      const stored = (yield* emulator.tokens()).filter((token) => token.subject === subjects.create)
      assert.deepStrictEqual(
        stored.map((token) => Number(token.properties[0].value)).sort((a, b) => a - b),
        Array.from({ length: creates }, (_, n) => n)
      )
      assert.strictEqual(new Set(stored.map((token) => token.accessTokenHash)).size, creates)

      // every update answered OK, and all five fields of every token are visible: no update lost another
      assert.isTrue(updates.every((response) => response.action === "OK"))
      const byHash = new Map((yield* emulator.tokens()).map((token) => [token.accessTokenHash, token]))
      toUpdate.forEach((seeded, slot) => {
        const token = byHash.get(seeded.accessTokenHash)!
        assert.deepStrictEqual(token.scopes, ["openid", "email"], `scopes of ${slot}`)
        assert.deepStrictEqual(token.properties.map(({ key, value }) => ({ key, value })), [{
          key: "slot",
          value: String(slot)
        }])
        assert.strictEqual(token.accessTokenExpiresAt, expiries[slot].access, `access expiry of ${slot}`)
        assert.strictEqual(token.refreshTokenExpiresAt, expiries[slot].refresh, `refresh expiry of ${slot}`)
        assert.strictEqual(token.tokenType, "DPoP", `token type of ${slot}`)
      })

      // every revoke revoked its one token
      assert.isTrue(revoked.every((response) => response.count === 1))
      assert.lengthOf((yield* emulator.tokens()).filter((token) => token.subject === subjects.revoke), 0)

      // each page listed mid-storm is one consistent snapshot
      for (const [n, page] of pages.entries()) {
        const listedCount = page.accessTokens?.length ?? 0
        assert.strictEqual(page.totalCount, listedCount, `page ${n}: totalCount equals the tokens listed`)
        if (n % 2 === 1) {
          assert.strictEqual(page.totalCount, updated, `page ${n}: the updated tokens are always all there`)
        } else {
          assert.isAtLeast(listedCount, before - revokes, `page ${n}`)
          assert.isAtMost(listedCount, before + creates, `page ${n}`)
        }
      }

      // the lists did run mid-storm: one at least saw creates or revokes still to come
      const pending = (page: Schemas.TokenListResponse) => {
        const listed = page.accessTokens ?? []
        return listed.filter((token) => token.subject === subjects.create).length < creates ||
          listed.some((token) => token.subject === subjects.revoke)
      }
      assert.isTrue(pages.filter((_, n) => n % 2 === 0).some(pending), "no list ran during the writes")

      // afterwards: totalCount equals the tokens present
      const after = yield* TokenManagement.list({ start: 0, end: 10_000 })
      const present = yield* emulator.count()
      assert.strictEqual(present, before - revokes + creates)
      assert.strictEqual(after.totalCount, present)
      assert.lengthOf(after.accessTokens ?? [], present)
    }).pipe(Effect.provide(MockServer.layerTokenManagement().pipe(Layer.provide(httpClient)))), 60_000)
})
