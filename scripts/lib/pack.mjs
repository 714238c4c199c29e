// What the checks that install the packed packages share: running a command with a deadline, pnpm, and the
// tarballs themselves, built and packed once per state of the packages' sources (later checks reuse them).
import { execFile, execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join, relative } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

export const root = fileURLToPath(new URL("../..", import.meta.url))
export const packages = ["core", "platform-node", "platform-browser", "emulator", "emulator-server", "test-kit", "cli"]

/** The two workspaces that publish: the Effect 3 packages at the root, the Effect 4 edition in editions/effect4. */
export const editions = {
  effect3: { name: "effect3", dir: root, packages, build: () => pnpm(["run", "build"], root, 150) },
  effect4: {
    name: "effect4",
    dir: join(root, "editions", "effect4"),
    packages: ["core", "platform-node", "platform-browser", "emulator", "test-kit"],
    // installs the edition from its lockfile first when it is not installed
    build: () => run(process.execPath, [join(root, "scripts", "effect4.mjs"), "build"], root, 300)
  }
}

/** A logger prefixed with the script's name and the seconds since it started. */
export const logger = (name) => {
  const started = Date.now()
  return (message) => console.error(`[${name} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`)
}

const optionsOf = (cwd, timeoutSeconds, env) => ({
  cwd,
  encoding: "utf8",
  timeout: timeoutSeconds * 1000,
  killSignal: "SIGKILL",
  maxBuffer: 64 * 1024 * 1024,
  env: {
    ...process.env,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    ...env
  }
})

const failure = (command, args, cwd, error) =>
  new Error(
    `${command} ${args.join(" ")} (in ${cwd}) failed: ${error.message}\n${error.stdout ?? ""}\n${error.stderr ?? ""}`
  )

/** Runs a command, failing with its output when it fails or outlives `timeoutSeconds`. */
export const run = (command, args, cwd, timeoutSeconds, env = {}) => {
  try {
    return execFileSync(command, args, { ...optionsOf(cwd, timeoutSeconds, env), stdio: ["ignore", "pipe", "pipe"] })
  } catch (error) {
    throw failure(command, args, cwd, error)
  }
}

/** `run` without blocking this process's event loop (a server in it keeps answering). Resolves to the stdout. */
export const runAsync = (command, args, cwd, timeoutSeconds, env = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(command, args, optionsOf(cwd, timeoutSeconds, env), (error, stdout, stderr) =>
      error ? reject(failure(command, args, cwd, Object.assign(error, { stdout, stderr }))) : resolve(stdout))
    child.stdin?.end()
  })

// the pnpm running us (`pnpm test`, `pnpm pack:check`), else pnpm 10 through npx
const pnpmCommand = /pnpm/.test(process.env.npm_execpath ?? "")
  ? [process.execPath, [process.env.npm_execpath]]
  : ["npx", ["-y", "pnpm@10"]]
export const pnpm = (args, cwd, timeoutSeconds) =>
  run(pnpmCommand[0], [...pnpmCommand[1], ...args], cwd, timeoutSeconds)

/** A port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** The seed of the READMEs' examples: their service and client IDs. */
export const readmeSeed = {
  emulator: {
    service: { serviceId: "715948317", scopes: ["openid", "history.read", "timeline.read"] },
    client: { clientId: 26888344961664 }
  }
}

/** Starts the mock server of the emulator-server installed in `project` (its `MockServer.start`). */
export const startMockServer = async (project, options) => {
  const MockServer = await import(
    pathToFileURL(join(project, "node_modules", "@effect-authlete", "emulator-server", "dist", "MockServer.js")).href
  )
  return MockServer.start(options)
}

export const manifestOf = (name, dir = root) =>
  JSON.parse(readFileSync(join(dir, "packages", name, "package.json"), "utf8"))

/** The version the workspace (or one of its packages, `dir`) installed of a dependency. */
export const versionOf = (name, dir = root) =>
  JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version

/**
 * Writes the tsconfig.json of a consumer project: the strictest settings a user of ours may have, NodeNext, no emit.
 * `extra` adds to the compiler options; `files` or `include` say what to check.
 */
export const writeTsconfig = (cwd, extra, inputs) =>
  writeFileSync(
    join(cwd, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        lib: ["ES2022", "DOM"],
        types: [],
        noEmit: true,
        skipLibCheck: true,
        ...extra
      },
      ...inputs
    })
  )

/** The workspace's TypeScript compiler, run in `cwd` on its tsconfig.json. */
export const tsc = (cwd, timeoutSeconds = 90) =>
  run(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"],
    cwd,
    timeoutSeconds
  )

const tmp = join(root, ".tmp")

/** Runs `f` holding a per-checkout lock: a second build would empty the dist/ the first is packing. */
const withLock = (f) => {
  const lock = join(tmp, "pack.lock")
  mkdirSync(tmp, { recursive: true })
  const deadline = Date.now() + 300_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if (error.code !== "EEXIST") throw error
      // a lock older than the longest build is left over from a killed run
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`another build holds ${lock}`)
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
    }
  }
  try {
    return f()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Every file that ends up in a tarball or decides what goes in it. */
const inputsOf = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      return ["node_modules", "dist", "build", "docs", "test", ".tsbuildinfo"].includes(entry.name)
        ? []
        : inputsOf(path)
    }
    return [path]
  })

// the edition's sources include links to the root's files: reading follows them, so the hash covers their contents
const fingerprint = ({ dir, packages }) => {
  const hash = createHash("sha256")
  const files = [
    join(dir, "tsconfig.base.json"),
    join(dir, "tsconfig.build.json"),
    ...packages.flatMap((name) => inputsOf(join(dir, "packages", name)))
  ]
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0")
  }
  return hash.digest("hex").slice(0, 16)
}

/**
 * Builds and packs an edition's packages (the Effect 3 ones by default), or reuses the tarballs packed from the same
 * sources. Returns their directory and, per package, the tarball's path and size.
 */
export const packTarballs = (log, edition = editions.effect3) =>
  withLock(() => {
    const { packages } = edition
    const dir = join(tmp, "packed", `${edition.name}-${fingerprint(edition)}`)
    const tarballOf = (name) => join(dir, `effect-authlete-${name}-${manifestOf(name, edition.dir).version}.tgz`)
    let reused = true
    try {
      for (const name of packages) statSync(tarballOf(name))
    } catch {
      reused = false
      // this edition's tarballs of other sources go, unless recent: a check started before an edit may still be
      // installing them (the other edition's stay: the next check may reuse them)
      mkdirSync(join(tmp, "packed"), { recursive: true })
      for (const old of readdirSync(join(tmp, "packed")).filter((name) => name.startsWith(`${edition.name}-`))) {
        const path = join(tmp, "packed", old)
        if (Date.now() - statSync(path).mtimeMs > 600_000) rmSync(path, { recursive: true, force: true })
      }
      log(`pnpm build (${edition.name})`)
      edition.build()
      log(`pnpm pack (${edition.name})`)
      const staging = `${dir}.staging`
      pnpm(["-r", "--filter", "./packages/*", "pack", "--pack-destination", staging], edition.dir, 60)
      renameSync(staging, dir)
    }
    if (reused) log(`reusing the tarballs packed from these sources (${dir})`)
    return {
      dir,
      tarballs: Object.fromEntries(
        packages.map((name) => [name, { path: tarballOf(name), bytes: statSync(tarballOf(name)).size }])
      )
    }
  })
