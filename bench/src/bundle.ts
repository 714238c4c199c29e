/**
 * Browser bundle sizes (esbuild, in memory, minified, ESM, browser platform) and the cold-start scripts (esbuild for
 * Node, workspace packages compiled in, every other package loaded from node_modules as users install it).
 */
import * as Esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"
import { fixed, formatTable, kb } from "./stats.js"

const benchDir = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
const entry = (name: string) => Path.join(benchDir, "entries", `${name}.ts`)

export interface BundleFigure {
  readonly name: string
  readonly entry: string
  readonly minified: number
  readonly gzipped: number
}

/** The bundles, in table order. */
export const bundles: ReadonlyArray<{ readonly name: string; readonly entry: string }> = [
  { name: "effect-authlete browser, 1 operation", entry: "browser-one" },
  { name: "effect-authlete browser, 6 operations", entry: "browser-all" },
  { name: "effect-authlete core + FetchHttpClient, 1 operation", entry: "browser-one-core" },
  { name: "Effect floor (effect + platform fetch + 1 Schema decode)", entry: "browser-floor" },
  { name: "official SDK, standalone create", entry: "browser-official" }
]

export const bundleSize = async (name: string, entryName: string): Promise<BundleFigure> => {
  const result = await Esbuild.build({
    entryPoints: [entry(entryName)],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent"
  })
  const code = result.outputFiles[0].contents
  return { name, entry: entryName, minified: code.length, gzipped: Zlib.gzipSync(code, { level: 9 }).length }
}

export const measureBundles = (): Promise<ReadonlyArray<BundleFigure>> =>
  Promise.all(bundles.map(({ entry, name }) => bundleSize(name, entry)))

export const formatBundles = (figures: ReadonlyArray<BundleFigure>): string => {
  const floor = figures.find((f) => f.entry === "browser-floor")!
  const official = figures.find((f) => f.entry === "browser-official")!
  return formatTable(
    ["bundle", "min KB", "gzip KB", "gzip ÷ floor", "gzip ÷ official"],
    figures.map((f) => [
      f.name,
      kb(f.minified),
      kb(f.gzipped),
      fixed(f.gzipped / floor.gzipped, 3) + "×",
      fixed(f.gzipped / official.gzipped, 2) + "×"
    ])
  )
}

/**
 * Compiles a cold-start entry to `bench/.cache/<name>.mjs`. Installed: bare imports other than the workspace's stay
 * imports (loaded from node_modules as users install them). Bundled: everything in one file, as an app bundled with
 * esbuild for deployment.
 */
export const buildColdStart = (entryName: string, mode: "installed" | "bundled"): Promise<string> =>
  buildNodeScript(entry(entryName), `${entryName}-${mode}`, mode)

/** Compiles a script for Node to `bench/.cache/<name>.mjs` (see `buildColdStart`). */
export const buildNodeScript = async (
  entryPoint: string,
  name: string,
  mode: "installed" | "bundled"
): Promise<string> => {
  const outfile = Path.join(benchDir, ".cache", `${name}.mjs`)
  await Esbuild.build({
    entryPoints: [entryPoint],
    bundle: true,
    outfile,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    // undici and some of its dependencies are CommonJS and require Node built-ins.
    banner: {
      js:
        "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
    },
    plugins: mode === "bundled" ? [] : [{
      name: "installed-packages-external",
      setup: (build) => {
        build.onResolve(
          { filter: /^[^./]/ },
          (args) => args.path.startsWith("@effect-authlete/") ? undefined : { path: args.path, external: true }
        )
      }
    }]
  })
  Fs.accessSync(outfile)
  return outfile
}
