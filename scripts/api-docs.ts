/**
 * The API reference as committed pages: after `docgen` wrote `packages/<pkg>/docs/modules/*.md` (a Jekyll site), this
 * rewrites them as plain GitHub markdown under `docs/api/<pkg>/`, adds to each schema of core's `Schemas` a table of
 * its fields with their descriptions (core's `SchemaDescriptions`, through `annotateJsonSchema` over `JSONSchema.make`,
 * so the reference says what hover and JSON Schema say), and writes `docs/api/README.md`, the index the root README links to.
 *
 * Run by `pnpm docs:api` after docgen; CI checks that the committed pages are current (`git diff --exit-code`).
 */
import { JSONSchema } from "effect"
import type { Schema } from "effect"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as SchemaDescriptions from "../packages/core/src/SchemaDescriptions.js"
import * as Schemas from "../packages/core/src/Schemas.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const out = join(root, "docs", "api")
const packages = ["core", "platform-node", "platform-browser", "emulator", "emulator-server", "test-kit"]

interface JsonSchema {
  readonly $ref?: string
  readonly $defs?: Record<string, JsonSchema>
  readonly required?: ReadonlyArray<string>
  readonly properties?: Record<string, { readonly description?: string }>
}

const isSchema = (value: unknown): value is Schema.Schema.AnyNoContext =>
  (typeof value === "function" || typeof value === "object") && value !== null && "ast" in value

/** `| field | required | description |` rows of a struct or class schema; undefined for other schemas. */
const fieldTable = (name: string, schema: Schema.Schema.AnyNoContext): string | undefined => {
  let json: JsonSchema
  try {
    // a class's JSON Schema is its fields inline: named by its export name, which is its identifier
    json = SchemaDescriptions.annotateJsonSchema(JSONSchema.make(schema) as JsonSchema, name)
  } catch {
    return undefined
  }
  const node = json.$ref === undefined ? json : json.$defs?.[json.$ref.replace("#/$defs/", "")]
  if (node?.properties === undefined) return undefined
  const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ")
  const rows = Object.entries(node.properties).map(([name, property]) =>
    `| \`${name}\` | ${node.required?.includes(name) ? "yes" : ""} | ${cell(property.description ?? "")} |`
  )
  return ["**Fields**", "", "| field | required | description |", "| --- | --- | --- |", ...rows, ""].join("\n")
}

/** Jekyll's front matter and layout markup out, the fields of each schema in. */
const rewrite = (page: string, tables: ReadonlyMap<string, string>): string => {
  const lines = page.replace(/^[\s\S]*?\nparent: [^\n]*\n---\n/, "").split("\n")
  const result: Array<string> = []
  let pending: string | undefined
  for (const line of lines) {
    if (line === "<h2 class=\"text-delta\">Table of contents</h2>") {
      result.push("## Table of contents")
      continue
    }
    // a schema's table goes after its signature, before "Added in"
    const heading = /^## (\w+)( \(class\))?$/.exec(line)
    if (heading !== null) pending = tables.get(heading[1])
    if (pending !== undefined && line.startsWith("Added in v")) {
      result.push(pending)
      pending = undefined
    }
    result.push(line)
  }
  return result.join("\n").trimStart()
}

const tables = new Map<string, string>()
for (const [name, value] of Object.entries(Schemas)) {
  const table = isSchema(value) ? fieldTable(name, value) : undefined
  if (table !== undefined) tables.set(name, table)
}

rmSync(out, { recursive: true, force: true })
const index: Array<string> = [
  "# API reference",
  "",
  "Generated from the TSDoc of each package by `pnpm docs:api` ([docgen](https://github.com/Effect-TS/docgen)); do not",
  "edit by hand. The schemas' field tables come from core's `SchemaDescriptions`.",
  ""
]
for (const pkg of packages) {
  const source = join(root, "packages", pkg, "docs", "modules")
  const modules = readdirSync(source).filter((file) => file.endsWith(".ts.md") && file !== "index.ts.md").sort()
  mkdirSync(join(out, pkg), { recursive: true })
  index.push(`## @effect-authlete/${pkg}`, "")
  for (const file of modules) {
    const page = rewrite(readFileSync(join(source, file), "utf8"), pkg === "core" ? tables : new Map())
    const target = file.replace(/\.ts\.md$/, ".md")
    writeFileSync(join(out, pkg, target), page.endsWith("\n") ? page : `${page}\n`)
    const overview = /## \w+ overview\n\n([^\n]+)/.exec(page)?.[1] ?? ""
    index.push(`- [${file.replace(/\.ts\.md$/, "")}](${pkg}/${target}): ${overview}`)
  }
  index.push("")
}
writeFileSync(join(out, "README.md"), index.join("\n"))
console.error(`[api-docs] wrote ${out} (${tables.size} schemas with field tables)`)
