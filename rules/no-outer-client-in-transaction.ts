import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { analyse } from '../lib/analysis/file';
import { functionLifecycles } from '../lib/analysis/resources';
import { beginsTransaction, callsDuring, clientOf, isHandle, isOwnClient, isOwnTransactionOrForeign, isReceived, joinsExplicitly, leftOut, managedTransaction, onlyWithout, parameterFallback, propertyNames, rootOf, separateEngines, separateFromConnection, suppliedBy, type ManagedTransaction, type Supplied } from '../lib/analysis/transactions';
import { calledHelper, contains, keyName, propertyName, skipWrappers, type FunctionNode } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';
import { isTestFile } from '../lib/frameworks/conventions';
import { isMigrationTransaction } from '../lib/analysis/pooled-sql';
import { isProjectShape, propRef, readsNoQuery, sendsNoQuery, type ResolvedShape } from '../lib/models/registry';
import type { CallSpec } from '../lib/models/types';

type MessageId = 'outerClient' | 'misplacedOption' | 'helperOuter' | 'helperOuterOnly' | 'helperDefault' | 'importedDefault' | 'suggestHandle' | 'suggestTransactionOption' | 'suggestMoveOption' | 'suggestPassHandle' | 'suggestHandleArgument';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** A call that queries through an outer receiver, reported once its transaction's calls are all seen. */
interface Pending {
  readonly root: TSESTree.Node;
  readonly node: TSESTree.Node;
  readonly shape: ResolvedShape;
  readonly tx: ManagedTransaction;
  /** The handle is given after the call's options argument (see `misplacedOptions`). */
  readonly misplaced?: { readonly options: TSESTree.CallExpressionArgument; readonly extra: TSESTree.CallExpressionArgument };
}

/** A query a helper sends through a receiver of its own: the receiver, and the call. */
interface HelperQuery {
  readonly root: TSESTree.Node;
  readonly node: TSESTree.Node;
  /**
   * The parameter the call leaves out, whose default (`executor = db`, `tx ?? db`) the query ran
   * through: its name, or the property of the options object at `index` (`option`).
   */
  readonly omitted?: { readonly name: string; readonly index: number; readonly option: boolean };
}

/** What a helper's query outside the transaction costs, in the messages that name the helper. */
const OUTSIDE_THE_TRANSACTION =
  'It neither sees the uncommitted writes nor rolls back with them, and with a small pool (or one PgBouncer server connection per client) the transaction can wait forever for a connection it holds itself. ';

/** Members through which an object passed on carries a transaction or connection (`ctx.transaction`, `deps.manager`). */
const CARRYING_MEMBERS = /^(?:t|tx|trx|transaction|manager|em|entityManager|client|connection|conn|db|queryRunner|runner|ctx|context|options|opts)$/i;

/** A parameter type that cannot carry a transaction: `string`, `number`, `boolean`, literals, unions and arrays of them. */
function isPlainValue(type: TSESTree.TypeNode | undefined): boolean {
  switch (type?.type) {
    case AST_NODE_TYPES.TSStringKeyword:
    case AST_NODE_TYPES.TSNumberKeyword:
    case AST_NODE_TYPES.TSBooleanKeyword:
    case AST_NODE_TYPES.TSBigIntKeyword:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSNullKeyword:
    case AST_NODE_TYPES.TSUndefinedKeyword:
      return true;
    case AST_NODE_TYPES.TSArrayType:
      return isPlainValue(type.elementType);
    case AST_NODE_TYPES.TSUnionType:
      return type.types.every(isPlainValue);
    default:
      return false;
  }
}

/**
 * The call and the calls chained on it (`knex('t').insert(row).transacting(trx)`, `await
 * repo.find(…)`): what the query's arguments and options are spread over.
 */
function chainedCalls(node: TSESTree.Node): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (let current: TSESTree.Node = node; ; ) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      calls.push(current);
    }
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      !parent ||
      !(
        (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) ||
        (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current) ||
        parent.type === AST_NODE_TYPES.AwaitExpression
      )
    ) {
      return calls;
    }
    current = parent;
  }
}

/**
 * The call, or one chained on it, passes on a parameter that may carry the transaction: as an
 * argument or an option (`repo.save(entity, options)`, `{ ...options }`, `{ manager }`), or
 * through a member named for one (`ctx.transaction`, `deps.manager`). Not a field of it read as
 * a value (`{ id: user.id }`).
 */
function passesCarrier(node: TSESTree.Node, carriers: readonly TSESLint.Scope.Variable[]): boolean {
  if (carriers.length === 0) {
    return false;
  }
  const isCarrier = (value: TSESTree.Node): boolean => {
    const inner = skipWrappers(value.type === AST_NODE_TYPES.SpreadElement ? value.argument : value);
    if (inner.type === AST_NODE_TYPES.Identifier) {
      return carriers.some((carrier) => carrier.references.some((reference) => reference.identifier === inner));
    }
    return inner.type === AST_NODE_TYPES.MemberExpression && CARRYING_MEMBERS.test(propertyName(inner) ?? '') && isCarrier(inner.object);
  };
  const carried = (arg: TSESTree.Node): boolean =>
    isCarrier(arg) ||
    (arg.type === AST_NODE_TYPES.ObjectExpression &&
      arg.properties.some((property) => (property.type === AST_NODE_TYPES.Property ? isCarrier(property.value) : isCarrier(property))));
  return chainedCalls(node).some((call) => call.arguments.some(carried));
}

/**
 * The call, or one chained on it, names some transaction: `{ transaction: … }` in its options,
 * `.transacting(…)`.
 */
function namesTransaction(node: TSESTree.Node): boolean {
  return chainedCalls(node).some((call) => {
    const callee = skipWrappers(call.callee);
    return (
      (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'transacting') ||
      call.arguments.some(
        (arg) =>
          arg.type === AST_NODE_TYPES.ObjectExpression &&
          arg.properties.some((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === 'transaction'),
      )
    );
  });
}

/** `Promise.all([q1, q2])` runs the queries it is given. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

export default createRule<[], MessageId>({
  name: 'no-outer-client-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow queries through another client inside a transaction callback instead of the transaction's handle",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      outerClient:
        '`{{client}}` is used while the transaction of `{{handle}}` is open, so this query runs on another pooled connection, outside the transaction: ' +
        'it neither sees the uncommitted writes nor rolls back with them. With a small pool (or one PgBouncer server connection per client) the transaction can wait forever for a connection it holds itself. ' +
        'Run it through `{{handle}}`.',
      misplacedOption:
        '`{{call}}` is given `{{handle}}` after its options argument, where Sequelize never reads it: this query runs on another pooled connection, outside the transaction, ' +
        'and does not roll back with it; with a small pool the transaction can wait forever for a connection it holds itself. Pass `transaction: {{handle}}` in the options.',
      helperOuter:
        '`{{call}}` is given the transaction handle `{{handle}}`, but it also queries through `{{client}}`, an engine it does not receive: that part of its work runs on another pooled connection, outside this transaction, ' +
        'and does not roll back with it. Make `{{callee}}` run every query through the handle it is given.',
      helperOuterOnly:
        '`{{call}}` runs while the transaction of `{{handle}}` is open, and `{{callee}}` queries through `{{client}}` (line {{line}}), not through the transaction: that query runs on another pooled connection, outside the transaction. ' +
        OUTSIDE_THE_TRANSACTION +
        'Pass `{{handle}}` to `{{callee}}` and query through it.',
      helperDefault:
        '`{{call}}` runs while the transaction of `{{handle}}` is open but is not given `{{param}}`, so `{{callee}}` queries through its fallback `{{client}}` (line {{line}}), not through the transaction: that query runs on another pooled connection, outside the transaction. ' +
        OUTSIDE_THE_TRANSACTION +
        'Pass `{{handle}}` as `{{param}}`.',
      importedDefault:
        '`{{call}}` runs while the transaction of `{{handle}}` is open but is not given `{{param}}`, so `{{callee}}` queries through its fallback `{{client}}`, not through the transaction: that query runs on another pooled connection, outside the transaction. ' +
        OUTSIDE_THE_TRANSACTION +
        'Pass `{{handle}}` as `{{param}}`.',
      suggestHandle: 'Run it through the transaction handle `{{handle}}`.',
      suggestTransactionOption: 'Pass `{ transaction: {{handle}} }` to this call.',
      suggestMoveOption: 'Move `transaction: {{handle}}` into the options argument.',
      suggestPassHandle: 'Pass `{{handle}}` as `{{param}}`.',
      suggestHandleArgument: 'Pass `{{handle}}` to this call.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const analysis = analyse(context, false);
    if (!analysis.relevant) {
      return {};
    }
    const sourceCode = context.sourceCode;
    const scopeOf = analysis.scopeOf;
    // A test that builds a second engine means it to be another connection (to race a lock).
    const inTestFile = isTestFile(context.filename, context.cwd, sourceCode.ast);

    /**
     * While a transaction begun by hand is open: through a raw `BEGIN` on a dedicated connection, a
     * query through the pool (or another engine) runs outside it (`pool.query` while `client` is in
     * one); through the library (`const trx = await knex.transaction()`, `await
     * queryRunner.startTransaction()`), any call is judged like one in a transaction callback.
     */
    function checkOpenWindows(fn: FunctionNode): void {
      const { resources, openBefore } = functionLifecycles(analysis, fn, scopeOf, 'transaction');
      const pending: Pending[] = [];
      const joined = new Set<TSESTree.Node>();
      for (const [node, open] of openBefore) {
        if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
          continue;
        }
        const info = analysis.values.callOf(node);
        const openResources = open.map((id) => resources.find((candidate) => candidate.id === id));
        const resource = openResources.find((candidate) => candidate?.group !== undefined && candidate.group === candidate.variable);
        if (!resource) {
          const begun = openResources.find((candidate) => candidate !== undefined && candidate.group !== candidate.variable);
          const tx = begun && !beginsTransaction(info) ? begunTransaction(fn, begun.origin, begun.variable) : undefined;
          if (tx) {
            judgeCall(node, fn, tx, pending, joined);
          }
          continue;
        }
        if (!info?.spec.sql) {
          continue; // only queries: `pool.end()` is not one
        }
        // The receiver itself, not followed through variables (`client` came from `pool.connect()`).
        const root = rootOf(node, fn, scopeOf, Number.POSITIVE_INFINITY);
        const shape = analysis.values.shape(analysis.values.valueOf(root));
        if (
          shape?.role !== 'engine' ||
          // The one-connection engine the transaction was begun on (`new Pool({ max: 1 })`).
          (root.type === AST_NODE_TYPES.Identifier && findVariable(scopeOf(root), root) === resource.variable) ||
          !runsNow(node, scopeOf) ||
          passesTransaction(node) ||
          // Another database's pool (`targetPool.query(…)` while `sourceClient` is in a transaction).
          separateFromConnection(analysis, resource.variable, root, scopeOf, sourceCode, inTestFile)
        ) {
          continue;
        }
        context.report({
          node: root,
          messageId: 'outerClient',
          data: { client: sourceCode.getText(root), handle: resource.handle },
          // `pool.query(…)` → `client.query(…)` when the connection has the same method.
          suggest:
            root.parent?.type === AST_NODE_TYPES.MemberExpression && root.parent.parent === node && resourceHasMethod(resource.variable, info.method)
              ? [{ messageId: 'suggestHandle', data: { handle: resource.handle }, fix: (fixer) => fixer.replaceText(root, resource.handle) }]
              : [],
        });
      }
      reportPending(pending, joined);
    }

    /**
     * A method called on the receiver itself that takes what to query through, given it
     * (`Person.query(replica)`, `Person.query(trx)`): it runs on that, not on the receiver's pool.
     */
    function givesExecutor(node: TSESTree.Node, root: TSESTree.Node, shape: ResolvedShape): boolean {
      if (node.type !== AST_NODE_TYPES.CallExpression || !shape.handleArg) {
        return false;
      }
      const callee = skipWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression && skipWrappers(callee.object) === root ? propertyName(callee) : undefined;
      const index = method === undefined ? undefined : shape.handleArg[method];
      return index !== undefined && node.arguments.length > index;
    }

    /**
     * The handle given to a method of the receiver itself after the argument its model names as the
     * options, and not in them: `Team.update(values, { where }, { transaction: t })`. Sequelize reads
     * no third argument there, so the query runs outside the transaction all the same.
     */
    function misplacedOptions(node: TSESTree.Node, root: TSESTree.Node, shape: ResolvedShape, handle: TSESLint.Scope.Variable): Pending['misplaced'] {
      if (node.type !== AST_NODE_TYPES.CallExpression || !shape.optionsArg) {
        return undefined;
      }
      const callee = skipWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression && skipWrappers(callee.object) === root ? propertyName(callee) : undefined;
      const index = method === undefined ? undefined : shape.optionsArg[method];
      const options = index === undefined ? undefined : node.arguments[index];
      if (index === undefined || !options) {
        return undefined;
      }
      const names = (arg: TSESTree.Node): boolean => handle.references.some((reference) => contains(arg, reference.identifier));
      const extra = names(options) ? undefined : node.arguments.slice(index + 1).find(names);
      return extra ? { options, extra } : undefined;
    }

    /** A method called on the receiver itself that its model says sends no query (`sendsNoQuery`). */
    function isLocalCall(node: TSESTree.Node, root: TSESTree.Node, shape: ResolvedShape): boolean {
      if (node.type !== AST_NODE_TYPES.CallExpression) {
        return false;
      }
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || skipWrappers(callee.object) !== root) {
        return false;
      }
      const method = propertyName(callee);
      return method !== undefined && sendsNoQuery(shape, method);
    }

    /**
     * The chain goes on from the receiver by reading a property (not calling a method) that the
     * receiver's model names as reaching no query (`inert`): what it reaches is not the client.
     */
    function readsInertProp(start: TSESTree.Node, shape: ResolvedShape): boolean {
      const member = start.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== start) {
        return false;
      }
      const name = propertyName(member);
      const called = member.parent?.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member;
      const tagged = member.parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && member.parent.tag === member;
      return name !== undefined && !called && !tagged && readsNoQuery(shape, name);
    }

    /** The connection's shape has the same query method (`client.query` for `pool.query`). */
    function resourceHasMethod(variable: TSESLint.Scope.Variable, method: string | undefined): boolean {
      const id = variable.identifiers[0];
      return method !== undefined && id !== undefined && analysis.values.shape(analysis.values.valueOf(id))?.methods?.[method] !== undefined;
    }

    function check(fn: FunctionNode): void {
      checkOpenWindows(fn);
      const tx = managedTransaction(analysis, fn, scopeOf);
      if (!tx) {
        return;
      }
      reported.clear();
      const pending: Pending[] = [];
      const joined = new Set<TSESTree.Node>();
      for (const node of callsDuring(fn)) {
        const info = analysis.values.callOf(node);
        if (beginsTransaction(info)) {
          continue; // a transaction begun inside: no-nested-transaction's business
        }
        // Another module's function that, without an argument this call leaves out, queries an engine instead.
        if (info?.spec.fallback !== undefined && isProjectShape(info.shape) && node.type === AST_NODE_TYPES.CallExpression && checkImportedDefault(node, info.spec.fallback, tx)) {
          continue;
        }
        // Another module's function that is handed the transaction but queries an engine of its own.
        if (info?.spec.outer !== undefined && isProjectShape(info.shape)) {
          if (node.type === AST_NODE_TYPES.CallExpression && runsNow(node, scopeOf) && node.arguments.some((arg) => isHandle(rootOf(arg, fn, scopeOf), tx.handle, scopeOf))) {
            const callee = sourceCode.getText(node.callee);
            context.report({
              node: node.callee,
              messageId: 'helperOuter',
              data: { call: `${callee}()`, callee, handle: tx.handle.name, client: info.spec.outer },
            });
          }
          continue;
        }
        if (!info && node.type === AST_NODE_TYPES.CallExpression) {
          checkHelper(node, tx);
        }
        judgeCall(node, fn, tx, pending, joined);
      }
      reportPending(pending, joined);
    }

    /**
     * A call made while the transaction is open: when it queries through a receiver of its own
     * (not the handle, not joined to a transaction), kept in `pending`; when joined, its receiver
     * in `joined`.
     */
    function judgeCall(node: TSESTree.Node, fn: FunctionNode, tx: ManagedTransaction, pending: Pending[], joined: Set<TSESTree.Node>): void {
      const reached = rootOf(node, fn, scopeOf, 0, tx.handle);
      // The handle, or a choice one branch of which is the handle (`external ?? manager`: the
      // caller's transaction when it gives one, this one otherwise).
      if (isHandle(reached, tx.handle, scopeOf) || choosesHandle(reached, tx)) {
        return;
      }
      const outer = outerReceiver(node, reached);
      if (!outer) {
        return;
      }
      const { root, shape } = outer;
      // Another engine the file builds with its own configuration: another database.
      if (separateEngines(analysis, tx, root, scopeOf, sourceCode, inTestFile)) {
        return;
      }
      const misplaced = misplacedOptions(node, root, shape, tx.handle);
      if (!misplaced && (joinsExplicitly(node, tx.handle, scopeOf) || passesTransaction(node) || givesExecutor(node, root, shape))) {
        // Only the call made on the receiver itself speaks for what the variable holds: a later
        // `order.update(values, { transaction: t })` does not join the read that produced `order`.
        if (clientOf(analysis, rootOf(node, fn, scopeOf, Number.POSITIVE_INFINITY)).node === root) {
          joined.add(root);
        }
        return;
      }
      pending.push({ root, node, shape, tx, misplaced });
    }

    /**
     * The outer receivers, each reported once, judged once every call is seen: a variable that holds
     * what a joined call returned (`const order = await Order.findByPk(id, { transaction: t })`)
     * leads back to the same receiver, and `order.isLocked()` is then no query of its own.
     */
    function reportPending(pending: readonly Pending[], joined: ReadonlySet<TSESTree.Node>): void {
      const seen = new Set<TSESTree.Node>();
      for (const { root, node, shape, tx, misplaced } of pending) {
        if (seen.has(root) || joined.has(root)) {
          continue;
        }
        seen.add(root);
        if (misplaced && node.type === AST_NODE_TYPES.CallExpression) {
          context.report({
            node: misplaced.extra,
            messageId: 'misplacedOption',
            data: { call: `${sourceCode.getText(node.callee)}()`, handle: tx.handle.name },
            suggest: moveOption(misplaced.options, misplaced.extra, tx.handle.name),
          });
          continue;
        }
        context.report({
          node: root,
          messageId: 'outerClient',
          data: { client: sourceCode.getText(root), handle: tx.handle.name },
          suggest: suggestions(root, node, tx, shape),
        });
      }
    }

    /**
     * `Team.update(values, { where }, { transaction })` → `Team.update(values, { where, transaction })`:
     * when the options are written there and the extra argument holds nothing else.
     */
    function moveOption(options: TSESTree.Node, extra: TSESTree.Node, handle: string): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const moved = extra.type === AST_NODE_TYPES.ObjectExpression && extra.properties.length === 1 ? extra.properties[0] : undefined;
      if (options.type !== AST_NODE_TYPES.ObjectExpression || moved?.type !== AST_NODE_TYPES.Property || options.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) {
        return [];
      }
      const text = sourceCode.getText(moved);
      const last = options.properties.at(-1);
      const closing = sourceCode.getLastToken(options);
      if (!closing) {
        return [];
      }
      return [
        {
          messageId: 'suggestMoveOption',
          data: { handle },
          fix: (fixer) => [
            last ? fixer.insertTextAfter(last, `, ${text}`) : fixer.insertTextBefore(closing, ` ${text} `),
            fixer.removeRange([options.range[1], extra.range[1]]),
          ],
        },
      ];
    }

    /** A transaction begun by a library call (`knex.transaction()`, `queryRunner.startTransaction()`) on `variable`. */
    function begunTransaction(fn: FunctionNode, origin: TSESTree.Node, variable: TSESLint.Scope.Variable): ManagedTransaction | undefined {
      const call = analysis.values.callOf(origin);
      const id = variable.identifiers[0];
      return call?.spec.effect === 'begin' && id ? { fn, call, handle: variable, shape: analysis.values.shape(analysis.values.valueOf(id)) } : undefined;
    }

    /** `a ?? tx`, `tx || a`, `cond ? a : tx`: a choice one of whose branches is the handle. */
    function choosesHandle(node: TSESTree.Node, tx: ManagedTransaction): boolean {
      const inner = skipWrappers(node);
      const branches =
        inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&'
          ? [inner.left, inner.right]
          : inner.type === AST_NODE_TYPES.ConditionalExpression
            ? [inner.consequent, inner.alternate]
            : [];
      return branches.some((branch) => isHandle(skipWrappers(branch), tx.handle, scopeOf) || choosesHandle(branch, tx));
    }

    /**
     * The engine, connection or pooled object a call queries through, when that is one of its own
     * (not routed to the current transaction by the library) and the query runs now.
     */
    function outerReceiver(
      node: TSESTree.Node,
      reached: TSESTree.Node,
      /** What the receiver holds, when that is not the receiver itself (a parameter's fallback). */
      through?: TSESTree.Node,
    ): { root: TSESTree.Node; shape: ResolvedShape } | undefined {
      const { node: root, shape } = clientOf(analysis, through ?? reached);
      // Where the call's own chain starts, for what the chain says (a contextual link, a call made in memory).
      const start = through ? reached : root;
      if (
        !isOwnClient(shape) ||
        reachesContextual(node, start) ||
        isMigrationTransaction(root, shape.lib, context.filename, context.cwd, scopeOf) ||
        !runsNow(node, scopeOf) ||
        // Sequelize's CLS (`Sequelize.useCLS(namespace)`) passes the transaction to every query by itself.
        analysis.implicitTransactions(shape.lib) ||
        // `repository.create(dto)`, `Model.build(values)`: made in memory, no query.
        isLocalCall(node, start, shape) ||
        // `dataSource.entityMetadatas.map(…)`, `knex.fn.now()`: metadata and SQL helpers, no query.
        readsInertProp(start, shape) ||
        // `await dataSource.destroy()` in a `finally`: shutting the engine down sends no query.
        analysis.values.callOf(node)?.spec.effect === 'close'
      ) {
        return undefined;
      }
      return { root, shape };
    }

    /**
     * Per function of the file and way of calling it (handed the transaction or not): the first query
     * it sends through a receiver it neither receives nor declares.
     */
    const helperQueries = new Map<FunctionNode, Map<string, HelperQuery | null>>();

    /**
     * A function of this file (`audit(order)`) or a method of this class (`this.audit(order)`),
     * defined outside the callback and called while it runs, that queries through an outer
     * receiver: one level deep, judged like the callback's own calls.
     */
    function checkHelper(call: TSESTree.CallExpression, tx: ManagedTransaction): void {
      const called = calledHelper(skipWrappers(call.callee), scopeOf);
      if (!called || contains(called.fn, tx.fn) || contains(tx.fn, called.fn) || !runsNow(call, scopeOf) || reported.has(called.fn)) {
        return;
      }
      const helper = called.fn;
      const handed = joinsExplicitly(call, tx.handle, scopeOf);
      if (!handed && (passesTransaction(call) || namesTransaction(call))) {
        return; // given another transaction, or one the rule cannot name
      }
      const query = helperQuery(helper, handed, suppliedBy(call, helper.params.length));
      // Through another engine than the transaction's, built or injected apart: another database.
      if (!query || separateEngines(analysis, tx, query.root, scopeOf, sourceCode, inTestFile)) {
        return;
      }
      reported.add(helper);
      const name = called.name;
      const client = sourceCode.getText(query.root);
      if (query.omitted) {
        const { name: param, index, option } = query.omitted;
        const handle = tx.handle.name;
        context.report({
          node: call.callee,
          messageId: 'helperDefault',
          data: { call: `${name}()`, callee: name, handle, client, param, line: query.node.loc.start.line },
          suggest: passHandle(call, index, handle, param, option),
        });
      } else if (handed) {
        context.report({ node: call.callee, messageId: 'helperOuter', data: { call: `${name}()`, callee: name, handle: tx.handle.name, client } });
      } else {
        context.report({
          node: call.callee,
          messageId: 'helperOuterOnly',
          data: { call: `${name}()`, callee: name, handle: tx.handle.name, client, line: query.node.loc.start.line },
        });
      }
    }
    /**
     * A function of another module (per the facts file or settings) called without the argument
     * its `fallback` fact names: reported, with the handle added when it is the next argument.
     */
    function checkImportedDefault(call: TSESTree.CallExpression, fallback: NonNullable<CallSpec['fallback']>, tx: ManagedTransaction): boolean {
      const given = call.arguments[fallback.arg];
      // Given the argument, or an options object that has the property or may have it (`{ ...opts }`, `opts`).
      const leftOut = fallback.option && given ? propertyNames(given)?.has(fallback.param) === false : call.arguments.length <= fallback.arg;
      if (!leftOut || call.arguments.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement) || !runsNow(call, scopeOf)) {
        return false;
      }
      if (!joinsExplicitly(call, tx.handle, scopeOf) && (passesTransaction(call) || namesTransaction(call))) {
        return false; // given another transaction, or one the rule cannot name
      }
      const callee = sourceCode.getText(call.callee);
      const handle = tx.handle.name;
      context.report({
        node: call.callee,
        messageId: 'importedDefault',
        data: { call: `${callee}()`, callee, handle, client: fallback.engine, param: fallback.param },
        suggest: passHandle(call, fallback.arg, handle, fallback.param, fallback.option === true),
      });
      return true;
    }

    /**
     * `Pass the handle as <param>`: as the call's next argument (no placeholders needed), or for an
     * option, as a property of the options object written at the call (`{ id }` → `{ id, tx }`),
     * or as a new one when the call ends before it.
     */
    function passHandle(call: TSESTree.CallExpression, index: number, handle: string, param: string, option: boolean): TSESLint.ReportSuggestionArray<MessageId> {
      const last = call.arguments.at(-1);
      const closing = sourceCode.getLastToken(call);
      const property = param === handle ? handle : `${param}: ${handle}`;
      const given = call.arguments[index];
      if (option && given?.type === AST_NODE_TYPES.ObjectExpression) {
        const lastProperty = given.properties.at(-1);
        return [
          {
            messageId: 'suggestPassHandle',
            data: { handle, param },
            fix: (fixer) => {
              if (!lastProperty) {
                return fixer.replaceText(given, `{ ${property} }`);
              }
              const after = sourceCode.getTokenAfter(lastProperty);
              // After a trailing comma, or after the last property.
              return after?.value === ',' ? fixer.insertTextAfter(after, ` ${property}`) : fixer.insertTextAfter(lastProperty, `, ${property}`);
            },
          },
        ];
      }
      const argument = option ? `{ ${property} }` : handle;
      return index === call.arguments.length && closing
        ? [
            {
              messageId: 'suggestPassHandle',
              data: { handle, param },
              fix: (fixer) => (last ? fixer.insertTextAfter(last, `, ${argument}`) : fixer.insertTextBefore(closing, argument)),
            },
          ]
        : [];
    }

    /** Helpers reported in the transaction being checked (each once). */
    const reported = new Set<FunctionNode>();

    function helperQuery(helper: FunctionNode, handed: boolean, supplied: Supplied): HelperQuery | undefined {
      let byWay = helperQueries.get(helper);
      if (!byWay) {
        byWay = new Map();
        helperQueries.set(helper, byWay);
      }
      const way = `${handed ? 1 : 0}:${supplied.count}:${supplied.keys?.map((names) => (names ? [...names].sort().join(',') : '*')).join('|') ?? ''}`;
      const cached = byWay.get(way);
      if (cached !== undefined) {
        return cached ?? undefined;
      }
      byWay.set(way, null);
      // Handed the transaction, it may pass it on in any parameter but a plain value (`id: number`).
      // Its parameters, also those destructured from an options object (`({ prisma, projectId })`).
      const params = sourceCode.getDeclaredVariables(helper).filter((variable) => variable.defs.some((def) => def.type === 'Parameter'));
      const carriers = handed
        ? params.filter((variable) => !isPlainValue(variable.identifiers[0]?.typeAnnotation?.typeAnnotation))
        : [];
      let found: HelperQuery | undefined;
      for (const node of callsDuring(helper)) {
        if (isOwnTransactionOrForeign(analysis.values.callOf(node))) {
          continue;
        }
        // Where only a parameter the call gives is absent (`tx ? tx.findOne() : this.repo.findOne()`): never run.
        const guards = onlyWithout(node, helper, scopeOf);
        if (guards.some((binding) => !leftOut(binding, supplied))) {
          continue;
        }
        const reached = rootOf(node, helper, scopeOf);
        // Through the fallback of a parameter the call leaves out (`executor = db`, `(tx ?? db)`): judged
        // by what the fallback holds. Otherwise through what it is given (`db.user.create()` with `db`
        // a parameter). Either way not when joined to a transaction.
        const fallback = parameterFallback(analysis, reached, helper, supplied);
        if (
          passesTransaction(node) ||
          namesTransaction(node) ||
          (!fallback &&
            (isReceived(reached, helper) ||
              (reached.type === AST_NODE_TYPES.Identifier && params.includes(findVariable(scopeOf(reached), reached) as TSESLint.Scope.Variable)) ||
              passesCarrier(node, carriers)))
        ) {
          continue;
        }
        const outer = outerReceiver(node, reached, fallback?.value);
        if (outer && !declaredIn(outer.root, helper)) {
          // The parameter whose absence leads here: its default, the other side of `??`, or the test that guards it.
          const omitted = fallback ?? guards[0];
          found = { root: outer.root, node, omitted: omitted && { name: omitted.name, index: omitted.index, option: omitted.option } };
          break;
        }
      }
      byWay.set(way, found ?? null);
      return found;
    }

    /** A receiver declared inside the function (a local engine is no-engine-per-request's business). */
    function declaredIn(root: TSESTree.Node, fn: FunctionNode): boolean {
      if (root.type !== AST_NODE_TYPES.Identifier) {
        return false;
      }
      const def = findVariable(scopeOf(root), root)?.defs[0];
      return def !== undefined && contains(fn, def.node);
    }

    function suggestions(
      root: TSESTree.Node,
      call: TSESTree.Node,
      tx: ManagedTransaction,
      shape: ResolvedShape,
    ): TSESLint.ReportSuggestionArray<MessageId> {
      const handle = tx.handle.name;
      const parent = root.parent;
      // The handle offers the same next step: `tx.user`, `trx('t')`, `tx\`…\``, `em.getRepository`.
      const step =
        parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === root
          ? propertyName(parent)
          : parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === root
            ? '()'
            : parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === root
              ? '``'
              : undefined;
      const txShape = tx.shape;
      const supported =
        txShape !== undefined &&
        step !== undefined &&
        (step === '()' ? txShape.call !== undefined : step === '``' ? txShape.tag !== undefined : Boolean(propRef(txShape, step) ?? txShape.methods?.[step]));
      if (supported) {
        return [{ messageId: 'suggestHandle', data: { handle }, fix: (fixer) => fixer.replaceText(root, handle) }];
      }
      const method = parent?.type === AST_NODE_TYPES.MemberExpression ? propertyName(parent) : undefined;
      // Objection: pass the handle itself where the call ends (`Person.query()` → `Person.query(trx)`),
      // on the receiver's own call, however much is chained on it.
      const own = parent?.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent ? parent.parent : undefined;
      const handleIndex = method === undefined ? undefined : shape.handleArg?.[method];
      if (handleIndex !== undefined && own && own.arguments.length === handleIndex) {
        const closing = sourceCode.getLastToken(own);
        const prefix = handleIndex === 0 ? '' : ', ';
        return closing ? [{ messageId: 'suggestHandleArgument', data: { handle }, fix: (fixer) => fixer.insertTextBefore(closing, `${prefix}${handle}`) }] : [];
      }
      // Sequelize: add the transaction to the call's options.
      const index = method === undefined ? undefined : shape.optionsArg?.[method];
      if (index !== undefined && call.type === AST_NODE_TYPES.CallExpression && parent?.parent === call) {
        const options = call.arguments[index];
        if (options?.type === AST_NODE_TYPES.ObjectExpression) {
          const at = options.range[0] + 1;
          const text = options.properties.length > 0 ? ` transaction: ${handle},` : ` transaction: ${handle} `;
          return [{ messageId: 'suggestTransactionOption', data: { handle }, fix: (fixer) => fixer.insertTextAfterRange([at, at], text) }];
        }
        if (!options && call.arguments.length === index) {
          const closing = sourceCode.getLastToken(call);
          const prefix = index === 0 ? '' : ', ';
          return closing
            ? [
                {
                  messageId: 'suggestTransactionOption',
                  data: { handle },
                  fix: (fixer) => fixer.insertTextBefore(closing, `${prefix}{ transaction: ${handle} }`),
                },
              ]
            : [];
        }
      }
      return [];
    }

    /**
     * The call (or a call chained on it) is given some transaction handle — a nested one's, a
     * savepoint's — in its arguments or options: it runs in that transaction.
     */
    function passesTransaction(node: TSESTree.Node): boolean {
      const isTransaction = (arg: TSESTree.Node): boolean => {
        const inner = skipWrappers(arg);
        if (inner.type === AST_NODE_TYPES.ObjectExpression) {
          return inner.properties.some((property) => property.type === AST_NODE_TYPES.Property && isTransaction(property.value));
        }
        return analysis.values.shape(analysis.values.valueOf(inner))?.role === 'transaction';
      };
      return chainedCalls(node).some((call) => call.arguments.some(isTransaction));
    }

    /** `orm.em.find(…)`: the chain passes through an object the library routes to the current transaction. */
    function reachesContextual(node: TSESTree.Node, root: TSESTree.Node): boolean {
      let current: TSESTree.Node = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : (node as TSESTree.CallExpression).callee;
      while (current !== root) {
        current = skipWrappers(current);
        if (current.type === AST_NODE_TYPES.MemberExpression) {
          current = current.object;
        } else if (current.type === AST_NODE_TYPES.CallExpression) {
          current = current.callee;
        } else {
          return false;
        }
        if (analysis.values.shape(analysis.values.valueOf(current))?.contextual) {
          return true;
        }
      }
      return false;
    }

    return analysis.sharedTraversal({ onFunctionExit: check });
  },
});

/**
 * A variable used only as an argument of other calls, or as a value in an object or array given
 * to one (a Knex subquery builder, `const now = knex.raw('now()')` then `trx('t').update({ at: now })`).
 */
function onlyPassedOn(id: TSESTree.Identifier, scopeOf: Scoped): boolean {
  const uses = (findVariable(scopeOf(id), id)?.references ?? []).filter((reference) => !reference.init);
  return uses.length > 0 && uses.every((reference) => givenToCall(reference.identifier));
}

/**
 * The value is an argument of a call, or held (a few levels deep) by an object or array literal that
 * is; not by the array `Promise.all([…])` awaits, which runs it.
 */
function givenToCall(value: TSESTree.Node): boolean {
  let current: TSESTree.Node = value;
  for (let depth = 0; depth < 4; depth += 1) {
    const parent = current.parent;
    if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
      const callee = skipWrappers(parent.callee);
      return current === value || !(callee.type === AST_NODE_TYPES.MemberExpression && PROMISE_COMBINATORS.has(propertyName(callee) ?? ''));
    }
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      current = parent.parent;
    } else if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
      current = parent;
    } else {
      return false;
    }
  }
  return false;
}

/**
 * The query runs: its chain is awaited, returned, a statement, bound to a variable, or handed to
 * `Promise.all` — not built as a value for another call (`trx('t').where(knex.raw('…'))`,
 * `knex.fn.now()` as a column value), nor discarded with `void` (started to run on its own).
 */
function runsNow(call: TSESTree.Node, scopeOf: Scoped): boolean {
  let current: TSESTree.Node = call;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (
      (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) ||
      (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current) ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression
    ) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.TemplateLiteral) {
      return false; // interpolated into another query: a fragment (postgres.js `sql(cols)`, nested sql``)
    }
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') {
      return false; // discarded on purpose (`void notify(id)`): work left to run beside the transaction, never waited for
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      return !onlyPassedOn(parent.id, scopeOf);
    }
    if (parent.type === AST_NODE_TYPES.ArrayExpression) {
      const call = parent.parent;
      const callee = call?.type === AST_NODE_TYPES.CallExpression ? skipWrappers(call.callee) : undefined;
      return callee?.type === AST_NODE_TYPES.MemberExpression && PROMISE_COMBINATORS.has(propertyName(callee) ?? '');
    }
    return (
      parent.type !== AST_NODE_TYPES.Property &&
      !(parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) &&
      !(parent.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument))
    );
  }
  return true;
}
