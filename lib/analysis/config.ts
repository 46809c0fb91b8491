import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { CONFIG_LAYOUTS, type ConfigLayout } from '../models/config';
import type { ResolvedShape } from '../models/registry';
import type { ConfigSpec } from '../models/types';
import { commonJsExport, constInitializer, containsOwn, contains, enclosingFunction, endsInExit, forEachChild, isFileScope, isFunctionNode, keyName, programOf, propertyName, returnedExpressions, sameFileFunction, skipWrappers, type FunctionNode } from '../util/ast';
import type { FileAnalysis } from './file';
import { isSequelizeCliConfig } from '../util/sequelizerc';
import type { CallInfo } from './values';

/**
 * The connection configuration of an engine- or client-building call, as far as the file shows it.
 */
export interface ConfigSite {
  readonly layout: ConfigLayout;
  /**
   * The call that takes the configuration, the options-factory method that returns it, or the
   * object a configuration file exports.
   */
  readonly node: CallInfo['node'] | TSESTree.MethodDefinition | TSESTree.ObjectExpression;
  /** Where reports about the configuration as a whole go: the callee, or the method's name. */
  readonly reportAt: TSESTree.Node;
  /** The connection URL: the URL argument, or an option holding one. */
  readonly url?: UrlValue;
  /** The options object (written at the call, or a `const` of this file). */
  readonly options?: TSESTree.ObjectExpression;
  /** The options object is written at the call (suggestions may edit it). */
  readonly optionsAtCall: boolean;
  /** Where a new options argument would go, when the call has none. */
  readonly optionsIndex?: number;
  /** The call passes no configuration at all. */
  readonly implicit: boolean;
  /** Then the driver reads `PG*` environment variables. */
  readonly readsEnvironment: boolean;
  /**
   * No URL and no option names the server (`new Pool({ max: 20 })`, Sequelize without `host`):
   * the driver takes it from the `PG*` environment variables (`environment`), or connects to the
   * developer's machine at PostgreSQL's own port (`local`). See `ConfigLayout.targetKeys`.
   */
  readonly untargeted?: 'environment' | 'local';
}

export interface UrlValue {
  readonly node: TSESTree.Node;
  /**
   * `literal`: its text is visible (`text`); `env`: read from the environment; `unknown`: anything else
   * (a variable of another module, a function result), which could say anything.
   */
  readonly kind: 'literal' | 'env' | 'unknown';
  /** For `env`: read from a variable named for a test run's database (see `readsTestDatabase`). */
  readonly testDatabase?: true;
  /** For literals: the text, with `\u0000` for each dynamic part. */
  readonly text?: string;
}

/** What an option path holds: the property when found; `uncertain` when a spread or an unknown value could hold it. */
export interface Lookup {
  readonly property?: TSESTree.Property;
  readonly uncertain: boolean;
}

/** The configuration of a modelled call with a `config` spec, when its shape is visible. */
export function configSite(analysis: FileAnalysis, info: CallInfo, branch?: TSESTree.ObjectExpression): ConfigSite | undefined {
  const spec = info.spec.config;
  const node = info.node;
  if (!spec || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    return undefined;
  }
  const layout = CONFIG_LAYOUTS[spec.layout];
  if (!layout || node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
    return undefined;
  }
  const args = node.arguments;
  let url: UrlValue | undefined;
  let options: TSESTree.ObjectExpression | undefined;
  let optionsAtCall = false;
  const urlArg = spec.url === undefined ? undefined : args[spec.url];
  // A branch of the options stands where a URL could (`new Client(cond ? { … } : { … })`): no URL argument.
  const branchAtUrl = branch !== undefined && spec.url === spec.options;
  if (urlArg && !branchAtUrl && (spec.urlMaxArgs === undefined || args.length <= spec.urlMaxArgs) && skipWrappers(urlArg).type !== AST_NODE_TYPES.ObjectExpression) {
    const resolved = objectOf(analysis, urlArg);
    if (!resolved) {
      url = urlValue(analysis, urlArg);
    }
  }
  const optionsArg = optionsArgument(spec, args);
  if (optionsArg && (!url || optionsArg !== urlArg)) {
    options = branch ?? objectOf(analysis, optionsArg);
    optionsAtCall = branch === undefined && options !== undefined && skipWrappers(optionsArg) === options;
    if (options && spec.factory) {
      options = factoryResult(options, spec.factory);
    }
    if (!options) {
      return undefined; // `new Pool(config)`, `postgres(url, options)` with options from elsewhere: not visible
    }
  }
  // Knex without a `connection` builds SQL strings only: no pool, nothing to configure.
  const condition = info.spec.createsEngine;
  if (options && typeof condition === 'object' && condition.kind === 'with-option') {
    const found = lookup(options, condition.option);
    if (!found.property && !found.uncertain) {
      return undefined;
    }
  }
  if (options && spec.at) {
    const inner = lookup(options, spec.at);
    const value = inner.property && skipWrappers(inner.property.value);
    if (!value || inner.uncertain) {
      return undefined; // `drizzle({ client })`: not a configuration
    }
    // Written there, or a `const` of this file (`connection: conn`, `const conn = { host, user }`).
    const object = objectOf(analysis, value);
    if (object) {
      optionsAtCall &&= object === value;
      options = object;
    } else {
      url = urlValue(analysis, value);
      options = undefined;
    }
  }
  if (options) {
    url = optionsUrl(analysis, layout, options) ?? url;
  }
  const optionsIndex =
    options || args.length === 0 ? undefined : spec.options === 'last' ? args.length : spec.options === spec.url ? undefined : spec.options;
  const implicit = args.length === 0;
  const readsEnvironment = spec.readsEnvironment === true;
  // `createPool('postgresql://')`, slonik's documented way to take every parameter from the
  // environment: a URL of the scheme alone names nothing.
  const urlNamesNothing = !url || (url.kind === 'literal' && url.text !== undefined && SCHEME_ONLY.test(url.text));
  const namesNoTarget = urlNamesNothing && (implicit || (url !== undefined && options === undefined) || (options !== undefined && namesNoServer(layout, options)));
  const untargeted = !namesNoTarget ? undefined : readsEnvironment ? 'environment' : layout.defaultHost ? 'local' : undefined;
  return { layout, node, reportAt: node.callee, url, options, optionsAtCall, optionsIndex, implicit, readsEnvironment, untargeted };
}

/**
 * A configuration whose options are a choice between object literals (`new Pool(process.env.URL ?
 * { connectionString: process.env.URL } : { host, user })`, or a `const` holding one): a site for
 * each, their `options` the branch (never written at the call, for suggestions). Undefined when the
 * options are anything else, or a branch is not an object literal.
 */
export function branchConfigSites(analysis: FileAnalysis, info: CallInfo): ConfigSite[] | undefined {
  const spec = info.spec.config;
  const node = info.node;
  if (!spec || node.type === AST_NODE_TYPES.TaggedTemplateExpression || spec.options === undefined || spec.factory !== undefined) {
    return undefined;
  }
  const optionsArg = optionsArgument(spec, node.arguments);
  if (!optionsArg || optionsArg.type === AST_NODE_TYPES.SpreadElement) {
    return undefined;
  }
  let choice = skipWrappers(optionsArg);
  if (choice.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(analysis, choice);
    choice = init ?? choice;
  }
  if (choice.type !== AST_NODE_TYPES.ConditionalExpression) {
    return undefined;
  }
  // Each branch an object written there or held by a `const` of the file (`isProd ? prodSettings : devSettings`).
  const branches = [choice.consequent, choice.alternate].map((branch) => {
    const value = skipWrappers(branch);
    return value.type === AST_NODE_TYPES.Identifier ? (constInit(analysis, value) ?? value) : value;
  });
  if (!branches.every((branch): branch is TSESTree.ObjectExpression => branch.type === AST_NODE_TYPES.ObjectExpression)) {
    return undefined;
  }
  const sites = branches.map((branch) => configSite(analysis, info, branch));
  return sites.every((site): site is ConfigSite => site !== undefined) ? sites : undefined;
}

/** The argument that holds a call's options, by its config spec (`options: 'last'` or an index). */
function optionsArgument(spec: ConfigSpec, args: readonly TSESTree.CallExpressionArgument[]): TSESTree.CallExpressionArgument | undefined {
  return spec.options === 'last' ? args.at(-1) : spec.options === undefined ? undefined : args[spec.options];
}

/** A connection URL of the scheme alone (`postgres://`, `postgresql://`). */
const SCHEME_ONLY = /^postgres(?:ql)?:\/\/$/i;

/** None of the layout's `targetKeys` is (or, through a spread, may be) among the options. */
function namesNoServer(layout: ConfigLayout, options: TSESTree.ObjectExpression): boolean {
  return (
    layout.targetKeys !== undefined &&
    layout.targetKeys.every((key) => {
      const found = lookup(options, key);
      return !found.property && !found.uncertain;
    })
  );
}

/** The connection URL an options object holds at one of the layout's URL keys. */
function optionsUrl(analysis: FileAnalysis, layout: ConfigLayout, options: TSESTree.ObjectExpression): UrlValue | undefined {
  for (const key of layout.urlKeys) {
    const found = lookup(options, key);
    const value = found.property && skipWrappers(found.property.value);
    if (value && value.type !== AST_NODE_TYPES.ObjectExpression && !namesConstOptions(value)) {
      return urlValue(analysis, value);
    }
  }
  return undefined;
}

/**
 * The configurations returned by the file's options-factory methods (`Registry.optionsFactories`):
 * `createTypeOrmOptions() { return { type: 'postgres', … }; }` in a class declared at the top level
 * (exported or not), when the method returns an object literal.
 */
export function optionsFactorySites(analysis: FileAnalysis, program: TSESTree.Program): ConfigSite[] {
  const factories = analysis.registry.optionsFactories;
  const sites: ConfigSite[] = [];
  if (factories.size === 0) {
    return sites;
  }
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ? statement.declaration : statement;
    if (declaration?.type !== AST_NODE_TYPES.ClassDeclaration) {
      continue;
    }
    for (const member of declaration.body.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'method' || member.static) {
        continue;
      }
      const name = keyName(member.key, member.computed);
      const layout = name === undefined ? undefined : CONFIG_LAYOUTS[factories.get(name) ?? ''];
      const options = layout && returnedObject(member.value);
      if (layout && options) {
        const url = optionsUrl(analysis, layout, options);
        sites.push({ layout, node: member, reportAt: member.key, url, options, optionsAtCall: true, implicit: false, readsEnvironment: false });
      }
    }
  }
  return sites;
}

/**
 * Files whose export is a library's configuration by convention, read by a command-line tool and
 * usually by the application too: Knex's `knexfile` (`knex(require('./knexfile')[env])`),
 * sequelize-cli's `config/config.js` (also `config/database.js`, a common `.sequelizerc` choice;
 * and whatever file the nearest `.sequelizerc` names), and MikroORM's `mikro-orm.config.ts` (which
 * `MikroORM.init()` also reads when given no options). Only objects that name the library's
 * dialect key (`client`, `dialect`, `type`) or driver (`driver: PostgreSqlDriver`) count.
 */
const CONFIG_FILES: ReadonlyArray<{ readonly path: RegExp; readonly layout: string; readonly commandLine?: true }> = [
  { path: /(?:^|[\\/])knexfile\.[cm]?[jt]s$/, layout: 'knex', commandLine: true },
  { path: /(?:^|[\\/])config[\\/](?:config|database)\.[cm]?[jt]s$/, layout: 'sequelize-options', commandLine: true },
  // The file the MikroORM CLI reads, and `MikroORM.init()` too when given no options.
  { path: /(?:^|[\\/])mikro-orm\.config\.[cm]?[jt]s$/, layout: 'mikro-orm' },
];

/** The keys of a per-environment map that name a developer's machine or a test run. */
const LOCAL_ENVIRONMENTS = /^(?:dev|development|local|test|testing|e2e|ci)$/i;

/**
 * A configuration file a command-line tool reads by convention that the application may not read
 * at all: a knexfile (`knex migrate:latest`), sequelize-cli's configuration (`sequelize db:migrate`,
 * by its conventional path or as a `.sequelizerc` names it). Not MikroORM's, which
 * `MikroORM.init()` reads by itself.
 */
export function isCommandLineConfigFile(filename: string): boolean {
  return configFileConvention(filename)?.commandLine === true;
}

/** The file a `.sequelizerc` names as sequelize-cli's configuration, wherever it is. */
const SEQUELIZERC_CONFIG = { layout: 'sequelize-options', commandLine: true } as const;

/** The convention a configuration file follows (see CONFIG_FILES), or the `.sequelizerc` that names it. */
function configFileConvention(filename: string): { readonly layout: string; readonly commandLine?: true } | undefined {
  return CONFIG_FILES.find((file) => file.path.test(filename)) ?? (/\.[cm]?[jt]s$/.test(filename) && isSequelizeCliConfig(filename) ? SEQUELIZERC_CONFIG : undefined);
}

/** The layout of a configuration file's exports: one by convention (see CONFIG_FILES), or the one a `.sequelizerc` names. */
function configFileLayout(filename: string): ConfigLayout | undefined {
  const convention = configFileConvention(filename);
  return convention && CONFIG_LAYOUTS[convention.layout];
}

/**
 * The configurations a configuration file exports (`module.exports = { client: 'pg', … }`, or a
 * map of them by environment, `{ development: { … }, production: { … } }`, written there or as
 * `const`s of the file), except those of development and test environments. None for any other file.
 */
export function configFileSites(analysis: FileAnalysis, program: TSESTree.Program, filename: string): ConfigSite[] {
  // The file's exported objects first: most files export none as a whole, and that is cheaper to
  // see than whether the file's path makes it a configuration file (a `.sequelizerc` looked up).
  const configs = exportedValues(program)
    .map((exported) => objectOf(analysis, exported))
    .filter((config) => config !== undefined);
  const layout = configs.length > 0 ? configFileLayout(filename) : undefined;
  const dialectKey = layout?.dialect?.key;
  if (!layout || dialectKey === undefined) {
    return [];
  }
  // The key that names the database (`client`, `dialect`), or the driver class (MikroORM's `driver`).
  const driverKey = layout.dialect?.driver?.key;
  const namesDialect = (options: TSESTree.ObjectExpression): TSESTree.Property | undefined =>
    lookup(options, dialectKey).property ?? (driverKey === undefined ? undefined : lookup(options, driverKey).property);
  const sites: ConfigSite[] = [];
  const add = (options: TSESTree.ObjectExpression, reportAt: TSESTree.Node): void => {
    const url = optionsUrl(analysis, layout, options);
    const untargeted = !url && namesNoServer(layout, options) ? (layout.defaultHost ? 'local' : 'environment') : undefined;
    sites.push({ layout, node: options, reportAt, url, options, optionsAtCall: true, implicit: false, readsEnvironment: true, untargeted });
  };
  for (const config of configs) {
    const own = namesDialect(config);
    if (own) {
      add(config, own.key);
      continue;
    }
    for (const member of config.properties) {
      const name = member.type === AST_NODE_TYPES.Property ? keyName(member.key, member.computed) : undefined;
      const options = name !== undefined && member.type === AST_NODE_TYPES.Property && !LOCAL_ENVIRONMENTS.test(name) ? objectOf(analysis, member.value) : undefined;
      if (member.type === AST_NODE_TYPES.Property && options && namesDialect(options)) {
        add(options, member.key);
      }
    }
  }
  return sites;
}

/** What the file exports as a whole: `module.exports = x`, `export default x`, `export = x`. */
function exportedValues(program: TSESTree.Program): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      values.push(statement.declaration);
    } else if (statement.type === AST_NODE_TYPES.TSExportAssignment) {
      values.push(statement.expression);
    } else if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      statement.expression.operator === '=' &&
      commonJsExport(statement.expression.left) === 'module.exports'
    ) {
      values.push(statement.expression.right);
    }
  }
  return values;
}

/**
 * The object literal the function at `key` of `holder` returns (`useFactory: (config) => ({ … })`,
 * `useFactory() { return { … }; }`): none when the function is not written there, returns anything
 * else, or returns on more than one path.
 */
function factoryResult(holder: TSESTree.ObjectExpression, key: string): TSESTree.ObjectExpression | undefined {
  const found = lookup(holder, key);
  const fn = found.property && skipWrappers(found.property.value);
  if (!fn || (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression)) {
    return undefined;
  }
  return returnedObject(fn);
}

/** The object literal a function returns: its arrow body, or its one `return`, the last statement. */
function returnedObject(fn: FunctionNode | TSESTree.TSEmptyBodyFunctionExpression): TSESTree.ObjectExpression | undefined {
  if (!fn.body) {
    return undefined; // an overload or abstract method
  }
  let returned: TSESTree.Node | null | undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    returned = fn.body;
  } else {
    const returns = fn.body.body.filter((statement) => statement.type === AST_NODE_TYPES.ReturnStatement);
    const last = fn.body.body.at(-1);
    if (returns.length !== 1 || last?.type !== AST_NODE_TYPES.ReturnStatement || containsReturn(fn.body.body.slice(0, -1))) {
      return undefined;
    }
    returned = last.argument;
  }
  const value = returned && skipWrappers(returned);
  if (value?.type === AST_NODE_TYPES.Identifier && fn.body.type === AST_NODE_TYPES.BlockStatement) {
    return localObject(fn.body, value);
  }
  return value?.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

/**
 * `const config = { type: 'postgres', … }; return config as TypeOrmModuleOptions;`: the object a
 * `const` of the function's own body holds, when the name is used nowhere else but to read its
 * properties (`logger.log({ host: config.host })`): no `config.extra = …` before it is returned,
 * no call given it.
 */
function localObject(body: TSESTree.BlockStatement, returned: TSESTree.Identifier): TSESTree.ObjectExpression | undefined {
  const found = constObject(returned);
  if (!found || !contains(body, found)) {
    return undefined;
  }
  const name = returned.name;
  // The declaration and the `return`: any other mention may change or hand on the object.
  let mentions = 0;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.Identifier && node.name === name) {
      const parent = node.parent;
      const propertyKey =
        (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) ||
        (parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && parent.value !== node);
      const read =
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === node &&
        !(parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent) &&
        !(parent.parent?.type === AST_NODE_TYPES.UnaryExpression && parent.parent.operator === 'delete') &&
        !(parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent);
      if (!propertyKey && !read) {
        mentions++;
      }
    }
    forEachChild(node, visit);
  };
  visit(body);
  return mentions === 2 ? found : undefined;
}

/** Does any of the statements hold a `return` of its own function (in a branch, a loop, a `try`)? */
function containsReturn(statements: readonly TSESTree.Node[]): boolean {
  return statements.some((statement) => !isFunctionNode(statement) && containsOwn(statement, (node) => node.type === AST_NODE_TYPES.ReturnStatement));
}

/** An object literal argument, or the `const` object literal it names. */
function objectOf(analysis: FileAnalysis, node: TSESTree.Node, depth = 0): TSESTree.ObjectExpression | undefined {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    return inner;
  }
  if (depth >= 3) {
    return undefined;
  }
  // `new Pool(poolConfig())`: the object literal a function of the file returns, on its one path.
  const fn = calledFunction(analysis, inner);
  if (fn) {
    return returnedObject(fn);
  }
  const init = constInit(analysis, inner);
  return init ? objectOf(analysis, init, depth + 1) : undefined;
}

/**
 * The function of the file a call runs, by its name (`poolConfig()`, `getDatabaseUrl()`), whose
 * returns the call's value is: awaited (`await dataSourceOptions()`), any function's; not awaited,
 * only one that is not `async` (an async function's call is a promise).
 */
function calledFunction(analysis: FileAnalysis, node: TSESTree.Node): FunctionNode | undefined {
  const awaited = node.type === AST_NODE_TYPES.AwaitExpression;
  const call = awaited ? skipWrappers(node.argument) : node;
  const fn =
    call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier ? sameFileFunction(call.callee, analysis.scopeOf) : undefined;
  return fn && (awaited || !fn.async) ? fn : undefined;
}

function constInit(analysis: FileAnalysis, node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const init = constInitializer(node, analysis.scopeOf);
  return init && skipWrappers(init);
}

/**
 * The configuration opens a replication connection: `replication: 'database'` (or `true`,
 * physical) in its options, node-postgres style, or under `connection` (postgres.js). PgBouncer
 * (1.23 and later) pairs each replication client with a server connection of its own and never
 * pools it; PostgreSQL refuses the extended query protocol on it.
 */
export function opensReplication(site: ConfigSite): boolean {
  if (!site.options) {
    return false;
  }
  for (const path of ['replication', 'connection.replication']) {
    const value = optionLiteral(site.options, path)?.value;
    if (value === 'database' || value === true) {
      return true;
    }
  }
  return false;
}

/**
 * The engine a call builds has one connection: its shape always has (`oneConnection`), or the option
 * its shape names (`singleConnectionWhen`) is set so at the call (`postgres(url, { max: 1 })`,
 * `new Pool({ max: 1 })`, Knex's `pool: { max: 1 }`).
 */
export function buildsOneConnection(analysis: FileAnalysis, creation: TSESTree.Node, shape: ResolvedShape | undefined): boolean {
  const made = analysis.values.callOf(creation);
  // The value of a call that resolves its engine (slonik's `createPool()`) is a promise of it.
  const built = shape ?? (made && analysis.values.registry.resultShape(made));
  if (built?.oneConnection) {
    return true;
  }
  const single = built?.singleConnectionWhen;
  const options = made && single ? configSite(analysis, made)?.options : undefined;
  return options !== undefined && single !== undefined && optionLiteral(options, single.option)?.value === single.equals;
}

/** The literal written at a dotted path of an options object (`max: 1`, `replication: 'database'`), if it is one. */
export function optionLiteral(options: TSESTree.ObjectExpression, path: string): TSESTree.Literal | undefined {
  const property = lookup(options, path).property;
  const value = property && skipWrappers(property.value);
  return value?.type === AST_NODE_TYPES.Literal ? value : undefined;
}

/** The property at a dotted path of an object literal. */
export function lookup(object: TSESTree.ObjectExpression, path: string, depth = 0): Lookup {
  let current: TSESTree.ObjectExpression = object;
  const keys = path.split('.');
  for (let i = 0; i < keys.length; i++) {
    let found: TSESTree.Property | undefined;
    let spread = false;
    for (const member of current.properties) {
      if (member.type === AST_NODE_TYPES.SpreadElement) {
        // `...base` with `const base = { … }` written in the file: read as what it holds.
        const base = member.argument.type === AST_NODE_TYPES.Identifier && depth < 3 ? constObject(member.argument) : undefined;
        const inner = base && base !== current ? lookup(base, keys.slice(i).join('.'), depth + 1) : undefined;
        if (inner?.property && !inner.uncertain && i === keys.length - 1) {
          found = inner.property;
          spread = false;
        } else if (inner ? inner.property || inner.uncertain : !spreadLacks(member.argument, keys[i]!)) {
          spread = true;
          found = undefined; // a later spread may override an earlier key
        }
        continue;
      }
      if (member.computed && keyName(member.key, true) === undefined) {
        spread = true;
        continue;
      }
      if (keyName(member.key, member.computed) === keys[i]) {
        found = member;
        spread = false;
      }
    }
    if (!found) {
      return { uncertain: spread };
    }
    if (i === keys.length - 1) {
      return { property: found, uncertain: false };
    }
    const value = skipWrappers(found.value);
    if (value.type === AST_NODE_TYPES.ConditionalExpression || (value.type === AST_NODE_TYPES.LogicalExpression && value.operator === '&&')) {
      // `extra: ssl ? { ssl: { … } } : undefined`: each object the option may be, read alike.
      return lookupInBranches(value, keys.slice(i + 1).join('.'));
    }
    if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&' && isUrlText(skipWrappers(value.left))) {
      // `connection: process.env.DB_URL || { host, … }`: the URL, or else options that may name it.
      const fallback = skipWrappers(value.right);
      if (fallback.type === AST_NODE_TYPES.ObjectExpression) {
        const found = lookup(fallback, keys.slice(i + 1).join('.'), depth + 1);
        return { uncertain: found.uncertain || found.property !== undefined };
      }
      return { uncertain: !isUrlText(fallback) };
    }
    if (value.type !== AST_NODE_TYPES.ObjectExpression) {
      // `connection: url` where `connection.application_name` is asked: a string holds no keys; anything
      // else may, but for a `const` holding one (`const url = process.env.POSTGRES_URL`), or holding
      // the options themselves (`connection: conn`, `const conn = { host, user }`), read as they are.
      const held = value.type === AST_NODE_TYPES.Identifier && depth < 3 ? constValue(value) : undefined;
      if (held?.type === AST_NODE_TYPES.ObjectExpression && held !== current) {
        current = held;
        depth++;
        continue;
      }
      return { uncertain: !isUrlText(held ?? value) };
    }
    current = value;
  }
  return { uncertain: false };
}

/**
 * A path looked up in every value an option written as a condition may take: object literals, or
 * nothing (`undefined`, `null`, `false`; the falsy left side of `cond && { … }`). Found in one of
 * them, or anything else among them, and the answer is uncertain: no one property is the option.
 */
function lookupInBranches(value: TSESTree.ConditionalExpression | TSESTree.LogicalExpression, path: string): Lookup {
  const branches = value.type === AST_NODE_TYPES.ConditionalExpression ? [value.consequent, value.alternate] : [value.right];
  for (const branch of branches) {
    const inner = skipWrappers(branch);
    if (inner.type === AST_NODE_TYPES.ConditionalExpression || (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator === '&&')) {
      if (lookupInBranches(inner, path).uncertain) {
        return { uncertain: true };
      }
    } else if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      const found = lookup(inner, path);
      if (found.uncertain || found.property) {
        return { uncertain: true };
      }
    } else if (!isNothing(inner)) {
      return { uncertain: true };
    }
  }
  return { uncertain: false };
}

/** `undefined`, `null` or `false`: an option left unset. */
function isNothing(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
    (node.type === AST_NODE_TYPES.Literal && (node.value === null || node.value === false) && !('regex' in node))
  );
}

/** `conn` in `connection: conn` with `const conn = { host, user }`: a name for options, not a URL. */
export function namesConstOptions(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier && constObject(node) !== undefined;
}

/** The object literal a name holds when it is declared `const name = { … }` (see constValue). */
function constObject(name: TSESTree.Identifier): TSESTree.ObjectExpression | undefined {
  const init = constValue(name);
  return init?.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

/**
 * What a name holds when it is declared `const name = …` in a block or the module around it, read
 * without a scope manager: a parameter, a function, a class, an import or any other declaration of
 * the same name on the way, or a `let`, makes it unknown.
 */
function constValue(name: TSESTree.Identifier): TSESTree.Node | undefined {
  for (let node: TSESTree.Node | undefined = name.parent; node; node = node.parent) {
    if (isFunctionNode(node)) {
      if (node.params.some((param) => declaresName(param, name.name))) {
        return undefined;
      }
      continue;
    }
    if (node.type !== AST_NODE_TYPES.BlockStatement && node.type !== AST_NODE_TYPES.Program) {
      continue;
    }
    for (const statement of node.body) {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
      if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name.name) {
            const init = declarator.init && skipWrappers(declarator.init);
            return declaration.kind === 'const' ? (init ?? undefined) : undefined;
          }
          if (declarator.id.type !== AST_NODE_TYPES.Identifier && declaresName(declarator.id, name.name)) {
            return undefined;
          }
        }
      } else if (
        (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) &&
        declaration.id?.name === name.name
      ) {
        return undefined;
      } else if (declaration.type === AST_NODE_TYPES.ImportDeclaration && declaration.specifiers.some((specifier) => specifier.local.name === name.name)) {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Does a parameter or destructuring pattern bind this name anywhere in it? */
function declaresName(pattern: TSESTree.Node, name: string): boolean {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return pattern.name === name;
    case AST_NODE_TYPES.AssignmentPattern:
      return declaresName(pattern.left, name);
    case AST_NODE_TYPES.RestElement:
      return declaresName(pattern.argument, name);
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.some((element) => element !== null && declaresName(element, name));
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.some((property) => declaresName(property.type === AST_NODE_TYPES.Property ? property.value : property, name));
    case AST_NODE_TYPES.TSParameterProperty:
      return declaresName(pattern.parameter, name);
    default:
      return false;
  }
}

/**
 * A spread that cannot set `key`: object literals written there, whole or behind a condition
 * (`...(password ? { password } : {})`, `...(ssl && { ssl })`), none of which has the key, a
 * computed key or a spread of its own.
 */
function spreadLacks(argument: TSESTree.Node, key: string, depth = 0): boolean {
  const inner = skipWrappers(argument);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      // `const extra = ssl ? { ssl } : {}; …, ...extra`: what the `const` holds.
      const init = depth < 3 ? constValue(inner) : undefined;
      return init !== undefined && spreadLacks(init, key, depth + 1);
    }
    case AST_NODE_TYPES.ObjectExpression:
      return inner.properties.every(
        (member) => member.type === AST_NODE_TYPES.Property && !(member.computed && keyName(member.key, true) === undefined) && keyName(member.key, member.computed) !== key,
      );
    case AST_NODE_TYPES.ConditionalExpression:
      return spreadLacks(inner.consequent, key, depth) && spreadLacks(inner.alternate, key, depth);
    case AST_NODE_TYPES.LogicalExpression:
      // `cond && { … }` spreads nothing when `cond` is falsy.
      return inner.operator === '&&' && spreadLacks(inner.right, key, depth);
    default:
      return false;
  }
}

/** A string, or the environment's: text that holds no options. */
function isUrlText(node: TSESTree.Node): boolean {
  return isStringish(node) || isEnvironmentRead(node);
}

function isStringish(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral;
}

/** How a URL expression is known: its visible text, read from the environment, or unknown. */
export function urlValue(analysis: FileAnalysis, node: TSESTree.Node, depth = 0): UrlValue {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') {
    return { node, kind: 'literal', text: inner.value };
  }
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
    if (inner.expressions.length === 1 && inner.quasis.every((q) => q.value.cooked === '')) {
      return urlValue(analysis, inner.expressions[0]!, depth + 1); // `${process.env.DATABASE_URL}`
    }
    return { node, kind: 'literal', text: templateText(inner) };
  }
  if (isEnvironmentRead(inner) || (inner.type === AST_NODE_TYPES.Identifier && namedFromEnvironment(analysis, inner))) {
    return readsTestDatabase(inner) ? { node, kind: 'env', testDatabase: true } : { node, kind: 'env' };
  }
  if (inner.type === AST_NODE_TYPES.LogicalExpression && (inner.operator === '??' || inner.operator === '||')) {
    const left = urlValue(analysis, inner.left, depth + 1);
    return left.kind === 'env' ? { ...left, node } : { node, kind: 'unknown' };
  }
  // `isTest ? process.env.TEST_DATABASE_URL : process.env.DATABASE_URL`: the environment's either
  // way; so with a URL to the developer's machine on one side (`isProd ? env : 'postgres://localhost/dev'`).
  if (inner.type === AST_NODE_TYPES.ConditionalExpression && depth < 3) {
    const sides = [urlValue(analysis, inner.consequent, depth + 1), urlValue(analysis, inner.alternate, depth + 1)];
    const env = sides.filter((side) => side.kind === 'env').length;
    return { node, kind: env === 2 || (env === 1 && sides.some((side) => side.kind === 'literal' && isLocalDirectUrl(side))) ? 'env' : 'unknown' };
  }
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'String' && inner.arguments[0]) {
    return { ...urlValue(analysis, inner.arguments[0], depth + 1), node };
  }
  // `new URL(process.env.DATABASE_URL)` and its `toString()` / `href`: the same URL, unless the file
  // names the application through its parameters (`url.searchParams.set('application_name', …)`).
  if (inner.type === AST_NODE_TYPES.NewExpression && inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'URL' && inner.arguments[0] && depth < 3) {
    const parsed = urlValue(analysis, inner.arguments[0], depth + 1);
    return parsed.kind === 'env' && SEARCH_PARAMS_NAME.test(analysis.sourceText) ? { node, kind: 'unknown' } : { ...parsed, node };
  }
  if (
    depth < 3 &&
    ((inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 0 && inner.callee.type === AST_NODE_TYPES.MemberExpression && ['toString', 'toJSON'].includes(propertyName(inner.callee) ?? '')) ||
      (inner.type === AST_NODE_TYPES.MemberExpression && propertyName(inner) === 'href'))
  ) {
    const object = inner.type === AST_NODE_TYPES.CallExpression ? (inner.callee as TSESTree.MemberExpression).object : inner.object;
    return { ...urlValue(analysis, object, depth + 1), node };
  }
  // `Deno.env.get('DATABASE_URL')!.replace(':6543', ':5432')`: the environment's URL, edited (unless
  // the edit is what adds the name).
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.MemberExpression && ['replace', 'replaceAll', 'trim'].includes(propertyName(inner.callee) ?? '')) {
    const edit = inner.arguments.map((argument) => analysis.sourceText.slice(argument.range[0], argument.range[1])).join(' ');
    const edited = depth < 3 && !/application_name/i.test(edit) ? urlValue(analysis, inner.callee.object, depth + 1) : undefined;
    return { node, kind: edited?.kind === 'env' ? 'env' : 'unknown' };
  }
  const init = depth < 3 ? constInit(analysis, inner) : undefined;
  if (init) {
    return { ...urlValue(analysis, init, depth + 1), node };
  }
  // `getDatabaseUrl()`: a function of the file that returns the URL on its one `return` (read as
  // that expression, but not edited there), or the environment's on every path.
  const fn = depth < 3 ? calledFunction(analysis, inner) : undefined;
  const returned = fn ? returnedExpressions(fn) : [];
  if (returned.length === 1) {
    return { ...urlValue(analysis, returned[0]!, depth + 1), node };
  }
  if (returned.length > 0 && returned.every((expression) => urlValue(analysis, expression, depth + 1).kind === 'env')) {
    return { node, kind: 'env' };
  }
  return { node, kind: 'unknown' };
}

/**
 * A template's text, `\u0000` for each dynamic part, except a last part that names the database
 * after the path's `/` (`…@${host}:${port}/${DB_NAME}`, `/${config.db.name}`): a database's name
 * brings no query parameters, and reads as one (`db`).
 */
function templateText(template: TSESTree.TemplateLiteral): string {
  const quasis = template.quasis.map((q) => q.value.cooked ?? '');
  const last = template.expressions.at(-1);
  const named = last !== undefined && quasis.at(-1) === '' && quasis.at(-2)?.endsWith('/') === true && namesDatabase(last);
  return named ? `${quasis.slice(0, -1).join('\u0000')}db` : quasis.join('\u0000');
}

/** Names read as a database's name: `DB_NAME`, `dbName`, `database`, `POSTGRES_DB`, `PGDATABASE`, `config.db.name`. */
const DATABASE_NAME = /^(?:(?:postgres(?:ql)?|pg|db|database)_?)?(?:db|database)(?:_?name)?$|^(?:postgres(?:ql)?|pg)_?name$/i;

function namesDatabase(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    return DATABASE_NAME.test(inner.name);
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const name = propertyName(inner);
  if (name !== undefined && DATABASE_NAME.test(name)) {
    return true;
  }
  // `config.db.name`, `settings.database.name`: the name of the database object.
  const object = skipWrappers(inner.object);
  const owner = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? propertyName(object) : undefined;
  return name === 'name' && owner !== undefined && DATABASE_NAME.test(owner);
}

/** A URL object's parameters set to name the application: `url.searchParams.set('application_name', …)`. */
const SEARCH_PARAMS_NAME = /searchParams\s*\.\s*(?:set|append)\s*\(\s*['"`]application_name/;

/** The modules SvelteKit serves environment variables from, by name (`import { DATABASE_URL } from '$env/static/private'`). */
const ENVIRONMENT_MODULE = /^\$env\/(?:static|dynamic)\/(?:private|public)$/;

/**
 * A name imported from an environment module (see ENVIRONMENT_MODULE), or destructured from the
 * environment itself: `const { DATABASE_URL } = process.env`, with or without a default
 * (`{ DATABASE_URL = 'postgres://localhost/dev' }`, a fallback as `??` is).
 */
function namedFromEnvironment(analysis: FileAnalysis, node: TSESTree.Identifier): boolean {
  const def = findVariable(analysis.scopeOf(node), node)?.defs[0];
  if (def?.type === 'ImportBinding') {
    return def.parent?.type === AST_NODE_TYPES.ImportDeclaration && ENVIRONMENT_MODULE.test(def.parent.source.value);
  }
  if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init || !isEnvObject(skipWrappers(def.node.init))) {
    return false;
  }
  // Bound by a property of the pattern itself, not a rest element (`...env`) or a nested pattern.
  return def.node.id.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      (property.value === def.name || (property.value.type === AST_NODE_TYPES.AssignmentPattern && property.value.left === def.name)),
  );
}

/**
 * `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get('X')`, `env.X`;
 * `fastify.config.DATABASE_URL`, the environment as `@fastify/env` decorates the instance with it.
 */
function isEnvironmentRead(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(node.callee);
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      ((propertyName(callee) === 'get' && isEnvObject(skipWrappers(callee.object))) || isConfigServiceRead(node, callee))
    );
  }
  return node.type === AST_NODE_TYPES.MemberExpression && (isEnvObject(skipWrappers(node.object)) || isFastifyEnvRead(node));
}

/** What NestJS's `ConfigService` (`@nestjs/config`) is called by: `config`, `configService`, `this.appConfigService`. */
const CONFIG_SERVICE = /^(?:config|configs|cfg|[\w$]*ConfigService)$/i;

/**
 * `configService.get('DATABASE_URL')`, `config.getOrThrow<string>('DATABASE_URL')`: an environment
 * variable's name (written in capitals) read through NestJS's `ConfigService`, which serves
 * `process.env` by default.
 */
function isConfigServiceRead(node: TSESTree.CallExpression, callee: TSESTree.MemberExpression): boolean {
  const method = propertyName(callee);
  const name = node.arguments[0];
  if ((method !== 'get' && method !== 'getOrThrow') || name?.type !== AST_NODE_TYPES.Literal || typeof name.value !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(name.value)) {
    return false;
  }
  const service = skipWrappers(callee.object);
  const serviceName = service.type === AST_NODE_TYPES.Identifier ? service.name : service.type === AST_NODE_TYPES.MemberExpression ? propertyName(service) : undefined;
  return serviceName !== undefined && CONFIG_SERVICE.test(serviceName);
}

/** Names a Fastify instance goes by, for `<instance>.config.NAME` (see isFastifyEnvRead). */
const FASTIFY_INSTANCE = /^(?:fastify|app|server|instance)$/;

/** `fastify.config.DATABASE_URL`, `this.config.DATABASE_URL`, `request.server.config.DATABASE_URL`: a variable's name read from the instance's `config`. */
function isFastifyEnvRead(node: TSESTree.MemberExpression): boolean {
  const name = propertyName(node);
  const config = skipWrappers(node.object);
  if (name === undefined || !/^[A-Z][A-Z0-9_]*$/.test(name) || config.type !== AST_NODE_TYPES.MemberExpression || propertyName(config) !== 'config') {
    return false;
  }
  const instance = skipWrappers(config.object);
  return (
    (instance.type === AST_NODE_TYPES.Identifier && FASTIFY_INSTANCE.test(instance.name)) ||
    instance.type === AST_NODE_TYPES.ThisExpression ||
    (instance.type === AST_NODE_TYPES.MemberExpression && propertyName(instance) === 'server')
  );
}

function isEnvObject(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) {
    return node.name === 'env';
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression || propertyName(node) !== 'env') {
    return false;
  }
  const object = skipWrappers(node.object);
  return (
    (object.type === AST_NODE_TYPES.Identifier && ['process', 'Bun', 'Deno'].includes(object.name)) ||
    (object.type === AST_NODE_TYPES.MetaProperty && object.meta.name === 'import')
  );
}

/** The query parameters of a visible URL; undefined when a dynamic part could add some. */
export function urlParameters(text: string): Map<string, string> | undefined {
  const query = text.indexOf('?');
  if (query < 0) {
    // A dynamic part after the host could still bring a query.
    const lastHole = text.lastIndexOf('\u0000');
    return lastHole >= 0 && !text.slice(lastHole).includes('/') ? undefined : new Map();
  }
  const result = new Map<string, string>();
  for (const pair of text.slice(query + 1).split('#')[0]!.split('&')) {
    const [rawName, rawValue = ''] = pair.split('=');
    if (!rawName) continue;
    if (rawName.includes('\u0000')) return undefined;
    let name = rawName;
    let value = rawValue;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(rawValue);
    } catch {
      // keep the raw text
    }
    result.set(name, value); // drivers read parameter names case-sensitively
  }
  return result;
}

/**
 * The configuration reaches the database on the developer's machine directly: by a URL written so
 * (see `isLocalDirectUrl`), or, with no URL, by options that name a local host on a database's port
 * (`{ host: 'localhost', port: 5432, user: 'postgres', database: 'app' }`), not a local pooler's.
 */
export function targetsLocalDirect(site: ConfigSite): boolean {
  if (site.url !== undefined) {
    return isLocalDirectUrl(site.url);
  }
  const options = site.options;
  const host = options && optionLiteral(options, 'host')?.value;
  if (typeof host !== 'string' || !LOCAL_HOSTS.has(host)) {
    return false;
  }
  const port = optionLiteral(options!, 'port');
  return lookup(options!, 'port').property === undefined || (port !== undefined && !LOCAL_POOLER_PORTS.has(String(port.value)));
}

/**
 * A connection URL written out to the server on this machine at a database's port
 * (`postgres://postgres:postgres@localhost:5432/postgres`, `postgresql://127.0.0.1/app`, a
 * container mapped to `localhost:5433`): a developer's database or a fallback for missing
 * settings, reached directly, not through a pooler (a pooler beside the service listens on a
 * pooler's port, PgBouncer's 6432: see LOCAL_POOLER_PORTS).
 */
export function isLocalDirectUrl(url: UrlValue | undefined): boolean {
  if (url?.kind === 'env') {
    return url.testDatabase === true;
  }
  if (url?.kind !== 'literal' || url.text === undefined) {
    return false;
  }
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?(localhost|127\.0\.0\.1|\[::1\])(?::(\d+))?(?:[/?#]|$)/i.exec(url.text);
  return match !== null && (match[2] === undefined || !LOCAL_POOLER_PORTS.has(match[2]));
}

/** The name of an environment variable for a test run's database: `TEST_DATABASE_URL`, `DATABASE_URL_TEST`, `E2E_DB_URL`. */
const TEST_VARIABLE = /(?:^|_)(?:TESTS?|TESTING|E2E)(?:_|$)/i;

/**
 * The environment read (`process.env.TEST_DATABASE_URL`, `Deno.env.get('TEST_DB_URL')`, a name
 * destructured from `process.env`) names a test run's database: one reached directly.
 */
function readsTestDatabase(inner: TSESTree.Node): boolean {
  let name: string | undefined;
  if (inner.type === AST_NODE_TYPES.Identifier) {
    name = inner.name; // destructured from the environment (`const { TEST_DATABASE_URL } = process.env`)
  } else if (inner.type === AST_NODE_TYPES.MemberExpression && isEnvObject(skipWrappers(inner.object))) {
    name = propertyName(inner);
  } else if (inner.type === AST_NODE_TYPES.CallExpression && isEnvironmentRead(inner)) {
    const argument = inner.arguments[0];
    name = argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : undefined;
  }
  return name !== undefined && TEST_VARIABLE.test(name);
}

/**
 * The configuration is built only on a branch taken when a test says the database is on this
 * machine (`if (/localhost/.test(db.host))`, `host === '127.0.0.1' ? … : …`) or the process runs
 * in development or tests (`if (process.env.NODE_ENV === 'development')`, `if (isLocal)`, `NODE_ENV
 * !== 'production'`, `NODE_ENV === 'test'`, `if (config.get('isTest'))`): a developer's or a test
 * run's database reached directly, as a local URL
 * is. The other branch (`else`) is not judged: it may be staging as well as production.
 */
export function inLocalOnlyBranch(node: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if ((parent.consequent === child && localTest(parent.test)) || (parent.alternate === child && nonLocalTest(parent.test))) {
        return true;
      }
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child && localTest(parent.left)) {
      return true;
    } else if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      // After `if (isProduction) return …;`: the rest runs elsewhere only.
      for (const statement of parent.body) {
        if (statement === child) {
          break;
        }
        if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && endsInExit(statement.consequent) && nonLocalTest(statement.test)) {
          return true;
        }
      }
    }
  }
  return false;
}

const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]', 'host.docker.internal']);
const DEVELOPMENT_ENVIRONMENTS: ReadonlySet<string> = new Set(['development', 'dev', 'local']);
const ENVIRONMENT_NAME = /^(?:node_?env|app_?env|env|environment|stage)$/i;
const LOCAL_URL_PREFIX = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?(?:localhost|127\.0\.0\.1)(?:[:/]|$)/;
const LOCAL_FLAG = /^is(?:Dev|Development|Local|Localhost|Test|Testing)(?:Env|Environment|Mode|Db|Database|Run)?$/i;

/** SvelteKit's `dev` (`import { dev } from '$app/environment'`), true under `vite dev` only. */
function isSvelteKitDev(node: TSESTree.Identifier): boolean {
  return (
    programOf(node)?.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration &&
        statement.source.value === '$app/environment' &&
        statement.specifiers.some(
          (specifier) =>
            specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.local.name === node.name && keyName(specifier.imported) === 'dev',
        ),
    ) === true
  );
}

/** Is the test true only on a developer's machine (or with a local database)? */
function localTest(test: TSESTree.Node): boolean {
  const node = skipWrappers(test);
  switch (node.type) {
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator === '&&' ? localTest(node.left) || localTest(node.right) : node.operator === '||' && localTest(node.left) && localTest(node.right);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === '!' && nonLocalTest(node.argument);
    case AST_NODE_TYPES.BinaryExpression:
      return (node.operator === '===' || node.operator === '==')
        ? comparesToLocal(node) || comparesNodeEnv(node, 'test')
        : (node.operator === '!==' || node.operator === '!=') && comparesNodeEnv(node, 'production');
    case AST_NODE_TYPES.Identifier:
      return LOCAL_FLAG.test(node.name) || isSvelteKitDev(node);
    case AST_NODE_TYPES.MemberExpression:
      return LOCAL_FLAG.test(propertyName(node) ?? '');
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length !== 1) {
        return false;
      }
      const method = propertyName(callee);
      const object = skipWrappers(callee.object);
      // `config.get('isTest')`, `config.get('isDevelopment')`: a flag read from a settings store.
      const flag = node.arguments[0];
      if (method === 'get' && flag?.type === AST_NODE_TYPES.Literal && typeof flag.value === 'string' && LOCAL_FLAG.test(flag.value)) {
        return true;
      }
      // `/localhost|127\.0\.0\.1/.test(host)`: every alternative a local host.
      if (method === 'test' && object.type === AST_NODE_TYPES.Literal && 'regex' in object && object.regex) {
        const alternatives = object.regex.pattern.replace(/\\/g, '').replace(/^\^|\$$/g, '').split('|');
        return alternatives.every((alternative) => LOCAL_HOSTS.has(alternative.replace(/^\^|\$$/g, '')));
      }
      // `host.includes('localhost')`, `url.startsWith('postgres://localhost')`.
      const argument = node.arguments[0];
      if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string') {
        return false;
      }
      const text = argument.value;
      return method === 'includes'
        ? [...LOCAL_HOSTS].some((host) => text.includes(host))
        : method === 'startsWith' && (LOCAL_HOSTS.has(text) || LOCAL_URL_PREFIX.test(text));
    }
    default:
      return false;
  }
}

/** Is the test false on a developer's machine: `!isLocal`, `host !== 'localhost'`? */
function nonLocalTest(test: TSESTree.Node, depth = 0): boolean {
  const node = skipWrappers(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression) {
    return node.operator === '!' && localTest(node.argument);
  }
  // `const isProduction = process.env.NODE_ENV === 'production'` at the top of the file.
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = depth < 2 ? constValue(node) : undefined;
    return init !== undefined && enclosingFunction(init) === undefined && nonLocalTest(init, depth + 1);
  }
  // `/^production$/i.test(process.env.NODE_ENV)`.
  if (node.type === AST_NODE_TYPES.CallExpression) {
    return testsNodeEnvProduction(node);
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression) {
    return false;
  }
  return node.operator === '!==' || node.operator === '!='
    ? comparesToLocal(node) || comparesNodeEnv(node, 'test')
    : (node.operator === '===' || node.operator === '==') && comparesNodeEnv(node, 'production');
}

/**
 * `process.env.NODE_ENV` (or `env.NODE_ENV`, `NODE_ENV`) compared with `value`, either way round.
 * Node's tooling runs every deployment, staging too, with `NODE_ENV=production` (`next start`,
 * `vite build`): any other value is a developer's machine or a test run. Not so `APP_ENV` or
 * `STAGE`, whose values name the deployments themselves.
 */
function comparesNodeEnv(node: TSESTree.BinaryExpression, value: 'production' | 'test'): boolean {
  return stringComparisons(node).some(({ text, name }) => text === value && name !== undefined && /^node_?env$/i.test(name));
}

/** Amazon Redshift's port: its clusters speak PostgreSQL's protocol, but no pooler stands in front. */
const REDSHIFT_PORT = 5439;

/**
 * A configuration for Amazon Redshift, which node-postgres also drives: its port (`port: 5439`,
 * `…:5439/` in the URL), or a host or URL that names it (`*.redshift.amazonaws.com`,
 * `process.env.REDSHIFT_HOST`).
 */
function talksToRedshift(site: ConfigSite): boolean {
  if (site.url?.kind === 'literal' && /redshift|:5439(?:\/|$)/i.test(site.url.text ?? '')) {
    return true;
  }
  if (!site.options) {
    return false;
  }
  if (Number(optionLiteral(site.options, 'port')?.value) === REDSHIFT_PORT) {
    return true;
  }
  return ['host', 'connectionString', 'url'].some((key) => {
    const property = lookup(site.options!, key).property;
    return property !== undefined && namesRedshift(property.value, 0);
  });
}

/** `'cluster.abc.us-east-1.redshift.amazonaws.com'`, `process.env.REDSHIFT_HOST`, `env.REDSHIFT_URL ?? …`. */
function namesRedshift(node: TSESTree.Node, depth: number): boolean {
  const value = skipWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return typeof value.value === 'string' && /redshift/i.test(value.value);
    case AST_NODE_TYPES.Identifier:
      return /redshift/i.test(value.name);
    case AST_NODE_TYPES.MemberExpression:
      return /redshift/i.test(propertyName(value) ?? '');
    case AST_NODE_TYPES.LogicalExpression:
      return depth < 3 && (namesRedshift(value.left, depth + 1) || namesRedshift(value.right, depth + 1));
    case AST_NODE_TYPES.TemplateLiteral:
      return depth < 3 && (value.quasis.some((quasi) => /redshift/i.test(quasi.value.cooked ?? '')) || value.expressions.some((expression) => namesRedshift(expression, depth + 1)));
    default:
      return false;
  }
}

/** `/^\s*production\s*$/i.test(process.env.NODE_ENV)`: a regular expression matching `production` alone, on `NODE_ENV`. */
function testsNodeEnvProduction(node: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(node.callee);
  const pattern = callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'test' ? skipWrappers(callee.object) : undefined;
  const subject = node.arguments[0] && skipWrappers(node.arguments[0]);
  const name = subject?.type === AST_NODE_TYPES.MemberExpression ? propertyName(subject) : subject?.type === AST_NODE_TYPES.Identifier ? subject.name : undefined;
  return (
    pattern?.type === AST_NODE_TYPES.Literal &&
    'regex' in pattern &&
    pattern.regex !== undefined &&
    pattern.regex.pattern.replace(/^\^(?:\\s\*)?|(?:\\s\*)?\$$/g, '') === 'production' &&
    name !== undefined &&
    /^node_?env$/i.test(name)
  );
}

/** `host === 'localhost'`, `process.env.NODE_ENV === 'development'` (either way round). */
function comparesToLocal(node: TSESTree.BinaryExpression): boolean {
  return stringComparisons(node).some(
    ({ text, name }) => LOCAL_HOSTS.has(text) || (DEVELOPMENT_ENVIRONMENTS.has(text) && name !== undefined && ENVIRONMENT_NAME.test(name)),
  );
}

/**
 * Each way round a comparison reads as a string literal compared with something: the string, and
 * the name of that something when it is a variable or a member (`NODE_ENV` of `process.env.NODE_ENV`).
 */
function stringComparisons(node: TSESTree.BinaryExpression): Array<{ text: string; name: string | undefined }> {
  const found: Array<{ text: string; name: string | undefined }> = [];
  for (const [value, other] of [
    [node.left, node.right],
    [node.right, node.left],
  ] as const) {
    const literal = skipWrappers(value);
    if (literal.type === AST_NODE_TYPES.Literal && typeof literal.value === 'string') {
      const subject = skipWrappers(other);
      const name = subject.type === AST_NODE_TYPES.Identifier ? subject.name : subject.type === AST_NODE_TYPES.MemberExpression ? propertyName(subject) : undefined;
      found.push({ text: literal.value, name });
    }
  }
  return found;
}

/**
 * Ports a pooler beside the service listens on by default: PgBouncer's 6432, Supavisor's
 * transaction port 6543, the Supabase CLI's local pooler 54329. Any other port on the developer's
 * machine is a database (a container mapped to 5433, the Supabase CLI's 54322).
 */
const LOCAL_POOLER_PORTS: ReadonlySet<string> = new Set(['6432', '6543', '54329']);

/** Does the configuration talk to PostgreSQL (Knex `client`, TypeORM `type`, Sequelize `dialect`, or the URL scheme)? */
export function isPostgres(site: ConfigSite): boolean {
  if (talksToRedshift(site)) {
    return false;
  }
  const dialect = site.layout.dialect;
  if (!dialect) {
    return true;
  }
  const driver = dialect.driver && site.options && lookup(site.options, dialect.driver.key).property;
  if (driver) {
    const named = skipWrappers(driver.value);
    const name =
      named.type === AST_NODE_TYPES.Identifier ? named.name : named.type === AST_NODE_TYPES.MemberExpression && !named.computed ? propertyName(named) : undefined;
    return name !== undefined && dialect.driver!.names.includes(name);
  }
  const option = site.options && lookup(site.options, dialect.key).property;
  const value = option && skipWrappers(option.value);
  if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') {
    return dialect.values.includes(value.value);
  }
  if (option) {
    return false; // a dialect we cannot read
  }
  return dialect.urlSchemes === true && site.url?.kind === 'literal' && /^postgres(?:ql)?:\/\//i.test(site.url.text ?? '');
}

/**
 * Does the node read a Cloudflare Hyperdrive binding's connection string
 * (`env.HYPERDRIVE.connectionString`, `c.env.HYPERDRIVE.connectionString`)? Hyperdrive pools the
 * connections (Workers cannot share a client across requests) and supports prepared statements.
 * With `scopeOf`, also a parameter typed as the binding (`({ connectionString }:
 * Pick<Hyperdrive, 'connectionString'>)`, `(hyperdrive: Hyperdrive)`) and what it holds.
 */
export function readsHyperdrive(node: TSESTree.Node, scopeOf?: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  let found = false;
  const visit = (current: TSESTree.Node): void => {
    if (found) {
      return;
    }
    if (current.type === AST_NODE_TYPES.Identifier && scopeOf) {
      found = typedAsHyperdrive(current, scopeOf);
      return;
    }
    if (
      current.type === AST_NODE_TYPES.MemberExpression &&
      !current.computed &&
      current.property.type === AST_NODE_TYPES.Identifier &&
      current.property.name === 'connectionString' &&
      current.object.type === AST_NODE_TYPES.MemberExpression
    ) {
      const binding = current.object.object;
      found =
        (binding.type === AST_NODE_TYPES.Identifier && binding.name === 'env') ||
        (binding.type === AST_NODE_TYPES.MemberExpression && !binding.computed && binding.property.type === AST_NODE_TYPES.Identifier && binding.property.name === 'env');
      return;
    }
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}

/** Is the identifier a parameter, or a name destructured from one, whose declared type names `Hyperdrive`? */
function typedAsHyperdrive(id: TSESTree.Identifier, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  const def = findVariable(scopeOf(id), id)?.defs[0];
  if (def?.type !== 'Parameter') {
    return false;
  }
  let parameter: TSESTree.Node = def.name;
  while (parameter.parent && parameter.parent !== def.node) {
    parameter = parameter.parent;
  }
  const annotated = parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
  const annotation = 'typeAnnotation' in annotated ? annotated.typeAnnotation : undefined;
  let named = false;
  const visit = (current: TSESTree.Node): void => {
    if (named) {
      return;
    }
    if (current.type === AST_NODE_TYPES.TSTypeReference && current.typeName.type === AST_NODE_TYPES.Identifier && current.typeName.name === 'Hyperdrive') {
      named = true;
      return;
    }
    forEachChild(current, visit);
  };
  if (annotation && typeof annotation === 'object' && 'type' in annotation) {
    visit(annotation as TSESTree.Node);
  }
  return named;
}

/** Functions that hand a Next.js app on Cloudflare its request's bindings (`{ env, ctx, cf }`). */
const CLOUDFLARE_CONTEXTS = new Set(['getCloudflareContext', 'getRequestContext']);

/**
 * Does the node read a per-request platform's environment bindings: `c.env.DATABASE_URL` (a Hono
 * context on Cloudflare Workers), `env.DATABASE_URL` with `env` a parameter or local (a Workers
 * `fetch(request, env)`, `({ env }) => …`, a helper handed `c.env`), `event.platform.env.…`
 * (SvelteKit), `context.cloudflare.env.…` (Remix, React Router), `getCloudflareContext().env.…`
 * (OpenNext), or the `env` of `cloudflare:workers`? A Worker cannot reuse a socket opened for
 * another request, so its database clients are built, used and closed per request. Not
 * `process.env`, `import.meta.env`, `this.env`, nor a module-level `env` (an environment module of
 * the project, `$env/dynamic/private`).
 */
export function readsPlatformBindings(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  const local = (id: TSESTree.Identifier): boolean => {
    const variable = findVariable(scopeOf(id), id);
    if (!variable || variable.defs.length === 0) {
      return false; // a global: `process`
    }
    if (!isFileScope(variable.scope)) {
      return true;
    }
    const def = variable.defs[0];
    return def.type === 'ImportBinding' && def.parent?.type === AST_NODE_TYPES.ImportDeclaration && def.parent.source.value === 'cloudflare:workers';
  };
  let found = false;
  const followed = new Set<TSESTree.Node>();
  const visit = (current: TSESTree.Node): void => {
    if (found) {
      return;
    }
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (!current.computed && current.property.type === AST_NODE_TYPES.Identifier && current.property.name === 'env') {
        let root: TSESTree.Node = current.object;
        while (root.type === AST_NODE_TYPES.MemberExpression) {
          root = root.object;
        }
        const inner = skipWrappers(root);
        const context = inner.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(inner.argument) : inner;
        if (
          (root.type === AST_NODE_TYPES.Identifier && local(root)) ||
          // OpenNext's `getCloudflareContext().env`, next-on-pages' `getRequestContext().env`.
          (context.type === AST_NODE_TYPES.CallExpression &&
            context.callee.type === AST_NODE_TYPES.Identifier &&
            CLOUDFLARE_CONTEXTS.has(context.callee.name))
        ) {
          found = true;
          return;
        }
      }
      visit(current.object);
      if (current.computed) {
        visit(current.property);
      }
      return;
    }
    if (current.type === AST_NODE_TYPES.Identifier) {
      // A constant: what it holds (`const url = c.env.DATABASE_URL`, `const env = process.env`).
      const init = constInitializer(current, scopeOf);
      if (init) {
        if (!followed.has(init) && followed.size < 8) {
          followed.add(init);
          visit(init);
        }
        return;
      }
      // A parameter or a destructured local named `env` (`fetch(request, env)`, `const { env } = c`).
      found = current.name === 'env' && local(current);
      return;
    }
    if (current.type === AST_NODE_TYPES.Property) {
      // `{ env }` shorthand reads `env`; a key is no read.
      if (current.computed || current.shorthand) {
        visit(current.key);
      }
      if (!current.shorthand) {
        visit(current.value);
      }
      return;
    }
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}
