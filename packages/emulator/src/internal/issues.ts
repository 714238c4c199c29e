/** Schema failures as text that names where and what was expected, never the value found (it may be a token). */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const pathOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "(top level)"
    : path.map((key, index) => typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)
      .join("")

/** One line per issue: `<path>: <what was expected>`, at most `limit` of them. */
export const describeParseError = (error: ParseResult.ParseError, limit = 5): string => {
  // an optional field's union with `undefined` adds nothing to say
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error).filter((issue) =>
    issue.message !== "Expected undefined"
  )
  const lines = issues.slice(0, limit).map((issue) =>
    `${pathOf(issue.path)}: ${issue.message.replace(/, actual [\s\S]*$/, "").replace(/\s+/g, " ")}`
  )
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`)
  return lines.join("; ")
}

/** JSON text decoded by a schema, unknown fields refused; a failure is a message naming places only. */
export const decodeJson = <A, I>(schema: Schema.Schema<A, I>, text: string): Effect.Effect<A, string> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return Effect.fail("not valid JSON")
  }
  return Schema.decodeUnknown(schema, { onExcessProperty: "error", errors: "all" })(value).pipe(
    Effect.mapError((error) => describeParseError(error))
  )
}
