import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * A decoder compiled once per schema, for the successful path only.
 *
 * `ParseResult`'s interpreter builds an `Either` and bookkeeping for every node it visits; a 100-token `list` answer
 * spent about 1 ms there. This compiles the decode side of the schema's AST into plain closures that return the value
 * or {@link Fail}. It covers the nodes our response models are made of (structs, classes, optional/nullable fields,
 * arrays, literals, keywords, `Redacted`) and gives up on anything else. It is conservative: whenever it is unsure it
 * returns `Fail`, and the caller then runs the full `ParseResult` decoder, which either succeeds (same value) or builds
 * the precise issue. So errors are always `ParseResult`'s own, and a success is what `ParseResult` would produce.
 */
const Fail: unique symbol = Symbol.for("@effect-authlete/core/fastDecode/Fail")

type Fail = typeof Fail
type Decode = (input: unknown) => unknown

/** What a node accepts as input, to dispatch unions without trying members in turn. */
type Kind = "string" | "number" | "boolean" | "undefined" | "null" | "object" | "array"

interface Compiled {
  readonly decode: Decode
  /** The kinds of input this node may accept; `undefined` when unknown (the node may then not sit in a union). */
  readonly kinds: ReadonlySet<Kind> | undefined
  /** For literal nodes, the literal. */
  readonly literal?: { readonly value: AST.LiteralValue } | undefined
}

const kindOf = (value: unknown): Kind => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "array"
  const type = typeof value
  return type === "string" || type === "number" || type === "boolean" || type === "undefined" ? type : "object"
}

class Unsupported extends Error {}

const isNullLiteral = (ast: AST.AST): boolean => AST.isLiteral(ast) && ast.literal === null

const identity: Decode = (input) => input

/**
 * `trusted`: the compiler of type-side checks that follow a transformation (the `to` of a transformation, the decoded
 * struct of a class). There a declaration (a class, `Redacted`) is taken as satisfied: the transformation before it
 * has just built the instance. `ParseResult` checks it again (and rebuilds each `Redacted`), at a cost that dominated
 * decoding; the test suite checks that both decoders agree on every response schema.
 */
const compileAll = (options: AST.ParseOptions, trusted: boolean) => {
  const cache = new Map<AST.AST, Compiled>()
  const compileTrusted = trusted ? undefined : compileAll(options, true)

  const compile = (ast: AST.AST): Compiled => {
    const cached = cache.get(ast)
    if (cached !== undefined) return cached
    const compiled = build(ast)
    cache.set(ast, compiled)
    return compiled
  }

  /** The compiler of what follows a transformation. */
  const after = (ast: AST.AST): Compiled => (compileTrusted ?? compile)(ast)

  const keyword = (kind: Kind): Compiled => ({
    decode: (input) => kindOf(input) === kind ? input : Fail,
    kinds: new Set([kind])
  })

  const build = (ast: AST.AST): Compiled => {
    switch (ast._tag) {
      case "StringKeyword":
        return { decode: (input) => typeof input === "string" ? input : Fail, kinds: new Set(["string"]) }
      case "NumberKeyword":
        return { decode: (input) => typeof input === "number" ? input : Fail, kinds: new Set(["number"]) }
      case "BooleanKeyword":
        return { decode: (input) => typeof input === "boolean" ? input : Fail, kinds: new Set(["boolean"]) }
      case "UndefinedKeyword":
        return keyword("undefined")
      case "Literal": {
        const value = ast.literal
        if (typeof value === "bigint") throw new Unsupported()
        return {
          decode: (input) => input === value ? input : Fail,
          kinds: new Set([kindOf(value)]),
          literal: { value }
        }
      }
      case "Union":
        return union(ast)
      case "TupleType":
        return array(ast)
      case "TypeLiteral":
        return struct(ast)
      case "Refinement": {
        const from = compile(ast.from)
        return {
          decode: (input) => {
            const value = from.decode(input)
            return value === Fail || Option.isSome(ast.filter(value, options, ast)) ? Fail : value
          },
          kinds: from.kinds
        }
      }
      case "Declaration": {
        if (trusted) return { decode: identity, kinds: new Set(["object"]) }
        const parse = ast.decodeUnknown(...ast.typeParameters)
        return {
          decode: (input) => {
            const result = parse(input, options, ast)
            return Either.isEither(result) && Either.isRight(result) ? result.right : Fail
          },
          // Only a dispatch hint: an input of another kind falls back to ParseResult.
          kinds: new Set(["object"])
        }
      }
      case "Transformation":
        return transformation(ast)
      default:
        throw new Unsupported()
    }
  }

  const union = (ast: AST.Union): Compiled => {
    // The common `X | null | undefined` and `X | undefined` of optional fields, without a lookup.
    const others = ast.types.filter((member) => !AST.isUndefinedKeyword(member) && !isNullLiteral(member))
    if (others.length === 1 && ast.types.length <= 3) {
      const member = compile(others[0])
      const withNull = ast.types.some(isNullLiteral)
      const withUndefined = ast.types.some(AST.isUndefinedKeyword)
      if (member.kinds !== undefined && member.literal === undefined && !member.kinds.has("null")
        && !member.kinds.has("undefined"))
      {
        const decode = member.decode
        const kinds = new Set(member.kinds)
        if (withNull) kinds.add("null")
        if (withUndefined) kinds.add("undefined")
        return {
          decode: (input) =>
            input === undefined
              ? (withUndefined ? undefined : Fail)
              : input === null
              ? (withNull ? null : Fail)
              : decode(input),
          kinds
        }
      }
    }
    const byKind = new Map<Kind, Decode>()
    const literals = new Map<Kind, Set<AST.LiteralValue>>()
    for (const member of ast.types) {
      const compiled = compile(member)
      if (compiled.kinds === undefined) throw new Unsupported()
      if (compiled.literal !== undefined) {
        const kind = kindOf(compiled.literal.value)
        if (byKind.has(kind)) throw new Unsupported()
        const set = literals.get(kind) ?? new Set()
        set.add(compiled.literal.value)
        literals.set(kind, set)
        continue
      }
      for (const kind of compiled.kinds) {
        if (byKind.has(kind) || literals.has(kind)) throw new Unsupported()
        byKind.set(kind, compiled.decode)
      }
    }
    for (const [kind, set] of literals) byKind.set(kind, (input) => set.has(input as AST.LiteralValue) ? input : Fail)
    const kinds = new Set(byKind.keys())
    return {
      decode: (input) => {
        const decode = byKind.get(kindOf(input))
        return decode === undefined ? Fail : decode(input)
      },
      kinds
    }
  }

  const array = (ast: AST.TupleType): Compiled => {
    if (ast.elements.length > 0 || ast.rest.length !== 1) throw new Unsupported()
    const item = compile(ast.rest[0].type).decode
    return {
      decode: (input) => {
        if (!Array.isArray(input)) return Fail
        const length = input.length
        const output = new Array(length)
        for (let i = 0; i < length; i++) {
          const value = item(input[i])
          if (value === Fail) return Fail
          output[i] = value
        }
        return output
      },
      kinds: new Set(["array"])
    }
  }

  const struct = (ast: AST.TypeLiteral): Compiled => {
    if (ast.indexSignatures.length > 0) throw new Unsupported()
    const fields = ast.propertySignatures.map((ps) => {
      if (typeof ps.name !== "string") throw new Unsupported()
      return { name: ps.name, optional: ps.isOptional, decode: compile(ps.type).decode }
    })
    const hasOwn = Object.prototype.hasOwnProperty
    return {
      decode: (input) => {
        if (typeof input !== "object" || input === null || Array.isArray(input)) return Fail
        const record = input as Record<string, unknown>
        const output: Record<string, unknown> = {}
        for (let i = 0; i < fields.length; i++) {
          const field = fields[i]
          if (!hasOwn.call(record, field.name)) {
            if (field.optional) continue
            return Fail
          }
          const value = field.decode(record[field.name])
          if (value === Fail) return Fail
          output[field.name] = value
        }
        return output
      },
      kinds: new Set(["object"])
    }
  }

  const transformation = (ast: AST.Transformation): Compiled => {
    const from = compile(ast.from)
    const to = after(ast.to).decode
    const step = ast.transformation
    switch (step._tag) {
      case "FinalTransformation": {
        // A class: build the instance directly instead of a props object that the constructor copies twice.
        const prototype = AST.isDeclaration(ast.to) ? classPrototype(ast, step) : undefined
        if (prototype !== undefined && AST.isTransformation(ast.from)) {
          const inner = ast.from.transformation
          const direct = inner._tag === "TypeLiteralTransformation"
            ? fusedStruct(ast.from, inner, prototype)
            : undefined
          if (direct !== undefined) return direct
        }
        return {
          decode: (input) => {
            const value = from.decode(input)
            if (value === Fail) return Fail
            const result = step.decode(value, options, ast, input)
            return Either.isEither(result) && Either.isRight(result) ? to(result.right) : Fail
          },
          kinds: from.kinds
        }
      }
      case "ComposeTransformation":
        return {
          decode: (input) => {
            const value = from.decode(input)
            return value === Fail ? Fail : to(value)
          },
          kinds: from.kinds
        }
      case "TypeLiteralTransformation": {
        const fused = fusedStruct(ast, step)
        if (fused !== undefined) return fused
        const moves = step.propertySignatureTransformations
        const moved = new Set<PropertyKey>(moves.map((pst) => pst.from))
        const hasOwn = Object.prototype.hasOwnProperty
        return {
          decode: (input) => {
            const value = from.decode(input) as Record<PropertyKey, unknown> | Fail
            if (value === Fail) return Fail
            // As ParseResult does: untouched keys first, then each transformed key in turn.
            const output: Record<PropertyKey, unknown> = {}
            for (const key of Reflect.ownKeys(value)) {
              if (!moved.has(key)) output[key] = value[key]
            }
            for (let i = 0; i < moves.length; i++) {
              const pst = moves[i]
              const result = pst.decode(hasOwn.call(value, pst.from) ? Option.some(value[pst.from]) : Option.none())
              delete output[pst.from]
              if (Option.isSome(result)) output[pst.to] = result.value
            }
            return to(output)
          },
          kinds: from.kinds
        }
      }
    }
  }

  /**
   * A struct with property-signature transformations that keep each key's name (what `optionalWith` makes): decode,
   * transform and check each field in one pass, in the order of the decoded struct, as the three steps would.
   */
  const fusedStruct = (
    ast: AST.Transformation,
    step: AST.TypeLiteralTransformation,
    prototype?: object
  ): Compiled | undefined => {
    const from = ast.from
    const to = ast.to
    if (!AST.isTypeLiteral(from) || !AST.isTypeLiteral(to)) return undefined
    if (from.indexSignatures.length > 0 || to.indexSignatures.length > 0) return undefined
    if (step.propertySignatureTransformations.some((pst) => pst.from !== pst.to)) return undefined
    const fromFields = new Map(from.propertySignatures.map((ps) => [ps.name, ps]))
    if (
      fromFields.size !== to.propertySignatures.length ||
      to.propertySignatures.some((ps) => typeof ps.name !== "string" || !fromFields.has(ps.name))
    ) return undefined
    const moves = new Map(step.propertySignatureTransformations.map((pst) => [pst.from, pst.decode]))
    const fields = to.propertySignatures.map((ps) => {
      const source = fromFields.get(ps.name)!
      return {
        name: ps.name as string,
        fromOptional: source.isOptional,
        toOptional: ps.isOptional,
        decode: compile(source.type).decode,
        move: moves.get(ps.name),
        dropsNull: dropsNull(moves.get(ps.name)),
        check: after(ps.type).decode
      }
    })
    const hasOwn = Object.prototype.hasOwnProperty
    const none = Option.none()
    return {
      decode: (input) => {
        if (typeof input !== "object" || input === null || Array.isArray(input)) return Fail
        const record = input as Record<string, unknown>
        const output: Record<string, unknown> = prototype === undefined ? {} : Object.create(prototype)
        for (let i = 0; i < fields.length; i++) {
          const field = fields[i]
          let present = hasOwn.call(record, field.name)
          let value: unknown = undefined
          if (present) {
            value = field.decode(record[field.name])
            if (value === Fail) return Fail
          } else if (!field.fromOptional) {
            return Fail
          }
          if (field.dropsNull) {
            if (value === null) present = false
          } else if (field.move !== undefined) {
            const moved = field.move(present ? Option.some(value) : none)
            present = Option.isSome(moved)
            if (present) value = (moved as Option.Some<unknown>).value
          }
          if (!present) {
            if (field.toOptional) continue
            return Fail
          }
          value = field.check(value)
          if (value === Fail) return Fail
          output[field.name] = value
        }
        return output
      },
      kinds: new Set(["object"])
    }
  }

  /**
   * Whether a property-signature transformation is the one of `optionalWith(…, { nullable: true })`: absent stays
   * absent, `null` becomes absent, anything else passes unchanged. Recognised by probing, to skip an `Option` per field.
   */
  const dropsNull = (decode: ((o: Option.Option<unknown>) => Option.Option<unknown>) | undefined): boolean => {
    if (decode === undefined) return false
    try {
      const probe = {}
      const kept = decode(Option.some(probe))
      const undef = decode(Option.some(undefined))
      return Option.isNone(decode(Option.none())) && Option.isNone(decode(Option.some(null))) &&
        Option.isSome(kept) && kept.value === probe && Option.isSome(undef) && undef.value === undefined &&
        Option.isSome(decode(Option.some("text")))
    } catch {
      return false
    }
  }

  /**
   * The prototype of a transformation that only makes an instance of a class out of its props (`Schema.Class` without
   * defaults: the constructor copies the props onto the instance, nothing else), found by decoding two probes.
   */
  const classPrototype = (ast: AST.Transformation, step: AST.FinalTransformation): object | undefined => {
    try {
      const empty = step.decode({}, options, ast, {})
      const one = step.decode({ probe: 1 }, options, ast, { probe: 1 })
      if (!Either.isEither(empty) || !Either.isRight(empty) || !Either.isEither(one) || !Either.isRight(one)) {
        return undefined
      }
      const a: unknown = empty.right
      const b: unknown = one.right
      if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return undefined
      const prototype = Object.getPrototypeOf(a) as object | null
      if (prototype === null || prototype === Object.prototype || Object.getPrototypeOf(b) !== prototype) {
        return undefined
      }
      const keys = Reflect.ownKeys(b)
      const exact = Reflect.ownKeys(a).length === 0 && keys.length === 1 && keys[0] === "probe" &&
        (b as { probe?: unknown }).probe === 1 && Object.isExtensible(a)
      return exact ? prototype : undefined
    } catch {
      return undefined
    }
  }

  return compile
}

/**
 * Compiles the decoder of a schema once: the fast path when the schema's AST is covered, `ParseResult` otherwise and
 * whenever the fast path gives up.
 *
 * @internal
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I>,
  options: AST.ParseOptions
): (input: unknown) => Either.Either<A, ParseResult.ParseIssue> => {
  const slow = ParseResult.decodeUnknownEither(schema, options)
  let fast: Decode | undefined
  try {
    fast = compileAll(options, false)(schema.ast).decode
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error
    return slow
  }
  const decode = fast
  return (input) => {
    const value = decode(input)
    return value === Fail ? slow(input) : Either.right(value as A)
  }
}
