/**
 * The emulator's store in this process (no HTTP): heap per stored token, the cost of a `list` page of 100 when every
 * page follows a write (a `create`), at 1,000 tokens and at a large store, and the seeding rate, from a seed file and
 * in memory.
 */
import * as AuthleteEmulator from "@effect-authlete/emulator/AuthleteEmulator"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
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
    /** Tokens stored per second by `addTokens` while the store was built (wall clock). */
    readonly seedPerSecond: number
    /** The same per second of this process's CPU time (all threads): what an idle machine would come close to. */
    readonly seedPerCpuSecond: number
  }>
  readonly pages: ReadonlyArray<{
    readonly size: number
    readonly filter: Filter
    /** Median time of a page of 100 right after a create, ms. */
    readonly pageMs: number
    readonly totalCount: number
  }>
  /** Read + `JSON.parse` + `addTokens` of a seed file, tokens per second (wall clock, and of CPU time). */
  readonly seedFilePerSecond: number
  readonly seedFilePerCpuSecond: number
}

/** The subject the filtered pages ask for: it owns the same 400 tokens in every store. */
const targetSubject = "bench-subject"
const targetTokens = 400
const batch = 10_000
/** Pages (each after a create) run untimed first, so that the first store is not measured on colder code. */
const warmupPages = 50

/** The seeds of tokens `from` to `to` of a store: the target subject's first, the rest spread over 5,000 subjects. */
const seeds = (from: number, to: number): Array<AuthleteEmulator.TokenSeed> =>
  Array.from({ length: to - from }, (_, i) => ({
    subject: from + i < targetTokens ? targetSubject : `subject-${(from + i) % 5000}`,
    scopes: ["openid", "profile"]
  }))

const run = <A>(effect: Effect.Effect<A>) => Effect.runPromise(effect)

/** Wall-clock and CPU (user + system, all threads of this process) seconds since the call. */
const startTimer = () => {
  const start = performance.now()
  const cpu = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(cpu)
    return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }
  }
}

/** Fills a new emulator with `size` tokens; answers it with the heap its tokens take and the seeding rate. */
const fill = async (size: number) => {
  const emulator = await run(AuthleteEmulator.make())
  gc()
  const before = process.memoryUsage().heapUsed
  let seconds = 0
  let cpuSeconds = 0
  for (let from = 0; from < size; from += batch) {
    const next = seeds(from, Math.min(size, from + batch))
    const timer = startTimer()
    await run(emulator.addTokens(next))
    const elapsed = timer()
    seconds += elapsed.seconds
    cpuSeconds += elapsed.cpuSeconds
  }
  gc()
  return {
    emulator,
    heapPerToken: (process.memoryUsage().heapUsed - before) / size,
    seedPerSecond: size / seconds,
    seedPerCpuSecond: size / cpuSeconds
  }
}

/** Median time of a page of 100, each right after a `create` through the same entry as the server's. */
const timePages = async (emulator: AuthleteEmulator.Service, filter: Filter, size: number, count: number) => {
  const { clientId, serviceId } = emulator.defaults
  const bearer = Redacted.value(emulator.defaults.bearer)
  const api = `${AuthleteEmulator.inProcessUrl}/api/${serviceId}`
  const create = HttpClientRequest.post(`${api}/auth/token/create`).pipe(
    HttpClientRequest.bodyUnsafeJson({
      grantType: "AUTHORIZATION_CODE",
      clientId,
      subject: "bench-writer",
      scopes: ["openid"]
    }),
    HttpClientRequest.bearerToken(bearer)
  )
  // by service: a page in the middle of the store; by subject: the second page of its 400 tokens
  const start = filter === "service" ? Math.floor(size / 2) : 100
  const query: Record<string, string> = { start: String(start), end: String(start + 100) }
  if (filter === "subject") query.subject = targetSubject
  const list = HttpClientRequest.get(`${api}/auth/token/get/list`, { urlParams: query }).pipe(
    HttpClientRequest.bearerToken(bearer)
  )
  const send = (request: HttpClientRequest.HttpClientRequest) =>
    Effect.orDie(Effect.flatMap(emulator.httpClient.execute(request), (response) => response.json))
  const times: Array<number> = []
  let totalCount = 0
  for (let i = -warmupPages; i < count; i++) {
    await run(send(create))
    const begin = performance.now()
    const reply = await run(send(list))
    const elapsed = performance.now() - begin
    const body = reply as { totalCount?: number; accessTokens?: ReadonlyArray<unknown> }
    if (body.accessTokens?.length !== 100) throw new Error(`list by ${filter}: not a page of 100`)
    totalCount = body.totalCount ?? 0
    if (i >= 0) times.push(elapsed)
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
    const timer = startTimer()
    const parsed = JSON.parse(Fs.readFileSync(file, "utf8")) as { tokens: Array<AuthleteEmulator.TokenSeed> }
    await run(emulator.addTokens(parsed.tokens))
    const { cpuSeconds, seconds } = timer()
    if ((await run(emulator.count())) !== count) throw new Error("seed file: tokens missing")
    return { seedFilePerSecond: count / seconds, seedFilePerCpuSecond: count / cpuSeconds }
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
    const { heapPerToken, seedPerCpuSecond, seedPerSecond } = filled
    stores.push({ size, heapPerToken, seedPerSecond, seedPerCpuSecond })
    for (const filter of ["service", "subject"] as const) {
      pages.push({ size, filter, ...(await timePages(filled.emulator, filter, size, settings.pages)) })
    }
  }
  return { stores, pages, ...(await seedFromFile(settings.seedFileTokens)) }
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
    fixed(store.seedPerSecond, 0),
    fixed(store.seedPerCpuSecond, 0)
  ])
  return [
    formatTable(["each page right after a create", "median ms", "totalCount", `÷ store ${count(reference)}`], pageRows),
    "",
    formatTable(["store", "heap B/token", "GB per 1,000,000", "addTokens tokens/s", "per CPU second"], storeRows),
    "",
    `seeding from a seed file of ${count(settings.seedFileTokens)} tokens (read, JSON.parse, addTokens): ${
      fixed(figures.seedFilePerSecond, 0)
    } tokens/s (${fixed(figures.seedFilePerCpuSecond, 0)} per CPU second)`
  ].join("\n")
}
