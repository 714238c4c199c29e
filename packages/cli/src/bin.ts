#!/usr/bin/env node
/**
 * The `authlete-tokens` executable.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Exit from "effect/Exit"
import * as AuthleteCli from "./AuthleteCli.js"
import { stdoutState } from "./internal/output.js"

// The reader of stdout went away (`authlete-tokens list | head`): stop as Ctrl-C does (the calls in flight end, bulk
// work says on stderr what it did), then exit quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error
  if (stdoutState.closed) return
  stdoutState.closed = true
  process.emit("SIGINT")
})

NodeRuntime.runMain(AuthleteCli.main(process.argv), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isSuccess(exit)) return onExit(exit.value as number)
    if (stdoutState.closed) return onExit(AuthleteCli.ExitCode.ok)
    // Ctrl-C: bulk commands printed their summary already
    process.stderr.write(`${AuthleteCli.name}: interrupted\n`, () => onExit(AuthleteCli.ExitCode.interrupted))
  }
})
