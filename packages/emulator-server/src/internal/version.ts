/**
 * The package's version (`authlete-emulator --version`, the OpenAPI document's `info.version`). The bundled bin has it
 * written in at build time (`scripts/bundle-bin.mjs`); from the sources, it is read from the package's manifest.
 */
import { createRequire } from "node:module"

export const version: string =
  (globalThis as { readonly AUTHLETE_EMULATOR_VERSION?: string }).AUTHLETE_EMULATOR_VERSION ??
    (createRequire(import.meta.url)("../../package.json") as { readonly version: string }).version
