/** Browser bundle of the Effect 4 edition: its browser layer with one operation (as bench/entries/browser-one.ts). */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as TokenManagementTypes from "../packages/core/src/TokenManagement.js"
import * as TokenManagement from "../packages/core/src/TokenManagement.js"
import * as BrowserAuthlete from "../packages/platform-browser/src/BrowserAuthlete.js"

const layer = BrowserAuthlete.layer({ baseUrl: "https://us.authlete.com", bearer: Redacted.make("token") })

export const create = (request: Parameters<TokenManagementTypes.Service["create"]>[0]) =>
  Effect.runPromise(Effect.provide(TokenManagement.create(request, { serviceId: "1" }), layer))
