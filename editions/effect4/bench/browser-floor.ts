/** The Effect 4 floor of a browser bundle, as bench/entries/browser-floor.ts: effect's fetch client, one decode. */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Schema from "effect/Schema"

const TokenCreateResponse = Schema.Struct({
  resultCode: Schema.optional(Schema.String),
  resultMessage: Schema.optional(Schema.String),
  action: Schema.optional(Schema.Literals(["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "FORBIDDEN", "OK"])),
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
