/**
 * The shared table of field descriptions over Effect 4's JSON Schema: `annotateJsonSchema` of
 * `Schema.toJsonSchemaDocument` describes every property of every object of each of core's schemas, nested ones and
 * class definitions (named `<Identifier>Encoded`) included. The table itself, and hover in this edition, are checked
 * by the Effect 3 edition's `descriptions.test.ts`.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as SchemaDescriptions from "../src/SchemaDescriptions.js"
import * as Schemas from "../src/Schemas.js"
import { undescribed } from "./utils/jsonSchema.js"

describe("SchemaDescriptions over Effect 4's JSON Schema", () => {
  it("describes every property of every object of each documented schema's document", () => {
    const documented = Object.entries(Schemas).filter(([name]) => SchemaDescriptions.schemaDescription(name))
    expect(documented.length).toBeGreaterThan(15)
    for (const [name, schema] of documented) {
      const document = Schema.toJsonSchemaDocument(schema as Schema.Top)
      expect(undescribed(document).length, `${name} without the table`).toBeGreaterThan(0)
      expect(undescribed(SchemaDescriptions.annotateJsonSchema(document)), name).toEqual([])
    }
  })
})
