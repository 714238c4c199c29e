// A vitest reporter that ends the run with one plain line, "Tests: N passed, N failed[, N skipped]", which CI
// reads whatever the test runner: vitest's own summary is a table, not a line. It hooks `onFinished`, which runs
// after the default reporter has printed its summary, so the line is the last one of the run.
import type { Reporter } from "vitest/reporters"

type Task = {
  readonly type: string
  readonly mode: string
  readonly result?: { readonly state?: string }
  readonly tasks?: ReadonlyArray<Task>
}

const count = (tasks: ReadonlyArray<Task>, totals: { passed: number; failed: number; skipped: number }) => {
  for (const task of tasks) {
    if (task.tasks !== undefined) {
      if (task.type !== "test" && task.result?.state === "fail" && task.tasks.length === 0) totals.failed++
      count(task.tasks, totals)
    } else if (task.type === "test") {
      const state = task.result?.state
      if (state === "pass") totals.passed++
      else if (state === "fail") totals.failed++
      else totals.skipped++
    }
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: ReadonlyArray<Task> = [], errors: ReadonlyArray<unknown> = []) {
    const totals = { passed: 0, failed: errors.length, skipped: 0 }
    count(files, totals)
    const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : ""
    process.stdout.write(`\nTests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`)
  }
}
