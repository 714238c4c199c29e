/** The package's version (`authlete-emulator --version`, the OpenAPI document's `info.version`). */
import { createRequire } from "node:module"

export const version: string =
  (createRequire(import.meta.url)("../../package.json") as { readonly version: string }).version
