/**
 * What a call leaves to the garbage collector: each variant drives one operation in a fresh process
 * (`bench/profile.ts`) under `--trace-gc-nvp`, and V8's own trace gives the bytes each young-generation collection
 * promoted to the old generation and every collection's pause, counted from a marker line the script prints after
 * its warm-up calls. An answer that something keeps alive after its call shows here as promoted bytes long before it
 * shows in the latency figures.
 */
import { execFile } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import type { Operation } from "./latency.js"
import { fixed, formatTable, kb, ratio } from "./stats.js"

/** A ratio to the floor's figure, or a dash where the floor's is zero (a short run may promote nothing). */
const toFloor = (value: number, floor: number | undefined) =>
  floor === undefined ? "" : floor > 0 ? ratio(value, floor) : "—"

export interface GarbageFigure {
  readonly variant: string
  readonly operation: Operation
  /** Bytes promoted to the old generation per call. */
  readonly promotedBytes: number
  /** Pause of all collections (young and full) per call, µs. */
  readonly pauseUs: number
  readonly scavenges: number
  readonly fullCollections: number
}

/** The variants measured: the floor and the Effect 3 client with and without its per-attempt timer. */
export const garbageVariants: ReadonlyArray<string> = [
  "undici.request",
  "effect-authlete node",
  "effect-authlete node, no timeout"
]

/** The line `bench/profile.ts` prints between its warm-up calls and its measured ones. */
export const measuredMarker = "--- measured calls ---"

/**
 * Sums the `--trace-gc-nvp` lines after the marker: `gc=s` is a young-generation collection, `gc=ms`/`gc=mc` a full
 * one.
 */
export const summarize = (trace: string) => {
  const measured = trace.slice(Math.max(0, trace.indexOf(measuredMarker)))
  let promoted = 0
  let pauseMs = 0
  let scavenges = 0
  let fullCollections = 0
  for (const line of measured.split("\n")) {
    const pause = /\bpause=([\d.]+)/.exec(line)
    if (pause === null) continue
    if (/\bgc=s\b/.test(line)) {
      scavenges++
      promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0)
    } else if (/\bgc=m[sc]\b/.test(line)) {
      fullCollections++
    } else {
      continue
    }
    pauseMs += Number(pause[1])
  }
  return { promoted, pauseMs, scavenges, fullCollections }
}

const profileScript = Path.join(Path.dirname(fileURLToPath(import.meta.url)), "..", "profile.ts")

const runOnce = (variant: string, operation: Operation, calls: number, warmup: number) =>
  new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--trace-gc-nvp", profileScript, variant, operation, String(calls), String(warmup)],
      { timeout: 300_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${variant} ${operation}: ${error.message}\n${stderr}`)) : resolve(stdout)
    )
  })

/** Every variant and operation in turn, each in a fresh process: `calls / 2` calls to warm up, then `calls` measured. */
export const measureGarbage = async (
  variants: ReadonlyArray<string>,
  operations: ReadonlyArray<Operation>,
  calls: number
): Promise<ReadonlyArray<GarbageFigure>> => {
  const figures: Array<GarbageFigure> = []
  for (const operation of operations) {
    for (const variant of variants) {
      const { pauseMs, promoted, ...collections } = summarize(await runOnce(variant, operation, calls, calls / 2))
      figures.push({
        variant,
        operation,
        promotedBytes: promoted / calls,
        pauseUs: (pauseMs * 1000) / calls,
        ...collections
      })
    }
  }
  return figures
}

export const formatGarbage = (figures: ReadonlyArray<GarbageFigure>, reference: string): string =>
  [...new Set(figures.map((figure) => figure.operation))].map((operation) => {
    const rows = figures.filter((figure) => figure.operation === operation)
    const base = rows.find((figure) => figure.variant === reference)
    return formatTable(
      [
        operation,
        "promoted KB/call",
        "GC pause µs/call",
        "young / full collections",
        "promoted ÷ floor",
        "pause ÷ floor"
      ],
      rows.map((figure) => [
        figure.variant,
        kb(figure.promotedBytes),
        fixed(figure.pauseUs, 1),
        `${figure.scavenges} / ${figure.fullCollections}`,
        toFloor(figure.promotedBytes, base?.promotedBytes),
        toFloor(figure.pauseUs, base?.pauseUs)
      ])
    )
  }).join("\n\n")
