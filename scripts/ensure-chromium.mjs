// Makes sure the browser tests have a Chromium to drive before `vitest run` starts.
// Order: $CHROMIUM_PATH, /usr/bin/chromium, then (as root with apt-get) Debian's `chromium` package.
// Set SKIP_BROWSER_TESTS=1 to run everything else on a machine without a browser.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean)
const found = () => candidates.find((path) => existsSync(path))

if (process.env.SKIP_BROWSER_TESTS === "1") {
  console.log("ensure-chromium: SKIP_BROWSER_TESTS=1, the browser tests will be skipped")
  process.exit(0)
}
if (found()) process.exit(0)

const isRoot = typeof process.getuid === "function" && process.getuid() === 0
const hasApt = existsSync("/usr/bin/apt-get")
if (isRoot && hasApt) {
  console.log("ensure-chromium: installing Debian's chromium package for the browser tests (apt-get)…")
  const run = (args) =>
    execFileSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
    })
  run(["update", "-qq"])
  run(["install", "-y", "-qq", "chromium"])
}
if (found()) process.exit(0)

console.error(
  [
    "ensure-chromium: no Chromium found, so the browser tests cannot run.",
    "  Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or point CHROMIUM_PATH at a Chromium binary,",
    "  or run the rest with SKIP_BROWSER_TESTS=1."
  ].join("\n")
)
process.exit(1)
