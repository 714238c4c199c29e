/**
 * A lean `HttpClient` on undici's own `Dispatcher.request`.
 *
 * `NodeHttpClient.layerUndici` also sends with undici, but every request pays for the platform's generic machinery
 * (a `URL` object, tracing checks, a finalization registry, a wrapper response, a cached body effect run through a
 * fiber). This client goes straight to `dispatcher.request` and records no HTTP client span, whatever the fiber's
 * tracing settings (the SDK's own span per operation stands for the call). Interruption (and so any `Effect.timeout`)
 * aborts the request or the body being read.
 *
 * Nothing of an answer stays reachable from the client's closures once it is read. V8 allocates a function literal
 * assigned to a property straight into its old generation, and Effect 3 builds `Effect.async`, `onInterrupt` and the
 * masks that way: each call leaves such closures behind, dead, and until the next full collection they keep alive
 * whatever they reference. So the abort signal is let go once the answer came (undici's listener on it holds the
 * response), and a body read reaches its response only until it settled (`readOnce`): a 100-token `list` otherwise
 * left its 51 KB of JSON text behind on every call.
 *
 * Under Bun, whose built-in `undici` module is a stub (its `Agent` has neither `request` nor `destroy`), the client
 * sends with the runtime's `fetch` instead (`FetchHttpClient` of `@effect/platform`), and Bun pools the connections.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeStream from "@effect/platform-node/NodeStream"
import type * as Undici from "@effect/platform-node/Undici"
import * as Cookies from "@effect/platform/Cookies"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import { EventEmitter } from "node:events"

type RequestBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

const toBody = (body: HttpBody.HttpBody): Effect.Effect<RequestBody | undefined> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(undefined)
    case "Uint8Array":
    case "Raw":
      return Effect.succeed(body.body as RequestBody)
    case "FormData":
      return Effect.succeed(body.formData as unknown as RequestBody)
    case "Stream":
      return NodeStream.toReadable(body.stream)
  }
}

/** Sends one request; an `abort` event of the signal aborts it. */
const send = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  body: RequestBody | undefined,
  signal: EventEmitter
): Promise<Undici.Dispatcher.ResponseData> =>
  dispatcher.request({
    signal,
    method: request.method,
    headers: request.headers,
    origin: url.origin,
    path: url.pathname + url.search,
    body: body ?? null
    // No headersTimeout/bodyTimeout here: the dispatcher's apply, a backstop behind the caller's own timeout (which
    // interrupts, and so aborts, the request). undici's `request` follows no redirect.
  })

const requestError = (
  request: HttpClientRequest.HttpClientRequest,
  reason: "Transport" | "InvalidUrl",
  cause: unknown
) => new HttpClientError.RequestError({ request, reason, cause })

const noop = () => {}

/** The body read once, whoever asks first: each kind of read is memoized on the response. */
const readText = (response: UndiciResponse) => response.textPromise ??= response.source.body.text()
const readArrayBuffer = (response: UndiciResponse) => response.arrayBufferPromise ??= response.source.body.arrayBuffer()
const readFormData = (response: UndiciResponse) =>
  response.formDataPromise ??= response.source.body.formData() as Promise<FormData>

/**
 * One body read, `start(response)`. Its closures are made here, where nothing else is in scope, and reach the response
 * only through `pending`, emptied once the read settled: they outlive the call (see the module's comment), and the
 * response's undici body keeps its text.
 */
const readOnce = <A>(
  response: UndiciResponse,
  start: (response: UndiciResponse) => Promise<A>
): Effect.Effect<A, HttpClientError.ResponseError> => {
  let pending: UndiciResponse | undefined = response
  return Effect.onInterrupt(
    Effect.async<A, HttpClientError.ResponseError>((resume) => {
      const reader = pending!
      start(reader).then(
        (value) => {
          pending = undefined
          resume(Effect.succeed(value))
        },
        (cause) => {
          pending = undefined
          resume(Effect.fail(reader.decodeError(cause)))
        }
      )
    }),
    () => Effect.sync(() => pending?.source.body.destroy())
  )
}

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly source: Undici.Dispatcher.ResponseData
  ) {
    super()
    // An unread body that errors (e.g. the connection resets) must not crash the process.
    source.body.on("error", noop)
  }

  get status(): number {
    return this.source.statusCode
  }

  private cachedHeaders?: Headers.Headers
  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.source.headers as Headers.Input)
  }

  private cachedCookies?: Cookies.Cookies
  get cookies(): Cookies.Cookies {
    if (this.cachedCookies !== undefined) return this.cachedCookies
    const header = this.source.headers["set-cookie"]
    return this.cachedCookies = header === undefined
      ? Cookies.empty
      : Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  /** @internal */
  decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /** @internal */
  textPromise?: Promise<string>
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.suspend(() => readOnce(this, readText))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) => {
      try {
        return Effect.succeed(text === "" ? null : JSON.parse(text) as unknown)
      } catch (cause) {
        return Effect.fail(this.decodeError(cause))
      }
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) => {
      try {
        return Effect.succeed(UrlParams.fromInput(new URLSearchParams(text)))
      } catch (cause) {
        return Effect.fail(this.decodeError(cause))
      }
    })
  }

  /** @internal */
  arrayBufferPromise?: Promise<ArrayBuffer>
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.suspend(() => readOnce(this, readArrayBuffer))
  }

  /** @internal */
  formDataPromise?: Promise<FormData>
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.suspend(() => readOnce(this, readFormData))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return NodeStream.fromReadable(() => this.source.body, (cause) => this.decodeError(cause))
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/** Whether undici can send here: Bun's built-in `undici` hands out dispatchers without `request`. */
const canSend = (dispatcher: Undici.Dispatcher) => typeof dispatcher.request === "function"

let fetchClient: HttpClient.HttpClient | undefined

/** Where undici cannot send: the platform's `fetch` client, built once (building it does nothing else). */
const fallback = (): HttpClient.HttpClient =>
  fetchClient ??= Effect.runSync(Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer))

/** Destroys a dispatcher and its sockets; nothing to do for one that has no `destroy` (Bun's stub). */
export const destroy = (dispatcher: Undici.Dispatcher): Effect.Effect<void> =>
  typeof dispatcher.destroy === "function" ? Effect.promise(() => dispatcher.destroy()) : Effect.void

/**
 * An `HttpClient` over an undici dispatcher (an `Agent`, `Pool` or `Client`). It records no HTTP client span, whatever
 * the fiber's tracing settings: the SDK's own span per operation stands for the call (a platform span would record
 * `url.full`, and a delete URL holds a token). A dispatcher that cannot send (Bun's built-in `undici` is a stub) gives
 * the platform's `fetch` client instead.
 */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  canSend(dispatcher)
    ? HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
      (effect) => Effect.flatMap(effect, (request) => execute(dispatcher, request)),
      Effect.succeed
    )
    : fallback()

const execute = (dispatcher: Undici.Dispatcher, request: HttpClientRequest.HttpClientRequest) => {
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (url._tag === "Left") return Effect.fail(requestError(request, "InvalidUrl", url.left))
  return Effect.flatMap(toBody(request.body), (body) => {
    // undici's documented signal is `AbortSignal | EventEmitter`: an emitter costs a tenth of an `AbortController`.
    // It is let go once answered: undici's listener on it holds the response, and with it the body (see `readOnce`).
    let signal: EventEmitter | undefined = new EventEmitter()
    let aborted = false
    return Effect.onInterrupt(
      Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
        send(dispatcher, request, url.right, body, signal!).then(
          (source) => {
            signal = undefined
            const response = new UndiciResponse(request, source)
            // Answered after an interruption: nobody will read the body.
            if (aborted) source.body.destroy()
            resume(Effect.succeed(response))
          },
          (cause) => {
            signal = undefined
            resume(Effect.fail(requestError(request, "Transport", cause)))
          }
        )
      }),
      () =>
        Effect.sync(() => {
          aborted = true
          signal?.emit("abort")
        })
    )
  })
}

/** The client over the `NodeHttpClient.Dispatcher` in context. */
export const layerWithoutDispatcher: Layer.Layer<HttpClient.HttpClient, never, NodeHttpClient.Dispatcher> = HttpClient
  .layerMergedContext(Effect.map(NodeHttpClient.Dispatcher, make))
