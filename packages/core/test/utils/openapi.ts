/**
 * The examples of Authlete's OpenAPI document (3.0.16, the six token-management operations), read from the copy in
 * `test/fixtures`.
 */
import { readFileSync } from "node:fs"
import type { Operation } from "../../src/AuthleteError.js"

interface MediaType {
  readonly example?: unknown
  readonly examples?: Record<string, { readonly value?: unknown; readonly $ref?: string }>
}

interface ResponseObject {
  readonly $ref?: string
  readonly content?: Record<string, MediaType>
}

interface Spec {
  readonly paths: Record<
    string,
    Record<string, { readonly operationId: string; readonly responses: Record<string, ResponseObject> }>
  >
  readonly components: {
    readonly responses?: Record<string, ResponseObject>
    readonly examples?: Record<string, { readonly value: unknown }>
  }
}

const spec: Spec = JSON.parse(
  readFileSync(new URL("../fixtures/authlete-openapi-token.json", import.meta.url), "utf8")
)

const operations: Record<string, Operation> = {
  idtoken_reissue_api: "reissueIdToken",
  auth_token_get_list_api: "list",
  auth_token_create_api: "create",
  auth_token_update_api: "update",
  auth_token_delete_api: "delete",
  auth_token_revoke_api: "revoke"
}

const lastSegment = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1)

const resolveResponse = (response: ResponseObject): ResponseObject =>
  response.$ref === undefined ? response : spec.components.responses![lastSegment(response.$ref)]

/** The JSON examples of a media type: the inline `example` and each of `examples` (following `$ref`s). */
const examplesOf = (media: MediaType): Array<unknown> => [
  ...(media.example === undefined ? [] : [media.example]),
  ...Object.values(media.examples ?? {}).map((example) =>
    example.$ref === undefined ? example.value : spec.components.examples![lastSegment(example.$ref)].value
  )
]

/** One example answer of the document. */
export interface ResponseExample {
  readonly operation: Operation
  readonly status: number
  readonly body: unknown
}

/** Every JSON example answer of every operation. */
export const responseExamples: ReadonlyArray<ResponseExample> = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).flatMap(({ operationId, responses }) =>
    Object.entries(responses).flatMap(([status, response]) =>
      examplesOf(resolveResponse(response).content?.["application/json"] ?? {}).map((body) => ({
        operation: operations[operationId],
        status: Number(status),
        body
      }))
    )
  )
)
