/**
 * Scripted faults: "the next N calls of an operation answer this status, with `Retry-After`", set with
 * `POST /_emulator/faults/script`, beside the probabilistic faults. Scripts of one operation run in the order they were
 * added; a scripted answer never reaches the rules, so the call changes nothing.
 */
import * as AuthleteOperation from "@effect-authlete/core/AuthleteOperation"
import { jsonReply, resultCodes } from "@effect-authlete/emulator/internal"
import * as Schema from "effect/Schema"
import type { ServerHandler } from "./front.js"
import { faultHeader } from "./journal.js"
import { matchRoute, serviceIdIn } from "./paths.js"

/** What `POST /_emulator/faults/script` takes. */
export const ScriptRequest = Schema.Struct({
  operation: AuthleteOperation.NameSchema,
  /** The status of the failed calls: 429 or 500–599 (an error the client may retry). */
  status: Schema.Int.pipe(Schema.filter((status) => status === 429 || (status >= 500 && status <= 599), {
    message: () => "the status must be 429 or 500 to 599"
  })),
  /** How many of the next calls fail. */
  count: Schema.Int.pipe(Schema.between(1, 1_000_000)),
  /** `Retry-After` of the answers, in seconds (none when absent). */
  retryAfter: Schema.optional(Schema.NonNegativeInt),
  /** Only the calls to this service (a tenant's), so parallel tests do not fail each other's calls; all when absent. */
  serviceId: Schema.optional(Schema.NonEmptyString)
})

/** A script and how many calls it still fails. */
export interface Script {
  readonly operation: AuthleteOperation.Name
  readonly status: number
  readonly remaining: number
  readonly retryAfter?: number | undefined
  readonly serviceId?: string | undefined
}

/** The scripts of a server. */
export interface Scripts {
  readonly add: (script: typeof ScriptRequest.Type) => void
  readonly pending: () => ReadonlyArray<Script>
  readonly clear: () => void
  /** Whether no script is pending (most calls: then nothing else is read of them). */
  readonly isEmpty: () => boolean
  /** Takes one call of the first script of the operation (and of the service, or of every service), if any. */
  readonly take: (operation: string, serviceId: string) => Script | undefined
}

/** No scripts yet. */
export const makeScripts = (): Scripts => {
  let scripts: Array<Script> = []
  return {
    add: ({ count, operation, retryAfter, serviceId, status }) => {
      scripts.push({ operation, status, remaining: count, retryAfter, serviceId })
    },
    pending: () => scripts.slice(),
    clear: () => {
      scripts = []
    },
    isEmpty: () => scripts.length === 0,
    take: (operation, serviceId) => {
      const index = scripts.findIndex((script) =>
        script.operation === operation && (script.serviceId === undefined || script.serviceId === serviceId)
      )
      if (index === -1) return undefined
      const script = scripts[index]
      if (script.remaining <= 1) scripts.splice(index, 1)
      else scripts[index] = { ...script, remaining: script.remaining - 1 }
      return script
    }
  }
}

/** The answer of a scripted call: the status, `Retry-After` when scripted, a `result` body. */
const answer = (script: Script) =>
  jsonReply(
    script.status,
    {
      resultCode: resultCodes.unavailable,
      resultMessage: `[${resultCodes.unavailable}] Service temporarily unavailable (scripted fault).`
    },
    {
      [faultHeader]: "scripted",
      ...(script.retryAfter === undefined ? {} : { "retry-after": String(script.retryAfter) })
    }
  )

/** Each operation's row, by its route template. */
const rowByRoute = new Map<string, AuthleteOperation.Any>(
  AuthleteOperation.all.map((operation) => [operation.path, operation])
)

/** The emulator's handler with the scripts in front: a call an operation's script takes is answered by it. */
export const scripted = (handler: ServerHandler, scripts: Scripts, onFault: () => void): ServerHandler =>
(
  call,
  exchange
) => {
  if (scripts.isEmpty()) return handler(call, exchange)
  const matched = matchRoute(call.url)
  const row = matched === undefined ? undefined : rowByRoute.get(matched.template)
  // a call with another method is the router's 405, not a call of the operation
  const script = row !== undefined && row.method === call.method
    ? scripts.take(row.name, serviceIdIn(matched) ?? "")
    : undefined
  if (script === undefined) return handler(call, exchange)
  onFault()
  return answer(script)
}
