/** Browser bundle, as `browser-one` but wired from core and `FetchHttpClient` directly (no BrowserAuthlete). */
import * as AuthleteClient from "@effect-authlete/core/AuthleteClient"
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const layer = TokenManagement.layer.pipe(
  Layer.provide(AuthleteClient.layer({ baseUrl: "https://us.authlete.com", bearer: Redacted.make("token") })),
  Layer.provide(FetchHttpClient.layer)
)

export const create = (request: Parameters<TokenManagement.Service["create"]>[0]) =>
  Effect.runPromise(Effect.provide(TokenManagement.create(request, { serviceId: "1" }), layer))
