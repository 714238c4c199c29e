/**
 * `@effect/platform-node` and `@effect/vitest` are optional peers: a browser-only project installs neither, and the
 * README's first test-kit example imports the package index. The index is bundled here for the browser with those
 * two (and Node's built-ins) unresolvable, as in such a project, and the bundle is then run.
 */
import * as esbuild from "esbuild"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const index = fileURLToPath(new URL("../src/index.ts", import.meta.url))
const work = mkdtempSync(join(tmpdir(), "test-kit-optional-peers-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Fails the build on any import of an optional peer or a Node built-in, naming the importer. */
const absent: esbuild.Plugin = {
  name: "absent-optional-peers",
  setup(build) {
    build.onResolve({ filter: /^(@effect\/platform-node|@effect\/vitest|vitest|node:)/ }, (args) => ({
      errors: [{ text: `${args.path} is not installed (imported by ${args.importer})` }]
    }))
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

describe("the test-kit index without the optional peers", () => {
  it("bundles for the browser without @effect/platform-node, @effect/vitest or node: imports, and runs", async () => {
    const entry = join(work, "entry.ts")
    writeFileSync(entry, program)
    const outfile = join(work, "bundle.mjs")
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform: "browser",
      // resolve the workspace packages from here, as an installed project would
      nodePaths: [fileURLToPath(new URL("../node_modules", import.meta.url))],
      plugins: [absent],
      logLevel: "silent"
    })
    const { run } = await import(pathToFileURL(outfile).href)
    expect(await run()).toEqual({ action: "OK", totalCount: 1 })
  }, 60_000)

  it("the mock server, which needs Node, stays reachable as its own module", async () => {
    const failure = await esbuild.build({
      entryPoints: [fileURLToPath(new URL("../src/MockServer.ts", import.meta.url))],
      bundle: true,
      write: false,
      platform: "browser",
      plugins: [absent],
      logLevel: "silent"
    }).then(() => undefined, (error: esbuild.BuildFailure) => error.errors.map((e) => e.text).join("\n"))
    // the control: the plugin does catch an import of the optional peer
    expect(failure).toContain("@effect/platform-node")
  }, 60_000)
})
