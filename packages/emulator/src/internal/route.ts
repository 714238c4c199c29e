/** Route templates (`/api/{serviceId}/auth/token/create`), compiled once: each `{field}` segment one path segment. */

/** A compiled template. */
export interface Template {
  readonly template: string
  readonly pattern: RegExp
  readonly fields: ReadonlyArray<string>
}

const segment = /\{([A-Za-z]+)\}/g

/** Compiles a template. */
export const compile = (template: string): Template => ({
  template,
  pattern: new RegExp(`^${template.replace(segment, "([^/]+)")}$`),
  fields: Array.from(template.matchAll(segment), (match) => match[1])
})

/** The path of a URL: what comes before its query. */
export const pathOf = (url: string): string => {
  const index = url.indexOf("?")
  return index === -1 ? url : url.slice(0, index)
}

/** The raw value (as sent, not decoded) of each `{field}` of `template` in `path`, or `undefined` when it does not match. */
export const match = (
  template: Template,
  path: string
): ReadonlyArray<readonly [field: string, raw: string]> | undefined => {
  const found = template.pattern.exec(path)
  return found === null ? undefined : template.fields.map((field, i) => [field, found[i + 1]] as const)
}
