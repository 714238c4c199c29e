#!/usr/bin/env node
/**
 * The `authlete-emulator` executable: the emulator as a standalone HTTP server, for clients in any language.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { exitCodeOf, main } from "./internal/cli.js"

NodeRuntime.runMain(main(process.argv), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
