/**
 * The program every runtime of the matrix runs: the six operations (the lifecycle of the platform-browser tests, the
 * one Chromium runs) and then `listStream` over several pages. Its summary holds no generated value, so the runs of
 * all runtimes must be equal. It uses only what Effect 3 and Effect 4 both have: both editions' packages run it.
 */
import type { AuthleteClient } from "@effect-authlete/core"
import { TokenManagement } from "@effect-authlete/core"
import type { Layer } from "effect"
import { Effect, Redacted, Stream } from "effect"
import { lifecycle } from "../../packages/platform-browser/test/fixtures/program.js"

/** Where the mock server is, and which layer to use. */
export interface SmokeInput {
  readonly url: string
  readonly bearer: string
  readonly serviceId: string
  readonly clientId: number
  readonly subject: string
  readonly layer: "node" | "browser"
}

const pages = (input: SmokeInput) =>
  Effect.gen(function*() {
    const subject = `${input.subject}-stream`
    for (let i = 0; i < 5; i++) {
      yield* TokenManagement.create({ grantType: "PASSWORD", clientId: input.clientId, subject })
    }
    // a Chunk on Effect 3, an array on Effect 4
    const streamed = Array.from(yield* TokenManagement.listStream({ subject, pageSize: 2 }).pipe(Stream.runCollect))
    yield* TokenManagement.revoke({ subject })
    return { streamed: streamed.length, subjects: [...new Set(streamed.map((token) => token.subject))] }
  })

/** The options of either layer for the mock server of the input. */
export const optionsOf = (input: SmokeInput): AuthleteClient.Options => ({
  baseUrl: input.url,
  bearer: Redacted.make(input.bearer),
  serviceId: input.serviceId
})

/** Runs the smoke program through a layer (the entry's choice: a worker has no Node layer); resolves to its summary. */
export const smoke = (input: SmokeInput, layer: Layer.Layer<TokenManagement.TokenManagement, unknown>) =>
  Effect.runPromise(
    Effect.all({ lifecycle: lifecycle(input), listStream: pages(input) }).pipe(Effect.provide(layer))
  )
