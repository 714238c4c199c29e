#!/usr/bin/env node
/**
 * The `authlete-tokens` executable.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Exit from "effect/Exit"
import * as AuthleteCli from "./AuthleteCli.js"

NodeRuntime.runMain(AuthleteCli.main(process.argv), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isSuccess(exit)) return onExit(exit.value as number)
    // Ctrl-C: bulk commands printed their summary already
    process.stderr.write(`${AuthleteCli.name}: interrupted\n`, () => onExit(AuthleteCli.ExitCode.interrupted))
  }
})
