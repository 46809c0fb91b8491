import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { analyse } from '../lib/analysis/file';
import { functionLifecycles } from '../lib/analysis/resources';
import { callsDuring, clientOf, isHandle, joinsExplicitly, managedTransaction, rootOf, type ManagedTransaction } from '../lib/analysis/transactions';
import { propertyName, skipWrappers, type FunctionNode } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';
import { isMigrationTransaction } from '../lib/analysis/pooled-sql';
import { isProjectShape, propRef, sendsNoQuery, type ResolvedShape } from '../lib/models/registry';

type MessageId = 'outerClient' | 'helperOuter' | 'suggestHandle' | 'suggestTransactionOption';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

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
      helperOuter:
        '`{{call}}` is given the transaction handle `{{handle}}`, but it also queries through `{{client}}`, an engine it does not receive: that part of its work runs on another pooled connection, outside this transaction, ' +
        'and does not roll back with it. Make `{{callee}}` run every query through the handle it is given.',
      suggestHandle: 'Run it through the transaction handle `{{handle}}`.',
      suggestTransactionOption: 'Pass `{ transaction: {{handle}} }` to this call.',
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

    /**
     * Between a raw `BEGIN` on a dedicated connection and its end: a query through the pool (or
     * another engine) runs outside that transaction (`pool.query` while `client` is in one).
     */
    function checkOpenWindows(fn: FunctionNode): void {
      const { resources, openBefore } = functionLifecycles(analysis, fn, scopeOf, 'transaction');
      for (const [node, open] of openBefore) {
        // Raw BEGIN on a dedicated connection only: library transactions are joined through options
        // (`{ transaction: t }`, `.transacting(trx)`) that a pool query may well carry.
        const resource = open
          .map((id) => resources.find((candidate) => candidate.id === id))
          .find((candidate) => candidate?.group !== undefined && candidate.group === candidate.variable);
        if (!resource || (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression)) {
          continue;
        }
        const info = analysis.values.callOf(node);
        if (!info?.spec.sql) {
          continue; // only queries: `pool.end()` is not one
        }
        // The receiver itself, not followed through variables (`client` came from `pool.connect()`).
        const root = rootOf(node, fn, scopeOf, Number.POSITIVE_INFINITY);
        const shape = analysis.values.shape(analysis.values.valueOf(root));
        if (shape?.role !== 'engine' || !runsNow(node, scopeOf) || passesTransaction(node)) {
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
      // The calls that use an outer receiver, judged once every call is seen: a variable that holds
      // what a joined call returned (`const order = await Order.findByPk(id, { transaction: t })`)
      // leads back to the same receiver, and `order.isLocked()` is then no query of its own.
      const pending: Array<{ root: TSESTree.Node; node: TSESTree.Node; shape: ResolvedShape }> = [];
      const joined = new Set<TSESTree.Node>();
      for (const node of callsDuring(fn)) {
        const info = analysis.values.callOf(node);
        if (info && (info.spec.callback?.scope === 'transaction' || info.spec.effect === 'begin' || info.spec.nesting !== undefined)) {
          continue; // a transaction begun inside: no-nested-transaction's business
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
        const reached = rootOf(node, fn, scopeOf);
        if (isHandle(reached, tx.handle, scopeOf)) {
          continue;
        }
        const { node: root, shape } = clientOf(analysis, reached);
        const outer =
          shape &&
          !shape.contextual &&
          (shape.role === 'engine' || shape.role === 'connection' || shape.pooled === true) &&
          !reachesContextual(node, root);
        if (
          !outer ||
          isMigrationTransaction(root, shape.lib, context.filename, context.cwd, scopeOf) ||
          !runsNow(node, scopeOf) ||
          // Sequelize's CLS (`Sequelize.useCLS(namespace)`) passes the transaction to every query by itself.
          analysis.implicitTransactions(shape.lib) ||
          // `repository.create(dto)`, `Model.build(values)`: made in memory, no query.
          isLocalCall(node, root, shape)
        ) {
          continue;
        }
        if (joinsExplicitly(node, tx.handle, scopeOf) || passesTransaction(node)) {
          // Only the call made on the receiver itself speaks for what the variable holds: a later
          // `order.update(values, { transaction: t })` does not join the read that produced `order`.
          if (clientOf(analysis, rootOf(node, fn, scopeOf, Number.POSITIVE_INFINITY)).node === root) {
            joined.add(root);
          }
          continue;
        }
        pending.push({ root, node, shape });
      }
      const seen = new Set<TSESTree.Node>();
      for (const { root, node, shape } of pending) {
        if (seen.has(root) || joined.has(root)) {
          continue;
        }
        seen.add(root);
        context.report({
          node: root,
          messageId: 'outerClient',
          data: { client: sourceCode.getText(root), handle: tx.handle.name },
          suggest: suggestions(root, node, tx, shape.optionsArg),
        });
      }
    }

    function suggestions(
      root: TSESTree.Node,
      call: TSESTree.Node,
      tx: ManagedTransaction,
      optionsArg: Readonly<Record<string, number>> | undefined,
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
      // Sequelize: add the transaction to the call's options.
      const method = parent?.type === AST_NODE_TYPES.MemberExpression ? propertyName(parent) : undefined;
      const index = method === undefined ? undefined : optionsArg?.[method];
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
      for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
        if (current.type === AST_NODE_TYPES.CallExpression && current.arguments.some(isTransaction)) {
          return true;
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
          return false;
        }
      }
      return false;
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

/** A variable used only as an argument of other calls (a Knex subquery builder). */
function onlyPassedOn(id: TSESTree.Identifier, scopeOf: Scoped): boolean {
  const uses = (findVariable(scopeOf(id), id)?.references ?? []).filter((reference) => !reference.init);
  return (
    uses.length > 0 &&
    uses.every((reference) => {
      const parent = reference.identifier.parent;
      return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((arg) => arg === reference.identifier);
    })
  );
}

/**
 * The query runs: its chain is awaited, returned, a statement, bound to a variable, or handed to
 * `Promise.all` — not built as a value for another call (`trx('t').where(knex.raw('…'))`,
 * `knex.fn.now()` as a column value).
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
