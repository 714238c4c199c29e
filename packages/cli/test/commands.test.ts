/**
 * The commands follow from core's operation rows: the bin has one per row of `AuthleteOperation.all` (a row added
 * there is checked here with no edit), and the builder makes a command of any row, a made-up one included, with a flag
 * per request field whose help is the field's description and marks the secret ones.
 */
import { AuthleteOperation, SchemaDescriptions } from "@effect-authlete/core"
import { Option, SchemaAST } from "effect"
import * as Path from "node:path"
import { stripVTControlCharacters } from "node:util"
import { describe, expect, it } from "vitest"
import { AuthleteCli } from "../src/index.js"
import { rows, texts } from "./fixtures/synthetic.js"
import { packageDir, run, runEntry } from "./utils/bin.js"

const synthetic = (args: ReadonlyArray<string>) =>
  runEntry(Path.join(packageDir, "test/fixtures/synthetic-bin.ts"), args)

/** `reissueIdToken` → `reissue-id-token`. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

const plain = stripVTControlCharacters

/** The command names a root `--help` lists under COMMANDS. */
const commandsIn = (help: string) =>
  [...plain(help).split("COMMANDS")[1].matchAll(/^\s*- ([a-z-]+)/gm)].map((match) => match[1])

/** The help of one flag: from its heading line to the next flag's. */
const flagHelp = (help: string, flag: string): string => {
  const text = plain(help)
  const start = text.search(new RegExp(`^--${flag}(?= |$)`, "m"))
  expect(start, `--${flag} in the help`).toBeGreaterThanOrEqual(0)
  const rest = text.slice(start + 1)
  const end = rest.search(/^(--|\()/m)
  return end === -1 ? rest : rest.slice(0, end)
}

/** The fields of a request schema: a struct, possibly refined. */
const propertiesOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.PropertySignature> =>
  ast._tag === "TypeLiteral" ? ast.propertySignatures : ast._tag === "Refinement" ? propertiesOf(ast.from) : []

describe.concurrent("commands from operation rows", () => {
  it("the bin has exactly one command per operation row, named after it", async () => {
    const result = await run(["--help"])
    expect(result.code).toBe(0)
    const names = commandsIn(result.stdout)
    expect(names.sort()).toEqual(AuthleteOperation.all.map((row) => kebab(row.name)).sort())
    // the names users type today
    expect(names).toEqual(expect.arrayContaining(["list", "create", "update", "delete", "revoke", "reissue-id-token"]))
  })

  it("each command's help has a flag per request field, described by core's table of descriptions", async () => {
    for (const row of AuthleteOperation.all) {
      const result = await run([kebab(row.name), "--help"])
      expect(result.code).toBe(0)
      const flags = AuthleteCli.overrides[row.name]?.flags
      const properties = propertiesOf(row.request.ast)
      expect(properties.length, row.name).toBeGreaterThan(0)
      for (const property of properties) {
        const field = String(property.name)
        if (flags?.exclude?.includes(field)) continue
        const flag = flags?.renames?.[field] ?? (field === "clientIdentifier" ? "client" : kebab(field))
        const help = flagHelp(result.stdout, flag)
        const identifier = Option.getOrThrow(SchemaAST.getIdentifierAnnotation(row.request.ast))
        const description = SchemaDescriptions.descriptionOf(identifier, field)
        expect(description, `${row.name}.${field} has a description`).toBeDefined()
        expect(help, `${row.name}.${field}`).toContain(description!.replace(/\.$/, ""))
        expect(help.includes("sensitive"), `${row.name}.${field} sensitive`).toBe(
          (row.secrets as ReadonlyArray<string>).includes(field)
        )
      }
    }
  })

  it("a made-up row gets a command: its flags, their descriptions, its secrets marked, its summary", async () => {
    const [root, frobnicate, polish] = await Promise.all([
      synthetic(["--help"]),
      synthetic(["frobnicate-widget", "--help"]),
      synthetic(["polish-widget", "--help"])
    ])
    expect(commandsIn(root.stdout).sort()).toEqual(["frobnicate-widget", "polish-widget"])

    expect(frobnicate.code).toBe(0)
    const help = plain(frobnicate.stdout)
    expect(help).toContain(texts.frobnicate)
    expect(help).toContain(rows.frobnicateWidget.path)
    expect(flagHelp(help, "widget-name")).toContain(texts.widgetName)
    expect(flagHelp(help, "sprocket-count integer")).toContain(texts.sprocketCount)
    expect(flagHelp(help, "colour red \\| green")).toContain(texts.colour)
    const secret = flagHelp(help, "master-key")
    expect(secret).toContain(texts.masterKey.replace(/\.$/, ""))
    expect(secret).toContain("sensitive")
    for (const flag of ["widget-name", "sprocket-count", "colour"]) {
      expect(flagHelp(help, flag)).not.toContain("sensitive")
    }
    // the connection flags and --input come with every command
    for (const flag of ["input", "emulator", "bearer-file", "show-secrets"]) flagHelp(help, flag)

    expect(polish.code).toBe(0)
    expect(plain(polish.stdout)).toContain(texts.polish) // no description on the request: the response's
    expect(flagHelp(polish.stdout, "widget-name")).toContain("The request's widgetName")
  })
})
