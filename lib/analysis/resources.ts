import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { isProjectShape, methodSpec, propRef, type ResolvedShape } from '../models/registry';
import type { CallSpec, Effect, Role, ShapeRef } from '../models/types';
import { calledHelper, completionOf, constInitializer, containsOwn, contains, enclosingFunction, isFileScope, isFunctionNode, keyName, LOOP_TYPES, mentionsName, nullishComparison, outermostWrapper, propertyName, returnedExpressions, skipAwait, skipWrappers, type FunctionNode } from '../util/ast';
import { buildsOneConnection } from './config';
import { engineConstruction } from './engines';
import type { FileAnalysis } from './file';
import type { HandlerInfo } from './handlers';
import { inFinally, isLogging, PROMISE_HANDLERS, solveLifecycle, type LifecycleVerdict } from './lifecycle';
import { indentationOf, indentedInto, indentUnit, wrapInTry } from '../util/fix';
import { classifySql, type SqlStatement } from './sql';
import { sqlTextOf } from './sql-text';
import { isDirectCall, type CallInfo } from './values';

/**
 * Resources whose lifecycle the rules judge: a dedicated connection checked out in a function, or
 * a transaction begun by hand. Found from the library models (effects and SQL), tracked through
 * the variable that holds the handle, and solved path by path (lib/analysis/lifecycle.ts).
 */
export interface TrackedResource {
  readonly id: number;
  readonly kind: 'connection' | 'transaction';
  /** Where to report: the acquisition or begin call. */
  readonly origin: TSESTree.Node;
  /** The variable holding the handle (the connection for a raw `BEGIN`). */
  readonly variable: TSESLint.Scope.Variable;
  /** How messages name the handle. */
  readonly handle: string;
  /**
   * The library's own way to give it back, for suggestions: `client.release()`,
   * `await queryRunner.release()`, `await client.query('ROLLBACK')`, `await trx.rollback().execute()`.
   */
  readonly closeText?: string;
  /** The node after which it is open (the awaited call). */
  readonly opensAt: TSESTree.Node;
  /** The calls on its handle that close it (not an engine's close that releases it too, see `releasesCheckedOut`). */
  readonly closers: TSESTree.Node[];
  /** Acquired on first use only (TypeORM's query runner): nothing is held until a method is called. */
  readonly lazy?: boolean;
  /** The connection or engine the transaction is begun on: two open at once on the same one nest. */
  readonly group?: TSESLint.Scope.Variable;
  /** A client the function builds and connects itself (pg `new Client()` … `client.connect()`), not a pool's. */
  readonly dedicated?: boolean;
}

/** A raw transaction statement sent through something that is not a dedicated connection. */
export interface PooledBegin {
  readonly node: TSESTree.Node;
  readonly statement: string;
  /** `the pg Pool \`pool\``. */
  readonly target: string;
  /** The receiver the statement is sent through, and its library. */
  readonly receiver: TSESTree.Node | undefined;
  readonly lib: string | undefined;
}

export interface FunctionLifecycles {
  readonly resources: readonly TrackedResource[];
  readonly verdicts: ReadonlyMap<number, LifecycleVerdict>;
  readonly pooledBegins: readonly PooledBegin[];
  /** Transactions begun on the one client the module keeps, in handlers serving requests concurrently. */
  readonly sharedBegins: readonly SharedClientBegin[];
  /** For each call: the resources open before it on some path. */
  readonly openBefore: ReadonlyMap<TSESTree.Node, readonly number[]>;
}

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener']);
/**
 * Builder methods that run a query on the handle they are given, on receivers the models do not
 * track: Knex `.transacting(trx)`, Objection `Model.query(trx)` / `$relatedQuery(name, trx)`,
 * Kysely `` sql`…`.execute(trx) ``.
 */
const JOINING_METHODS = new Set(['transacting', 'query', '$query', '$relatedQuery', 'execute', 'bindTransaction']);

/**
 * A modelled library call that uses the handle without keeping it: not a wrapper such as
 * `drizzle(client)` / `drizzle({ client })`, through which the code may still close it
 * (`db.$client.end()`).
 */
function usesWithoutWrapping(analysis: FileAnalysis, call: TSESTree.Node): boolean {
  const info = analysis.values.callOf(call);
  // A project function (settings or facts) says what it does with each handle (`handles`); a
  // library call only uses the handles it is given.
  return info !== undefined && !info.spec.wraps && !info.spec.createsEngine && !isProjectShape(info.shape);
}

/**
 * A library wrapper of the handle kept in a variable of the function and only queried through
 * (`const db = drizzle(client)` … `db.select().from(t)`): the wrapper closes nothing (Drizzle's
 * node-postgres driver never releases the client it is given), so the handle is still the
 * function's to release. Not when the wrapper leaves (returned, stored, passed on) or is read
 * for what it wraps (`db.$client`), through which it may be released.
 */
function wrappedHere(analysis: FileAnalysis, call: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): boolean {
  const info = analysis.values.callOf(call);
  if (!isDirectCall(info) || !info.spec.wraps || isProjectShape(info.shape)) {
    return false;
  }
  const variable = boundVariable(call, scopeOf);
  const declared = variable?.defs.length === 1 ? variable.defs[0]?.name : undefined;
  if (!variable || !declared || !contains(fn, declared)) {
    return false;
  }
  return variable.references.every((reference) => {
    if (reference.init) {
      return true;
    }
    const parent = reference.identifier.parent;
    return (
      !reference.isWrite() &&
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === reference.identifier &&
      propertyName(parent) !== undefined &&
      !propertyName(parent)!.startsWith('$client') &&
      propertyName(parent) !== 'session'
    );
  });
}

function joinsHandle(call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && JOINING_METHODS.has(propertyName(callee) ?? '');
}

/** Option names by which a query joins a transaction (Sequelize `{ transaction: t }`, TypeORM/MikroORM `{ ctx }`). */
const TRANSACTION_OPTIONS = new Set(['transaction', 'ctx']);

/** The SQL statements a modelled call sends, when its text is visible. */
export function sentStatements(info: CallInfo, scopeOf: Scoped): readonly SqlStatement[] | undefined {
  const sql = info.spec.sql;
  if (!sql) {
    return undefined;
  }
  const node = info.node;
  let text;
  if ('template' in sql) {
    text = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? sqlTextOf(node, scopeOf) : undefined;
  } else if (node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
    const arg = node.arguments[sql.arg];
    return arg ? statementsOf(arg, scopeOf) : undefined;
  }
  return text ? classifySql(text) : undefined;
}

const ENDS = new Set(['commit', 'rollback']);

/** The solver's answers for a node with no effect, and for the one resource of a helper's solve (never modified). */
const NO_IDS: readonly number[] = Object.freeze([]);
const ONLY_FIRST: readonly number[] = Object.freeze([0]);

/** Statements of a SQL argument; `ok ? 'COMMIT' : 'ROLLBACK'` counts as an end when both branches end. */
function statementsOf(arg: TSESTree.Node, scopeOf: Scoped): readonly SqlStatement[] | undefined {
  const node = skipWrappers(arg);
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    const consequent = statementsOf(node.consequent, scopeOf);
    const alternate = statementsOf(node.alternate, scopeOf);
    const ends = (statements: readonly SqlStatement[] | undefined) =>
      statements !== undefined && statements.length > 0 && statements.every((statement) => ENDS.has(statement.kind));
    return ends(consequent) && ends(alternate) ? consequent : undefined;
  }
  const text = sqlTextOf(node, scopeOf);
  return text ? classifySql(text) : undefined;
}

/** The object a query call runs on: the receiver of a method, or the tag itself. */
export function targetOf(info: CallInfo): TSESTree.Node | undefined {
  const node = info.node;
  const callee = skipWrappers(node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee);
  if (info.receiver && callee.type === AST_NODE_TYPES.MemberExpression) {
    // `(await client).release()`: awaiting the client gives the client.
    return skipAwait(callee.object);
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    // `prisma.$executeRaw\`…\``: a tag reached through a property of the client.
    return skipWrappers(callee.object);
  }
  return callee;
}

/**
 * The engine was built, in this file, with the option that gives it one connection
 * (`postgres(url, { max: 1 })`, `new Pool({ max: 1 })`, Knex's `pool: { max: 1 }`): a raw `BEGIN`
 * through it holds that connection.
 */
function singleConnection(analysis: FileAnalysis, target: TSESTree.Node | undefined, shape: ResolvedShape | undefined): boolean {
  if (shape?.oneConnection) {
    return true;
  }
  const origin = shape?.singleConnectionWhen && target ? analysis.values.valueOf(target)?.origin : undefined;
  return origin !== undefined && buildsOneConnection(analysis, origin, shape);
}

function roleOf(analysis: FileAnalysis, node: TSESTree.Node | undefined): { role?: Role; shape?: ResolvedShape } {
  const shape = node ? analysis.values.shape(analysis.values.valueOf(node)) : undefined;
  return { role: shape?.role, shape };
}

/** Is the node an argument of a call (`wrap(client.connect())`)? */
function handedToCall(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(node as TSESTree.CallExpressionArgument)
  );
}

/** The variable a call's (awaited) result is bound to: `const client = await pool.connect()`. */
function boundVariable(node: TSESTree.Node, scopeOf: Scoped): TSESLint.Scope.Variable | undefined {
  const completed = completionOf(node);
  const parent = completed.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === completed && parent.id.type === AST_NODE_TYPES.Identifier) {
    const declaration = parent.parent;
    if (declaration.type === AST_NODE_TYPES.VariableDeclaration && (declaration.kind === 'using' || declaration.kind === 'await using')) {
      return undefined; // disposed automatically
    }
    return findVariable(scopeOf(parent.id), parent.id) ?? undefined;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === completed && parent.left.type === AST_NODE_TYPES.Identifier) {
    return findVariable(scopeOf(parent.left), parent.left) ?? undefined;
  }
  return undefined;
}

function variableOf(node: TSESTree.Node | undefined, scopeOf: Scoped): TSESLint.Scope.Variable | undefined {
  return node?.type === AST_NODE_TYPES.Identifier ? (findVariable(scopeOf(node), node) ?? undefined) : undefined;
}

/**
 * The variable holding the handle a call is made on: the receiver's own, or the handle a value read
 * from it leads back to (`manager.queryRunner?.commitTransaction()` where `const manager =
 * queryRunner.manager`, or `queryRunner.manager.queryRunner.release()`: see `ownerProp`).
 */
function handleVariable(analysis: FileAnalysis, node: TSESTree.Node | undefined, scopeOf: Scoped): TSESLint.Scope.Variable | undefined {
  if (node?.type !== AST_NODE_TYPES.MemberExpression) {
    return variableOf(node, scopeOf);
  }
  const holder = skipWrappers(node.object);
  const name = propertyName(node);
  if (name === undefined || analysis.values.shape(analysis.values.valueOf(holder))?.ownerProp !== name) {
    return undefined;
  }
  const source = holder.type === AST_NODE_TYPES.Identifier ? constInitializer(holder, scopeOf) : holder;
  const read = source && skipWrappers(source);
  return read?.type === AST_NODE_TYPES.MemberExpression ? variableOf(skipWrappers(read.object), scopeOf) : undefined;
}

/** What a function that calls no modelled API holds: nothing (shared, never modified). */
const NO_LIFECYCLES: FunctionLifecycles = {
  resources: Object.freeze([]),
  verdicts: new Map(),
  pooledBegins: Object.freeze([]),
  sharedBegins: Object.freeze([]),
  openBefore: new Map(),
};

const lifecycleCache = new WeakMap<FunctionNode, Map<string, FunctionLifecycles>>();

/**
 * Find and solve the connection and transaction lifecycles of one function. Resources whose handle
 * escapes (returned, stored, passed to a function we cannot read, captured by a callback, attached
 * to a listener) are left out: they are no longer the function's to judge.
 */
export function functionLifecycles(
  analysis: FileAnalysis,
  fn: FunctionNode,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
  /**
   * Also the resources whose handle escapes, for where they are open only (`openBefore`): handing
   * a client to a helper (`await insertRows(client, rows)`) does not end the transaction begun on
   * it, which a check that only ever reports less for an open transaction may rely on.
   */
  withEscaped = false,
): FunctionLifecycles {
  // Most functions call nothing the models know: nothing to find, nothing to cache. A function of
  // this file that sends its SQL through a pool (`query('BEGIN')`) is no modelled call, but is
  // looked for only in files that write a `BEGIN`.
  if (!analysis.callsModelled(fn) && !(kind === 'transaction' && writesBeginWithin(analysis, fn))) {
    return NO_LIFECYCLES;
  }
  let byKind = lifecycleCache.get(fn);
  if (!byKind) {
    byKind = new Map();
    lifecycleCache.set(fn, byKind);
  }
  const key = withEscaped ? `${kind}+escaped` : kind;
  const cached = byKind.get(key);
  if (cached) {
    return cached;
  }
  const result = computeLifecycles(analysis, fn, scopeOf, kind, withEscaped);
  byKind.set(key, result);
  return result;
}

function computeLifecycles(
  analysis: FileAnalysis,
  fn: FunctionNode,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
  withEscaped: boolean,
): FunctionLifecycles {
  const resources: TrackedResource[] = [];
  const opens = new Map<TSESTree.Node, number[]>();
  const closes = new Map<TSESTree.Node, number[]>();
  const pooledBegins: PooledBegin[] = [];
  const byVariable = new Map<TSESLint.Scope.Variable, TrackedResource[]>();
  const add = (resource: Omit<TrackedResource, 'id' | 'opensAt' | 'closers'>, opensAt: TSESTree.Node): TrackedResource => {
    const tracked = { ...resource, id: resources.length, opensAt, closers: [] };
    resources.push(tracked);
    opens.set(opensAt, [...(opens.get(opensAt) ?? []), tracked.id]);
    byVariable.set(tracked.variable, [...(byVariable.get(tracked.variable) ?? []), tracked]);
    return tracked;
  };
  // Connections by the engine they were checked out of, for the close of an engine that releases
  // them all first (TypeORM's `dataSource.destroy()`): a candidate with `engine` names that engine.
  const byEngine = new Map<TSESLint.Scope.Variable, TrackedResource[]>();
  const closeCandidates: Array<{ node: TSESTree.Node; variable: TSESLint.Scope.Variable; effect: 'release' | 'end'; engine?: true }> = [];
  // Calls completing an acquisition on the handle itself (`qr.connect()`, `qr.startTransaction()` right
  // after `createQueryRunner()`, as TypeORM documents): a failure there leaves nothing to release.
  const setupCalls: Array<{ node: TSESTree.Node; variable: TSESLint.Scope.Variable }> = [];
  // Queries whose failure ends their transaction (deno-postgres), and the handle they run on.
  const failureCandidates: Array<{ node: TSESTree.Node; variable: TSESLint.Scope.Variable }> = [];

  // A `BEGIN` through a query wrapper of the file needs one written in the function.
  const mayBegin = kind === 'transaction' && writesBeginWithin(analysis, fn);
  for (const node of analysis.callsIn(fn)) {
    const info = analysis.values.callOf(node);
    if (!isDirectCall(info)) {
      if (kind === 'transaction' && info === undefined) {
        const begin = mayBegin ? beginThroughWrapper(analysis, node, scopeOf) : undefined;
        if (begin) {
          pooledBegins.push(begin);
        }
        continue;
      }
      // `const client = await getClient()`, a function of this file that checks a connection out
      // and hands it over: held here as if checked out here.
      const held = kind === 'connection' && info === undefined && node.type === AST_NODE_TYPES.CallExpression ? completionOf(node).parent : undefined;
      const handed =
        held?.type === AST_NODE_TYPES.VariableDeclarator || held?.type === AST_NODE_TYPES.AssignmentExpression ? handedOut(analysis, node, scopeOf) : undefined;
      const variable = handed?.connected ? boundVariable(node, scopeOf) : undefined;
      if (handed && variable) {
        const closeText = handed.dedicated
          ? `${fn.async ? 'await ' : ''}${variable.name}.end()`
          : idiom(analysis, analysis.values.registry.resultShape(handed.info), 'release', variable.name, fn.async);
        add({ kind, origin: node, variable, handle: variable.name, closeText, dedicated: handed.dedicated || undefined }, completionOf(node));
      }
      continue;
    }
    const effect: Effect | undefined = info.spec.effect;
    if (kind === 'connection') {
      if (effect === 'acquire') {
        const variable = replacedInFile(analysis, node) ? undefined : boundVariable(node, scopeOf);
        if (variable) {
          const closeText = idiom(analysis, analysis.values.registry.resultShape(info), 'release', variable.name, fn.async);
          const tracked = add({ kind, origin: node, variable, handle: variable.name, closeText, lazy: info.spec.lazy === true }, completionOf(node));
          const engine = variableOf(targetOf(info), scopeOf);
          if (engine) {
            byEngine.set(engine, [...(byEngine.get(engine) ?? []), tracked]);
          }
        }
      } else if (effect === 'close' && info.spec.releasesCheckedOut) {
        const variable = variableOf(targetOf(info), scopeOf);
        if (variable) {
          closeCandidates.push({ node, variable, effect: 'release', engine: true });
        }
      } else if (info.method === 'connect' && info.receiver && analysis.values.registry.shape(info.receiver.key)?.methods?.end?.effect === 'release') {
        // pg `new Client()` … `await client.connect()` … `client.end()`.
        const target = targetOf(info);
        const variable = variableOf(target, scopeOf);
        const origin = variable?.defs[0]?.node;
        const init = origin?.type === AST_NODE_TYPES.VariableDeclarator ? origin.init : undefined;
        // Built here (`new Client(config)`), or by a function of this file that leaves connecting it to its caller.
        const construction = init ? (analysis.values.callOf(skipWrappers(init)) ?? handedOut(analysis, init, scopeOf)?.info) : undefined;
        // A connect whose promise is handed to a wrapper (`await Result.fromPromise(client.connect())`,
        // `withTimeout(client.connect(), ms)`) has an outcome only the wrapper's result tells: not judged.
        if (variable && construction?.spec.createsClient && !handedToCall(completionOf(node))) {
          add({ kind, origin: node, variable, handle: variable.name, closeText: `${fn.async ? 'await ' : ''}${variable.name}.end()`, dedicated: true }, completionOf(node));
        }
      } else if (effect === 'release') {
        const variable = handleVariable(analysis, targetOf(info), scopeOf);
        if (variable) {
          closeCandidates.push({ node, variable, effect: 'release' });
        }
      } else if (info.method === 'connect' || effect === 'begin') {
        const variable = variableOf(targetOf(info), scopeOf);
        if (variable) {
          setupCalls.push({ node, variable });
        }
      }
      continue;
    }
    // Transactions: library begin/commit/rollback APIs, and raw SQL.
    const pooledSql = info.spec.pooledSql;
    if (pooledSql) {
      // A function of another module that sends its SQL through a pool (its facts): `db.query('BEGIN')`.
      const callee = node.type === AST_NODE_TYPES.CallExpression ? entityText(skipWrappers(node.callee)) : undefined;
      const begin = callee && node.type === AST_NODE_TYPES.CallExpression ? beginLeftOpen(node, pooledSql.arg, `\`${callee}()\`, ${pooledSql.via}`, undefined, scopeOf) : undefined;
      if (begin) {
        pooledBegins.push(begin);
      }
      continue;
    }
    if (info.spec.failureEnds) {
      const variable = variableOf(targetOf(info), scopeOf);
      if (variable) {
        failureCandidates.push({ node, variable });
      }
    }
    if (effect === 'begin') {
      const resultRef = info.spec.returns ?? info.spec.resolves;
      const variable = resultRef !== undefined ? boundVariable(node, scopeOf) : variableOf(targetOf(info), scopeOf);
      const handleShape = resultRef !== undefined ? analysis.values.registry.resultShape(info) : analysis.values.shape(info.receiver);
      if (variable) {
        const closeText = idiom(analysis, handleShape, 'rollback', variable.name, fn.async);
        // Begun again on the same engine it is another, independent transaction; TypeORM's runner nests a savepoint.
        const group = info.spec.nesting === 'savepoint' ? undefined : variableOf(targetOf(info), scopeOf);
        add({ kind, origin: node, variable, handle: variable.name, closeText, group }, completionOf(node));
      }
      continue;
    }
    const endsSession =
      info.spec.endsSession === true ||
      (info.spec.endsSession === 'with-argument' &&
        info.node.type !== AST_NODE_TYPES.TaggedTemplateExpression &&
        info.node.arguments.length > 0 &&
        !(info.node.arguments[0].type === AST_NODE_TYPES.Literal && info.node.arguments[0].value === false));
    if (effect === 'commit' || effect === 'rollback' || effect === 'close' || endsSession) {
      // Closing the session (`client.end()`, `client.release(true)`) rolls the transaction back too,
      // and so does closing a one-connection engine the transaction was begun on (`pool.end()`).
      const variable = handleVariable(analysis, targetOf(info), scopeOf);
      if (variable) {
        closeCandidates.push({ node, variable, effect: 'end' });
      }
      continue;
    }
    const statements = sentStatements(info, scopeOf);
    if (!statements || statements.length === 0) {
      continue;
    }
    const { begins, ends, leftOpenBy } = transactionEffect(statements);
    const open = leftOpenBy !== undefined;
    // Most queries neither begin nor end a transaction: nothing to look up for them.
    if (!begins && !ends) {
      continue;
    }
    const target = targetOf(info);
    const { role, shape } = roleOf(analysis, target);
    // An engine of one connection (`new Pool({ max: 1 })`, serverless-postgres's client) runs the
    // transaction on it, as a client would: judged below like one.
    if (role === 'engine' && !singleConnection(analysis, target, shape)) {
      // `pool.query('BEGIN; …; COMMIT')`: the whole transaction in one query, on the one connection
      // the pool lends it (a simple query runs its statements in order, and PgBouncer keeps the
      // server connection until the transaction it reports has ended).
      if (leftOpenBy) {
        pooledBegins.push({
          node,
          receiver: target,
          lib: shape?.lib,
          statement: leftOpenBy.keyword ?? 'BEGIN',
          target: `the ${shape?.label ?? 'pool'}${target && target.type === AST_NODE_TYPES.Identifier ? ` \`${target.name}\`` : ''}`,
        });
      }
      continue;
    }
    if (role !== 'engine' && role !== 'connection' && role !== 'transaction') {
      continue;
    }
    const variable = variableOf(target, scopeOf);
    if (!variable) {
      continue;
    }
    if (open) {
      const tag = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? entityText(node.tag) : undefined;
      const closeText =
        node.type === AST_NODE_TYPES.TaggedTemplateExpression
          ? tag && `await ${tag}\`ROLLBACK\``
          : info.method
            ? `await ${variable.name}.${info.method}('ROLLBACK')`
            : undefined;
      add({ kind, origin: node, variable, handle: variable.name, closeText, group: variable }, completionOf(node));
    } else if (ends && !begins) {
      closeCandidates.push({ node, variable, effect: 'end' });
    }
  }

  for (const candidate of closeCandidates) {
    const tracked = (candidate.engine ? byEngine : byVariable).get(candidate.variable);
    if (tracked) {
      closes.set(candidate.node, [...(closes.get(candidate.node) ?? []), ...tracked.map((resource) => resource.id)]);
      // The engine's close releases the connection for the paths, not as a call on its handle
      // that a suggestion could move into a `finally`.
      for (const resource of candidate.engine ? [] : tracked) {
        resource.closers.push(candidate.node);
      }
    }
  }
  if (resources.length === 0) {
    return { resources, verdicts: new Map(), pooledBegins, sharedBegins: [], openBefore: new Map() };
  }
  // Judged before the escapes below: the module's client is not the function's to release.
  const sharedBegins = kind === 'transaction' ? resources.flatMap((resource) => sharedClientBegin(analysis, resource) ?? []) : [];
  const failureCloses = new Map<TSESTree.Node, number[]>();
  for (const candidate of failureCandidates) {
    const ids = byVariable.get(candidate.variable)?.map((resource) => resource.id);
    if (ids) {
      failureCloses.set(candidate.node, ids);
      failureCloses.set(completionOf(candidate.node), ids);
    }
  }
  const openBefore = new Map<TSESTree.Node, number[]>();
  // Nodes known not to throw (true), or asked and answered (see `quiet` below).
  const quiet = new Map<TSESTree.Node, boolean>();
  for (const setup of setupCalls) {
    if (byVariable.has(setup.variable)) {
      quiet.set(setup.node, true);
      quiet.set(completionOf(setup.node), true);
    }
  }
  // A close is taken not to throw, and neither is the `await` around it.
  for (const closer of closes.keys()) {
    quiet.set(completionOf(closer), true);
  }
  // A runner that connects on first use holds nothing until then (a throw before its first query
  // leaks nothing), and nothing at all if it is never used.
  const lazyUses = new Map<number, TSESTree.Node[]>();
  for (const resource of resources) {
    if (resource.lazy) {
      lazyUses.set(resource.id, connectingUses(analysis, resource.variable));
    }
  }
  const judged = resources.filter(
    (resource) => (withEscaped || !escapes(analysis, fn, resource, closes, scopeOf, kind)) && lazyUses.get(resource.id)?.length !== 0,
  );
  const resets = new Map<TSESTree.Node, number[]>();
  for (const resource of judged) {
    const declarator = resource.variable.defs[0]?.node;
    if (declarator?.type === AST_NODE_TYPES.VariableDeclarator) {
      resets.set(declarator, [...(resets.get(declarator) ?? []), resource.id]);
    }
  }
  const uses = new Map<TSESTree.Node, number[]>();
  for (const resource of judged) {
    for (const node of lazyUses.get(resource.id) ?? []) {
      uses.set(node, [...(uses.get(node) ?? []), resource.id]);
    }
  }
  const verdicts = solveLifecycle(
    fn,
    {
      opens: (node) => opens.get(node) ?? NO_IDS,
      idle: (id) => lazyUses.has(id),
      uses: (node) => uses.get(node) ?? NO_IDS,
      closes: (node) => closes.get(node) ?? NO_IDS,
      failureCloses: (node) => failureCloses.get(node) ?? NO_IDS,
      // Asked again for a node on every path through it: answered once.
      quiet: (node) => {
        let answer = quiet.get(node);
        if (answer === undefined) {
          answer =
            asksOrListens(analysis, node) ||
            setupBeforeTry(analysis, node) ||
            callsSwallowingHelper(node, scopeOf) ||
            // `(await client).release()`: awaiting the handle itself gives the handle.
            (node.type === AST_NODE_TYPES.AwaitExpression && awaitsHandle(node.argument, byVariable, scopeOf)) ||
            returnsHandleInMemory(analysis, node) ||
            // `_.isUndefined(outer)`: a test that throws nothing.
            (node.type === AST_NODE_TYPES.CallExpression && nullishComparison(node) !== undefined);
          quiet.set(node, answer);
        }
        return answer;
      },
      guards: (test) => [...presenceGuards(test, byVariable, scopeOf), ...stateGuards(analysis, test, byVariable, scopeOf, kind)],
      resets: (declarator) => resets.get(declarator) ?? NO_IDS,
      conflicts: (id) => {
        const group = resources[id]?.group;
        return group ? judged.filter((other) => other.group === group).map((other) => other.id) : [];
      },
      observe: (node, open) => {
        openBefore.set(node, [...new Set([...(openBefore.get(node) ?? []), ...open])]);
      },
      condition: (test) => stableVariable(test, fn, scopeOf),
    },
    judged.map((resource) => resource.id),
  );
  if (verdicts.size < judged.length) {
    // The solve gave up (a pathological function): what it observed on the way is partial.
    openBefore.clear();
  }
  return { resources: judged, verdicts, pooledBegins, sharedBegins, openBefore };
}

const beginTexts = new WeakMap<FileAnalysis, readonly number[]>();

/**
 * The function writes a `BEGIN` (or `START TRANSACTION`) at the start of a string: a query wrapper
 * may be sent one. Where the file writes them is found once, by its text.
 */
function writesBeginWithin(analysis: FileAnalysis, fn: FunctionNode): boolean {
  let offsets = beginTexts.get(analysis);
  if (offsets === undefined) {
    offsets = beginOffsets(analysis.sourceText);
    beginTexts.set(analysis, offsets);
  }
  const [start, end] = fn.range;
  return offsets.some((offset) => offset >= start && offset < end);
}

const BEGIN_WORDS = ['BEGIN', 'begin', 'START TRANSACTION', 'start transaction'];

/** Where a string starts with a `BEGIN` word: `'BEGIN'`, `` `begin` ``, `" START TRANSACTION"`. */
function beginOffsets(text: string): number[] {
  const found: number[] = [];
  for (const word of BEGIN_WORDS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      let before = at - 1;
      while (before >= 0 && (text[before] === ' ' || text[before] === '\n' || text[before] === '\t')) {
        before--;
      }
      const quote = text[before];
      if ((quote === "'" || quote === '"' || quote === '`') && !/[\w$]/.test(text[at + word.length] ?? '')) {
        found.push(at);
      }
    }
  }
  return found;
}

/** How a function of this file sends the SQL it is given (see `queryWrapper`). */
export interface QueryWrapper {
  /** The parameter that holds the SQL. */
  readonly arg: number;
  /** `a wrapper of the pg Pool \`pool\``. */
  readonly how: string;
  readonly lib: string | undefined;
}

const queryWrappers = new WeakMap<FunctionNode, QueryWrapper | null>();

/** A transaction begun on the one client a module keeps, in a handler that serves requests concurrently. */
export interface SharedClientBegin {
  /** The begin (a `BEGIN` query, a library's begin call). */
  readonly node: TSESTree.Node;
  /** How messages name the client. */
  readonly handle: string;
  /** The client's construction (`new Client(config)`). */
  readonly construction: TSESTree.Node;
  readonly handler: HandlerInfo;
}

/**
 * Callees that run their callback, or the rest of the handler, one request at a time: a mutex's
 * `runExclusive(fn)` or `acquire()`, a lock, a semaphore, a one-at-a-time queue (`p-queue`,
 * `p-limit`'s `limit(fn)`).
 */
const SERIALISING_WORDS = new Set(['mutex', 'semaphore', 'lock', 'locked', 'exclusive', 'exclusively', 'serial', 'serially', 'serialize', 'serialise', 'queue', 'queued', 'limit', 'limiter']);

/**
 * A transaction begun, in a handler of a server that serves requests concurrently, on the one
 * client (a single connection: pg `new Client()`, not a pool) its module builds at load or in a
 * start-up function and every request shares: while it is open, the statements of the requests in
 * flight with it run on the same connection, inside it. Undefined for anything else, and where the
 * handler takes a lock first.
 */
function sharedClientBegin(analysis: FileAnalysis, resource: TrackedResource): SharedClientBegin | undefined {
  const variable = resource.group;
  if (resource.kind !== 'transaction' || !variable || variable.defs.length !== 1) {
    return undefined;
  }
  const declarator = variable.defs[0].node;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || !isFileScope(variable.scope)) {
    return undefined;
  }
  const handler = analysis.handlers.enclosingHandler(resource.origin);
  if (!handler?.concurrent || !isFunctionNode(handler.node)) {
    return undefined;
  }
  // Built where it is declared, or (`let client;`) assigned a client outside the handlers only.
  let construction = declarator.init ? clientConstruction(analysis, declarator.init) : undefined;
  for (const reference of variable.references) {
    if (!reference.isWrite() || reference.init) {
      continue;
    }
    const write = reference.identifier.parent;
    const built = write.type === AST_NODE_TYPES.AssignmentExpression && write.left === reference.identifier ? clientConstruction(analysis, write.right) : undefined;
    if (!built || analysis.handlers.enclosingHandler(write)) {
      return undefined;
    }
    construction ??= built;
  }
  return construction && !serialised(analysis, resource.origin, handler.node)
    ? { node: resource.origin, handle: variable.name, construction, handler }
    : undefined;
}

/** `new Client(config)`, `await createClient(config)`: a call building one client, the construction itself. */
function clientConstruction(analysis: FileAnalysis, expression: TSESTree.Node): TSESTree.Node | undefined {
  const node = skipAwait(expression);
  return analysis.values.callOf(node)?.spec.createsClient ? node : undefined;
}

/** Is `node` run one request at a time: in a callback of a serialising call, or after one in the handler? */
function serialised(analysis: FileAnalysis, node: TSESTree.Node, handler: FunctionNode): boolean {
  const serialising = (call: TSESTree.Node): boolean => {
    const callee = call.type === AST_NODE_TYPES.CallExpression ? entityText(skipWrappers(call.callee)) : undefined;
    // By word: `runExclusive`, `withLock`, `lock.acquire`, `limit` (not `block`, `clock`).
    return callee !== undefined && callee.split(/[._$]|(?=[A-Z])/).some((word) => SERIALISING_WORDS.has(word.toLowerCase()));
  };
  for (let fn = enclosingFunction(node); fn; fn = fn === handler ? undefined : enclosingFunction(fn)) {
    if (analysis.callsIn(fn).some(serialising) || (fn !== handler && fn.parent && serialising(fn.parent))) {
      return true;
    }
  }
  return false;
}

/**
 * `query('BEGIN')` where `query` is a function of this file (or a method of this class) that sends
 * the SQL it is given through a pool, each call on whichever pooled connection is free:
 * `(text, params) => pool.query(text, params)`, node-postgres's guide's `query`, or a function that
 * checks a connection out, sends the one query and releases it. The transaction opens on one
 * connection, which goes back to the pool with it open, and the next statements run elsewhere.
 */
function beginThroughWrapper(analysis: FileAnalysis, node: TSESTree.Node, scopeOf: Scoped): PooledBegin | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  const first = node.arguments[0];
  // Cheap first: a written `BEGIN`, before looking the callee up.
  if (!first || (first.type !== AST_NODE_TYPES.Literal && first.type !== AST_NODE_TYPES.TemplateLiteral && first.type !== AST_NODE_TYPES.Identifier)) {
    return undefined;
  }
  const callee = skipWrappers(node.callee);
  const helper = calledHelper(callee, scopeOf, true);
  if (!helper || helper.fn.generator) {
    return undefined;
  }
  const wrapper = summarised(queryWrappers, helper.fn, () => queryWrapper(analysis, helper.fn, scopeOf));
  return wrapper ? beginLeftOpen(node, wrapper.arg, `\`${helper.name}()\`, ${wrapper.how}`, wrapper.lib, scopeOf) : undefined;
}

/**
 * A call that sends the SQL at `index` through a pool, when that SQL leaves a transaction open:
 * `target` says what it goes through, for messages.
 */
function beginLeftOpen(node: TSESTree.CallExpression, index: number, target: string, lib: string | undefined, scopeOf: Scoped): PooledBegin | undefined {
  const arg = node.arguments[index];
  const statements = arg && arg.type !== AST_NODE_TYPES.SpreadElement ? statementsOf(arg, scopeOf) : undefined;
  if (!statements) {
    return undefined;
  }
  const { leftOpenBy } = transactionEffect(statements);
  return leftOpenBy ? { node, receiver: undefined, lib, statement: leftOpenBy.keyword ?? 'BEGIN', target } : undefined;
}

/** Whether a query's statements begin a transaction, end one, and leave one open (by its last `BEGIN`). */
function transactionEffect(statements: readonly SqlStatement[]): { begins: boolean; ends: boolean; leftOpenBy?: SqlStatement } {
  let begins = false;
  let ends = false;
  let leftOpenBy: SqlStatement | undefined;
  for (const statement of statements) {
    if (statement.kind === 'begin') {
      begins = true;
      leftOpenBy = statement;
    } else if (statement.kind === 'commit' || statement.kind === 'rollback') {
      ends = true;
      leftOpenBy = undefined;
    }
  }
  return { begins, ends, leftOpenBy };
}

/**
 * The parameter a function sends as the SQL of every query it makes, when each runs on a pooled
 * connection of its own: on a pool (`pool.query(text, params)`, not a pool of one connection), or
 * on a connection the function checks out and releases (`const client = await pool.connect(); try
 * { return await client.query(text) } finally { client.release() }`).
 */
export function queryWrapper(analysis: FileAnalysis, fn: FunctionNode, scopeOf: Scoped): QueryWrapper | undefined {
  let found: QueryWrapper | undefined;
  for (const call of analysis.callsIn(fn)) {
    const info = analysis.values.callOf(call);
    const sql = isDirectCall(info) ? info.spec.sql : undefined;
    if (!info || !sql || !('arg' in sql) || call.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      continue;
    }
    const text = call.arguments[sql.arg];
    const param = text ? skipWrappers(text) : undefined;
    const index = param?.type === AST_NODE_TYPES.Identifier ? fn.params.findIndex((each) => each.type === AST_NODE_TYPES.Identifier && each.name === param.name) : -1;
    if (index < 0 || param?.type !== AST_NODE_TYPES.Identifier) {
      continue;
    }
    const variable = variableOf(param, scopeOf);
    if (!variable || variable.defs[0]?.type !== 'Parameter' || variable.references.some((reference) => reference.isWrite())) {
      continue;
    }
    const target = targetOf(info);
    const { role, shape } = roleOf(analysis, target);
    let how: string | undefined;
    if (role === 'engine' && !singleConnection(analysis, target, shape)) {
      const name = target && entityText(target);
      how = `a wrapper of the ${shape?.label ?? 'pool'}${name ? ` \`${name}\`` : ''}`;
    } else if (role === 'connection' && checkedOutAndReleased(analysis, fn, target, scopeOf)) {
      how = 'a wrapper that checks a connection out for each query and releases it';
    }
    if (!how || (found !== undefined && found.arg !== index)) {
      return undefined;
    }
    found ??= { arg: index, how, lib: shape?.lib };
  }
  // The SQL goes nowhere else: not to another function (`tx ? tx.query(text) : pool.query(text)`
  // with a transaction the models do not know), but for logging it.
  const param = found && fn.params[found.arg];
  const variable = param?.type === AST_NODE_TYPES.Identifier ? findVariable(scopeOf(param), param) : undefined;
  const passedOn = variable?.references.some((reference) => {
    const use = completionOf(reference.identifier);
    const call = use.parent;
    return (
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.arguments.includes(use as TSESTree.CallExpressionArgument) &&
      !isLogging(call.callee) &&
      !(isDirectCall(analysis.values.callOf(call)) && enclosingFunction(call) === fn)
    );
  });
  return passedOn ? undefined : found;
}

/** The handle is a connection the function checks out itself and releases (on some path). */
function checkedOutAndReleased(analysis: FileAnalysis, fn: FunctionNode, target: TSESTree.Node | undefined, scopeOf: Scoped): boolean {
  const variable = variableOf(target, scopeOf);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init || !contains(fn, def.node)) {
    return false;
  }
  const checkout = analysis.values.callOf(skipAwait(def.node.init));
  if (!isDirectCall(checkout) || checkout.spec.effect !== 'acquire') {
    return false;
  }
  return variable.references.some((reference) => {
    const member = reference.identifier.parent;
    const call = member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier ? member.parent : undefined;
    return call?.type === AST_NODE_TYPES.CallExpression && analysis.values.callOf(call)?.spec.effect === 'release';
  });
}

/** A connection a function of this file hands to its caller (see `handedOut`). */
interface HandedOut {
  /** The checkout (`pool.connect()`), or the construction of a client of its own (`new Client(config)`). */
  readonly info: CallInfo;
  /** A client of its own (ended, not released). */
  readonly dedicated: boolean;
  /** Connected already: the caller holds it open from the call on (a client of its own the caller may still have to connect). */
  readonly connected: boolean;
}

const handedOutBy = new WeakMap<FunctionNode, HandedOut | null>();

/**
 * The connection a call of a function of this file (or a method of this class) hands to its caller:
 * `async function getClient() { const client = await pool.connect(); …; return client; }`, the
 * helper node-postgres's guide writes, or `const connect = async () => { const client = new Client(config);
 * await client.connect(); return client; }`. Every `return` hands out a connection checked out or a
 * client built in the function (`return pool.connect()`, `return new Client(config)`, or the variable
 * bound to it), which the function itself only uses (connects, queries, listens to, replaces its
 * methods: `client.release = () => …`) and never stores, passes on, or releases but on a failure:
 * the caller holds it and must release it.
 */
export function handedOut(analysis: FileAnalysis, node: TSESTree.Node, scopeOf: Scoped): HandedOut | undefined {
  const call = skipAwait(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  const helper = calledHelper(skipWrappers(call.callee), scopeOf, true)?.fn;
  return helper && !helper.generator ? summarised(handedOutBy, helper, () => handedOutIn(analysis, helper, scopeOf)) : undefined;
}

/** What a function of the file is found to do, worked out once (`undefined` while it is being worked out: a recursion). */
function summarised<T>(cache: WeakMap<FunctionNode, T | null>, fn: FunctionNode, compute: () => T | undefined): T | undefined {
  let found = cache.get(fn);
  if (found === undefined) {
    cache.set(fn, null); // recursion guard
    found = compute() ?? null;
    cache.set(fn, found);
  }
  return found ?? undefined;
}

function handedOutIn(analysis: FileAnalysis, helper: FunctionNode, scopeOf: Scoped): HandedOut | undefined {
  const connectionOf = (node: TSESTree.Node | null | undefined): HandedOut | undefined => {
    const info = node ? analysis.values.callOf(skipAwait(node)) : undefined;
    if (!isDirectCall(info)) {
      return undefined;
    }
    if (info.spec.effect === 'acquire' && info.spec.lazy !== true) {
      return { info, dedicated: false, connected: true };
    }
    return info.spec.createsClient ? { info, dedicated: true, connected: false } : undefined;
  };
  let found: HandedOut | undefined;
  for (const expression of returnedExpressions(helper)) {
    let connection = connectionOf(expression);
    const inner = skipWrappers(expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression);
    if (!connection && inner.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(inner, scopeOf);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      const kept = variable && def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name && contains(helper, def.node);
      const connects = kept ? keptAndConnected(analysis, helper, variable) : undefined;
      connection = connects !== undefined && def?.node.type === AST_NODE_TYPES.VariableDeclarator ? connectionOf(def.node.init) : undefined;
      if (connection?.dedicated && connects) {
        connection = { ...connection, connected: true };
      }
    }
    if (!connection || (found !== undefined && (found.dedicated !== connection.dedicated || found.connected !== connection.connected))) {
      return undefined;
    }
    found ??= connection;
  }
  return found;
}

/**
 * The function's own variable holding a connection it checks out is only used and handed back
 * (see `keptAndConnected`): not stored (`cache.push(client)`), passed on or released, which would
 * keep the connection from its caller.
 */
export function handsOverOnly(analysis: FileAnalysis, fn: FunctionNode, variable: TSESLint.Scope.Variable): boolean {
  return keptAndConnected(analysis, fn, variable) !== undefined;
}

/**
 * The helper's own variable holding the connection, used only through its members or returned:
 * whether it connects it (`client.connect()`), or undefined when the variable is put to any other use.
 */
function keptAndConnected(analysis: FileAnalysis, helper: FunctionNode, variable: TSESLint.Scope.Variable): boolean | undefined {
  let connects = false;
  for (const reference of variable.references) {
    const identifier = reference.identifier as TSESTree.Node;
    if (reference.init) {
      continue;
    }
    if (reference.isWrite()) {
      return undefined;
    }
    const outer = completionOf(identifier);
    const parent = outer.parent;
    if (parent?.type === AST_NODE_TYPES.ReturnStatement && enclosingFunction(parent) === helper) {
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
      const call = parent.parent;
      const info = call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent ? analysis.values.callOf(call) : undefined;
      // Released here only on a failure (`catch (error) { client.release(); throw error; }`).
      if (info?.spec.effect === 'release' && !insideCatch(call as TSESTree.Node, helper)) {
        return undefined;
      }
      connects ||= info?.method === 'connect' && enclosingFunction(call as TSESTree.Node) === helper;
      continue;
    }
    // `release.apply(client)` in the replacement `client.release = () => …` that node-postgres's guide writes.
    if (
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments[0] === outer &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      ['apply', 'call'].includes(propertyName(parent.callee) ?? '')
    ) {
      continue;
    }
    return undefined;
  }
  return connects;
}

function insideCatch(node: TSESTree.Node, helper: FunctionNode): boolean {
  for (let current = node.parent; current && current !== helper; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) {
      return true;
    }
  }
  return false;
}

/** `client.sql` → 'client.sql'; undefined for anything but an identifier chain. */
function entityText(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    return node.name;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const object = entityText(node.object);
    return object && `${object}.${node.property.name}`;
  }
  return undefined;
}

/**
 * Where a handle that connects on first use (TypeORM's query runner) is put to use: its methods
 * that need the connection (`queryRunner.query(…)`, `connect()`, `startTransaction()`), and queries
 * through what it holds (`queryRunner.manager.save(…)`), at the call (or the read, when what it
 * holds is passed on). Not a release of a runner that never connected, nor a read of its state or
 * of the engine it came from (`queryRunner.dataSource`): a runner only released held nothing.
 */
function connectingUses(analysis: FileAnalysis, variable: TSESLint.Scope.Variable): TSESTree.Node[] {
  const values = analysis.values;
  const found: TSESTree.Node[] = [];
  for (const reference of variable.references) {
    const handle = reference.identifier;
    const parent = handle.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== handle) {
      continue;
    }
    const name = propertyName(parent);
    const value = values.valueOf(handle);
    const shape = values.shape(value);
    const call = parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent ? parent.parent : undefined;
    if (name !== undefined && shape !== undefined) {
      if (call ? methodSpec(shape, name)?.effect === 'release' || shape.stateChecks?.[name] !== undefined : values.shape(values.member(value, name))?.role === 'engine') {
        continue;
      }
      if (!call && values.shape(values.member(value, name)) === undefined) {
        continue;
      }
    }
    found.push(call ?? outermostUse(parent));
  }
  return found;
}

/** `queryRunner.manager.getRepository(User).save(row)` from `queryRunner.manager`: the outermost call of the chain, or the read itself. */
function outermostUse(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  let use = node;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      current = parent;
    } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === current) {
      current = parent;
      use = parent;
    } else {
      return use;
    }
  }
}

/**
 * A modelled call that hands back another handle at once, without a query or a connection:
 * `queryRunner.manager.getRepository(User)`, `em.fork()`, `db.transaction()` (Kysely's builder),
 * `trx('users')`. It fails only on a programming error, not when the database does: it is not
 * where a begun transaction or a checked-out connection is left behind.
 */
function returnsHandleInMemory(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const spec = analysis.values.callOf(node)?.spec;
  return (
    spec !== undefined &&
    spec.returns !== undefined &&
    spec.resolves === undefined &&
    spec.effect === undefined &&
    spec.sql === undefined &&
    spec.callback === undefined &&
    // `drizzle(client)`: a wrapper of the handle given, which builds no pool of its own.
    (spec.createsEngine === undefined || (spec.wraps === true && engineConstruction(analysis.values, node) === undefined))
  );
}

/** Listeners added to or removed from a handle: an emitter's bookkeeping. */
const LISTENER_BOOKKEEPING = new Set([...LISTENER_METHODS, 'off', 'removeListener', 'removeAllListeners']);

/**
 * `trx.isCompleted()`, `client.removeListener('error', onError)`: asking a modelled handle for its
 * state, or adding or taking off its listeners, does not fail.
 */
function asksOrListens(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const member = propertyName(node.callee);
  if (member === undefined) {
    return false;
  }
  const shape = analysis.values.shape(analysis.values.valueOf(node.callee.object));
  return shape !== undefined && (shape.stateChecks?.[member] !== undefined || LISTENER_BOOKKEEPING.has(member));
}

/** Callees whose job is to throw on bad input: a call of one before the `try` may well throw. */
const CHECKING_CALLEE = /^(validate|assert|check|parse|ensure|require|verify|expect|throw|fail|must|guard|invariant)/i;

/**
 * A synchronous call of code the models do not know, in the set-up written between taking the
 * resource and the `try` that protects it: `const tracker = this.factory.createTracker({ total })`,
 * `const placeholders = range(1, ids.length).map(…)`. Nothing there is awaited up to the `try`, so
 * it can throw only on a programming error (not on the database, the network or the input): the
 * rule does not ask for the set-up to be moved into the `try`. A check made to throw
 * (`validate(input)`, `assert(…)`, `JSON.parse(body)`) still may, and so does a modelled call.
 */
function setupBeforeTry(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  if ((node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) || completionOf(node) !== node) {
    return false;
  }
  const callee = skipWrappers(node.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  if (name === undefined || CHECKING_CALLEE.test(name) || analysis.values.callOf(node) !== undefined) {
    return false;
  }
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (isFunctionNode(statement.parent) || statement.parent.type === AST_NODE_TYPES.Program) {
      return false;
    }
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || (statement.type !== AST_NODE_TYPES.VariableDeclaration && statement.type !== AST_NODE_TYPES.ExpressionStatement)) {
    return false;
  }
  for (let index = block.body.indexOf(statement); index < block.body.length; index++) {
    const next = block.body[index];
    if (next.type === AST_NODE_TYPES.TryStatement) {
      return true;
    }
    if (next.type !== AST_NODE_TYPES.VariableDeclaration && next.type !== AST_NODE_TYPES.ExpressionStatement) {
      return false;
    }
    if (suspendsOrThrows(next)) {
      return false;
    }
  }
  return false;
}

/**
 * A call (or the `await` of one) of a function of this file, or a method of this class, whose body
 * waits on nothing outside `try` blocks whose `catch` throws nothing (`async function
 * doProcess(client, res) { if (!id) return; try { … } catch (error) { res.status(500).send(error.message); } }`):
 * it answers its failures itself, so the call does not fail.
 */
function callsSwallowingHelper(node: TSESTree.Node, scopeOf: Scoped): boolean {
  const call = skipAwait(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) {
    return false;
  }
  const helper = calledHelper(skipWrappers(call.callee), scopeOf);
  return helper !== undefined && summarised(swallowing, helper.fn, () => swallowsErrors(helper.fn) || undefined) === true;
}

const swallowing = new WeakMap<FunctionNode, true | null>();

function swallowsErrors(fn: FunctionNode): boolean {
  const body = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [];
  const throws = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.ThrowStatement;
  // Each of its statements a `try` whose `catch` throws nothing, or one that awaits nothing (and
  // throws nothing): `if (!req.params.id) { res.status(400).send(); return; }`, `console.log(id)`.
  return (
    body.some((statement) => statement.type === AST_NODE_TYPES.TryStatement) &&
    body.every((statement) =>
      statement.type === AST_NODE_TYPES.TryStatement
        ? statement.handler !== null && !containsOwn(statement.handler.body, throws) && (statement.finalizer === null || !containsOwn(statement.finalizer, throws))
        : !suspendsOrThrows(statement),
    )
  );
}

/**
 * The method a call goes through is replaced in the file (`server.pg.connect = jest.fn()` in a
 * test, a stub assigned to it): what it hands out is not the library's.
 */
function replacedInFile(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const callee = node.type === AST_NODE_TYPES.CallExpression ? skipWrappers(node.callee) : undefined;
  const written = callee?.type === AST_NODE_TYPES.MemberExpression ? entityText(callee) : undefined;
  if (written === undefined) {
    return false;
  }
  const text = analysis.sourceText;
  for (let at = text.indexOf(written); at !== -1; at = text.indexOf(written, at + written.length)) {
    const after = text.slice(at + written.length, at + written.length + 4);
    if (/^\s*=(?!=)/.test(after) && !/[\w$.]/.test(text[at - 1] ?? '')) {
      return true;
    }
  }
  return false;
}

/** Is the node the variable of a tracked handle (`client`)? */
function awaitsHandle(node: TSESTree.Node, byVariable: ReadonlyMap<TSESLint.Scope.Variable, readonly TrackedResource[]>, scopeOf: Scoped): boolean {
  const inner = skipWrappers(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = findVariable(scopeOf(inner), inner);
  return variable !== null && byVariable.has(variable);
}

/** Statements → whether they await, yield or throw (outside the functions they define). */
const suspending = new WeakMap<TSESTree.Node, boolean>();

/** Does the statement await, yield or throw, outside the functions it defines? */
function suspendsOrThrows(statement: TSESTree.Node): boolean {
  let answer = suspending.get(statement);
  if (answer === undefined) {
    answer = containsOwn(
      statement,
      (node) => node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression || node.type === AST_NODE_TYPES.ThrowStatement,
    );
    suspending.set(statement, answer);
  }
  return answer;
}

/**
 * `if (queryRunner.isTransactionActive)`, `if (!trx.isCompleted())`: a model's state checks tell on
 * which branch the handle's connection or transaction is not open.
 */
function stateGuards(
  analysis: FileAnalysis,
  test: TSESTree.Node,
  byVariable: ReadonlyMap<TSESLint.Scope.Variable, readonly TrackedResource[]>,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
): Array<{ id: number; absentWhen: boolean; stateCheck: true }> {
  let node = skipWrappers(test);
  let negated = false;
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    node = skipWrappers(node.argument);
    negated = true;
  }
  if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0) {
    node = skipWrappers(node.callee);
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) {
    return [];
  }
  const member = propertyName(node);
  const check = member === undefined ? undefined : analysis.values.shape(analysis.values.valueOf(node.object))?.stateChecks?.[member]?.[kind];
  const variable = variableOf(skipWrappers(node.object), scopeOf);
  if (check === undefined || !variable) {
    return [];
  }
  // Open when the member is `check`; so not open when the test is the other way round.
  const absentWhen = negated ? check : !check;
  return (byVariable.get(variable) ?? []).map((resource) => ({ id: resource.id, absentWhen, stateCheck: true as const }));
}

/**
 * The variable an identifier reads when its value cannot change while `fn` runs: a parameter, or a
 * variable assigned nowhere after its declaration, where that declaration is not re-run by a loop
 * of `fn` (`for (…) { const own = !tx; … }` gives each round its own).
 */
function stableVariable(test: TSESTree.Identifier, fn: FunctionNode, scopeOf: Scoped): TSESLint.Scope.Variable | undefined {
  const variable = findVariable(scopeOf(test), test);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || (def.type !== 'Parameter' && def.type !== 'Variable') || variable.references.some((reference) => reference.isWrite() && !reference.init)) {
    return undefined;
  }
  if (def.type === 'Variable') {
    for (let current: TSESTree.Node | undefined = def.node; current && current !== (fn as TSESTree.Node); current = current.parent) {
      if (LOOP_TYPES.has(current.type)) {
        return undefined;
      }
    }
  }
  return variable;
}

/**
 * `if (client)`, `if (!client)`, `client != null`, `client !== undefined`, `client == null`: tests
 * of whether a handle was obtained at all.
 */
function presenceGuards(
  test: TSESTree.Node,
  byVariable: ReadonlyMap<TSESLint.Scope.Variable, readonly TrackedResource[]>,
  scopeOf: Scoped,
): Array<{ id: number; absentWhen: boolean }> {
  let node = skipWrappers(test);
  let absentWhen = false;
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    node = skipWrappers(node.argument);
    absentWhen = true;
  } else if (node.type === AST_NODE_TYPES.BinaryExpression || node.type === AST_NODE_TYPES.CallExpression) {
    const comparison = nullishComparison(node);
    if (!comparison) {
      return [];
    }
    absentWhen = comparison.whenMatched;
    node = skipWrappers(comparison.subject);
  }
  const variable = variableOf(node, scopeOf);
  return (variable ? (byVariable.get(variable) ?? []) : []).map((resource) => ({ id: resource.id, absentWhen }));
}

/**
 * Does the handle leave the function's hands? Uses through its own methods are fine; a call of a
 * same-file helper that closes it on every path counts as a close (added to `closes`); anything
 * else — returned, stored, aliased, passed on, captured by a callback that may run later, given to
 * a listener — is an escape.
 */
function escapes(
  analysis: FileAnalysis,
  fn: FunctionNode,
  resource: TrackedResource,
  closes: Map<TSESTree.Node, number[]>,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
): boolean {
  const declared = resource.variable.defs[0]?.name;
  if (!declared || declared.range[0] < fn.range[0] || declared.range[1] > fn.range[1]) {
    return true; // module state or a closure variable: stored outside this function
  }
  for (const reference of resource.variable.references) {
    const identifier = reference.identifier as TSESTree.Node;
    if (reference.init || identifier.range[0] < fn.range[0] || identifier.range[1] > fn.range[1]) {
      if (reference.init) {
        continue;
      }
      return true; // used outside this function (a parameter or outer variable of a wider scope)
    }
    if (reference.isWrite()) {
      continue;
    }
    const parent = identifier.parent;
    if (!parent) {
      return true;
    }
    const nested = enclosingNestedFunction(identifier, fn);
    if (
      (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier) ||
      (parent.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === identifier)
    ) {
      continue; // `trx('table')`, `` reserved`select …` ``: a query through the handle
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      const method = propertyName(parent);
      if (method !== undefined && LISTENER_METHODS.has(method) && kind === 'connection') {
        return true;
      }
      // `sco.client.on('notification', …)`: a listener on an object the handle owns.
      let chain: TSESTree.Node = parent;
      while (chain.parent?.type === AST_NODE_TYPES.MemberExpression && chain.parent.object === chain) {
        chain = chain.parent;
      }
      if (kind === 'connection' && chain !== parent && chain.type === AST_NODE_TYPES.MemberExpression && LISTENER_METHODS.has(propertyName(chain) ?? '')) {
        return true;
      }
      // `.finally(client.release)`, `.then(trx.commit).catch(trx.rollback)`: closed by a callback.
      const called = parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
      const closeMethod = method !== undefined && isCloseMethod(analysis, identifier, method);
      if (!called && closeMethod) {
        return true;
      }
      if (nested && isCloseCall(analysis, parent.parent, scopeOf)) {
        return true; // closed by a callback we cannot order (`.finally(() => client.release())`)
      }
      continue;
    }
    if (nested) {
      return true;
    }
    // Options naming the transaction a query joins (`User.create(values, { transaction: t })`), or
    // any option of a library call: a use.
    if (
      parent.type === AST_NODE_TYPES.Property &&
      parent.value === identifier &&
      parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
      (parent.parent.parent?.type === AST_NODE_TYPES.CallExpression || parent.parent.parent?.type === AST_NODE_TYPES.NewExpression) &&
      (TRANSACTION_OPTIONS.has(keyName(parent.key, parent.computed) ?? '') ||
        usesWithoutWrapping(analysis, parent.parent.parent) ||
        wrappedHere(analysis, parent.parent.parent, fn, scopeOf))
    ) {
      continue;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(identifier as TSESTree.CallExpressionArgument)) {
      if (usesWithoutWrapping(analysis, parent) || joinsHandle(parent) || wrappedHere(analysis, parent, fn, scopeOf)) {
        continue; // a library call that uses the handle (`.transacting(trx)`, `Person.query(trx)`)
      }
      const summary = helperSummary(analysis, parent, parent.arguments.indexOf(identifier as TSESTree.CallExpressionArgument), scopeOf, kind);
      if (summary === 'closes') {
        closes.set(parent, [...(closes.get(parent) ?? []), resource.id]);
        continue;
      }
      // A connection handed to a function, and released in a `finally` after (`try { return await
      // work(client); } finally { client.release(); }`): lent for the call, still the function's.
      // Not a transaction: the function it is handed to may end it.
      if (summary === 'uses' || (kind === 'connection' && resource.closers.some(inFinally))) {
        continue;
      }
      return true;
    }
    if (parent.type === AST_NODE_TYPES.AwaitExpression) {
      // `const client = await pending` (a checkout stored as a promise, awaited later): the
      // connection goes on in another variable, which this resource does not follow.
      const outer = parent.parent;
      if (
        (outer?.type === AST_NODE_TYPES.VariableDeclarator && outer.init === parent) ||
        (outer?.type === AST_NODE_TYPES.AssignmentExpression && outer.right === parent)
      ) {
        return true;
      }
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ExpressionStatement || parent.type === AST_NODE_TYPES.UnaryExpression) {
      continue;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.LogicalExpression || parent.type === AST_NODE_TYPES.BinaryExpression) {
      continue;
    }
    return true;
  }
  return false;
}

/**
 * A checkout used by one call and dropped, never held in a variable:
 * `(await pool.connect()).query(sql)`, `dataSource.createQueryRunner().query(sql)`,
 * `dataSource.createQueryRunner().manager.query(sql)`. Nothing can release that connection.
 *
 * Only a modelled call on the checkout counts, and only one that hands back no handle of its own
 * (`runner.manager.getRepository(User)` keeps the runner reachable through the repository, and
 * `release()` is the probe idiom). `onEngine` is the same member path on the engine the connection
 * came from (`pool.query`, `dataSource.manager.query`) when its model offers it and the checkout
 * takes no arguments (`createQueryRunner('slave')` picks a replica the engine's own call would not):
 * the engine checks a connection out for the call and gives it back itself.
 */
export interface UsedOnce {
  readonly checkout: TSESTree.CallExpression;
  /** The member that the chain starts with (`(await pool.connect()).query`), for the suggestion. */
  readonly first: TSESTree.MemberExpression;
  /** `query`, `manager.query`. */
  readonly path: string;
  readonly onEngine?: { readonly engine: TSESTree.Node; readonly firstName: string };
}

export function usedOnce(analysis: FileAnalysis, info: CallInfo): UsedOnce | undefined {
  const node = info.node;
  if (info.spec.effect !== 'acquire' || info.callback !== undefined || node.type !== AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  let holder: TSESTree.Node = outermostWrapper(node);
  if (info.spec.resolves !== undefined) {
    const awaited = holder.parent;
    if (awaited?.type !== AST_NODE_TYPES.AwaitExpression || awaited.argument !== holder) {
      return undefined;
    }
    holder = outermostWrapper(awaited);
  } else if (info.spec.returns === undefined) {
    return undefined;
  }
  const first = holder.parent;
  if (first?.type !== AST_NODE_TYPES.MemberExpression || first.object !== holder) {
    return undefined;
  }
  // Props then the method: `query`, `manager.query` (a short chain; a longer one is not a use).
  const names: string[] = [];
  let member: TSESTree.MemberExpression = first;
  for (;;) {
    const name = member.computed ? undefined : propertyName(member);
    if (name === undefined || names.length > 2) {
      return undefined;
    }
    names.push(name);
    const parent = member.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === member) {
      break;
    }
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== member) {
      return undefined;
    }
    member = parent;
  }
  const use = analysis.values.callOf(member.parent);
  if (use === undefined || !plainCall(use.spec)) {
    return undefined;
  }
  const path = names.join('.');
  const callee = skipWrappers(node.callee);
  if (node.arguments.length > 0 || callee.type !== AST_NODE_TYPES.MemberExpression) {
    return { checkout: node, first, path };
  }
  // The same path on the engine's shape.
  const registry = analysis.values.registry;
  let shape: ResolvedShape | undefined = info.shape;
  for (const name of names.slice(0, -1)) {
    const ref: ShapeRef | undefined = shape ? propRef(shape, name) : undefined;
    shape = shape && registry.shapeAt(shape.lib, ref);
  }
  const onEngine = shape ? methodSpec(shape, names[names.length - 1]) : undefined;
  if (onEngine === undefined || !plainCall(onEngine)) {
    return { checkout: node, first, path };
  }
  return { checkout: node, first, path, onEngine: { engine: callee.object, firstName: names[0] } };
}

/** A call that hands back no handle and changes no lifecycle: a query, not `getRepository`, `release` or `connect` of an engine. */
function plainCall(spec: CallSpec): boolean {
  return spec.returns === undefined && spec.resolves === undefined && spec.effect === undefined;
}

/**
 * `handle.method()` for the shape's method with this effect (`release`, `done`, `rollback`,
 * `rollbackTransaction`), awaited in an async function, with `.execute()` when the method only
 * builds a command (Kysely).
 */
export function idiom(
  analysis: FileAnalysis,
  shape: ResolvedShape | undefined,
  effect: 'release' | 'rollback',
  handle: string,
  inAsync: boolean,
): string | undefined {
  const entry = Object.entries(shape?.methods ?? {}).find(([, spec]) => spec.effect === effect);
  if (!entry || !shape || (effect === 'rollback' && shape.endsItselfOnFailure)) {
    return undefined;
  }
  const [method, spec] = entry;
  const result = analysis.values.registry.shapeAt(shape.lib, spec.returns);
  const execute = result?.methods?.execute ? '.execute()' : '';
  const awaited = inAsync && (effect === 'rollback' || shape.lib === 'typeorm') ? 'await ' : '';
  return `${awaited}${handle}.${method}()${execute}`;
}

function isCloseCall(analysis: FileAnalysis, node: TSESTree.Node | undefined, scopeOf?: Scoped): boolean {
  const info = node ? analysis.values.callOf(node) : undefined;
  const effect = info?.spec.effect;
  if (effect === 'release' || effect === 'commit' || effect === 'rollback') {
    return true;
  }
  // Raw `COMMIT` / `ROLLBACK` through the handle.
  const statements = info && scopeOf ? sentStatements(info, scopeOf) : undefined;
  return statements?.some((statement) => ENDS.has(statement.kind)) === true;
}

/** The handle's shape has a method of that name that releases, commits or rolls back. */
function isCloseMethod(analysis: FileAnalysis, handle: TSESTree.Node, method: string): boolean {
  const effect = analysis.values.shape(analysis.values.valueOf(handle))?.methods?.[method]?.effect;
  return effect === 'release' || effect === 'commit' || effect === 'rollback';
}

function enclosingNestedFunction(node: TSESTree.Node, fn: FunctionNode): FunctionNode | undefined {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionNode(current)) {
      return current;
    }
  }
  return undefined;
}

const summaries = new WeakMap<FunctionNode, Map<string, 'closes' | 'uses' | 'unknown'>>();

/**
 * A same-file helper's effect on the handle passed at `index`: `closes` when it releases or ends it
 * on every path, `uses` when it only queries through it, `unknown` otherwise (including functions
 * defined elsewhere).
 */
function helperSummary(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  index: number,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
): 'closes' | 'uses' | 'unknown' {
  const info = analysis.values.callOf(call);
  if (info && isProjectShape(info.shape)) {
    return info.spec.handles?.[index]?.[kind] ?? 'unknown'; // a function of another module, per its facts
  }
  // A function of this file (`cleanup(client)`), or a method of this class (`this.cleanup(client)`).
  const callee = skipWrappers(call.callee);
  const helper = calledHelper(callee, scopeOf, true);
  return helper ? paramUse(analysis, helper.fn, index, scopeOf, kind) : 'unknown';
}

/**
 * What a function does with the handle it receives at parameter `index`: `closes` when it releases
 * it (`connection`) or ends its transaction (`transaction`) on every path, `uses` when it only
 * queries through it, `unknown` when it stores, returns or passes it on.
 */
export function paramUse(
  analysis: FileAnalysis,
  helper: FunctionNode,
  index: number,
  scopeOf: Scoped,
  kind: 'connection' | 'transaction',
): 'closes' | 'uses' | 'unknown' {
  const param = helper.params[index];
  if (!param || param.type !== AST_NODE_TYPES.Identifier) {
    return 'unknown';
  }
  const cacheKey = `${kind}:${index}`;
  const cached = summaries.get(helper)?.get(cacheKey);
  if (cached) {
    return cached;
  }
  let byKey = summaries.get(helper);
  if (!byKey) {
    byKey = new Map();
    summaries.set(helper, byKey);
  }
  byKey.set(cacheKey, 'unknown'); // recursion guard
  const variable = findVariable(scopeOf(param), param);
  let result: 'closes' | 'uses' | 'unknown' = 'unknown';
  if (variable) {
    const closing: TSESTree.Node[] = [];
    let escaped = false;
    for (const reference of variable.references) {
      const identifier = reference.identifier as TSESTree.Node;
      const parent = identifier.parent;
      if (reference.isWrite()) {
        escaped = true;
        continue;
      }
      if (
        ((parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier) ||
          (parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === identifier)) &&
        !enclosingNestedFunction(identifier, helper)
      ) {
        continue; // `trx('table')`, `` sql`select …` ``: a query through the handle
      }
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier || enclosingNestedFunction(identifier, helper)) {
        escaped = true;
        continue;
      }
      const info = analysis.values.callOf(parent.parent);
      const effect = info?.spec.effect;
      if (kind === 'connection' ? effect === 'release' : effect === 'commit' || effect === 'rollback') {
        closing.push(parent.parent);
        continue;
      }
      const statements = info && kind === 'transaction' ? sentStatements(info, scopeOf) : undefined;
      if (statements?.some((statement) => statement.kind === 'commit' || statement.kind === 'rollback')) {
        closing.push(parent.parent);
      }
    }
    if (!escaped && closing.length === 0) {
      result = 'uses';
    } else if (!escaped) {
      const marks = new Map(closing.map((node) => [completionOf(node), [0]]));
      const verdict = solveLifecycle(helper, { opens: () => NO_IDS, closes: (node) => marks.get(node) ?? NO_IDS }, [0], [0]).get(0);
      result = verdict && !verdict.openAtExit ? 'closes' : 'unknown';
    }
  }
  byKey.set(cacheKey, result);
  return result;
}

/**
 * The suggestion for a resource left open on a throw: wrap the statements after the opening one
 * in `try { … } finally { release }` (connections; an existing release statement moves into the
 * `finally`) or `try { … COMMIT } catch (error) { ROLLBACK; throw error; }` (transactions, up to
 * the statement that commits). Undefined when the shape is not that simple.
 */
export function wrapSuggestion(
  sourceCode: TSESLint.SourceCode,
  resource: TrackedResource,
  mode: 'finally' | 'catch',
): { range: TSESTree.Range; text: string } | undefined {
  if (!resource.closeText || isFunctionNode(resource.opensAt)) {
    return undefined;
  }
  let statement: TSESTree.Node = resource.opensAt;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (isFunctionNode(statement.parent) || statement.parent.type === AST_NODE_TYPES.Program) {
      return undefined;
    }
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) {
    return undefined;
  }
  const rest = block.body.slice(block.body.indexOf(statement as TSESTree.Statement) + 1);
  const holding = (node: TSESTree.Node) => resource.closers.filter((closer) => node.range[0] <= closer.range[0] && closer.range[1] <= node.range[1]);
  if (rest.length === 0) {
    return undefined;
  }
  if (mode === 'finally') {
    const direct = rest.filter((node) => holding(node).length > 0);
    if (resource.closers.length > 1 || (resource.closers.length === 1 && (direct.length !== 1 || direct[0].type !== AST_NODE_TYPES.ExpressionStatement))) {
      return undefined;
    }
    const release = direct[0];
    if (release && rest.length === 1) {
      return undefined;
    }
    const releaseText = release ? sourceCode.getText(release) : `${resource.closeText};`;
    return wrapInTry(sourceCode, rest, release, (indent, unit) => `finally {\n${indent}${unit}${releaseText}\n${indent}}`);
  }
  // Calls between the begin and a `try` whose catch rolls back (`begin; log(…); try { … } catch {
  // rollback }`): move them into that try, rather than wrap a second rollback around it.
  const moved = movedIntoTry(sourceCode, block, rest, holding);
  if (moved !== undefined) {
    return moved ?? undefined;
  }
  // The begin inside (or just before) a `try { … } finally { … }` without a catch: add the catch there.
  const enclosingTry = block.parent?.type === AST_NODE_TYPES.TryStatement && block.parent.block === block ? block.parent : undefined;
  const tryStatement = enclosingTry ?? (rest[0]?.type === AST_NODE_TYPES.TryStatement ? rest[0] : undefined);
  if (tryStatement?.handler) {
    // A `catch` is there already. Without a rollback, roll back first thing in it; with one, what
    // skips it is a call made before it there, which no wrapping helps.
    const body = tryStatement.handler.body;
    if (holding(body).length > 0) {
      return undefined;
    }
    const indent = indentationOf(sourceCode, tryStatement) + indentUnit(sourceCode);
    const at = body.range[0] + 1;
    return { range: [at, at], text: `\n${indent}${resource.closeText};` };
  }
  if (tryStatement?.finalizer) {
    const indent = indentationOf(sourceCode, tryStatement);
    const unit = indentUnit(sourceCode);
    const at = tryStatement.block.range[1];
    return {
      range: [at, at],
      text: ` catch (error) {\n${indent}${unit}${resource.closeText};\n${indent}${unit}throw error;\n${indent}}`,
    };
  }
  let last = -1;
  rest.forEach((node, index) => {
    if (holding(node).length > 0) {
      last = index;
    }
  });
  if (last < 0) {
    return undefined;
  }
  const wrapped = rest.slice(0, last + 1);
  if (declaresNameReadIn(wrapped, sourceCode.text.slice(wrapped[wrapped.length - 1].range[1], block.range[1]))) {
    return undefined;
  }
  return wrapInTry(
    sourceCode,
    wrapped,
    undefined,
    (indent, unit) => `catch (error) {\n${indent}${unit}${resource.closeText};\n${indent}${unit}throw error;\n${indent}}`,
  );
}

/**
 * `begin; a(); b(); try { … } catch { rollback }`: the statements before the `try` moved to the
 * start of its block, where its catch covers them. Undefined when that is not the shape (no such
 * try, or a closer before it); null when it is but the statements cannot move (a name they declare
 * is read after the try block), where wrapping it all would roll back twice.
 */
function movedIntoTry(
  sourceCode: TSESLint.SourceCode,
  block: TSESTree.BlockStatement,
  rest: readonly TSESTree.Node[],
  holding: (node: TSESTree.Node) => TSESTree.Node[],
): { range: TSESTree.Range; text: string } | null | undefined {
  const index = rest.findIndex((node) => node.type === AST_NODE_TYPES.TryStatement);
  const tryStatement = index > 0 ? rest[index] : undefined;
  if (tryStatement?.type !== AST_NODE_TYPES.TryStatement || !tryStatement.handler || holding(tryStatement.handler.body).length === 0) {
    return undefined;
  }
  const before = rest.slice(0, index);
  if (before.some((node) => holding(node).length > 0)) {
    return undefined;
  }
  // Wrapping it all in a second try would roll back twice when the inner catch rethrows: no suggestion.
  if (before.some((node) => node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.ClassDeclaration)) {
    return null;
  }
  if (declaresNameReadIn(before, sourceCode.text.slice(tryStatement.block.range[1], block.range[1]))) {
    return null;
  }
  const text = sourceCode.text.slice(before[0].range[0], before[before.length - 1].range[1]);
  const body = indentedInto(text, indentationOf(sourceCode, tryStatement), indentUnit(sourceCode));
  return { range: [before[0].range[0], tryStatement.block.range[0] + 1], text: `try {\n${body}` };
}

/**
 * Does one of the statements declare a name that `after` (the text that follows where they would
 * move) mentions, or one destructured, which is not read name by name? Moving them into a block
 * would put such a name out of reach.
 */
function declaresNameReadIn(statements: readonly TSESTree.Node[], after: string): boolean {
  return statements.some(
    (node) =>
      node.type === AST_NODE_TYPES.VariableDeclaration &&
      node.declarations.some((declarator) => declarator.id.type !== AST_NODE_TYPES.Identifier || mentionsName(after, declarator.id.name)),
  );
}

/**
 * The callback form of a checkout, `pool.connect((err, client, done) => …)`: the callback receives
 * the connection and must give it back — `done()` or `client.release()` — on every path where it
 * got one (`if (err)` paths hold nothing). Undefined when `fn` is not such a callback, or when the
 * release happens somewhere we cannot order (a nested callback such as `client.query(sql, () => done())`).
 */
export function checkoutCallback(
  analysis: FileAnalysis,
  fn: FunctionNode,
  scopeOf: Scoped,
): { resource: TrackedResource; verdict: LifecycleVerdict | undefined } | undefined {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression) {
    return undefined;
  }
  const info = analysis.values.callOf(call);
  if (!info || info.callback !== fn || info.spec.effect !== 'acquire' || info.spec.callback?.scope !== 'connection') {
    return undefined;
  }
  const [errorParam, clientParam, doneParam] = fn.params;
  if (clientParam?.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const client = findVariable(scopeOf(clientParam), clientParam);
  const done = doneParam?.type === AST_NODE_TYPES.Identifier ? findVariable(scopeOf(doneParam), doneParam) : undefined;
  const error = errorParam?.type === AST_NODE_TYPES.Identifier ? findVariable(scopeOf(errorParam), errorParam) : undefined;
  if (!client) {
    return undefined;
  }
  const closers: TSESTree.Node[] = [];
  for (const variable of [client, done]) {
    for (const reference of variable?.references ?? []) {
      let identifier = reference.identifier as TSESTree.Node;
      while (identifier.parent?.type === AST_NODE_TYPES.TSNonNullExpression || identifier.parent?.type === AST_NODE_TYPES.TSAsExpression) {
        identifier = identifier.parent; // `client!.query(…)`
      }
      const parent = identifier.parent;
      const isDone = variable === done && parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier;
      const isRelease = variable === client && parent?.type === AST_NODE_TYPES.MemberExpression && isCloseCall(analysis, parent.parent);
      if (!isDone && !isRelease) {
        if (variable === done || parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) {
          return undefined; // `done` passed on, or the client handed away (`resolve(client)`)
        }
        continue;
      }
      if (enclosingNestedFunction(identifier, fn)) {
        return undefined; // released in a callback we cannot order
      }
      closers.push(isDone ? (parent as TSESTree.Node) : (parent?.parent as TSESTree.Node));
    }
  }
  const resource: TrackedResource = {
    id: 0,
    kind: 'connection',
    origin: call.callee,
    variable: client,
    handle: client.name,
    opensAt: fn,
    closers,
    closeText: done ? `${done.name}()` : `${client.name}.release()`,
  };
  const closeSet = new Set(closers);
  const errorGuards = (test: TSESTree.Node): Array<{ id: number; absentWhen: boolean }> => {
    const node = skipWrappers(test);
    if (error && node.type === AST_NODE_TYPES.Identifier && node.name === error.name) {
      return [{ id: 0, absentWhen: true }];
    }
    if (error && node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!' && skipWrappers(node.argument).type === AST_NODE_TYPES.Identifier && (skipWrappers(node.argument) as TSESTree.Identifier).name === error.name) {
      return [{ id: 0, absentWhen: false }];
    }
    return [];
  };
  const verdict = solveLifecycle(fn, { opens: () => NO_IDS, closes: (node) => (closeSet.has(node) ? ONLY_FIRST : NO_IDS), guards: errorGuards }, [0], [0]).get(0);
  return { resource, verdict };
}

/**
 * A promise whose value nothing takes: the statement itself (`pool.connect();`), or a chain of
 * `.then` / `.catch` / `.finally` whose `then` callbacks take no parameter
 * (`pool.connect().then(() => console.log('connected')).catch(console.error);`).
 */
export function promiseDropped(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.ExpressionStatement) {
      return true;
    }
    const member = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current ? parent : undefined;
    const call = member?.parent;
    const method = member && !member.computed ? propertyName(member) : undefined;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || !PROMISE_HANDLERS.has(method ?? '')) {
      return false;
    }
    const handler = method === 'then' ? call.arguments[0] : undefined;
    if (handler && !(isFunctionNode(handler) && handler.params.length === 0)) {
      return false;
    }
    current = call;
  }
}
