/** Schema failures as text that names where and what was expected, never the value found (it may be a token). */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

const pathOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "(top level)"
    : path.map((key, index) => typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)
      .join("")

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** One line per issue: `<path>: <what was expected>`, at most `limit` of them. */
export const describeParseError = (error: Schema.SchemaError, limit = 5): string => {
  const issues = formatter(error.issue).issues.filter((issue) => issue.message !== "Expected undefined")
  const lines = issues.slice(0, limit).map((issue) =>
    `${pathOf((issue.path ?? []).map((key) => typeof key === "object" ? key.key : key))}: ${
      issue.message.replace(/, got [\s\S]*$/, "").replace(/\s+/g, " ")
    }`
  )
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`)
  return lines.join("; ")
}

/** JSON text decoded by a schema, unknown fields refused; a failure is a message naming places only. */
export const decodeJson = <A, I>(schema: Schema.Codec<A, I>, text: string): Effect.Effect<A, string> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return Effect.fail("not valid JSON")
  }
  return Schema.decodeUnknownEffect(schema)(value, { onExcessProperty: "error", errors: "all" }).pipe(
    Effect.mapError((error) => describeParseError(error))
  )
}
