/** Browser bundle, the Effect floor: effect + @effect/platform's fetch client + one Schema decode, deep imports. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const TokenCreateResponse = Schema.Struct({
  resultCode: Schema.optional(Schema.String),
  resultMessage: Schema.optional(Schema.String),
  action: Schema.optional(Schema.Literal("INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "OK")),
  accessToken: Schema.optional(Schema.String),
  expiresAt: Schema.optional(Schema.Number)
})

export const create = (body: unknown) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const request = yield* HttpClientRequest.bodyJson(
      HttpClientRequest.post("https://us.authlete.com/api/1/auth/token/create"),
      body
    )
    const response = yield* client.execute(request)
    return yield* HttpClientResponse.schemaBodyJson(TokenCreateResponse)(response)
  }).pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise)
