/**
 * A scripted `HttpClient` under the real `AuthleteClient.layer` and `TokenManagement.layer`: no network, every request
 * recorded, every answer written by the test.
 */
import { assert } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as AuthleteClient from "../../src/AuthleteClient.js"
import * as TokenManagement from "../../src/TokenManagement.js"
import type { HttpClientRequest } from "./http.js"
import { connectionRefused, HttpClient, HttpClientResponse } from "./http.js"

/** What the scripted client saw of one request. */
export interface SentRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON body, or `undefined` when the request had none. */
  readonly body: unknown
  /** Aborted when the client gives up on the request (timeout, interruption). */
  readonly signal: AbortSignal
}

/** The connection is refused: the client fails with a `RequestError` "Transport". */
export const refused = Symbol("refused")

/** The server never answers. */
export const silent = Symbol("silent")

/** What the scripted server does with a request. */
export type Answer = Response | typeof refused | typeof silent

/** Writes the answer to the `attempt`-th request (0-based). */
export type Script = (request: SentRequest, attempt: number) => Answer

export const bearer = "bearer-secret-0123456789"
export const serviceId = "715948317"

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

/** A non-JSON (or deliberately broken) answer. */
export const text = (status: number, body: string, contentType: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": contentType, ...headers } })

/** The 204 of a successful delete. */
export const noContent = (): Response => new Response(null, { status: 204 })

/** Answers every request alike. */
export const always = (answer: () => Answer): Script => () => answer()

/** Answers the n-th request with the n-th answer, the last one from then on. */
export const sequence = (...answers: ReadonlyArray<() => Answer>): Script => (_, attempt) =>
  answers[Math.min(attempt, answers.length - 1)]()

const readBody = (request: HttpClientRequest.HttpClientRequest): unknown => {
  switch (request.body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array":
      return JSON.parse(new TextDecoder().decode(request.body.body))
    default:
      throw new Error(`the scripted client cannot read a ${request.body._tag} body`)
  }
}

export interface Scripted {
  /** Every request the client received, in order. */
  readonly requests: ReadonlyArray<SentRequest>
  /** The bare scripted client. */
  readonly client: HttpClient.HttpClient
  /** `TokenManagement` over `AuthleteClient.layer(options)` over the scripted client. */
  readonly layer: Layer.Layer<TokenManagement.TokenManagement>
}

/** The options of the layer unless a test says otherwise: a bearer and a default service. */
export const defaultOptions: AuthleteClient.Options = { bearer: Redacted.make(bearer), serviceId }

export const scripted = (script: Script, options: AuthleteClient.Options = defaultOptions): Scripted => {
  const requests: Array<SentRequest> = []
  const client = HttpClient.make((request, url, signal) => {
    const sent: SentRequest = { method: request.method, url, headers: request.headers, body: readBody(request), signal }
    const answer = script(sent, requests.length)
    requests.push(sent)
    if (answer === silent) return Effect.never
    if (answer === refused) return Effect.fail(connectionRefused(request))
    return Effect.succeed(HttpClientResponse.fromWeb(request, answer))
  })
  const layer = TokenManagement.layer.pipe(
    Layer.provide(Layer.orDie(AuthleteClient.layer(options))),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )
  return { requests, client, layer }
}

/** Runs `effect` against a client answering `answer`, expects it to succeed, returns the one request it sent. */
export const sentBy = <A, E>(
  effect: Effect.Effect<A, E, TokenManagement.TokenManagement>,
  answer: () => Answer,
  options?: AuthleteClient.Options
): Effect.Effect<SentRequest, E> => {
  const harness = scripted(always(answer), options)
  return Effect.provide(effect, harness.layer).pipe(
    Effect.map(() => {
      assert.strictEqual(harness.requests.length, 1, "requests sent")
      return harness.requests[0]
    })
  )
}

/** Runs `effect` against a client following `script` and returns its failure. */
export const failureOf = <A, E>(
  effect: Effect.Effect<A, E, TokenManagement.TokenManagement>,
  script: Script,
  options?: AuthleteClient.Options
): Effect.Effect<E, A> => Effect.flip(Effect.provide(effect, scripted(script, options).layer))
