/**
 * The paths the emulator and the mock server had in this package keep working for one minor version: they are the
 * new packages' modules themselves (same tags, same classes), not copies that would disagree.
 */
import { TokenManagement } from "@effect-authlete/core"
import * as Emulator from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as OldAuthleteEmulator from "../src/deprecated/AuthleteEmulator.js"
import * as OldEmulatorSeed from "../src/deprecated/EmulatorSeed.js"
import * as OldEmulatorSnapshot from "../src/deprecated/EmulatorSnapshot.js"
import * as OldMockServer from "../src/deprecated/MockServer.js"
import * as OldTestAuthlete from "../src/deprecated/TestAuthlete.js"
import * as TestKit from "../src/index.js"

describe("the deprecated paths", () => {
  it("the index re-exports the emulator's modules", () => {
    assert.strictEqual(TestKit.AuthleteEmulator.AuthleteEmulator, Emulator.AuthleteEmulator.AuthleteEmulator)
    assert.strictEqual(TestKit.TestAuthlete.layerMemory, Emulator.TestAuthlete.layerMemory)
    assert.strictEqual(TestKit.EmulatorSeed.Seed, Emulator.EmulatorSeed.Seed)
    assert.strictEqual(TestKit.EmulatorSnapshot.SnapshotError, Emulator.EmulatorSnapshot.SnapshotError)
  })

  it("@effect-authlete/test-kit/{AuthleteEmulator,EmulatorSeed,EmulatorSnapshot} are the emulator's modules", () => {
    assert.strictEqual(OldAuthleteEmulator.AuthleteEmulator, Emulator.AuthleteEmulator.AuthleteEmulator)
    assert.strictEqual(OldEmulatorSeed.Seed, Emulator.EmulatorSeed.Seed)
    assert.strictEqual(OldEmulatorSnapshot.SnapshotError, Emulator.EmulatorSnapshot.SnapshotError)
  })

  it("@effect-authlete/test-kit/MockServer is the emulator-server's module", () => {
    assert.strictEqual(OldMockServer.MockServer, MockServer.MockServer)
    assert.strictEqual(OldMockServer.start, MockServer.start)
  })

  it.effect("an emulator provided through an old path is the one a new path reads", () =>
    Effect.gen(function*() {
      const { clientId } = (yield* Emulator.AuthleteEmulator.AuthleteEmulator).defaults
      const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId })
      assert.strictEqual(created.action, "OK")
      assert.strictEqual(yield* Effect.flatMap(TestKit.AuthleteEmulator.AuthleteEmulator, (e) => e.count()), 1)
    }).pipe(Effect.provide(OldTestAuthlete.layerMemory())))
})
