/**
 * What the answer decoder may build or check directly: every `Schema.Class` of `Schemas` (built on its prototype) and
 * the `Redacted` strings answers carry.
 */
import * as Schema from "effect/Schema"
import * as Schemas from "../Schemas.js"
import type { Known, Model } from "./fastDecode.js"

const isModel = (value: unknown): value is Model =>
  typeof value === "function" && Schema.isSchema(value) && "fields" in value && "prototype" in value

/** @internal */
export const known: Known = {
  models: (Object.values(Schemas) as ReadonlyArray<unknown>).filter(isModel),
  redactedStrings: [Schemas.SecretOutput]
}
