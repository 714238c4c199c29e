#!/usr/bin/env node
/**
 * The `authlete-emulator` executable: the emulator as a standalone HTTP server, for clients in any language.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { exitCodeOf, main } from "./internal/cli.js"

// A closed stdout (the terminal or pipe of a launcher that died) must not stop a shutdown before the state is saved.
process.stdout.on("error", () => {})

NodeRuntime.runMain(main(process.argv), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
