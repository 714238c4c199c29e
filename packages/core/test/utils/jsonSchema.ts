/** JSON Schema helpers of the description tests, shared by both editions (plain data, no Effect). */

/** The properties of every object of a JSON Schema (its definitions too) that lack a description, as paths. */
export const undescribed = (json: unknown, path = "#"): Array<string> => {
  if (Array.isArray(json)) return json.flatMap((item, i) => undescribed(item, `${path}/${i}`))
  if (typeof json !== "object" || json === null) return []
  const node = json as Record<string, unknown>
  const own = typeof node.properties === "object" && node.properties !== null
    ? Object.entries(node.properties as Record<string, { readonly description?: unknown }>)
      .filter(([, property]) => typeof property.description !== "string")
      .map(([field]) => `${path}/properties/${field}`)
    : []
  // `properties` maps field names to schemas: a field named `properties` is no schema keyword
  const children = Object.entries(node).flatMap(([key, value]) =>
    key === "properties" && typeof value === "object" && value !== null
      ? Object.entries(value).flatMap(([field, property]) => undescribed(property, `${path}/properties/${field}`))
      : undescribed(value, `${path}/${key}`)
  )
  return [...own, ...children]
}
