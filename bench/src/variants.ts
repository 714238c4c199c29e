/**
 * The clients under test. Each variant sends the same `create` and `list` calls to the benchmark server and returns
 * the parsed answer, as a user of that client would read it.
 */
import { AuthleteCore } from "@authlete/typescript-sdk/core.js"
import { tokenManagementCreate } from "@authlete/typescript-sdk/funcs/tokenManagementCreate.js"
import { tokenManagementList } from "@authlete/typescript-sdk/funcs/tokenManagementList.js"
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as NodeAuthlete from "@effect-authlete/platform-node/NodeAuthlete"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Undici from "undici"
import * as Fixtures from "./fixtures.js"

/** A client ready to send, with what it takes to stop it. */
export interface Client {
  readonly create: () => Promise<unknown>
  readonly list: () => Promise<unknown>
  readonly close: () => Promise<void>
}

/** A client under test, by name. */
export interface Variant {
  readonly name: string
  readonly make: (baseUrl: string) => Promise<Client>
}

const headers = {
  authorization: `Bearer ${Fixtures.bearer}`,
  accept: "application/json",
  "content-type": "application/json"
}
const listHeaders = { authorization: headers.authorization, accept: headers.accept }
const listSearch = `?start=${Fixtures.listQuery.start}&end=${Fixtures.listQuery.end}`
const createBody = JSON.stringify(Fixtures.createRequest)

const paths = (baseUrl: string) => ({
  create: `${baseUrl}/api/${Fixtures.serviceId}${Fixtures.routes.create}`,
  list: `${baseUrl}/api/${Fixtures.serviceId}${Fixtures.routes.list}${listSearch}`
})

const check = (status: number) => {
  if (status !== 200) throw new Error(`unexpected status ${status}`)
}

/** `undici.request` on its own agent, body parsed with `JSON.parse`: the floor. */
const undiciRequest: Variant = {
  name: "undici.request",
  make: async (baseUrl) => {
    const url = paths(baseUrl)
    const dispatcher = new Undici.Agent()
    return {
      create: async () => {
        const response = await Undici.request(url.create, { method: "POST", headers, body: createBody, dispatcher })
        check(response.statusCode)
        return response.body.json()
      },
      list: async () => {
        const response = await Undici.request(url.list, { method: "GET", headers: listHeaders, dispatcher })
        check(response.statusCode)
        return response.body.json()
      },
      close: () => dispatcher.close()
    }
  }
}

/** Node's global `fetch`. */
const fetchVariant: Variant = {
  name: "fetch",
  make: async (baseUrl) => {
    const url = paths(baseUrl)
    return {
      create: async () => {
        const response = await fetch(url.create, { method: "POST", headers, body: createBody })
        check(response.status)
        return response.json()
      },
      list: async () => {
        const response = await fetch(url.list, { method: "GET", headers: listHeaders })
        check(response.status)
        return response.json()
      },
      close: async () => {}
    }
  }
}

/** `@authlete/typescript-sdk`'s standalone functions over `AuthleteCore` (it uses the global `fetch`). */
const officialSdk: Variant = {
  name: "official SDK",
  make: async (baseUrl) => {
    const core = new AuthleteCore({ bearer: Fixtures.bearer, serverURL: baseUrl })
    return {
      create: async () => {
        const result = await tokenManagementCreate(core, {
          serviceId: Fixtures.serviceId,
          tokenCreateRequest: {
            ...Fixtures.createRequest,
            scopes: [...Fixtures.createRequest.scopes],
            properties: [...Fixtures.createRequest.properties]
          }
        })
        if (!result.ok) throw result.error
        return result.value
      },
      list: async () => {
        const result = await tokenManagementList(core, { serviceId: Fixtures.serviceId, ...Fixtures.listQuery })
        if (!result.ok) throw result.error
        return result.value
      },
      close: async () => {}
    }
  }
}

/** This SDK through a `TokenManagement` layer. */
const effectAuthlete = (
  name: string,
  layerFor: (baseUrl: string) => Layer.Layer<TokenManagement.TokenManagement, unknown>
): Variant => ({
  name,
  make: async (baseUrl) => {
    const runtime = ManagedRuntime.make(layerFor(baseUrl))
    await runtime.runPromise(TokenManagement.TokenManagement)
    return {
      create: () => runtime.runPromise(TokenManagement.create(Fixtures.createRequest)),
      list: () => runtime.runPromise(TokenManagement.list(Fixtures.listQuery)),
      close: () => runtime.dispose()
    }
  }
})

const options = (baseUrl: string) => ({
  bearer: Redacted.make(Fixtures.bearer),
  serviceId: Fixtures.serviceId,
  baseUrl
})

/** Core's layers over a given `HttpClient` layer. */
const over = (httpClient: Layer.Layer<HttpClient.HttpClient>) => (baseUrl: string) =>
  TokenManagement.layer.pipe(Layer.provide(AuthleteClient.layer(options(baseUrl))), Layer.provide(httpClient))

/** Every variant, in table order. The first is the reference of the ratios. */
export const variants: ReadonlyArray<Variant> = [
  undiciRequest,
  fetchVariant,
  officialSdk,
  // what a Node user writes: NodeAuthlete.layer
  effectAuthlete("effect-authlete node", (baseUrl) => NodeAuthlete.layer(options(baseUrl))),
  // What the per-attempt timeout costs: the same client with it lifted (the agent's timers lifted with it).
  effectAuthlete(
    "effect-authlete node, no timeout",
    (baseUrl) => NodeAuthlete.layer({ ...options(baseUrl), timeout: Duration.infinity })
  ),
  effectAuthlete("effect-authlete fetch", over(FetchHttpClient.layer)),
  effectAuthlete("effect-authlete stock undici", over(NodeHttpClient.layerUndici))
]
