import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { analyse } from '../lib/analysis/file';
import { targetOf } from '../lib/analysis/resources';
import { usesDirectConnection, ignoredFile, inMigrationFunction, inProvisioningFunction, namedStatement, sqlNodeOf, sqlTextOfCall } from '../lib/analysis/pooled-sql';
import { createdTempTable, droppedTables, sessionUses, type SessionUse } from '../lib/analysis/session-state';
import { classifySql, partPosition, type SqlStatement, type SqlText } from '../lib/analysis/sql';
import { sqlTextOf } from '../lib/analysis/sql-text';
import { transactionAt } from '../lib/analysis/transaction-context';
import { enclosingFunction, isFunctionNode, keyName, skipWrappers } from '../lib/util/ast';
import type { CallInfo } from '../lib/analysis/values';
import { createRule } from '../lib/util/rule';

type MessageId =
  | 'sessionSet'
  | 'sessionCharacteristics'
  | 'reset'
  | 'setConfig'
  | 'listen'
  | 'advisoryLock'
  | 'advisoryUnlock'
  | 'sqlPrepare'
  | 'holdCursor'
  | 'tempTable'
  | 'load'
  | 'namedStatement'
  | 'sessionFeature'
  | 'namedPrepare'
  | 'suggestSetLocal'
  | 'suggestSetConfigLocal'
  | 'suggestXactLock'
  | 'suggestUnnamed';

type Options = [{ checkTests?: boolean; checkMigrations?: boolean }];

const MESSAGES: Record<SessionUse['feature'], MessageId> = {
  set: 'sessionSet',
  'set-characteristics': 'sessionCharacteristics',
  reset: 'reset',
  'set-config': 'setConfig',
  'set-limit': 'setConfig',
  listen: 'listen',
  unlisten: 'listen',
  'advisory-lock': 'advisoryLock',
  'advisory-unlock': 'advisoryUnlock',
  'sql-prepare': 'sqlPrepare',
  'hold-cursor': 'holdCursor',
  'temp-table': 'tempTable',
  load: 'load',
};

export default createRule<Options, MessageId>({
  name: 'no-session-state',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow session-level state (SET, LISTEN, advisory locks, prepared statements, temp tables) that a transaction pooler cannot keep',
      recommended: false,
      transactionPooling: true,
    },
    hasSuggestions: true,
    messages: {
      sessionSet:
        '`{{label}}` changes the session, which a transaction pooler does not keep: the setting stays on whichever server connection ran it, for the next client that gets it, and this client\'s next transactions may run without it ' +
        '(a session `SET` even outlives the transaction it is sent in). {{fix}}',
      sessionCharacteristics:
        '`SET SESSION CHARACTERISTICS` changes the defaults of a server connection that other clients get next behind a transaction pooler. Set the mode per transaction instead: `BEGIN ISOLATION LEVEL …` or `SET TRANSACTION …` as its first statement.',
      reset:
        '`{{label}}` resets the settings of whichever server connection the pooler lends this client, not of "this session": behind a transaction pooler there is no session to reset. Scope settings to transactions with `SET LOCAL` and drop the `RESET`.',
      setConfig:
        '`{{label}}` sets the value for the whole session, which a transaction pooler does not keep: it leaks to the next client of that server connection and is missing from this client\'s next transactions. {{fix}}',
      listen:
        '`{{label}}` needs a session that stays on one server connection, which a transaction pooler does not give: notifications go to whichever client holds that connection, or are lost. ' +
        'Listen on a dedicated direct (non-pooled) connection, or a session-mode pool.',
      advisoryLock:
        '`{{label}}` takes a session-level advisory lock, held by the server connection rather than by this client: behind a transaction pooler it stays locked for whichever client gets that connection next, and the unlock may reach another connection. {{fix}}',
      advisoryUnlock:
        '`{{label}}` releases session-level advisory locks, but behind a transaction pooler it may run on another server connection than the lock, which stays held. ' +
        'Take `pg_advisory_xact_lock` inside a transaction instead: it is released at COMMIT, with no unlock.',
      sqlPrepare:
        'SQL-level `{{label}}` refers to a prepared statement that lives on one server connection; behind a transaction pooler the next statement may reach another one ("prepared statement does not exist"). ' +
        "Let the driver prepare statements at the protocol level (parameterised queries), which PgBouncer ≥ 1.21 can track.",
      holdCursor:
        'A `WITH HOLD` cursor outlives its transaction on the server connection that declared it; behind a transaction pooler the next `FETCH` may reach another connection. Use a cursor without `WITH HOLD` inside one transaction.',
      tempTable:
        '`{{label}}` creates a temporary object that lives for the session, on one server connection: behind a transaction pooler the next statements may not see it, and another client may. ' +
        'Create it with `ON COMMIT DROP` inside the transaction that uses it.',
      load: '`LOAD` loads a library into one server connection; behind a transaction pooler other statements run on connections without it. Use `shared_preload_libraries` or `session_preload_libraries`.',
      namedStatement:
        'The query config names a prepared statement (`name: {{name}}`), which lives on one server connection: behind a transaction pooler without prepared statement support the next execution may reach a connection where it does not exist, or already exists ' +
        '("prepared statement … already exists"). Drop the name, or set `settings.pgbouncer.pooler.preparedStatements` if the pooler tracks them (PgBouncer ≥ 1.21 with `max_prepared_statements > 0`).',
      sessionFeature:
        '`{{call}}` uses `{{feature}}`, which needs a session that stays on one server connection: behind a transaction pooler it reaches whichever connection the pooler lends. Use a dedicated direct (non-pooled) connection for it.',
      namedPrepare:
        '`{{call}}` sends this query as a named prepared statement, which lives on one server connection: behind a transaction pooler without prepared statement support the next execution may reach a connection where it does not exist, or already exists. ' +
        'Run the query without preparing it, or set `settings.pgbouncer.pooler.preparedStatements` if the pooler tracks them (PgBouncer ≥ 1.21 with `max_prepared_statements > 0`).',
      suggestSetLocal: 'Use `SET LOCAL`, which ends with this transaction.',
      suggestSetConfigLocal: 'Pass `true` (transaction-local) as the third argument.',
      suggestXactLock: 'Use `{{replacement}}`, which is released at the end of this transaction.',
      suggestUnnamed: 'Remove the statement name (the query runs unnamed).',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkTests: { type: 'boolean', description: 'Also check test files, which usually talk to a test database directly.' },
          checkMigrations: {
            type: 'boolean',
            description: 'Also check migrations and seeds, which usually run over a direct connection (Prisma `directUrl`, a non-pooled URL).',
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
    if (!analysis.relevant || analysis.pooler.mode === 'session' || ignoredFile(context.filename, context.cwd, options, context.sourceCode.ast)) {
      return {};
    }
    const sourceCode = context.sourceCode;
    const scopeOf = analysis.scopeOf;
    const seen = new Set<TSESTree.Node>();
    /** The file sends a `LISTEN` that is reported; its `UNLISTEN`s, held back until the end of the file. */
    let listens = false;
    const unlistens: Array<{ node: TSESTree.Node; use: SessionUse; inside: boolean; text: SqlText | undefined }> = [];

    function check(info: CallInfo): void {
      const node = info.node;
      if (info.spec.prepares) {
        if (!analysis.pooler.preparedStatements && !usesDirectConnection(analysis, node)) {
          const callee = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee;
          context.report({
            node: callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : node,
            messageId: 'namedPrepare',
            data: { call: calleeText(node) },
          });
        }
        return;
      }
      if (info.spec.session) {
        if (!usesDirectConnection(analysis, node)) {
          context.report({ node, messageId: 'sessionFeature', data: { call: calleeText(node), feature: info.spec.session } });
        }
        return;
      }
      const sqlNode = sqlNodeOf(info);
      if (!sqlNode || seen.has(sqlNode)) {
        return;
      }
      seen.add(sqlNode);
      const named = !analysis.pooler.preparedStatements ? namedStatement(sqlNode, scopeOf) : undefined;
      const text = sqlTextOf(sqlNode, scopeOf);
      const uses = text ? sessionUsesOf(text) : [];
      // A deploy step's session (`export async function seed(knex)` of a Knex seed file, `runMigrations()`) is as a migration's,
      // and so is a provisioning step's (a lock that serialises `CREATE DATABASE` in a test set-up).
      if (
        (uses.length === 0 && !named) ||
        usesDirectConnection(analysis, node) ||
        (!options.checkMigrations && (inMigrationFunction(node, false) || inProvisioningFunction(analysis, node)))
      ) {
        return;
      }
      if (named) {
        context.report({
          node: named.property,
          messageId: 'namedStatement',
          data: { name: sourceCode.getText(named.property.value) },
          // pg-promise's `PreparedStatement` requires its name: only plain query configs lose it.
          suggest: named.removable && info.use !== 'new'
            ? [{ messageId: 'suggestUnnamed', fix: (fixer) => fixer.removeRange(propertyRemovalRange(sourceCode, named.property)) }]
            : [],
        });
      }
      if (!text) {
        return;
      }
      let inTransaction: boolean | undefined;
      const transactionOpen = (): boolean => {
        if (inTransaction === undefined) {
          inTransaction = onOpenTransaction(info);
        }
        return inTransaction;
      };
      // Fixes edit the SQL in place, so only SQL written right at the call.
      const editable = isLiteral(sqlNode) ? text : undefined;
      // `LISTEN a; LISTEN b;` is one problem at one place: one report, unless a suggestion differs.
      const reported = new Set<string>();
      for (const { use, begun } of uses) {
        const inside = begun || transactionOpen();
        // Inside a transaction, `RESET` resets the very connection the transaction holds, as it
        // says (a tenant setting cleared before the next `SET LOCAL`): the `SET` is the problem.
        if (use.feature === 'reset' && inside) {
          continue;
        }
        // A temporary table created inside a transaction and dropped before it ends (or rolled back
        // with it) never outlives the transaction: what `ON COMMIT DROP` would do.
        if (use.feature === 'temp-table' && inside && droppedLater(info, text, use.statement)) {
          continue;
        }
        // A library loaded inside a transaction serves the statements after it in that transaction,
        // all on the one server connection; what stays loaded there afterwards only saves the next
        // client a `LOAD` (`LOAD 'age'` before Apache AGE's cypher queries, then `COMMIT`).
        if (use.feature === 'load' && inside) {
          continue;
        }
        // Likewise a `SET` inside a transaction that a later `RESET` of the same setting undoes before
        // it ends (`SET ROLE importer; …; RESET ROLE`): a rollback undoes the `SET` too.
        if (use.feature === 'set' && inside && resetLater(info, text, use.statement)) {
          continue;
        }
        // A session lock taken inside a transaction and released in a `finally` before the
        // transaction ends (or the release of such a lock) never leaves its server connection.
        if ((use.feature === 'advisory-lock' || use.feature === 'advisory-unlock') && inside && pairedInTransaction(info, use.feature)) {
          continue;
        }
        // `UNLISTEN` undoes a `LISTEN` of the file, which is the report: judged at the end of the file.
        if (use.feature === 'unlisten') {
          unlistens.push({ node: sqlNode, use, inside, text: editable });
          continue;
        }
        listens ||= use.feature === 'listen';
        reportUse(sqlNode, use, inside, editable, reported);
      }
    }

    /**
     * The setting the statement sets is reset (`RESET name`, `RESET ALL`), before the transaction
     * ends, by a later statement of the same text or of the same function sent inside a transaction.
     */
    function resetLater(info: CallInfo, text: SqlText, statement: SqlStatement): boolean {
      const setting = statement.setting;
      return setting !== undefined && laterInTransaction(info, text, statement, (other) => other.kind === 'reset' && (other.setting === setting || other.setting === 'all'));
    }

    /**
     * A later statement that `matches`, before the transaction ends: in the same text after this
     * statement, or in a later call of the same function that is sent inside a transaction.
     */
    function laterInTransaction(info: CallInfo, text: SqlText, statement: SqlStatement, matches: (other: SqlStatement, sql: SqlText) => boolean): boolean {
      // Before the transaction ends: a statement after `COMMIT` may reach another server connection.
      const found = (sql: SqlText, after: number): boolean => {
        for (const other of classifySql(sql)) {
          if (other.start < after) {
            continue;
          }
          if (endsTransaction(other)) {
            return false;
          }
          if (matches(other, sql)) {
            return true;
          }
        }
        return false;
      };
      if (found(text, statement.end)) {
        return true;
      }
      const end = info.node.range[1];
      return analysis.callsIn(enclosingFunction(info.node) ?? sourceCode.ast).some((node) => {
        if (node.range[0] < end) {
          return false;
        }
        const sql = sqlTextOfCall(analysis, node);
        return sql !== undefined && found(sql, 0) && transactionAt(analysis, node, true) !== undefined;
      });
    }

    /**
     * The temporary table the statement creates is dropped, before the transaction ends, by a later
     * statement of the same text or of the same function (a name spliced in matches a name spliced in).
     */
    function droppedLater(info: CallInfo, text: SqlText, statement: SqlStatement): boolean {
      const table = createdTempTable(text, statement);
      return table !== undefined && laterInTransaction(info, text, statement, (other, sql) => droppedTables(sql, other).includes(table));
    }

    /**
     * A session-level advisory lock taken inside a transaction and released, in a `finally` of the
     * same function that the lock precedes, by an unlock also sent inside a transaction (as
     * `tx.$queryRaw` with `pg_try_advisory_lock` then `finally { tx.$executeRaw` with
     * `pg_advisory_unlock }`): both run on the transaction's server connection, and the lock is gone
     * before the pooler hands that connection to anyone else. Asked of either half of the pair.
     */
    function pairedInTransaction(info: CallInfo, feature: 'advisory-lock' | 'advisory-unlock'): boolean {
      const fn = enclosingFunction(info.node);
      if (!fn) {
        return false;
      }
      const wanted = feature === 'advisory-lock' ? 'advisory-unlock' : 'advisory-lock';
      const sends = (node: TSESTree.Node): boolean => {
        const sql = sqlTextOfCall(analysis, node);
        return sql !== undefined && sessionUsesOf(sql).some(({ use }) => use.feature === wanted) && transactionAt(analysis, node, true) !== undefined;
      };
      for (const node of analysis.callsIn(fn)) {
        if (node === info.node || enclosingFunction(node) !== fn || !sends(node)) {
          continue;
        }
        const [lock, unlock] = feature === 'advisory-lock' ? [info.node, node] : [node, info.node];
        if (lock.range[1] <= unlock.range[0] && releasedInFinally(lock, unlock)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The statement runs inside a transaction on its own connection: sent through a transaction
     * handle, or through the connection a `BEGIN` is open on. Through an engine it runs on another
     * pooled connection, in autocommit, whatever transaction the code has open elsewhere.
     */
    function onOpenTransaction(info: CallInfo): boolean {
      const target = targetOf(info);
      const role = target ? analysis.values.shape(analysis.values.valueOf(target))?.role : undefined;
      if (role === 'transaction' || joinsTransaction(info.node)) {
        return true;
      }
      if (role === 'engine' || target?.type !== AST_NODE_TYPES.Identifier) {
        return false;
      }
      // A client handed to a helper inside the transaction is still in it: both answers here only
      // spare a report (a `RESET`, a temporary table dropped in time) or change its advice.
      const open = transactionAt(analysis, info.node, true);
      const variable = findVariable(scopeOf(target), target);
      return open?.kind === 'unmanaged' && variable !== null && (open.resource.variable === variable || open.resource.group === variable);
    }

    /**
     * The query is handed a transaction: Sequelize `{ transaction: t }`, TypeORM/MikroORM `{ ctx }`,
     * Kysely `` sql`…`.execute(trx) ``, Objection `query(trx)`.
     */
    function joinsTransaction(node: CallInfo['node']): boolean {
      const isTransaction = (value: TSESTree.Node | undefined) =>
        value !== undefined && analysis.values.shape(analysis.values.valueOf(value))?.role === 'transaction';
      const args: TSESTree.Node[] = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? [] : [...node.arguments];
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent.type === AST_NODE_TYPES.CallExpression) {
        args.push(...parent.parent.arguments);
      }
      return args.some((arg) => {
        const inner = skipWrappers(arg);
        if (inner.type !== AST_NODE_TYPES.ObjectExpression) {
          return isTransaction(inner);
        }
        return inner.properties.some(
          (property) =>
            property.type === AST_NODE_TYPES.Property &&
            ['transaction', 'ctx'].includes(keyName(property.key, property.computed) ?? '') &&
            isTransaction(property.value),
        );
      });
    }

    function reportUse(node: TSESTree.Node, use: SessionUse, inside: boolean, text: SqlText | undefined, reported: Set<string>): void {
      const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageId>> = [];
      let fix = '';
      switch (use.feature) {
        case 'set': {
          fix = inside
            ? 'Use `SET LOCAL`, which ends with this transaction.'
            : 'Run it as `SET LOCAL` inside the transaction that needs it, or set it per role or database (`ALTER ROLE … SET`).';
          const range = inside && text ? setLocalEdit(text, use) : undefined;
          if (range) {
            suggest.push({ messageId: 'suggestSetLocal', fix: (fixer) => fixer.replaceTextRange(range.range, range.text) });
          }
          break;
        }
        case 'set-config': {
          fix = inside
            ? 'Pass `true` as the third argument to make it transaction-local.'
            : 'Call `set_config(…, true)` inside the transaction that needs it.';
          const at = inside && text ? sourceAt(text, use.call!.argStarts[2] ?? -1, /^false\b/i) : undefined;
          if (at !== undefined) {
            suggest.push({ messageId: 'suggestSetConfigLocal', fix: (fixer) => fixer.replaceTextRange([at, at + 5], matchCase('true', sourceCode.text.slice(at, at + 5))) });
          }
          break;
        }
        case 'set-limit':
          fix = 'Set `pg_trgm.similarity_threshold` with `SET LOCAL` inside the transaction that needs it; `set_limit()` has no transaction-local form.';
          break;
        case 'advisory-lock': {
          fix = inside
            ? `Use \`${use.replacement}\`, which is released at COMMIT or ROLLBACK.`
            : `Take \`${use.replacement}\` inside a transaction (released at its end), or run the locking job over a direct connection.`;
          const name = use.call!.name;
          const at = inside && text ? sourceAt(text, use.call!.start, new RegExp(`^${name}\\b`, 'i')) : undefined;
          if (at !== undefined) {
            suggest.push({
              messageId: 'suggestXactLock',
              data: { replacement: use.replacement! },
              fix: (fixer) => fixer.replaceTextRange([at, at + name.length], matchCase(use.replacement!, sourceCode.text.slice(at, at + name.length))),
            });
          }
          break;
        }
        default:
          break;
      }
      const key = `${MESSAGES[use.feature]}\u0000${use.label}\u0000${fix}`;
      if (suggest.length === 0 && reported.has(key)) {
        return;
      }
      reported.add(key);
      context.report({ node, messageId: MESSAGES[use.feature], data: { label: use.label, fix }, suggest });
    }

    /** The source index of a flattened-text offset, when the source there matches `expected`. */
    function sourceAt(text: SqlText, flat: number, expected: RegExp): number | undefined {
      const position = flat >= 0 ? partPosition(text, flat) : undefined;
      if (!position || !text.sourceIndex) {
        return undefined;
      }
      const index = text.sourceIndex(position.part, position.offset);
      return expected.test(sourceCode.text.slice(index, index + 80)) ? index : undefined;
    }

    /** `SET x` → `SET LOCAL x`, `SET SESSION x` → `SET LOCAL x`. */
    function setLocalEdit(text: SqlText, use: SessionUse): { range: TSESTree.Range; text: string } | undefined {
      const at = sourceAt(text, use.statement.start, /^set\s/i);
      if (at === undefined) {
        return undefined;
      }
      const set = sourceCode.text.slice(at, at + 3);
      const local = matchCase('LOCAL', set);
      const rest = /^(\s+)(session)(\s+)(\w+)?/i.exec(sourceCode.text.slice(at + 3, at + 120));
      if (rest && rest[4]?.toLowerCase() !== 'authorization') {
        const start = at + 3 + rest[1]!.length;
        return { range: [start, start + rest[2]!.length], text: local };
      }
      return { range: [at + 3, at + 3], text: ` ${local}` };
    }

    return {
      ...analysis.sharedTraversal({ onModelledCall: check }),
      'Program:exit'(): void {
        if (listens) {
          return;
        }
        const reported = new Set<string>();
        for (const { node, use, inside, text } of unlistens) {
          reportUse(node, use, inside, text, reported);
        }
      },
    };
  },
});

/**
 * Is `unlock` in the `finally` of a `try` that starts after `lock` or holds it, so that it runs
 * whatever happens once the lock is taken?
 */
function releasedInFinally(lock: TSESTree.Node, unlock: TSESTree.Node): boolean {
  for (let node: TSESTree.Node | undefined = unlock; node?.parent; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === node) {
      return parent.range[0] >= lock.range[1] || (parent.block.range[0] <= lock.range[0] && lock.range[1] <= parent.block.range[1]);
    }
    if (isFunctionNode(parent)) {
      return false;
    }
  }
  return false;
}

/** `COMMIT`, `ROLLBACK`, `PREPARE TRANSACTION`: the transaction open on the connection ends. */
function endsTransaction(statement: SqlStatement): boolean {
  return statement.kind === 'commit' || statement.kind === 'rollback' || statement.kind === 'prepare-transaction';
}

/** Session uses of every statement, with whether a `BEGIN` earlier in the same text is still open. */
function sessionUsesOf(text: SqlText): Array<{ use: SessionUse; begun: boolean }> {
  const result: Array<{ use: SessionUse; begun: boolean }> = [];
  let begun = false;
  for (const statement of classifySql(text)) {
    if (statement.kind === 'begin') {
      begun = true;
    } else if (endsTransaction(statement)) {
      begun = false;
    }
    for (const use of sessionUses(statement)) {
      result.push({ use, begun });
    }
  }
  return result;
}

function isLiteral(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  return inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.TemplateLiteral || inner.type === AST_NODE_TYPES.TaggedTemplateExpression;
}

/** `LOCAL` in the case of the keyword it follows (`set` → `local`). */
function matchCase(word: string, like: string): string {
  return like === like.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

function calleeText(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): string {
  const callee = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee;
  return callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
    ? `${callee.property.name}()`
    : 'this call';
}

/** A property with the comma that separates it from its neighbour. */
function propertyRemovalRange(sourceCode: Readonly<TSESLint.SourceCode>, property: TSESTree.Property): TSESTree.Range {
  const after = sourceCode.getTokenAfter(property);
  if (after?.value === ',') {
    const next = sourceCode.getTokenAfter(after, { includeComments: true });
    return [property.range[0], next ? next.range[0] : after.range[1]];
  }
  const before = sourceCode.getTokenBefore(property);
  return before?.value === ',' ? [before.range[0], property.range[1]] : [property.range[0], property.range[1]];
}
