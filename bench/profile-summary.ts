/**
 * Summarises a `.cpuprofile`: self time by function and by package, heaviest first.
 * `tsx bench/profile-summary.ts <file.cpuprofile> [rows]`
 */
import * as Fs from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount: number
  readonly children?: ReadonlyArray<number>
}

const [file, rowsArg = "40"] = process.argv.slice(2)
const profile = JSON.parse(Fs.readFileSync(file, "utf8")) as {
  nodes: ReadonlyArray<Node>
  samples: ReadonlyArray<number>
  timeDeltas: ReadonlyArray<number>
}
const selfTime = new Map<number, number>()
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...selfTime.values()].reduce((a, b) => a + b, 0)

const where = (url: string) => {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match) return match[1]
  if (url.includes("/packages/")) return url.slice(url.indexOf("/packages/") + 1)
  if (url.startsWith("node:")) return url
  return url === "" ? "(native)" : url.replace(/^.*\/work\/main\//, "")
}

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0
  const frame = node.callFrame
  const file = frame.url.includes("node_modules") ? `/${frame.url.split("/").slice(-2).join("/")}` : ""
  const fn = `${frame.functionName || "(anonymous)"} ${where(frame.url)}${file}:${frame.lineNumber + 1}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + time)
  const pkg = where(frame.url).replace(/\/src\/.*$/, "")
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time)
}

const print = (title: string, map: Map<string, number>, rows: number) => {
  console.log(`\n${title}`)
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
  }
}
print("self time by package", byPackage, 15)
print("self time by function", byFunction, Number(rowsArg))
