import { defineProject, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

// Each test runs the bin as child processes (two at a time, see test/utils/bin.ts): a test may wait for its turn.
export default mergeConfig(shared, defineProject({ test: { name: "cli", testTimeout: 120_000 } }))
