import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { packageName } from '../util/package-name';
/**
 * Per-request callbacks recognised by convention rather than by import tracking: file-based
 * routing, exported handler names, decorators, resolver maps. Data only; the matching is in
 * lib/analysis/handlers.ts.
 */

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export interface ExportConvention {
  framework: string;
  what: string;
  /** The file path (with `/` separators) must match; absent: any file. */
  file?: RegExp;
  /**
   * Export names: `GET`, `default`, `default.fetch` (a method of an exported object), `actions.*`
   * (every function of an exported object).
   */
  exports: readonly string[];
  /**
   * A test file matching `file` is not this convention's: its folder name is common enough for a
   * service's own `api/` package, whose `test/` folder holds test helpers, not functions.
   */
  notInTests?: true;
  /**
   * The folder `file` names (its last `dir/`) is at the root of a deployed project: not one that
   * holds a package.json of its own, or sits inside one (`api/package.json`: a monorepo's package
   * named `api`, whose files are its code, not the platform's functions).
   */
  folderNotAPackage?: string;
  /**
   * The platform cannot share I/O across requests, so its documentation creates clients per request
   * (Cloudflare Workers): governed by `no-engine-per-request`'s `allowServerlessDrivers`.
   */
  serverless?: true;
  /**
   * Invoked by events of any kind, a deploy's among them (a CloudFormation custom resource, a
   * provisioner run after each release): one that runs the migrations is a deploy step, not a
   * request to serve.
   */
  invokedByEvents?: true;
}

export const EXPORT_CONVENTIONS: readonly ExportConvention[] = [
  { framework: 'Next.js', what: 'route handler', file: /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/, exports: HTTP_METHODS },
  { framework: 'Next.js', what: 'API route', file: /(^|\/)pages\/api\//, exports: ['default'] },
  {
    framework: 'Next.js',
    what: 'server component',
    file: /(^|\/)app\/(.+\/)?(page|layout|template)\.[jt]sx?$/,
    exports: ['default', 'generateMetadata'],
  },
  { framework: 'Next.js', what: 'data function', file: /(^|\/)pages\//, exports: ['getServerSideProps'] },
  { framework: 'Next.js', what: 'middleware', file: /(^|\/)(src\/)?(middleware|proxy)\.[cm]?[jt]s$/, exports: ['default', 'middleware', 'proxy'] },
  { framework: 'SvelteKit', what: 'endpoint', file: /(^|\/)\+server\.[jt]s$/, exports: [...HTTP_METHODS, 'fallback'] },
  { framework: 'SvelteKit', what: 'load function', file: /(^|\/)\+(page|layout)\.server\.[jt]s$/, exports: ['load', 'actions.*'] },
  { framework: 'SvelteKit', what: 'hook', file: /(^|\/)hooks\.server\.[jt]s$/, exports: ['handle', 'handleFetch'] },
  { framework: 'Astro', what: 'endpoint', file: /(^|\/)pages\/.+\.[jt]s$/, exports: [...HTTP_METHODS, 'ALL'] },
  { framework: 'Remix', what: 'loader or action', exports: ['loader', 'action'] },
  { framework: 'AWS Lambda', what: 'handler', exports: ['handler'], invokedByEvents: true },
  // Vercel serves the `api/` folder at a project's root: not one inside a source tree (`src/api/`,
  // `packages/api/src/`, `api/lib/`), where a package or module merely named `api` keeps its code.
  { framework: 'Vercel', what: 'function', file: /^(?!(.*\/)?(src|lib)\/)(.*\/)?api\//, exports: ['default'], notInTests: true, folderNotAPackage: 'api' },
  { framework: 'Cloudflare Workers', what: 'handler', exports: ['default.fetch', 'default.scheduled', 'default.queue'], serverless: true },
];

export interface DecoratorConvention {
  framework: string;
  what: string;
  modules: readonly string[];
  names: readonly string[];
  /** The callbacks serve requests concurrently in one long-lived process (see `FrameworkModel.concurrent`). */
  concurrent?: true;
}

/** Method decorators that make a class method a per-request (or per-message, per-job) callback. */
export const DECORATOR_CONVENTIONS: readonly DecoratorConvention[] = [
  {
    framework: 'NestJS',
    what: 'route handler',
    modules: ['@nestjs/common'],
    names: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Search', 'Sse'],
    concurrent: true,
  },
  {
    framework: 'NestJS',
    what: 'message handler',
    modules: ['@nestjs/microservices'],
    names: ['MessagePattern', 'EventPattern', 'GrpcMethod', 'GrpcStreamMethod'],
    concurrent: true,
  },
  { framework: 'NestJS', what: 'gateway handler', modules: ['@nestjs/websockets'], names: ['SubscribeMessage'], concurrent: true },
  { framework: 'NestJS', what: 'job processor', modules: ['@nestjs/bull', '@nestjs/bullmq'], names: ['Process'] },
  { framework: 'NestJS', what: 'scheduled job', modules: ['@nestjs/schedule'], names: ['Cron', 'Interval'] },
  {
    framework: 'GraphQL',
    what: 'resolver',
    modules: ['@nestjs/graphql', 'type-graphql'],
    names: ['Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver', 'ResolveReference'],
  },
  {
    framework: 'routing-controllers',
    what: 'route handler',
    modules: ['routing-controllers'],
    names: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head'],
    concurrent: true,
  },
];

/**
 * Classes whose decorator (`@Processor() class X extends WorkerHost { process() }`) or implemented
 * interface (`class X implements NestMiddleware { use() }`) makes a fixed method per-request.
 */
export const CLASS_METHOD_CONVENTIONS: readonly (DecoratorConvention & { via: 'decorator' | 'implements'; methods: readonly string[] })[] = [
  { framework: 'NestJS', what: 'job processor', modules: ['@nestjs/bullmq'], names: ['Processor'], via: 'decorator', methods: ['process'] },
  { framework: 'NestJS', what: 'middleware', modules: ['@nestjs/common'], names: ['NestMiddleware'], via: 'implements', methods: ['use'], concurrent: true },
  { framework: 'NestJS', what: 'guard', modules: ['@nestjs/common'], names: ['CanActivate'], via: 'implements', methods: ['canActivate'], concurrent: true },
  { framework: 'NestJS', what: 'interceptor', modules: ['@nestjs/common'], names: ['NestInterceptor'], via: 'implements', methods: ['intercept'], concurrent: true },
  { framework: 'NestJS', what: 'pipe', modules: ['@nestjs/common'], names: ['PipeTransform'], via: 'implements', methods: ['transform'], concurrent: true },
];

/** `@Injectable({ scope: Scope.REQUEST })`: the container builds the class (constructor, fields) per request. */
export const REQUEST_SCOPED_PROVIDERS: readonly { modules: readonly string[]; decorators: readonly string[]; scope: string }[] = [
  { modules: ['@nestjs/common'], decorators: ['Injectable', 'Controller'], scope: 'REQUEST' },
];

/**
 * Test sources: an engine per test or per helper call is not an engine per request. Test files
 * (`db.test.ts`, `db.spec.ts`, the plural `db.tests.ts`, and Deno's `db_test.ts`), the
 * folders of test support code (`testing/`, `test-utils/`, any `test-…/`: a helper that resets the
 * test database, as `@nestjs/testing` or Angular's `testing` entry points name theirs), type tests
 * (`type-tests/`, tsd's `*.test-d.ts`, TSTyche's `*.tst.ts`: compiled, never run) and test
 * runners' setup files (`jest.setup.ts`, `vitest.setup.ts`, `test-setup.ts`, `setupTests.ts`), test
 * support modules named so (`test-utils.ts`, `testHelpers.ts`, `test_helper.js`, `test-db.ts`, `test-hooks.ts`), test
 * configurations (`test-config.ts`, `mikro-orm-test.config.ts`, `knexfile.test.config.js`), and
 * end-to-end harnesses: Cypress and Playwright folders and config files (where Cypress tasks that
 * reset the test database live), and suite folders named by kind (`cypress-tests/`, `e2e-tests/`,
 * `integration-tests/`, `perfTest/`, `load_tests/`; a package named so: `magda-int-test-ts/`,
 * `api-integration-tests/`, and an Nx workspace's end-to-end project: `apps/web-e2e/`).
 * Matched against the path relative to ESLint's working directory (see isTestFile): a project checked out under `~/tests/` is not all tests.
 */
export const TEST_FILE =
  /(^|[\\/])[\w.]+[-_](int|integration|e2e)[-_]tests?([-_][\w.-]+)?[\\/]|(^|[\\/])[\w.-]+[-_]e2e[\\/]|(^|[\\/])(__tests__|__mocks__|__fixtures__|_tests?|tests?|testing|tests?-[\w-]+|type-?tests?|spec|e2e|end-to-end|fixtures?|cypress|playwright|(cypress|playwright|e2e|integration|unit|api|smoke|load|perf|acceptance|functional|component|contract|system|regression)[-_]?[tT]ests?)[\\/]|\.(tests?|specs?|e2e-spec|e2e|test-d|tst)\.[cm]?[jt]sx?$|[\w.-]_test\.[cm]?[jt]sx?$|(^|[\\/])((jest|vitest|test)([.-][\w-]+?)?[.-](global[.-]?)?(setup|teardown)|global[.-]?([sS]etup|[tT]eardown)|setup-?[tT]ests?|(cypress|playwright)([.-][\w-]+)?\.config|(_?[a-z][a-zA-Z]*T|[tT])est[-_]?([uU]til(s|ities)?|[hH]elpers?|[sS]upport|[dD][bB]|[dD]atabase|[hH]ooks?|[hH]arness|[fF]ixtures?|[cC]onfig)|[\w.-]*[-_.]tests?\.config)\.[cm]?[jt]sx?$/;

/**
 * Names in a callee chain that run schema migrations or seeds: `dataSource.runMigrations()`,
 * `knex.migrate.latest()`, `knex.seed.run()`, `new Migrator({ db, provider })`,
 * `migrate(db, { migrationsFolder })`, `orm.getMigrator().up()`, `new Umzug({ … })`. A function
 * that builds an engine to run them is a deploy or start-up step, not work done per call.
 */
export const MIGRATION_CALLEE = /migrat|^umzug$|^seeds?$/i;

/** Function names of migration and seed steps: `runMigrations`, `seedDatabase`, `customSeed`. */
export const MIGRATION_FUNCTION = /migrat|seed/i;

/**
 * Start-up steps by convention: the loaders of a service laid out as `src/loaders/` (each one run
 * once while the process starts: `await expressLoader(app)`), and a `main`, `bootstrap` or `init`
 * function (`initDatabase()`, `initializePool()`, run once while the server starts).
 */
const STARTUP_FILE = /(^|[\\/])loaders[\\/]/;
const STARTUP_FUNCTION = /^(main|bootstrap|init(ialize)?(Db|DB|Database|Pool|Postgres|Pg|Connection)?)$/;

/** The function runs once while the process starts, by its file (`src/loaders/`) or its name (`main`, `bootstrap`). */
export function isStartupStep(filename: string, cwd: string, name: string | undefined): boolean {
  return STARTUP_FUNCTION.test(name ?? '') || STARTUP_FILE.test(relativePath(filename, cwd));
}

/**
 * Methods a framework calls once per process: NestJS's lifecycle hooks (`onModuleInit()`, …) on
 * any provider, and a dynamic module's static builders (`static forRoot(): DynamicModule`, `forFeature`,
 * `register`, and their `Async` forms) on a class decorated `@Module(…)`, run while the module
 * graph is assembled.
 */
const LIFECYCLE_HOOKS = /^(onModuleInit|onApplicationBootstrap|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown)$/;
const MODULE_BUILDERS = /^(forRoot|forFeature|register)(Async)?$/;

export function isStartupMethod(fn: TSESTree.Node): boolean {
  const method = fn.parent;
  if (method?.type !== 'MethodDefinition' || method.computed || method.key.type !== 'Identifier') {
    return false;
  }
  if (!method.static) {
    return LIFECYCLE_HOOKS.test(method.key.name);
  }
  const cls = method.parent.parent;
  return (
    MODULE_BUILDERS.test(method.key.name) &&
    (cls.decorators ?? []).some((decorator) => {
      const expression = decorator.expression;
      const callee = expression.type === 'CallExpression' ? expression.callee : expression;
      return callee.type === 'Identifier' && callee.name === 'Module';
    })
  );
}

/**
 * Scripts run by hand or by a scheduler: a file in a `scripts/` (or `script/`) folder, at the root
 * or inside a package (`packages/db/scripts/backfill.ts`, `src/scripts/daily.ts`), in a `cli/`
 * folder or package (`packages/cli/src/commands/memory.ts`, `src/cli/seed.ts`), a command-line
 * entry point named so (`src/cli.ts`, `backfill-providers.cli.ts`), or in a `tools/` or `tooling/`
 * (or `tool/`) folder outside a source tree (`tools/`, `server/tools/`, a monorepo's
 * `tooling/export-import/`, a package's `tool/`, `tools/load-generator/src/main.ts`; not
 * `src/ai/tools/`, an agent's tools).
 */
const SCRIPT_FILE = /(^|[\\/])(scripts?|cli)[\\/]|(^|[\\/])([\w-]+\.)?cli\.[cm]?[jt]s$|^(?!(.*[\\/])?(src|lib|app)[\\/](.*[\\/])?tool(s|ing)?[\\/])(.*[\\/])?tool(s|ing)?[\\/]/;

/**
 * Modules whose import makes a file a command-line tool's configuration or run: kysely-ctl's
 * `kysely.config.ts` (`export default defineConfig({ dialect, migrations })`), whose engine runs
 * the tool's migrations and seeds from a developer's machine or a deploy step; and the type
 * generators that read the schema through an engine the file hands them (sql-ts's
 * `sqlts.toObject(config, knex)`, kanel, kysely-codegen, extract-pg-schema, pg-to-ts, schemats),
 * run by a package script on a developer's machine or in CI.
 */
const CLI_CONFIG_MODULES: readonly string[] = [
  'kysely-ctl',
  '@rmp135/sql-ts',
  'kanel',
  'kysely-codegen',
  'extract-pg-schema',
  'pg-to-ts',
  'schemats',
];

/**
 * Command-line argument parsers: a file that imports one (`import yargs from 'yargs/yargs'`,
 * `require('commander')`) is a command run from a shell, by hand or by a scheduler.
 */
const COMMAND_LINE_MODULE = /^(?:yargs|commander|minimist|meow|cac|sade|mri|citty|clipanion|cmd-ts|@oclif\/core|@caporal\/core|caporal)(?:\/[\w./-]*)?$/;

/** The linted file is a script (see SCRIPT_FILE), by its path under the working directory. */
export function isScriptFile(filename: string, cwd: string): boolean {
  return SCRIPT_FILE.test(relativePath(filename, cwd));
}

const commandFiles = new WeakMap<TSESTree.Program, boolean>();

/**
 * The linted file is a script or a command: by its folder (`scripts/`, `tools/`, `tooling/`: see
 * `isScriptFile`), its `#!` line (`#!/usr/bin/env node`), a command-line argument parser it imports
 * (see COMMAND_LINE_MODULE), or a command-line tool it is the configuration or run of (see
 * CLI_CONFIG_MODULES). It runs once per invocation, from a developer's machine, a deploy step or a
 * scheduler, and its process ends with it.
 */
export function isScript(filename: string, cwd: string, sourceCode: { readonly text: string; readonly ast: TSESTree.Program }): boolean {
  if (sourceCode.text.startsWith('#!') || isScriptFile(filename, cwd)) {
    return true;
  }
  let known = commandFiles.get(sourceCode.ast);
  if (known === undefined) {
    known = importsModule(sourceCode.ast, (name) => COMMAND_LINE_MODULE.test(name) || CLI_CONFIG_MODULES.includes(name)) || isInitializerPackage(filename);
    commandFiles.set(sourceCode.ast, known);
  }
  return known;
}

/**
 * A file of an npm initializer (`create-mercur-app`, `@acme/create-app`: the package `npm create`
 * and `npm init <name>` run), a command run once on a developer's machine to set a project up.
 */
function isInitializerPackage(filename: string): boolean {
  // Its folder is named so too (`packages/create-mercur-app/src/…`): asked first, without reading a package.json.
  return INITIALIZER_FOLDER.test(filename) && packageName(filename)?.startsWith('create-') === true;
}

const INITIALIZER_FOLDER = /(?:^|[\\/])create-[\w.-]+[\\/]/;

/** Top-level keys of a GraphQL resolver map (`{ Query: { user: (parent, args, ctx) => … } }`). */
export const RESOLVER_ROOTS: readonly string[] = ['Query', 'Mutation', 'Subscription'];

/**
 * Functions that wrap a per-request callback: Nitro/h3 `defineEventHandler(fn)`, Deno's
 * `Deno.serve(fn)`. Global (a name, or a member of a global object) or imported from these modules.
 */
export const HANDLER_WRAPPERS: readonly { framework: string; what: string; names: readonly string[]; modules: readonly string[]; importedOnly?: true }[] = [
  { framework: 'Nitro', what: 'event handler', names: ['defineEventHandler', 'eventHandler', 'defineCachedEventHandler'], modules: ['h3', 'nitropack', 'nitropack/runtime', '#imports'] },
  { framework: 'Node.js', what: 'setInterval callback', names: ['setInterval'], modules: ['timers', 'node:timers'] },
  // Supabase Edge Functions and other Deno servers: `Deno.serve(async (req) => …)`, `Deno.serve(options, handler)`.
  { framework: 'Deno', what: 'request handler', names: ['Deno.serve'], modules: [] },
  // The standard library's `serve(handler)` of older Edge Functions (`https://deno.land/std@0.168.0/http/server.ts`).
  { framework: 'Deno', what: 'request handler', names: ['serve'], modules: ['@std/http/server', '@std/http'], importedOnly: true },
];

/** Procedure builders recognised by shape when they come from another file (tRPC). */
export const PROCEDURE_METHODS: readonly string[] = ['query', 'mutation', 'subscription'];
export const PROCEDURE_BUILDERS: readonly string[] = ['input', 'output', 'use', 'meta', 'concat'];
export const PROCEDURE_CONTEXT_KEYS: readonly string[] = ['ctx', 'input'];

/** Test framework callbacks: an engine per test is not an engine per request. */
export const TEST_FUNCTIONS: readonly string[] = [
  'describe', 'it', 'test', 'suite', 'context', 'specify', 'bench',
  'beforeAll', 'beforeEach', 'afterAll', 'afterEach', 'before', 'after',
];
export const TEST_MODULES: readonly string[] = ['vitest', '@jest/globals', 'node:test', 'test', 'mocha', 'bun:test', 'ava', 'tap'];

/**
 * A workspace package of test support, by its name (`pagopa-interop-commons-test`,
 * `@acme/test-utils`, `db-testing`, `api-e2e`): every file of it is test code.
 */
const TEST_PACKAGE = /(?:^|[-_.])(?:tests?|testing|e2e|test[-_]?(?:utils?|utilities|helpers?|support|kit|fixtures?|setup))$|^tests?[-_]/i;
/** A product feature named so: A/B and split tests. */
const EXPERIMENT_PACKAGE = /(?:^|[-_.])(?:ab|split)[-_.]?test/i;

function isTestPackage(name: string | undefined): boolean {
  return name !== undefined && TEST_PACKAGE.test(name) && !EXPERIMENT_PACKAGE.test(name);
}

/**
 * A test file, judged by its path relative to the working directory (absolute paths outside it as
 * they are), or, given the file's program, by a test support module it imports (see
 * TEST_SUPPORT_MODULE).
 */
export function isTestFile(filename: string, cwd: string, program?: TSESTree.Program): boolean {
  const relative = relativePath(filename, cwd);
  // Several rules ask about the file being linted: remember the last answer.
  if (lastTest?.relative !== relative) {
    lastTest = { relative, test: TEST_FILE.test(relative) || isTestPackage(packageName(filename)) };
  }
  return lastTest.test || (program !== undefined && importsTestSupport(program));
}

/**
 * Modules only test support code imports: Testcontainers (`testcontainers`,
 * `@testcontainers/postgresql`) starts a throw-away database in a container, and the pool a
 * helper beside it builds (`createTestPool()` in `lib/helpers/containers.ts`) connects there;
 * Playwright's test runner (`@playwright/test`) and supertest drive end-to-end and HTTP tests,
 * whose helpers reset the test database.
 */
const TEST_SUPPORT_MODULE = /^(?:testcontainers|@testcontainers\/[\w.-]+|@playwright\/test|supertest)$/;

const testSupport = new WeakMap<TSESTree.Program, boolean>();

/** The program imports a test support module at its top level (`import`, or a `require` in a declaration). */
function importsTestSupport(program: TSESTree.Program): boolean {
  let known = testSupport.get(program);
  if (known === undefined) {
    known = importsModule(program, (name) => TEST_SUPPORT_MODULE.test(name));
    testSupport.set(program, known);
  }
  return known;
}

let lastTest: { readonly relative: string; readonly test: boolean } | undefined;

/**
 * Path segments (a folder, or a file name) that start a word with another database's name: the
 * dialect-specific code of an application that runs on several (`database/sqlite/`,
 * `MySQLAgentMemory/mysqlSaver.ts`, `driver-mssql.ts`, `common/redshift.ts`: Amazon Redshift speaks
 * PostgreSQL's protocol, but no transaction pooler stands in front of it). Code there does not talk to PostgreSQL.
 */
const OTHER_DATABASE = /(?:^|[\\/_.-])(?:sqlite|mysql|mariadb|mssql|sqlserver|mongo|redshift)/i;
/** A segment that names PostgreSQL too (`mysql-to-postgres.ts`, `pgSaver`) keeps the file PostgreSQL's. */
const POSTGRES_NAMED = /(?:^|[\\/_.-])(?:pg(?:[a-z\\/_.-]|$)|neon|supabase)|postgres/i;

/**
 * A file of another database's dialect-specific code, by its path relative to the working
 * directory: the rules judge PostgreSQL code and leave it alone.
 */
export function isOtherDatabaseFile(filename: string, cwd: string): boolean {
  const relative = relativePath(filename, cwd);
  if (lastOther?.relative !== relative) {
    lastOther = { relative, other: OTHER_DATABASE.test(relative) && !POSTGRES_NAMED.test(relative) };
  }
  return lastOther.other;
}

let lastOther: { readonly relative: string; readonly other: boolean } | undefined;

/** A test file that a rule's `checkTests` option (default off) leaves alone. */
export function testsLeftAlone(options: { readonly checkTests?: boolean }, filename: string, cwd: string, program?: TSESTree.Program): boolean {
  return !options.checkTests && isTestFile(filename, cwd, program);
}

/** `filename` relative to `cwd` when inside it, otherwise as given. */
export function relativePath(filename: string, cwd: string): string {
  if (!cwd || !path.isAbsolute(filename)) {
    return filename;
  }
  // Several rules ask about the file being linted, one after the other: remember the last answer.
  if (lastRelative?.filename === filename && lastRelative.cwd === cwd) {
    return lastRelative.result;
  }
  let result = plainlyInside(filename, cwd);
  if (result === undefined) {
    const relative = path.relative(cwd, filename);
    result = relative.startsWith('..') || path.isAbsolute(relative) ? filename : relative;
  }
  lastRelative = { filename, cwd, result };
  return result;
}

/**
 * The common case without `path.relative`: a file under the working directory, named plainly (no
 * `.` or `..` segment, no doubled separator), is the rest of its name. Anything else (another
 * drive letter case on Windows, an unnormalised path) is left to `path.relative`.
 */
function plainlyInside(filename: string, cwd: string): string | undefined {
  const sep = path.sep;
  const start = cwd.endsWith(sep) ? cwd.length : cwd.length + 1;
  if (filename.length <= start || !filename.startsWith(cwd) || (start > cwd.length && filename[cwd.length] !== sep)) {
    return undefined;
  }
  const rest = filename.slice(start);
  if (rest.startsWith('.') || rest.startsWith(sep) || rest.includes(`${sep}.`) || rest.includes(`${sep}${sep}`)) {
    return undefined;
  }
  return rest;
}

let lastRelative: { readonly filename: string; readonly cwd: string; readonly result: string } | undefined;

/** The program imports a module `matches` at its top level (`import`, or a `require` in a declaration). */
function importsModule(program: TSESTree.Program, matches: (name: string) => boolean): boolean {
  return program.body.some((statement) => {
    if (statement.type === 'ImportDeclaration') {
      return matches(statement.source.value);
    }
    return statement.type === 'VariableDeclaration' && statement.declarations.some(({ init }) => {
      // `require('x')`, also read or called at once: `require('yargs').argv`, `require('minimist')(argv)`.
      let current = init;
      while (current?.type === 'MemberExpression' || (current?.type === 'CallExpression' && current.callee.type !== 'Identifier')) {
        current = current.type === 'MemberExpression' ? current.object : current.callee;
      }
      return (
        current?.type === 'CallExpression' &&
        current.callee.type === 'Identifier' &&
        current.callee.name === 'require' &&
        current.arguments[0]?.type === 'Literal' &&
        typeof current.arguments[0].value === 'string' &&
        matches(current.arguments[0].value)
      );
    });
  });
}
