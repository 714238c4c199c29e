/**
 * The emulator is browser-safe and needs neither the CLI nor Node: a browser-only project installs only its
 * dependencies and peers. The package index is bundled here for the browser with `@effect/cli`, the printers,
 * `@effect/platform-node`, vitest and Node's built-ins unresolvable, as in such a project, and the bundle is then run.
 */
import * as esbuild from "esbuild"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const index = fileURLToPath(new URL("../src/index.ts", import.meta.url))
const work = mkdtempSync(join(tmpdir(), "emulator-browser-safe-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Fails the build on any import of what a browser project lacks, naming the importer. */
const absent: esbuild.Plugin = {
  name: "absent-in-a-browser-project",
  setup(build) {
    build.onResolve(
      { filter: /^(@effect\/cli|@effect\/printer|@effect\/platform-node|@effect\/vitest|vitest|node:)/ },
      (args) => ({
        errors: [{ text: `${args.path} is not installed (imported by ${args.importer})` }]
      })
    )
  }
}

const program = `
import { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "${index.replaceAll("\\", "/")}"
import { Effect } from "effect"

export const run = () =>
  Effect.runPromise(
    Effect.gen(function*() {
      const { clientId } = (yield* AuthleteEmulator.AuthleteEmulator).defaults
      const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId })
      const page = yield* TokenManagement.list({ clientIdentifier: String(clientId) })
      return { action: created.action, totalCount: page.totalCount }
    }).pipe(Effect.provide(TestAuthlete.layerMemory()))
  )
`

const bundle = (entry: string) =>
  esbuild.build({
    entryPoints: [entry],
    outfile: join(work, "bundle.mjs"),
    bundle: true,
    format: "esm",
    platform: "browser",
    // resolve the workspace packages from here, as an installed project would
    nodePaths: [fileURLToPath(new URL("../node_modules", import.meta.url))],
    plugins: [absent],
    logLevel: "silent"
  }).then(() => undefined, (error: esbuild.BuildFailure) => error.errors.map((e) => e.text).join("\n"))

describe("the emulator index in a browser project", () => {
  it(
    "bundles for the browser without @effect/cli, @effect/platform-node, vitest or node: imports, and runs",
    async () => {
      const entry = join(work, "entry.ts")
      writeFileSync(entry, program)
      expect(await bundle(entry)).toBeUndefined()
      const { run } = await import(pathToFileURL(join(work, "bundle.mjs")).href)
      expect(await run()).toEqual({ action: "OK", totalCount: 1 })
    },
    60_000
  )

  it("the control: an import of the CLI does fail the bundle, naming it", async () => {
    const entry = join(work, "control.ts")
    writeFileSync(entry, `import * as Command from "@effect/cli/Command"\nexport const command = Command.make("x")\n`)
    expect(await bundle(entry)).toContain("@effect/cli/Command is not installed")
  }, 60_000)
})
