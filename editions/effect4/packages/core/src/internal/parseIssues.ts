import * as SchemaIssue from "effect/SchemaIssue"

const maxIssues = 10

/**
 * Describes a parse failure by path and expectation only, one entry per path. The offending values are left out:
 * they may be token values.
 */
const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

export const describeParseError = (issue: SchemaIssue.Issue): string => {
  let formatted: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<unknown> | undefined }>
  try {
    formatted = formatter(issue).issues
  } catch {
    // A value nested thousands of levels deep overflows the stack of a recursive formatter.
    return "does not match the schema: a value is nested too deeply to describe"
  }
  const byPath = new Map<string, Array<string>>()
  for (const { message, path = [] } of formatted) {
    const key = path.length === 0
      ? "(root)"
      : path.map((segment) =>
        `[${
          JSON.stringify(typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment)
        }]`
      ).join("")
    const expectation = message.replace(/, got [\s\S]*$/, "").replace(/^Expected /, "")
    const seen = byPath.get(key) ?? []
    if (!seen.includes(expectation)) seen.push(expectation)
    byPath.set(key, seen)
  }
  // A rule on the whole request ("the request must name …") reads as a sentence on its own: no "(root)" before it.
  const entries = [...byPath].map(([path, expectations]) =>
    path === "(root)" && isSentence(expectations) ? expectations[0] : `${path} ${describe(expectations)}`
  )
  const more = entries.length > maxIssues ? `; and ${entries.length - maxIssues} more` : ""
  return entries.slice(0, maxIssues).join("; ") + more
}

/** A refinement's own message, written to follow the field's path ("must …", "is …") or to stand alone. */
const isSentence = (expectations: ReadonlyArray<string>) =>
  expectations.length === 1 && /^(is |must |the request )/.test(expectations[0])

const describe = (expectations: ReadonlyArray<string>) =>
  isSentence(expectations) ? expectations[0] : `expected ${expectations.join(" or ")}`
