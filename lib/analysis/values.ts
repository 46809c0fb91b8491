import path from 'node:path';
import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { stripExtension } from '../settings';
import { setBounded } from '../util/bounded';
import { importMapped } from '../util/import-map';
import { methodSpec, propRef, type ModuleEntry, type Registry, type ResolvedShape } from '../models/registry';
import type { CallSpec } from '../models/types';
import { contains, fieldDeclarations, isFileScope, isFunctionNode, keyName, memberName, passedThroughParameter, propertyName, returnedExpressions, sameClassMethod, sameFileFunction, skipWrappers, thisOwner, valueDef, type FunctionNode } from '../util/ast';

/** What the tracker knows about an expression: which library object it is. */
export interface Value {
  /** Shape key, `lib:Name`. */
  readonly key: string;
  /** The expression evaluates to a promise of the shape. */
  readonly promise: boolean;
  /** Where the handle came from: the construction / acquisition call, or the callback parameter. */
  readonly origin?: TSESTree.Node;
  /** Set on module namespaces: the shape of their `default` member (ESM interop). */
  readonly moduleDefault?: string;
}

/** A call of a modelled function, constructor, tag or method. */
export interface CallInfo {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;
  readonly use: 'call' | 'new' | 'tag';
  readonly spec: CallSpec;
  /** The shape that provided the spec (the callee's, or the receiver's for a method). */
  readonly shape: ResolvedShape;
  /** For method calls: the receiver and the method name. */
  readonly receiver?: Value;
  readonly method?: string;
  /** The callback function argument, when the call is used in its callback form. */
  readonly callback?: FunctionNode;
  /** The argument in the callback position, whatever it is (a function, or a variable holding one). */
  readonly callbackArg?: TSESTree.CallExpressionArgument;
  /**
   * The call is given its callback as a value written elsewhere (`knex.transaction(work)` with
   * `async function work(trx) { … }`): the callback form, whose function is not at the call.
   */
  readonly callbackElsewhere?: true;
}

/**
 * An optional source of extra facts (types, project facts). It is asked only where syntax found
 * nothing, so it may add values but never change one that syntax proved.
 */
export interface ValueOracle {
  valueOf(node: TSESTree.Node): Value | undefined;
}

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/**
 * Interprets expressions of one file against the library models: import tracking (ESM, CommonJS,
 * `import x = require()`, dynamic `import()`), `const`/`let` flow, destructuring, `await`, `.then`,
 * class fields, constructor assignments and parameter properties, annotated parameters, and the
 * parameters of managed callbacks. Never by names alone: a local `class Pool {}` is not a pool.
 */
export class ValueTracker {
  /** Each expression's value once computed (null: none), or IN_PROGRESS while it is being computed. */
  private readonly memo = new Map<TSESTree.Node, Value | null | typeof IN_PROGRESS>();
  private readonly calls = new Map<TSESTree.Node, CallInfo | null>();
  /** Each variable's value once computed (null: none), or IN_PROGRESS while it is being computed. */
  private readonly variables = new Map<TSESLint.Scope.Variable, Value | null | typeof IN_PROGRESS>();
  /** What each factory function of the file returns once computed (see factoryValue). */
  private readonly factories = new Map<FunctionNode, Value | null | typeof IN_PROGRESS>();
  /** What each class's `this.<name>` holds once computed, per class (see thisMemberValue). */
  private readonly fields = new Map<TSESTree.Node, Map<string, Value | null | typeof IN_PROGRESS>>();
  /** The variable each reference of the file's top level names, and null for globals (see variableOf). */
  private references: Map<TSESTree.Node, TSESLint.Scope.Variable | null> | undefined;
  /** The resolutions of relative specifiers in the file's directory, once one is asked for. */
  private inDirectory: ResolvedInDirectory | undefined;
  /** Values being computed, one inside another (see MAX_DEPTH). */
  private depth = 0;
  /** The module each specifier names (null: none modelled); the file is fixed, so is the answer. */
  private readonly modules = new Map<string, ModuleEntry | null>();

  constructor(
    readonly registry: Registry,
    private readonly scopeOf: Scoped,
    /** The linted file (as ESLint names it): relative module specifiers are resolved against it for settings-declared modules. */
    readonly filename: string,
    private readonly oracle?: ValueOracle,
  ) {}

  /** The absolute path (without extension) a relative specifier names. */
  private resolved(specifier: string): string | undefined {
    if (!specifier.startsWith('.')) {
      return undefined;
    }
    // The files of one directory import the same modules: resolved once per directory.
    let inDirectory = this.inDirectory;
    if (inDirectory === undefined) {
      const dir = path.dirname(this.filename);
      if (!path.isAbsolute(dir)) {
        return stripExtension(path.resolve(dir, specifier));
      }
      inDirectory = RESOLVED.get(dir);
      if (inDirectory === undefined) {
        inDirectory = { dir, paths: new Map() };
        setBounded(RESOLVED, dir, inDirectory, RESOLVED_LIMIT);
      }
      this.inDirectory = inDirectory;
    }
    let resolved = inDirectory.paths.get(specifier);
    if (resolved === undefined) {
      resolved = stripExtension(path.resolve(inDirectory.dir, specifier));
      inDirectory.paths.set(specifier, resolved);
    }
    return resolved;
  }

  shape(value: Value | undefined): ResolvedShape | undefined {
    return value && !value.promise ? this.registry.shape(value.key) : undefined;
  }

  /** The library value an expression denotes, if any. */
  valueOf(node: TSESTree.Node): Value | undefined {
    return this.memoised(this.memo, node, this.computeOrAsk);
  }

  /** Syntax first; the oracle (types, facts) only where syntax found nothing. */
  private computeOrAsk(node: TSESTree.Node): Value | undefined {
    return this.compute(node) ?? this.oracle?.valueOf(node);
  }

  /**
   * `compute(key)` once per key. A cycle (`let db = db ?? new Pool()`) reads as unknown while the
   * value is being computed; a throw leaves nothing behind. `counted: false` for a memo consulted
   * only from inside a counted computation (a class field, read through its member node), which
   * counts no level of depth of its own.
   */
  private memoised<K>(
    memo: Map<K, Value | null | typeof IN_PROGRESS>,
    key: K,
    compute: (this: ValueTracker, key: K) => Value | undefined,
    counted = true,
  ): Value | undefined {
    const cached = memo.get(key);
    if (cached !== undefined) {
      return cached === IN_PROGRESS ? undefined : (cached ?? undefined);
    }
    if (counted && this.depth >= MAX_DEPTH) {
      // Thousands of aliases in a row (`const a2 = a1; const a3 = a2; …`): unknown, not a stack overflow.
      return undefined;
    }
    memo.set(key, IN_PROGRESS);
    let result: Value | undefined;
    const level = counted ? 1 : 0;
    this.depth += level;
    try {
      result = compute.call(this, key);
    } catch (error) {
      memo.delete(key);
      throw error;
    } finally {
      this.depth -= level;
    }
    memo.set(key, result ?? null);
    return result;
  }

  /** The modelled call at a call, `new` or tagged template node, if any. */
  callOf(node: TSESTree.Node): CallInfo | undefined {
    if (
      node.type !== AST_NODE_TYPES.CallExpression &&
      node.type !== AST_NODE_TYPES.NewExpression &&
      node.type !== AST_NODE_TYPES.TaggedTemplateExpression
    ) {
      return undefined;
    }
    const cached = this.calls.get(node);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    this.calls.set(node, null);
    const info = this.computeCall(node);
    this.calls.set(node, info ?? null);
    return info;
  }

  private computeCall(
    node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression,
  ): CallInfo | undefined {
    const registration = node.type === AST_NODE_TYPES.CallExpression ? this.pluginRegistration(node) : undefined;
    if (registration) {
      return registration;
    }
    if (this.rootHoldsNothing(node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee)) {
      return undefined;
    }
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      return this.fromCallee(node, 'tag', node.tag);
    }
    if (node.type === AST_NODE_TYPES.NewExpression) {
      return this.fromCallee(node, 'new', node.callee);
    }
    const callee = skipWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = propertyName(callee);
      const receiver = method === undefined ? undefined : this.valueOf(callee.object);
      const shape = this.shape(receiver);
      const spec = method === undefined || shape === undefined ? undefined : methodSpec(shape, method);
      if (spec && shape && method !== undefined) {
        return this.withCallback({ node, use: 'call', spec, shape, receiver, method });
      }
    }
    return this.fromCallee(node, 'call', callee);
  }

  /**
   * `app.register(plugin, options)` of a modelled plugin (`Shape.plugin`): what registering it does,
   * whatever the instance it is registered on (often a parameter, `export default async (app) => …`).
   */
  private pluginRegistration(node: TSESTree.CallExpression): CallInfo | undefined {
    const callee = skipWrappers(node.callee);
    const first = node.arguments[0];
    if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'register' || first === undefined || first.type === AST_NODE_TYPES.SpreadElement) {
      return undefined;
    }
    // Fastify also takes a promise of the module: `app.register(import('@fastify/postgres'), options)`.
    const value = this.valueOf(first);
    const shape = value && this.registry.shape(value.key);
    return shape?.plugin ? { node, use: 'call', spec: shape.plugin, shape } : undefined;
  }

  private fromCallee(
    node: CallInfo['node'],
    use: CallInfo['use'],
    callee: TSESTree.Node,
  ): CallInfo | undefined {
    const shape = this.shape(this.valueOf(callee));
    const spec = shape && (use === 'call' ? shape.call : use === 'new' ? shape.construct : shape.tag);
    return spec && shape ? this.withCallback({ node, use, spec, shape }) : undefined;
  }

  /**
   * Most calls of a file are not library calls (`res.json()`, `console.log()`, `z.string()`): a
   * callee chain whose root is a variable holding no library value holds none anywhere along it.
   * Answered from the root alone, without evaluating (and memoising) each link. Only without an
   * oracle, which may know a link that syntax does not.
   *
   * The chain runs through calls too (`res.status(404).json()`, `z.string().min(1)`,
   * `` sql`…`.execute() ``, `(await load()).items.map()`): a call is a library call, and its result
   * a library value, only when its own callee is one, which the same root decides. The exception
   * is `require('pg')`, a module whose root (`require`) holds nothing.
   */
  private rootHoldsNothing(callee: TSESTree.Node): boolean {
    if (this.oracle) {
      return false;
    }
    let current = skipWrappers(callee);
    const direct = current;
    for (;;) {
      if (current.type === AST_NODE_TYPES.MemberExpression) {
        current = skipWrappers(current.object);
      } else if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) {
        if (current.callee.type === AST_NODE_TYPES.Identifier && current.callee.name === 'require') {
          return false;
        }
        current = skipWrappers(current.callee);
      } else if (current.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        current = skipWrappers(current.tag);
      } else if (current.type === AST_NODE_TYPES.AwaitExpression) {
        current = skipWrappers(current.argument);
      } else {
        break;
      }
    }
    // The identifier's own value, without the per-node memo: a root is rarely asked again, and
    // what its variable holds is memoised per variable. A root that holds nothing may still be a
    // factory of the file whose call does (`getPrisma().user.findMany()`); not when the factory's
    // call is the call being resolved (`getPrisma()` itself is no library call).
    return (
      current.type === AST_NODE_TYPES.Identifier &&
      this.identifierValue(current) === undefined &&
      (current === direct ||
        current.parent.type !== AST_NODE_TYPES.CallExpression ||
        current.parent.callee !== current ||
        this.factoryValue(current.parent) === undefined)
    );
  }

  /**
   * A call of a function of this file (or a method of this class) that builds or hands out an engine: `prismaClientSingleton()`
   * (`() => new PrismaClient()`, Prisma's Next.js recipe), `getPool()` that creates the pool on
   * first use, or an accessor returning a module-level engine. The call holds what every `return`
   * holds, when they agree and each is built in the function itself or names a variable of the
   * file's top level. A return that picks between values (`als.getStore()?.tx ?? prisma`: the
   * open transaction when there is one) makes the call unknown, as does any other.
   */
  private factoryValue(node: TSESTree.Node): Value | undefined {
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return undefined;
    }
    const callee = skipWrappers(node.callee);
    let fn: FunctionNode | undefined;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.variableOf(callee);
      fn = variable ? sameFileFunction(callee, this.scopeOf, true, variable) : undefined;
    } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
      // `Db.getInstance()`, or `this.connect()`: a method of the class the call is written in.
      fn = this.staticMethod(callee) ?? sameClassMethod(callee)?.fn;
    }
    if (!fn || fn.generator) {
      return undefined;
    }
    // `asContentDb(db)` with `asContentDb = (db) => db as Kysely<Content>`: what it is given.
    const passed = passedThroughParameter(fn, this.scopeOf);
    if (passed !== undefined) {
      const arg = node.arguments[passed];
      return arg && arg.type !== AST_NODE_TYPES.SpreadElement ? this.valueOf(arg) : undefined;
    }
    return this.memoised(this.factories, fn, this.factoryResult);
  }

  /** `Db.getInstance` where `Db` is a class of this file: its static method. */
  private staticMethod(callee: TSESTree.MemberExpression): FunctionNode | undefined {
    const name = propertyName(callee);
    const object = skipWrappers(callee.object);
    if (name === undefined || object.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const def = this.variableOf(object)?.defs[0];
    if (def?.type !== 'ClassName' || (def.node.type !== AST_NODE_TYPES.ClassDeclaration && def.node.type !== AST_NODE_TYPES.ClassExpression)) {
      return undefined;
    }
    for (const member of def.node.body.body) {
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.static && member.kind === 'method' && keyName(member.key, member.computed) === name) {
        return isFunctionNode(member.value) ? member.value : undefined;
      }
    }
    return undefined;
  }

  private factoryResult(fn: FunctionNode): Value | undefined {
    let result: Value | undefined;
    let unknown = false;
    for (const expression of returnedExpressions(fn)) {
      const inner = skipWrappers(expression);
      if (inner.type === AST_NODE_TYPES.LogicalExpression || inner.type === AST_NODE_TYPES.ConditionalExpression) {
        return undefined;
      }
      const value = this.valueOf(inner);
      if (!value) {
        unknown = true;
        continue;
      }
      if (result !== undefined && result.key !== value.key) {
        return undefined;
      }
      const built = value.origin !== undefined && contains(fn, value.origin);
      if (!built && !(inner.type === AST_NODE_TYPES.Identifier && this.namesTopLevel(inner))) {
        return undefined;
      }
      result = value;
    }
    if (unknown) {
      // `getInstance(): PrismaClient { … return Db.instance; }`: what it returns is read where the
      // syntax cannot follow it, and its one declared type says what that is.
      return this.declaredReturn(fn, result);
    }
    return result && { ...result, promise: fn.async || result.promise };
  }

  /** A function's declared return type, when it names one modelled type (`Promise<…>` of one for an async function). */
  private declaredReturn(fn: FunctionNode, found: Value | undefined): Value | undefined {
    let type = fn.returnType?.typeAnnotation;
    if (fn.async && type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && type.typeName.name === 'Promise') {
      type = type.typeArguments?.params[0];
    }
    if (type?.type !== AST_NODE_TYPES.TSTypeReference) {
      return undefined; // a union may name the engine and the transaction both
    }
    const declared = this.typeValue(type, 0);
    if (!declared || (found !== undefined && found.key !== declared.key)) {
      return undefined;
    }
    return { ...declared, promise: fn.async };
  }

  /** Does the identifier name a variable of the file's top level (an import, a module `const`)? */
  private namesTopLevel(node: TSESTree.Identifier): boolean {
    const scope = this.variableOf(node)?.scope;
    return scope !== undefined && isFileScope(scope);
  }

  /**
   * The variable an identifier names. Most roots of a file's calls are either a name of its top
   * level (an import, a top-level `const`) or a global (`console`, `JSON`, `process`): both are
   * answered from one table of the file's references, built once per file from what the scope
   * manager already resolved: the references of each variable of the file's top-level scope (module,
   * or CommonJS wrapper), and the references that pass through it to the global scope, which hold
   * no library value (null) unless the file declares that global (`declare global`). Any other
   * identifier (a parameter, a local, a declaration itself) is looked up through the scopes.
   *
   * The global scope's own variables stay out of the table: it holds every variable of the
   * TypeScript libs (thousands, none declared in the file).
   *
   * What `findVariable` answers, except that a global the file does not declare reads as null.
   */
  variableOf(node: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    let known = this.references;
    if (known === undefined) {
      known = new Map();
      let global: TSESLint.Scope.Scope = this.scopeOf(node);
      while (global.upper) {
        global = global.upper;
      }
      for (const scope of global.childScopes) {
        if (!isFileScope(scope)) {
          continue;
        }
        for (const variable of scope.variables) {
          for (const reference of variable.references) {
            known.set(reference.identifier, variable);
          }
        }
        for (const reference of scope.through) {
          known.set(reference.identifier, declared(reference.resolved));
        }
      }
      this.references = known;
    }
    const variable = known.get(node);
    if (variable !== undefined) {
      return variable;
    }
    return declared(findVariable(this.scopeOf(node), node));
  }

  private withCallback(info: CallInfo): CallInfo {
    if (info.spec.effectWithoutArguments && info.node.type !== AST_NODE_TYPES.TaggedTemplateExpression && info.node.arguments.length > 0) {
      const spec = { ...info.spec };
      delete spec.effect;
      info = { ...info, spec };
    }
    const callbackSpec = info.spec.callback;
    if (!callbackSpec || info.node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      return info;
    }
    const args = info.node.arguments;
    const index = callbackSpec.arg === 'last' ? args.length - 1 : callbackSpec.arg;
    const arg = index >= 0 ? args[index] : undefined;
    if (!arg) {
      return info;
    }
    if (isFunctionNode(arg)) {
      return { ...info, callback: arg, callbackArg: arg };
    }
    const wrapped = this.wrappedCallback(arg);
    if (wrapped) {
      return { ...info, callback: wrapped, callbackArg: arg };
    }
    // A transaction whose callback is written elsewhere still runs in the library's hands: its
    // result is the callback's, not a transaction to end (`const org = await db.transaction(work)`).
    return info.spec.effect === 'begin' && this.holdsCallback(arg, callbackSpec.arg === 'last')
      ? { ...info, callbackArg: arg, callbackElsewhere: true }
      : { ...info, callbackArg: arg };
  }

  /**
   * The function a plain wrapper is given where the callback goes (`db.transaction(autoRollbackTx(async
   * (tx) => …))`, `withRetry(async (trx) => …)`): a decorator that hands the library's arguments on.
   * Only a call of a name (not a method: `queries.map((q) => …)` builds Prisma's array form) with
   * that function as its one argument, and no library call itself.
   */
  private wrappedCallback(arg: TSESTree.CallExpressionArgument): FunctionNode | undefined {
    const call = skipWrappers(arg);
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier || call.arguments.length !== 1) {
      return undefined;
    }
    const inner = call.arguments[0]!;
    return isFunctionNode(inner) && inner.params.length > 0 && this.callOf(call) === undefined ? inner : undefined;
  }

  /**
   * Is the argument in the callback position a function: a variable holding one of the file's, or
   * (when the callback comes first, not after options) any value but an object or a missing one.
   */
  private holdsCallback(arg: TSESTree.CallExpressionArgument, afterOptions: boolean): boolean {
    const inner = skipWrappers(arg);
    if (inner.type === AST_NODE_TYPES.ObjectExpression || inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.SpreadElement) {
      return false;
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      if (inner.name === 'undefined') {
        return false;
      }
      const variable = this.variableOf(inner);
      if (variable && sameFileFunction(inner, this.scopeOf, false, variable)) {
        return true;
      }
      const def = variable?.defs[0];
      // `const options = { isolationLevel }`: the options of the form without a callback.
      if (def?.type === 'Variable' && def.node.init && skipWrappers(def.node.init).type === AST_NODE_TYPES.ObjectExpression) {
        return false;
      }
    }
    return !afterOptions;
  }

  private compute(node: TSESTree.Node): Value | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.identifierValue(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberValue(node);
      case AST_NODE_TYPES.ThisExpression:
        return this.thisValue(node);
      case AST_NODE_TYPES.CallExpression:
        return this.requireValue(node) ?? this.callResult(node);
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return this.callResult(node);
      case AST_NODE_TYPES.ImportExpression: {
        const source = node.source;
        if (source.type === AST_NODE_TYPES.Literal && typeof source.value === 'string') {
          const module = this.moduleValue(source.value, 'namespace');
          return module && { ...module, promise: true };
        }
        return undefined;
      }
      case AST_NODE_TYPES.AwaitExpression: {
        const inner = this.valueOf(node.argument);
        return inner && { ...inner, promise: false };
      }
      case AST_NODE_TYPES.ChainExpression:
        return this.valueOf(node.expression);
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.valueOf(node.expression);
      case AST_NODE_TYPES.LogicalExpression:
        return this.valueOf(node.left) ?? this.valueOf(node.right);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.valueOf(node.consequent) ?? this.valueOf(node.alternate);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.valueOf(node.right);
      case AST_NODE_TYPES.SequenceExpression:
        return this.valueOf(node.expressions[node.expressions.length - 1]);
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.ClassExpression:
        // A subclass of a library class constructs like its base (`class Db extends PrismaClient`).
        return node.superClass ? this.valueOf(node.superClass) : undefined;
      default:
        return undefined;
    }
  }

  private callResult(
    node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression,
  ): Value | undefined {
    const info = this.callOf(node);
    if (!info) {
      return this.thenValue(node) ?? this.factoryValue(node);
    }
    if (info.callback || info.callbackElsewhere) {
      return undefined;
    }
    const ref = info.spec.returns ?? info.spec.resolves;
    if (ref === undefined) {
      return undefined;
    }
    return {
      key: this.registry.resolveRef(info.shape.lib, ref),
      promise: info.spec.returns === undefined,
      origin: node,
    };
  }

  /** `p.then(x => …)` evaluates to a promise of nothing we know; `p.finally()`/`p.catch()` keep `p`. */
  private thenValue(node: TSESTree.Node): Value | undefined {
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return undefined;
    }
    const callee = skipWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      return undefined;
    }
    const name = propertyName(callee);
    if (name === 'catch' || name === 'finally') {
      const inner = this.valueOf(callee.object);
      return inner?.promise ? inner : undefined;
    }
    return undefined;
  }

  /** `require('pg')`, with `require` the CommonJS global (not a local function of that name). */
  private requireValue(node: TSESTree.CallExpression): Value | undefined {
    const specifier = requireSpecifier(node, this.scopeOf);
    return specifier === undefined ? undefined : this.moduleValue(specifier, 'namespace');
  }

  /**
   * The module and export path an expression reads, whatever the module (modelled or not):
   * `Pool` imported from `pg` → { module: 'pg', path: ['Pool'] }; `db.create` with
   * `import * as db from '@acme/db'` → { module: '@acme/db', path: ['create'] }.
   */
  importPath(node: TSESTree.Node): { module: string; path: string[] } | undefined {
    const inner = skipWrappers(node);
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(inner);
      const base = name === undefined ? undefined : this.importPath(inner.object);
      return base && name !== undefined ? { module: base.module, path: [...base.path, name] } : undefined;
    }
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const specifier = requireSpecifier(inner, this.scopeOf);
      return specifier === undefined ? undefined : { module: specifier, path: [] };
    }
    if (inner.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const variable = findVariable(this.scopeOf(inner), inner);
    const def = variable ? valueDef(variable) : undefined;
    if (def?.type === 'ImportBinding' && def.node.type !== AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const declaration = def.node.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) {
        return undefined;
      }
      const module = declaration.source.value;
      switch (def.node.type) {
        case AST_NODE_TYPES.ImportDefaultSpecifier:
          return { module, path: ['default'] };
        case AST_NODE_TYPES.ImportNamespaceSpecifier:
          return { module, path: [] };
        default:
          return {
            module,
            path: [def.node.imported.type === AST_NODE_TYPES.Identifier ? def.node.imported.name : def.node.imported.value],
          };
      }
    }
    if (def?.type === 'Variable' && def.node.init && def.node.parent.kind === 'const') {
      const keys = patternPath(def.node.id, def.name as TSESTree.Identifier);
      const base = keys && this.importPath(def.node.init);
      return base && keys ? { module: base.module, path: [...base.path, ...keys] } : undefined;
    }
    return undefined;
  }

  /** The model id of the module a specifier names, if modelled. */
  moduleLibrary(specifier: string): string | undefined {
    return this.moduleEntry(specifier)?.lib;
  }

  /** The modelled module a specifier names in this file (relative ones resolved against it). */
  private moduleEntry(specifier: string): ModuleEntry | undefined {
    let entry = this.modules.get(specifier);
    if (entry === undefined) {
      // A Deno project's import map says what a bare name stands for (`"postgres": "jsr:@db/postgres"`).
      const target = path.isAbsolute(this.filename) ? importMapped(this.filename, specifier) : undefined;
      // One mapped to a file of the project is resolved as the project's own.
      const mapped = target !== undefined && !/^\.{0,2}\//.test(target) ? target : undefined;
      entry = (mapped !== undefined ? this.registry.module(mapped) : this.registry.module(specifier, this.resolved(specifier))) ?? null;
      this.modules.set(specifier, entry);
    }
    return entry ?? undefined;
  }

  /**
   * An import declaration of a modelled module that binds no name the models know, as a value or
   * as the head of a type (`import { Role, type User } from '@prisma/client'`: enums and row
   * types): nothing in the file can hold a library value through it. Default and namespace imports
   * always bind one.
   */
  bindsNothing(declaration: TSESTree.ImportDeclaration): boolean {
    const entry = this.moduleEntry(declaration.source.value);
    const namespace = this.moduleValue(declaration.source.value, 'namespace');
    if (!entry || !namespace) {
      return true;
    }
    for (const specifier of declaration.specifiers) {
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) {
        return false;
      }
      const name = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      if (this.member(namespace, name) !== undefined || this.registry.typeBeginsWith(entry.lib, name)) {
        return false;
      }
    }
    return true;
  }

  moduleValue(specifier: string, view: 'namespace' | 'default'): Value | undefined {
    const entry = this.moduleEntry(specifier);
    if (!entry) {
      return undefined;
    }
    return view === 'default'
      ? { key: entry.defaultKey, promise: false }
      : { key: entry.exportsKey, promise: false, moduleDefault: entry.defaultKey };
  }

  /** A property of a value: a modelled prop, the ESM `default` of a namespace, or `anyProp`. */
  member(value: Value | undefined, name: string): Value | undefined {
    if (!value || value.promise) {
      return undefined;
    }
    if (name === 'default' && value.moduleDefault !== undefined) {
      return { key: value.moduleDefault, promise: false };
    }
    const shape = this.registry.shape(value.key);
    if (!shape) {
      return undefined;
    }
    const ref = propRef(shape, name);
    return ref === undefined
      ? undefined
      : { key: this.registry.resolveRef(shape.lib, ref), promise: false, origin: value.origin };
  }

  private memberValue(node: TSESTree.MemberExpression): Value | undefined {
    // A private field (`this.#pool`) by its `#` name, which no model's member has.
    const name = memberName(node);
    if (name === undefined) {
      return undefined;
    }
    if (node.object.type === AST_NODE_TYPES.ThisExpression) {
      const field = this.thisMemberValue(node.object, name);
      if (field) {
        return field;
      }
    }
    return this.member(this.valueOf(node.object), name);
  }

  private identifierValue(node: TSESTree.Identifier): Value | undefined {
    const variable = this.variableOf(node);
    if (!variable || valueDef(variable) === undefined) {
      return undefined;
    }
    // What a variable holds does not depend on which reference reads it: computed once per variable.
    return this.memoised(this.variables, variable, this.variableDefValue);
  }

  private variableDefValue(variable: TSESLint.Scope.Variable): Value | undefined {
    const def = valueDef(variable) as TSESLint.Scope.Definition;
    switch (def.type) {
      case 'ImportBinding':
        return this.importValue(def.node);
      case 'Variable':
        return def.name.type === AST_NODE_TYPES.Identifier ? this.variableValue(variable, def.node, def.name) : undefined;
      case 'Parameter':
        return def.name.type === AST_NODE_TYPES.Identifier ? this.parameterValue(def.node, def.name) : undefined;
      case 'ClassName':
        return this.valueOf(def.node);
      default:
        return undefined;
    }
  }

  private importValue(
    node:
      | TSESTree.ImportDefaultSpecifier
      | TSESTree.ImportNamespaceSpecifier
      | TSESTree.ImportSpecifier
      | TSESTree.TSImportEqualsDeclaration,
  ): Value | undefined {
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      return ref.type === AST_NODE_TYPES.TSExternalModuleReference &&
        ref.expression.type === AST_NODE_TYPES.Literal &&
        typeof ref.expression.value === 'string'
        ? this.moduleValue(ref.expression.value, 'namespace')
        : undefined;
    }
    const declaration = node.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) {
      return undefined;
    }
    const specifier = declaration.source.value;
    if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
      return this.moduleValue(specifier, 'default');
    }
    const namespace = this.moduleValue(specifier, 'namespace');
    if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
      return namespace;
    }
    const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
    return this.member(namespace, imported);
  }

  private variableValue(
    variable: TSESLint.Scope.Variable,
    declarator: TSESTree.VariableDeclarator,
    name: TSESTree.Identifier,
  ): Value | undefined {
    const declaration = declarator.parent;
    const isConst = declaration.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const';
    const keys = patternPath(declarator.id, name);
    if (!keys) {
      return undefined;
    }
    if (declarator.id.type !== AST_NODE_TYPES.Identifier) {
      // Destructuring: `const { Pool } = require('pg')`, `const { rows } = await pool.query()`.
      if (!isConst && variable.references.some((ref) => ref.isWrite() && ref.writeExpr !== declarator.init)) {
        return undefined;
      }
      return declarator.init ? this.project(this.valueOf(declarator.init), keys) : undefined;
    }
    const annotated = this.typeAnnotationValue(name.typeAnnotation);
    if (isConst) {
      return (declarator.init && this.valueOf(declarator.init)) ?? annotated;
    }
    // `let`/`var`: every assignment that yields a library value must agree (`let db; db ??= new Pool()`).
    let found: Value | undefined;
    for (const ref of variable.references) {
      if (!ref.isWrite() || !ref.writeExpr) {
        continue;
      }
      const value = this.valueOf(ref.writeExpr);
      if (!value) {
        continue;
      }
      if (found && (found.key !== value.key || found.promise !== value.promise)) {
        return annotated;
      }
      found ??= value;
    }
    return found ?? annotated;
  }

  private project(value: Value | undefined, keys: readonly string[]): Value | undefined {
    let current = value;
    for (const name of keys) {
      current = this.member(current, name);
    }
    return current;
  }

  private parameterValue(fn: TSESTree.Node, name: TSESTree.Identifier): Value | undefined {
    if (!isFunctionNode(fn)) {
      return undefined;
    }
    const annotated = this.typeAnnotationValue(name.typeAnnotation);
    if (annotated) {
      return { ...annotated, origin: name };
    }
    const index = fn.params.findIndex((param) => contains(param, name));
    if (index < 0) {
      return undefined;
    }
    const param = fn.params[index];
    const keys = patternPath(param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param, name);
    if (!keys) {
      return undefined;
    }
    const whole = this.callbackParameter(fn, index);
    return whole && this.project({ ...whole, origin: name }, keys);
  }

  /**
   * The library call that runs `fn` as its callback: the call it is given to, or the call a plain
   * wrapper of it is given to (`db.transaction(autoRollbackTx(async (tx) => …))`, see wrappedCallback).
   */
  callbackCall(fn: FunctionNode): CallInfo | undefined {
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) {
      return undefined;
    }
    const info = this.callOf(call);
    if (info?.callback === fn) {
      return info;
    }
    const outer = call.parent;
    if (call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && outer?.type === AST_NODE_TYPES.CallExpression) {
      const outerInfo = outer.arguments.includes(call) ? this.callOf(outer) : undefined;
      return outerInfo?.callback === fn ? outerInfo : undefined;
    }
    return undefined;
  }

  /** The value a library passes to parameter `index` of a callback it runs. */
  private callbackParameter(fn: FunctionNode, index: number): Value | undefined {
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) {
      return undefined;
    }
    const info = this.callbackCall(fn);
    if (info?.spec.callback) {
      const ref = info.spec.callback.params[index];
      return ref ? { key: this.registry.resolveRef(info.shape.lib, ref), promise: false } : undefined;
    }
    // `promise.then(value => …)`
    const callee = call.type === AST_NODE_TYPES.CallExpression ? skipWrappers(call.callee) : undefined;
    if (
      index === 0 &&
      callee?.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(callee) === 'then' &&
      call.arguments[0] === fn
    ) {
      const promised = this.valueOf(callee.object);
      return promised?.promise ? { ...promised, promise: false } : undefined;
    }
    return undefined;
  }

  /** `this` inside a class that extends a library class is that library object. */
  private thisValue(node: TSESTree.ThisExpression): Value | undefined {
    const cls = thisOwner(node)?.cls;
    return cls?.superClass ? this.instanceOf(this.valueOf(cls.superClass)) : undefined;
  }

  private instanceOf(ctor: Value | undefined): Value | undefined {
    const construct = this.shape(ctor)?.construct;
    const shape = this.shape(ctor);
    return construct?.returns && shape
      ? { key: this.registry.resolveRef(shape.lib, construct.returns), promise: false }
      : undefined;
  }

  /**
   * `this.x`: a class field, a constructor parameter property, or a constructor assignment. What a
   * field holds does not depend on which method reads it: computed once per class and name.
   */
  private thisMemberValue(node: TSESTree.ThisExpression, name: string): Value | undefined {
    const cls = thisOwner(node)?.cls;
    if (!cls) {
      return undefined;
    }
    let fields = this.fields.get(cls);
    if (fields === undefined) {
      fields = new Map();
      this.fields.set(cls, fields);
    }
    // Not counted: the read's own node counted a level already, and a chain of fields
    // (`this.b = this.a`) may go as deep as a chain of variables.
    return this.memoised(fields, name, (field) => this.fieldValue(cls, field), false);
  }

  private fieldValue(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): Value | undefined {
    const declarations = fieldDeclarations(cls.body, name);
    for (const member of declarations) {
      if (member.type !== AST_NODE_TYPES.TSParameterProperty) {
        const field = (member.value && this.valueOf(member.value)) ?? this.typeAnnotationValue(member.typeAnnotation);
        if (field) {
          return field;
        }
      }
    }
    const parameter = declarations.find((member) => member.type === AST_NODE_TYPES.TSParameterProperty);
    if (parameter) {
      const inner = parameter.parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.parameter.left : parameter.parameter;
      return this.typeAnnotationValue(inner.typeAnnotation);
    }
    const ctor = cls.body.body.find(
      (member): member is TSESTree.MethodDefinition =>
        member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
    );
    for (const statement of ctor?.value.body?.body ?? []) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) {
        continue;
      }
      const expression = statement.expression;
      if (
        expression.type === AST_NODE_TYPES.AssignmentExpression &&
        expression.left.type === AST_NODE_TYPES.MemberExpression &&
        expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
        memberName(expression.left) === name
      ) {
        const value = this.valueOf(expression.right);
        if (value) {
          return value;
        }
      }
    }
    return undefined;
  }

  /** The library value a type annotation names: `PoolClient`, `pg.PoolClient`, `Knex.Transaction`, a local alias of one. */
  typeAnnotationValue(annotation: TSESTree.TSTypeAnnotation | undefined): Value | undefined {
    return annotation ? this.typeValue(annotation.typeAnnotation, 0) : undefined;
  }

  private typeValue(type: TSESTree.TypeNode, depth: number): Value | undefined {
    if (depth > 5) {
      return undefined;
    }
    if (type.type === AST_NODE_TYPES.TSUnionType) {
      for (const member of type.types) {
        const value = this.typeValue(member, depth + 1);
        if (value) {
          return value;
        }
      }
      return undefined;
    }
    if (type.type !== AST_NODE_TYPES.TSTypeReference) {
      return undefined;
    }
    const instance = this.instanceTypeValue(type);
    if (instance !== null) {
      return instance;
    }
    const typePath: string[] = [];
    let head: TSESTree.EntityName = type.typeName;
    while (head.type === AST_NODE_TYPES.TSQualifiedName) {
      typePath.unshift(head.right.name);
      head = head.left;
    }
    if (head.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const variable = findVariable(this.scopeOf(head), head);
    const def = variable ? typeDef(variable) : undefined;
    if (!def) {
      return undefined;
    }
    if (def.type === 'Type' && def.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && typePath.length === 0) {
      return this.typeValue(def.node.typeAnnotation, depth + 1);
    }
    if (def.type !== 'ImportBinding') {
      return undefined;
    }
    const node = def.node;
    let specifier: string | undefined;
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      specifier =
        ref.type === AST_NODE_TYPES.TSExternalModuleReference && ref.expression.type === AST_NODE_TYPES.Literal
          ? String(ref.expression.value)
          : undefined;
    } else if (node.parent.type === AST_NODE_TYPES.ImportDeclaration) {
      specifier = node.parent.source.value;
      if (node.type === AST_NODE_TYPES.ImportSpecifier) {
        typePath.unshift(node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value);
      }
    }
    if (specifier === undefined) {
      return undefined;
    }
    const entry = this.moduleEntry(specifier);
    const key = entry && this.registry.typeShapeInLibrary(entry.lib, typePath.join('.'));
    return key ? { key, promise: false } : undefined;
  }

  /**
   * `InstanceType<typeof Pool>` (TypeScript's global helper; how ESM code names the type of a class
   * it destructured from a default import): what `new Pool()` makes. Null when the reference is not
   * that helper, undefined when it is but names nothing modelled.
   */
  private instanceTypeValue(type: TSESTree.TSTypeReference): Value | undefined | null {
    const name = type.typeName;
    if (name.type !== AST_NODE_TYPES.Identifier || name.name !== 'InstanceType' || declared(findVariable(this.scopeOf(name), name)) !== null) {
      return null;
    }
    const query = type.typeArguments?.params[0];
    if (query?.type !== AST_NODE_TYPES.TSTypeQuery || query.exprName.type === AST_NODE_TYPES.TSImportType) {
      return undefined;
    }
    const shape = this.shape(this.entityValue(query.exprName));
    const ref = shape?.construct?.returns;
    return shape && ref !== undefined ? { key: this.registry.resolveRef(shape.lib, ref), promise: false } : undefined;
  }

  /** The value a `typeof` query names: `Pool`, `pg.Pool`. */
  private entityValue(name: TSESTree.EntityName): Value | undefined {
    if (name.type === AST_NODE_TYPES.Identifier) {
      return this.valueOf(name);
    }
    return name.type === AST_NODE_TYPES.TSQualifiedName ? this.member(this.entityValue(name.left), name.right.name) : undefined;
  }
}

/** A modelled call used directly, not in its callback form (`pool.connect((err, client) => …)`). */
export function isDirectCall(info: CallInfo | undefined): info is CallInfo {
  return info !== undefined && info.callback === undefined && info.callbackElsewhere === undefined;
}

/** A variable's one declaration as a type: the alias or interface beside a value of the same name (see valueDef). */
function typeDef(variable: TSESLint.Scope.Variable): TSESLint.Scope.Definition | undefined {
  if (variable.defs.length === 1) {
    return variable.defs[0];
  }
  const types = variable.defs.filter((def) => def.type === 'Type');
  return types.length === 1 ? types[0] : undefined;
}

/** A variable the file declares, or null (a global of the environment or the libs: no defs). */
function declared(variable: TSESLint.Scope.Variable | null): TSESLint.Scope.Variable | null {
  return variable !== null && variable.defs.length > 0 ? variable : null;
}

/**
 * Relative import specifiers resolved against an absolute directory, per directory (bounded: cleared
 * when it holds too many directories; a directory's files import a bounded set of specifiers).
 */
const RESOLVED = new Map<string, ResolvedInDirectory>();
const RESOLVED_LIMIT = 5_000;

interface ResolvedInDirectory {
  readonly dir: string;
  readonly paths: Map<string, string>;
}

/**
 * How many values may be computed one inside another: a value follows its definition (an alias, a
 * field, a call's receiver), each step a few stack frames. Real code nests a few dozen at most.
 */
const MAX_DEPTH = 400;

/** Marks an expression whose value is being computed (a cycle reads it as unknown). */
const IN_PROGRESS = Symbol('in progress');

/** The module named by `require('x')` when `require` is the CommonJS global. */
export function requireSpecifier(node: TSESTree.CallExpression, scopeOf: Scoped): string | undefined {
  const callee = node.callee;
  const arg = node.arguments[0];
  if (
    callee.type !== AST_NODE_TYPES.Identifier ||
    callee.name !== 'require' ||
    node.arguments.length !== 1 ||
    arg.type !== AST_NODE_TYPES.Literal ||
    typeof arg.value !== 'string'
  ) {
    return undefined;
  }
  const variable = findVariable(scopeOf(callee), callee);
  return variable && variable.defs.length > 0 ? undefined : arg.value;
}

/** The property path from a binding pattern's root to `name`, or undefined when it is not a plain path. */
function patternPath(pattern: TSESTree.Node, name: TSESTree.Identifier): string[] | undefined {
  if (pattern === name) {
    return [];
  }
  switch (pattern.type) {
    case AST_NODE_TYPES.AssignmentPattern:
      return patternPath(pattern.left, name);
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) {
          continue;
        }
        const key = keyName(property.key);
        const rest = key === undefined ? undefined : patternPath(property.value, name);
        if (rest && key !== undefined) {
          return [key, ...rest];
        }
      }
      return undefined;
    default:
      return undefined;
  }
}
