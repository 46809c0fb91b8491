import path from 'node:path';
import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { isFunctionNode, pushCallHolders, useVisitorKeys, type FunctionNode } from '../util/ast';
import { FRAMEWORKS, LIBRARIES } from '../models/index';
import { PROJECT_MODULES, Registry } from '../models/registry';
import { parseExports, parseSettings, poolerSettings, shapeChecker, type PgBouncerSettings, type PoolerSettings, type SettingsModule } from '../settings';
import { loadFacts, type FactsState, type LoadedFactsModule } from '../project/facts';
import { isOtherDatabaseFile, relativePath } from '../frameworks/conventions';
import { dependsOn } from '../util/package-version';
import { HandlerIndex } from './handlers';
import { TypeOracle } from './types';
import { UsageOracle } from './usage';
import { isDirectCall, ValueTracker, type CallInfo, type ValueOracle } from './values';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Everything the rules ask about one file, computed lazily and shared by every rule. */
export interface FileAnalysis {
  readonly registry: Registry;
  readonly values: ValueTracker;
  readonly handlers: HandlerIndex;
  /**
   * False when the file loads no database library (nor a settings-declared module) and calls no
   * method that names one on a receiver from elsewhere (`db.$transaction(…)`, see UsageOracle), or
   * imports one only for names the models do not know (enums, row types), or when its path names
   * another database (`database/sqlite/…`, `mysqlSaver.ts`): rules exit early.
   */
  readonly relevant: boolean;
  readonly typeAware: boolean;
  /** What the pooler supports (`settings.pgbouncer.pooler`, defaults filled in). */
  readonly pooler: PoolerSettings;
  /** The file's source text. */
  readonly sourceText: string;
  /**
   * The calls, `new` expressions and tagged templates of a function's own body (not of nested
   * functions, nor its parameters), in source order; `Program` for top-level code. Walked once per
   * function, when first asked for.
   */
  callsIn(fn: FunctionNode | TSESTree.Program): readonly CallNode[];
  /**
   * Does the function's own body call a modelled API directly (not in a callback form)? Most
   * functions do not, and every per-function rule can leave them at once.
   */
  callsModelled(fn: FunctionNode | TSESTree.Program): boolean;
  /**
   * The file's one shared pass over its calls and functions. The first rule to ask gets the
   * listeners to return to ESLint; every later one gets none, its handlers being called from those.
   * At each call, `new` and tagged template the pass resolves the call once, records which
   * functions call a modelled API directly (so that `callsModelled` needs no walk of its own), and
   * hands each modelled call to every rule's `onModelledCall`; at each function's end it calls every
   * `onFunctionExit`. Handlers run in the order the rules were created, as ESLint's listeners would,
   * and ESLint dispatches one listener per node instead of one per rule.
   */
  sharedTraversal(handlers: SharedHandlers): TSESLint.RuleListener;
  /** The innermost scope of a node (`sourceCode.getScope`), for variable look-ups. */
  readonly scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope;
  /**
   * Does the library hand the open transaction to every query by itself here
   * (`LibraryModel.implicitTransactions`): this file, or a module of the project per the facts
   * file, makes the call that turns it on (`Sequelize.useCLS(namespace)`)?
   */
  implicitTransactions(lib: string): boolean;
}

const BASE = new Registry(LIBRARIES, FRAMEWORKS);
const registries = new WeakMap<object, { facts: FactsState | undefined; registry: Registry }>();
/**
 * The analyses of the file being linted, one per mode. ESLint creates a file's rules one after
 * another and lints files one at a time (each worker thread of a multithreaded run loads its own
 * copy of the plugin): holding the current file's is enough, and cheaper than a weak map of every
 * file's source code that the garbage collector must clear entry by entry.
 */
let current: { readonly sourceCode: TSESLint.SourceCode; readonly byMode: Map<boolean, FileAnalysis> } | undefined;

/**
 * The registry for a `settings.pgbouncer` object: the bundled models, the team's declared modules,
 * and the modules of the facts file (`settings.pgbouncer.facts`). Declared modules win over facts.
 * Cached per settings object and, with a facts file, per state of that file.
 */
export function registryFor(settings: unknown, cwd: string): Registry {
  if (settings === undefined || settings === null || typeof settings !== 'object') {
    if (settings !== undefined) {
      parseSettings(settings, cwd, () => true);
    }
    return BASE;
  }
  const factsPath = (settings as PgBouncerSettings).facts;
  const cached = registries.get(settings);
  const facts = typeof factsPath === 'string' && factsPath !== '' ? loadFacts(factsPath, cwd) : undefined;
  if (cached && cached.facts === facts) {
    return cached.registry;
  }
  const modules = parseSettings(settings, cwd, isBundledShape);
  const fromFacts = facts ? factsModules(facts.modules, factsPath ?? '') : [];
  let registry = BASE;
  const implicit = facts?.implicitTransactions ?? [];
  if (modules.length > 0 || fromFacts.length > 0 || implicit.length > 0) {
    registry = BASE.fork();
    for (const lib of implicit) {
      registry.implicitInProject.add(lib);
    }
    for (const module of modules) {
      addProjectModule(registry, module);
    }
    for (const module of fromFacts) {
      if (!modules.some((declared) => declared.test?.('', module.file?.path))) {
        addProjectModule(registry, module);
      }
    }
  }
  registries.set(settings, { facts, registry });
  return registry;
}

/**
 * The bundled models plus project modules described in memory (the indexer, which computes facts
 * module by module): shape keys `facts<i>:fn_<name>` are the functions of `modules[i]`.
 */
export function registryWithFacts(modules: readonly LoadedFactsModule[]): Registry {
  const registry = BASE.fork();
  for (const module of factsModules(modules, 'index')) {
    addProjectModule(registry, module);
  }
  return registry;
}

const isBundledShape = (key: string): boolean => BASE.shape(key) !== undefined;

/** A module of the team's own code (declared in settings, or from the facts file) into a registry. */
function addProjectModule(registry: Registry, module: SettingsModule): void {
  registry.addModel({ id: module.lib, name: PROJECT_MODULES, modules: [], shapes: module.shapes, types: module.types }, true);
  if (module.file) {
    registry.addFileModule(module.lib, module.spec, module.file);
  } else {
    registry.addModule(module.lib, module.spec, module.test);
  }
}

/** Facts-file modules as registry modules, validated like `settings.pgbouncer.modules`. */
function factsModules(modules: readonly LoadedFactsModule[], factsPath: string): SettingsModule[] {
  const checkRef = shapeChecker(isBundledShape);
  return modules.map((module, index) => {
    const lib = `facts${index}`;
    const parsed = parseExports(`settings.pgbouncer.facts (${factsPath}) modules[${JSON.stringify(module.file)}].exports`, lib, module.exports, checkRef);
    return {
      lib,
      shapes: { ...parsed.shapes, exports: { props: parsed.props } },
      types: parsed.types,
      spec: { exports: 'exports', default: parsed.defaultRef ?? 'exports' },
      file: { path: module.path, specifiers: module.specifiers },
    };
  });
}

/** The shared per-file analysis (one per file and mode, whatever the number of rules asking). */
export function analyse(context: Context, typeAware: boolean, registryOverride?: Registry): FileAnalysis {
  const sourceCode = context.sourceCode;
  let byMode = current?.sourceCode === sourceCode ? current.byMode : undefined;
  if (!byMode) {
    useVisitorKeys(sourceCode.visitorKeys);
    byMode = new Map();
    current = { sourceCode, byMode };
  }
  let analysis = byMode.get(typeAware);
  if (!analysis) {
    const registry = registryOverride ?? registryFor(context.settings.pgbouncer, context.cwd);
    const scopeOf = (node: TSESTree.Node) => sourceCode.getScope(node);
    // What the file's own calls say a receiver of unknown origin holds (`db.$transaction(…)`): after the types.
    const absolute = path.isAbsolute(context.filename) ? context.filename : path.join(context.cwd, context.filename);
    const usage = UsageOracle.create(sourceCode, registry, scopeOf, absolute);
    const typed = typeAware ? TypeOracle.create(context, registry) : undefined;
    const oracle = typed && usage ? chainOracles(typed, usage) : (typed ?? usage);
    const values = new ValueTracker(registry, scopeOf, context.filename, oracle);
    analysis = new Analysis(
      sourceCode,
      // File conventions (`api/`, `app/**/route.ts`) read the path inside the project, not where it is checked out.
      relativePath(context.filename, context.cwd),
      registry,
      values,
      scopeOf,
      // Another database's dialect-specific code (`database/sqlite/…`) is not PostgreSQL's.
      (typeAware || usage !== undefined || importsDatabaseLibrary(sourceCode, values)) && !isOtherDatabaseFile(context.filename, context.cwd) && !talksToAnotherDatabase(absolute),
      typeAware,
      poolerSettings(context.settings.pgbouncer),
    );
    byMode.set(typeAware, analysis);
  }
  return analysis;
}

/** Drivers of databases other than PostgreSQL, which Drizzle, Knex, Kysely, Sequelize and TypeORM also drive. */
const OTHER_DATABASE_DRIVERS = ['@libsql/client', 'better-sqlite3', 'sqlite3', '@tursodatabase/serverless', 'mysql2', 'mysql', '@planetscale/database', 'mssql', 'tedious', 'oracledb'];

/**
 * PostgreSQL drivers, and Prisma, whose client names no driver (its schema does): a package that
 * depends on one of these may talk to PostgreSQL whatever else it depends on.
 */
const POSTGRES_DRIVERS = [
  'pg',
  // Its types alone say the package's code uses it (`pg` itself may come from a workspace's root).
  '@types/pg',
  '@prisma/client',
  'postgres',
  'pg-promise',
  'slonik',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@fastify/postgres',
  '@electric-sql/pglite',
  '@mikro-orm/postgresql',
  '@databases/pg',
];

/**
 * The file's package depends on another database's driver and on no PostgreSQL one (see above):
 * its Sequelize, Knex, TypeORM or Drizzle engines drive that database (a SQLite app's `BEGIN`
 * through `sequelize.query`; `db.transaction(async (tx) => …)` of Drizzle over Turso), and nothing
 * in it is judged. A package that names no driver at all (a Deno project, a file outside any
 * package) is judged as before.
 */
export function talksToAnotherDatabase(filename: string): boolean {
  // The PostgreSQL drivers first: most packages name one, which answers at once.
  return !POSTGRES_DRIVERS.some((pkg) => dependsOn(filename, pkg)) && OTHER_DATABASE_DRIVERS.some((pkg) => dependsOn(filename, pkg));
}

/** Asks `first`, then `second` where the first found nothing. */
function chainOracles(first: ValueOracle, second: ValueOracle): ValueOracle {
  return { valueOf: (node) => first.valueOf(node) ?? second.valueOf(node) };
}

class Analysis implements FileAnalysis {
  /** Each function's own calls, walked when first asked for. */
  private readonly calls = new Map<TSESTree.Node, CallNode[]>();
  /** Whether a function's own body calls a modelled API directly, for functions the traversal has not answered. */
  private readonly modelled = new Map<TSESTree.Node, boolean>();
  /** The traversal's answers, once a rule has attached the shared call listeners. */
  private traversal: Traversal | undefined;
  private handlerIndex: HandlerIndex | undefined;
  private readonly implicit = new Map<string, boolean>();
  readonly sourceText: string;

  constructor(
    private readonly sourceCode: TSESLint.SourceCode,
    /** The file's path relative to the working directory (absolute outside it). */
    private readonly filename: string,
    readonly registry: Registry,
    readonly values: ValueTracker,
    readonly scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
    readonly relevant: boolean,
    readonly typeAware: boolean,
    readonly pooler: PoolerSettings,
  ) {
    this.sourceText = sourceCode.text;
  }

  implicitTransactions(lib: string): boolean {
    if (this.registry.implicitInProject.has(lib)) {
      return true;
    }
    let answer = this.implicit.get(lib);
    if (answer === undefined) {
      // Read from the text when a query of that library first needs it, not for every file.
      answer = this.registry.implicitTransactionMarkers.get(lib)?.test(this.sourceText) === true;
      this.implicit.set(lib, answer);
    }
    return answer;
  }

  get handlers(): HandlerIndex {
    this.handlerIndex ??= new HandlerIndex(this.values, this.scopeOf, this.filename, this.sourceCode.ast);
    return this.handlerIndex;
  }

  callsIn(fn: FunctionNode | TSESTree.Program): readonly CallNode[] {
    let calls = this.calls.get(fn);
    if (calls === undefined) {
      calls = ownCalls(fn);
      this.calls.set(fn, calls);
    }
    return calls;
  }

  callsModelled(fn: FunctionNode | TSESTree.Program): boolean {
    const traversal = this.traversal;
    if (traversal !== undefined && traversal.exited.has(fn)) {
      return traversal.direct.has(fn);
    }
    let answer = this.modelled.get(fn);
    if (answer === undefined) {
      answer = this.callsIn(fn).some((node) => isDirectCall(this.values.callOf(node)));
      this.modelled.set(fn, answer);
    }
    return answer;
  }

  sharedTraversal(handlers: SharedHandlers): TSESLint.RuleListener {
    if (this.traversal !== undefined) {
      this.traversal.handlers.push(handlers);
      return {};
    }
    const traversal: Traversal = { direct: new Set(), exited: new Set(), handlers: [handlers] };
    this.traversal = traversal;
    const values = this.values;
    const onCall = (node: CallNode): void => {
      const info = values.callOf(node);
      if (info !== undefined && isDirectCall(info)) {
        const owner = ownerOf(node);
        if (owner !== undefined) {
          traversal.direct.add(owner);
        }
      }
      for (const handler of traversal.handlers) {
        handler.onCall?.(node);
        if (info !== undefined) {
          handler.onModelledCall?.(info);
        }
      }
    };
    const onExit = (fn: FunctionNode): void => {
      traversal.exited.add(fn);
      for (const handler of traversal.handlers) {
        handler.onFunctionExit?.(fn);
      }
    };
    return {
      CallExpression: onCall,
      NewExpression: onCall,
      TaggedTemplateExpression: onCall,
      'FunctionDeclaration:exit': onExit,
      'FunctionExpression:exit': onExit,
      'ArrowFunctionExpression:exit': onExit,
    };
  }
}

/**
 * What a rule asks the shared pass to call: at each call (`f()`, `new F()`, a tagged template), at
 * each modelled call, at each function's end. One set of ESLint listeners serves every rule: ESLint's
 * dispatch of a listener costs about as much as a rule's own check of a call that is not its concern.
 */
export interface SharedHandlers {
  readonly onCall?: (node: CallNode) => void;
  readonly onModelledCall?: (info: CallInfo) => void;
  readonly onFunctionExit?: (fn: FunctionNode) => void;
}

interface Traversal {
  /** The functions whose own body calls a modelled API directly (among those exited). */
  readonly direct: Set<TSESTree.Node>;
  readonly exited: Set<TSESTree.Node>;
  /** The rules' handlers, in the order the rules were created (ESLint's listener order). */
  readonly handlers: SharedHandlers[];
}

export type CallNode = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

/** An `onCall` handler for the rules that judge calls and `new` only, not tagged templates. */
export function untagged(check: (node: TSESTree.CallExpression | TSESTree.NewExpression) => void): (node: CallNode) => void {
  return (node) => {
    if (node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
      check(node);
    }
  };
}

/**
 * The calls of one function's own body (or of the top-level code), in source order: one walk that
 * stops at nested functions, skips leaves and types, and allocates per function, not per node.
 */
function ownCalls(fn: FunctionNode | TSESTree.Program): CallNode[] {
  const calls: CallNode[] = [];
  const stack: TSESTree.Node[] = [fn.type === AST_NODE_TYPES.Program ? fn : fn.body];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      calls.push(node);
    } else if (isFunctionNode(node)) {
      continue; // its own body is its own; its parameters belong to no function's body
    }
    pushCallHolders(node, stack);
  }
  return calls;
}

/**
 * The function whose own body holds a call (the one `ownCalls` lists it under): the nearest
 * enclosing function reached through its body, the program for top-level code, none for a call in
 * a parameter list (a default value, a parameter decorator).
 */
function ownerOf(node: TSESTree.Node): FunctionNode | TSESTree.Program | undefined {
  let child = node;
  // The program's `parent` is null at run time (undefined in the types): test truthiness.
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) {
      return parent.body === child ? parent : undefined;
    }
  }
  return child.type === AST_NODE_TYPES.Program ? child : undefined;
}

/** Cheap pre-check: does any import, require or dynamic import name a modelled database module? */
function importsDatabaseLibrary(sourceCode: TSESLint.SourceCode, values: ValueTracker): boolean {
  const isDatabase = (specifier: string): boolean => {
    const lib = values.moduleLibrary(specifier);
    return lib !== undefined && values.registry.databaseLibs.has(lib);
  };
  // The program's module declarations answer for every static form, without reading the text. A
  // declaration that binds only names the models do not know (`import { Role } from
  // '@prisma/client'`: the enums and row types most files of a Prisma app import) gives the file
  // nothing to judge.
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      if (isDatabase(statement.source.value) && !values.bindsNothing(statement)) {
        return true;
      }
    } else if (
      (statement.type === AST_NODE_TYPES.ExportAllDeclaration || statement.type === AST_NODE_TYPES.ExportNamedDeclaration) &&
      statement.source &&
      isDatabase(statement.source.value)
    ) {
      return true;
    }
  }
  // Loads by call, anywhere in the file: `require('pg')`, `import('pg')`, `import pg = require('pg')`.
  // One linear scan of the quoted strings right after `require(` or `import(` (a mention in a
  // comment counts too: the answer errs towards analysing).
  const text = sourceCode.text;
  const specifier = /\b(?:import|require)\s*\(\s*(["'`])([@\w./~#:-][^"'`\n]{0,200}?)\1/g;
  for (let match = specifier.exec(text); match; match = specifier.exec(text)) {
    if (isDatabase(match[2])) {
      return true;
    }
  }
  return false;
}
