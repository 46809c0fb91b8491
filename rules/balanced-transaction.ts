import { analyse } from '../lib/analysis/file';
import { testsLeftAlone } from '../lib/frameworks/conventions';
import { functionLifecycles, wrapSuggestion } from '../lib/analysis/resources';
import { describeHandler, handlerUnit } from '../lib/analysis/handlers';
import { catchOf, throwSite } from '../lib/analysis/lifecycle';
import { isMigrationFile, isMigrationTransaction } from '../lib/analysis/pooled-sql';
import type { FunctionNode } from '../lib/util/ast';
import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../lib/util/rule';

type MessageId = 'notEnded' | 'notEndedOnThrow' | 'thrownOpen' | 'rollbackSkipped' | 'rethrownOpen' | 'beginOnPool' | 'beginOnShared' | 'suggestRollback';

/** The message for an open transaction left by a throw, by what throws (see `throwSite`). */
const THROWN_MESSAGES = { call: 'notEndedOnThrow', throw: 'thrownOpen', rethrow: 'rethrownOpen' } as const;
type Options = [{ checkTests?: boolean; checkMigrations?: boolean }];

export default createRule<Options, MessageId>({
  name: 'balanced-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a transaction begun by hand to be committed or rolled back on every path, and begun on a dedicated connection',
      recommended: true,
    },
    messages: {
      notEnded:
        'The transaction begun here on `{{handle}}` is still open when the function returns on some path (line {{line}}). ' +
        'An open transaction pins its connection and holds its locks ("idle in transaction"); behind PgBouncer in transaction mode that server connection serves nobody else until the transaction ends. ' +
        'Commit or roll back on every path.',
      notEndedOnThrow:
        'The transaction begun here on `{{handle}}` stays open if the call on line {{line}} throws: no `catch` or `finally` rolls it back. ' +
        'The connection then goes back to the pool (or stays pinned behind PgBouncer) inside a failed, open transaction. Roll back in a `catch` block.',
      thrownOpen:
        'The transaction begun here on `{{handle}}` stays open when the `throw` on line {{line}} leaves the function: no `catch` or `finally` rolls it back. ' +
        'The connection then goes back to the pool (or stays pinned behind PgBouncer) inside a failed, open transaction. Roll back before throwing, or in a `catch` block.',
      rollbackSkipped:
        'The transaction begun here on `{{handle}}` stays open if the call on line {{line}} throws: it runs in the `catch` block before the rollback, which it then skips. ' +
        'The connection then goes back to the pool (or stays pinned behind PgBouncer) inside a failed, open transaction. Roll back first in the `catch` block.',
      rethrownOpen:
        'The transaction begun here on `{{handle}}` stays open when the `try` block throws: the `catch` block rethrows on line {{line}} without rolling back. ' +
        'The connection then goes back to the pool (or stays pinned behind PgBouncer) inside a failed, open transaction. Roll back in the `catch` block before rethrowing.',
      beginOnPool:
        '`{{statement}}` is sent through {{target}}, which runs each query on whichever pooled connection is free: the transaction opens on one connection and the next statements run on others, outside it. ' +
        'Behind PgBouncer in transaction mode each may even reach a different server connection. ' +
        "Check out a dedicated connection (or use the library's transaction API) and send BEGIN, the statements and COMMIT through it.",
      beginOnShared:
        '`{{handle}}` is the one connection this module opens (line {{line}}), shared by every {{unit}} it serves: while the transaction begun here in {{handler}} is open, the queries of the other {{unit}}s served at the same time run on that connection too, inside this transaction, and commit or roll back with it (one failing aborts them all). ' +
        'Behind PgBouncer the whole service also waits on that one server connection. ' +
        'Build a pool once (`new Pool()`), and run each transaction on a connection checked out of it (`const client = await pool.connect()` … `client.release()` in `finally`).',
      suggestRollback: 'Roll back with `{{rollback}}` in a `catch` block that rethrows.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkTests: {
            type: 'boolean',
            description: 'Also report transactions rolled back only on the happy path in test files, where a throw fails the test anyway.',
          },
          checkMigrations: {
            type: 'boolean',
            description: 'Also report transactions rolled back only on the happy path in migrations and seeds, where a throw fails the run and ends its connection.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTests: false, checkMigrations: false }],
  },
  defaultOptions: [{ checkTests: false, checkMigrations: false }],
  create(context, [options]) {
    const analysis = analyse(context, false);
    if (!analysis.relevant) {
      return {};
    }
    const scopeOf = analysis.scopeOf;
    // A test that throws has failed already: its open transaction on that path is not worth a `catch`
    // per test. So has a migration or a seed: its runner stops, and its connection ends with the run.
    const inTests = testsLeftAlone(options, context.filename, context.cwd, context.sourceCode.ast);
    const throwPaths = !inTests && (options.checkMigrations === true || !isMigrationFile(context.filename, context.cwd));
    function check(fn: FunctionNode): void {
      const { resources, verdicts, pooledBegins, sharedBegins } = functionLifecycles(analysis, fn, scopeOf, 'transaction');
      for (const begin of pooledBegins) {
        // A Knex migration's `up(knex)` is handed the migration's transaction, on one connection:
        // `COMMIT` … `CREATE INDEX CONCURRENTLY` … `BEGIN` steps out of it and back in.
        if (begin.receiver && isMigrationTransaction(begin.receiver, begin.lib, context.filename, context.cwd, scopeOf)) {
          continue;
        }
        context.report({ node: begin.node, messageId: 'beginOnPool', data: { statement: begin.statement, target: begin.target } });
      }
      // A test's server serves its test's requests, one at a time.
      for (const shared of inTests ? [] : sharedBegins) {
        context.report({
          node: shared.node,
          messageId: 'beginOnShared',
          data: { handle: shared.handle, line: shared.construction.loc.start.line, unit: handlerUnit(shared.handler), handler: describeHandler(shared.handler) },
        });
      }
      for (const resource of resources) {
        const verdict = verdicts.get(resource.id);
        // A helper that begins a transaction on a connection it was given, and never ends it on any
        // path, hands the open transaction back to its caller.
        if (!verdict || (!verdict.closedSomewhere && resource.variable.defs[0]?.type === 'Parameter')) {
          continue;
        }
        if (verdict.openAtExit || verdict.reopenedAt) {
          const at = verdict.openAtExit ?? verdict.reopenedAt;
          context.report({ node: resource.origin, messageId: 'notEnded', data: { handle: resource.handle, line: at?.loc.end.line ?? 0 } });
        } else if (verdict.openAtThrow && throwPaths) {
          const wrap = wrapSuggestion(context.sourceCode, resource, 'catch');
          context.report({
            node: resource.origin,
            messageId: beforeRollbackInCatch(verdict.openAtThrow, resource.closers)
              ? 'rollbackSkipped'
              : THROWN_MESSAGES[throwSite(verdict.openAtThrow, resource.origin)],
            data: { handle: resource.handle, line: verdict.openAtThrow.loc.start.line },
            suggest: wrap
              ? [
                  {
                    messageId: 'suggestRollback',
                    data: { rollback: resource.closeText ?? 'ROLLBACK' },
                    fix: (fixer) => fixer.replaceTextRange(wrap.range, wrap.text),
                  },
                ]
              : [],
          });
        }
      }
    }
    return analysis.sharedTraversal({ onFunctionExit: check });
  },
});

/** The call is in a `catch` block that ends the transaction after it (`catch (e) { await log(e); await rollback(); }`). */
function beforeRollbackInCatch(call: TSESTree.Node, closers: readonly TSESTree.Node[]): boolean {
  const body = catchOf(call)?.body;
  return body !== undefined && closers.some((closer) => closer.range[0] >= call.range[1] && closer.range[1] <= body.range[1]);
}
