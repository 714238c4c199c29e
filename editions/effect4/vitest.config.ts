import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const packages = path.join(path.dirname(fileURLToPath(import.meta.url)), "packages")

// The shared sources are symlinks into the Effect 3 packages: their imports resolve from where the link stands (this
// edition's node_modules, Effect 4), not from where the file lies (`preserveSymlinks`). That keeps each workspace
// package at the path of the importer's own link, so every importer is pointed at one path per module here: without it,
// test-kit and emulator would each load their own copy of core (and its classes would not be the same).
export default defineConfig({
  resolve: {
    preserveSymlinks: true,
    alias: [
      {
        find: /^@effect-authlete\/([a-z-]+)$/,
        replacement: `${packages}/$1/src/index.ts`
      },
      {
        find: /^@effect-authlete\/([a-z-]+)\/(.+)$/,
        replacement: `${packages}/$1/src/$2.ts`
      }
    ]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    sequence: { concurrent: false }
  }
})
