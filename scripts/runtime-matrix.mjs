#!/usr/bin/env node
// The runtime matrix: the packed packages, installed with npm into a fresh folder, run the smoke program
// (scripts/runtimes/smoke.ts: the six operations and listStream) on Node 20/22/24, Deno 2 and Bun 1 through both
// layers (NodeAuthlete, BrowserAuthlete), and in Cloudflare's workerd through the browser layer, each against the
// packed test kit's mock server, started here on 127.0.0.1. The Effect 4 edition's packed packages run the same
// program on Node 22/24, Deno, Bun and workerd (runs named `e4-node22`, …; the edition needs Node >= 22.19). Every
// run, of either edition, must give the same summary.
//
// The runtimes come from npm (`npx -y node@22`, `deno`, `bun`, `workerd`); the first run downloads them (~250 MB)
// into npm's cache. Node, Deno and Bun run the program unbundled, importing the installed packages as a user's program
// does; workerd, which has no module resolution, runs an esbuild bundle of it.
//
// Usage: node scripts/runtime-matrix.mjs [--only node22,bun,e4-deno,...] [--keep]. Prints a table on stderr and one JSON line
// `{"ok":…,"runs":[…]}` on stdout; exits 1 when a run fails or differs.
import { spawn } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { editions, freePort, logger, packTarballs, root, run, runAsync, startMockServer } from "./lib/pack.mjs"

const log = logger("runtime-matrix")
const started = Date.now()
const keep = process.argv.includes("--keep")
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : undefined

/** Node-like runtimes: how to run a module file with arguments. */
const runtimes = {
  node20: { command: process.execPath, args: [] },
  node22: { command: "npx", args: ["-y", "node@22"] },
  node24: { command: "npx", args: ["-y", "node@24"] },
  deno: { command: "npx", args: ["-y", "deno", "run", "--allow-all"] },
  bun: { command: "npx", args: ["-y", "bun"] }
}

/**
 * What each edition's project installs (the README's Node and browser lines, tarballs for our names) and where it
 * runs: the Effect 4 edition needs Node >= 22.19. Its runs are named `e4-<runtime>`. The Effect 3 project is always
 * installed: the mock server is its emulator-server's.
 */
const editionRuns = [
  {
    edition: editions.effect3,
    prefix: "",
    ours: ["core", "platform-node", "platform-browser", "emulator", "emulator-server"],
    theirs: [
      "effect@^3.22",
      "@effect/platform@^0.97",
      "@effect/platform-node@^0.108",
      "@effect/platform-browser@^0.77"
    ],
    runtimes: ["node20", "node22", "node24", "deno", "bun", "workerd"]
  },
  {
    edition: editions.effect4,
    prefix: "e4-",
    ours: ["core", "platform-node", "platform-browser"],
    theirs: ["effect@^4.1", "@effect/platform-node@^4.1"],
    runtimes: ["node22", "node24", "deno", "bun", "workerd"]
  }
]
const runNames = editionRuns.flatMap(({ prefix, runtimes }) => runtimes.map((name) => `${prefix}${name}`))
const unknown = (only ?? []).filter((name) => !runNames.includes(name))
if (unknown.length > 0) throw new Error(`--only: no run named ${unknown.join(", ")} (runs: ${runNames.join(", ")})`)
const selected = (prefix, name) => only === undefined || only.includes(`${prefix}${name}`)

/** Runs workerd on a config until `f` is done with it. */
const withWorkerdServer = async (dir, port, f) => {
  const child = spawn("npx", ["-y", "workerd", "serve", join(dir, "config.capnp")], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout.on("data", (chunk) => output += chunk)
  child.stderr.on("data", (chunk) => output += chunk)
  try {
    const deadline = Date.now() + 120_000
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/`, { method: "HEAD" }).then(() => true, () => false)
      if (up) break
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`workerd did not start:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    return await f()
  } finally {
    process.kill(-child.pid, "SIGKILL")
  }
}

const workerdConfig = (port) =>
  `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    # loopback is "local": workerd's default outbound reaches only public addresses
    (name = "loopback", network = (allow = ["local", "private", "public"]))
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback"
);
`

/** A summary with the run's own subject replaced, so that runs compare equal. */
const normalized = (summary, subject) => JSON.parse(JSON.stringify(summary).replaceAll(subject, "<subject>"))

const work = mkdtempSync(join(tmpdir(), "effect-authlete-runtimes-"))
let server

/** A project with an edition's packed packages installed and the smoke program compiled next to them. */
const prepare = async ({ edition, ours, theirs }) => {
  const project = join(work, edition.name)
  const { tarballs } = packTarballs(log, edition)
  mkdirSync(join(project, "smoke"), { recursive: true })
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "runtime-matrix", private: true, type: "module" })
  )
  log(`npm install of the ${edition.name} tarballs (the README's Node and browser lines)`)
  run(
    "npm",
    [
      "i",
      ...ours.map((name) => tarballs[name].path),
      ...theirs,
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error"
    ],
    project,
    180
  )

  // The smoke program next to the installed packages, so that its imports resolve to them.
  for (const file of ["smoke.ts", "cli.ts", "worker.ts"]) {
    copyFileSync(join(root, "scripts", "runtimes", file), join(project, "smoke", file))
  }
  copyFileSync(
    join(root, "packages", "platform-browser", "test", "fixtures", "program.ts"),
    join(project, "smoke", "program.ts")
  )
  const smokeTs = join(project, "smoke", "smoke.ts")
  writeFileSync(
    smokeTs,
    readFileSync(smokeTs, "utf8").replace("../../packages/platform-browser/test/fixtures/program.js", "./program.js")
  )
  const esbuild = await import("esbuild")
  log(`compile the smoke program for ${edition.name} (unbundled for Node, Deno and Bun; one bundle for workerd)`)
  await esbuild.build({
    entryPoints: [
      join(project, "smoke", "cli.ts"),
      join(project, "smoke", "smoke.ts"),
      join(project, "smoke", "program.ts")
    ],
    outdir: project,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    platform: "node",
    logLevel: "error"
  })
  for (const file of ["cli.mjs", "smoke.mjs"]) {
    const path = join(project, file)
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(/from "\.\/(\w+)\.js"/g, "from \"./$1.mjs\""))
  }
  await esbuild.build({
    entryPoints: [join(project, "smoke", "worker.ts")],
    outfile: join(project, "worker.mjs"),
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "error"
  })
  return project
}

try {
  const projects = []
  for (const entry of editionRuns) {
    // the Effect 3 project is always there: the mock server is its emulator-server's
    if (entry.edition === editions.effect3 || entry.runtimes.some((name) => selected(entry.prefix, name))) {
      projects.push({ ...entry, project: await prepare(entry) })
    }
  }

  log("start the packed mock server")
  server = await startMockServer(projects[0].project)
  const base = { url: server.url, bearer: server.bearer, serviceId: server.serviceId, clientId: server.clientId }

  const runs = []
  const record = (name, layer, subject, started, outcome) => {
    const seconds = (Date.now() - started) / 1000
    runs.push({
      runtime: name,
      layer,
      seconds,
      ok: outcome.ok === true,
      version: outcome.runtime,
      ...(outcome.ok === true ? { summary: normalized(outcome.summary, subject) } : { error: outcome.error })
    })
    log(`${name} ${layer}: ${outcome.ok === true ? "ok" : `FAILED ${outcome.error}`} (${seconds.toFixed(1)}s)`)
  }
  for (const { prefix, project, runtimes: names } of projects) {
    for (const runtimeName of names.filter((name) => selected(prefix, name))) {
      const name = `${prefix}${runtimeName}`
      if (runtimeName === "workerd") {
        const port = await freePort()
        writeFileSync(join(project, "config.capnp"), workerdConfig(port))
        const subject = `${name}-browser`
        const t0 = Date.now()
        const outcome = await withWorkerdServer(project, port, () =>
          fetch(`http://127.0.0.1:${port}/`, {
            method: "POST",
            body: JSON.stringify({ ...base, subject, layer: "browser" })
          }).then((response) => response.json())).catch((error) => ({ ok: false, error: String(error) }))
        const version = run("npx", ["-y", "workerd", "--version"], project, 60).trim()
        record(name, "browser", subject, t0, { ...outcome, runtime: version })
        continue
      }
      const runtime = runtimes[runtimeName]
      for (const layer of ["node", "browser"]) {
        const subject = `${name}-${layer}`
        const t0 = Date.now()
        const outcome = await runAsync(
          runtime.command,
          [...runtime.args, "cli.mjs", JSON.stringify({ ...base, subject, layer })],
          project,
          180
        ).then(
          (stdout) => JSON.parse(stdout.trim().split("\n").at(-1)),
          (error) => ({ ok: false, error: error.message.slice(0, 2000) })
        )
        record(name, layer, subject, t0, outcome)
      }
    }
  }

  // Every run must match the first one (Node 20 through the Node layer, when it ran).
  const reference = runs.find((entry) => entry.ok)?.summary
  for (const entry of runs) {
    if (entry.ok && JSON.stringify(entry.summary) !== JSON.stringify(reference)) {
      entry.ok = false
      entry.error = `summary differs: ${JSON.stringify(entry.summary)}`
    }
  }
  const ok = runs.length > 0 && runs.every((entry) => entry.ok)
  console.log(JSON.stringify({
    ok,
    seconds: (Date.now() - started) / 1000,
    reference,
    runs: runs.map(({ summary: _, ...entry }) => entry)
  }))
  if (!ok) process.exitCode = 1
} finally {
  await server?.close()
  if (keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
