/**
 * What the core tests need of Effect where Effect 3 and Effect 4 spell it differently, in one place: fibers and the
 * test clock, configuration, log lines, causes, and the property tests' fast-check. The tests that use it are shared by
 * both editions; this file is the Effect 3 one (the Effect 4 edition has its own).
 */
import type { Cause, Duration, Exit, Option } from "effect"
import {
  Arbitrary,
  ConfigError,
  ConfigProvider,
  Effect,
  FastCheck,
  Fiber,
  HashMap,
  Logger,
  LogLevel,
  Schema,
  TestClock
} from "effect"

/** fast-check, as Effect 3 ships it (the arbitraries of schemas are its). */
export { FastCheck as fc }

export type DurationInput = Duration.DurationInput

/** Any schema without services, for code that goes over every operation's schemas. */
export type AnySchema = Schema.Schema<any, any>

/** Random values of `schema`'s type. */
export const arbitraryOf = (schema: AnySchema): FastCheck.Arbitrary<unknown> => Arbitrary.make(schema)

/** `schema`'s decoding of `input`, members it does not know ignored. */
export const decodeOption = (schema: AnySchema, input: unknown): Option.Option<unknown> =>
  Schema.decodeUnknownOption(schema)(input, { onExcessProperty: "ignore" })

/** Runs `effect` in a fiber of its own, a child of the current one. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> =>
  Effect.fork(effect)

/** The fiber's exit, if it is over. */
export const poll = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<Option.Option<Exit.Exit<A, E>>> => Fiber.poll(fiber)

/** Moves the test clock forward. */
export const adjust = (duration: DurationInput): Effect.Effect<void> => TestClock.adjust(duration)

/** Runs `effect` with its configuration read from `env` and nothing else. */
export const withEnv = <A, E, R>(effect: Effect.Effect<A, E, R>, env: Record<string, string>): Effect.Effect<A, E, R> =>
  Effect.withConfigProvider(effect, ConfigProvider.fromMap(new Map(Object.entries(env))))

export const isConfigError = (error: unknown): boolean => ConfigError.isConfigError(error)

/** A log line as the logger gives it: level in capitals (`DEBUG`), its message as logged, its annotations. */
export type LogLine = { readonly level: string; readonly message: unknown; readonly annotations: object }

/** Runs `effect` with one logger, handing `record` every line at or above `level`. */
export const withLogLines = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  level: "Debug" | "Info",
  record: (line: LogLine) => void
): Effect.Effect<A, E, R> =>
  effect.pipe(
    Effect.provide(Logger.replace(
      Logger.defaultLogger,
      Logger.make(({ annotations, logLevel, message }) =>
        record({ level: logLevel.label, message, annotations: Object.fromEntries(HashMap.toEntries(annotations)) })
      )
    )),
    Logger.withMinimumLogLevel(level === "Debug" ? LogLevel.Debug : LogLevel.Info)
  )

/** The error of `cause` when it is exactly one typed failure (no defect, no interruption, nothing else). */
export const onlyFailure = <E>(cause: Cause.Cause<E>): { readonly error: E } | undefined =>
  cause._tag === "Fail" ? { error: cause.error } : undefined
