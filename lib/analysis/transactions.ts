import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { isProjectShape, methodSpec, type ResolvedShape } from '../models/registry';
import { calledHelper, constInitializer, fieldDeclarations, forEachChild, importSource, isFunctionNode, keyName, memberRoot, nullishComparison, passedThroughParameter, pushCallHolders, propertyName, returnedExpressions, skipWrappers, thisOwner, type FunctionNode } from '../util/ast';
import { configSite } from './config';
import type { FileAnalysis } from './file';
import type { CallInfo } from './values';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** A managed transaction callback: `prisma.$transaction(async (tx) => …)`, `knex.transaction(async (trx) => …)`. */
export interface ManagedTransaction {
  readonly fn: FunctionNode;
  /** The call that runs it. */
  readonly call: CallInfo;
  /** The transaction handle parameter. */
  readonly handle: TSESLint.Scope.Variable;
  /** The handle's shape. */
  readonly shape: ResolvedShape | undefined;
}

/**
 * Are the transaction's engine and another receiver two engines the file builds apart, with
 * different configurations (`const target = knex(config)`, `const source = knex({ connection:
 * sourceUrl })`)? Then the other is another database, or at least another pool, that the
 * transaction could never hold: a sync script reading one database while writing the other inside a
 * transaction. Not when one is built from the other (`drizzle(pool)` and `pool`), nor when both are
 * built alike (`new Pool(config)` twice: the same database), unless `deliberate`: in a test, a
 * second engine built alike is there to be another connection (to race a lock the transaction holds).
 */
export function separateEngines(
  analysis: FileAnalysis,
  tx: ManagedTransaction,
  receiver: TSESTree.Node,
  scopeOf: Scoped,
  sourceCode: Readonly<TSESLint.SourceCode>,
  deliberate = false,
): boolean {
  const call = tx.call.node;
  const callee = call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.tag : call.callee;
  return callee.type === AST_NODE_TYPES.MemberExpression && separateFrom(analysis, callee.object, receiver, scopeOf, sourceCode, deliberate);
}

/**
 * The connection a raw `BEGIN` was sent on came from one engine of the file (`const client = await
 * sourcePool.connect()`), and `receiver` is another, built apart (see separateEngines).
 */
export function separateFromConnection(
  analysis: FileAnalysis,
  connection: TSESLint.Scope.Variable,
  receiver: TSESTree.Node,
  scopeOf: Scoped,
  sourceCode: Readonly<TSESLint.SourceCode>,
  deliberate = false,
): boolean {
  const declarator = connection.defs.length === 1 ? connection.defs[0].node : undefined;
  const init = declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init ? skipWrappers(declarator.init) : undefined;
  const checkout = init?.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(init.argument) : init;
  return (
    checkout?.type === AST_NODE_TYPES.CallExpression &&
    checkout.callee.type === AST_NODE_TYPES.MemberExpression &&
    separateFrom(analysis, checkout.callee.object, receiver, scopeOf, sourceCode, deliberate)
  );
}

function separateFrom(
  analysis: FileAnalysis,
  engine: TSESTree.Node,
  receiver: TSESTree.Node,
  scopeOf: Scoped,
  sourceCode: Readonly<TSESLint.SourceCode>,
  deliberate: boolean,
): boolean {
  // Injected for two named connections (`@InjectEntityManager(connections.apiDB)` and
  // `@InjectEntityManager(connections.default)`): two databases.
  const txConnection = injectedConnection(analysis, engine, scopeOf, sourceCode);
  const otherConnection = txConnection && injectedConnection(analysis, receiver, scopeOf, sourceCode);
  if (txConnection && otherConnection) {
    return txConnection.literal === otherConnection.literal && txConnection.name !== otherConnection.name;
  }
  const txEngines = engineChain(analysis, engine, scopeOf);
  const others = engineChain(analysis, receiver, scopeOf);
  const txBase = txEngines.at(-1);
  const otherBase = others.at(-1);
  if (!txBase || !otherBase || txEngines.some((engine) => others.some((other) => other.variable === engine.variable))) {
    return false;
  }
  if (deliberate) {
    return true;
  }
  const txTarget = connectionTarget(analysis, txBase.creation, sourceCode);
  const otherTarget = connectionTarget(analysis, otherBase.creation, sourceCode);
  return txTarget !== undefined && otherTarget !== undefined && txTarget !== otherTarget;
}

/**
 * What names an engine's database, as text: the connection URL where the configuration shows one,
 * else the whole configuration. None when it comes from the environment (`process.env.DATABASE_URL`,
 * or no configuration: the `PG*` variables), which may well name the other engine's database too.
 */
function connectionTarget(analysis: FileAnalysis, creation: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const info = analysis.values.callOf(creation);
  const site = info && configSite(analysis, info);
  if (creation.arguments.length === 0 || site?.implicit === true || site?.untargeted === 'environment' || site?.url?.kind === 'env') {
    return undefined;
  }
  return site?.url ? `url:${sourceCode.getText(skipWrappers(site.url.node))}` : creation.arguments.map((argument) => sourceCode.getText(argument)).join(',');
}

type EngineVariable = { variable: TSESLint.Scope.Variable; creation: TSESTree.CallExpression | TSESTree.NewExpression };

/**
 * The engine a `const` of the file holds, then the engine it was built from, and so on
 * (`const db = drizzle(pool)` → `db`, `pool`): empty when the first is not an engine built there.
 */
function engineChain(analysis: FileAnalysis, node: TSESTree.Node, scopeOf: Scoped): EngineVariable[] {
  const chain: EngineVariable[] = [];
  for (let current = engineVariable(analysis, node, scopeOf); current && chain.length < 8; ) {
    chain.push(current);
    // An engine named anywhere in its arguments (`drizzle(pool)`, `drizzle({ client: pool })`).
    let next: EngineVariable | undefined;
    const visit = (child: TSESTree.Node): void => {
      if (next !== undefined || isFunctionNode(child)) {
        return;
      }
      const engine = child.type === AST_NODE_TYPES.Identifier ? engineVariable(analysis, child, scopeOf) : undefined;
      if (engine && !chain.some((seen) => seen.variable === engine.variable)) {
        next = engine;
        return;
      }
      forEachChild(child, visit);
    };
    current.creation.arguments.forEach(visit);
    current = next;
  }
  return chain;
}

/** A `const` of the file that holds an engine built there (`const db = knex(config)`, `await` allowed). */
function engineVariable(analysis: FileAnalysis, node: TSESTree.Node, scopeOf: Scoped): EngineVariable | undefined {
  const inner = skipWrappers(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const variable = findVariable(scopeOf(inner), inner);
  const value = variable?.defs.length === 1 ? constInitializer(inner, scopeOf, variable) : undefined;
  if (!variable || !value) {
    return undefined;
  }
  let init = skipWrappers(value);
  if (init.type === AST_NODE_TYPES.AwaitExpression) {
    init = skipWrappers(init.argument);
  }
  if (init.type !== AST_NODE_TYPES.CallExpression && init.type !== AST_NODE_TYPES.NewExpression) {
    return undefined;
  }
  return analysis.values.callOf(init)?.spec.createsEngine ? { variable, creation: init } : undefined;
}

/** Is `fn` the callback of a managed transaction, and which parameter is its handle? */
export function managedTransaction(analysis: FileAnalysis, fn: FunctionNode, scopeOf: Scoped): ManagedTransaction | undefined {
  const info = analysis.values.callbackCall(fn);
  const spec = info?.spec.callback;
  if (!info || info.node.type !== AST_NODE_TYPES.CallExpression || spec?.scope !== 'transaction') {
    return undefined;
  }
  const index = spec.params.findIndex((ref) => ref !== null);
  const param = index >= 0 ? fn.params[index] : undefined;
  if (param?.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const handle = findVariable(scopeOf(param), param);
  const ref = spec.params[index];
  const shape = analysis.values.registry.shapeAt(info.shape.lib, ref);
  return handle ? { fn, call: info, handle, shape } : undefined;
}

/** Functions that run later, not while the transaction is open: timers and event listeners. */
const DEFERRING_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const DEFERRING_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'nextTick', 'afterCommit']);

export function isDeferred(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee === fn) {
    return false;
  }
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return DEFERRING_FUNCTIONS.has(callee.name);
  }
  return callee.type === AST_NODE_TYPES.MemberExpression && DEFERRING_METHODS.has(propertyName(callee) ?? '');
}

export type CallDuring = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

/**
 * The calls and tagged templates that run while a function runs, in source order: those of its
 * body and of nested functions, but not of deferred callbacks. One walk per function, shared by
 * the rules that ask (a transaction callback is searched by several).
 */
export function callsDuring(fn: FunctionNode): readonly CallDuring[] {
  let calls = callsDuringCache.get(fn);
  if (!calls) {
    const found: CallDuring[] = [];
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop() as TSESTree.Node;
      if (isFunctionNode(node) && node !== fn && isDeferred(node)) {
        continue;
      }
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        found.push(node);
      }
      pushCallHolders(node, stack);
    }
    calls = found;
    callsDuringCache.set(fn, calls);
  }
  return calls;
}

const callsDuringCache = new WeakMap<FunctionNode, readonly CallDuring[]>();

/**
 * The client a call is made through, from the root `rootOf` found: the root itself when it holds a
 * modelled value, otherwise the first member of the chain from it that holds an engine, a
 * connection or a pooled object (`db.client` in `db.client.user.create()`, where `db` is a module
 * of the project exporting `{ client, transaction }`; `models.User` of `{ sequelize, User }`), or
 * the call of a function that holds nothing itself (`getPrisma()` in `getPrisma().user.create()`).
 * Only a root that holds nothing modelled, or a shape without a role (a module's namespace), is
 * looked through.
 */
export function clientOf(analysis: FileAnalysis, root: TSESTree.Node): { node: TSESTree.Node; shape: ResolvedShape | undefined } {
  const values = analysis.values;
  const rootShape = values.shape(values.valueOf(root));
  if (root.type === AST_NODE_TYPES.MemberExpression && root.object.type === AST_NODE_TYPES.ThisExpression && (rootShape === undefined || rootShape.role === undefined)) {
    const self = inheritedMember(analysis, root, rootShape);
    if (self) {
      return { node: root.object, shape: self };
    }
  }
  let node = root;
  let shape = rootShape;
  const parent = root.parent;
  if (shape === undefined && parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === root) {
    // `getPrisma().user.create()`: a factory of the file, whose call holds the client.
    node = parent;
    shape = values.shape(values.valueOf(parent));
    if (shape === undefined) {
      // `getDbClient().user.create()` with `getDbClient = (tx?) => tx ?? prisma`: not given a client, it hands back its fallback.
      const resolver = resolverCall(root, analysis.scopeOf);
      const given = resolver?.call.arguments[resolver.index];
      // Not an engine it builds there and then (`tx ?? drizzle(url)`): no-engine-per-request's business.
      if (resolver && (given === undefined || isNothing(given)) && !values.callOf(skipWrappers(resolver.fallback))?.spec.createsEngine) {
        shape = clientOf(analysis, resolver.fallback).shape;
      }
    }
  }
  // Through a root that holds nothing known (`ctx` of `ctx.db.user.create()`, where the file's own
  // `ctx.db.$transaction(…)` or the types tell what `ctx.db` is), or a module's namespace.
  for (let step = 0; step < 3 && (shape === undefined || (shape.role === undefined && isProjectShape(shape))); step++) {
    const member = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) {
      break;
    }
    node = member;
    shape = values.shape(values.valueOf(member));
  }
  return shape?.role === 'engine' || shape?.role === 'connection' || shape?.pooled === true ? { node, shape } : { node: root, shape: rootShape };
}

/**
 * `this.user` in a class that extends the client itself (`PrismaService extends PrismaClient`,
 * `class Db extends Pool`), when the class declares no member of that name: one of the client's
 * own delegates or methods (`this.user.create()`, `` this.$queryRaw`…` ``, `this.query()`), so
 * `this` is the client the call goes through. The client's shape, or undefined.
 */
function inheritedMember(analysis: FileAnalysis, member: TSESTree.MemberExpression, memberShape: ResolvedShape | undefined): ResolvedShape | undefined {
  const name = propertyName(member);
  const self = analysis.values.shape(analysis.values.valueOf(member.object));
  if (name === undefined || (self?.role !== 'engine' && self?.role !== 'connection')) {
    return undefined;
  }
  if (memberShape === undefined && methodSpec(self, name) === undefined) {
    return undefined;
  }
  const cls = thisOwner(member.object)?.cls;
  return cls && !declaredMembers(cls.body).has(name) ? self : undefined;
}

/**
 * The names a class declares itself: methods, accessors and fields, parameter properties, and
 * `this.name =` assignments anywhere in it. Walked once per class.
 */
function declaredMembers(body: TSESTree.ClassBody): ReadonlySet<string> {
  const cached = declaredMemberCache.get(body);
  if (cached) {
    return cached;
  }
  const names = new Set<string>();
  const add = (name: string | undefined): void => {
    if (name !== undefined) {
      names.add(name);
    }
  };
  for (const member of body.body) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition ||
        member.type === AST_NODE_TYPES.TSAbstractMethodDefinition ||
        member.type === AST_NODE_TYPES.PropertyDefinition ||
        member.type === AST_NODE_TYPES.AccessorProperty) &&
      !member.computed
    ) {
      add(keyName(member.key));
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
      for (const param of member.value.params) {
        const inner = param.type === AST_NODE_TYPES.TSParameterProperty ? (param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter) : undefined;
        add(inner?.type === AST_NODE_TYPES.Identifier ? inner.name : undefined);
      }
    }
  }
  const stack: TSESTree.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.object.type === AST_NODE_TYPES.ThisExpression) {
      add(propertyName(node.left));
    }
    forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  declaredMemberCache.set(body, names);
  return names;
}

const declaredMemberCache = new WeakMap<TSESTree.ClassBody, ReadonlySet<string>>();

/**
 * The root a value is reached from: `tx` for `tx.user.findMany`, `knex` for `knex('t').where()`,
 * `this.prisma` for `this.prisma.user`; through `const` variables initialised inside `within`,
 * but not through `stop` (a transaction handle declared there: `const trx = await knex.transaction()`).
 */
export function rootOf(node: TSESTree.Node, within: TSESTree.Node, scopeOf: Scoped, depth = 0, stop?: TSESLint.Scope.Variable): TSESTree.Node {
  let current = skipWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = skipWrappers(current.argument);
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      current = passedThrough(current, scopeOf) ?? skipWrappers(current.callee);
    } else if (current.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      current = skipWrappers(current.tag);
    } else if (current.type === AST_NODE_TYPES.MemberExpression && current.object.type !== AST_NODE_TYPES.ThisExpression) {
      current = skipWrappers(current.object);
    } else {
      break;
    }
  }
  if (current.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const variable = findVariable(scopeOf(current), current);
    const def = variable === stop ? undefined : variable?.defs[0];
    if (
      def?.type === 'Variable' &&
      def.node.init &&
      def.node.id.type === AST_NODE_TYPES.Identifier &&
      def.node.range[0] >= within.range[0] &&
      def.node.range[1] <= within.range[1]
    ) {
      return rootOf(def.node.init, within, scopeOf, depth + 1, stop);
    }
  }
  return current;
}

/** The argument a function of the file hands back as it is (`asContentDb(db)`): what the call holds. */
function passedThrough(call: TSESTree.CallExpression, scopeOf: Scoped): TSESTree.Node | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  const fn = calledHelper(callee, scopeOf)?.fn;
  const index = fn && passedThroughParameter(fn, scopeOf);
  const arg = index === undefined ? undefined : call.arguments[index];
  return arg && arg.type !== AST_NODE_TYPES.SpreadElement ? skipWrappers(arg) : undefined;
}

/** Does the root name the transaction handle? */
export function isHandle(root: TSESTree.Node, handle: TSESLint.Scope.Variable, scopeOf: Scoped): boolean {
  return root.type === AST_NODE_TYPES.Identifier && findVariable(scopeOf(root), root) === handle;
}

/**
 * Is the call joined to the transaction explicitly: the handle passed anywhere in its arguments or
 * in the arguments of a call chained on it (`knex('t').insert(x).transacting(trx)`,
 * `User.create(values, { transaction: t })`, `repo.save(x, { transaction: em })`), or a method of
 * an object built with it (`const repo = new OrgRepository(logger, tx); repo.delete(id)`)?
 */
export function joinsExplicitly(node: TSESTree.Node, handle: TSESLint.Scope.Variable, scopeOf?: Scoped, followed?: Set<TSESLint.Scope.Variable>): boolean {
  let depth = 0;
  /** `read`: reached through a member or a method (`order.id`, `order.get('id')`), not the value itself. */
  const mentions = (arg: TSESTree.Node, read = false): boolean => {
    const inner = skipWrappers(arg);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      if (handle.references.some((reference) => reference.identifier === inner)) {
        return true;
      }
      // Something read from a variable (`String(order.id)`) carries nothing of what built it.
      const variable = scopeOf && !read ? findVariable(scopeOf(inner), inner) : null;
      // `ctx.state.transaction = transaction; … Comment.createWithCtx(ctx, …)`: an object the
      // handle was put on carries it.
      if (variable && scopeOf && handle.references.some((reference) => storedOn(reference.identifier, variable, scopeOf))) {
        return true;
      }
      // `const context = createContext({ user, transaction }); Model.createWithCtx(context, …)`:
      // a constant built from the handle carries it.
      const def = depth < 3 ? variable?.defs[0] : undefined;
      if (def?.type !== 'Variable' || !def.node.init || def.node.parent.kind !== 'const' || def.node.id !== def.name) {
        return false;
      }
      depth += 1;
      try {
        // Built to carry it: an object holding it, or what a call given it returns. Not what a
        // query through it returned (`const order = await tx.order.create(…)`: a row).
        let init = skipWrappers(def.node.init);
        init = init.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(init.argument) : init;
        return init.type === AST_NODE_TYPES.CallExpression ? init.arguments.some((argument) => mentions(argument)) : init.type === AST_NODE_TYPES.ObjectExpression && mentions(init);
      } finally {
        depth -= 1;
      }
    }
    // `em.getTransactionContext()`, `trx.connection`: something taken from the handle;
    // `createContext({ user, transaction })`: something built by a call given it.
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      return mentions(inner.callee, true) || inner.arguments.some((argument) => mentions(argument));
    }
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      return mentions(inner.object, true);
    }
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          // An explicit `transaction` option, even `null` (Sequelize's documented opt-out), is deliberate.
          ((!property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === 'transaction') || mentions(property.value)),
      );
    }
    return false;
  };
  /** `repo` built by `new Repo(…, tx)`, or `new Repo(tx)` itself, as the receiver of `callee`. */
  const builtWithHandle = (callee: TSESTree.Node): boolean => {
    const target = skipWrappers(callee);
    if (target.type !== AST_NODE_TYPES.MemberExpression) {
      return false;
    }
    let object = skipWrappers(target.object);
    if (object.type === AST_NODE_TYPES.Identifier && scopeOf) {
      const def = findVariable(scopeOf(object), object)?.defs[0];
      if (def?.type !== 'Variable' || !def.node.init || def.node.parent.kind !== 'const' || def.node.id !== def.name) {
        return false;
      }
      object = skipWrappers(def.node.init);
    }
    return object.type === AST_NODE_TYPES.NewExpression && object.arguments.some((argument) => mentions(argument));
  };
  // A method of an object built with the handle (`const repo = new OrgRepository(logger, tx);
  // repo.delete(id)`, `new AuditRepo(tx).record(x)`): the object queries through what it was given.
  if (scopeOf && node.type === AST_NODE_TYPES.CallExpression && builtWithHandle(node.callee)) {
    return true;
  }
  // Up the chain: the call itself and every call made on its result.
  let current: TSESTree.Node = node;
  let awaited = false;
  for (;;) {
    if ((current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) && current.arguments.some((argument) => mentions(argument))) {
      return true;
    }
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      current = parent;
    } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === current) {
      current = parent;
    } else if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ChainExpression) {
      awaited ||= parent.type === AST_NODE_TYPES.AwaitExpression;
      current = parent;
    } else {
      break;
    }
  }
  // A query built and kept, not yet run (`let query = knex('t').where(…)`), then joined where it
  // is used (`query = query.transacting(trx)`, `await query.transacting(trx).update(…)`). Not a
  // result (`const order = await Order.findByPk(id)`: that read has run by then).
  const stored = scopeOf && !awaited ? storedIn(current, scopeOf) : undefined;
  if (!stored || followed?.has(stored)) {
    return false;
  }
  const seen = followed ?? new Set<TSESLint.Scope.Variable>();
  seen.add(stored);
  return stored.references.some((reference) => reference.isRead() && joinsExplicitly(reference.identifier, handle, scopeOf, seen));
}

/** The variable the value of a chain is kept in: `const query = <chain>`, `query = <chain>`. */
function storedIn(value: TSESTree.Node, scopeOf: Scoped): TSESLint.Scope.Variable | undefined {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    return findVariable(scopeOf(parent.id), parent.id) ?? undefined;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === value && parent.left.type === AST_NODE_TYPES.Identifier) {
    return findVariable(scopeOf(parent.left), parent.left) ?? undefined;
  }
  return undefined;
}

/** `ctx.state.transaction = <identifier>`, with `ctx` the given variable. */
function storedOn(identifier: TSESTree.Node, variable: TSESLint.Scope.Variable, scopeOf: Scoped): boolean {
  const assignment = identifier.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== identifier || assignment.left.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const object = memberRoot(assignment.left);
  return object.type === AST_NODE_TYPES.Identifier && findVariable(scopeOf(object), object) === variable;
}

/**
 * Does `fn` begin a transaction of its own on an engine it does not receive (a helper such as
 * `transfer()` that calls `prisma.$transaction` itself, or a project function known to)? Called
 * while another transaction is open, it runs on another pooled connection.
 */
export function beginsOwnTransaction(analysis: FileAnalysis, fn: FunctionNode, scopeOf: Scoped): boolean {
  const received = (node: TSESTree.Node): boolean => isParameter(rootOf(node, fn, scopeOf), fn);
  for (const node of callsDuring(fn)) {
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      continue;
    }
    const info = analysis.values.callOf(node);
    if (!info) {
      continue;
    }
    if (isProjectShape(info.shape)) {
      // Another module's function that transacts, unless it is handed a handle this function received.
      if (info.spec.transacts === true && !node.arguments.some((arg) => arg !== info.callbackArg && received(arg))) {
        return true;
      }
      continue;
    }
    // Given a callback to run: a function, or a variable holding one (`prisma.$transaction(work)`).
    const runsCallback = info.callback !== undefined || info.callbackArg?.type === AST_NODE_TYPES.Identifier;
    const starts = (info.spec.callback?.scope === 'transaction' && runsCallback) || info.spec.effect === 'begin';
    if (starts && info.spec.nesting === 'separate' && !received(node.callee)) {
      return true;
    }
  }
  return false;
}

/**
 * What the function was given, or falls back from: a parameter, or a choice one of whose branches is
 * one or is reached through one (`tx ?? this.prisma`, `trx || knex`, `useTx ? tx : db`,
 * `manager?.getRepository(Order) || this.orders`): the caller decides which it runs on.
 */
export function isReceived(node: TSESTree.Node, fn: FunctionNode): boolean {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.LogicalExpression) {
    return isReceived(inner.left, fn) || isReceived(inner.right, fn);
  }
  if (inner.type === AST_NODE_TYPES.ConditionalExpression) {
    return isReceived(inner.consequent, fn) || isReceived(inner.alternate, fn);
  }
  let root: TSESTree.Node = inner;
  for (;;) {
    if (root.type === AST_NODE_TYPES.MemberExpression) {
      root = skipWrappers(root.object);
    } else if (root.type === AST_NODE_TYPES.CallExpression) {
      root = skipWrappers(root.callee);
    } else {
      return isParameter(root, fn);
    }
  }
}

/**
 * The node is a parameter of `fn` (by name), or one destructured from an options object
 * (`({ tx, prisma }) => …`, or `const { tx } = params` in the body): a handle or callback the
 * function received.
 */
export function isParameter(node: TSESTree.Node, fn: FunctionNode): boolean {
  return node.type === AST_NODE_TYPES.Identifier && (fn.params.some((param) => bindsName(param, node.name)) || destructuredFromParameter(node.name, fn));
}

/** A `const { … } = options` statement of the function's own body, `options` one of its parameters, binds `name`. */
function destructuredFromParameter(name: string, fn: FunctionNode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return false;
  }
  const isParam = (init: TSESTree.Expression | null): boolean => {
    const inner = init && withoutEmptyDefault(init);
    return (
      inner?.type === AST_NODE_TYPES.Identifier &&
      fn.params.some((param) => {
        const plain = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
        return plain.type === AST_NODE_TYPES.Identifier && plain.name === inner.name;
      })
    );
  };
  return fn.body.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.VariableDeclaration &&
      statement.kind === 'const' &&
      statement.declarations.some((declarator) => declarator.id.type === AST_NODE_TYPES.ObjectPattern && isParam(declarator.init) && bindsName(declarator.id, name)),
  );
}

/**
 * The parameter binds `name` with no default of its own: itself, or a property of the options object
 * it destructures (`{ tx }`, `{ tx: client }`, `{ tx } = {}`). One with a default (`executor = db`)
 * is judged by its fallback instead.
 */
function bindsName(param: TSESTree.Node, name: string): boolean {
  if (param.type === AST_NODE_TYPES.Identifier) {
    return param.name === name;
  }
  const pattern = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  return (
    pattern.type === AST_NODE_TYPES.ObjectPattern &&
    pattern.properties.some((property) => property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && property.value.name === name)
  );
}

/**
 * A client that sends its queries on a connection of its own: an engine, a connection or a pooled
 * object, not one the library routes to the open transaction (MikroORM's global `em`).
 */
export function isOwnClient(shape: ResolvedShape | undefined): shape is ResolvedShape {
  return shape !== undefined && !shape.contextual && (shape.role === 'engine' || shape.role === 'connection' || shape.pooled === true);
}

/**
 * A call a helper makes that is not a query through a client of its own: a transaction it runs
 * itself (no-nested-transaction's business), another module's function, an engine it builds.
 */
export function isOwnTransactionOrForeign(info: CallInfo | undefined): boolean {
  return info !== undefined && (beginsTransaction(info) || isProjectShape(info.shape) || info.spec.createsEngine === true);
}

/** A call that begins a transaction: runs a callback in one, begins one, or nests a savepoint. */
export function beginsTransaction(info: CallInfo | undefined): boolean {
  return info !== undefined && (info.spec.callback?.scope === 'transaction' || info.spec.effect === 'begin' || info.spec.nesting !== undefined);
}

/**
 * What a call gives a function: how many arguments (all of them, with a spread among them), and by
 * argument index the property names of an object literal written there (`{ id, tx }`), when every
 * one of them is written out (no spread, no computed name).
 */
export interface Supplied {
  readonly count: number;
  readonly keys?: ReadonlyArray<ReadonlySet<string> | undefined>;
}

/** Nothing given: every parameter left out (what a function does called with no arguments). */
export const NOTHING_SUPPLIED: Supplied = { count: 0 };

/** What `call` gives a function of `arity` parameters. */
export function suppliedBy(call: TSESTree.CallExpression, arity: number): Supplied {
  if (call.arguments.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) {
    return { count: arity };
  }
  const count = Math.min(call.arguments.length, arity);
  const keys = call.arguments.slice(0, count).map(propertyNames);
  return keys.some((names) => names !== undefined) ? { count, keys } : { count };
}

/** The names of an object literal's properties, when all of them are written out; undefined otherwise. */
export function propertyNames(node: TSESTree.Node): ReadonlySet<string> | undefined {
  if (node.type !== AST_NODE_TYPES.ObjectExpression) {
    return undefined;
  }
  const names = new Set<string>();
  for (const property of node.properties) {
    const name = property.type === AST_NODE_TYPES.Property ? staticKey(property) : undefined;
    if (name === undefined) {
      return undefined;
    }
    names.add(name);
  }
  return names;
}

function staticKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) {
    return property.key.name;
  }
  return property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string' ? property.key.value : undefined;
}

/**
 * Where a parameter of a function is bound: its index, and for one destructured from an options
 * object (`({ id, tx }) => …`) the property it is read from; the default it has, if any.
 */
export interface ParameterBinding {
  readonly index: number;
  readonly key?: string;
  readonly default?: TSESTree.Node;
}

/** A parameter the call leaves out: an argument not given, or a property its options object lacks. */
export function leftOut(binding: ParameterBinding, supplied: Supplied): boolean {
  if (binding.index >= supplied.count) {
    return true;
  }
  return binding.key !== undefined && supplied.keys?.[binding.index]?.has(binding.key) === false;
}

/**
 * A receiver that, with the parameters `supplied` leaves out, is a parameter's fallback: the default
 * of `executor = db` (`{ executor = db }`), or the right side of `tx ?? db` (`||`) with `tx` a
 * plain parameter, one destructured from an options object (`({ id, tx }) => …`), or one that
 * defaults to `null` or `undefined`. Not an engine built there and then (`executor = drizzle(url)`):
 * that is no-engine-per-request's business, not an outer client. `name` is what the caller leaves
 * out: the parameter's name, or the options object's property (`option`).
 */
export function parameterFallback(
  analysis: FileAnalysis,
  reached: TSESTree.Node,
  helper: FunctionNode,
  supplied: Supplied,
): ParameterFallback | undefined {
  if (supplied.count >= helper.params.length && supplied.keys === undefined) {
    return undefined;
  }
  const fallback = parameterDefault(reached, helper, supplied, analysis.scopeOf);
  return fallback && analysis.values.callOf(skipWrappers(fallback.value))?.spec.createsEngine ? undefined : fallback;
}

export interface ParameterFallback {
  readonly value: TSESTree.Node;
  readonly name: string;
  readonly index: number;
  readonly option: boolean;
}

function parameterDefault(reached: TSESTree.Node, helper: FunctionNode, supplied: Supplied, scopeOf: Scoped): ParameterFallback | undefined {
  const omitted = (id: TSESTree.Node, value: (binding: ParameterBinding) => TSESTree.Node | undefined): ParameterFallback | undefined => {
    const binding = parameterBinding(id, helper, scopeOf) ?? optionRead(id, helper, scopeOf);
    const fallback = binding && leftOut(binding, supplied) ? value(binding) : undefined;
    const name = binding?.key ?? (id.type === AST_NODE_TYPES.Identifier ? id.name : undefined);
    return fallback && binding && name !== undefined ? { value: fallback, name, index: binding.index, option: binding.key !== undefined } : undefined;
  };
  /** Left empty without the argument: no default, or `null` / `undefined`. */
  const empty = (binding: ParameterBinding): boolean => binding.default === undefined || isNothing(binding.default);
  const inner = skipWrappers(reached);
  // `getDbClient(tx).user.create()`: a resolver of the file handed the parameter falls back for it.
  const resolver = resolverCall(reached, scopeOf);
  if (resolver) {
    const given = resolver.call.arguments[resolver.index];
    return given && omitted(skipWrappers(given), (binding) => (empty(binding) ? resolver.fallback : undefined));
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return omitted(inner, (binding) => (empty(binding) ? undefined : binding.default));
  }
  if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&') {
    const right = inner.right;
    return omitted(skipWrappers(inner.left), (binding) => (empty(binding) ? right : undefined));
  }
  return undefined;
}

/**
 * The parameters that must be left out for `node` to run at all: it sits where only their absence
 * leads (`entityManager ? entityManager.findOne(…) : this.repo.findOne(…)`, the `else` of
 * `if (tx)`, the body of `if (!tx)`, or after `if (tx) return tx.findOne(…);`). A call that gives
 * one of them never runs it: a helper handed the transaction does not query its fallback there.
 * Only tests of omission count: the parameter itself (`tx`, `!tx`, `!!tx`), or a comparison with
 * `undefined` or a loose one with `null` (`tx == null`, `tx !== undefined`); not `tx !== null`,
 * which an omitted argument passes.
 */
export function onlyWithout(node: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): ParameterGuard[] {
  const absent: ParameterGuard[] = [];
  const need = (test: TSESTree.Node, whenPresent: boolean): void => {
    const tested = omissionTest(test);
    if (tested && tested.present === whenPresent) {
      const binding = parameterBinding(tested.subject, fn, scopeOf) ?? optionRead(tested.subject, fn, scopeOf);
      const name = binding?.key ?? (tested.subject.type === AST_NODE_TYPES.Identifier ? tested.subject.name : undefined);
      if (binding && name !== undefined) {
        absent.push({ ...binding, name, option: binding.key !== undefined });
      }
    }
  };
  let child = node;
  for (let parent = node.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.IfStatement:
        if (child === parent.alternate) {
          need(parent.test, true);
        } else if (child === parent.consequent) {
          need(parent.test, false);
        }
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right && parent.operator === '&&') {
          need(parent.left, false);
        }
        break;
      case AST_NODE_TYPES.BlockStatement:
        // `if (tx) return tx.findOne(…);` before it: reached only without `tx`.
        for (const statement of parent.body) {
          if (statement === child) {
            break;
          }
          if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysLeaves(statement.consequent)) {
            need(statement.test, true);
          }
        }
        break;
      default:
        break;
    }
  }
  return absent;
}

/** A parameter whose absence a query needs (see `onlyWithout`), named as a fallback's (`ParameterFallback`). */
export interface ParameterGuard extends ParameterBinding {
  readonly name: string;
  /** A property of an options object, not the parameter itself. */
  readonly option: boolean;
}

/** A statement that always returns or throws (a block whose last statement does). */
function alwaysLeaves(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) {
    return true;
  }
  const last = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body.at(-1) : undefined;
  return last !== undefined && alwaysLeaves(last);
}

/** What a test says about a value that may be omitted: true when it is given (`tx`), false when left out (`!tx`). */
function omissionTest(test: TSESTree.Node): { subject: TSESTree.Node; present: boolean } | undefined {
  const inner = skipWrappers(test);
  if (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression) {
    return { subject: inner, present: true };
  }
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const negated = omissionTest(inner.argument);
    return negated && { subject: negated.subject, present: !negated.present };
  }
  const comparison = nullishComparison(inner);
  if (!comparison || (comparison.strict && comparison.constant === 'null')) {
    return undefined;
  }
  const subject = skipWrappers(comparison.subject);
  return subject.type === AST_NODE_TYPES.Identifier || subject.type === AST_NODE_TYPES.MemberExpression ? { subject, present: !comparison.whenMatched } : undefined;
}

/**
 * Where `id` is bound among the parameters of `fn`: a parameter itself (`tx`, `executor = db`) or a
 * property destructured from one (`{ tx }`, `{ tx: client }`, `{ executor = db } = {}`).
 */
function parameterBinding(id: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): ParameterBinding | undefined {
  if (id.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const def = findVariable(scopeOf(id), id)?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== fn) {
    return undefined;
  }
  for (const [index, param] of fn.params.entries()) {
    if (param === def.name) {
      return { index };
    }
    if (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === def.name) {
      return { index, default: param.right };
    }
    const pattern = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    const bound = pattern.type === AST_NODE_TYPES.ObjectPattern ? patternProperty(pattern, def.name) : undefined;
    if (bound) {
      return { index, ...bound };
    }
  }
  return undefined;
}

/** The property of an object pattern that binds `name` (`{ tx }`, `{ tx: client }`, `{ executor = db }`), and its default. */
function patternProperty(pattern: TSESTree.ObjectPattern, name: TSESTree.Node): { key: string; default?: TSESTree.Node } | undefined {
  for (const property of pattern.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? staticKey(property) : undefined;
    if (key === undefined || property.type !== AST_NODE_TYPES.Property) {
      continue;
    }
    if (property.value === name) {
      return { key };
    }
    if (property.value.type === AST_NODE_TYPES.AssignmentPattern && property.value.left === name) {
      return { key, default: property.value.right };
    }
  }
  return undefined;
}

/**
 * A property read from an options parameter (`opts.tx`, `options?.tx`), or destructured from it in
 * the body (`const { tx } = opts`, `const { tx: client = db } = options`), bound like
 * `({ tx }) => …`: the parameter defaults to nothing or to `{}` and the function never reassigns it.
 */
function optionRead(node: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): ParameterBinding | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    if (node.computed || node.property.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const index = optionsParameter(node.object, fn, scopeOf);
    return index === undefined ? undefined : { index, key: node.property.name };
  }
  if (node.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const def = findVariable(scopeOf(node), node)?.defs[0];
  if (def?.type !== 'Variable' || def.parent.kind !== 'const') {
    return undefined;
  }
  const declarator = def.node;
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init) {
    return undefined;
  }
  const index = optionsParameter(declarator.init, fn, scopeOf);
  const bound = index === undefined ? undefined : patternProperty(declarator.id, def.name);
  return index !== undefined && bound ? { index, ...bound } : undefined;
}

/** `options ?? {}`, `options || {}`: the options object, read as if it were there. */
function withoutEmptyDefault(node: TSESTree.Node): TSESTree.Node {
  const inner = skipWrappers(node);
  return inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&' && isEmptyObject(skipWrappers(inner.right)) ? skipWrappers(inner.left) : inner;
}

/** The index of `node` among the parameters of `fn`, when it is a plain one that defaults to nothing or to `{}` and is never reassigned. */
function optionsParameter(node: TSESTree.Node, fn: FunctionNode, scopeOf: Scoped): number | undefined {
  const object = withoutEmptyDefault(node);
  const binding = parameterBinding(object, fn, scopeOf);
  if (!binding || binding.key !== undefined || !(binding.default === undefined || isNothing(binding.default) || isEmptyObject(binding.default))) {
    return undefined;
  }
  // Reassigned after the call began (not the parameter's own default, an initialising write).
  const variable = findVariable(scopeOf(object), object as TSESTree.Identifier);
  return variable && !variable.references.some((reference) => reference.isWrite() && !reference.init) ? binding.index : undefined;
}

function isEmptyObject(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ObjectExpression && node.properties.length === 0;
}

/** `null` or `undefined`: a default that leaves the parameter empty. */
function isNothing(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && node.raw === 'null') || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/** Per function: the parameter it hands back and what it falls back to without it, or null. */
const resolvers = new WeakMap<FunctionNode, { index: number; fallback: TSESTree.Node } | null>();

/**
 * The call of a resolver whose callee is `callee`: a function of this file (or a method of this
 * class) that hands back the client it is given, or a client of its own without one
 * (`const getDbClient = (tx?) => tx ?? prisma`, `client(trx) { return trx || this.knex; }`): the
 * parameter's index and the fallback.
 */
export function resolverCall(
  callee: TSESTree.Node,
  scopeOf: Scoped,
): { call: TSESTree.CallExpression; index: number; fallback: TSESTree.Node } | undefined {
  const call = callee.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) {
    return undefined;
  }
  const fn = calledHelper(skipWrappers(callee), scopeOf)?.fn;
  if (!fn) {
    return undefined;
  }
  let resolver = resolvers.get(fn);
  if (resolver === undefined) {
    resolver = resolverOf(fn, scopeOf) ?? null;
    resolvers.set(fn, resolver);
  }
  return resolver === null ? undefined : { call, ...resolver };
}

function resolverOf(fn: FunctionNode, scopeOf: Scoped): { index: number; fallback: TSESTree.Node } | undefined {
  if (fn.async || fn.generator) {
    return undefined;
  }
  const returned = returnedExpressions(fn);
  if (returned.length !== 1) {
    return undefined;
  }
  const inner = skipWrappers(returned[0]);
  let param: TSESTree.Node;
  let fallback: TSESTree.Node;
  if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&') {
    param = skipWrappers(inner.left);
    fallback = inner.right;
  } else if (inner.type === AST_NODE_TYPES.ConditionalExpression && sameIdentifier(inner.test, inner.consequent)) {
    param = skipWrappers(inner.test);
    fallback = inner.alternate;
  } else {
    return undefined;
  }
  const other = skipWrappers(fallback);
  // `tx ?? storage.getStore() ?? db`: the fallback may be a transaction itself; only one client is judged.
  if (other.type === AST_NODE_TYPES.LogicalExpression || other.type === AST_NODE_TYPES.ConditionalExpression) {
    return undefined;
  }
  // A plain parameter (`tx?`, `tx = null`): what the resolver is handed in its place.
  const binding = parameterBinding(param, fn, scopeOf);
  return binding && binding.key === undefined && (binding.default === undefined || isNothing(binding.default)) ? { index: binding.index, fallback } : undefined;
}

function sameIdentifier(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = skipWrappers(a);
  const right = skipWrappers(b);
  return left.type === AST_NODE_TYPES.Identifier && right.type === AST_NODE_TYPES.Identifier && left.name === right.name;
}

/** The connection a NestJS integration injected a handle for: a name written out (`'reports'`, or none: `default`), or an expression's text. */
interface InjectedConnection {
  readonly name: string;
  readonly literal: boolean;
}

/**
 * `this.reportsManager` (or a member chain off it), a property of the enclosing class injected by a
 * decorator that names a connection (`@InjectEntityManager('reports') private readonly
 * reportsManager: EntityManager`, `LibraryModel.namedInjections`): which connection.
 */
function injectedConnection(analysis: FileAnalysis, node: TSESTree.Node, scopeOf: Scoped, sourceCode: Readonly<TSESLint.SourceCode>): InjectedConnection | undefined {
  let current = skipWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression && skipWrappers(current.object).type !== AST_NODE_TYPES.ThisExpression) {
    current = skipWrappers(current.object);
  }
  const property = current.type === AST_NODE_TYPES.MemberExpression ? propertyName(current) : undefined;
  if (property === undefined) {
    return undefined;
  }
  let body: TSESTree.Node | undefined = current.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) {
    body = body.parent;
  }
  const declaration = body ? fieldDeclarations(body, property)[0] : undefined;
  return declaration && connectionOfDecorators(analysis, declaration.decorators, scopeOf, sourceCode);
}

function connectionOfDecorators(
  analysis: FileAnalysis,
  decorators: readonly TSESTree.Decorator[] | undefined,
  scopeOf: Scoped,
  sourceCode: Readonly<TSESLint.SourceCode>,
): InjectedConnection | undefined {
  for (const decorator of decorators ?? []) {
    const call = decorator.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier) {
      continue;
    }
    const source = importSource(call.callee, scopeOf);
    const arg = source ? analysis.values.registry.namedInjections.get(source.module)?.get(source.name) : undefined;
    if (arg === undefined) {
      continue;
    }
    const given = call.arguments[arg];
    if (given === undefined) {
      return { name: 'default', literal: true };
    }
    const value = skipWrappers(given);
    return value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string'
      ? { name: value.value, literal: true }
      : { name: sourceCode.getText(value), literal: false };
  }
  return undefined;
}
