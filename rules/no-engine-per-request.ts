import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { builtOnCacheMiss, EscapeAnalysis, engineConstruction, isLazilyCached, neverConnects, replacesHeldEngine, runsOnceGuarded, type EngineConstruction } from '../lib/analysis/engines';
import { buildsOneConnection, readsHyperdrive, readsPlatformBindings } from '../lib/analysis/config';
import { analyse, untagged, type FileAnalysis } from '../lib/analysis/file';
import { calledOnlyAtStartup, describeHandler, functionBinding, handlerUnit, runsMigrations, type HandlerInfo } from '../lib/analysis/handlers';
import { inProvisioningFunction, isMigrationFile } from '../lib/analysis/pooled-sql';
import { contains, enclosingFunction, forEachChild, functionName, isFileScope, isFunctionNode, keyName, LOOP_TYPES, endsProcess, propertyName, skipWrappers, type FunctionNode } from '../lib/util/ast';
import { dedentedText, freeModuleName, insertionPoint, isHoistable, readsOnlyEnvironment, removeStatements, statementRemovalRange, topLevelStatement } from '../lib/util/fix';
import { isScript, isStartupStep, isTestFile, MIGRATION_FUNCTION } from '../lib/frameworks/conventions';
import { createRule } from '../lib/util/rule';
import { isProjectShape, methodSpec } from '../lib/models/registry';

type MessageId = 'perRequest' | 'perRequestClosed' | 'perRequestFactory' | 'perCall' | 'inLoop' | 'suggestHoist' | 'suggestLazy';

/**
 * Why a construction runs more than once per process: per request, per request through a factory of
 * the file (`call`: the handler's call of it), per call, per iteration.
 */
interface Verdict {
  readonly kind: 'perRequest' | 'perRequestFactory' | 'perCall' | 'inLoop';
  readonly handler?: HandlerInfo;
  readonly fn?: FunctionNode;
  readonly call?: TSESTree.CallExpression;
}

export interface AdditionalEngine {
  /** Module specifier the constructor is imported from, e.g. `@acme/db`. */
  module: string;
  /** Export path of the constructor or factory: `createDb`, `Database`, `default`, `Db.connect`. */
  export: string;
}

type Options = [
  {
    checkAllFunctions?: boolean;
    allowServerlessDrivers?: boolean;
    additionalEngines?: AdditionalEngine[];
    additionalHandlers?: string[];
    typeAware?: boolean;
  },
];

export default createRule<Options, MessageId>({
  name: 'no-engine-per-request',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow building a connection pool or ORM client per request, per call or per loop iteration',
      recommended: true,
      typeAware: true,
    },
    hasSuggestions: true,
    messages: {
      perRequest:
        '{{construction}} builds a new {{engine}} in {{handler}}, so every {{unit}} opens its own pool of connections. ' +
        'Behind PgBouncer this multiplies client and server connections, pays connection set-up and metadata loading on every {{unit}}, ' +
        'and leaks the pool when the {{unit}} fails. Create it once per process and reuse it.',
      perRequestClosed:
        '{{construction}} builds a new {{engine}} in {{handler}} and closes it again, so every {{unit}} opens and tears down its own connections. ' +
        'Behind PgBouncer this churns client and server connections and pays connection set-up and metadata loading on every {{unit}}; ' +
        'a warm process could reuse one. Create it once per process and reuse it.',
      perRequestFactory:
        '{{construction}} builds a new {{engine}} on every call of {{fn}}, and {{handler}} calls it on every {{unit}} (line {{line}}), so every {{unit}} opens its own pool of connections. ' +
        'Behind PgBouncer this multiplies client and server connections, pays connection set-up and metadata loading on every {{unit}}, ' +
        'and leaks the pool when the {{unit}} fails. Create it once per process and reuse it.',
      perCall:
        '{{construction}} builds a new {{engine}} on every call of {{fn}} and drops it when the call returns, so each call opens and tears down a pool of connections. ' +
        'Behind PgBouncer this multiplies connections and pays connection set-up on every call. Create it once per process and import or pass it in.',
      inLoop:
        '{{construction}} builds a new {{engine}} on every iteration of this loop, each with its own pool of connections. ' +
        'Behind PgBouncer this multiplies connections and pays connection set-up on every iteration. Create it once, before the loop.',
      suggestHoist: 'Create the {{engine}} once, at module scope, as `{{name}}`.',
      suggestLazy: 'Create the {{engine}} lazily, once per process, in a module-level `{{name}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkAllFunctions: {
            type: 'boolean',
            description:
              'Also report an engine created and dropped within any function call (not only in recognised request handlers and loops).',
          },
          allowServerlessDrivers: {
            type: 'boolean',
            description:
              'Allow per-request engines where the platform or driver documents them: Neon serverless and Vercel Postgres pools, Cloudflare Workers handlers and Hyperdrive connection strings.',
          },
          additionalEngines: {
            type: 'array',
            description: 'More engine constructors or factories, by module and export path.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'export'],
              properties: {
                module: { type: 'string', minLength: 1, description: 'Module specifier the constructor is imported from.' },
                export: { type: 'string', minLength: 1, description: 'Export path: `createDb`, `Database`, `default`, `Db.connect`.' },
              },
            },
          },
          additionalHandlers: {
            type: 'array',
            description:
              'More functions whose callback arguments run per request: `registerRoute` (a function) or `*.subscribe` / `bus.on` (a method).',
            items: { type: 'string', minLength: 1 },
          },
          typeAware: {
            type: 'boolean',
            description: 'Use TypeScript type information to find engines that syntax cannot see (requires typed linting).',
          },
        },
      },
    ],
    defaultOptions: [{ checkAllFunctions: true, allowServerlessDrivers: true, additionalEngines: [], additionalHandlers: [], typeAware: false }],
  },
  defaultOptions: [{ checkAllFunctions: true, allowServerlessDrivers: true, additionalEngines: [], additionalHandlers: [], typeAware: false }],
  create(context, [options]) {
    const analysis = analyse(context, options.typeAware === true);
    const extraEngines = options.additionalEngines ?? [];
    if (!analysis.relevant && extraEngines.length === 0) {
      return {};
    }
    const sourceCode = context.sourceCode;
    const scopeOf = analysis.scopeOf;
    const escapes = new EscapeAnalysis(analysis.values, scopeOf);
    const extraHandlers = (options.additionalHandlers ?? []).map(parseCalleePattern);
    const reported: TSESTree.Node[] = [];
    const typescript = /\.[cm]?tsx?$/.test(context.filename);
    const inTestFile = isTestFile(context.filename, context.cwd, context.sourceCode.ast);
    const allowServerless = options.allowServerlessDrivers !== false;

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const construction = engineConstruction(analysis.values, node) ?? extraEngine(analysis, node, extraEngines);
      if (!construction || reported.some((outer) => contains(outer, node))) {
        return;
      }
      if ((construction.info.shape.serverless || construction.info.spec.serverless) && allowServerless) {
        return;
      }
      const projectFunction = isProjectShape(construction.info.shape);
      const verdict = judge(node, projectFunction) ?? (projectFunction ? undefined : perRequestCaller(node));
      // A TypeORM DataSource built to read entity metadata and never initialised holds no connection.
      if (!verdict || neverConnects(construction, scopeOf)) {
        return;
      }
      reported.push(node);
      const data = {
        construction: `\`${constructionText(sourceCode, node)}\``,
        engine: engineLabel(construction),
        handler: verdict.handler ? describeHandler(verdict.handler) : '',
        unit: verdict.handler ? handlerUnit(verdict.handler) : '',
        fn: verdict.fn ? `\`${functionName(verdict.fn) ?? 'this function'}\`` : '',
        line: verdict.call ? verdict.call.loc.start.line : '',
      };
      // A handler that closes what it built in a `finally` leaks nothing; it still builds one per request.
      const closes = verdict.kind === 'perRequest' && verdict.handler && isFunctionNode(verdict.handler.node) && closedWithin(node, verdict.handler.node.body, true);
      context.report({
        node,
        messageId: closes ? 'perRequestClosed' : verdict.kind,
        data,
        suggest: verdict.kind === 'inLoop' ? [] : suggestions(sourceCode, analysis, node, construction, typescript),
      });
    }

    /** Why this construction runs more than once per process, if it does. */
    function judge(node: TSESTree.Node, projectFunction: boolean): Verdict | undefined {
      const verdict = judgeRepetition(node, projectFunction);
      // A function (not a request handler) that closes its engine before returning, when the engine
      // is one connection (`postgres(url, { max: 1 })`, `new Pool({ max: 1 })`: a client connected
      // for the call, as `new Client()` would be, a probe that must not share another session) or the
      // function is a script's or command-line tool's (the command runs once per invocation, and its
      // pool ends with it). A request handler is still told to keep one across requests (a Lambda's
      // warm invocations reuse it); an engine left open is still reported.
      if (
        verdict?.kind === 'perCall' &&
        verdict.fn &&
        (isScript(context.filename, context.cwd, sourceCode) || buildsOneConnection(analysis, node, analysis.values.shape(analysis.values.valueOf(node)))) &&
        closedWithin(node, verdict.fn.body)
      ) {
        return undefined;
      }
      // Configured from a Worker's bindings (`c.env.DATABASE_URL`, a helper handed `env`): the
      // platform cannot share a connection across requests, so one per request is the only way.
      // Asked last: most constructions get no verdict, and the walk is not needed for them.
      return verdict && allowServerless && readsPlatformBindings(node, scopeOf) ? undefined : verdict;
    }

    function judgeRepetition(node: TSESTree.Node, projectFunction: boolean): Verdict | undefined {
      // `if (registry.has(key)) … else createConnection({ name: key, … })`: built once per key.
      const own = enclosingFunction(node);
      if (own && builtOnCacheMiss(node, own)) {
        return undefined;
      }
      const handler = analysis.handlers.enclosingHandler(node) ?? extraHandler(node);
      if (handler) {
        if (allowServerless && (handler.serverless || readsHyperdrive(node))) {
          return undefined;
        }
        const fn = isFunctionNode(handler.node) ? handler.node : undefined;
        // A cache filled on first use, or a rotation (a timer rebuilding the pool when its token
        // expires, closing the old one): one engine lives at a time. A handler invoked by events that
        // runs the migrations (a provisioning Lambda run by a deploy) serves a deploy step, not
        // requests; an HTTP route that does (`POST /admin/migrate`) is still told to share one.
        const once =
          isLazilyCached(node, fn, sourceCode, scopeOf) ||
          (fn !== undefined && (replacesHeldEngine(node, fn, scopeOf) || (handler.invokedByEvents === true && runsMigrations(fn))));
        return once ? undefined : { kind: 'perRequest', handler };
      }
      // A function of the project that builds an engine (settings, facts file) is judged where it
      // runs per request only: elsewhere it is the callee's own code, judged in its own file.
      if (projectFunction || inTestFile || inTestCallback(node)) {
        return undefined;
      }
      const fn = enclosingFunction(node);
      const loop = enclosingLoop(node, fn);
      if (loop) {
        return escapes.escapes(node, loop, fn) || perItemAndClosed(node, loop, [loop.parent ?? loop]) || retriesUntilConnected(node, loop)
          ? undefined
          : { kind: 'inLoop' };
      }
      if (!fn || options.checkAllFunctions === false || !isNamedOrMethod(fn) || calledOnlyAtStartup(fn, scopeOf)) {
        return undefined;
      }
      // Migrations and seeds run once per deploy: their files, and functions that run them; start-up
      // steps once per process; so do functions that create or drop databases (a test set-up, a deploy step).
      const name = functionName(fn);
      if (
        isMigrationFile(context.filename, context.cwd) ||
        MIGRATION_FUNCTION.test(name ?? '') ||
        runsMigrations(fn) ||
        isStartupStep(context.filename, context.cwd, name) ||
        inProvisioningFunction(analysis, node) ||
        // A shutdown step that ends the process (`await prisma.$disconnect(); process.exit(0)`) runs once.
        exitsProcess(fn) ||
        // `if (bossInstance) return bossInstance;` first: the rest is set-up that runs once.
        runsOnceGuarded(node, fn, sourceCode, scopeOf)
      ) {
        return undefined;
      }
      // `applyToDb(dbName)`: a pool for the database the caller names, closed before returning.
      return escapes.escapes(node, fn) || perItemAndClosed(node, fn.body, fn.params) ? undefined : { kind: 'perCall', fn };
    }

    /**
     * A function of this file that builds an engine on every call and returns it (`function getDb()
     * { return drizzle(postgres(url)); }`, `const getPrisma = () => new PrismaClient()`), called by
     * name in a request handler of this file: the first such call. Its other callers (start-up code
     * that keeps the result, a cache filled on first use) do not count.
     */
    function perRequestCaller(node: TSESTree.CallExpression | TSESTree.NewExpression): Verdict | undefined {
      const fn = enclosingFunction(node);
      if (
        !fn ||
        inTestFile ||
        enclosingLoop(node, fn) ||
        analysis.handlers.enclosingHandler(node) ||
        isMigrationFile(context.filename, context.cwd)
      ) {
        return undefined;
      }
      const id = functionBinding(fn);
      const variable = id && findVariable(scopeOf(id), id);
      if (!variable || isLazilyCached(node, fn, sourceCode, scopeOf) || !escapes.returnedOnly(node, fn)) {
        return undefined;
      }
      for (const reference of variable.references) {
        const call = reference.identifier.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier || contains(fn, call)) {
          continue;
        }
        const verdict = judge(call, true);
        if (verdict?.kind === 'perRequest' && verdict.handler) {
          // A Worker's factory, handed its bindings or Hyperdrive's connection string.
          return allowServerless && (readsHyperdrive(node) || readsPlatformBindings(node, scopeOf))
            ? undefined
            : { kind: 'perRequestFactory', handler: verdict.handler, fn, call };
        }
      }
      return undefined;
    }

    /**
     * Each iteration (or call) connects somewhere else and closes what it built: `for (const
     * tenant of tenants) { const pool = new Pool({ database: tenant.db }); … finally { await
     * pool.end(); } }`, `async function applyToDb(dbName) { const pool = new Pool({ database:
     * dbName }); … }`. The configuration reads a variable declared in `regions` (the loop's head
     * and body; the function's parameters), and the engine is closed within `body`. One engine per
     * database is the least there can be, and one lives at a time.
     */
    function perItemAndClosed(node: TSESTree.Node, body: TSESTree.Node, regions: readonly TSESTree.Node[]): boolean {
      if ((node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) || !readsDeclaredIn(node.arguments, regions, body)) {
        return false;
      }
      return closedWithin(node, body);
    }

    /** The variable the engine is bound to is closed (`pool.end()`, `sql.end()`) within `body`. */
    function closedWithin(node: TSESTree.Node, body: TSESTree.Node, inFinally = false): boolean {
      // `const pool = await createPool(url)`: the engine a call resolves.
      const held = node.parent?.type === AST_NODE_TYPES.AwaitExpression ? node.parent : node;
      const holder = held.parent;
      if (!holder) {
        return false;
      }
      const name =
        holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === held && holder.id.type === AST_NODE_TYPES.Identifier
          ? holder.id
          : holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === held && holder.left.type === AST_NODE_TYPES.Identifier
            ? holder.left
            : undefined;
      const variable = name ? findVariable(scopeOf(name), name) : undefined;
      return (variable?.references ?? []).some(
        (reference) =>
          contains(body, reference.identifier) &&
          closeCall(analysis, reference.identifier) !== undefined &&
          (!inFinally || inFinallyBlock(reference.identifier, body)),
      );
    }

    /**
     * Does the configuration say where to connect from a variable declared in one of `regions`: a
     * URL or configuration argument, or a target option (`database`, `connectionString`, `host`,
     * `user`, `password`, Knex's `connection`, …) of an options object? Another schema, pool size
     * or timeout on the same database (`{ ...options, schema: tenant }`) is not another database:
     * one engine can serve them all. A constant declared in `body` is read through to its
     * initializer (`const adminUrl = toAdminUrl(parseUrl(databaseUrl))`).
     */
    function readsDeclaredIn(args: readonly TSESTree.Node[], regions: readonly TSESTree.Node[], body: TSESTree.Node): boolean {
      const followed = new Set<TSESTree.Node>();
      const reads = (expression: TSESTree.Node): boolean => {
        let found = false;
        const visit = (current: TSESTree.Node): void => {
          if (found) {
            return;
          }
          if (current.type === AST_NODE_TYPES.Identifier) {
            const def = findVariable(scopeOf(current), current)?.defs[0];
            found = def !== undefined && regions.some((region) => contains(region, def.name));
            if (!found && def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init && !followed.has(def.node) && contains(body, def.node)) {
              followed.add(def.node);
              visit(def.node.init);
            }
            return;
          }
          if (current.type === AST_NODE_TYPES.MemberExpression && !current.computed) {
            visit(current.object);
            return;
          }
          forEachChild(current, visit);
        };
        visit(expression);
        return found;
      };
      const targets = (options: TSESTree.ObjectExpression): boolean =>
        options.properties.some((property) => {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            return reads(property.argument);
          }
          const value = skipWrappers(property.value);
          if (value.type === AST_NODE_TYPES.ObjectExpression) {
            return targets(value);
          }
          const key = property.computed ? undefined : keyName(property.key);
          return key !== undefined && CONNECTION_TARGET_KEYS.has(key.toLowerCase()) && reads(value);
        });
      return args.some((arg) => {
        const value = skipWrappers(arg);
        return value.type === AST_NODE_TYPES.ObjectExpression ? targets(value) : reads(value);
      });
    }

    function extraHandler(node: TSESTree.Node): HandlerInfo | undefined {
      if (extraHandlers.length === 0) {
        return undefined;
      }
      for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
        const call = current.parent;
        if (
          isFunctionNode(current) &&
          call?.type === AST_NODE_TYPES.CallExpression &&
          call.arguments.some((arg) => arg === current) &&
          extraHandlers.some((pattern) => pattern(call.callee))
        ) {
          return { what: `\`${sourceCode.getText(call.callee)}\` callback`, node: current };
        }
      }
      return undefined;
    }

    function inTestCallback(node: TSESTree.Node): boolean {
      for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
        if (analysis.handlers.isTestCallback(fn)) {
          return true;
        }
      }
      return false;
    }

    if (extraEngines.length > 0) {
      // Constructors named by the options are calls no model knows: every call is a candidate.
      return analysis.sharedTraversal({ onCall: untagged(check) });
    }
    return analysis.sharedTraversal({
      onModelledCall: (info) => {
        if (info.node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
          check(info.node);
        }
      },
    });
  },
});

/** Only named functions and methods are judged per call: anonymous callbacks run when their API decides. */
function isNamedOrMethod(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.callee === fn;
  }
  return functionName(fn) !== undefined;
}

/** Options that say which database to connect to, as whom (lower-cased). */
const CONNECTION_TARGET_KEYS = new Set([
  'database', 'db', 'dbname', 'connectionstring', 'connection_string', 'connection', 'url', 'uri', 'datasourceurl',
  'host', 'hostname', 'server', 'port', 'user', 'username', 'password',
]);

function enclosingLoop(node: TSESTree.Node, fn: FunctionNode | undefined): TSESTree.Node | undefined {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (LOOP_TYPES.has(current.type)) {
      // The body only: `for (const p of [new Pool()])` evaluates its head once.
      const loop = current as TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;
      return contains(loop.body, node) ? loop.body : undefined;
    }
  }
  return undefined;
}

/**
 * A retry loop: the block that builds the engine leaves the loop (`return`, `break`) once its
 * statements have run, so the loop goes round again only when an attempt failed (`for (let i = 0; i
 * < retries; i++) { try { const pool = new Pool(…); await pool.query('SELECT 1'); await pool.end();
 * return; } catch { await sleep(delay); } }`, waiting for a database to come up). The way out may
 * also follow the construction in a `try` block (`const pool = new Pool(…); try { …; return; }
 * catch { … }`) or under a condition (`const ok = await probe(pool); await pool.end(); if (ok) break;`).
 */
function retriesUntilConnected(node: TSESTree.Node, loopBody: TSESTree.Node): boolean {
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (statement === loopBody || isFunctionNode(statement)) {
      return false;
    }
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || !contains(loopBody, block)) {
    return false;
  }
  // A `break` in a `switch` case, or in a loop inside this one, leaves that, not this loop.
  for (let current: TSESTree.Node | undefined = block; current && current !== loopBody; current = current.parent) {
    if (current.type === AST_NODE_TYPES.SwitchCase || LOOP_TYPES.has(current.type) || isFunctionNode(current)) {
      return false;
    }
  }
  const rest = block.body.slice(block.body.indexOf(statement as TSESTree.Statement) + 1);
  return rest.some(
    (next) =>
      leavesLoop(next) ||
      (next.type === AST_NODE_TYPES.TryStatement && next.block.body.some(leavesLoop)) ||
      (next.type === AST_NODE_TYPES.IfStatement && (leavesLoop(next.consequent) || (next.consequent.type === AST_NODE_TYPES.BlockStatement && next.consequent.body.some(leavesLoop)))),
  );
}

/** `return`, or a `break` without a label (of the loop the statement is directly in). */
function leavesLoop(statement: TSESTree.Node): boolean {
  return statement.type === AST_NODE_TYPES.ReturnStatement || (statement.type === AST_NODE_TYPES.BreakStatement && statement.label === null);
}

function engineLabel(construction: EngineConstruction): string {
  if (construction.engine?.label) {
    return construction.engine.label;
  }
  // A project function (settings, facts file) that builds an engine without saying which.
  return isProjectShape(construction.info.shape) ? 'engine' : `${construction.info.shape.libName} engine`;
}

function constructionText(sourceCode: TSESLint.SourceCode, node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const callee = sourceCode.getText(node.callee).replace(/\s+/g, ' ');
  const short = callee.length > 40 ? `${callee.slice(0, 39)}…` : callee;
  return `${node.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${short}()`;
}

/** `createDb`, `*.subscribe`, `bus.on` → a matcher on callees. */
function parseCalleePattern(pattern: string): (callee: TSESTree.Node) => boolean {
  const [object, method] = pattern.includes('.') ? [pattern.slice(0, pattern.lastIndexOf('.')), pattern.slice(pattern.lastIndexOf('.') + 1)] : [undefined, pattern];
  return (callee) => {
    if (object === undefined) {
      return callee.type === AST_NODE_TYPES.Identifier && callee.name === method;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    return callee.property.name === method && (object === '*' || (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === object));
  };
}

/** An engine named by the `additionalEngines` option. */
function extraEngine(
  analysis: FileAnalysis,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  engines: readonly AdditionalEngine[],
): EngineConstruction | undefined {
  if (engines.length === 0) {
    return undefined;
  }
  const imported = analysis.values.importPath(node.callee);
  if (!imported) {
    return undefined;
  }
  const path = imported.path.join('.');
  const match = engines.find((engine) => engine.module === imported.module && engine.export === path);
  if (!match) {
    return undefined;
  }
  const shape = { key: `option:${match.module}`, lib: 'option', libName: match.module, serverless: false, concurrent: false };
  return { node, info: { node, use: node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call', spec: { createsEngine: true }, shape }, engine: undefined };
}

function suggestions(
  sourceCode: TSESLint.SourceCode,
  analysis: FileAnalysis,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  construction: EngineConstruction,
  typescript: boolean,
): TSESLint.ReportSuggestionArray<MessageId> {
  const statement = topLevelStatement(node);
  if (!statement) {
    return [];
  }
  const engine = engineLabel(construction);
  const at = insertionPoint(sourceCode, statement);
  const declarator = node.parent.type === AST_NODE_TYPES.VariableDeclarator ? node.parent : undefined;
  const shutdowns = shutdownStatements(analysis, declarator, construction);
  if (shutdowns === undefined) {
    return [];
  }
  const removeShutdowns = (fixer: TSESLint.RuleFixer, ...untouched: TSESTree.Node[]): TSESLint.RuleFix[] =>
    removeStatements(sourceCode, fixer, shutdowns, untouched);
  const declaration = declarator?.parent;
  const base =
    declarator?.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : (construction.engine?.variable ?? 'db');
  if (isHoistable(sourceCode, node, statement)) {
    const text = dedentedText(sourceCode, node);
    // `const pool = new Pool(…)` alone in its declaration and its name free at module scope: move it.
    const movable =
      declaration?.type === AST_NODE_TYPES.VariableDeclaration &&
      declaration.declarations.length === 1 &&
      declaration.kind === 'const' &&
      declarator?.id.type === AST_NODE_TYPES.Identifier &&
      !declarator.id.typeAnnotation &&
      isOnlyBinding(sourceCode, base, declarator.id);
    if (movable) {
      return [
        {
          messageId: 'suggestHoist',
          data: { engine, name: base },
          fix: (fixer) => [
            fixer.insertTextBeforeRange([at, at], `const ${base} = ${text};\n\n`),
            fixer.removeRange(statementRemovalRange(sourceCode, declaration)),
            ...removeShutdowns(fixer, declaration),
          ],
        },
      ];
    }
    const name = freeModuleName(sourceCode, construction.engine?.variable ?? base);
    return [
      {
        messageId: 'suggestHoist',
        data: { engine, name },
        fix: (fixer) => [fixer.insertTextBeforeRange([at, at], `const ${name} = ${text};\n\n`), fixer.replaceText(node, name), ...removeShutdowns(fixer, node)],
      },
    ];
  }
  // A configuration that may differ per call (a tenant's URL, a caller's options): sharing the
  // first call's engine would send every later call to the first one's database.
  if (!readsOnlyEnvironment(sourceCode, node)) {
    return [];
  }
  const name = freeModuleName(sourceCode, construction.engine?.variable ?? base);
  const typeAnnotation = typescript ? lazyType(sourceCode, node) : '';
  return [
    {
      messageId: 'suggestLazy',
      data: { engine, name },
      fix: (fixer) => [
        fixer.insertTextBeforeRange([at, at], `let ${name}${typeAnnotation};\n\n`),
        fixer.replaceText(node, `(${name} ??= ${sourceCode.getText(node)})`),
        ...removeShutdowns(fixer, node),
      ],
    },
  ];
}

/**
 * The statements that shut the engine down in the function that builds it (`await pool.end();`,
 * `await prisma.$disconnect();`): once the engine is shared, the first call would shut it down for
 * every later one, so the suggestion removes them. Undefined when no suggestion is safe: a shutdown
 * used as a value (`return pool.end()`), or a start-up call that resolves the engine itself
 * (TypeORM's `await dataSource.initialize()`, which throws when run again on a shared one).
 */
function shutdownStatements(
  analysis: FileAnalysis,
  declarator: TSESTree.VariableDeclarator | undefined,
  construction: EngineConstruction,
): TSESTree.Node[] | undefined {
  if (declarator?.id.type !== AST_NODE_TYPES.Identifier) {
    return closedWhereAssigned(analysis, construction.info.node) ? undefined : [];
  }
  const variable = findVariable(analysis.scopeOf(declarator.id), declarator.id);
  const engineKey = construction.engine?.key;
  const statements: TSESTree.Node[] = [];
  for (const reference of variable?.references ?? []) {
    const member = reference.identifier.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
      continue;
    }
    const info = analysis.values.callOf(call);
    if (info?.method === undefined) {
      continue;
    }
    if (info.spec.effect === 'close') {
      const statement = standaloneStatement(call);
      if (!statement) {
        return undefined;
      }
      statements.push(statement);
    } else if (info.spec.resolves !== undefined && engineKey !== undefined && analysis.registry.resolveRef(info.shape.lib, info.spec.resolves) === engineKey) {
      return undefined;
    }
  }
  return statements;
}

/**
 * `pool = new Pool()` into a variable that the same function then closes (`await pool.end()`):
 * shared once hoisted, that close would end it for every later call, so no suggestion is made.
 */
function closedWhereAssigned(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const assignment = node.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== node || assignment.left.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const fn = enclosingFunction(node);
  const variable = findVariable(analysis.scopeOf(assignment.left), assignment.left);
  return (variable?.references ?? []).some((reference) => {
    const call = closeCall(analysis, reference.identifier);
    return call !== undefined && enclosingFunction(call) === fn;
  });
}

/** `pool.end()`, `db.destroy()`: the call that closes the engine an identifier names, if it is one. */
function closeCall(analysis: FileAnalysis, identifier: TSESTree.Node): TSESTree.CallExpression | undefined {
  const member = identifier.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
    return undefined;
  }
  const info = analysis.values.callOf(call);
  if (info) {
    return info.spec.effect === 'close' ? call : undefined;
  }
  // The engine a call resolves, kept without `await` and closed as it is (slonik's `createPool()`
  // returned the pool itself before version 33): the close of what it resolves to.
  const value = analysis.values.valueOf(identifier);
  const resolved = value?.promise ? analysis.registry.shape(value.key) : undefined;
  const method = propertyName(member);
  return resolved && method !== undefined && methodSpec(resolved, method)?.effect === 'close' ? call : undefined;
}

/** Is the node inside the `finally` block of a `try` within `body`? */
function inFinallyBlock(node: TSESTree.Node, body: TSESTree.Node): boolean {
  for (let child = node, parent = node.parent; parent && parent !== body; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === child) {
      return true;
    }
    if (isFunctionNode(parent)) {
      return false;
    }
  }
  return false;
}

/**
 * The statement a call is the whole of (`pool.end();`, `await pool.end();`), if it is one and sits
 * in a block, where removing it leaves the rest as it was (not the body of a brace-less `if`).
 */
function standaloneStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.ChainExpression) {
    node = node.parent;
  }
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement && parent.expression === node && parent.parent.type === AST_NODE_TYPES.BlockStatement ? parent : undefined;
}

/** The only binding named `name` anywhere in the file is the declaration being moved. */
function isOnlyBinding(sourceCode: TSESLint.SourceCode, name: string, id: TSESTree.Identifier): boolean {
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    for (const variable of scope.variables) {
      if (variable.name === name && !variable.identifiers.includes(id)) {
        return false;
      }
    }
    for (const reference of scope.through) {
      if (reference.identifier.name === name && isFileScope(scope)) {
        return false;
      }
    }
  }
  return true;
}

/** `: InstanceType<typeof Pool> | undefined` for `new Pool()`, `: ReturnType<typeof knex> | undefined` for `knex()`. */
function lazyType(sourceCode: TSESLint.SourceCode, node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const callee = node.callee;
  const isEntityName = (expression: TSESTree.Node): boolean =>
    expression.type === AST_NODE_TYPES.Identifier ||
    (expression.type === AST_NODE_TYPES.MemberExpression &&
      !expression.computed &&
      expression.property.type === AST_NODE_TYPES.Identifier &&
      isEntityName(expression.object));
  if (!isEntityName(callee)) {
    return '';
  }
  const text = sourceCode.getText(callee);
  return node.type === AST_NODE_TYPES.NewExpression
    ? `: InstanceType<typeof ${text}> | undefined`
    : `: ReturnType<typeof ${text}> | undefined`;
}

/** The function's own statements end the process (`process.exit(…)`, `process.abort()`) on the way through them. */
function exitsProcess(fn: FunctionNode): boolean {
  return fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && endsProcess(statement.expression));
}
