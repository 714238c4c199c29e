/** Browser bundle: the official SDK's standalone `create` function over `AuthleteCore`. */
import { AuthleteCore } from "@authlete/typescript-sdk/core.js"
import { tokenManagementCreate } from "@authlete/typescript-sdk/funcs/tokenManagementCreate.js"

const core = new AuthleteCore({ bearer: "token" })

export const create = (request: Parameters<typeof tokenManagementCreate>[1]) => tokenManagementCreate(core, request)
