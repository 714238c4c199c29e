#!/usr/bin/env node
// The registry proof (issue #20): both editions published to a throwaway npm registry, then installed the way the
// README says, in fresh folders, by plain npm, and the README's first runnable example run against the mock server.
//
// 1. Verdaccio (pinned, through npx) on 127.0.0.1, config and storage in a temp dir: `@effect-authlete/*` is served
//    only from its storage (never proxied), everything else proxies registry.npmjs.org.
// 2. The packed tarballs, Effect 3 first (the release the pending changesets make: root versions bumped as
//    `changeset version` would), then the Effect 4 edition, each with `npm publish` under its `publishConfig.tag`;
//    then the dist-tags must be latest → 1.x, effect3 → 0.x.
// 3. Fresh folders, each with only a `.npmrc` naming the local registry: the README's Effect 3 lines on Node 20 (the
//    mock server comes from the emulator-server they install), the README's Effect 4 lines on Node 22, and the bare
//    `npm i @effect-authlete/platform-node effect` on Node 22; the README's first `ts run` block runs in each.
//
// npm reads no user or global config here (both point at files in the temp dir) and publishes only to the loopback
// registry. Every command but the build runs asynchronously, so that a signal is handled at once (registry stopped,
// temp dir removed). Usage: node scripts/registry-install.mjs [--keep]. Prints a summary on stderr and one JSON line
// on stdout; exits 1 on any failure.
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, dirname, join } from "node:path"
import {
  editions,
  freePort,
  logger,
  manifestOf,
  packTarballs,
  readmeSeed,
  root,
  runAsync,
  startMockServer
} from "./lib/pack.mjs"

// 6.10 wants Node 22; this script runs on the machine's Node 20
const verdaccio = "verdaccio@6.8.0"
const bareLine = "npm i @effect-authlete/platform-node effect"

const log = logger("registry-install")
const started = Date.now()
const keep = process.argv.includes("--keep")

// ---- the README (read before anything is created, so that a README without the blocks leaves nothing behind) ----

const readme = readFileSync(join(root, "README.md"), "utf8")
const fences = [...readme.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map(([, lang, flags, code]) => ({
  lang,
  flags: flags.trim().split(/\s+/),
  code
}))
const installLines = (effect4) =>
  fences.filter(({ flags, lang }) => lang === "sh" && flags.includes("effect4") === effect4)
    .flatMap(({ code }) => code.split("\n").filter((line) => line.startsWith("npm i ")))
    .filter((line) => line.includes("@effect-authlete/"))
const lines = { effect3: installLines(false), effect4: installLines(true) }
const example = fences.find(({ flags, lang }) => lang === "ts" && flags.includes("run"))?.code
if (lines.effect3.length === 0 || lines.effect4.length === 0 || example === undefined) {
  throw new Error("README.md: no Effect 3 install lines, no `sh effect4` block or no `ts run` block")
}

// ---- the temp dir and the registry process, removed and stopped however the script ends ----

const work = mkdtempSync(join(tmpdir(), "effect-authlete-registry-"))
let registry
let registryOutput = ""
let server

const stopRegistry = () => {
  if (registry?.exitCode === null) {
    try {
      process.kill(-registry.pid, "SIGKILL")
    } catch {
      // already gone
    }
  }
}
const cleanUp = () => {
  stopRegistry()
  if (keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    log(`${signal}: stopping the registry and removing ${work}`)
    cleanUp()
    process.exit(1)
  })
}
process.once("exit", stopRegistry)

// The npm configuration a launcher passes down in the environment (`pnpm run` and `npx` set `npm_config_registry`,
// which outranks any .npmrc): dropped, but for where this machine keeps npm's cache, its CA file and Node's headers,
// and the quiet defaults every command here is given (lib/pack.mjs).
const keptFromLauncher = new Set([
  "npm_config_cache",
  "npm_config_cafile",
  "npm_config_nodedir",
  "npm_config_node_gyp",
  "npm_config_update_notifier",
  "npm_config_fund",
  "npm_config_audit"
])
const launcherConfig = Object.keys(process.env).filter((key) =>
  /^npm_config_/i.test(key) && !keptFromLauncher.has(key.toLowerCase())
)

/** npm sees only these files: no user or global config (tokens, another registry) is read or written. */
const npmEnv = {
  ...Object.fromEntries(launcherConfig.map((key) => [key, undefined])), // an undefined value is not passed on
  npm_config_userconfig: join(work, "user.npmrc"),
  npm_config_globalconfig: join(work, "global.npmrc")
}

// ---- the release: versions as the pending changesets make them ----

const bumps = ["patch", "minor", "major"]
/** The Effect 3 packages' versions after `changeset version`: one version for the `fixed` group, bumped once. */
const effect3Release = () => {
  const dir = join(root, ".changeset")
  const fixed = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).fixed.flat()
  let bump = -1
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".md") && name !== "README.md")) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), "utf8"))?.[1] ?? ""
    for (const [, name, kind] of front.matchAll(/^"?([^":]+)"?:\s*(\w+)/gm)) {
      if (fixed.includes(name)) bump = Math.max(bump, bumps.indexOf(kind))
    }
  }
  return Object.fromEntries(fixed.map((name) => {
    const [major, minor, patch] = manifestOf(name.replace("@effect-authlete/", "")).version.split(".").map(Number)
    // semver's bumps, as changesets applies them (at 0.x too: a minor gives 0.(x+1).0)
    const next = [
      `${major}.${minor}.${patch}`,
      `${major}.${minor}.${patch + 1}`,
      `${major}.${minor + 1}.0`,
      `${major + 1}.0.0`
    ][bump + 1]
    return [name, next]
  }))
}

/** Unpacks a tarball and sets its version and our dependencies' ranges to the release's; returns the folder. */
const releaseFolder = async (tarball, versions, into) => {
  mkdirSync(into, { recursive: true })
  await runAsync("tar", ["-xzf", tarball, "-C", into], work, 60)
  const dir = join(into, "package")
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  if (manifest.publishConfig?.registry !== undefined) {
    throw new Error(`${manifest.name}: publishConfig.registry would take precedence over the local registry`)
  }
  manifest.version = versions[manifest.name] ?? manifest.version
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (versions[name] !== undefined) manifest[field][name] = range.replace(/\d+\.\d+\.\d+/, versions[name])
    }
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2))
  return { dir, name: manifest.name, version: manifest.version, tag: manifest.publishConfig?.tag ?? "latest" }
}

// ---- the registry ----

const startRegistry = async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const config = join(work, "verdaccio.yaml")
  writeFileSync(
    config,
    `storage: ${join(work, "storage")}
auth:
  htpasswd:
    file: ${join(work, "htpasswd")}
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  "@effect-authlete/*":
    access: $all
    publish: $authenticated
  "**":
    access: $all
    publish: nobody
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: pretty, level: error }
`
  )
  registry = spawn("npx", ["-y", verdaccio, "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: work,
    detached: true,
    env: { ...process.env, ...npmEnv, npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  registry.stdout.on("data", (chunk) => registryOutput += chunk)
  registry.stderr.on("data", (chunk) => registryOutput += chunk)
  const deadline = Date.now() + 180_000
  for (;;) {
    if ((await fetch(`${url}-/ping`).then((response) => response.ok, () => false))) break
    if (registry.exitCode !== null || Date.now() > deadline) throw new Error("verdaccio did not start")
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  // a throwaway user of this registry only, for npm publish
  const response = await fetch(`${url}-/user/org.couchdb.user:ci`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "ci", password: "ci-local-only", type: "user", roles: [] })
  })
  const { token } = await response.json()
  if (!response.ok || typeof token !== "string") throw new Error(`verdaccio refused the user: ${response.status}`)
  return { url, token }
}

/** A fresh folder whose `.npmrc` names the local registry, and nothing else. */
const folder = (name, url, extra = "") => {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(join(dir, ".npmrc"), `registry=${url}\n${extra}`)
  return dir
}

const npmView = async (dir, what) => JSON.parse(await runAsync("npm", ["view", ...what, "--json"], dir, 60, npmEnv))

/** The installed version of a package in a folder, or "missing". */
const installed = (dir, name) => {
  try {
    return JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version
  } catch {
    return "missing"
  }
}

const checks = []
const check = (what, ok, detail) => {
  checks.push({ what, ok, detail })
  log(`${ok ? "ok  " : "FAIL"} ${what}${detail === undefined ? "" : `: ${detail}`}`)
}

try {
  // ---- pack and publish ----
  const release = effect3Release()
  const packed = {
    effect3: packTarballs(log, editions.effect3).tarballs,
    effect4: packTarballs(log, editions.effect4).tarballs
  }
  log(`start ${verdaccio} on 127.0.0.1`)
  const { token, url } = await startRegistry()
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) throw new Error(`not a loopback registry: ${url}`)
  const publisher = folder("publisher", url, `//${url.slice("http://".length)}:_authToken=${token}\n`)
  const published = []
  // Effect 3 first: `latest` must come from the tags, whatever came before
  for (const edition of ["effect3", "effect4"]) {
    const names = editions[edition].packages.filter((name) => name !== "cli") // a tool: no install line names it
    for (const name of names) {
      const versions = edition === "effect3" ? release : {} // the edition publishes its own versions
      const pkg = await releaseFolder(packed[edition][name].path, versions, join(work, "release", edition, name))
      log(`npm publish ${pkg.name}@${pkg.version} (tag ${pkg.tag})`)
      await runAsync(
        "npm",
        ["publish", pkg.dir, "--registry", url, "--ignore-scripts", "--loglevel=error"],
        publisher,
        120,
        npmEnv
      )
      published.push({ ...pkg, edition })
    }
  }

  // ---- what the registry says ----
  const distTags = {}
  for (const { edition, name, tag, version } of published) {
    distTags[name] ??= await npmView(publisher, [name, "dist-tags"])
    check(`${name} ${tag} is ${version} (${edition})`, distTags[name][tag] === version, JSON.stringify(distTags[name]))
  }
  // the scope is never proxied: a name we did not publish is unknown here, whatever npmjs has
  const proxied = await runAsync("npm", ["view", "@effect-authlete/cli", "version"], publisher, 60, npmEnv).then(
    (stdout) => `answered ${stdout.trim()}`,
    (error) => /E404/.test(error.message) ? "E404" : error.message
  )
  check("@effect-authlete/cli (not published here) is not proxied from npmjs", proxied === "E404", proxied)

  // ---- install as the README says, run its first example ----
  const node22 = dirname((await runAsync("npx", ["-y", "node@22", "-p", "process.execPath"], work, 180)).trim())
  const node20 = dirname(process.execPath)
  const exampleJs = (await import("esbuild")).transformSync(example, { loader: "ts", format: "esm" }).code
  const users = [
    { name: "effect3-readme", node: node20, lines: lines.effect3, edition: "effect3" },
    { name: "effect4-readme", node: node22, lines: lines.effect4, edition: "effect4" },
    { name: "effect4-bare", node: node22, lines: [bareLine], edition: "effect4" }
  ]
  const results = []
  for (const user of users) {
    const dir = folder(user.name, url)
    // the user's `node` and the `node` npm runs under
    const env = { ...npmEnv, PATH: `${user.node}${delimiter}${process.env.PATH}` }
    const nodeVersion = (await runAsync("node", ["--version"], dir, 30, env)).trim()
    for (const line of user.lines) {
      log(`${user.name} (node ${nodeVersion}): ${line}`)
      const t0 = Date.now()
      await runAsync("sh", ["-c", `${line} --no-audit --no-fund --loglevel=error`], dir, 300, env)
      log(`  ${((Date.now() - t0) / 1000).toFixed(1)}s`)
    }
    const versions = Object.fromEntries(
      ["@effect-authlete/platform-node", "@effect-authlete/core", "effect", "@effect/platform-node"]
        .map((name) => [name, installed(dir, name)])
    )
    const [ours, effect] = user.edition === "effect4" ? ["1.", "4."] : ["0.", "3."]
    check(
      `${user.name}: @effect-authlete ${ours}x with effect ${effect}x`,
      versions["@effect-authlete/platform-node"].startsWith(ours) &&
        versions["@effect-authlete/core"].startsWith(ours) &&
        versions.effect.startsWith(effect),
      JSON.stringify(versions)
    )
    if (server === undefined) {
      // the README's emulator-server line (Effect 3) gives the mock server, seeded with the README's IDs
      server = await startMockServer(dir, readmeSeed)
    }
    writeFileSync(join(dir, "example.mjs"), exampleJs)
    const before = server.stats().requests
    const ran = await runAsync("node", ["example.mjs"], dir, 60, {
      ...env,
      AUTHLETE_BASE_URL: server.url,
      AUTHLETE_BEARER: server.bearer,
      AUTHLETE_SERVICE_ID: server.serviceId
    }).then(() => undefined, (error) => error.message.split("\n").slice(0, 20).join("\n"))
    const calls = server.stats().requests - before
    check(
      `${user.name}: the README's first example runs on node ${nodeVersion}`,
      ran === undefined && calls >= 3,
      ran ?? `${calls} calls`
    )
    results.push({ folder: user.name, node: nodeVersion, lines: user.lines, versions, exampleCalls: calls })
  }
  const ok = checks.every((entry) => entry.ok)
  console.error(
    [
      "",
      `registry-install: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)}s`,
      ...Object.entries(distTags).map(([name, tags]) => `  ${name.padEnd(36)} ${JSON.stringify(tags)}`),
      ...results.map(({ folder, node, versions }) =>
        `  ${folder.padEnd(15)} node ${node.padEnd(9)} ${
          Object.entries(versions).map(([name, version]) => `${name}@${version}`).join(" ")
        }`
      ),
      ...checks.filter((entry) => !entry.ok).map(({ detail, what }) => `  FAILED ${what}: ${detail}`)
    ].join("\n")
  )
  console.log(JSON.stringify({ ok, seconds: (Date.now() - started) / 1000, distTags, installs: results }))
  if (!ok) process.exitCode = 1
} catch (error) {
  console.error(`registry-install: FAILED: ${error.stack ?? error}`)
  if (registryOutput !== "") console.error(`verdaccio's output:\n${registryOutput.slice(-4000)}`)
  process.exitCode = 1
} finally {
  await server?.close()
  cleanUp()
}
