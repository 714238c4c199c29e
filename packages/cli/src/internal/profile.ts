/**
 * Where a connection comes from besides flags: profiles in a config file (`$XDG_CONFIG_HOME/authlete-tokens/config.json`,
 * else `~/.config/authlete-tokens/config.json`) and the `AUTHLETE_*` lines the standalone emulator prints (`--emulator-env`).
 * A profile names where the bearer is (an environment variable or a file), never the bearer: a file that holds one is
 * refused, and no message ever quotes a value of the file.
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { UsageError } from "./failure.js"

/** One profile of the config file. */
export interface Profile {
  readonly baseUrl?: string | undefined
  readonly server?: "us" | "jp" | "eu" | "br" | undefined
  readonly serviceId?: string | undefined
  /** The name of the environment variable holding the bearer. */
  readonly bearerEnv?: string | undefined
  /** The path of a file holding the bearer. */
  readonly bearerFile?: string | undefined
  /** Where the audit log of this profile's commands goes (JSON lines, appended). */
  readonly auditLog?: string | undefined
}

/** A profile and its name. */
export interface NamedProfile {
  readonly name: string
  readonly profile: Profile
}

/** The config file's path for this environment. */
export const configPath = (env: NodeJS.ProcessEnv = process.env): string => {
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ""
    ? env.XDG_CONFIG_HOME
    : Path.join(env.HOME ?? Os.homedir(), ".config")
  return Path.join(base, "authlete-tokens", "config.json")
}

const textKeys = ["baseUrl", "serviceId", "bearerEnv", "bearerFile", "auditLog"] as const
const servers = ["us", "jp", "eu", "br"]

/** Keys that would hold a bearer or another secret: refused whatever their value. */
const secretKey = /bearer|token|secret|password|credential|api.?key|authorization/i

/** Validates one profile; the messages name the key, never its value. */
const profileOf = (file: string, name: string, json: unknown): Profile => {
  const where = `${file}: profile "${name}"`
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UsageError({ message: `${where} must be a JSON object` })
  }
  const profile: Record<string, string> = {}
  for (const [key, value] of Object.entries(json)) {
    if (key === "server") {
      if (typeof value !== "string" || !servers.includes(value)) {
        throw new UsageError({ message: `${where}: "server" must be one of ${servers.join(", ")}` })
      }
      profile[key] = value
      continue
    }
    if (!(textKeys as ReadonlyArray<string>).includes(key)) {
      throw new UsageError({
        message: secretKey.test(key)
          ? `${where} holds a secret in "${key}": a config file must not hold the bearer; name where it is with ` +
            `"bearerEnv" (an environment variable) or "bearerFile" (a file path)`
          : `${where}: unknown key "${key}" (known: server, ${textKeys.join(", ")})`
      })
    }
    if (typeof value !== "string" || value === "") {
      throw new UsageError({ message: `${where}: "${key}" must be a non-empty string` })
    }
    if (key === "bearerEnv" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      throw new UsageError({
        message: `${where}: "bearerEnv" must name an environment variable (letters, digits, _), not hold the bearer`
      })
    }
    profile[key] = value
  }
  return profile as Profile
}

/** The profiles of the config file, and the name of its default; none when the file does not exist. */
export const readConfig = (
  file: string
): Effect.Effect<{ readonly profiles: Record<string, Profile>; readonly default?: string | undefined }, UsageError> =>
  Effect.try({
    try: () => {
      let text: string
      try {
        text = Fs.readFileSync(file, "utf8")
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} }
        throw new UsageError({ message: `cannot read the config file ${file}` })
      }
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw new UsageError({ message: `${file}: not valid JSON` })
      }
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw new UsageError({ message: `${file}: must be a JSON object {"profiles": {…}}` })
      }
      const profiles: Record<string, Profile> = {}
      let defaultName: string | undefined
      for (const [key, value] of Object.entries(json)) {
        if (key === "default") {
          if (typeof value !== "string") throw new UsageError({ message: `${file}: "default" must name a profile` })
          defaultName = value
        } else if (key === "profiles" && typeof value === "object" && value !== null && !Array.isArray(value)) {
          for (const [name, profile] of Object.entries(value)) profiles[name] = profileOf(file, name, profile)
        } else {
          throw new UsageError({
            message: secretKey.test(key)
              ? `${file} holds a secret in "${key}": a config file must not hold the bearer`
              : `${file}: unknown key "${key}" (known: default, profiles)`
          })
        }
      }
      return { profiles, default: defaultName }
    },
    catch: (error) =>
      error instanceof UsageError ? error : new UsageError({ message: `cannot read the config file ${file}` })
  })

/**
 * The profile to use: `--profile`, else `AUTHLETE_PROFILE`, else the file's `default`; none when nothing names one.
 * A named profile that the file lacks is an error.
 */
export const selectProfile = (
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<NamedProfile | undefined, UsageError> => {
  const file = configPath(env)
  return Effect.flatMap(readConfig(file), (config) => {
    const asked = flag ??
      (env.AUTHLETE_PROFILE !== undefined && env.AUTHLETE_PROFILE !== "" ? env.AUTHLETE_PROFILE : undefined)
    const name = asked ?? config.default
    if (name === undefined) return Effect.succeed(undefined)
    if (!Object.hasOwn(config.profiles, name)) {
      const known = Object.keys(config.profiles)
      return Effect.fail(
        new UsageError({
          message: `no profile "${name}" in ${file}${known.length === 0 ? "" : ` (profiles: ${known.join(", ")})`}`
        })
      )
    }
    return Effect.succeed({ name, profile: config.profiles[name] })
  })
}

/** The names `--emulator-env` takes from the emulator's lines. */
const envNames = ["AUTHLETE_BASE_URL", "AUTHLETE_SERVER", "AUTHLETE_SERVICE_ID", "AUTHLETE_BEARER"] as const

const unquote = (text: string) => {
  const trimmed = text.trim()
  return trimmed.length >= 2 && (trimmed[0] === "\"" || trimmed[0] === "'") && trimmed.endsWith(trimmed[0])
    ? trimmed.slice(1, -1)
    : trimmed
}

/**
 * The `AUTHLETE_*` values of what the standalone emulator prints: `export KEY=value` lines (its default log), `KEY=value`
 * lines (a dotenv file) or its JSON `ready` event; every other line is ignored.
 */
export const parseEnvLines = (text: string): Record<string, string> => {
  const found: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim()
    if (trimmed.startsWith("{")) {
      try {
        const json = JSON.parse(trimmed) as { readonly env?: unknown }
        if (typeof json.env === "object" && json.env !== null) {
          for (const [key, value] of Object.entries(json.env)) {
            if ((envNames as ReadonlyArray<string>).includes(key) && typeof value === "string") found[key] = value
          }
        }
      } catch {
        // not the ready event
      }
      continue
    }
    const match = /^(?:export\s+)?(AUTHLETE_[A-Z_]+)=(.*)$/.exec(trimmed)
    if (match !== null && (envNames as ReadonlyArray<string>).includes(match[1])) found[match[1]] = unquote(match[2])
  }
  return found
}

/** Reads `--emulator-env` (`-` for stdin). */
export const readEnvFile = (path: string): Effect.Effect<Record<string, string>, UsageError> =>
  Effect.try({
    try: () => parseEnvLines(Fs.readFileSync(path === "-" ? 0 : path, "utf8")),
    catch: () => new UsageError({ message: `cannot read --emulator-env ${path}` })
  })
