import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const fixture = fileURLToPath(new URL("./fixtures/resetThenClose.ts", import.meta.url))

describe("MockServer shutdown", () => {
  it("a process that met a reset fault exits by itself once the server is closed", async () => {
    const outcome = await new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ["--import", "tsx", fixture],
        { timeout: 20_000 },
        (error, stdout) =>
          resolve({
            code: error === null ? 0 : (error.code as number | null) ?? null,
            signal: child.signalCode,
            stdout
          })
      )
    })
    assert.strictEqual(outcome.signal, null, "the process had to be killed: something kept it alive after close()")
    assert.strictEqual(outcome.code, 0)
    assert.include(outcome.stdout, "closed")
  }, 30_000)
})
