/**
 * The client process of the instructions section (`instructions.ts`), run under callgrind: builds one variant of
 * `variants.ts` against the server at `baseUrl`, makes `few` sequential calls of one operation, says `warm` and waits
 * for a line on stdin (the parent turns callgrind's instrumentation on), makes the calls up to `many`, says `done` and
 * waits again (instrumentation off), then closes the client and exits.
 * `node instructions-client.mjs <baseUrl> <variant> <create|list> <few> <many>`.
 */
import * as Readline from "node:readline"
import { variants } from "./variants.js"

const [baseUrl, name, operation, few, many] = process.argv.slice(2)

const lines = Readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const say = async (line: string) => {
  process.stdout.write(`${line}\n`)
  await lines.next()
}

const main = async () => {
  const variant = variants.find((v) => v.name === name)
  if (variant === undefined) throw new Error(`no variant ${name}`)
  if (operation !== "create" && operation !== "list") throw new Error(`no operation ${operation}`)
  const client = await variant.make(baseUrl)
  const call = client[operation]
  let i = 0
  for (; i < Number(few); i++) await call()
  await say("warm")
  for (; i < Number(many); i++) await call()
  await say("done")
  await client.close()
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
