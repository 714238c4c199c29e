/**
 * What the CLI prints: records as a table (a terminal), JSON or ndjson (a pipe), with token values replaced by
 * `<redacted>` unless `--show-secrets`, and the SHA-256 hash Authlete lists for each token value shown instead.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { createHash } from "node:crypto"

/** `--format`. */
export type Format = "json" | "ndjson" | "table" | "csv"

/** How records are printed. */
export interface OutputSettings {
  readonly format: Format
  readonly showSecrets: boolean
  /** `--fields`: only these fields, in this order, in every format. */
  readonly fields?: ReadonlyArray<string> | undefined
}

/** A record cut down to `fields`, in their order (absent fields stay absent). */
export const pick = (record: Record<string, unknown>, fields: ReadonlyArray<string> | undefined) => {
  if (fields === undefined) return record
  const picked: Record<string, unknown> = {}
  for (const field of fields) {
    if (Object.hasOwn(record, field)) picked[field] = record[field]
  }
  return picked
}

/** One field of RFC 4180 CSV: quoted when it holds a comma, a quote, a line break or leading/trailing space. */
export const csvField = (text: string): string =>
  /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll("\"", "\"\"")}"` : text

/** One CSV record (CRLF-terminated, as RFC 4180 has it). */
const csvLine = (cells: ReadonlyArray<string>): string => cells.map(csvField).join(",") + "\r\n"

/** The text of a CSV cell: arrays of scalars space-separated (as `--scopes` takes them), objects as JSON. */
const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (Array.isArray(value) && value.every((item) => typeof item !== "object")) return value.join(" ")
  return typeof value === "object" ? JSON.stringify(value) : String(value)
}

/** What stands for a token value that is not shown. */
export const redactedText = "<redacted>"

/** The hash `list` shows for a token value: unpadded base64url of its SHA-256. */
export const tokenHash = (value: string): string => createHash("sha256").update(value).digest("base64url")

/** Fields of answers that carry a token value; their hash is printed next to them. */
export const hashed: Readonly<Record<string, string>> = {
  accessToken: "accessTokenHash",
  refreshToken: "refreshTokenHash"
}

/** A plain JSON value of an answer: `Redacted` values shown or hidden, absent fields dropped. */
export const toPlain = (value: unknown, showSecrets: boolean): unknown => {
  if (Redacted.isRedacted(value)) return showSecrets ? Redacted.value(value) : redactedText
  if (Array.isArray(value)) return value.map((item) => toPlain(item, showSecrets))
  if (value !== null && typeof value === "object") {
    const plain: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue
      plain[key] = toPlain(field, showSecrets)
      const hashKey = hashed[key]
      if (hashKey !== undefined && Redacted.isRedacted(field) && !(hashKey in value)) {
        plain[hashKey] = tokenHash(Redacted.value(field as Redacted.Redacted<string>))
      }
    }
    return plain
  }
  return value
}

/** One cell of a table. */
const cell = (key: string, value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (typeof value === "number" && /At$/.test(key)) return value === 0 ? "never" : new Date(value).toISOString()
  if (Array.isArray(value) && value.every((item) => typeof item !== "object")) return value.join(" ")
  return typeof value === "object" ? JSON.stringify(value) : String(value)
}

/** `accessTokenHash` → `ACCESS TOKEN HASH`. */
const heading = (key: string) => key.replace(/[A-Z]/g, (letter) => ` ${letter}`).toUpperCase()

/** Aligned columns of text. */
const align = (lines: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  return lines.map((line) => line.map((text, column) => text.padEnd(widths[column])).join("  ").trimEnd()).join("\n") +
    "\n"
}

/** Renders rows as a table of the given columns (the other fields are in `--format json`). */
export const renderTable = (rows: ReadonlyArray<Record<string, unknown>>, columns: ReadonlyArray<string>): string =>
  rows.length === 0
    ? "(none)\n"
    : align([columns.map(heading), ...rows.map((row) => columns.map((key) => cell(key, row[key])))])

/** Renders one record as `key  value` lines. */
export const renderRecord = (record: Record<string, unknown>): string =>
  align(Object.entries(record).map(([key, value]) => [key, cell(key, value)]))

/** Whether the reader of stdout went away (`… | head`): from then on, output is dropped. */
export const stdoutState = { closed: false }

/** Writes text to stdout, waiting until it is flushed (so a summary never overtakes the data). */
export const writeOut = (text: string): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    if (stdoutState.closed) return resume(Effect.void)
    process.stdout.write(text, () => resume(Effect.void))
  })

/** Writes text to stderr. */
export const writeErr = (text: string): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    process.stderr.write(text, () => resume(Effect.void))
  })

/** Prints records one by one: ndjson and JSON as they come, a table at the end. */
export interface Emitter {
  readonly emit: (record: unknown) => Effect.Effect<void>
  readonly finish: Effect.Effect<void>
}

/**
 * An emitter in the chosen format; `columns` are those of a table, `allColumns` those of CSV (every field the record
 * may have, in the schema's order). `--fields` replaces both.
 */
export const makeEmitter = (
  settings: OutputSettings,
  columns: ReadonlyArray<string>,
  allColumns: ReadonlyArray<string> = columns
): Emitter => {
  const plain = (record: unknown) =>
    pick(toPlain(record, settings.showSecrets) as Record<string, unknown>, settings.fields)
  const tableColumns = settings.fields ?? columns
  switch (settings.format) {
    case "csv": {
      const header = settings.fields ?? allColumns
      let started = false
      const start = Effect.suspend(() => {
        if (started) return Effect.void
        started = true
        return writeOut(csvLine(header))
      })
      return {
        emit: (record) =>
          Effect.zipRight(
            start,
            Effect.suspend(() => {
              const row = plain(record)
              return writeOut(csvLine(header.map((key) => csvCell(row[key]))))
            })
          ),
        finish: start
      }
    }
    case "ndjson":
      return {
        emit: (record) => writeOut(JSON.stringify(plain(record)) + "\n"),
        finish: Effect.void
      }
    case "json": {
      let count = 0
      return {
        emit: (record) =>
          Effect.suspend(() =>
            writeOut(`${count++ === 0 ? "[\n" : ",\n"}${indent(JSON.stringify(plain(record), null, 2))}`)
          ),
        finish: Effect.suspend(() => writeOut(count === 0 ? "[]\n" : "\n]\n"))
      }
    }
    case "table": {
      const rows: Array<Record<string, unknown>> = []
      return {
        emit: (record) => Effect.sync(() => rows.push(plain(record))),
        finish: Effect.suspend(() => writeOut(renderTable(rows, tableColumns)))
      }
    }
  }
}

const indent = (text: string) => text.split("\n").map((line) => `  ${line}`).join("\n")

/**
 * Prints one answer in the chosen format (a single object for JSON, not an array); `allColumns` are the CSV columns
 * (default: the record's own fields).
 */
export const printOne = (
  settings: OutputSettings,
  record: unknown,
  allColumns?: ReadonlyArray<string>
): Effect.Effect<void> => {
  const plain = pick(toPlain(record, settings.showSecrets) as Record<string, unknown>, settings.fields)
  switch (settings.format) {
    case "csv": {
      const header = settings.fields ?? allColumns ?? Object.keys(plain)
      return writeOut(csvLine(header) + csvLine(header.map((key) => csvCell(plain[key]))))
    }
    case "ndjson":
      return writeOut(JSON.stringify(plain) + "\n")
    case "json":
      return writeOut(JSON.stringify(plain, null, 2) + "\n")
    case "table":
      return writeOut(renderRecord(plain))
  }
}
