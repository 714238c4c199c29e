#!/usr/bin/env node
// Proof that what we would publish works: build the packages, `pnpm pack` them, install the tarballs with npm
// into a fresh project outside the workspace (effect and @effect/* from the registry, at the workspace's versions),
// then, in that project, type-check a TypeScript consumer against the packed .d.ts files and run a plain-Node ESM
// program that starts the packed emulator-server's mock server and creates and lists a token through the packed Node
// layer, and run the packed CLI's bin against its emulator. Then two installs of one package each, as their users
// make them: the emulator alone (it must pull no @effect/cli, printer or platform-node, and layerMemory must work),
// and the emulator-server alone (its authlete-emulator bin, one bundled file, must start and answer from only what that
// installs, and `npx @effect-authlete/emulator-server` must run it).
//
// Usage: node scripts/pack-check.mjs [--keep]   (--keep leaves the temporary project in place and prints its path)
// Prints one JSON line `{"ok":true,...}` with the tarball sizes at the end. Exits non-zero on the first failure.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { logger, manifestOf, packages, packTarballs, root, run, tsc, versionOf, writeTsconfig } from "./lib/pack.mjs"

const keep = process.argv.includes("--keep")
const started = Date.now()
const log = logger("pack-check")

// What a user writes: the packed emulator-server's mock server, the packed Node layer, core's accessors.
const programMjs = `
import { TokenManagement } from "@effect-authlete/core"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { Effect, Redacted } from "effect"

const fail = (message) => {
  throw new Error(message)
}

// every module comes from dist/, and internals stay closed
for (const specifier of [
  "@effect-authlete/core",
  "@effect-authlete/platform-node",
  "@effect-authlete/emulator",
  "@effect-authlete/emulator/internal",
  "@effect-authlete/emulator-server/MockServer",
  "@effect-authlete/test-kit/MockServer"
]) {
  const resolved = import.meta.resolve(specifier)
  if (!/\\/node_modules\\/@effect-authlete\\/[^/]+\\/dist\\/([a-z]+\\/)?[A-Za-z]+\\.js$/.test(resolved)) fail(specifier + " -> " + resolved)
}
for (const internal of ["@effect-authlete/core/internal/httpTransport", "@effect-authlete/emulator/internal/state"]) {
  const closed = await import(internal).then(() => false, (error) => error.code)
  if (closed !== "ERR_PACKAGE_PATH_NOT_EXPORTED") fail("internal modules are importable: " + internal + " " + closed)
}
// the deprecated path of the test kit is the emulator-server's module itself
const Deprecated = await import("@effect-authlete/test-kit/MockServer")
if (Deprecated.MockServer !== MockServer.MockServer) fail("@effect-authlete/test-kit/MockServer is another module")

const server = await MockServer.start()
try {
  const layer = NodeAuthlete.layer({
    baseUrl: server.url,
    bearer: Redacted.make(server.bearer),
    serviceId: server.serviceId
  })
  const program = Effect.gen(function*() {
    const created = yield* TokenManagement.create({
      grantType: "CLIENT_CREDENTIALS",
      clientId: server.clientId,
      accessTokenDuration: 600
    })
    if (created.action !== "OK" || created.accessToken === undefined) fail("create: " + created.action)
    const page = yield* TokenManagement.list({ clientIdentifier: String(server.clientId) })
    const listed = (page.accessTokens ?? []).length
    if (listed !== 1 || page.totalCount !== 1) fail("list: " + listed + " of " + page.totalCount)
    const denied = yield* TokenManagement.list({}, { serviceId: "0" }).pipe(Effect.flip)
    return { created: created.action, listed, totalCount: page.totalCount, expiresIn: created.expiresIn, wrongService: denied._tag }
  })
  const result = await Effect.runPromise(Effect.provide(program, layer))
  console.log(JSON.stringify({ ok: true, ...result }))
} finally {
  await server.close()
}
`

// The declarations must carry the types through: a wrong call must not compile, so the checker is really looking.
const consumerTs = `
import { AuthleteError, TokenManagement } from "@effect-authlete/core"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import { TestAuthlete } from "@effect-authlete/emulator"
import * as MockServer from "@effect-authlete/emulator-server/MockServer"
import { TestAuthlete as DeprecatedTestAuthlete } from "@effect-authlete/test-kit"
import * as DeprecatedMockServer from "@effect-authlete/test-kit/MockServer"
import type { Layer } from "effect"
import { Effect } from "effect"

export const program: Effect.Effect<number | undefined, AuthleteError.AuthleteError, TokenManagement.TokenManagement> =
  Effect.map(TokenManagement.list({ subject: "john" }), (page) => page.totalCount)

export const layer: Layer.Layer<TokenManagement.TokenManagement, unknown> = NodeAuthlete.layer({ baseUrl: "http://x" })
export const started: Promise<{ readonly url: string }> = MockServer.start()
export const memory = TestAuthlete.layerMemory
// the deprecated paths keep their types
export const oldMemory: typeof TestAuthlete.layerMemory = DeprecatedTestAuthlete.layerMemory
export const oldStart: typeof MockServer.start = DeprecatedMockServer.start

// each package's declarations are really read (with \`any\` types, these would not be errors)
// @ts-expect-error grantType is required and must be a grant type
export const wrong = TokenManagement.create({ grantType: "NOT_A_GRANT" })
// @ts-expect-error baseUrl is a string
export const wrongLayer = NodeAuthlete.layer({ baseUrl: 42 })
// @ts-expect-error the options are an object
export const wrongServer = MockServer.start(42)
`

// What a layerMemory user writes, with only @effect-authlete/emulator installed.
const memoryMjs = `
import { TokenManagement } from "@effect-authlete/core"
import { AuthleteEmulator, TestAuthlete } from "@effect-authlete/emulator"
import { Effect } from "effect"

const program = Effect.gen(function*() {
  const { clientId } = (yield* AuthleteEmulator.AuthleteEmulator).defaults
  const created = yield* TokenManagement.create({ grantType: "CLIENT_CREDENTIALS", clientId })
  const page = yield* TokenManagement.list({ clientIdentifier: String(clientId) })
  return { action: created.action, totalCount: page.totalCount }
})
console.log(JSON.stringify(await Effect.runPromise(Effect.provide(program, TestAuthlete.layerMemory()))))
`

const work = mkdtempSync(join(tmpdir(), "effect-authlete-pack-"))

/** A fresh folder where npm installs only these tarballs (a package's own dependencies that npm cannot fetch). */
const installAlone = (name, names, tarballs) => {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }))
  const args = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
  run("npm", [...args, ...names.map((name) => tarballs[name].path)], dir, 120)
  return dir
}

/** Starts a bin on a free port, reads its ready line, asks `/health`, and stops it. */
const healthOfBin = (bin, cwd) =>
  new Promise((resolve, reject) => {
    const child = spawn(bin, ["--port", "0", "--log-format", "json"], { cwd, stdio: ["ignore", "pipe", "pipe"] })
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    let stdout = ""
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`authlete-emulator exited ${code} before answering:\n${stdout}\n${stderr}`))
    })
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      const ready = /^(\{"event":"ready".*)$/m.exec(stdout)
      if (ready === null) return
      child.stdout.removeAllListeners("data")
      fetch(`${JSON.parse(ready[1]).env.AUTHLETE_BASE_URL}/health`).then((response) => response.json()).then(
        (body) => {
          child.removeAllListeners("exit")
          clearTimeout(timer)
          child.kill("SIGTERM")
          resolve(body)
        },
        (error) => child.kill("SIGKILL") && reject(error)
      )
    })
  })
const project = join(work, "consumer")

try {
  const { tarballs } = packTarballs(log)
  const sizes = Object.fromEntries(
    packages.map((name) => [name, { tarball: tarballs[name].path.split("/").at(-1), bytes: tarballs[name].bytes }])
  )

  log("npm install of the tarballs into a fresh project")
  mkdirSync(project)
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
  const registryDeps = [
    ...["effect", "@effect/platform", "@effect/platform-node"].map((name) => `${name}@${versionOf(name)}`),
    `@effect/cli@${versionOf("@effect/cli", join(root, "packages", "cli"))}`
  ]
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...packages.map((name) => tarballs[name].path),
      ...registryDeps
    ],
    project,
    120
  )
  for (const name of packages) {
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", "@effect-authlete", name, "package.json"), "utf8")
    )
    if (JSON.stringify(manifest).includes("workspace:")) throw new Error(`${name}: a workspace: range was packed`)
    if (manifest.exports["."].default !== "./dist/index.js") throw new Error(`${name}: packed exports do not use dist`)
  }

  log("type-check a TypeScript consumer against the packed declarations")
  writeFileSync(join(project, "check.ts"), consumerTs)
  writeTsconfig(project, {}, { files: ["check.ts"] })
  tsc(project)

  log("run the ESM program with plain node")
  writeFileSync(join(project, "program.mjs"), programMjs)
  const output = run(process.execPath, ["program.mjs"], project, 60).trim().split("\n").at(-1)
  const result = JSON.parse(output)
  if (result.ok !== true) throw new Error(`the program reported: ${output}`)

  log("run the packed bin: authlete-tokens list --emulator")
  const listed = JSON.parse(
    run(
      join(project, "node_modules", ".bin", "authlete-tokens"),
      ["list", "--emulator", "--format", "json"],
      project,
      60
    )
  )
  if (!Array.isArray(listed) || listed.length === 0) throw new Error(`the bin listed: ${JSON.stringify(listed)}`)
  const bin = { listed: listed.length }

  log("the emulator alone: npm i @effect-authlete/emulator")
  const emulatorAlone = installAlone("emulator-alone", ["core", "emulator"], tarballs)
  const pulled = ["@effect/cli", "@effect/printer", "@effect/printer-ansi", "@effect/platform-node", "@effect/vitest"]
    .filter((name) => existsSync(join(emulatorAlone, "node_modules", name)))
  if (pulled.length > 0) throw new Error(`npm i @effect-authlete/emulator installed ${pulled.join(", ")}`)
  writeFileSync(join(emulatorAlone, "memory.mjs"), memoryMjs)
  const memory = JSON.parse(run(process.execPath, ["memory.mjs"], emulatorAlone, 60).trim().split("\n").at(-1))
  if (memory.action !== "OK" || memory.totalCount !== 1) {
    throw new Error(`layerMemory answered ${JSON.stringify(memory)}`)
  }

  log("the emulator-server alone: npm i @effect-authlete/emulator-server, then its bin")
  const serverAlone = installAlone("emulator-server-alone", ["core", "emulator", "emulator-server"], tarballs)
  // the bin is one bundled file: what only it uses (the CLI, the printers, platform-node) is not installed
  const pulledByServer = ["@effect/cli", "@effect/printer", "@effect/printer-ansi", "@effect/platform-node"]
    .filter((name) => existsSync(join(serverAlone, "node_modules", name)))
  if (pulledByServer.length > 0) {
    throw new Error(`npm i @effect-authlete/emulator-server installed ${pulledByServer.join(", ")}`)
  }
  // the control: the same look-up does find a package the server depends on
  if (!existsSync(join(serverAlone, "node_modules", "@effect-authlete/emulator"))) {
    throw new Error("the look-up for installed packages is blind")
  }
  const health = await healthOfBin(join(serverAlone, "node_modules", ".bin", "authlete-emulator"), serverAlone)
  if (health.status !== "ok") throw new Error(`authlete-emulator /health answered ${JSON.stringify(health)}`)
  // `npx @effect-authlete/emulator-server` runs the package's only bin
  const npxVersion = run("npx", ["--no-install", "@effect-authlete/emulator-server", "--version"], serverAlone, 60)
  if (npxVersion.trim() !== manifestOf("emulator-server").version) {
    throw new Error(`npx @effect-authlete/emulator-server --version printed ${JSON.stringify(npxVersion)}`)
  }

  console.log(
    JSON.stringify({
      ok: true,
      seconds: (Date.now() - started) / 1000,
      program: result,
      bin,
      emulatorAlone: { pulled, ...memory },
      serverAlone: { health: health.status },
      packages: sizes
    })
  )
} finally {
  if (keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
