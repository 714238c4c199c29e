/**
 * Runs a TypeScript entry in a real Chromium: bundled by esbuild, served from an `http://localhost:<port>` origin (a
 * fetch from `about:blank` to loopback is refused), driven by playwright-core. Every resource is scoped: the browser,
 * its profile directory and the static server go away whatever happens. Shared by both editions (the Effect 4 edition
 * links to this file): it uses only what Effect 3 and Effect 4 both have.
 */
import { Data, Effect } from "effect"
import * as esbuild from "esbuild"
import { realpathSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import type * as Http from "node:http"
import { tmpdir } from "node:os"
import { dirname, join, sep } from "node:path"
import { chromium } from "playwright-core"
import { rawServer } from "../../../platform-node/test/utils/rawServer.js"

export const skipBrowserTests = process.env.SKIP_BROWSER_TESTS === "1"

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium"

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

/** Answers CORS preflights itself and lets every answer of `handler` be read cross-origin. */
export const withCors = (handler: Http.RequestListener): Http.RequestListener => (request, response) => {
  response.setHeader("access-control-allow-origin", "*")
  if (request.method === "OPTIONS") {
    request.resume()
    response.writeHead(204, {
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": "authorization, accept, content-type"
    })
    response.end()
    return
  }
  handler(request, response)
}

export class BrowserTestError extends Data.TaggedError("BrowserTestError")<{ readonly message: string }> {}

const attempt = <A>(what: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (cause) => new BrowserTestError({ message: `${what}: ${String(cause)}` }) })

/**
 * Resolution as the edition's vitest does it: our files are read where they are reached, links included
 * (`preserveSymlinks`), and every package our sources import resolves from the entry's folder (so a link into the
 * Effect 3 tree gets the importing edition's `effect` and core, once). A third-party package is read at its real path,
 * where pnpm puts its dependencies, so that each is bundled once.
 */
const onePathPerPackage = (entry: string): esbuild.Plugin => ({
  name: "one-path-per-package",
  setup(build) {
    const home = dirname(entry)
    const inNodeModules = (path: string) => path.includes(`${sep}node_modules${sep}`)
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "resolved" || args.importer === "") return undefined
      const realDir = realpathSync(args.resolveDir)
      const resolveDir = inNodeModules(realDir) ? realDir : home
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: "resolved" })
      if (resolved.errors.length > 0 || resolved.external || !resolved.path) return resolved
      const real = realpathSync(resolved.path)
      return inNodeModules(real) ? { ...resolved, path: real } : resolved
    })
  }
})

/** The entry and everything it imports, as one ES module. */
export const bundle = (entry: string) =>
  Effect.map(
    attempt("esbuild", () =>
      esbuild.build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        target: "es2022",
        preserveSymlinks: true,
        plugins: [onePathPerPackage(entry)],
        logLevel: "silent"
      })),
    (result) => result.outputFiles[0].text
  )

/**
 * A page running `script`, served on `http://localhost:<port>/`. `config` is embedded in the page as JSON (element
 * `#config`) rather than in the URL, so that no value of it can show up in a navigation error.
 */
export const servePage = (script: string, config: unknown) => {
  const json = JSON.stringify(config).replace(/</g, "\\u003c")
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body>` +
    `<script type="application/json" id="config">${json}</script>` +
    `<script type="module" src="/page.js"></script></body></html>`
  const handler: Http.RequestListener = (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname
    const [type, body] = path === "/" ? ["text/html", html] : path === "/page.js" ? ["text/javascript", script] : []
    response.writeHead(body === undefined ? 404 : 200, { "content-type": `${type ?? "text/plain"}; charset=utf-8` })
    response.end(body ?? "not found")
  }
  // Same port, other host name: the page's origin must be `localhost`, the mock server's is `127.0.0.1`.
  return Effect.map(rawServer(handler), ({ url }) => `${url.replace("127.0.0.1", "localhost")}/`)
}

/** A headless Chromium with a fresh profile, closed (and the profile removed) when the scope closes. */
export const launchChromium = Effect.acquireRelease(
  attempt("mkdtemp", () => mkdtemp(join(tmpdir(), "effect-authlete-chromium-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
).pipe(
  Effect.flatMap((userDataDir) =>
    Effect.acquireRelease(
      attempt("launch chromium", () =>
        chromium.launchPersistentContext(userDataDir, {
          executablePath,
          headless: true,
          args: flags,
          timeout: 30_000
        })),
      (context) => Effect.promise(() => context.close().catch(() => undefined))
    )
  )
)

/**
 * Opens `url` and waits (at most `timeoutMillis`) for the page to set `window.__result`, a JSON text: that value, and
 * every line the page wrote to its console. Uncaught page errors are part of the failure message.
 */
export const runPage = (url: string, timeoutMillis: number) =>
  Effect.gen(function*() {
    const context = yield* launchChromium
    const page = yield* attempt("new page", () => context.newPage())
    const pageErrors: Array<string> = []
    const consoleLines: Array<string> = []
    page.on("pageerror", (error) => pageErrors.push(error.message))
    page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`))
    const text = yield* attempt("run page", async () => {
      await page.goto(url, { timeout: timeoutMillis })
      const handle = await page.waitForFunction(() => (window as { __result?: string }).__result, null, {
        timeout: timeoutMillis
      })
      return String(await handle.jsonValue())
    }).pipe(
      Effect.mapError((error) =>
        new BrowserTestError({ message: [error.message, ...pageErrors.map((e) => `page error: ${e}`)].join("\n") })
      )
    )
    return { result: JSON.parse(text) as unknown, console: consoleLines }
  })
