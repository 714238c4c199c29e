/** `null` read as absent, as Authlete's optional fields may carry it. */

/** Deeper than any answer of these operations: what lies below is the schema's to refuse. */
const maxDepth = 16

/**
 * The JSON value without its `null` object members, at every depth down to `maxDepth`; array items are kept as they
 * are (a `null` item is the schema's to refuse). Copies only the objects that held a `null`.
 */
export const withoutNulls = (value: unknown, depth = 0): unknown => {
  if (typeof value !== "object" || value === null || depth > maxDepth) return value
  if (Array.isArray(value)) {
    let copy: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const item = withoutNulls(value[i], depth + 1)
      if (item !== value[i]) (copy ??= value.slice())[i] = item
    }
    return copy ?? value
  }
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key in record) {
    const member = record[key]
    if (member === null) {
      copy ??= { ...record }
      delete copy[key]
      continue
    }
    const cleaned = withoutNulls(member, depth + 1)
    if (cleaned !== member) (copy ??= { ...record })[key] = cleaned
  }
  return copy ?? value
}
