// The Effect 4 edition (editions/effect4) from the repository root: `node scripts/effect4.mjs test|check|install`.
// The edition is a workspace of its own with its own lockfile; Effect 4, vitest 5 and undici 8 need Node >= 22.19, so
// its tests run on Node 22 from npm (`npx -y node@22`) whatever Node runs this script. Installs the edition from its
// lockfile first when it has not been installed yet.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const edition = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "editions", "effect4")
const run = (command, args) => execFileSync(command, args, { cwd: edition, stdio: "inherit" })

const install = () => run("npx", ["-y", "pnpm@10", "install", "--frozen-lockfile"])

const [task = "test", ...rest] = process.argv.slice(2)
if (task === "install" || !existsSync(path.join(edition, "node_modules", ".modules.yaml"))) install()
switch (task) {
  case "install":
    break
  case "test":
    run("npx", ["-y", "node@22", "node_modules/vitest/vitest.mjs", "run", ...rest])
    break
  case "check":
    run("node", ["node_modules/typescript/bin/tsc", "-b", "tsconfig.json"])
    break
  case "build":
    run("node", ["node_modules/typescript/bin/tsc", "-b", "tsconfig.build.json"])
    break
  default:
    console.error(`effect4: unknown task ${task} (test, check, build or install)`)
    process.exit(2)
}
