/**
 * What the core tests need of Effect where Effect 3 and Effect 4 spell it differently, in one place: the Effect 4
 * edition's (the shared tests import it by relative path; the Effect 3 edition has its own). Effect 4 no longer ships
 * fast-check: the property tests use the package itself, and a schema's values come from Effect's own generator.
 */
import type { Cause, Exit } from "effect"
import type { Duration } from "effect"
import { Arbitrary, Config, ConfigProvider, Effect, Logger, Option, References, Schema } from "effect"
import type * as Fiber from "effect/Fiber"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { withoutNulls } from "../../src/internal/nulls.js"

/** fast-check, the package (Effect 4 has a property runner of its own). */
export * as fc from "fast-check"

export type DurationInput = Duration.Input

/** Any schema without services, for code that goes over every operation's schemas. */
export type AnySchema = Schema.Codec<any, any>

/** How many values of a schema a property draws from (Effect 4's generator is not a fast-check arbitrary). */
const samples = 500

/**
 * Random values of `schema`'s type: a fixed sample of Effect 4's generator, drawn from by fast-check (which can
 * shrink the choice, not the value).
 */
export const arbitraryOf = (schema: AnySchema): fc.Arbitrary<unknown> => {
  const values = Effect.runSync(
    Arbitrary.sampleEffect(Arbitrary.schema(schema as Schema.Top & Schema.Codec<any, any>), { count: samples, seed: 1 })
  )
  return fc.constantFrom(...values)
}

/**
 * `schema`'s decoding of `input`, members it does not know ignored, and `null` members read as absent: in this
 * edition a response schema's `received` fields do not take `null` themselves, the client removes them first
 * (`internal/nulls.ts`), as decoding does here.
 */
export const decodeOption = (schema: AnySchema, input: unknown): Option.Option<unknown> =>
  Schema.decodeUnknownOption(schema)(withoutNulls(input), { onExcessProperty: "ignore" })

/** Runs `effect` in a fiber of its own, a child of the current one. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> =>
  Effect.forkChild(effect)

/** The fiber's exit, if it is over. */
export const poll = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<Option.Option<Exit.Exit<A, E>>> =>
  Effect.sync(() => Option.fromNullishOr(fiber.pollUnsafe()))

/** Moves the test clock forward. */
export const adjust = (duration: DurationInput): Effect.Effect<void> => TestClock.adjust(duration)

/** Runs `effect` with its configuration read from `env` and nothing else. */
export const withEnv = <A, E, R>(effect: Effect.Effect<A, E, R>, env: Record<string, string>): Effect.Effect<A, E, R> =>
  Effect.provideService(effect, ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))

export const isConfigError = (error: unknown): boolean => error instanceof Config.ConfigError

/** Runs `effect` with one logger, handing `record` every line at or above `level`. */
export const withLogLines = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  level: "Debug" | "Info",
  record: (line: LogLine) => void
): Effect.Effect<A, E, R> => {
  const logger = Logger.make(({ fiber, logLevel, message }) =>
    record({
      level: logLevel.toUpperCase(),
      message,
      annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
    })
  )
  return Effect.provide(effect, Logger.layer([logger])).pipe(Effect.provideService(References.MinimumLogLevel, level))
}

/** A log line as the logger gives it: level in capitals (`DEBUG`), its message as logged, its annotations. */
export type LogLine = { readonly level: string; readonly message: unknown; readonly annotations: object }

/** The error of `cause` when it is exactly one typed failure (no defect, no interruption, nothing else). */
export const onlyFailure = <E>(cause: Cause.Cause<E>): { readonly error: E } | undefined => {
  const [reason, ...others] = cause.reasons
  return others.length === 0 && reason?._tag === "Fail" ? { error: reason.error } : undefined
}
