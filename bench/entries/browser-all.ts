/** Browser bundle: this SDK's browser layer with all its operations. */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as BrowserAuthlete from "@effect-authlete/platform-browser/BrowserAuthlete"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const layer = BrowserAuthlete.layer({ baseUrl: "https://us.authlete.com", bearer: Redacted.make("token") })
const run = <A, E>(effect: Effect.Effect<A, E, TokenManagement.TokenManagement>) =>
  Effect.runPromise(Effect.provide(effect, layer))

export const reissueIdToken = (request: Parameters<TokenManagement.Service["reissueIdToken"]>[0]) =>
  run(TokenManagement.reissueIdToken(request))
export const list = (request: Parameters<TokenManagement.Service["list"]>[0]) => run(TokenManagement.list(request))
export const create = (request: Parameters<TokenManagement.Service["create"]>[0]) =>
  run(TokenManagement.create(request))
export const update = (request: Parameters<TokenManagement.Service["update"]>[0]) =>
  run(TokenManagement.update(request))
export const remove = (request: Parameters<TokenManagement.Service["delete"]>[0]) =>
  run(TokenManagement.delete(request))
export const revoke = (request: Parameters<TokenManagement.Service["revoke"]>[0]) =>
  run(TokenManagement.revoke(request))
