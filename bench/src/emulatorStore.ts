/**
 * The emulator's store in this process (no HTTP): heap per stored token, the cost of a `list` page of 100 when every
 * page follows a write (a `create`), at 1,000 tokens and at a large store, and the seeding rate, from a seed file and
 * in memory.
 */
import * as AuthleteEmulator from "@effect-authlete/test-kit/AuthleteEmulator"
import type { Call } from "@effect-authlete/core/TokenTransport"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fixed, formatTable, gc, median } from "./stats.js"

export interface StoreSettings {
  /** Store sizes; the first is the reference of the ratios. */
  readonly sizes: ReadonlyArray<number>
  /** Pages timed per size and filter, each after a `create`. */
  readonly pages: number
  /** Tokens in the seed file. */
  readonly seedFileTokens: number
}

export type Filter = "service" | "subject"

export interface StoreFigures {
  readonly stores: ReadonlyArray<{
    readonly size: number
    /** Heap used by the stored tokens (after a full GC) ÷ tokens, bytes. */
    readonly heapPerToken: number
    /** Tokens stored per second by `addTokens` while the store was built. */
    readonly seedPerSecond: number
  }>
  readonly pages: ReadonlyArray<{
    readonly size: number
    readonly filter: Filter
    /** Median time of a page of 100 right after a create, ms. */
    readonly pageMs: number
    readonly totalCount: number
  }>
  /** Read + `JSON.parse` + `addTokens` of a seed file, tokens per second. */
  readonly seedFilePerSecond: number
}

/** The subject the filtered pages ask for: it owns the same 400 tokens in every store. */
const targetSubject = "bench-subject"
const targetTokens = 400
const batch = 10_000

/** The seeds of tokens `from` to `to` of a store: the target subject's first, the rest spread over 5,000 subjects. */
const seeds = (from: number, to: number): Array<AuthleteEmulator.TokenSeed> =>
  Array.from({ length: to - from }, (_, i) => ({
    subject: from + i < targetTokens ? targetSubject : `subject-${(from + i) % 5000}`,
    scopes: ["openid", "profile"]
  }))

const run = <A>(effect: Effect.Effect<A>) => Effect.runPromise(effect)

/** Fills a new emulator with `size` tokens; answers it with the heap its tokens take and the seeding rate. */
const fill = async (size: number) => {
  const emulator = await run(AuthleteEmulator.make())
  gc()
  const before = process.memoryUsage().heapUsed
  let seconds = 0
  for (let from = 0; from < size; from += batch) {
    const next = seeds(from, Math.min(size, from + batch))
    const start = performance.now()
    await run(emulator.addTokens(next))
    seconds += (performance.now() - start) / 1000
  }
  gc()
  return { emulator, heapPerToken: (process.memoryUsage().heapUsed - before) / size, seedPerSecond: size / seconds }
}

/** Median time of a page of 100, each right after a `create` through the same entry as the server's. */
const timePages = async (emulator: AuthleteEmulator.Service, filter: Filter, size: number, count: number) => {
  const { clientId, serviceId } = emulator.defaults
  const bearer = Redacted.value(emulator.defaults.bearer)
  const create: Call = {
    operation: "create",
    serviceId,
    body: { grantType: "AUTHORIZATION_CODE", clientId, subject: "bench-writer", scopes: ["openid"] }
  }
  // by service: a page in the middle of the store; by subject: the second page of its 400 tokens
  const start = filter === "service" ? Math.floor(size / 2) : 100
  const list: Call = {
    operation: "list",
    serviceId,
    query: filter === "service" ? { start, end: start + 100 } : { subject: targetSubject, start, end: start + 100 }
  }
  const times: Array<number> = []
  let totalCount = 0
  for (let i = 0; i <= count; i++) {
    await run(emulator.handle(create, bearer))
    const begin = performance.now()
    const reply = await run(emulator.handle(list, bearer))
    const elapsed = performance.now() - begin
    const body = reply.body as { totalCount?: number; accessTokens?: ReadonlyArray<unknown> }
    if (body.accessTokens?.length !== 100) throw new Error(`list by ${filter}: not a page of 100`)
    totalCount = body.totalCount ?? 0
    if (i > 0) times.push(elapsed) // the first page warms up
  }
  return { pageMs: median(times), totalCount }
}

/** Writes a seed file of `count` tokens, then reads, parses and seeds it into a new emulator. */
const seedFromFile = async (count: number) => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "bench-seed-"))
  const file = Path.join(dir, "seed.json")
  try {
    Fs.writeFileSync(file, JSON.stringify({ tokens: seeds(0, count) }))
    const emulator = await run(AuthleteEmulator.make())
    const start = performance.now()
    const parsed = JSON.parse(Fs.readFileSync(file, "utf8")) as { tokens: Array<AuthleteEmulator.TokenSeed> }
    await run(emulator.addTokens(parsed.tokens))
    const perSecond = count / ((performance.now() - start) / 1000)
    if ((await run(emulator.count())) !== count) throw new Error("seed file: tokens missing")
    return perSecond
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
}

export const measureEmulatorStore = async (
  settings: StoreSettings,
  log: (line: string) => void = () => {}
): Promise<StoreFigures> => {
  const stores: Array<StoreFigures["stores"][number]> = []
  const pages: Array<StoreFigures["pages"][number]> = []
  for (const size of settings.sizes) {
    log(`emulator store: ${size.toLocaleString("en-US")} tokens`)
    const filled = await fill(size)
    stores.push({ size, heapPerToken: filled.heapPerToken, seedPerSecond: filled.seedPerSecond })
    for (const filter of ["service", "subject"] as const) {
      pages.push({ size, filter, ...(await timePages(filled.emulator, filter, size, settings.pages)) })
    }
  }
  const seedFilePerSecond = await seedFromFile(settings.seedFileTokens)
  return { stores, pages, seedFilePerSecond }
}

export const formatEmulatorStore = (figures: StoreFigures, settings: StoreSettings): string => {
  const reference = settings.sizes[0]
  const count = (n: number) => n.toLocaleString("en-US")
  const pageRows = figures.pages.map((page) => {
    const base = figures.pages.find((p) => p.filter === page.filter && p.size === reference)!
    return [
      `page of 100 by ${page.filter}, store ${count(page.size)}`,
      fixed(page.pageMs, 3),
      count(page.totalCount),
      fixed(page.pageMs / base.pageMs, 2) + "×"
    ]
  })
  const storeRows = figures.stores.map((store) => [
    `store of ${count(store.size)} tokens`,
    fixed(store.heapPerToken, 0),
    fixed((store.heapPerToken * 1_000_000) / 1024 ** 3, 2),
    fixed(store.seedPerSecond, 0)
  ])
  return [
    formatTable(["each page right after a create", "median ms", "totalCount", `÷ store ${count(reference)}`], pageRows),
    "",
    formatTable(["store", "heap B/token", "GB per 1,000,000", "addTokens tokens/s"], storeRows),
    "",
    `seeding from a seed file of ${count(settings.seedFileTokens)} tokens (read, JSON.parse, addTokens): ${
      fixed(figures.seedFilePerSecond, 0)
    } tokens/s`
  ].join("\n")
}
