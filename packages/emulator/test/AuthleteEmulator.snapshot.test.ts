import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Jose from "jose"
import * as AuthleteEmulator from "../src/AuthleteEmulator.js"
import * as EmulatorError from "../src/EmulatorError.js"
import * as EmulatorSnapshot from "../src/EmulatorSnapshot.js"

describe("AuthleteEmulator snapshot/restore", () => {
  it.effect("a restored emulator answers as the one snapshotted: tokens, services, bearers and signing keys", () =>
    Effect.gen(function*() {
      const source = yield* AuthleteEmulator.make({
        services: [{
          serviceId: "7000",
          bearers: ["partner"],
          scopes: ["openid", { name: "a", attributes: { x: "1" } }]
        }],
        clients: [{ serviceId: "7000", clientId: 7001, clientIdAlias: "partner-app", scopes: ["openid"] }]
      })
      const seeded = yield* source.addToken({ subject: "alice", properties: [{ key: "k", value: "v", hidden: true }] })
      yield* source.addToken({ serviceId: "7000", client: "partner-app", scopes: ["openid"] })
      yield* source.setInternalErrors(["revoke"])
      const snapshot = yield* source.snapshot
      const text = EmulatorSnapshot.toJson(snapshot)
      assert.notInclude(text, seeded.accessToken)
      assert.notInclude(text, seeded.refreshToken!)

      const target = yield* AuthleteEmulator.make()
      yield* target.restore(yield* EmulatorSnapshot.fromJson(text))
      const plain = (value: unknown) => JSON.parse(JSON.stringify(value))
      assert.deepStrictEqual(plain(yield* target.tokens()), plain(yield* source.tokens()))
      assert.deepStrictEqual(yield* target.jwks("7000"), yield* source.jwks("7000"))
      assert.deepStrictEqual(plain(yield* target.snapshot), plain(snapshot))

      // the restored store finds tokens by the raw values it never saw, and signs with the snapshotted key
      const reissued = (yield* HttpClientRequest.post(
        `${AuthleteEmulator.inProcessUrl}/api/${target.defaults.serviceId}/idtoken/reissue`
      ).pipe(
        HttpClientRequest.bearerToken(target.defaults.bearer),
        HttpClientRequest.bodyUnsafeJson({ accessToken: seeded.accessToken, refreshToken: seeded.refreshToken }),
        target.httpClient.execute,
        Effect.flatMap((response) => response.json)
      )) as { readonly idToken: string }
      const verified = yield* Effect.promise(() =>
        Effect.runPromise(source.jwks()).then((jwks) =>
          Jose.jwtVerify(reissued.idToken, Jose.createLocalJWKSet(jwks), { currentDate: new Date(0) })
        )
      )
      assert.strictEqual(verified.payload.sub, "alice")
    }))

  it.effect("refuses an inconsistent snapshot and keeps its store", () =>
    Effect.gen(function*() {
      const emulator = yield* AuthleteEmulator.make()
      yield* emulator.addToken()
      const snapshot = yield* emulator.snapshot
      const orphan = { ...snapshot, tokens: [{ ...snapshot.tokens[0], clientId: 1 }] }
      const refused = yield* Effect.flip(emulator.restore(orphan))
      assert.strictEqual(refused.message, "tokens[0]: client 1 is not a client of service 21653835348762")
      const withoutDefault = { ...snapshot, services: [], clients: [], bearers: [], tokens: [] }
      assert.include((yield* Effect.flip(emulator.restore(withoutDefault))).message, "default service")
      assert.strictEqual(yield* emulator.count(), 1)
    }))

  it.effect("refuses JSON that is not a snapshot, naming places only", () =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(
        EmulatorSnapshot.fromJson(JSON.stringify({ format: "authlete-emulator-state" }))
      )
      assert.include(refused.message, "version: is missing")
      assert.isTrue(EmulatorError.isEmulatorError(refused))
    }))
})
