/**
 * What we would publish works: `scripts/pack-check.mjs` builds and packs the packages, installs the tarballs into
 * a fresh project outside the workspace and runs a plain-Node program there (mock server from the packed
 * emulator-server, create + list through the packed Node layer) after type-checking a consumer against the packed
 * declarations, then the packed CLI's bin against its demo emulator (48 tokens). Then the emulator installed alone
 * (no CLI may arrive; layerMemory works) and the emulator-server installed alone (its bin answers).
 *
 * It needs the npm registry (effect, @effect/*) and takes about a minute (more while another check holds the build). Skip it with
 * `EFFECT_AUTHLETE_SKIP_PACK_TEST=1`.
 */
import { describe, expect, it } from "vitest"
import { reportOfScript } from "./utils/script.js"

const timeoutMs = 400_000

describe.skipIf(process.env.EFFECT_AUTHLETE_SKIP_PACK_TEST === "1")("packaging", () => {
  it("the packed packages install outside the workspace and work from plain Node", async () => {
    const report = await reportOfScript("pack-check.mjs", timeoutMs)
    expect(report.program).toEqual({
      ok: true,
      created: "OK",
      listed: 1,
      totalCount: 1,
      expiresIn: 600,
      wrongService: "ResultError"
    })
    expect(report.bin).toEqual({ listed: 48 })
    expect(report.emulatorAlone).toEqual({ pulled: [], action: "OK", totalCount: 1 })
    expect(report.serverAlone).toEqual({ health: "ok" })
    for (
      const name of ["core", "platform-node", "platform-browser", "emulator", "emulator-server", "test-kit", "cli"]
    ) {
      // a tarball holds dist, src and the manifest: a few kB to a few hundred; more means something leaked in
      expect(report.packages[name].bytes, name).toBeGreaterThan(2_000)
      expect(report.packages[name].bytes, name).toBeLessThan(1_000_000)
    }
  }, timeoutMs + 10_000)
})
