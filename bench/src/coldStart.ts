/**
 * Cold start: a fresh `node` process that imports a client and completes its first `create` against the benchmark
 * server; the figure is the child's own `performance.now()` at that point (ms since its process started).
 */
import { execFile } from "node:child_process"
import { buildColdStart } from "./bundle.js"
import { fixed, formatTable, median } from "./stats.js"

export interface ColdStartFigure {
  readonly name: string
  readonly medianMs: number
  readonly runs: ReadonlyArray<number>
}

const clients = [
  { name: "effect-authlete (platform-node), installed", entry: "cold-effect-authlete", mode: "installed" },
  { name: "official SDK, installed", entry: "cold-official", mode: "installed" },
  { name: "effect-authlete (platform-node), app bundled", entry: "cold-effect-authlete", mode: "bundled" },
  { name: "official SDK, app bundled", entry: "cold-official", mode: "bundled" }
] as const

const runOnce = (file: string, baseUrl: string) =>
  new Promise<number>((resolve, reject) => {
    execFile(process.execPath, [file, baseUrl], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${file}: ${error.message}\n${stderr}`))
      const ms = Number(stdout.trim().split("\n").at(-1))
      return Number.isFinite(ms) ? resolve(ms) : reject(new Error(`${file}: no timing in ${stdout}`))
    })
  })

/** Builds both scripts, then runs them alternately `runs` times (after one unmeasured run each, to warm the disk). */
export const measureColdStart = async (baseUrl: string, runs: number): Promise<ReadonlyArray<ColdStartFigure>> => {
  const files = await Promise.all(clients.map((client) => buildColdStart(client.entry, client.mode)))
  for (const file of files) await runOnce(file, baseUrl)
  const samples = clients.map(() => [] as Array<number>)
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < clients.length; i++) {
      const index = (i + run) % clients.length
      samples[index].push(await runOnce(files[index], baseUrl))
    }
  }
  return clients.map((client, i) => ({ name: client.name, medianMs: median(samples[i]), runs: samples[i] }))
}

export const formatColdStart = (figures: ReadonlyArray<ColdStartFigure>): string =>
  formatTable(
    ["process start → first create done", "median ms", "runs (ms)", "÷ official, same packaging"],
    figures.map((f) => {
      const official = figures.find((o) => o.name === `official SDK, ${f.name.split(", ").at(-1)}`)!
      return [
        f.name,
        fixed(f.medianMs, 0),
        f.runs.map((ms) => fixed(ms, 0)).join(" "),
        fixed(f.medianMs / official.medianMs, 2) + "×"
      ]
    })
  )
