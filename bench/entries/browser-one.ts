/** Browser bundle: this SDK's browser layer with one operation. */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as BrowserAuthlete from "@effect-authlete/platform-browser/BrowserAuthlete"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const layer = BrowserAuthlete.layer({ baseUrl: "https://us.authlete.com", bearer: Redacted.make("token") })

export const create = (request: Parameters<TokenManagement.Service["create"]>[0]) =>
  Effect.runPromise(Effect.provide(TokenManagement.create(request, { serviceId: "1" }), layer))
