/**
 * Entry of the matrix for Cloudflare's workerd: a worker whose `fetch` takes the smoke input as a JSON body and answers
 * the summary. The browser layer (`fetch`) is the one a worker uses.
 */
import { BrowserAuthlete } from "@effect-authlete/platform-browser"
import type { SmokeInput } from "./smoke.js"
import { optionsOf, smoke } from "./smoke.js"

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      const input = await request.json() as SmokeInput
      return Response.json({ ok: true, summary: await smoke(input, BrowserAuthlete.layer(optionsOf(input))) })
    } catch (error) {
      return Response.json({ ok: false, error: String(error) })
    }
  }
}
