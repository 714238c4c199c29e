/**
 * Secret hygiene over real HTTP: core's client over `fetch`, the mock server and its emulator holding tokens whose
 * values are sentinels, a sentinel bearer. Every operation runs to success and into every failure the server can
 * produce (503, reset, cut-off body, slow answer, unknown bearer, unknown service, unknown token); the program logs at
 * Debug level through Effect's console loggers (logfmt, JSON, pretty) and prints its exits, errors and answers with
 * `console`. Nothing written to the console may hold a sentinel.
 */
/* eslint-disable no-console -- printing everything to the console is what this test checks */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import type * as AuthleteError from "@effect-authlete/core/AuthleteError"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { afterEach, assert, beforeEach, describe, it, vi } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Logger, LogLevel, Redacted } from "effect"
import * as util from "node:util"
import * as MockServer from "../src/MockServer.js"

const sentinel = {
  bearer: "sentinel-bearer-Vb3kQ9mZ2xR7tL1p",
  otherBearer: "sentinel-other-bearer-H8cN4wJ6",
  accessToken: "sentinel-at-Qp2Xr8Lm4Nz6Tb1Vc9",
  refreshToken: "sentinel-rt-Kd5Hs3Wf7Jy2Gq8Pa",
  createdAccessToken: "sentinel-new-at-Ue6Ro1Ix4Ya9Mh",
  createdRefreshToken: "sentinel-new-rt-Zt3Fb7Ck2Ow5Dn"
} as const

/** Everything written to the console during a test. */
let written: Array<string> = []

beforeEach(() => {
  written = []
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: Array<unknown>) => {
      written.push(util.format(...args))
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** Effect's console loggers, all at once, at Debug level. */
const consoleLoggers = Layer.mergeAll(
  Logger.replace(Logger.defaultLogger, Logger.withConsoleLog(Logger.logfmtLogger)),
  Logger.add(Logger.withConsoleLog(Logger.jsonLogger)),
  Logger.add(Logger.prettyLogger({ colors: false })),
  Logger.minimumLogLevel(LogLevel.Debug)
)

/** A mock server whose service knows the sentinel bearer and holds a token whose values are sentinels. */
const server = MockServer.make({
  emulator: {
    service: { bearers: [sentinel.bearer], idTokenReissuable: true },
    deleteUnknownStatus: 404,
    tokens: [{ accessToken: sentinel.accessToken, refreshToken: sentinel.refreshToken, scopes: ["openid", "profile"] }]
  }
})

type Op = AuthleteError.Operation

/** One call of each operation, on the sentinel token. */
const calls: Record<Op, Effect.Effect<unknown, AuthleteError.AuthleteError, TokenManagement.TokenManagement>> = {
  reissueIdToken: TokenManagement.reissueIdToken({
    accessToken: Redacted.make(sentinel.accessToken),
    refreshToken: sentinel.refreshToken
  }),
  list: TokenManagement.list({ start: 0, end: 10 }),
  create: TokenManagement.create({
    grantType: "AUTHORIZATION_CODE",
    clientId: 26888344961664,
    subject: "john",
    scopes: ["openid"],
    accessToken: sentinel.createdAccessToken,
    refreshToken: Redacted.make(sentinel.createdRefreshToken)
  }),
  update: TokenManagement.update({ accessToken: sentinel.accessToken, scopes: ["openid", "email"] }),
  delete: TokenManagement.delete({ accessTokenIdentifier: sentinel.accessToken }),
  revoke: TokenManagement.revoke({ accessTokenIdentifier: Redacted.make(sentinel.accessToken) }),
  introspection: TokenManagement.introspection({ token: Redacted.make(sentinel.accessToken), scopes: ["openid"] })
}

interface Scenario {
  /** What the operation must end in: "success" or an error tag. */
  readonly expect: (op: Op) => string
  readonly faults?: MockServer.FaultOptions
  readonly client?: Partial<AuthleteClient.Options>
  /** Runs before the call, against the server's emulator. */
  readonly prepare?: (server: MockServer.Service) => Effect.Effect<void>
}

const scenarios: Record<string, Scenario> = {
  "success": { expect: () => "success" },
  "503 with Retry-After": { expect: () => "UnexpectedStatusError", faults: { unavailableProbability: 1 } },
  "connection reset": { expect: () => "TransportError", faults: { resetProbability: 1 } },
  "body cut in half": {
    // delete answers 204 without a body: nothing to cut
    expect: (op) => op === "delete" ? "success" : "ResponseDecodeError",
    faults: { truncateProbability: 1 }
  },
  "slow answer, timeout": {
    expect: () => "TransportError",
    faults: { slowProbability: 1, slowLatency: 10_000 },
    client: { timeout: "200 millis" }
  },
  "unknown bearer (401)": { expect: () => "ResultError", client: { bearer: Redacted.make(sentinel.otherBearer) } },
  "unknown service (403)": { expect: () => "ResultError", client: { serviceId: "99999" } },
  "unknown token": {
    // the token is gone: update answers NOT_FOUND as data, delete 404, revoke 404, reissue CALLER_ERROR as data
    expect: (op) => op === "delete" || op === "revoke" ? "UnexpectedStatusError" : "success",
    prepare: (server) =>
      Effect.asVoid(Effect.orDie(server.emulator.httpClient.execute(
        HttpClientRequest.del(
          `${AuthleteEmulator.inProcessUrl}/api/${server.emulator.defaults.serviceId}/auth/token/delete/${
            encodeURIComponent(sentinel.accessToken)
          }`
        ).pipe(HttpClientRequest.bearerToken(sentinel.bearer))
      )))
  }
}

/** Runs `op` as a careless program would: logging, then printing whatever comes back. */
const runCarelessly = (op: Op, scenario: Scenario) =>
  Effect.gen(function*() {
    const mock = yield* server
    if (scenario.prepare) yield* scenario.prepare(mock)
    if (scenario.faults) yield* mock.faults.set(scenario.faults)
    const client = TokenManagement.layer.pipe(
      Layer.provide(AuthleteClient.layer({
        baseUrl: mock.url,
        bearer: Redacted.make(sentinel.bearer),
        serviceId: mock.emulator.defaults.serviceId,
        ...scenario.client
      })),
      Layer.provide(FetchHttpClient.layer)
    )
    const exit = yield* calls[op].pipe(
      Effect.tap((answer) => Effect.logDebug(`${op} answered`, answer)),
      Effect.tapErrorCause((cause) => Effect.logDebug(`${op} failed`, cause)),
      Effect.tapError((error) => Effect.logError(error)),
      Effect.annotateLogs("operation", op),
      Effect.provide(client),
      Effect.exit,
      Effect.provide(consoleLoggers)
    )
    console.log(exit)
    console.log(String(exit), JSON.stringify(exit))
    if (Exit.isSuccess(exit)) {
      console.log("answer", exit.value, String(exit.value), JSON.stringify(exit.value))
    } else {
      console.error(Cause.pretty(exit.cause))
      for (const error of Cause.failures(exit.cause)) {
        console.error(error, String(error), error.message, JSON.stringify(error))
      }
    }
    return exit
  }).pipe(Effect.scoped)

const outcome = (exit: Exit.Exit<unknown, AuthleteError.AuthleteError>): string =>
  Exit.isSuccess(exit)
    ? "success"
    : Cause.isFailType(exit.cause)
    ? exit.cause.error._tag
    : `not a typed failure: ${Cause.pretty(exit.cause)}`

const ops: ReadonlyArray<Op> = ["reissueIdToken", "list", "create", "update", "delete", "revoke"]

describe("over HTTP, nothing printed holds the bearer or a token value", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    for (const op of ops) {
      it.live(`${op}: ${name}`, () =>
        Effect.gen(function*() {
          const exit = yield* runCarelessly(op, scenario)
          assert.strictEqual(outcome(exit), scenario.expect(op))
          const output = written.join("\n")
          assert.include(output, `${op} `, "the console saw the call")
          for (const [which, secret] of Object.entries(sentinel)) {
            assert.notInclude(output, secret, `${which} printed`)
          }
        }))
    }
  }

  it.live("the console capture does see a secret that is printed", () =>
    Effect.gen(function*() {
      yield* Effect.logDebug("oops", sentinel.accessToken).pipe(Effect.provide(consoleLoggers))
      assert.include(written.join("\n"), sentinel.accessToken)
    }))
})
