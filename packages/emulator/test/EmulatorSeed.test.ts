import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Fs from "node:fs"
import * as AuthleteEmulator from "../src/AuthleteEmulator.js"
import * as EmulatorError from "../src/EmulatorError.js"
import * as EmulatorSeed from "../src/EmulatorSeed.js"

const shipped = new URL("../emulator-seed.schema.json", import.meta.url)

describe("EmulatorSeed", () => {
  it("the shipped emulator-seed.schema.json is the schema's JSON Schema (regenerate: pnpm -s emulator --seed-schema)", () => {
    assert.deepStrictEqual(JSON.parse(Fs.readFileSync(shipped, "utf8")), EmulatorSeed.jsonSchema)
  })

  it.effect("a seed file gives the emulator options it spells, $schema aside", () =>
    Effect.gen(function*() {
      const options = yield* EmulatorSeed.fromJson(JSON.stringify({
        $schema: "./emulator-seed.schema.json",
        service: { accessTokenDuration: 600 },
        services: [{ serviceId: "7000", scopes: ["openid", { name: "orders.read" }] }],
        clients: [{ serviceId: "7000", clientIdAlias: "partner-app" }],
        tokens: [{
          serviceId: "7000",
          grantType: "CLIENT_CREDENTIALS",
          subject: null,
          scopes: ["orders.read"],
          refreshToken: null,
          accessToken: "k"
        }],
        unknownServiceStatus: 404
      }))
      const emulator = yield* AuthleteEmulator.make(options)
      const [token] = yield* emulator.tokens("7000")
      assert.isUndefined(token.subject)
      assert.isUndefined(token.refreshTokenHash)
      assert.notProperty(options, "$schema")
    }))

  it.effect("refuses typos and wrong types by place, never quoting a value", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(EmulatorSeed.fromJson(JSON.stringify({
        tokens: [{ acessToken: "secret-one" }, { accessToken: 42, refreshToken: "secret-two" }],
        services: [{ serviceId: "not-numeric" }]
      })))
      assert.strictEqual(error._tag, "SeedError")
      assert.include(error.message, "tokens[0].acessToken: is unexpected")
      assert.include(error.message, "tokens[1].accessToken: Expected string")
      assert.include(error.message, "services[0].serviceId")
      assert.notInclude(error.message, "secret")
      assert.notInclude(error.message, "not-numeric")
    }))

  it.effect("refuses text that is not JSON", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(EmulatorSeed.fromJson("{ services: [] }"))
      assert.strictEqual(error.message, "not valid JSON")
    }))

  it.effect("its error is branded as the emulator's and encodes under its own tag", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(EmulatorSeed.fromJson("[]"))
      assert.isTrue(EmulatorError.isEmulatorError(error))
      assert.isFalse(EmulatorError.isEmulatorError(new Error(error.message)))
      assert.deepStrictEqual(Schema.encodeSync(EmulatorSeed.SeedError)(error), {
        _tag: "SeedError",
        message: error.message
      })
    }))
})
