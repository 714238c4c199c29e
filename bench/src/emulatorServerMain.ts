/**
 * The emulator as a server in its own process, for `pnpm bench` until the emulator-server's bin replaces it:
 * `MockServer.start({ port })` (port from the first argument, default any free one), then its URL on one stdout line.
 * Stops on SIGTERM or SIGINT.
 */
import * as MockServer from "@effect-authlete/emulator-server/MockServer"

const server = await MockServer.start({ port: Number(process.argv[2] ?? 0) })
process.stdout.write(`${server.url}\n`)
const stop = () => void server.close().then(() => process.exit(0))
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
