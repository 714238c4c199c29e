/**
 * The Effect 4 fetch layer, here over Node's own `fetch`, against hostile servers (the Effect 3 edition's suite,
 * linked) and configured from the environment; the contract suite runs over it in test-kit, Chromium in
 * `BrowserAuthlete.test.ts`.
 */
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { hostileServerSuite } from "../../platform-node/test/utils/hostile.js"
import * as Server from "../../test-kit/test/utils/server.js"
import * as BrowserAuthlete from "../src/BrowserAuthlete.js"

// Node's fetch, with the layer's `redirect: "manual"`, sees the 3xx itself; Chromium's hiding of it is tested there.
hostileServerSuite("BrowserAuthlete (fetch, Effect 4)", BrowserAuthlete.layer)

it.live("layerConfig reads bearer, service and base URL from the ConfigProvider it is given", () =>
  Effect.map(Server.listThroughConfig(BrowserAuthlete.layerConfig()), (total) => assert.strictEqual(total, 1)))
