/**
 * The Effect 4 edition in the bench: its client measured on Node 22 in a child process against the same server in the
 * same run (Effect 4 needs Node >= 22.19; the bench runs on the repository's Node 20), and its browser bundle.
 * Both entries (editions/effect4/bench) are bundled with esbuild from the edition's sources: the shared files are
 * links into the Effect 3 packages, their imports resolved from the link's folder so that they import Effect 4, and
 * every `@effect-authlete/*` import points at the edition's own sources.
 */
import * as Esbuild from "esbuild"
import { execFile } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"
import type { BundleFigure } from "./bundle.js"
import * as Fixtures from "./fixtures.js"
import type { Measure, Settings } from "./latency.js"
import { operations } from "./latency.js"
import { fixed, formatTable, ratio } from "./stats.js"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const edition = Path.join(root, "editions", "effect4")

/** The variant name of the Effect 4 client in the tables. */
export const variantName = "effect-authlete Effect 4 node"

const editionSources: Esbuild.Plugin = {
  name: "effect4-edition-sources",
  setup: (build) => {
    build.onResolve({ filter: /^@effect-authlete\/[a-z-]+(\/.*)?$/ }, (args) => {
      const [, pkg, sub] = /^@effect-authlete\/([a-z-]+)(?:\/(.+))?$/.exec(args.path)!
      return { path: Path.join(edition, "packages", pkg, "src", `${sub ?? "index"}.ts`) }
    })
  }
}

const rootPackages = Path.join(root, "packages") + Path.sep

/**
 * A shared file is a link; esbuild reads it at its real path, in the Effect 3 packages. Its imports are resolved
 * from the link's folder instead (the same relative path under the edition), so that they reach Effect 4 and the
 * edition's own siblings (`./request.js`). esbuild's `preserveSymlinks` would do the same for our files but also
 * for pnpm's links in node_modules, where a package's dependencies are found only at the real path.
 */
const sharedFromLinks: Esbuild.Plugin = {
  name: "effect4-shared-from-links",
  setup: (build) => {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === "from-link" || !args.importer.startsWith(rootPackages)) return undefined
      const resolveDir = Path.join(edition, "packages", Path.relative(rootPackages, args.resolveDir))
      const result = await build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: "from-link" })
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path, external: result.external }
    })
  }
}

const bundle = (entry: string, options: Esbuild.BuildOptions) =>
  Esbuild.build({
    entryPoints: [Path.join(edition, "bench", entry)],
    bundle: true,
    format: "esm",
    target: "es2022",
    logLevel: "silent",
    plugins: [editionSources, sharedFromLinks],
    ...options
  })

const gzipSize = async (entry: string, name: string): Promise<BundleFigure> => {
  const result = await bundle(entry, { write: false, minify: true, platform: "browser" })
  const code = result.outputFiles![0].contents
  return { name, entry: `effect4/${entry}`, minified: code.length, gzipped: Zlib.gzipSync(code, { level: 9 }).length }
}

/**
 * The edition's browser layer with one operation, and the Effect 4 floor (effect's fetch client and one decode),
 * minified and gzipped as `bundle.ts` measures the others.
 */
export const effect4BundleSizes = (): Promise<ReadonlyArray<BundleFigure>> =>
  Promise.all([
    gzipSize("browser-one.ts", "effect-authlete Effect 4 browser, 1 operation"),
    gzipSize("browser-floor.ts", "Effect 4 floor (effect + its fetch client + 1 Schema decode)")
  ])

/** Bundles the latency entry and runs it on Node 22 against `baseUrl`; answers its figures as `Measure`s. */
export const measureEffect4 = async (baseUrl: string, settings: Settings): Promise<ReadonlyArray<Measure>> => {
  const outfile = Path.join(root, "bench", ".cache", "effect4-latency.mjs")
  await bundle("latency.ts", {
    outfile,
    platform: "node",
    // undici is CommonJS and requires Node built-ins.
    banner: {
      js:
        "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
    }
  })
  const input = JSON.stringify({
    baseUrl,
    settings,
    bearer: Fixtures.bearer,
    serviceId: Fixtures.serviceId,
    createRequest: Fixtures.createRequest,
    listQuery: Fixtures.listQuery
  })
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      "npx",
      ["-y", "node@22", "--expose-gc", outfile, input],
      { maxBuffer: 1 << 20, timeout: 30 * 60_000 },
      (error, out, err) => error === null ? resolve(out) : reject(new Error(`Effect 4 latency run failed: ${err}`))
    )
  )
  return stdout.trim().split("\n").filter((line) => line.startsWith("{")).map((line) => ({
    variant: variantName,
    ...(JSON.parse(line) as Omit<Measure, "variant">)
  }))
}

/** Effect 4 against Effect 3, per operation: the budget is CPU per call within 1.2× of the Effect 3 client's. */
export const formatEditions = (measures: ReadonlyArray<Measure>, effect3: string, effect4: string): string =>
  formatTable(
    ["Effect 4 ÷ Effect 3", "median µs (3 → 4)", "CPU µs/call (3 → 4)", "median ÷", "CPU ÷", "thrpt ÷"],
    operations.map((operation) => {
      const three = measures.find((m) => m.variant === effect3 && m.operation === operation)!
      const four = measures.find((m) => m.variant === effect4 && m.operation === operation)!
      return [
        operation,
        `${fixed(three.medianUs, 0)} → ${fixed(four.medianUs, 0)}`,
        `${fixed(three.cpuUs, 0)} → ${fixed(four.cpuUs, 0)}`,
        ratio(four.medianUs, three.medianUs),
        ratio(four.cpuUs, three.cpuUs),
        ratio(four.throughput, three.throughput)
      ]
    })
  )
