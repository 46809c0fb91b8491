import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import path from 'node:path';
import { isScriptFile, isTestFile, MIGRATION_FUNCTION, relativePath, testsLeftAlone } from '../frameworks/conventions';
import { namedByOtherSource } from '../util/readers';
import { calledHelper, constInitializer, enclosingFunction, forEachChild, functionName, isFunctionNode, keyName, processCall, programOf, propertyName, sameFileFunction, skipWrappers, type FunctionNode } from '../util/ast';
import { CONFIG_LAYOUTS } from '../models/config';
import { configFileSites, configSite, isCommandLineConfigFile, opensReplication, type ConfigSite } from './config';
import type { FileAnalysis } from './file';
import { calledOnlyAtStartup } from './handlers';
import { catchOf } from './lifecycle';
import { targetOf } from './resources';
import type { SqlText } from './sql';
import { sqlTextOf } from './sql-text';
import type { CallInfo } from './values';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/**
 * Migrations and seeds: they run over a direct connection (Prisma `directUrl`, a non-pooled URL).
 * Their folders (`migrations/`, `seeds/`, also named for a kind: `script-migrations/`,
 * `data_migrations/`; a `migrate/` folder of the script that runs them), `*.migration.ts`,
 * migration scripts (`src/db/migrate.ts`, Drizzle's recipe; `run-migrations.ts`;
 * `db-migrator.ts`, camelCase `runMigrations.ts`, one named for what it migrates: `migrate-db.ts`, `migrate-data.js`), a migration tool's configuration
 * (`migrations.config.ts`, the data source `typeorm migration:run -d` is given; one named for the
 * command line, `dataSourceCli.ts`, `data-source.cli.ts`, `typeorm-cli.config.ts`) and seed scripts
 * (`prisma/seed.ts`, `scripts/customSeed.ts`, `db-seeder.ts`, `prisma/seed-demo.ts`,
 * `35-seed-all-books.ts`), and the
 * scripts that empty a developer's or a test run's database to seed it again (`reset-db.ts`,
 * `resetDatabase.ts`, `db-reset.ts`, `drop-db.ts`).
 */
const MIGRATION_FILE = /(^|[\\/])([a-z]+[-_])?(migrations?|migrate|seeds?|seeders?)[\\/]|(^|[\\/])migrat(ions?|e)\.config\.[cm]?[jt]s$|(^|[\\/._-])(cli[-_.]?data[-_]?source|data[-_]?source[-_.]?cli|typeorm[-_.]cli(\.config)?)\.[cm]?[jt]s$|[\\/._-]migrations?\.[cm]?[jt]s$|(^|[\\/._-])migrat(e|or)\.[cm]?[jt]s$|(^|[\\/])migrate[-_][\w.-]+\.[cm]?[jt]s$|seed(s|ers?)?\.[cm]?[jt]s$|(^|[\\/])seed[-_.][\w.-]+\.[cm]?[jt]s$|[-_]seed[-_][\w-]*\.[cm]?[jt]s$|(^|[\\/._-])(reset|drop|wipe|recreate)[-_]?(db|database)\.[cm]?[jt]s$|(^|[\\/._-])(db|database)[-_]?(reset|drop|wipe)\.[cm]?[jt]s$/i;

/** The linted file is a migration or a seed (see MIGRATION_FILE), by its path under the working directory. */
export function isMigrationFile(filename: string, cwd: string): boolean {
  // Every rule asks about the file being linted, one after the other: remember the last answer.
  if (lastMigration?.filename !== filename || lastMigration.cwd !== cwd) {
    const relative = relativePath(filename, cwd);
    lastMigration = { filename, cwd, result: MIGRATION_FILE.test(relative) || CAMEL_MIGRATION_FILE.test(relative) };
  }
  return lastMigration.result;
}

let lastMigration: { filename: string; cwd: string; result: boolean } | undefined;

/**
 * The same scripts named in camelCase (`runMigrations.ts`, `dbMigrate.ts`, `createMigrator.ts`), and
 * the migration tool's own modules named after it (`migrationStore.js`, node-migrate's state store;
 * `migration-runner.ts`), and data migrations named for what they move (`migrateToSharedSchema.ts`).
 */
const CAMEL_MIGRATION_FILE = /[a-z]Migrat(ions?|e|or)\.[cm]?[jt]s$|(^|[\\/])migrations?([A-Z][a-zA-Z]*|-[a-z][a-z-]*)\.[cm]?[jt]s$|(^|[\\/])migrate[A-Z]\w*\.[cm]?[jt]s$/;

/**
 * The node is inside a function named for migrations or seeds (`getMigrator`, `runMigrations`,
 * `seedDatabase`): a connection configured there serves a deploy step, usually over a direct
 * connection, as in a migration file. With `byClass`, a method counts by its class's name too
 * (`MigrationService.dataSource()`); without, by its own name only: a class that runs migrations
 * at start-up (`MigrationHook.acquireLock()`) does its other work on the application's pool.
 */
export function inMigrationFunction(node: TSESTree.Node, byClass = true): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) {
      continue;
    }
    const method = current.parent.type === AST_NODE_TYPES.MethodDefinition ? current.parent : undefined;
    const name = method && !byClass ? keyName(method.key, method.computed) : (functionName(current) ?? wrappedName(current));
    if (MIGRATION_FUNCTION.test(name ?? '')) {
      return true;
    }
  }
  return false;
}

/**
 * The variable a wrapper's call is assigned to, for a function handed to it: `migrate` of
 * `const migrate = record('migrate', async () => …)` or `withLogging(async function () { … })`.
 */
function wrappedName(fn: FunctionNode): string | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    return undefined;
  }
  const declarator = call.parent;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === call && declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : undefined;
}

/**
 * `CREATE DATABASE`, `DROP DATABASE`, and the cluster's other objects, `CREATE USER` / `CREATE ROLE`
 * (and their `DROP`), at the start of a statement part (after `;` or at the start): work an
 * administrator's connection does, never a service's.
 */
const DATABASE_DDL = /(?:^|;)\s*(?:create|drop)\s+(?:database|user|role)\b/i;

/**
 * The node is inside a function that creates or drops databases (`CREATE DATABASE app_test`), or
 * at the top level of a module whose top level does (a test runner's set-up file): a provisioning
 * step, run by hand, by a deploy or by a test set-up over an administrator's connection, as a
 * migration is. The function's (or the module's top level's) own modelled calls are read. A client
 * built at the top level (`const admin = new Client(…)`) and used only in such functions, or handed
 * only to them (`up(admin)`), is theirs.
 */
export function inProvisioningFunction(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node) ?? programOf(node);
  if (fn === undefined) {
    return false;
  }
  if (provisions(analysis, fn)) {
    return true;
  }
  let held: TSESTree.Node = node;
  while (held.parent?.type === AST_NODE_TYPES.AwaitExpression || held.parent?.type === AST_NODE_TYPES.TSAsExpression) {
    held = held.parent;
  }
  const declarator = fn.type === AST_NODE_TYPES.Program ? held.parent : undefined;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== held || declarator.id.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const uses = (findVariable(analysis.scopeOf(declarator.id), declarator.id)?.references ?? []).filter((reference) => !reference.init);
  return (
    uses.length > 0 &&
    uses.every((reference) => {
      const identifier = reference.identifier as TSESTree.Node;
      // Handed to such a function of the file: `const up = async (knex) => { await knex.raw('CREATE DATABASE …') }; up(knex)`.
      const call = identifier.parent;
      const callee = call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(identifier as TSESTree.CallExpressionArgument) ? calledHelper(call.callee, analysis.scopeOf) : undefined;
      const user = callee?.fn ?? enclosingFunction(identifier);
      return user !== undefined && provisions(analysis, user);
    })
  );
}

/**
 * The function's own modelled calls send `CREATE DATABASE` or `DROP DATABASE`, or a query written
 * at a call of its own on any receiver does (`await connection.query(\`CREATE DATABASE ${name}\`)`
 * on a connection another module opened).
 */
function provisions(analysis: FileAnalysis, fn: FunctionNode | TSESTree.Program): boolean {
  return (
    analysis.callsIn(fn).some((call) => sqlTextOfCall(analysis, call)?.parts.some((part) => DATABASE_DDL.test(part)) === true) ||
    (fn.type !== AST_NODE_TYPES.Program && sendsDatabaseDdl(fn.body))
  );
}

/** A `.query(…)` (or `.raw`, `.execute`, `.unsafe`, `.none`) call under the node given `CREATE DATABASE` / `DROP DATABASE` text. */
function sendsDatabaseDdl(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && QUERY_METHODS.has(propertyName(node.callee) ?? '')) {
    const text = node.arguments[0] && skipWrappers(node.arguments[0]);
    if (
      (text?.type === AST_NODE_TYPES.Literal && typeof text.value === 'string' && DATABASE_DDL.test(text.value)) ||
      (text?.type === AST_NODE_TYPES.TemplateLiteral && DATABASE_DDL.test(text.quasis[0]?.value.cooked ?? ''))
    ) {
      return true;
    }
  }
  let found = false;
  forEachChild(node, (child) => {
    found ||= sendsDatabaseDdl(child);
  });
  return found;
}

const QUERY_METHODS: ReadonlySet<string> = new Set(['query', 'raw', 'execute', 'unsafe', 'none', 'exec']);

/**
 * Libraries whose migrator runs each migration's `up` / `down` in a transaction and hands it the
 * transaction in place of the engine: Knex (`up(knex)` receives a transaction unless the migration
 * exports `config = { transaction: false }` or the migrator disables transactions).
 */
const MIGRATION_TRANSACTION_LIBS: ReadonlySet<string> = new Set(['knex']);

/**
 * The node is the parameter of a migration's `up` / `down` (in a migration file) that the library's
 * migrator fills with a transaction: what looks like the engine there is the migration's
 * transaction, and `knex.transaction()` inside it is a savepoint on the same connection.
 */
export function isMigrationTransaction(node: TSESTree.Node, lib: string | undefined, filename: string, cwd: string, scopeOf: Scoped): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier || lib === undefined || !MIGRATION_TRANSACTION_LIBS.has(lib)) {
    return false;
  }
  const def = findVariable(scopeOf(node), node)?.defs[0];
  if (def?.type !== 'Parameter' || !isFunctionNode(def.node) || def.node.params[0] !== def.name) {
    return false;
  }
  const name = functionName(def.node);
  return (name === 'up' || name === 'down') && isMigrationFile(filename, cwd);
}

/**
 * Does the file close an engine in what it runs when loaded (`main().catch(…).finally(() =>
 * prisma.$disconnect())`, `await pool.end()` at the top level, `(async () => { …; await sql.end();
 * })()`), or end the process once it is done (`main().then(() => process.exit(0))`)? Then it is a
 * script run to completion, not a module a service imports: a service never shuts its engine (or
 * itself) down while loading. Read: top-level statements outside any `if` (a
 * `require.main === module` guard makes a module that is also a command), the functions of the file
 * they call or run in place, and the `.then` and `.finally` callbacks chained on those calls; not
 * a `catch` (a service may close its engine when its start-up fails), nor a callback handed
 * elsewhere (`process.on('SIGTERM', () => pool.end())`). A top-level statement that ends the
 * process with any code (`process.exit(1)`, `Deno.exit(1)`) makes it one too.
 */
export function closesEngineOnLoad(analysis: FileAnalysis, program: TSESTree.Program): boolean {
  // A top level that ends the process outright (`console.log(await db.select()…); Deno.exit(1)`),
  // whatever the code: a probe run to completion.
  if (program.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && processCall(statement.expression, ['exit']) !== undefined)) {
    return true;
  }
  const ran: Array<FunctionNode | TSESTree.Program> = [program];
  const seen = new Set<TSESTree.Node>(ran);
  const run = (fn: FunctionNode): void => {
    if (!seen.has(fn)) {
      seen.add(fn);
      ran.push(fn);
    }
  };
  /** The function of the file a call calls by name (`main()`, `endOnExit(0)`). */
  const calledFunction = (callee: TSESTree.Node): FunctionNode | undefined =>
    callee.type === AST_NODE_TYPES.Identifier ? sameFileFunction(callee, analysis.scopeOf, true) : undefined;
  const runCall = (expression: TSESTree.Node): void => {
    let node = skipWrappers(expression);
    while (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void')) {
      node = skipWrappers(node.argument);
    }
    // `main().then(…).catch(…).finally(…)`: the chain's callbacks, then its root call.
    while (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.MemberExpression &&
      ['then', 'catch', 'finally'].includes(keyName(node.callee.property, node.callee.computed) ?? '')
    ) {
      const method = keyName(node.callee.property, node.callee.computed);
      const callback = node.arguments[0];
      if (method !== 'catch' && callback && isFunctionNode(callback)) {
        run(callback);
      }
      node = skipWrappers(node.callee.object);
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) {
      return;
    }
    const callee = skipWrappers(node.callee);
    const fn = isFunctionNode(callee) ? callee : calledFunction(callee);
    if (fn) {
      run(fn);
    }
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      runCall(statement.expression);
    }
  }
  // What those functions run in turn, outside their `catch` blocks: the functions of the file they
  // call by name (`await endOnExit(0)`), and the `.then` / `.finally` callbacks they chain
  // (`query(drop).then(() => pool.end())`).
  for (let index = 1; index < ran.length && index < MAX_RUN_FUNCTIONS; index++) {
    const fn = ran[index] as FunctionNode;
    for (const call of analysis.callsIn(fn)) {
      if (call.type !== AST_NODE_TYPES.CallExpression || catchOf(call) !== undefined) {
        continue;
      }
      const callee = skipWrappers(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? keyName(callee.property, callee.computed) : undefined;
      const callback = call.arguments[0];
      const next = method === 'then' || method === 'finally' ? (callback && isFunctionNode(callback) ? callback : undefined) : calledFunction(callee);
      if (next) {
        run(next);
      }
    }
  }
  return ran.some((fn) =>
    analysis.callsIn(fn).some((node) => {
      // An engine's shutdown (`pool.end()`, `prisma.$disconnect()`), or a client's (`client.end()`);
      // or the process ended once the work is done (`main().then(() => process.exit(0))`), which a
      // service never does.
      const spec = analysis.values.callOf(node)?.spec;
      if (spec?.effect !== 'close' && !(spec?.effect === 'release' && spec.endsSession === true) && !exitsWithSuccess(node)) {
        return false;
      }
      for (let current: TSESTree.Node | undefined = node.parent; current && current !== fn; current = current.parent) {
        if (current.type === AST_NODE_TYPES.CatchClause || (fn === program && (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression))) {
          return false;
        }
      }
      return true;
    }),
  );
}

/** How many functions `closesEngineOnLoad` follows from the top level. */
const MAX_RUN_FUNCTIONS = 64;

/** `process.exit()`, `process.exit(0)`: the process ends, successfully. */
function exitsWithSuccess(node: TSESTree.Node): boolean {
  const call = processCall(node, ['exit']);
  const code = call?.arguments[0];
  return call !== undefined && call.arguments.length <= 1 && (code === undefined || (code.type === AST_NODE_TYPES.Literal && code.value === 0));
}

/** Test files and (unless asked) migrations are not judged by the transaction-pooling rules. */
export function ignoredFile(filename: string, cwd: string, options: { checkTests?: boolean; checkMigrations?: boolean }, program?: TSESTree.Program): boolean {
  return testsLeftAlone(options, filename, cwd, program) || (!options.checkMigrations && isMigrationFile(filename, cwd));
}

/** The node holding the SQL a modelled call sends: its SQL argument, or the tagged template itself. */
export function sqlNodeOf(info: CallInfo): TSESTree.Node | undefined {
  const sql = info.spec.sql;
  if (!sql) {
    return undefined;
  }
  const node = info.node;
  if ('template' in sql) {
    return node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node : undefined;
  }
  return node.type === AST_NODE_TYPES.TaggedTemplateExpression ? undefined : node.arguments[sql.arg];
}

/** The SQL text a call of the file sends, when it is a modelled query whose text is visible. */
export function sqlTextOfCall(analysis: FileAnalysis, call: TSESTree.Node): SqlText | undefined {
  const info = analysis.values.callOf(call);
  const sqlNode = info && sqlNodeOf(info);
  return sqlNode && sqlTextOf(sqlNode, analysis.scopeOf);
}

/**
 * A query config that names a protocol-level prepared statement: `{ name: 'find-user', text, values }`
 * (node-postgres, pg-promise, Neon, Vercel). `removable` when the object is written at the call.
 */
export function namedStatement(node: TSESTree.Node, scopeOf: Scoped): { property: TSESTree.Property; removable: boolean } | undefined {
  let object = skipWrappers(node);
  let removable = true;
  if (object.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(object, scopeOf);
    if (!init) {
      return undefined;
    }
    object = skipWrappers(init);
    removable = false;
  }
  if (object.type !== AST_NODE_TYPES.ObjectExpression) {
    return undefined;
  }
  let name: TSESTree.Property | undefined;
  let text = false;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) {
      continue;
    }
    const key = keyName(property.key, property.computed);
    if (key === 'name') {
      name = property;
    } else if (key === 'text') {
      text = true;
    }
  }
  if (!name || !text || name.kind !== 'init') {
    return undefined;
  }
  // A name the function is given (`query(text, values, name?)` → `{ text, values, name }`) is still
  // one: the helper exists to name statements, and its callers (often in other files) do.
  return mayBeEmpty(name.value) ? undefined : { property: name, removable };
}

/** A name that may be absent: `undefined`, `null`, `''`, or a condition with such a branch (`usePrepared ? 'q1' : undefined`). */
function mayBeEmpty(node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return value.value === null || value.value === '' || value.value === false;
    case AST_NODE_TYPES.Identifier:
      return value.name === 'undefined';
    case AST_NODE_TYPES.ConditionalExpression:
      return mayBeEmpty(value.consequent) || mayBeEmpty(value.alternate);
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator === '&&' || mayBeEmpty(value.right);
    default:
      return false;
  }
}

/**
 * Names and environment variables that say a connection bypasses the pooler: `DIRECT_URL`
 * (Prisma, Supabase), `DATABASE_URL_UNPOOLED` (Neon), `POSTGRES_URL_NON_POOLING` (Vercel), a
 * `directPool`, a `listenClient`, a `SESSION_POOLER_URL`. Session features are the point of such a
 * connection. Only the receiver and the connection URL are read, not other options.
 */
const DIRECT = /direct|unpooled|non_?pool(?:ed|ing)?|session_?(?:pool|mode|url)|listen/i;

/**
 * The configuration names a connection that bypasses the pooler: its URL (`input.directUrl`,
 * `process.env.DATABASE_URL_UNPOOLED`), the variable it is bound to (`const listenSql = …`), or the
 * function that returns it (`function connectSessionMode(dsn) { return postgres({ … }); }`).
 */
export function namesDirectConnection(
  sourceText: string,
  site: { readonly node: TSESTree.Node; readonly url?: { readonly node: TSESTree.Node } },
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
): boolean {
  if (site.url && DIRECT.test(urlText(sourceText, site.url.node, scopeOf))) {
    return true;
  }
  const holder = site.node.parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator) {
    return holder.id.type === AST_NODE_TYPES.Identifier && DIRECT.test(holder.id.name);
  }
  const returned =
    holder?.type === AST_NODE_TYPES.ReturnStatement ||
    (holder?.type === AST_NODE_TYPES.ArrowFunctionExpression && holder.body === site.node);
  const fn = returned ? enclosingFunction(site.node) : undefined;
  return fn !== undefined && DIRECT.test(functionName(fn) ?? '');
}

/**
 * A URL expression's text, and for a `const` of the file its initializer's too
 * (`const connectionString = process.env.DATABASE_DIRECT_URL ?? process.env.DATABASE_URL`).
 */
function urlText(sourceText: string, node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): string {
  const own = leadingText(sourceText, node);
  // `url!`, `url as string`: the variable's initializer all the same.
  const inner = skipWrappers(node);
  const init = inner.type === AST_NODE_TYPES.Identifier ? constInitializer(inner, scopeOf) : undefined;
  return init ? `${own} ${leadingText(sourceText, init)}` : own;
}

/** The first 200 characters of a node's text: enough for a name or a URL expression, bounded on long ones. */
function leadingText(sourceText: string, node: TSESTree.Node): string {
  return sourceText.slice(node.range[0], Math.min(node.range[1], node.range[0] + 200));
}

/** The commands of the replication protocol, which only a replication connection accepts. */
const REPLICATION_COMMAND = /^\s*(?:CREATE_REPLICATION_SLOT|DROP_REPLICATION_SLOT|READ_REPLICATION_SLOT|START_REPLICATION|IDENTIFY_SYSTEM|TIMELINE_HISTORY|BASE_BACKUP)\b/i;

/**
 * The call runs on a connection that bypasses the pooler, as far as the file shows: the receiver's
 * name, or the connection URL of the engine or client it comes from, names a direct connection; or
 * it is a replication connection (built with the replication option, see `opensReplication`, or
 * sent replication commands in the same function).
 */
export function usesDirectConnection(analysis: FileAnalysis, call: TSESTree.Node): boolean {
  const info = analysis.values.callOf(call);
  let target: TSESTree.Node | undefined = info ? targetOf(info) : undefined;
  if (target && sendsReplicationCommands(analysis, call, target)) {
    return true;
  }
  const text = (node: TSESTree.Node) => leadingText(analysis.sourceText, node);
  for (let step = 0; target && step < 4; step++) {
    if (DIRECT.test(text(target))) {
      return true;
    }
    const origin = analysis.values.valueOf(target)?.origin;
    if (!origin || (origin.type !== AST_NODE_TYPES.CallExpression && origin.type !== AST_NODE_TYPES.NewExpression)) {
      return false;
    }
    const made = analysis.values.callOf(origin);
    const site = made && configSite(analysis, made);
    if ((site?.url && DIRECT.test(urlText(analysis.sourceText, site.url.node, analysis.scopeOf))) || (site !== undefined && opensReplication(site))) {
      return true;
    }
    const callee = skipWrappers(origin.callee);
    target = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
  }
  return false;
}

/**
 * The same receiver (by its text: `session`, `this.replica`) sends a replication command
 * (`CREATE_REPLICATION_SLOT …`) in the function that makes the call: a replication connection,
 * whatever its name.
 */
function sendsReplicationCommands(analysis: FileAnalysis, call: TSESTree.Node, target: TSESTree.Node): boolean {
  let owner: TSESTree.Node | undefined = call.parent;
  while (owner && !isFunctionNode(owner) && owner.type !== AST_NODE_TYPES.Program) {
    owner = owner.parent;
  }
  if (!owner) {
    return false;
  }
  const receiver = analysis.sourceText.slice(target.range[0], target.range[1]);
  for (const other of analysis.callsIn(owner as FunctionNode | TSESTree.Program)) {
    const otherInfo = other === call ? undefined : analysis.values.callOf(other);
    const otherTarget = otherInfo && targetOf(otherInfo);
    const sqlNode = otherInfo && sqlNodeOf(otherInfo);
    if (!otherTarget || !sqlNode || analysis.sourceText.slice(otherTarget.range[0], otherTarget.range[1]) !== receiver) {
      continue;
    }
    const text = sqlTextOf(sqlNode, analysis.scopeOf);
    if (text && REPLICATION_COMMAND.test(text.parts[0] ?? '')) {
      return true;
    }
  }
  return false;
}

/**
 * The configurations a configuration file exports (see `configFileSites`), unless the file is one
 * a command-line tool reads by convention (a knexfile, sequelize-cli's configuration) that no
 * source file of the project names: then only the tool reads it, to run migrations (see
 * `namedByOtherSource`; readers that are tests, migrations or scripts do not count).
 */
export function applicationConfigFileSites(analysis: FileAnalysis, program: TSESTree.Program, filename: string, cwd: string): ConfigSite[] {
  const sites = configFileSites(analysis, program, filename);
  return sites.length > 0 && isCommandLineConfigFile(filename) && readOnlyByCommandLine(filename, cwd) ? [] : sites;
}

/** Files TypeORM's command line is pointed at (`typeorm migration:run -d src/data-source.ts`): `data-source.ts`, `datasource.ts`, `ormconfig.ts`, `typeorm.config.ts`, and their variants (`ormconfig-fixed.js`, `data-source.prod.ts`). */
const DATA_SOURCE_FILE = /(?:^|[\\/])(?:app[-_.]?)?(?:data[-_.]?source|ormconfig|orm[-_.]config|typeorm(?:[-_.]config)?)(?:[-_.][a-z\d]+)?\.[cm]?[jt]s$/i;

/**
 * A TypeORM data source built at the top level (or by a function only it calls) of a file named for TypeORM's command line (see
 * DATA_SOURCE_FILE) that no source file of the project names (`import { AppDataSource } from
 * './data-source'`; tests, migrations and scripts do not count): only the command line reads it,
 * to run migrations (the application builds its own, often through `TypeOrmModule.forRoot(…)`).
 */
export function dataSourceForCommandLine(site: ConfigSite, filename: string, cwd: string, scopeOf: Scoped): boolean {
  if (site.layout !== CONFIG_LAYOUTS.typeorm || !DATA_SOURCE_FILE.test(filename)) {
    return false;
  }
  // Built at the top level, or by a function only the top level calls (`export default createDataSource()`).
  const builder = enclosingFunction(site.node);
  return (builder === undefined || calledOnlyAtStartup(builder, scopeOf)) && readOnlyByCommandLine(filename, cwd);
}

/**
 * No source file under the working directory names the module (see `namedByOtherSource`), but for
 * readers that are not the application: tests, migrations and scripts.
 */
function readOnlyByCommandLine(filename: string, cwd: string): boolean {
  return (
    cwd !== '' &&
    path.isAbsolute(filename) &&
    namedByOtherSource(filename, cwd, (other) => isTestFile(other, cwd) || isMigrationFile(other, cwd) || isScriptFile(other, cwd)) === false
  );
}
