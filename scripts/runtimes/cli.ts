/**
 * Entry of the matrix for Node, Deno and Bun: the smoke input as JSON in the first argument, the summary as one JSON
 * line on stdout. A failure prints `{ "error": … }` and exits 1.
 */
import { BrowserAuthlete } from "@effect-authlete/platform-browser"
import { NodeAuthlete } from "@effect-authlete/platform-node"
import type { SmokeInput } from "./smoke.js"
import { optionsOf, smoke } from "./smoke.js"

declare const Deno: { readonly args: ReadonlyArray<string>; readonly version: { readonly deno: string } } | undefined
declare const Bun: { readonly version: string } | undefined

const args = typeof Deno === "undefined" ? process.argv.slice(2) : Deno.args
const runtime = typeof Deno !== "undefined"
  ? `deno ${Deno.version.deno}`
  : typeof Bun !== "undefined"
  ? `bun ${Bun.version}`
  : `node ${process.version}`
const input: SmokeInput = JSON.parse(args[0]!)
const layer = input.layer === "node" ? NodeAuthlete.layer(optionsOf(input)) : BrowserAuthlete.layer(optionsOf(input))
smoke(input, layer).then(
  (summary) => console.log(JSON.stringify({ ok: true, runtime, summary })),
  (error: unknown) => {
    console.log(JSON.stringify({ ok: false, error: String(error) }))
    process.exitCode = 1
  }
)
