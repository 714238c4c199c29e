/**
 * The READMEs work as written: `scripts/readme-check.mjs` runs their install lines with plain npm in a fresh folder
 * (packed tarballs for our packages, the registry for the rest, at the ranges the lines name), type-checks every
 * TypeScript block and runs the blocks marked `run` (Node, against the packed mock server) and `test` (vitest).
 *
 * It needs the npm registry and takes one to two minutes (less when the packaging test already packed the same
 * sources). Skipped with `EFFECT_AUTHLETE_SKIP_PACK_TEST=1`, as the packaging test.
 */
import { describe, expect, it } from "vitest"
import { reportOfScript } from "./utils/script.js"

const timeoutMs = 400_000

describe.skipIf(process.env.EFFECT_AUTHLETE_SKIP_PACK_TEST === "1")("READMEs", () => {
  it("install with their own lines, type-check and run", async () => {
    const report = await reportOfScript("readme-check.mjs", timeoutMs)
    // the lines pin the Effect 3 line, whatever npm tags as latest
    expect(report.versions.effect).toMatch(/^3\./)
    expect(report.versions["@effect/vitest"]).toMatch(/^0\./)
    expect(report.versions.vitest).toMatch(/^3\./)
    // one line per runtime family, from the root README, and each package README's own
    expect(report.installLines.length).toBeGreaterThanOrEqual(4)
    // the blocks are found: if the markers were lost, fewer would be checked and none run
    expect(report.checked).toBeGreaterThanOrEqual(18)
    const files = (entries: ReadonlyArray<string>) => [...new Set(entries.map((entry) => entry.split(":")[0]))].sort()
    expect(files(report.ran)).toEqual(["README.md", "packages/core/README.md", "packages/platform-node/README.md"])
    expect(files(report.tested)).toEqual(["README.md", "packages/emulator/README.md", "packages/test-kit/README.md"])
  }, timeoutMs + 10_000)
})
