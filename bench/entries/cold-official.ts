/** Cold start: import the official SDK and complete one `create` (argv: base URL). Prints ms since process start. */
import { AuthleteCore } from "@authlete/typescript-sdk/core.js"
import { tokenManagementCreate } from "@authlete/typescript-sdk/funcs/tokenManagementCreate.js"
import * as Fixtures from "../src/fixtures.js"

const core = new AuthleteCore({ bearer: Fixtures.bearer, serverURL: process.argv[2] })
tokenManagementCreate(core, {
  serviceId: Fixtures.serviceId,
  tokenCreateRequest: {
    ...Fixtures.createRequest,
    scopes: [...Fixtures.createRequest.scopes],
    properties: [...Fixtures.createRequest.properties]
  }
}).then((result) => {
  if (!result.ok) throw result.error
  process.stdout.write(`${performance.now()}\n`)
  process.exit(0)
})
