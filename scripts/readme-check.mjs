#!/usr/bin/env node
// The READMEs, as a user follows them: their install lines run with plain npm in a fresh folder (the packed tarballs
// in place of the @effect-authlete packages, everything else from the registry at the ranges the line names), then
// every TypeScript block is type-checked against what was installed, and the blocks marked `run` run with plain Node
// against the packed test kit's mock server, the blocks marked `test` under the vitest the line installed.
//
// How a README marks its blocks (CONTRIBUTING.md, "README code blocks"):
//   ```sh           lines starting `npm i ` are install lines (`@effect-authlete/x@^0.2` installs the packed x)
//   ```sh effect4   the Effect 4 edition's lines: not run here (its packages are built in editions/effect4)
//   ```ts           type-checked as a module of its own
//   ```ts run       … and run with node, AUTHLETE_* pointing at a mock server seeded with the READMEs' IDs
//   ```ts test      … and run as a vitest test file
//   ```ts no-check  neither (code of another library)
//   <!-- prelude: … -->  right before a fence: code put before the block to make a fragment whole
//
// Usage: node scripts/readme-check.mjs [--keep]. Prints one JSON line `{"ok":true,...}` at the end.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  logger,
  packages,
  packTarballs,
  readmeSeed,
  root,
  run,
  runAsync,
  startMockServer,
  tsc,
  writeTsconfig
} from "./lib/pack.mjs"

const keep = process.argv.includes("--keep")
const started = Date.now()
const log = logger("readme-check")
// The CLI is a tool, not a library: its README has no install line for an app.
const readmes = ["README.md", ...packages.filter((name) => name !== "cli").map((name) => `packages/${name}/README.md`)]

/** The blocks of one README: `{ lang, flags, code, prelude, line }`. */
const blocksOf = (file) => {
  const lines = readFileSync(join(root, file), "utf8").split("\n")
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+)(.*)$/.exec(lines[i])
    if (fence === null) continue
    const end = lines.indexOf("```", i + 1)
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`)
    let prelude = ""
    if (lines[i - 1]?.endsWith("-->")) {
      const open = lines.findLastIndex((line, j) => j < i && line.startsWith("<!-- prelude:"))
      if (open < 0) throw new Error(`${file}:${i}: a comment before a block that is no prelude`)
      prelude = lines.slice(open, i).join("\n").replace(/^<!-- prelude:/, "").replace(/-->$/, "")
    }
    blocks.push({
      lang: fence[1],
      flags: fence[2].trim().split(/\s+/).filter(Boolean),
      code: lines.slice(i + 1, end).join("\n"),
      prelude,
      line: i + 1
    })
    i = end
  }
  return blocks
}

/** `npm i …` lines, with every non-@effect-authlete package pinned to a range (npm's `latest` of effect is 4). */
const installLinesOf = (file, blocks) =>
  blocks.filter((block) => block.lang === "sh" && !block.flags.includes("effect4")).flatMap((block) =>
    block.code.split("\n").filter((line) => line.startsWith("npm i ")).map((line) => {
      for (const spec of line.split(/\s+/).slice(2).filter((word) => !word.startsWith("-"))) {
        if (!spec.startsWith("@effect-authlete/") && !/^@?[^@]+@[\^~<>=\d]/.test(spec)) {
          throw new Error(`${file}: the install line names ${spec} without a version range: ${line}`)
        }
      }
      return line
    })
  )

const work = mkdtempSync(join(tmpdir(), "effect-authlete-readme-"))
const project = join(work, "project")
let server

try {
  const all = readmes.map((file) => ({ file, blocks: blocksOf(file) }))
  const lines = [...new Set(all.flatMap(({ blocks, file }) => installLinesOf(file, blocks)))]
  if (lines.length === 0) throw new Error("no install line in the READMEs")

  const { tarballs } = packTarballs(log)
  mkdirSync(project)
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme-user", private: true, type: "module" }))
  for (const line of lines) {
    log(line)
    const args = line.split(/\s+/).slice(1).map((word) => {
      const name = /^@effect-authlete\/([a-z-]+)(?:@[\^~<>=\d][^\s]*)?$/.exec(word)?.[1]
      return name === undefined ? word : tarballs[name].path
    })
    run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project, 180)
  }
  const installed = (name) =>
    JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version
  const versions = Object.fromEntries(
    ["effect", "@effect/platform", "@effect/platform-node", "@effect/platform-browser", "@effect/vitest", "vitest"]
      .map((name) => [name, installed(name)])
  )
  if (!versions.effect.startsWith("3.")) throw new Error(`the install lines gave effect ${versions.effect}`)

  log("type-check every ts block")
  mkdirSync(join(project, "blocks"))
  const files = []
  for (const { blocks, file } of all) {
    blocks.forEach((block, index) => {
      if (block.lang !== "ts" || block.flags.includes("no-check")) return
      const name = `${
        file.replace(/\/?README\.md$/, "").replace(/^packages\//, "") || "root"
      }-${index}-line${block.line}`
      const path = `blocks/${name}${block.flags.includes("test") ? ".test" : ""}.ts`
      writeFileSync(join(project, path), `${block.prelude.trim()}\n${block.code}\nexport {}\n`)
      files.push({ ...block, file, path })
    })
  }
  // @types/node of the workspace: the blocks are Node programs, and a Node project has it
  writeTsconfig(project, { typeRoots: [join(root, "node_modules", "@types")], types: ["node"] }, {
    include: ["blocks"]
  })
  tsc(project)

  log("start the packed mock server, seeded with the READMEs' service and client")
  server = await startMockServer(project, readmeSeed)
  const env = { AUTHLETE_BASE_URL: server.url, AUTHLETE_BEARER: server.bearer, AUTHLETE_SERVICE_ID: server.serviceId }

  const esbuild = await import("esbuild")
  const ran = []
  for (const block of files.filter(({ flags }) => flags.includes("run"))) {
    log(`run ${block.file}:${block.line}`)
    const outfile = join(project, block.path.replace(/\.ts$/, ".mjs"))
    await esbuild.build({ entryPoints: [join(project, block.path)], outfile, format: "esm", logLevel: "error" })
    await runAsync(process.execPath, [outfile], project, 60, env)
    ran.push(`${block.file}:${block.line}`)
  }
  const tests = files.filter(({ flags }) => flags.includes("test"))
  if (tests.length > 0) {
    log(`vitest: ${tests.map(({ file, line }) => `${file}:${line}`).join(", ")}`)
    await runAsync(
      process.execPath,
      [join(project, "node_modules", "vitest", "vitest.mjs"), "run", "--dir", "blocks", "--reporter", "dot"],
      project,
      120,
      env
    )
  }

  console.log(JSON.stringify({
    ok: true,
    seconds: (Date.now() - started) / 1000,
    installLines: lines,
    versions,
    checked: files.length,
    ran,
    tested: tests.map(({ file, line }) => `${file}:${line}`)
  }))
} finally {
  await server?.close()
  if (keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
