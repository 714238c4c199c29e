/** Small statistics and table helpers of the benchmark. */
import * as V8 from "node:v8"
import * as Vm from "node:vm"

/** A full garbage collection (`--expose-gc` turned on at run time). */
export const gc: () => void = (() => {
  V8.setFlagsFromString("--expose-gc")
  return Vm.runInNewContext("gc") as () => void
})()

export const quantile = (values: ReadonlyArray<number>, q: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index]
}

export const median = (values: ReadonlyArray<number>): number => quantile(values, 0.5)

/** A row of cells under a header, printed with columns padded to their widest cell. */
export const formatTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)))
  const line = (cells: ReadonlyArray<string>) =>
    "| " + cells.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join(" | ") + " |"
  const rule = "|" + widths.map((width, i) => i === 0 ? "-".repeat(width + 2) : "-".repeat(width + 1) + ":").join("|")
    + "|"
  return [line(header), rule, ...rows.map(line)].join("\n")
}

export const fixed = (value: number, digits: number): string => Number.isFinite(value) ? value.toFixed(digits) : "NaN"

export const ratio = (value: number, reference: number): string => fixed(value / reference, 2) + "×"

export const kb = (bytes: number): string => fixed(bytes / 1024, 1)
