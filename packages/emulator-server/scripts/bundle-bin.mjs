#!/usr/bin/env node
// Bundles `src/bin.ts` into `dist/authlete-emulator.js`, the published `authlete-emulator`: one ESM file holding
// everything it runs (Effect, @effect/cli, the emulator), so it resolves no dependency at run time and starts in one
// read and one parse. Run by the package's `build` (and so by the repository's `pnpm build`); an argument writes the
// file elsewhere (the launcher tests bundle into a folder of their own).
import * as Esbuild from "esbuild"
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const dir = join(dirname(fileURLToPath(import.meta.url)), "..")
const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))

await Esbuild.build({
  entryPoints: [join(dir, "src", "bin.ts")],
  outfile: process.argv[2] ?? join(dir, "dist", "authlete-emulator.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  // the version `--version` prints, which the sources read from package.json
  define: { "globalThis.AUTHLETE_EMULATOR_VERSION": JSON.stringify(version) },
  // a `require` for the CommonJS modules in the bundle, in an ES module
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
})
