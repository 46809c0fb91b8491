import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import type { Registry, ResolvedShape } from '../models/registry';
import { completionOf, contains, enclosingFunction, endsInExit, forEachChild, isFileScope, isFunctionNode, keyName, mentionsName, nullishComparison, propertyName, skipAwait, skipWrappers, type FunctionNode } from '../util/ast';
import type { CallInfo, ValueTracker } from './values';

/** A call that builds a new engine (a pool, an ORM client, a data source). */
export interface EngineConstruction {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly info: CallInfo;
  /** The shape of the engine it builds (for its label and suggested variable name). */
  readonly engine: ResolvedShape | undefined;
}

/** Is this call or `new` the construction of an engine, per the library models? */
export function engineConstruction(values: ValueTracker, node: TSESTree.Node): EngineConstruction | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) {
    return undefined;
  }
  const info = values.callOf(node);
  const condition = info?.spec.createsEngine;
  if (!info || !condition || info.callback) {
    return undefined;
  }
  if (condition !== true) {
    const arg = node.arguments[condition.arg];
    const builds =
      condition.kind === 'unless-wraps-client'
        ? buildsOwnPool(values, arg)
        : condition.kind === 'with-option'
          ? hasOption(arg, condition.option)
          : !sharesPool(arg, 0);
    if (!builds) {
      return undefined;
    }
  }
  return { node, info, engine: values.registry.resultShape(info) };
}

const CONNECTION_NAME = /(url|uri|dsn|connection_?string|database)$/i;

/**
 * Drizzle-style factories build a pool from a connection string or `{ connection }`, and wrap an
 * existing client given as `{ client }` or directly. Unknown arguments count as wrapping (no report).
 */
function buildsOwnPool(values: ValueTracker, arg: TSESTree.Node | undefined): boolean {
  if (!arg) {
    return false;
  }
  const node = skipWrappers(arg);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string';
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          !property.computed &&
          property.key.type === AST_NODE_TYPES.Identifier &&
          property.key.name === 'connection',
      );
    case AST_NODE_TYPES.MemberExpression: {
      if (values.valueOf(node)) {
        return false;
      }
      const name = propertyName(node);
      return name !== undefined && (isProcessEnv(node.object) || CONNECTION_NAME.test(name));
    }
    case AST_NODE_TYPES.Identifier:
      return !values.valueOf(node) && CONNECTION_NAME.test(node.name);
    case AST_NODE_TYPES.LogicalExpression:
      return buildsOwnPool(values, node.left) || buildsOwnPool(values, node.right);
    default:
      return false;
  }
}

/** An object literal configuration names `option` (or may, through a spread); anything else counts as naming it. */
function hasOption(arg: TSESTree.Node | undefined, option: string): boolean {
  const node = arg && skipWrappers(arg);
  if (!node || node.type !== AST_NODE_TYPES.ObjectExpression) {
    return node !== undefined;
  }
  return node.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.SpreadElement ||
      (property.type === AST_NODE_TYPES.Property && (property.computed || keyName(property.key) === option)),
  );
}

const SHARED_POOL_KEYS = new Set(['pool', 'client', 'dialect', 'driver']);

/** Does an engine's configuration hand it a pool (or dialect) built elsewhere? */
function sharesPool(arg: TSESTree.Node | undefined, depth: number): boolean {
  if (!arg || depth > 4) {
    return false;
  }
  const node = skipWrappers(arg);
  if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) {
    return node.arguments.some((inner) => sharesPool(inner, depth + 1));
  }
  if (node.type !== AST_NODE_TYPES.ObjectExpression) {
    return false;
  }
  return node.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const value = skipWrappers(property.value);
    if (SHARED_POOL_KEYS.has(property.key.name) && (value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression)) {
      return true;
    }
    // An inline dialect object (`{ createDriver: () => new DummyDriver(), … }`): Kysely's documented
    // "cold" instance that only compiles queries.
    if (property.key.name === 'dialect' && value.type === AST_NODE_TYPES.ObjectExpression) {
      return true;
    }
    return sharesPool(value, depth + 1);
  });
}

function isProcessEnv(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'process' &&
    propertyName(node) === 'env'
  );
}

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** EventEmitter registrations return the emitter itself. */
const SELF_RETURNING_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'setMaxListeners']);

/** Callbacks of these methods run while the enclosing call is still going on. */
const SYNCHRONOUS_CALLBACK_METHODS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap', 'sort',
  'then', 'catch', 'finally', 'all', 'allSettled', 'race', 'any',
]);

/**
 * Does an object of shape `key` keep the engine of shape `engine` reachable through its modelled
 * properties (a Sequelize model's `sequelize`, a TypeORM repository's `manager.connection`),
 * within `depth` steps? Whoever holds it holds the engine: `this.model = sequelize.define(…)`.
 */
function leadsBack(registry: Registry, key: string, engine: string, depth: number): boolean {
  const shape = registry.shape(key);
  if (!shape?.props || depth === 0) {
    return false;
  }
  return Object.values(shape.props).some((ref) => {
    const next = registry.resolveRef(shape.lib, ref);
    return next === engine || leadsBack(registry, next, engine, depth - 1);
  });
}

/**
 * Escape analysis for a value produced at `node` within `boundary` (a function or a loop body):
 * true when it is returned, stored outside, passed to an unknown function, exported, or captured
 * by a callback that may run later. Anything we cannot read counts as an escape (trust escapes).
 */
export class EscapeAnalysis {
  constructor(
    private readonly values: ValueTracker,
    private readonly scopeOf: Scoped,
  ) {}

  /**
   * `outer`: for a loop body, the function (or program) around the loop. A variable declared there
   * but assigned in the loop (`let ds; for (…) { ds = new DataSource(); … }`) is judged over it.
   */
  escapes(node: TSESTree.Node, boundary: TSESTree.Node, outer?: TSESTree.Node): boolean {
    this.outer = outer;
    return this.flowEscapes(node, boundary, 0);
  }

  /**
   * Is the value built at `node` handed out by `fn` and nothing else: returned from it (itself, or
   * wrapped: `return drizzle(client)`), and otherwise only used during the call? A factory that
   * builds a new engine on every call (`function getDb() { return new PrismaClient(); }`).
   */
  returnedOnly(node: TSESTree.Node, fn: FunctionNode): boolean {
    this.outer = undefined;
    this.returnFrom = fn;
    this.returned = false;
    try {
      return !this.flowEscapes(node, fn, 0) && this.returned;
    } finally {
      this.returnFrom = undefined;
    }
  }

  private outer: TSESTree.Node | undefined;
  /** While `returnedOnly` runs: the function whose own `return` hands the value out, and whether one did. */
  private returnFrom: FunctionNode | undefined;
  private returned = false;

  private flowEscapes(node: TSESTree.Node, boundary: TSESTree.Node, depth: number): boolean {
    if (depth > 8) {
      return true;
    }
    let current = node;
    for (;;) {
      const parent = current.parent;
      if (!parent) {
        return true;
      }
      switch (parent.type) {
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.TSTypeAssertion:
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.ConditionalExpression:
          if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === current) {
            return false;
          }
          current = parent;
          continue;
        case AST_NODE_TYPES.SequenceExpression:
          if (parent.expressions[parent.expressions.length - 1] !== current) {
            return false;
          }
          current = parent;
          continue;
        case AST_NODE_TYPES.ExpressionStatement:
          return false;
        case AST_NODE_TYPES.MemberExpression: {
          if (parent.object !== current) {
            return true;
          }
          // The same engine handed back (`ds.initialize()`, `pool.on('error', …)`), or an object
          // that keeps it alive (`orm.em`): follow it. Anything else is a use: `pool.query(…)`.
          const next = this.sameEngineThrough(parent);
          if (!next) {
            return false;
          }
          current = next;
          continue;
        }
        case AST_NODE_TYPES.TaggedTemplateExpression:
          return parent.tag !== current;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.callee === current) {
            return false;
          }
          // Passed to a wrapper the models know (`drizzle(pool)`): follow the wrapper instead.
          const info = this.values.callOf(parent);
          if (info && (info.spec.wraps || info.spec.createsEngine)) {
            current = parent;
            continue;
          }
          return true;
        }
        case AST_NODE_TYPES.VariableDeclarator:
          if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) {
            return true;
          }
          return this.variableEscapes(parent.id, boundary, depth);
        case AST_NODE_TYPES.AssignmentExpression: {
          if (parent.right !== current || parent.left.type !== AST_NODE_TYPES.Identifier) {
            return true;
          }
          const variable = findVariable(this.scopeOf(parent.left), parent.left);
          const declared = variable?.defs[0]?.name;
          if (!variable || !declared) {
            return true;
          }
          if (contains(boundary, declared)) {
            return this.variableEscapes(declared as TSESTree.Identifier, boundary, depth);
          }
          const outer = this.outer;
          return outer && outer.type !== AST_NODE_TYPES.Program && contains(outer, declared)
            ? this.variableEscapes(declared as TSESTree.Identifier, outer, depth)
            : true;
        }
        case AST_NODE_TYPES.ReturnStatement:
        case AST_NODE_TYPES.ArrowFunctionExpression:
          if (
            this.returnFrom !== undefined &&
            (parent.type === AST_NODE_TYPES.ReturnStatement ? enclosingFunction(parent) === this.returnFrom : parent === this.returnFrom && parent.body === current)
          ) {
            this.returned = true;
            return false;
          }
          return true;
        default:
          // return, export, object/array literals, spread, yield, throw, JSX…: the value leaves our sight.
          return true;
      }
    }
  }

  /**
   * `x.m(…)` whose result is `x` again (a modelled method resolving to the receiver's shape, or an
   * EventEmitter registration, which returns `this`), or `x.p` whose value is a modelled object:
   * the expression to keep following, or undefined when the member access merely uses `x`.
   */
  private sameEngineThrough(member: TSESTree.MemberExpression): TSESTree.Node | undefined {
    const call = member.parent;
    if (call.type === AST_NODE_TYPES.CallExpression && call.callee === member) {
      const name = propertyName(member);
      if (name !== undefined && SELF_RETURNING_METHODS.has(name)) {
        return call;
      }
      const info = this.values.callOf(call);
      const result = info && !info.callback ? (info.spec.returns ?? info.spec.resolves) : undefined;
      if (!info || result === undefined || info.receiver === undefined) {
        return undefined;
      }
      const registry = this.values.registry;
      const key = registry.resolveRef(info.shape.lib, result);
      return key === info.receiver.key || leadsBack(registry, key, info.receiver.key, 2) ? call : undefined;
    }
    return this.values.valueOf(member) ? member : undefined;
  }

  private variableEscapes(id: TSESTree.Identifier, boundary: TSESTree.Node, depth: number): boolean {
    const variable = findVariable(this.scopeOf(id), id);
    if (!variable) {
      return true;
    }
    if (isFileScope(variable.scope)) {
      return true;
    }
    for (const reference of variable.references) {
      if (reference.init || reference.isWrite()) {
        continue;
      }
      const identifier = reference.identifier as TSESTree.Identifier;
      if (!contains(boundary, identifier)) {
        return true;
      }
      if (this.capturedByLaterCallback(identifier, boundary)) {
        return true;
      }
      if (this.flowEscapes(identifier, boundary, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A reference inside a nested function that may run after the boundary is left: a callback given
   * to something other than an array or promise method, or to the handle's own methods.
   */
  private capturedByLaterCallback(identifier: TSESTree.Node, boundary: TSESTree.Node): boolean {
    for (let current = identifier.parent; current && current !== boundary; current = current.parent) {
      if (!isFunctionNode(current)) {
        continue;
      }
      if (!this.runsDuringCall(current)) {
        return true;
      }
    }
    return false;
  }

  private runsDuringCall(fn: FunctionNode): boolean {
    const call = fn.parent;
    if (call.type === AST_NODE_TYPES.NewExpression) {
      return call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Promise';
    }
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee === fn) {
      return call.type === AST_NODE_TYPES.CallExpression; // an IIFE runs now
    }
    if (this.values.callbackCall(fn) !== undefined) {
      return true;
    }
    const callee = skipWrappers(call.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && SYNCHRONOUS_CALLBACK_METHODS.has(propertyName(callee) ?? '');
  }
}

/**
 * A lazily created cache inside a per-request function: `x ??= new Pool()`, `x ||= …`,
 * `x = x ?? new Pool()`, `if (!x) x = new Pool()`, `cache.get(k) ?? …`, `if (!cache.has(k)) cache.set(k, new Pool())`.
 */
export function isLazilyCached(
  node: TSESTree.Node,
  fn: FunctionNode | undefined,
  sourceCode: TSESLint.SourceCode,
  scopeOf: Scoped,
): boolean {
  let current: TSESTree.Node = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ConditionalExpression:
        current = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === current && isOuterRead(parent.left, fn, scopeOf)) {
          return true;
        }
        current = parent;
        continue;
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.operator === '??=' || parent.operator === '||=') {
          return true;
        }
        return parent.operator === '=' && isOuterTarget(parent.left, fn, scopeOf) && isGuarded(parent.left, parent, fn, sourceCode);
      }
      case AST_NODE_TYPES.CallExpression: {
        // cache.set(key, new Pool()) guarded by cache.has(key) / cache.get(key)
        const callee = parent.callee;
        if (
          parent.arguments.includes(current as TSESTree.CallExpressionArgument) &&
          callee.type === AST_NODE_TYPES.MemberExpression &&
          propertyName(callee) === 'set'
        ) {
          return isGuarded(callee.object, parent, fn, sourceCode);
        }
        return false;
      }
      default:
        return false;
    }
  }
  return false;
}

/**
 * The construction runs only when a registry lacks what it builds: in the branch of `if
 * (registry.has(key))` taken when it is missing (`else`, or `if (!registry.has(key))`), or after
 * `if (registry.has(key)) return …;`. A registry filled elsewhere (a `Map` of tenants' pools), or by
 * the library itself (TypeORM's `createConnection({ name })` registers the connection under its
 * name in the connection manager `getConnectionManager().has(name)` asks), serves the later calls.
 */
export function builtOnCacheMiss(node: TSESTree.Node, fn: FunctionNode): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.IfStatement) {
      const asked = asksHas(current.test);
      if ((asked === 'has' && child === current.alternate) || (asked === 'lacks' && child === current.consequent)) {
        return true;
      }
    }
    if (current.type === AST_NODE_TYPES.BlockStatement) {
      const earlier = current.body.filter((statement) => statement.range[1] <= child.range[0]);
      if (earlier.some((statement) => statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && asksHas(statement.test) === 'has' && endsInExit(statement.consequent))) {
        return true;
      }
    }
  }
  return false;
}

/** `registry.has(key)` (awaited or not) → `has`; `!registry.has(key)` → `lacks`. */
function asksHas(test: TSESTree.Expression): 'has' | 'lacks' | undefined {
  const negated = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!';
  const inner = skipAwait(negated ? test.argument : test);
  if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(inner.callee) !== 'has') {
    return undefined;
  }
  return negated ? 'lacks' : 'has';
}

/**
 * The construction runs once per process: the function begins (before the statement holding it)
 * with a guard clause that returns when a place outside it is set (`if (bossInstance) return
 * bossInstance;`, `if (this.ready) return;`), and sets that place later on. The rest of the body,
 * its one-off set-up, runs on the first call only.
 */
export function runsOnceGuarded(node: TSESTree.Node, fn: FunctionNode, sourceCode: TSESLint.SourceCode, scopeOf: Scoped): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return false;
  }
  const statements = fn.body.body;
  const holder = statements.find((statement) => statement.range[0] <= node.range[0] && node.range[1] <= statement.range[1]);
  if (!holder) {
    return false;
  }
  for (const statement of statements) {
    if (statement === holder) {
      return false;
    }
    const place = statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && exits(statement.consequent) ? guardedPlace(statement.test) : undefined;
    if (place && isOuterTarget(place, fn, scopeOf) && setsLater(fn.body, place, statement.range[1], sourceCode)) {
      return true;
    }
  }
  return false;
}

/** A `return` (or a block that is one). */
function exits(node: TSESTree.Statement): boolean {
  return node.type === AST_NODE_TYPES.ReturnStatement || (node.type === AST_NODE_TYPES.BlockStatement && node.body.length === 1 && node.body[0]?.type === AST_NODE_TYPES.ReturnStatement);
}

/** What a guard tests is set: `x`, `this.x`, `x !== undefined`, `x != null`. */
function guardedPlace(test: TSESTree.Node): TSESTree.Node | undefined {
  const inner = skipWrappers(test);
  if (inner.type === AST_NODE_TYPES.Identifier || (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed)) {
    return inner;
  }
  if (inner.type !== AST_NODE_TYPES.BinaryExpression) {
    return undefined;
  }
  // The place itself compared with `null` or `undefined` (not `typeof x`).
  const comparison = nullishComparison(inner);
  return comparison && !comparison.whenMatched && (comparison.subject === inner.left || comparison.subject === inner.right) ? guardedPlace(comparison.subject) : undefined;
}

/** `place = …` after `from`, in the function's own code (not a nested function's). */
function setsLater(body: TSESTree.Node, place: TSESTree.Node, from: number, sourceCode: TSESLint.SourceCode): boolean {
  const text = sourceCode.getText(place);
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || node.range[1] <= from || isFunctionNode(node)) {
      return;
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.range[0] >= from && sourceCode.getText(node.left) === text) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  forEachChild(body, visit);
  return found;
}

/** `x` declared outside `fn`, `globalThis.x`, `this.x`, `cache.get(k)`. */
function isOuterRead(node: TSESTree.Node, fn: FunctionNode | undefined, scopeOf: Scoped): boolean {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    return inner.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(inner.callee) === 'get';
  }
  return isOuterTarget(inner, fn, scopeOf);
}

function isOuterTarget(node: TSESTree.Node, fn: FunctionNode | undefined, scopeOf: Scoped): boolean {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    return true;
  }
  if (node.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const declared = findVariable(scopeOf(node), node)?.defs[0]?.name;
  return !fn || !declared || !contains(fn, declared);
}

/**
 * The stored-to location (or the cache object) is tested before the store: an `if`, `?:`, `&&`,
 * `||` or `??` whose test mentions it, within the same function and before the assignment.
 */
function isGuarded(target: TSESTree.Node, store: TSESTree.Node, fn: FunctionNode | undefined, sourceCode: TSESLint.SourceCode): boolean {
  const text = sourceCode.getText(skipWrappers(target));
  const limit = fn ?? sourceCode.ast;
  for (let current: TSESTree.Node | undefined = store.parent; current && current !== limit.parent; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) &&
      mentionsName(sourceCode.getText(current.test), text, false)
    ) {
      return true;
    }
    if (current.type === AST_NODE_TYPES.LogicalExpression && mentionsName(sourceCode.getText(current.left), text, false)) {
      return true;
    }
    if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program) {
      // An earlier guard clause in the same block: `if (cached) return cached;`
      for (const statement of current.body) {
        if (statement.range[0] >= store.range[0]) {
          break;
        }
        if (statement.type === AST_NODE_TYPES.IfStatement && mentionsName(sourceCode.getText(statement.test), text, false)) {
          return true;
        }
      }
    }
  }
  return false;
}

/** Methods that close an engine, whatever its library (`pool.end()`, `prisma.$disconnect()`, `knex.destroy()`). */
const ENGINE_CLOSERS = new Set(['end', '$disconnect', 'destroy', 'close', 'dispose']);

/**
 * The function replaces the engine a place holds: it stores the new engine there (`this.conn =
 * { pool: newPool }`, `pool = next`, or through a variable) and closes the one that was there
 * (`await this.conn.pool.end()`). That is a rotation, such as a timer that rebuilds the pool when
 * its IAM token or password expires, not an engine per call: one pool lives at a time.
 */
export function replacesHeldEngine(node: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): boolean {
  const places: Array<{ place: string; at: number }> = [];
  const storedAt = (value: TSESTree.Node): void => {
    let current = value;
    for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
      if (
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        (parent.type === AST_NODE_TYPES.Property && parent.value === current) ||
        (parent.type === AST_NODE_TYPES.ObjectExpression && parent.properties.includes(current as TSESTree.Property))
      ) {
        continue;
      }
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === current && isOuterTarget(parent.left, fn, scopeOf)) {
        const place = placeText(parent.left);
        if (place !== undefined) {
          places.push({ place, at: parent.range[0] });
        }
      }
      return;
    }
  };
  storedAt(node);
  // The declarator binding the value, through `await` and casts.
  const completed = completionOf(node);
  const declarator = completed.parent?.type === AST_NODE_TYPES.VariableDeclarator && completed.parent.init === completed ? completed.parent : undefined;
  if (declarator?.id.type === AST_NODE_TYPES.Identifier) {
    // `const next = new Pool(…)` … `this.conn = { pool: next }`.
    const bound = findVariable(scopeOf(declarator.id), declarator.id);
    for (const reference of bound?.references ?? []) {
      if (reference.isRead()) {
        storedAt(reference.identifier);
      }
    }
  }
  if (places.length === 0) {
    return false;
  }
  // The old engine is closed in the same function, through the place it was held at, before the
  // new one takes its place (closing it after the store would close the new one: built per call).
  let closes = false;
  const visit = (current: TSESTree.Node): void => {
    if (closes || (current !== fn.body && isFunctionNode(current))) {
      return;
    }
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && ENGINE_CLOSERS.has(propertyName(callee) ?? '')) {
        const receiver = placeText(skipWrappers(callee.object));
        if (receiver !== undefined && places.some(({ place, at }) => current.range[1] <= at && (receiver === place || receiver.startsWith(`${place}.`)))) {
          closes = true;
          return;
        }
      }
    }
    forEachChild(current, visit);
  };
  visit(fn.body);
  return closes;
}

/** `this.conn.pool`, `state.pool`, `pool`: a place written as names and dots (`?.` read as `.`). */
function placeText(node: TSESTree.Node): string | undefined {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return inner.name;
  }
  if (inner.type === AST_NODE_TYPES.ThisExpression) {
    return 'this';
  }
  if (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && inner.property.type === AST_NODE_TYPES.Identifier) {
    const object = placeText(inner.object);
    return object === undefined ? undefined : `${object}.${inner.property.name}`;
  }
  return undefined;
}

/**
 * An engine whose model says it opens no connection until asked (`connectsOn`), bound to a
 * variable that is only ever read as `engine.member` for other members (`ds.buildMetadatas()`,
 * `ds.getMetadata(User)`): it never connects, so building it per call costs no connection. Passed
 * on, returned or stored, it may be connected elsewhere: not judged here (the escape check is).
 */
export function neverConnects(construction: EngineConstruction, scopeOf: Scoped): boolean {
  const connectsOn = construction.info.spec.connectsOn;
  if (!connectsOn) {
    return false;
  }
  const completed = completionOf(construction.node);
  const declarator = completed.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== completed || declarator.id.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const bound = findVariable(scopeOf(declarator.id), declarator.id);
  if (!bound) {
    return false;
  }
  return bound.references.every((reference) => {
    if (reference.init || reference.identifier === declarator.id) {
      return true;
    }
    const parent = reference.identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) {
      return false;
    }
    const member = propertyName(parent);
    return member !== undefined && !connectsOn.includes(member);
  });
}
