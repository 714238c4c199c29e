/**
 * The state file of the standalone server: a snapshot as JSON, read at start and written atomically (a temporary file
 * beside it, flushed, then renamed over it), so a reader or a crash sees the old file or the new one, never half of
 * one. A file that is not a snapshot is an error, never replaced.
 */
import * as EmulatorSnapshot from "@effect-authlete/emulator/EmulatorSnapshot"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs/promises"
import { TypeId } from "./errors.js"

/** The state file cannot be read, is not a snapshot, or cannot be written. */
export class StateFileError
  extends Schema.TaggedError<StateFileError>("@effect-authlete/emulator-server/StateFileError")("StateFileError", {
    message: Schema.String
  })
{
  /**
   * Marks this error as one of the server's.
   */
  readonly [TypeId]: TypeId = TypeId
}

const reason = (error: unknown): string =>
  typeof error === "object" && error !== null && "code" in error ? String(error.code) : "unknown error"

/** The snapshot in the file, or none when there is no file yet. */
export const load = (path: string): Effect.Effect<Option.Option<EmulatorSnapshot.Snapshot>, StateFileError> =>
  Effect.tryPromise({
    try: () =>
      Fs.readFile(path, "utf8").then(Option.some, (error) => {
        if (reason(error) === "ENOENT") return Option.none<string>()
        throw error
      }),
    catch: (error) => new StateFileError({ message: `cannot read the state file ${path} (${reason(error)})` })
  }).pipe(
    Effect.flatMap(Option.match({
      onNone: () => Effect.succeedNone,
      onSome: (text) =>
        EmulatorSnapshot.fromJson(text).pipe(
          Effect.map(Option.some),
          Effect.mapError((error) =>
            new StateFileError({
              message: `the state file ${path} is not an emulator state (${error.message}); ` +
                "repair it or move it away to start from the seed"
            })
          )
        )
    }))
  )

/** Writes the snapshot: temporary file, flushed to disk, renamed over the file. Uninterruptible. */
export const save = (path: string, snapshot: EmulatorSnapshot.Snapshot): Effect.Effect<void, StateFileError> =>
  Effect.uninterruptible(Effect.tryPromise({
    try: async () => {
      const temporary = `${path}.${process.pid}.tmp`
      try {
        const file = await Fs.open(temporary, "w", 0o600)
        try {
          await file.writeFile(EmulatorSnapshot.toJson(snapshot))
          await file.sync()
        } finally {
          await file.close()
        }
        await Fs.rename(temporary, path)
      } catch (error) {
        await Fs.rm(temporary, { force: true })
        throw error
      }
    },
    catch: (error) => new StateFileError({ message: `cannot write the state file ${path} (${reason(error)})` })
  }))
