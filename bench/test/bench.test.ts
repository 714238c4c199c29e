import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "vitest"
import { bundles } from "../src/bundle.js"
import { garbageVariants } from "../src/garbage.js"
import { variants } from "../src/variants.js"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../..")

const isPositive = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value > 0

/** Every number in the figures, with its path. */
const numbers = (value: unknown, path = "figures"): Array<[string, number]> =>
  typeof value === "number"
    ? [[path, value]]
    : Array.isArray(value)
    ? value.flatMap((item, i) => numbers(item, `${path}[${i}]`))
    : typeof value === "object" && value !== null
    ? Object.entries(value).flatMap(([key, item]) => numbers(item, `${path}.${key}`))
    : []

describe("pnpm bench --quick", () => {
  // The script, not the timings: every variant measured, every figure a finite positive number.
  it("prints every section with every variant and finite positive figures", { timeout: 300_000 }, async () => {
    const json = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "bench-")), "figures.json")
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "bench/run.ts", "--quick", `--json=${json}`],
        { cwd: root, timeout: 290_000, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)
      )
    )
    for (
      const section of [
        "## Latency",
        "## What a call leaves to the garbage collector",
        "## Cold start",
        "## Browser bundles",
        "## Emulator",
        "## Emulator server",
        "## Emulator store"
      ]
    ) {
      assert.include(stdout, section)
    }
    const figures = JSON.parse(Fs.readFileSync(json, "utf8")) as Record<string, any>
    const rows = figures.latency as Array<{ variant: string; operation: string }>
    for (const variant of variants) {
      for (const operation of ["create", "list"]) {
        assert.isTrue(
          rows.some((row) => row.variant === variant.name && row.operation === operation),
          `${variant.name} ${operation}`
        )
      }
      assert.include(stdout, `| ${variant.name}`)
    }
    for (const bundle of bundles) assert.include(stdout, `| ${bundle.name}`)
    const garbage = figures.garbage as Array<{ variant: string; operation: string; promotedBytes: number }>
    for (const variant of garbageVariants) {
      for (const operation of ["create", "list"]) {
        const row = garbage.find((row) => row.variant === variant && row.operation === operation)
        // a short run may promote nothing, never less
        assert.isTrue(row !== undefined && Number.isFinite(row.promotedBytes) && row.promotedBytes >= 0, variant)
      }
    }
    assert.strictEqual(figures.coldStart.length, 4)
    const server = figures.emulatorServer as { throughput: Array<{ target: string; operation: string }> }
    for (const target of ["emulator", "floor", "prism"]) {
      for (const operation of ["create", "list"]) {
        assert.isTrue(server.throughput.some((row) => row.target === target && row.operation === operation))
      }
    }
    // every request answered 2xx: the emulator, the floor and Prism all served what the bench asked
    assert.deepStrictEqual(figures.emulatorServer.failures, { emulator: 0, floor: 0, prism: 0 })
    assert.strictEqual(figures.emulatorStore.pages.length, 4)
    assert.isAtLeast(figures.emulator.pages.length, 4)
    const all = numbers({
      latency: figures.latency,
      coldStart: figures.coldStart,
      bundles: figures.bundles,
      emulator: figures.emulator,
      emulatorServer: { throughput: figures.emulatorServer.throughput, start: figures.emulatorServer.startToReadyMs },
      emulatorStore: figures.emulatorStore
    })
    assert.isAbove(all.length, 50)
    for (const [path, value] of all) assert.isTrue(isPositive(value), `${path} = ${value}`)
    assert.notInclude(stdout, "NaN")
  })
})
