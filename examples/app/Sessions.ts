/**
 * Application code, as you would write it: it only asks for `TokenManagement`, so it runs unchanged against Authlete,
 * the mock server or the in-memory emulator. `testing-with-memory.ts` and `test/Sessions.test.ts` test it.
 */
import { TokenManagement } from "@effect-authlete/core"
import { Chunk, Effect, Stream } from "effect"

/** The unexpired tokens a user holds, all pages of them. */
export const activeSessions = (subject: string) =>
  TokenManagement.listStream({ subject, tokenStatus: "VALID", pageSize: 50 }).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray)
  )

/**
 * Revokes every token of a user and answers how many there were. A bulk revoke stops at a server-side cap (20 by
 * default), so it is repeated until Authlete answers `count: 0`.
 */
export const signOutEverywhere = (subject: string) =>
  Effect.iterate({ revoked: 0, last: -1 }, {
    while: ({ last }) => last !== 0,
    body: ({ revoked }) =>
      Effect.map(TokenManagement.revoke({ subject }), ({ count = 0 }) => ({ revoked: revoked + count, last: count }))
  }).pipe(Effect.map(({ revoked }) => revoked))
