/**
 * The Effect 4 Node layer against hostile servers (the Effect 3 edition's suite, linked) and configured from the
 * environment. The Effect 3 edition's own file also tests its undici agent's timeouts, which this edition does not
 * have: it runs `@effect/platform-node`'s client.
 */
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Server from "../../test-kit/test/utils/server.js"
import * as NodeAuthlete from "../src/NodeAuthlete.js"
import { hostileServerSuite } from "./utils/hostile.js"

hostileServerSuite("NodeAuthlete (Effect 4)", NodeAuthlete.layer)

it.live("layerConfig reads bearer, service and base URL from the ConfigProvider it is given", () =>
  Effect.map(Server.listThroughConfig(NodeAuthlete.layerConfig()), (total) => assert.strictEqual(total, 1)))
