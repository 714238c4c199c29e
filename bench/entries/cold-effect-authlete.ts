/** Cold start: import the Node package and complete one `create` (argv: base URL). Prints ms since process start. */
import * as TokenManagement from "@effect-authlete/core/TokenManagement"
import * as NodeAuthlete from "@effect-authlete/platform-node/NodeAuthlete"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Fixtures from "../src/fixtures.js"

const program = TokenManagement.create(Fixtures.createRequest).pipe(
  Effect.provide(
    NodeAuthlete.layer({
      baseUrl: process.argv[2],
      serviceId: Fixtures.serviceId,
      bearer: Redacted.make(Fixtures.bearer)
    })
  )
)

Effect.runPromise(program).then((response) => {
  if (response.action !== "OK") throw new Error("create failed")
  process.stdout.write(`${performance.now()}\n`)
  process.exit(0)
})
