/**
 * The in-memory emulator (`@effect-authlete/emulator`): `create` calls per second, and the time of one `list` page of 100 from stores of
 * 1,000 and 100,000 tokens, filtered by client and by subject. The filtered client and subject own the same 400 and
 * 200 tokens in both stores; the rest belongs to another client and to other subjects, so only the store grows.
 */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as TestAuthlete from "@effect-authlete/emulator/TestAuthlete"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { fixed, formatTable, median } from "./stats.js"

export interface EmulatorSettings {
  readonly creates: number
  readonly storeSizes: ReadonlyArray<number>
  readonly pages: number
}

export interface EmulatorFigures {
  readonly createPerSecond: number
  readonly pages: ReadonlyArray<{
    readonly storeSize: number
    readonly filter: "client" | "subject"
    /** Median time of one page of 100, ms. */
    readonly pageMs: number
    readonly totalCount: number
  }>
}

const targetSubject = "bench-subject"
const targetTokens = 200

const makeRuntime = () => ManagedRuntime.make(TestAuthlete.layerMemory())

/** Seeds `size` tokens: 200 of the target client and subject, 200 more of the target client, the rest elsewhere. */
const seed = (size: number) =>
  Effect.gen(function*() {
    const emulator = yield* AuthleteEmulator.AuthleteEmulator
    const otherClient = yield* emulator.addClient({ clientIdAlias: "bench-bulk-client" })
    for (let i = 0; i < size; i++) {
      yield* emulator.addToken(
        i < 2 * targetTokens
          ? { subject: i < targetTokens ? targetSubject : `subject-${i}`, scopes: ["openid"] }
          : { client: otherClient, subject: `subject-${i % 5000}`, scopes: ["openid"] }
      )
    }
    return emulator.defaults
  })

const timePages = (run: () => Promise<{ readonly totalCount?: number | undefined }>, count: number) =>
  Effect.promise(async () => {
    const times: Array<number> = []
    let totalCount = 0
    for (let i = 0; i < count; i++) {
      const start = performance.now()
      const page = await run()
      times.push(performance.now() - start)
      totalCount = page.totalCount ?? 0
    }
    return { pageMs: median(times), totalCount }
  })

export const measureEmulator = async (settings: EmulatorSettings): Promise<EmulatorFigures> => {
  const createRuntime = makeRuntime()
  let createPerSecond: number
  try {
    const defaults = await createRuntime.runPromise(Effect.map(AuthleteEmulator.AuthleteEmulator, (e) => e.defaults))
    const request = {
      grantType: "AUTHORIZATION_CODE",
      clientId: defaults.clientId,
      subject: defaults.subject,
      scopes: ["openid", "profile"]
    } as const
    const create = () => createRuntime.runPromise(TokenManagement.create(request))
    for (let i = 0; i < Math.min(200, settings.creates); i++) await create()
    const start = performance.now()
    for (let i = 0; i < settings.creates; i++) await create()
    createPerSecond = settings.creates / ((performance.now() - start) / 1000)
  } finally {
    await createRuntime.dispose()
  }

  const pages: Array<EmulatorFigures["pages"][number]> = []
  for (const storeSize of settings.storeSizes) {
    const runtime = makeRuntime()
    try {
      const defaults = await runtime.runPromise(seed(storeSize))
      const byClient = () =>
        runtime.runPromise(
          TokenManagement.list({ clientIdentifier: defaults.clientIdAlias, start: 100, end: 200 })
        )
      const bySubject = () => runtime.runPromise(TokenManagement.list({ subject: targetSubject, start: 100, end: 200 }))
      for (const [filter, run] of [["client", byClient], ["subject", bySubject]] as const) {
        await run()
        const figures = await runtime.runPromise(timePages(run, settings.pages))
        pages.push({ storeSize, filter, ...figures })
      }
    } finally {
      await runtime.dispose()
    }
  }
  return { createPerSecond, pages }
}

export const formatEmulator = (figures: EmulatorFigures): string => {
  const smallest = Math.min(...figures.pages.map((p) => p.storeSize))
  const rows = figures.pages.map((page) => {
    const base = figures.pages.find((p) => p.filter === page.filter && p.storeSize === smallest)!
    return [
      `list by ${page.filter}, store ${page.storeSize.toLocaleString("en-US")}`,
      fixed(page.pageMs, 3),
      String(page.totalCount),
      fixed(page.pageMs / base.pageMs, 2) + "×"
    ]
  })
  return [
    `create (in memory): ${fixed(figures.createPerSecond, 0)} calls/s`,
    "",
    formatTable(["page of 100", "median ms", "totalCount", `÷ store ${smallest.toLocaleString("en-US")}`], rows)
  ].join("\n")
}
