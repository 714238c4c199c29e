/**
 * Instructions per call, counted by callgrind: the load-independent figure behind the CPU line of the latency
 * section. Each variant's client (`instructionsClient.ts`, bundled into one file with esbuild so that no transpiler
 * runs under valgrind) runs in a fresh process under `valgrind --tool=callgrind` against the latency section's server
 * (a process of its own, not traced) and makes `many` sequential calls of one operation; callgrind counts only calls
 * `few + 1` to `many` (instrumentation toggled with `callgrind_control`), which is the `many`-minus-`few` difference
 * without running the startup twice. Divided by `many - few`: the cost of one warmed call, garbage collection and
 * compiler threads included.
 */
import * as Esbuild from "esbuild"
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import type { Operation } from "./latency.js"
import { operations, startServer } from "./latency.js"
import { fixed, formatTable, ratio } from "./stats.js"

export interface Settings {
  /** Calls of the short run. */
  readonly few: number
  /** Calls of the long run. */
  readonly many: number
  /** The variants counted; the first is the reference of the ratios. */
  readonly variants: ReadonlyArray<string>
  /** How many client processes run at once (each is one valgrind). */
  readonly parallel: number
}

export interface InstructionFigure {
  readonly variant: string
  readonly operation: Operation
  /** Instructions per call: those of calls `few + 1` to `many` ÷ (many − few). */
  readonly perCall: number
  readonly few: number
  readonly many: number
  /** Instructions of calls `few + 1` to `many`. */
  readonly total: number
  /** Where they went, per call (`callgrind_annotate` by function), with `BENCH_INSTR_SPLIT=1`. */
  readonly split?: Split | undefined
}

export const defaultVariants: ReadonlyArray<string> = ["undici.request", "effect-authlete node"]

const here = Path.dirname(fileURLToPath(import.meta.url))
const cache = Path.join(here, "..", ".cache")
const clientFile = Path.join(cache, "instructions-client.mjs")

/** One file, no transpiler at run time; CommonJS dependencies (undici) get a `require`. */
const bundleClient = async (): Promise<string> => {
  Fs.mkdirSync(cache, { recursive: true })
  await Esbuild.build({
    entryPoints: [Path.join(here, "instructionsClient.ts")],
    outfile: clientFile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    logLevel: "silent",
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
  return clientFile
}

/** Whether `valgrind` can be run here. */
export const valgrindAvailable = (): Promise<boolean> =>
  new Promise((resolve) => {
    const child = spawn("valgrind", ["--version"], { stdio: "ignore" })
    child.once("error", () => resolve(false))
    child.once("exit", (code) => resolve(code === 0))
  })

/** Per call: V8's optimizing compilers, its garbage collector, its builtins (ICs, Promise, JSON…), the rest. */
export interface Split {
  readonly compiler: number
  readonly gc: number
  readonly builtins: number
  readonly rest: number
}

const compilerFunction = /v8::internal::(compiler|maglev|turboshaft)::|Zone::|Pipeline|OptimizedCompilationJob/
const gcFunction = /Scaveng|Marking|Sweeper|Evacuat|Heap::|heap::|RememberedSet|BodyDescriptorBase|Pretenuring|SlotSet/

const splitOf = (file: string, calls: number): Split | undefined => {
  const annotate = spawnSync("callgrind_annotate", ["--threshold=100", file], { encoding: "utf8", maxBuffer: 1 << 28 })
  if (annotate.status !== 0) return undefined
  const split = { compiler: 0, gc: 0, builtins: 0, rest: 0 }
  for (const line of annotate.stdout.split("\n")) {
    const match = /^\s*([\d,]+) \([\s\d.]+%\)\s+(\S.*)$/.exec(line)
    if (match === null || match[2].startsWith("PROGRAM TOTALS")) continue
    const count = Number(match[1].replaceAll(",", ""))
    const name = match[2]
    if (compilerFunction.test(name)) split.compiler += count
    else if (gcFunction.test(name)) split.gc += count
    else if (name.includes("Builtins_")) split.builtins += count
    else split.rest += count
  }
  return {
    compiler: split.compiler / calls,
    gc: split.gc / calls,
    builtins: split.builtins / calls,
    rest: split.rest / calls
  }
}

const control = (args: ReadonlyArray<string>): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn("callgrind_control", args, { stdio: "ignore" })
    child.once("error", reject)
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`callgrind_control ${args.join(" ")}: ${code}`)))
  })

/**
 * The instructions (`Ir`) of calls `few + 1` to `many` of one client process: it starts uninstrumented (fast) and
 * callgrind's instrumentation is on only between its `warm` and `done`.
 */
const countRun = (baseUrl: string, variant: string, operation: Operation, few: number, many: number) => {
  const split = process.env.BENCH_INSTR_SPLIT === "1"
  const out = Path.join(cache, `callgrind.${process.pid}.${variant.replace(/\W+/g, "-")}.${operation}.out`)
  return new Promise<{ readonly total: number; readonly split?: Split | undefined }>((resolve, reject) => {
    const child = spawn(
      "valgrind",
      [
        "--tool=callgrind",
        "--instr-atstart=no",
        // V8 writes and rewrites machine code in its heap.
        "--smc-check=all-non-file",
        `--callgrind-out-file=${out}`,
        process.execPath,
        clientFile,
        baseUrl,
        variant,
        operation,
        String(few),
        String(many)
      ],
      { stdio: ["pipe", "pipe", "pipe"] }
    )
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      for (let newline = stdout.indexOf("\n"); newline !== -1; newline = stdout.indexOf("\n")) {
        const line = stdout.slice(0, newline)
        stdout = stdout.slice(newline + 1)
        const toggle = line === "warm" ? "on" : line === "done" ? "off" : undefined
        if (toggle !== undefined) {
          control(["-i", toggle, String(child.pid)]).then(
            () => child.stdin.write("go\n"),
            (error) => {
              child.kill()
              reject(error)
            }
          )
        }
      }
    })
    child.once("error", reject)
    child.once("exit", (code) => {
      const total = Fs.existsSync(out) ? /^totals: (\d+)/m.exec(Fs.readFileSync(out, "utf8")) : null
      const parts = split && total !== null ? splitOf(out, many - few) : undefined
      if (process.env.BENCH_INSTR_KEEP !== "1") Fs.rmSync(out, { force: true })
      if (code !== 0 || total === null) {
        reject(new Error(`callgrind of ${variant} ${operation} exited with ${code}:\n${stderr.slice(-2000)}`))
      } else {
        resolve({ total: Number(total[1]), split: parts })
      }
    })
  })
}

/** Runs the jobs at most `parallel` at a time. */
const pooled = async <A>(jobs: ReadonlyArray<() => Promise<A>>, parallel: number): Promise<Array<A>> => {
  const results = new Array<A>(jobs.length)
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++
      results[index] = await jobs[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker))
  return results
}

export const measureInstructions = async (
  settings: Settings,
  log: (line: string) => void = () => {}
): Promise<ReadonlyArray<InstructionFigure>> => {
  await bundleClient()
  const server = await startServer()
  try {
    const cases = settings.variants.flatMap((variant) => operations.map((operation) => ({ variant, operation })))
    const jobs = cases.map(({ operation, variant }) => async () => {
      const result = await countRun(server.baseUrl, variant, operation, settings.few, settings.many)
      log(
        `instructions: ${variant} ${operation}, calls ${settings.few + 1} to ${settings.many}: ${
          (result.total / 1e6).toFixed(0)
        } M`
      )
      return result
    })
    const totals = await pooled(jobs, settings.parallel)
    return cases.map(({ operation, variant }, i): InstructionFigure => ({
      variant,
      operation,
      perCall: totals[i].total / (settings.many - settings.few),
      few: settings.few,
      many: settings.many,
      total: totals[i].total,
      split: totals[i].split
    }))
  } finally {
    server.stop()
  }
}

const millions = (value: number) => fixed(value / 1e6, 3)

/** The split of each figure that has one (`BENCH_INSTR_SPLIT=1`), M instructions per call. */
const formatSplits = (figures: ReadonlyArray<InstructionFigure>): string => {
  const split = figures.filter((figure) => figure.split !== undefined)
  if (split.length === 0) return ""
  return "\n\n" + formatTable(
    ["variant, operation", "total", "V8 compilers", "GC", "V8 builtins", "rest (JIT code, runtime, libc…)"],
    split.map((figure) => [
      `${figure.variant}, ${figure.operation}`,
      millions(figure.perCall),
      millions(figure.split!.compiler),
      millions(figure.split!.gc),
      millions(figure.split!.builtins),
      millions(figure.split!.rest)
    ])
  )
}

export const formatInstructions = (figures: ReadonlyArray<InstructionFigure>, reference: string): string =>
  formatTable(
    ["variant", "create M instr/call", "create ÷undici", "list M instr/call", "list ÷undici"],
    [...new Set(figures.map((figure) => figure.variant))].map((variant) => {
      const cell = (operation: Operation) => {
        const figure = figures.find((f) => f.variant === variant && f.operation === operation)!
        const ref = figures.find((f) => f.variant === reference && f.operation === operation)!
        return [fixed(figure.perCall / 1e6, 3), ratio(figure.perCall, ref.perCall)]
      }
      return [variant, ...cell("create"), ...cell("list")]
    })
  ) + formatSplits(figures)
