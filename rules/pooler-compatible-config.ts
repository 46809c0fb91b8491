import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { configSite, inLocalOnlyBranch, isPostgres, lookup, opensReplication, optionsFactorySites, readsHyperdrive, targetsLocalDirect, urlParameters, type ConfigSite } from '../lib/analysis/config';
import { addOption, appendUrlParameter } from '../lib/analysis/config-fix';
import { analyse, untagged } from '../lib/analysis/file';
import { applicationConfigFileSites, dataSourceForCommandLine, ignoredFile, inMigrationFunction, namesDirectConnection } from '../lib/analysis/pooled-sql';
import { sessionUses } from '../lib/analysis/session-state';
import { classifySql } from '../lib/analysis/sql';
import { sqlTextOf } from '../lib/analysis/sql-text';
import { CONNECTION_HOOKS, PG_STARTUP_KEYS, type ConfigLayout } from '../lib/models/config';
import { TRACKED_STARTUP_PARAMETERS } from '../lib/settings';
import { forEachChild, isFunctionNode, keyName, leftToCaller, processCall, propertyName, skipWrappers, staticString } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';
import { isScript } from '../lib/frameworks/conventions';
import { outsideAll, packageVersions } from '../lib/util/package-version';

/** The methods by which a connection hook's connection sends SQL (pg, mysql-style, pg-promise, postgres.js, Kysely). */
const HOOK_QUERY_METHODS = new Set(['query', 'execute', 'raw', 'none', 'unsafe', 'executeQuery']);

/** The text of Kysely's `CompiledQuery.raw(text)`, which a `DatabaseConnection`'s `executeQuery` takes; else the node. */
function compiledRawText(node: TSESTree.Node): TSESTree.Node {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments[0] && inner.arguments[0].type !== AST_NODE_TYPES.SpreadElement) {
    const callee = skipWrappers(inner.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'raw' && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'CompiledQuery') {
      return inner.arguments[0];
    }
  }
  return node;
}

/** A query prepared under a name (Drizzle's `.prepare('getUser')`), which postgres.js sends as a named statement. */
const NAMED_PREPARE = /\.prepare\(\s*['"`]/;

/** The connection hooks by registering method: every call of the file is looked up here. */
const HOOKS_BY_METHOD = new Map<string, Array<(typeof CONNECTION_HOOKS)[number]>>();
for (const hook of CONNECTION_HOOKS) {
  HOOKS_BY_METHOD.set(hook.method, [...(HOOKS_BY_METHOD.get(hook.method) ?? []), hook]);
}

type MessageId =
  | 'preparedStatements'
  | 'pgbouncerFlagMissing'
  | 'pgbouncerFlagObsolete'
  | 'startupParameter'
  | 'startupOptions'
  | 'defaultStartupParameter'
  | 'sessionHook'
  | 'sessionOption'
  | 'suggestPrepareFalse'
  | 'suggestPgbouncerFlag'
  | 'suggestDisable';

type Options = [{ checkTests?: boolean; checkScripts?: boolean }];

/** Falsy option values are not sent (pg and postgres.js skip them). */
function isFalsyLiteral(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  return (
    (inner.type === AST_NODE_TYPES.Literal && (inner.value === null || inner.value === false || inner.value === 0 || inner.value === '')) ||
    (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined')
  );
}

/** Words of a test that tells pooled connections from direct ones (`isPooler`, `usePgBouncer`, `directUrl`). */
const POOLER_TEST = /pool|bouncer|supavisor|proxy|direct/i;

/**
 * A value set only on one side of a test about the pooler (`readOnly && !isPooler ? '-c …' :
 * undefined`, `!viaPgBouncer && 30000`), or of a switch named for the option itself
 * (`statement_timeout: config.disableStatementTimeout ? undefined : 10_000`, a switch added for
 * PgBouncer): the code already keeps it away from the pooler where it must.
 */
function decidedByPooler(node: TSESTree.Node, key: string, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const inner = skipWrappers(node);
  const decides = (test: TSESTree.Node): boolean => {
    const text = sourceCode.getText(test);
    return POOLER_TEST.test(text) || squashed(text).includes(squashed(key));
  };
  if (inner.type === AST_NODE_TYPES.ConditionalExpression) {
    return (isFalsyLiteral(inner.consequent) || isFalsyLiteral(inner.alternate)) && decides(inner.test);
  }
  return inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === '&&' && decides(inner.left);
}

/** A name without case, `_` or `-`: `statement_timeout` and `disableStatementTimeout` both hold `statementtimeout`. */
const squashed = (text: string): string => text.toLowerCase().replace(/[_-]/g, '');

/** Words of a test that a URL goes through a pooler (not `pool`: `if (pool) return pool;` guards a lazy pool). */
const POOLER_REFUSAL = /pooler|bouncer|supavisor|6543/i;

/**
 * Code that refuses a pooled connection before it builds this one: an earlier statement of an
 * enclosing block is `if (<a test about the pooler>) { …; return; }` (or `throw`, or
 * `process.exit(…)`), so the configuration only ever reaches a direct connection
 * (`if (url.includes('pooler.supabase.com')) { console.error('use the direct URL'); process.exit(1); }`).
 */
function refusesPoolerFirst(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (let child: TSESTree.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.BlockStatement && parent.type !== AST_NODE_TYPES.Program) {
      continue;
    }
    const body: readonly TSESTree.Node[] = parent.body;
    for (const statement of body.slice(0, body.indexOf(child))) {
      if (statement.type === AST_NODE_TYPES.IfStatement && POOLER_REFUSAL.test(sourceCode.getText(statement.test)) && exits(statement.consequent)) {
        return true;
      }
    }
  }
  return false;
}

/** A statement (or block) that leaves on its last statement: `return`, `throw`, `process.exit(…)`. */
function exits(statement: TSESTree.Statement): boolean {
  const last = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body.at(-1) : statement;
  if (last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement) {
    return true;
  }
  return last?.type === AST_NODE_TYPES.ExpressionStatement && processCall(last.expression, ['exit']) !== undefined;
}

export default createRule<Options, MessageId>({
  name: 'pooler-compatible-config',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require driver configuration that works behind a transaction pooler: no protocol-level prepared statements it cannot track, no startup parameters it rejects, no session state set per connection',
      recommended: false,
      transactionPooling: true,
    },
    hasSuggestions: true,
    messages: {
      preparedStatements:
        '{{label}} prepares statements by default (named protocol-level statements), which a transaction pooler without prepared statement support breaks: the next execution may reach another server connection ("prepared statement … does not exist" / "already exists"). ' +
        'Pass `prepare: false`, or set `settings.pgbouncer.pooler.preparedStatements` if the pooler tracks them (PgBouncer ≥ 1.21 with `max_prepared_statements > 0`).',
      pgbouncerFlagMissing:
        'This Prisma connection URL lacks `pgbouncer=true`: Prisma caches named prepared statements, which a transaction pooler without prepared statement support breaks ("prepared statement \\"s0\\" already exists"). ' +
        'Add `pgbouncer=true` for this URL, or set `settings.pgbouncer.pooler.preparedStatements` if the pooler tracks them (PgBouncer ≥ 1.21).',
      pgbouncerFlagObsolete:
        'This Prisma connection URL sets `pgbouncer=true`, but the pooler tracks prepared statements (`settings.pgbouncer.pooler.preparedStatements`): Prisma documents not to set it with PgBouncer ≥ 1.21, where it only disables statement caching and can fail with `prepared statement "PGBOUNCER_…" does not exist`. Remove it.',
      startupParameter:
        '`{{parameter}}` is sent as a startup parameter, which PgBouncer rejects ("unsupported startup parameter: {{parameter}}") unless its `ignore_startup_parameters` lists it, and then it is silently dropped. ' +
        'Set it per transaction (`SET LOCAL {{parameter}} = …`) or for the role (`ALTER ROLE … SET {{parameter}} = …`); if your pooler accepts it, list it in `settings.pgbouncer.pooler.startupParameters`.',
      startupOptions:
        'The `options` startup parameter ({{value}}) is accepted by PgBouncer only when it holds `-c name=value` settings of parameters it tracks (`search_path` and most others are not: "unsupported startup parameter"), and Supavisor and RDS Proxy may drop it. ' +
        'Set these per transaction with `SET LOCAL` or for the role (`ALTER ROLE … SET`); if your pooler accepts them, list `options` in `settings.pgbouncer.pooler.startupParameters`.',
      defaultStartupParameter:
        '{{label}} sends `{{option}}` as the startup parameter `{{parameter}}` by default, which PgBouncer rejects ("unsupported startup parameter: {{parameter}}") unless its `ignore_startup_parameters` lists it. ' +
        "Set `{{option}}: '{{off}}'` and set the timeout with `SET LOCAL` or for the role (`ALTER ROLE … SET`), or list `{{parameter}}` in `settings.pgbouncer.pooler.startupParameters` if your pooler ignores it.",
      sessionHook:
        '`{{statement}}` runs {{when}}. Behind a transaction pooler that connection is to the pooler: the setting lands on whichever server connection runs it, leaks to the next client that gets that one, and is missing from this client\'s later transactions. ' +
        'Set it per transaction with `SET LOCAL`, or for the role (`ALTER ROLE … SET`).',
      sessionOption:
        '`{{option}}` makes {{label}} run `{{statement}}` on every new connection, a session setting that a transaction pooler does not keep (it leaks to other clients and is missing from later transactions). ' +
        'Schema-qualify names, or set `search_path` for the role (`ALTER ROLE … SET search_path = …`).',
      suggestPrepareFalse: 'Turn prepared statements off (`prepare: false`).',
      suggestPgbouncerFlag: 'Add `pgbouncer=true` to the URL.',
      suggestDisable: "Set `{{option}}: '{{off}}'`.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkTests: { type: 'boolean', description: 'Also check test files, which usually connect to a test database directly.' },
          checkScripts: {
            type: 'boolean',
            description:
              'Also check the prepared statements, startup parameters and Prisma flag of one-off scripts (files in a `scripts/`, `cli/`, `tool/`, `tools/` or `tooling/` folder, `#!` files, files importing an argument parser), which usually connect directly, and whose failure behind a pooler shows on their first run. Session state they set is always checked.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTests: false, checkScripts: false }],
  },
  defaultOptions: [{ checkTests: false, checkScripts: false }],
  create(context, [options]) {
    const analysis = analyse(context, false);
    const pooler = analysis.pooler;
    // A configuration file by convention (a `knexfile`) imports no library, and is read all the same.
    const fileSites = applicationConfigFileSites(analysis, context.sourceCode.ast, context.filename, context.cwd);
    if (
      (!analysis.relevant && fileSites.length === 0) ||
      pooler.mode === 'session' ||
      ignoredFile(context.filename, context.cwd, { checkTests: options.checkTests, checkMigrations: false }, context.sourceCode.ast)
    ) {
      return {};
    }
    // A script run by hand usually connects directly, and one that goes through the pooler with
    // prepared statements or startup parameters fails in front of whoever runs it: not the service
    // that breaks now and then in production. Session state it sets on a pooled connection is
    // another matter: it stays on the server connection, for the other clients of the pooler.
    const oneOff = !options.checkScripts && isScript(context.filename, context.cwd, context.sourceCode);
    const sourceCode = context.sourceCode;
    const accepted = new Set([...TRACKED_STARTUP_PARAMETERS, ...pooler.startupParameters]);

    function checkPrepare(site: ConfigSite, node: TSESTree.Node): void {
      const key = site.layout.prepare;
      if (!key || pooler.preparedStatements) {
        return;
      }
      if (site.options) {
        const found = lookup(site.options, key);
        const legacy = lookup(site.options, 'no_prepare').property;
        if (found.uncertain || legacy) return;
        if (found.property) {
          const value = skipWrappers(found.property.value);
          if (value.type === AST_NODE_TYPES.Literal && value.value === true) {
            context.report({ node: found.property, messageId: 'preparedStatements', data: { label: site.layout.label } });
          }
          return; // `prepare: false`, or a value we cannot read
        }
      }
      if (site.url?.kind === 'literal') {
        const parameters = urlParameters(site.url.text ?? '');
        const prepare = parameters?.get('prepare');
        if (!parameters || prepare === 'false' || prepare === 'disable') return;
      }
      if ((site.url?.kind === 'unknown' && !site.options) || usedOnlyUnprepared(site)) {
        return;
      }
      const fix = addOption(sourceCode, site, key, 'false');
      context.report({
        node,
        messageId: 'preparedStatements',
        data: { label: site.layout.label },
        suggest: fix ? [{ messageId: 'suggestPrepareFalse', fix }] : [],
      });
    }

    /**
     * `const sql = postgres(url)` used only through methods that never prepare (`sql.unsafe(text)`,
     * `sql.end()`): a script applying a migration file prepares nothing. Any other use (a tagged
     * query, an export, a hand-off) may prepare.
     */
    function usedOnlyUnprepared(site: ConfigSite): boolean {
      const methods = site.layout.unpreparedMethods;
      const handOffs = site.layout.unpreparedHandOffs ?? [];
      // Built where it is handed over: `drizzle(postgres(url), { schema })`, `drizzle({ client: postgres(url) })`.
      if (handOffs.length > 0 && handedUnprepared(site.node, handOffs)) {
        return true;
      }
      let holder: TSESTree.Node | undefined = site.node.parent;
      while (holder?.type === AST_NODE_TYPES.AwaitExpression || holder?.type === AST_NODE_TYPES.TSNonNullExpression) {
        holder = holder.parent;
      }
      // A cache kept across hot reloads (`globalForDb.conn ?? postgres(url)`, then `globalForDb.conn =
      // conn` in development: create-t3-app's template): what the cache holds is this same client.
      let cache: string | undefined;
      if (holder?.type === AST_NODE_TYPES.LogicalExpression && holder.operator !== '&&' && skipWrappers(holder.left).type === AST_NODE_TYPES.MemberExpression) {
        cache = sourceCode.getText(skipWrappers(holder.left));
        holder = holder.parent;
      }
      // Exported (`export const sql = postgres(url)`), it may be used anywhere.
      if (!methods || holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier || holder.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
        return false;
      }
      const variable = findVariable(analysis.scopeOf(holder.id), holder.id);
      const uses = variable?.references.filter((reference) => reference.identifier !== holder.id) ?? [];
      return (
        variable !== undefined &&
        uses.length > 0 &&
        uses.every((reference) => {
          if (handOffs.length > 0 && handedUnprepared(reference.identifier, handOffs)) {
            return true;
          }
          const parent = reference.identifier.parent;
          if (cache !== undefined && parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === reference.identifier && sourceCode.getText(skipWrappers(parent.left)) === cache) {
            return true;
          }
          const member = reference.identifier.parent;
          const call = member?.parent;
          if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
            return false;
          }
          const name = propertyName(member);
          const most = name !== undefined && Object.hasOwn(methods, name) ? methods[name] : undefined;
          return most !== undefined && (most === 0 || call.arguments.length <= most);
        })
      );
    }

    /**
     * The engine (a variable's reference, or the call that builds it) is an argument of one of
     * `handOffs` (`drizzle(sql, { schema })`, `zeroPostgresJS(schema, sql)`) or its `client` (`drizzle({ client: sql })`), and the
     * file names no prepared query (`.prepare('…')`).
     */
    function handedUnprepared(engine: TSESTree.Node, handOffs: readonly string[]): boolean {
      let argument: TSESTree.Node = engine;
      const property = engine.parent;
      if (property?.type === AST_NODE_TYPES.Property && property.value === engine && !property.computed && keyName(property.key, false) === 'client') {
        argument = property.parent;
      }
      const call = argument.parent;
      if ((call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) || !call.arguments.includes(argument as TSESTree.CallExpressionArgument)) {
        return false;
      }
      const info = analysis.values.callOf(call);
      return info !== undefined && handOffs.includes(info.shape.key) && !NAMED_PREPARE.test(sourceCode.text);
    }

    function checkPgbouncerFlag(site: ConfigSite): void {
      if (!site.layout.pgbouncerFlag || site.url?.kind !== 'literal') {
        return;
      }
      const parameters = urlParameters(site.url.text ?? '');
      if (!parameters) return;
      const flag = parameters.get('pgbouncer') === 'true';
      if (flag && pooler.preparedStatements) {
        context.report({ node: site.url.node, messageId: 'pgbouncerFlagObsolete' });
      } else if (!flag && !pooler.preparedStatements && !/direct|unpooled|non_?pool/i.test(site.url.text ?? '')) {
        const fix = appendUrlParameter(site.url.node, 'pgbouncer', 'true');
        context.report({
          node: site.url.node,
          messageId: 'pgbouncerFlagMissing',
          suggest: fix ? [{ messageId: 'suggestPgbouncerFlag', fix }] : [],
        });
      }
    }

    function reportParameter(node: TSESTree.Node, parameter: string, value: string): void {
      if (accepted.has(parameter)) return;
      if (parameter === 'options') {
        context.report({ node, messageId: 'startupOptions', data: { value } });
      } else {
        context.report({ node, messageId: 'startupParameter', data: { parameter } });
      }
    }

    /** The driver sends its default startup parameters in a version this file may run against. */
    function sendsDefaultStartup(layout: ConfigLayout): boolean {
      const sentBy = layout.defaultStartupSentBy;
      if (!sentBy) {
        return true;
      }
      const span = packageVersions(context.filename, sentBy.package);
      return !span || !outsideAll(span, sentBy.versions);
    }

    function checkStartup(site: ConfigSite): void {
      const startup = site.layout.startup;
      if (startup && site.options) {
        const object = startup.path === '' ? site.options : (() => {
          const found = lookup(site.options, startup.path).property;
          const value = found && skipWrappers(found.value);
          return value?.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
        })();
        for (const property of object?.properties ?? []) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const key = keyName(property.key, property.computed);
          // Not set, or set only if the caller of a configuring helper chooses to (`{ statementTimeout }`).
          if (!key || isFalsyLiteral(property.value) || leftToCaller(property.value, analysis.scopeOf) || decidedByPooler(property.value, key, sourceCode)) continue;
          const parameter = key.toLowerCase();
          if (startup.keys === 'pg' ? !PG_STARTUP_KEYS.includes(parameter) || parameter === 'replication' : parameter === 'application_name') continue;
          reportParameter(property, parameter, sourceCode.getText(property.value));
        }
      }
      if (site.layout.urlStartup && site.url?.kind === 'literal') {
        const parameters = urlParameters(site.url.text ?? '');
        for (const [name, value] of parameters ?? []) {
          // node-postgres sends only the keys it knows; postgres.js every query parameter that is not one of its options.
          const sent = site.layout.startup?.keys === 'all' ? [...PG_STARTUP_KEYS, 'search_path'] : PG_STARTUP_KEYS;
          if (sent.includes(name) && name !== 'replication' && value !== '') {
            reportParameter(site.url.node, name, JSON.stringify(value));
          }
        }
      }
      for (const entry of sendsDefaultStartup(site.layout) ? (site.layout.defaultStartup ?? []) : []) {
        if (accepted.has(entry.parameter)) continue;
        const found = site.options ? lookup(site.options, entry.key) : { uncertain: false };
        if (found.uncertain) continue;
        const value = found.property && skipWrappers(found.property.value);
        if (value && !(value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number')) continue; // 'DISABLE_TIMEOUT' or unreadable
        const fix = found.property ? undefined : addOption(sourceCode, site, entry.key, `'${entry.off}'`);
        context.report({
          node: found.property ?? site.reportAt,
          messageId: 'defaultStartupParameter',
          data: { label: site.layout.label, option: entry.key, parameter: entry.parameter, off: entry.off },
          suggest: fix ? [{ messageId: 'suggestDisable', data: { option: entry.key, off: entry.off }, fix }] : [],
        });
      }
    }

    function checkSessionOptions(site: ConfigSite): void {
      if (!site.options) return;
      for (const [option, statement] of Object.entries(site.layout.sessionOptions ?? {})) {
        const found = lookup(site.options, option).property;
        if (found && !isFalsyLiteral(found.value)) {
          context.report({ node: found, messageId: 'sessionOption', data: { option, label: site.layout.label, statement } });
        }
      }
      for (const hook of site.layout.hooks ?? []) {
        const found = lookup(site.options, hook.path).property;
        const fn = found && (found.method || isFunctionNode(found.value) ? found.value : undefined);
        if (fn && isFunctionNode(fn)) checkHook(fn, hook.param, hook.when);
      }
    }

    /** Session statements a connection hook sends through its connection parameter. */
    function checkHook(fn: TSESTree.FunctionLike, paramIndex: number, when?: 'reserve'): void {
      const param = fn.params[paramIndex];
      if (param?.type !== AST_NODE_TYPES.Identifier || !fn.body) return;
      const variable = findVariable(analysis.scopeOf(param), param);
      if (!variable) return;
      const visit = (node: TSESTree.Node): void => {
        if (node.type === AST_NODE_TYPES.CallExpression) {
          const callee = skipWrappers(node.callee);
          // `(connection as PoolClient).query(…)`: Sequelize types the connection `unknown`.
          const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : undefined;
          if (
            callee.type === AST_NODE_TYPES.MemberExpression &&
            HOOK_QUERY_METHODS.has(propertyName(callee) ?? '') &&
            receiver?.type === AST_NODE_TYPES.Identifier &&
            variable.references.some((reference) => reference.identifier === receiver) &&
            node.arguments[0]
          ) {
            const text = sqlTextOf(compiledRawText(node.arguments[0]), analysis.scopeOf);
            for (const statement of text ? classifySql(text) : []) {
              for (const use of sessionUses(statement)) {
                // (A parameter PgBouncer tracks per client, `SET TIME ZONE`, `SET NAMES`, is no session use.)
                if (use.feature === 'set' || use.feature === 'set-config' || use.feature === 'set-characteristics') {
                  context.report({ node: node.arguments[0], messageId: 'sessionHook', data: { statement: use.label, when: when === 'reserve' ? 'each time a connection is taken from the pool' : 'when a new connection is opened' } });
                }
              }
            }
          }
        }
        forEachChild(node, visit);
      };
      visit(fn.body);
    }

    /** `pool.on('connect', (client) => client.query('SET …'))`, `sequelize.addHook('afterConnect', …)`. */
    function checkHookRegistration(node: TSESTree.CallExpression): void {
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = propertyName(callee);
      const hooks = method === undefined ? undefined : HOOKS_BY_METHOD.get(method);
      if (hooks === undefined) return;
      const shape = analysis.values.shape(analysis.values.valueOf(callee.object));
      for (const hook of hooks) {
        if (!shape || shape.role !== 'engine' || !hook.libs.includes(shape.lib)) continue;
        if (hook.event !== undefined && staticString(node.arguments[0]) !== hook.event) continue;
        const fn = node.arguments[hook.fnArg];
        if (fn && isFunctionNode(fn)) checkHook(fn, hook.param);
      }
    }

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        checkHookRegistration(node);
      }
      const info = analysis.values.callOf(node);
      const site = info && configSite(analysis, info);
      if (site) {
        checkSite(site);
      }
    }

    function checkSite(site: ConfigSite): void {
      // A replication connection is never pooled: the pooler's limits do not apply to it, nor to a
      // migration's (`getMigrator()`), which runs over a direct connection.
      // Nor to the database on the developer's machine, reached directly (`postgres://localhost:5432/app`,
      // a branch taken only in development or for a local host).
      if (
        !isPostgres(site) ||
        opensReplication(site) ||
        inMigrationFunction(site.node) ||
        targetsLocalDirect(site) ||
        site.untargeted === 'local' ||
        inLocalOnlyBranch(site.node) ||
        refusesPoolerFirst(site.node, sourceCode) ||
        dataSourceForCommandLine(site, context.filename, context.cwd, analysis.scopeOf)
      ) {
        return;
      }
      // Cloudflare Hyperdrive supports prepared statements (postgres.js's default is what its
      // query cache needs): a configuration reading its binding is left to prepare.
      // A connection named as bypassing the pooler (`postgres(input.directUrl, …)`) may prepare.
      if (!oneOff) {
        if (!readsHyperdrive(site.node, analysis.scopeOf) && !(site.options && readsHyperdrive(site.options, analysis.scopeOf)) && !namesDirectConnection(sourceCode.text, site, analysis.scopeOf)) {
          checkPrepare(site, site.reportAt);
        }
        checkPgbouncerFlag(site);
        checkStartup(site);
      }
      checkSessionOptions(site);
    }

    // Options-factory classes (`createTypeOrmOptions()`), which no call of the file shows.
    for (const site of optionsFactorySites(analysis, sourceCode.ast)) {
      checkSite(site);
    }
    for (const site of fileSites) {
      checkSite(site);
    }
    return analysis.relevant ? analysis.sharedTraversal({ onCall: untagged(check) }) : {};
  },
});

