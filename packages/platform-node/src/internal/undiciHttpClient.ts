/**
 * A lean `HttpClient` on undici's own `Dispatcher.request`.
 *
 * `NodeHttpClient.layerUndici` also sends with undici, but every request pays for the platform's generic machinery
 * (a `URL` object, tracing checks, a finalization registry, a wrapper response, a cached body effect run through a
 * fiber). This client goes straight to `dispatcher.request` and records no HTTP client span, whatever the fiber's
 * tracing settings (the SDK's own span per operation stands for the call). Interruption (and so any `Effect.timeout`)
 * aborts the request or the body being read.
 *
 * The abort is an `Effect.onInterrupt` around a canceler-less `Effect.async`, not a canceler returned to
 * `Effect.async`: with a canceler, V8's young-generation collections kept each call's fiber, and with it the whole
 * answer, alive until the next full collection (a `list` page promoted ~5 MB to the old generation per scavenge,
 * each scavenge taking ~6 ms instead of ~0.7 ms).
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

  private decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /** Reads the body once, whoever asks first; interrupting the reader destroys the body (and its connection). */
  private read<A>(promise: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.onInterrupt(
      Effect.async<A, HttpClientError.ResponseError>((resume) => {
        promise().then(
          (value) => resume(Effect.succeed(value)),
          (cause) => resume(Effect.fail(this.decodeError(cause)))
        )
      }),
      () => Effect.sync(() => this.source.body.destroy())
    )
  }

  private textPromise?: Promise<string>
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.read(() => this.textPromise ??= this.source.body.text())
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

  private arrayBufferPromise?: Promise<ArrayBuffer>
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.read(() => this.arrayBufferPromise ??= this.source.body.arrayBuffer())
  }

  private formDataPromise?: Promise<FormData>
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.read(() => this.formDataPromise ??= this.source.body.formData() as Promise<FormData>)
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
    // undici's documented signal is `AbortSignal | EventEmitter`: an emitter costs a tenth of an `AbortController`
    const signal = new EventEmitter()
    let aborted = false
    return Effect.onInterrupt(
      Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume) => {
        send(dispatcher, request, url.right, body, signal).then(
          (source) => {
            const response = new UndiciResponse(request, source)
            // Answered after an interruption: nobody will read the body.
            if (aborted) source.body.destroy()
            resume(Effect.succeed(response))
          },
          (cause) => resume(Effect.fail(requestError(request, "Transport", cause)))
        )
      }),
      () =>
        Effect.sync(() => {
          aborted = true
          signal.emit("abort")
        })
    )
  })
}

/** The client over the `NodeHttpClient.Dispatcher` in context. */
export const layerWithoutDispatcher: Layer.Layer<HttpClient.HttpClient, never, NodeHttpClient.Dispatcher> = HttpClient
  .layerMergedContext(Effect.map(NodeHttpClient.Dispatcher, make))
