import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../lib/util/node-types';
import { analyse, type FileAnalysis } from '../lib/analysis/file';
import { functionLifecycles, sentStatements } from '../lib/analysis/resources';
import { beginsOwnTransaction, callsDuring, isHandle, joinsExplicitly, managedTransaction, rootOf, separateEngines, type ManagedTransaction } from '../lib/analysis/transactions';
import { isTestFile } from '../lib/frameworks/conventions';
import { isProjectShape } from '../lib/models/registry';
import type { CallInfo } from '../lib/analysis/values';
import { calledHelper, type FunctionNode } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';

type MessageId = 'outerTransaction' | 'nestingThrows' | 'helperBegins' | 'nestedBegin' | 'suggestNested' | 'suggestParent';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

const RAW_NESTING =
  'PostgreSQL only warns ("there is already a transaction in progress") and the next COMMIT commits everything, so the inner work is not atomic on its own.';

export default createRule<[], MessageId>({
  name: 'no-nested-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow beginning a transaction while another one is open, except through the nesting form the library offers',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      outerTransaction:
        '`{{call}}` inside the transaction callback of `{{handle}}` starts an independent transaction on another pooled connection: its work commits or rolls back on its own, ' +
        'and with a small pool (or one PgBouncer server connection per client) the outer transaction waits for a connection it holds itself. {{fix}}',
      nestingThrows:
        '`{{call}}` nests a transaction on `{{handle}}`, which {{library}} does not support: it throws at run time. Use a savepoint or run the work in the same transaction.',
      helperBegins:
        '`{{call}}` begins its own transaction (in `{{helper}}`) while the transaction of `{{handle}}` is open: it runs on another pooled connection, outside this transaction, and can deadlock a small pool. ' +
        'Pass `{{handle}}` to it and run its work on that handle.',
      nestedBegin:
        'This begins a transaction on `{{group}}` while another one on it is still open on some path. ' +
        '{{why}} End the first one before, or use a savepoint.',
      suggestNested: 'Nest it on the transaction handle: `{{replacement}}`.',
      suggestParent: 'Pass the outer transaction: `{ transaction: {{handle}} }`.',
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
    // A test that opens a second transaction while one is open does it on purpose: it holds a lock
    // in one and probes it from the other. A nesting that fails (a raw `BEGIN` inside a transaction,
    // a form the library throws on) is reported there too.
    const independentAllowed = isTestFile(context.filename, context.cwd, context.sourceCode.ast);

    function checkManaged(tx: ManagedTransaction): void {
      const inside = (node: TSESTree.Node) => node.range[0] >= tx.fn.range[0] && node.range[1] <= tx.fn.range[1];
      for (const node of callsDuring(tx.fn)) {
        if (node.type !== AST_NODE_TYPES.CallExpression) {
          continue;
        }
        const info = analysis.values.callOf(node);
        if (!info) {
          const helper = beginningHelper(analysis, node, scopeOf);
          // A helper defined inside the callback has been walked already; one handed the
          // transaction (`addAccount(x, { transaction: t })`) is trusted to use it.
          if (helper && !independentAllowed && !inside(helper.fn) && !joinsExplicitly(node, tx.handle, scopeOf)) {
            context.report({
              node: node.callee,
              messageId: 'helperBegins',
              data: { call: `${sourceCode.getText(node.callee)}()`, helper: helper.name, handle: tx.handle.name },
            });
          }
          continue;
        }
        // Another module's function known (settings, facts file) to run its own transaction.
        if (isProjectShape(info.shape)) {
          if (info.spec.transacts && !independentAllowed && !joinsExplicitly(node, tx.handle, scopeOf) && !node.arguments.some((arg) => isHandle(rootOf(arg, tx.fn, scopeOf), tx.handle, scopeOf))) {
            const name = sourceCode.getText(node.callee);
            context.report({ node: node.callee, messageId: 'helperBegins', data: { call: `${name}()`, helper: name, handle: tx.handle.name } });
          }
          continue;
        }
        // A raw BEGIN sent through the handle of a managed transaction.
        if (sentStatements(info, scopeOf)?.some((statement) => statement.kind === 'begin')) {
          if (isHandle(rootOf(node, tx.fn, scopeOf), tx.handle, scopeOf)) {
            context.report({ node, messageId: 'nestedBegin', data: { group: tx.handle.name, why: RAW_NESTING } });
          }
          continue;
        }
        const begins = (info.spec.callback?.scope === 'transaction' && info.callback !== undefined) || info.spec.effect === 'begin';
        if (!begins && info.spec.nesting !== 'throws') {
          continue;
        }
        const root = rootOf(node.callee, tx.fn, scopeOf);
        const rootShape = analysis.values.shape(analysis.values.valueOf(root));
        const call = `${sourceCode.getText(node.callee)}()`;
        if (isHandle(root, tx.handle, scopeOf) || rootShape?.role === 'transaction') {
          if (info.spec.nesting === 'throws') {
            context.report({ node: node.callee, messageId: 'nestingThrows', data: { call, handle: sourceCode.getText(root), library: info.shape.libName } });
          }
          continue;
        }
        if (!begins || info.spec.nesting === 'savepoint' || joinsExplicitly(node, tx.handle, scopeOf)) {
          continue; // `sequelize.transaction({ transaction: t }, …)`: a savepoint in the outer one
        }
        // A transaction on another database (an engine built or injected apart) is not nested in this one.
        if ((info.spec.nesting !== 'separate' && rootShape?.role !== 'engine') || independentAllowed || separateEngines(analysis, tx, root, scopeOf, context.sourceCode)) {
          continue;
        }
        const suggest = nestingSuggestions(node, info, root, tx);
        context.report({
          node: node.callee,
          messageId: 'outerTransaction',
          data: {
            call,
            handle: tx.handle.name,
            fix: suggest.length > 0 ? 'Nest it on the handle instead.' : `Run its work on \`${tx.handle.name}\` instead.`,
          },
          suggest,
        });
      }
    }

    function nestingSuggestions(
      node: TSESTree.CallExpression,
      info: CallInfo,
      root: TSESTree.Node,
      tx: ManagedTransaction,
    ): TSESLint.ReportSuggestionArray<MessageId> {
      const handle = tx.handle.name;
      const callee = node.callee;
      // Sequelize: the parent goes in the options (`sequelize.transaction({ transaction: t }, cb)`).
      if (info.shape.lib === 'sequelize' && info.method === 'transaction' && node.arguments.length === 1) {
        const first = node.arguments[0];
        return [{ messageId: 'suggestParent', data: { handle }, fix: (fixer) => fixer.insertTextBefore(first, `{ transaction: ${handle} }, `) }];
      }
      // The handle's own nesting form: `trx.transaction`, `tx.$transaction`, `t.tx`, `sql.savepoint`, `em.transaction`.
      const methods = Object.entries(tx.shape?.methods ?? {}).filter(
        ([, spec]) => spec.callback?.scope === 'transaction' && spec.nesting === 'savepoint',
      );
      const method = methods.find(([name]) => name === info.method)?.[0] ?? methods[0]?.[0];
      if (method === undefined || callee.type !== AST_NODE_TYPES.MemberExpression || callee.object !== root) {
        return [];
      }
      const replacement = `${handle}.${method}`;
      return [{ messageId: 'suggestNested', data: { replacement }, fix: (fixer) => fixer.replaceText(callee, replacement) }];
    }

    function check(fn: FunctionNode): void {
      const tx = managedTransaction(analysis, fn, scopeOf);
      if (tx) {
        checkManaged(tx);
      }
      const { resources, verdicts } = functionLifecycles(analysis, fn, scopeOf, 'transaction');
      for (const resource of resources) {
        const verdict = verdicts.get(resource.id);
        const raw = resource.group === resource.variable;
        // A raw BEGIN run again (a loop's next round) before its COMMIT nests too.
        const nestedAt = verdict?.nestedAt ?? (raw ? verdict?.reopenedAt : undefined);
        if (!nestedAt || !resource.group || (!raw && independentAllowed)) {
          continue;
        }
        context.report({
          node: resource.origin,
          messageId: 'nestedBegin',
          data: {
            group: resource.group.name,
            why: raw ? RAW_NESTING : 'It is an independent transaction on another pooled connection, which waits for the pool while the first one holds its connection.',
          },
        });
      }
    }

    return analysis.sharedTraversal({ onFunctionExit: check });
  },
});

/**
 * A function of this file (`audit(…)`) or a method of this class (`this.audit(…)`) that begins a
 * transaction on an engine it does not receive.
 */
function beginningHelper(analysis: FileAnalysis, call: TSESTree.CallExpression, scopeOf: Scoped): { name: string; fn: FunctionNode } | undefined {
  const helper = calledHelper(call.callee, scopeOf);
  return helper && beginsOwnTransaction(analysis, helper.fn, scopeOf) ? helper : undefined;
}
