/**
 * Drives one variant and one operation in a loop, for a CPU profile:
 * `node --import tsx --cpu-prof --cpu-prof-dir=bench/.profiles bench/profile.ts "effect-authlete node" list 20000`,
 * then `tsx bench/profile-summary.ts bench/.profiles/<file>.cpuprofile`. A fourth argument runs that many calls first,
 * unmeasured, and prints a marker line before the measured ones.
 */
import { measuredMarker } from "./src/garbage.js"
import { startServer } from "./src/latency.js"
import { variants } from "./src/variants.js"

const [name = "effect-authlete node", operation = "list", count = "5000", warmup = "0"] = process.argv.slice(2)

const main = async () => {
  const variant = variants.find((v) => v.name === name)
  if (variant === undefined) throw new Error(`no variant ${name}: ${variants.map((v) => v.name).join(", ")}`)
  const server = await startServer()
  const client = await variant.make(server.baseUrl)
  const call = operation === "create" ? client.create : client.list
  for (let i = 0; i < Number(warmup); i++) await call()
  // What comes after this line is the measured calls' (`garbage.ts` reads V8's trace from here).
  if (Number(warmup) > 0) console.log(measuredMarker)
  const start = performance.now()
  for (let i = 0; i < Number(count); i++) await call()
  const elapsed = performance.now() - start
  console.log(`${name} ${operation}: ${((elapsed * 1000) / Number(count)).toFixed(1)} µs/call (mean)`)
  await client.close()
  server.stop()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
