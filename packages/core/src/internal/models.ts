/**
 * The response models: every `Schema.Class` of `Schemas`, which the answer decoder may build on its prototype.
 */
import * as Schema from "effect/Schema"
import * as Schemas from "../Schemas.js"
import type { Model } from "./fastDecode.js"

const isModel = (value: unknown): value is Model =>
  typeof value === "function" && Schema.isSchema(value) && "fields" in value && "prototype" in value

/** @internal */
export const models: ReadonlyArray<Model> = (Object.values(Schemas) as ReadonlyArray<unknown>).filter(isModel)
