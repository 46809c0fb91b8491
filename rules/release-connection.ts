import { analyse } from '../lib/analysis/file';
import { AST_NODE_TYPES } from '../lib/util/node-types';
import type { CallInfo } from '../lib/analysis/values';
import { calledOnlyAtStartup } from '../lib/analysis/handlers';
import { isMigrationFile } from '../lib/analysis/pooled-sql';
import { isScript, isStartupStep, testsLeftAlone } from '../lib/frameworks/conventions';
import { checkoutCallback, functionLifecycles, idiom, promiseDropped, usedOnce, wrapSuggestion, type TrackedResource } from '../lib/analysis/resources';
import { throwSite, type LifecycleVerdict } from '../lib/analysis/lifecycle';
import { functionName, type FunctionNode } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';

type MessageId =
  | 'notReleased'
  | 'notReleasedInLoop'
  | 'notReleasedOnThrow'
  | 'thrownHeld'
  | 'rethrownHeld'
  | 'releasedTwice'
  | 'discarded'
  | 'usedOnce'
  | 'suggestFinally'
  | 'suggestReleaseAtOnce'
  | 'suggestOnEngine';
type Options = [{ checkTests?: boolean }];

/** The message for a connection held when a throw leaves the function, by what throws (see `throwSite`). */
const THROWN_MESSAGES = { call: 'notReleasedOnThrow', throw: 'thrownHeld', rethrow: 'rethrownHeld' } as const;

export default createRule<Options, MessageId>({
  name: 'release-connection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a checked-out connection to be released exactly once on every path, including throws',
      recommended: true,
    },
    messages: {
      notReleased:
        '`{{handle}}` is checked out here but still held when the function returns on some path (line {{line}}). ' +
        'A connection that is never released keeps its pool slot, or its server connection and PgBouncer client slot, forever; once the pool is empty every request waits. ' +
        'Release it on every path, best in a `finally` block.',
      notReleasedInLoop:
        '`{{handle}}` is checked out again on the next round of the loop (line {{line}}) while the previous connection is still held, which then leaks. ' +
        'Each leaked connection keeps its pool slot, or its server connection and PgBouncer client slot, forever. Release it before the round ends, best in a `finally` block.',
      notReleasedOnThrow:
        '`{{handle}}` is released only on the happy path: if the call on line {{line}} throws, the connection is never given back. ' +
        'Each failure then leaks a pool slot, or a server connection and PgBouncer client slot, until none are left. Release it in a `finally` block.',
      thrownHeld:
        '`{{handle}}` is still held when the `throw` on line {{line}} leaves the function, and the connection is never given back. ' +
        'Each time that happens it leaks a pool slot, or a server connection and PgBouncer client slot, until none are left. Release it before throwing, or in a `finally` block.',
      rethrownHeld:
        '`{{handle}}` is released only on the happy path: when the `try` block throws, the `catch` block throws on line {{line}} without releasing it, and the connection is never given back. ' +
        'Each failure then leaks a pool slot, or a server connection and PgBouncer client slot, until none are left. Release it in a `finally` block.',
      releasedTwice:
        '`{{handle}}` is released a second time on this path (first on line {{line}}). ' +
        'node-postgres throws "Release called on client which has already been released to the pool", and a pool that accepts it may hand the same connection to two requests.',
      discarded:
        '`{{call}}` checks out a connection and throws it away: nothing can release it, so it keeps its pool slot, or its server connection and PgBouncer client slot, for good. ' +
        'Keep the connection and release it in a `finally` block, or, to check that the database answers, run a query on the pool instead.',
      usedOnce:
        '`{{call}}` checks out a connection for the one call `.{{path}}()` and drops it: nothing can release it, so it keeps its pool slot, or its server connection and PgBouncer client slot, for good, and every run leaks another. ' +
        'Make the call on the pool or data source itself, which checks a connection out for it and gives it back, or keep the connection and release it in a `finally` block.',
      suggestFinally: 'Wrap the statements after the checkout in `try { … } finally { … }` and release `{{handle}}` there.',
      suggestReleaseAtOnce: 'Release the connection at once: `{{replacement}}`.',
      suggestOnEngine: 'Call `{{engine}}.{{path}}()` instead: it checks a connection out and releases it itself.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkTests: {
            type: 'boolean',
            description: 'Also report connections released only on the happy path in test files, where a throw fails the test anyway.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTests: false }],
  },
  defaultOptions: [{ checkTests: false }],
  create(context, [options]) {
    const analysis = analyse(context, false);
    if (!analysis.relevant) {
      return {};
    }
    const scopeOf = analysis.scopeOf;
    // A test that throws has failed already: its leak on that path is not worth a `finally` per test.
    // Nor is a script's or a migration's: the command stops, and its connections end with it.
    const throwPaths =
      !testsLeftAlone(options, context.filename, context.cwd, context.sourceCode.ast) &&
      !isMigrationFile(context.filename, context.cwd) &&
      !isScript(context.filename, context.cwd, context.sourceCode);
    function judge(resource: TrackedResource, verdict: LifecycleVerdict | undefined, fn: FunctionNode): void {
      if (!verdict) {
        return;
      }
      if (verdict.openAtExit) {
        // A client a script builds and connects itself and never ends, left to the process's exit:
        // one connection, closed when the command ends (not a pool's, which the script's own
        // `pool.end()` waits for; not one ended on some paths only, which the script meant to end).
        if (!(resource.dedicated && !verdict.closedSomewhere && isScript(context.filename, context.cwd, context.sourceCode))) {
          context.report({
            node: resource.origin,
            messageId: 'notReleased',
            data: { handle: resource.handle, line: verdict.openAtExit.loc.end.line },
          });
        }
      } else if (verdict.reopenedAt) {
        context.report({
          node: resource.origin,
          messageId: 'notReleasedInLoop',
          data: { handle: resource.handle, line: verdict.reopenedAt.loc.start.line },
        });
      } else if (
        verdict.openAtThrow &&
        verdict.closedSomewhere &&
        throwPaths &&
        !calledOnlyAtStartup(fn, scopeOf) &&
        !isStartupStep(context.filename, context.cwd, functionName(fn))
      ) {
        // A function that runs once per process (a script's `main()`, a server's `initDatabase()`)
        // leaks at most one connection when a call throws: the pool does not drain failure by failure.
        const wrap = wrapSuggestion(context.sourceCode, resource, 'finally');
        context.report({
          node: resource.origin,
          messageId: THROWN_MESSAGES[throwSite(verdict.openAtThrow, resource.origin)],
          data: { handle: resource.handle, line: verdict.openAtThrow.loc.start.line },
          suggest: wrap
            ? [{ messageId: 'suggestFinally', data: { handle: resource.handle }, fix: (fixer) => fixer.replaceTextRange(wrap.range, wrap.text) }]
            : [],
        });
      }
      // A second `client.end()` or `queryRunner.release()` does nothing, nor does closing the engine
      // after a release (`await dataSource.destroy()`): only a second pool release harms.
      const second = verdict.doubleClose && analysis.values.callOf(verdict.doubleClose[1])?.spec;
      if (verdict.doubleClose && second?.idempotent !== true && second?.effect !== 'close') {
        context.report({
          node: verdict.doubleClose[1],
          messageId: 'releasedTwice',
          data: { handle: resource.handle, line: verdict.doubleClose[0].loc.start.line },
        });
      }
    }
    function check(fn: FunctionNode): void {
      const { resources, verdicts } = functionLifecycles(analysis, fn, scopeOf, 'connection');
      for (const resource of resources) {
        judge(resource, verdicts.get(resource.id), fn);
      }
      const callback = checkoutCallback(analysis, fn, scopeOf);
      if (callback) {
        judge(callback.resource, callback.verdict, fn);
      }
    }
    /** `(await pool.connect()).query(sql)`: the connection is checked out, used once and dropped. */
    function checkUsedOnce(info: CallInfo): boolean {
      const found = usedOnce(analysis, info);
      if (found === undefined) {
        return false;
      }
      const { checkout, first, path, onEngine } = found;
      const engine = onEngine && context.sourceCode.getText(onEngine.engine);
      context.report({
        node: checkout,
        messageId: 'usedOnce',
        data: { call: `${context.sourceCode.getText(checkout.callee)}()`, path },
        suggest:
          onEngine && engine !== undefined
            ? [{ messageId: 'suggestOnEngine', data: { engine, path }, fix: (fixer) => fixer.replaceText(first, `${engine}.${onEngine.firstName}`) }]
            : [],
      });
      return true;
    }
    /** `await pool.connect();` as a statement: the connection is checked out and dropped. */
    function checkDiscarded(info: CallInfo): void {
      if (checkUsedOnce(info)) {
        return;
      }
      if (info.spec.effect !== 'acquire' || info.spec.lazy || info.callback !== undefined || info.node.type !== AST_NODE_TYPES.CallExpression) {
        return;
      }
      const awaited = info.node.parent;
      const statement = awaited?.type === AST_NODE_TYPES.AwaitExpression && awaited.argument === info.node ? awaited.parent : undefined;
      const call = `${context.sourceCode.getText(info.node.callee)}()`;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== awaited) {
        // `pool.connect();`, `pool.connect().then(() => console.log('connected'))`: the promise's
        // connection is never taken.
        if (info.spec.resolves !== undefined && promiseDropped(info.node)) {
          context.report({ node: info.node, messageId: 'discarded', data: { call }, suggest: [] });
        }
        return;
      }
      // Written where an `await` is: the idiom the lifecycle rules suggest, on the checkout itself.
      const replacement = idiom(analysis, analysis.registry.resultShape(info), 'release', `(${context.sourceCode.getText(awaited)})`, true);
      context.report({
        node: info.node,
        messageId: 'discarded',
        data: { call },
        suggest: replacement === undefined ? [] : [{ messageId: 'suggestReleaseAtOnce', data: { replacement }, fix: (fixer) => fixer.replaceText(awaited, replacement) }],
      });
    }
    return analysis.sharedTraversal({ onFunctionExit: check, onModelledCall: checkDiscarded });
  },
});
