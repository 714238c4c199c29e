import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * A decoder compiled once per schema, for the successful path only.
 *
 * `ParseResult`'s interpreter builds an `Either` and bookkeeping for every node it visits; a 100-token `list` answer
 * spent about 1 ms there. This compiles the decode side of the schema's AST into plain closures that return the value
 * or {@link Fail}. It covers exactly what the response models are made of — classes whose fields are keywords,
 * literal unions, arrays, `Redacted` strings or other classes, optional and nullable — and gives up on any other node
 * (the whole schema then uses `ParseResult`). It is conservative: when a value does not fit, it returns `Fail` and the
 * caller runs `ParseResult`, which either succeeds (same value) or builds the precise issue. So errors are always
 * `ParseResult`'s own, and a success is what `ParseResult` would produce; `test/fastDecode.test.ts` checks both on
 * generated answers of every response schema.
 *
 * It reads the AST through `SchemaAST`'s public types only and runs the schema's own code wherever `ParseResult` would:
 * each transformation's `decode`, each field's `optionalWith` transformation, each declaration's check (`Redacted`'s).
 * One exception, the {@link Model} classes the caller names: a `Schema.Class` instance is its fields on the class's
 * prototype (`Data.Class`), so a model without field defaults is built as exactly that, `Object.create(prototype)`
 * and its decoded fields, not through its constructor (which copies the props twice and looks for defaults on every
 * call: two thirds of a 100-token page's decoding) and then checked with `instanceof`. `test/fastDecode.test.ts`
 * compares prototype, keys and values with `ParseResult`'s on generated answers of every response schema.
 */
const Fail: unique symbol = Symbol.for("@effect-authlete/core/fastDecode/Fail")

type Decode = (input: unknown) => unknown

/** A `Schema.Class`, as far as decoding it needs: its schema, its fields and the prototype of its instances. */
export interface Model {
  readonly ast: AST.AST
  readonly fields: Schema.Struct.Fields
  readonly prototype: object
}

/**
 * The schemas the caller vouches for, so the decoder may build or check their values directly: the `Schema.Class`
 * models (see below), and `Schema.Redacted(Schema.String)` schemas, whose decoded `Redacted` is taken as it is rather
 * than unwrapped, checked and wrapped again (each `Redacted` is an entry in a `WeakMap`, dear to the collector).
 */
export interface Known {
  readonly models: ReadonlyArray<Model>
  readonly redactedStrings: ReadonlyArray<Schema.Schema<Redacted.Redacted<string>, string>>
}

const nothingKnown: Known = { models: [], redactedStrings: [] }

/**
 * Annotates a property signature made by `Schema.optionalWith(schema, { nullable: true })`: `null` decodes as if the
 * member were absent, any other value as the schema decodes it. The decoder then drops `null` itself instead of
 * running the signature's `Option` transformation for every field of every token.
 *
 * @internal
 */
export const NullMeansAbsent: unique symbol = Symbol.for("@effect-authlete/core/fastDecode/NullMeansAbsent")

/** Whether a field of a model fills itself in when absent (the constructor would then have work to do). */
const hasDefault = (field: Schema.Struct.Field): boolean => {
  if (!Schema.isPropertySignature(field)) return false
  const ast = field.ast
  return (ast._tag === "PropertySignatureDeclaration" ? ast.defaultValue : ast.to.defaultValue) !== undefined
}

/** Thrown while compiling a node the fast path does not cover. */
const Unsupported = { _tag: "Unsupported" } as const

const isNull = (ast: AST.AST) => AST.isLiteral(ast) && ast.literal === null

const isRight = (result: unknown): result is Either.Right<unknown, unknown> =>
  Either.isEither(result) && Either.isRight(result)

const primitive = (type: string): Decode => (input) => typeof input === type ? input : Fail

const compiler = (options: AST.ParseOptions, { models, redactedStrings }: Known) => {
  const cache = new Map<AST.AST, Decode>()
  /** The prototype of each model built directly, by its schema, and by the declaration of its instances. */
  const built = models.filter((model) => !Object.values(model.fields).some(hasDefault))
  const prototypes = new Map(built.map((model) => [model.ast, model.prototype] as const))
  const instances = new Map(
    built.flatMap((model) => AST.isTransformation(model.ast) ? [[model.ast.to, model.prototype] as const] : [])
  )
  const redacted = new Set(redactedStrings.flatMap((schema) => AST.isTransformation(schema.ast) ? [schema.ast.to] : []))

  const compile = (ast: AST.AST): Decode => {
    let decode = cache.get(ast)
    if (decode === undefined) cache.set(ast, decode = build(ast))
    return decode
  }

  const build = (ast: AST.AST): Decode => {
    switch (ast._tag) {
      case "StringKeyword":
        return primitive("string")
      case "NumberKeyword":
        return primitive("number")
      case "BooleanKeyword":
        return primitive("boolean")
      case "Union":
        return union(ast)
      case "TupleType": {
        if (ast.elements.length > 0 || ast.rest.length !== 1) throw Unsupported
        const item = compile(ast.rest[0].type)
        // An array whose items all decode to themselves (strings; instances on the type side) is kept as it is, not
        // copied: a decoded array is read-only, and the input is the parsed body nobody else holds.
        return (input) => {
          if (!Array.isArray(input)) return Fail
          let output: Array<unknown> | undefined
          for (let i = 0; i < input.length; i++) {
            const value = item(input[i])
            if (value === Fail) return Fail
            if (output !== undefined) output[i] = value
            else if (value !== input[i]) (output = input.slice(0, i))[i] = value
          }
          return output ?? input
        }
      }
      case "Declaration": {
        // A model's instances: its `instanceof`, without the `Either` (a value it refuses goes to `ParseResult`).
        const prototype = instances.get(ast)
        if (prototype !== undefined) {
          return (input) =>
            typeof input === "object" && input !== null && Object.prototype.isPrototypeOf.call(prototype, input)
              ? input
              : Fail
        }
        if (redacted.has(ast)) {
          return (input) => Redacted.isRedacted(input) && typeof Redacted.value(input) === "string" ? input : Fail
        }
        // The declaration's own check (a class's `instanceof`, `Redacted`'s), as `ParseResult` runs it.
        const check = ast.decodeUnknown(...ast.typeParameters)
        return (input) => {
          const result = check(input, options, ast)
          return isRight(result) ? result.right : Fail
        }
      }
      case "Transformation":
        return transformation(ast)
      default:
        throw Unsupported
    }
  }

  /** Literals and/or one other member, optionally with `null` and `undefined` (which that member must reject). */
  const union = (ast: AST.Union): Decode => {
    const others = ast.types.filter((member) => !AST.isUndefinedKeyword(member) && !isNull(member))
    const withNull = ast.types.some(isNull)
    const withUndefined = ast.types.some(AST.isUndefinedKeyword)
    let decode: Decode
    if (others.length > 0 && others.every(AST.isLiteral)) {
      const values = new Set(others.map((member) => (member as AST.Literal).literal))
      decode = (input) => values.has(input as AST.LiteralValue) ? input : Fail
    } else if (others.length === 1) {
      decode = compile(others[0])
    } else {
      throw Unsupported
    }
    return (input) =>
      input === undefined
        ? withUndefined ? undefined : Fail
        : input === null
        ? withNull ? null : Fail
        : decode(input)
  }

  /** The schema's own transformation between its two sides; a model's fields straight onto its prototype. */
  const transformation = (ast: AST.Transformation): Decode => {
    const step = ast.transformation
    if (step._tag === "TypeLiteralTransformation") return fields(ast, step)
    if (step._tag !== "FinalTransformation") throw Unsupported
    const prototype = prototypes.get(ast)
    if (prototype !== undefined && AST.isTransformation(ast.from)) {
      const inner = ast.from.transformation
      if (inner._tag === "TypeLiteralTransformation") return fields(ast.from, inner, prototype)
    }
    const from = compile(ast.from)
    const to = compile(ast.to)
    return (input) => {
      const value = from(input)
      if (value === Fail) return Fail
      const result = step.decode(value, options, ast, input)
      return isRight(result) ? to(result.right) : Fail
    }
  }

  /**
   * A struct whose property-signature transformations keep each key's name (what `optionalWith` makes): decode,
   * transform and check each field in one pass, in the order of the decoded struct, as the three steps would.
   */
  const fields = (ast: AST.Transformation, step: AST.TypeLiteralTransformation, prototype?: object): Decode => {
    const { from, to } = ast
    if (!AST.isTypeLiteral(from) || !AST.isTypeLiteral(to) || from.indexSignatures.length + to.indexSignatures.length) {
      throw Unsupported
    }
    const sources = new Map(from.propertySignatures.map((ps) => [ps.name, ps]))
    const moves = new Map(step.propertySignatureTransformations.map((pst) => {
      if (pst.from !== pst.to) throw Unsupported
      return [pst.from, pst.decode]
    }))
    if (sources.size !== to.propertySignatures.length) throw Unsupported
    const all = to.propertySignatures.map((ps) => {
      const source = sources.get(ps.name)
      if (source === undefined || typeof ps.name !== "string") throw Unsupported
      const nullMeansAbsent = ps.annotations[NullMeansAbsent] === true && source.isOptional && ps.isOptional
      return {
        name: ps.name,
        required: !source.isOptional,
        optional: ps.isOptional,
        nullMeansAbsent,
        decode: compile(source.type),
        move: nullMeansAbsent ? undefined : moves.get(ps.name),
        check: compile(ps.type)
      }
    })
    const hasOwn = Object.prototype.hasOwnProperty
    const none = Option.none()
    return (input) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) return Fail
      const output: Record<string, unknown> = prototype === undefined ? {} : Object.create(prototype)
      for (const field of all) {
        let present = hasOwn.call(input, field.name)
        let value: unknown
        if (field.nullMeansAbsent) {
          if (!present || (value = (input as Record<string, unknown>)[field.name]) === null) continue
          if ((value = field.decode(value)) === Fail || (value = field.check(value)) === Fail) return Fail
          output[field.name] = value
          continue
        }
        if (present) {
          value = field.decode((input as Record<string, unknown>)[field.name])
          if (value === Fail) return Fail
        } else if (field.required) {
          return Fail
        }
        if (field.move !== undefined) {
          const moved = field.move(present ? Option.some(value) : none)
          present = Option.isSome(moved)
          value = present ? (moved as Option.Some<unknown>).value : undefined
        }
        if (!present) {
          if (field.optional) continue
          return Fail
        }
        if ((value = field.check(value)) === Fail) return Fail
        output[field.name] = value
      }
      return output
    }
  }

  return compile
}

/**
 * Whether the fast path covers a schema (else its decoder is `ParseResult`'s alone).
 *
 * @internal
 */
export const covers = (
  schema: Schema.Schema.Any,
  options: AST.ParseOptions = {},
  known: Known = nothingKnown
): boolean => {
  try {
    compiler(options, known)(schema.ast)
    return true
  } catch (error) {
    if (error === Unsupported) return false
    throw error
  }
}

/**
 * Compiles the decoder of a schema once: the fast path when the schema's AST is covered, `ParseResult` otherwise and
 * whenever the fast path gives up. `known`: the schemas whose values it may build or check directly.
 *
 * @internal
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I>,
  options: AST.ParseOptions,
  known: Known = nothingKnown
): (input: unknown) => Either.Either<A, ParseResult.ParseIssue> => {
  const slow = ParseResult.decodeUnknownEither(schema, options)
  let fast: Decode
  try {
    fast = compiler(options, known)(schema.ast)
  } catch (error) {
    if (error === Unsupported) return slow
    throw error
  }
  return (input) => {
    const value = fast(input)
    return value === Fail ? slow(input) : Either.right(value as A)
  }
}

/**
 * The fast path alone, without the fallback: `None` where it gives up. For tests that must see it succeed.
 *
 * @internal
 */
export const fastPathOf = <A, I>(
  schema: Schema.Schema<A, I>,
  options: AST.ParseOptions,
  known: Known = nothingKnown
): (input: unknown) => Option.Option<A> => {
  const fast = compiler(options, known)(schema.ast)
  return (input) => {
    const value = fast(input)
    return value === Fail ? Option.none() : Option.some(value as A)
  }
}
