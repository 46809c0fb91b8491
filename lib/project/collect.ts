import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { isProjectShape } from '../models/registry';
import type { CallbackSpec } from '../models/types';
import type { WrapperFunction } from '../settings';
import { engineConstruction, isLazilyCached } from '../analysis/engines';
import type { FileAnalysis } from '../analysis/file';
import { handsOverOnly, paramUse, queryWrapper } from '../analysis/resources';
import { SlowWorkFinder } from '../analysis/slow-work';
import { beginsOwnTransaction, callsDuring, clientOf, isOwnClient, isOwnTransactionOrForeign, isParameter, NOTHING_SUPPLIED, onlyWithout, parameterFallback, rootOf } from '../analysis/transactions';
import { commonJsExport, isFunctionNode, keyName, outermostWrapper, returnedExpressions, sameFileFunction, skipWrappers, valueDef, type FunctionNode } from '../util/ast';
import type { ExportFact } from './facts';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** `export * from './x'`, `export { a as b } from './x'`: resolved by the indexer against the other module's facts. */
export interface Reexport {
  readonly specifier: string;
  /** `all` for `export *`; otherwise imported name → exported name. */
  readonly names: 'all' | ReadonlyArray<{ readonly imported: string; readonly exported: string }>;
}

export interface CollectedModule {
  exports: Record<string, ExportFact>;
  reexports: Reexport[];
}

/**
 * What one module's exports are, in the vocabulary of `settings.pgbouncer.modules`, computed with
 * the same value tracking and summaries the rules use (so a fact means what the rules would have
 * concluded had the code been in the importing file). `describe` turns the shape key of another
 * project module's export back into its description, so facts flow through re-exports and calls.
 */
export function collectModule(analysis: FileAnalysis, sourceCode: TSESLint.SourceCode, describe: (key: string) => ExportFact | undefined): CollectedModule {
  const collector = new Collector(analysis, sourceCode, describe);
  return collector.run(sourceCode.ast);
}

class Collector {
  private readonly exports: Record<string, ExportFact> = {};
  private readonly reexports: Reexport[] = [];
  private readonly scopeOf: Scoped;
  private readonly slow: SlowWorkFinder;
  private readonly functions = new Map<FunctionNode, WrapperFunction | null>();

  constructor(
    private readonly analysis: FileAnalysis,
    private readonly sourceCode: TSESLint.SourceCode,
    private readonly describe: (key: string) => ExportFact | undefined,
  ) {
    this.scopeOf = analysis.scopeOf;
    this.slow = new SlowWorkFinder(analysis, []);
  }

  run(program: TSESTree.Program): CollectedModule {
    for (const statement of program.body) {
      this.statement(statement);
    }
    return { exports: this.exports, reexports: this.reexports };
  }

  private add(name: string, fact: ExportFact | undefined): void {
    if (fact !== undefined) {
      this.exports[name] = fact;
    }
  }

  private statement(statement: TSESTree.ProgramStatement): void {
    switch (statement.type) {
      case AST_NODE_TYPES.ExportNamedDeclaration: {
        if (statement.source) {
          this.reexports.push({
            specifier: statement.source.value,
            names: statement.specifiers.map((specifier) => ({ imported: nameOf(specifier.local), exported: nameOf(specifier.exported) })),
          });
          return;
        }
        const declaration = statement.declaration;
        if (declaration) {
          this.declaration(declaration);
        }
        for (const specifier of statement.specifiers) {
          if (specifier.local.type === AST_NODE_TYPES.Identifier) {
            this.add(nameOf(specifier.exported), this.identifierFact(specifier.local, 0));
          }
        }
        return;
      }
      case AST_NODE_TYPES.ExportAllDeclaration:
        if (statement.exported === null) {
          this.reexports.push({ specifier: statement.source.value, names: 'all' });
        }
        return;
      case AST_NODE_TYPES.ExportDefaultDeclaration: {
        const declaration = statement.declaration;
        const object = skipWrappers(declaration);
        if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) {
          this.add('default', this.expressionFact(declaration, 0));
        } else if (object.type === AST_NODE_TYPES.ObjectExpression) {
          // `export default { client, transaction }`, imported as `db` and used as `db.client`: its
          // members are recorded as the module's own names, and the default import of a module
          // with no default fact is the module itself. A named export of the same name wins.
          this.objectMembers(object, namedExports(this.sourceCode.ast));
        } else if (declaration.type !== AST_NODE_TYPES.TSDeclareFunction && declaration.type !== AST_NODE_TYPES.TSInterfaceDeclaration) {
          this.add('default', this.expressionFact(declaration, 0));
        }
        return;
      }
      case AST_NODE_TYPES.TSExportAssignment:
        this.commonJsExports(statement.expression);
        return;
      case AST_NODE_TYPES.ExpressionStatement:
        this.commonJs(statement.expression);
        return;
      default:
        return;
    }
  }

  private declaration(declaration: TSESTree.NamedExportDeclarations): void {
    switch (declaration.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) {
            // `export let prisma; … prisma = new PrismaClient()`: what the tracker makes of the variable.
            this.add(declarator.id.name, declarator.init ? this.expressionFact(declarator.init, 0) : this.valueFact(declarator.id));
          }
        }
        return;
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
        if (declaration.id) {
          this.add(declaration.id.name, this.expressionFact(declaration, 0));
        }
        return;
      default:
        return;
    }
  }

  /** `module.exports = …`, `module.exports.x = …`, `exports.x = …` (the global `exports`, not a variable of that name). */
  private commonJs(expression: TSESTree.Expression): void {
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') {
      return;
    }
    const target = commonJsExport(expression.left);
    if (target === 'module.exports') {
      this.commonJsExports(expression.right);
      return;
    }
    const left = expression.left as TSESTree.MemberExpression;
    if (target !== undefined && (left.object.type !== AST_NODE_TYPES.Identifier || this.isGlobal(left.object))) {
      this.add(target, this.expressionFact(expression.right, 0));
    }
  }

  private commonJsExports(value: TSESTree.Expression): void {
    const inner = skipWrappers(value);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      this.objectMembers(inner);
      return;
    }
    this.add('default', this.expressionFact(inner, 0));
  }

  /** The members of an exported object literal, as names of the module (but those in `skip`). */
  private objectMembers(object: TSESTree.ObjectExpression, skip?: ReadonlySet<string>): void {
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init') {
        continue;
      }
      const name = keyName(property.key, property.computed);
      if (name !== undefined && !skip?.has(name) && property.value.type !== AST_NODE_TYPES.AssignmentPattern && !isPattern(property.value)) {
        this.add(name, this.expressionFact(property.value as TSESTree.Expression, 0));
      }
    }
  }

  private isGlobal(identifier: TSESTree.Identifier): boolean {
    const variable = findVariable(this.scopeOf(identifier), identifier);
    return !variable || variable.defs.length === 0;
  }

  private identifierFact(identifier: TSESTree.Identifier, depth: number): ExportFact | undefined {
    const variable = findVariable(this.scopeOf(identifier), identifier);
    const def = variable ? valueDef(variable) : undefined;
    if (!def) {
      return undefined;
    }
    if ((def.type === 'FunctionName' || def.type === 'ClassName') && (isFunctionNode(def.node) || isClass(def.node))) {
      return this.expressionFact(def.node, depth + 1);
    }
    if (def.type === 'Variable' && def.node.init && def.node.id === def.name && def.node.parent.kind === 'const') {
      return this.expressionFact(def.node.init, depth + 1);
    }
    return this.valueFact(identifier);
  }

  private expressionFact(node: TSESTree.Node, depth: number): ExportFact | undefined {
    if (depth > 4) {
      return undefined;
    }
    const inner = skipWrappers(node);
    if (isFunctionNode(inner)) {
      return this.functionFact(inner);
    }
    if (isClass(inner)) {
      return this.classFact(inner);
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      return this.identifierFact(inner, depth);
    }
    return this.valueFact(inner) ?? this.factoryResult(inner);
  }

  /**
   * `export const sequelize = createDatabaseInstance(config)`: what a function of this module
   * returns, per its own fact (the value tracker does not follow a call into the file's functions).
   */
  private factoryResult(node: TSESTree.Node): ExportFact | undefined {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    const fn = sameFileFunction(node.callee, this.scopeOf, true);
    const fact = fn ? this.functionFact(fn) : undefined;
    return fact?.returns;
  }

  /** A value: the shape the value tracker gives it (a library handle, or another project export). */
  private valueFact(node: TSESTree.Node): ExportFact | undefined {
    const value = this.analysis.values.valueOf(node);
    if (!value || value.promise) {
      return undefined;
    }
    return this.describe(value.key);
  }

  /**
   * `class PrismaService extends PrismaClient`: its instances are PrismaClients. `class User extends
   * Model` (Sequelize), `extends BaseEntity` (TypeORM): a class whose base has static methods and no
   * modelled construction is that base, as in the file that declares it (its static methods query).
   */
  private classFact(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ExportFact | undefined {
    if (!node.superClass) {
      return this.methodsFact(node);
    }
    const base = this.analysis.values.valueOf(node.superClass);
    const shape = base && !base.promise ? this.analysis.values.registry.shape(base.key) : undefined;
    const construct = shape?.construct;
    if (shape && !construct && !isProjectShape(shape) && shape.methods !== undefined) {
      return this.describe(shape.key);
    }
    if (!shape || !construct?.returns) {
      return shape ? undefined : this.methodsFact(node); // a base class of the project's own, or of another package
    }
    const instance = this.analysis.values.registry.resolveRef(shape.lib, construct.returns);
    if (isProjectShape(shape) || this.analysis.values.registry.shape(instance)?.role === undefined) {
      return undefined;
    }
    return construct.createsEngine === true ? { instance, createsEngine: true } : { instance };
  }

  /**
   * A class of the project's own (a NestJS service): the facts of its public instance methods, as
   * of functions (its own methods only, not inherited ones).
   */
  private methodsFact(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ExportFact | undefined {
    const methods: Record<string, WrapperFunction> = {};
    for (const element of node.body.body) {
      if (
        element.type !== AST_NODE_TYPES.MethodDefinition ||
        element.kind !== 'method' ||
        element.static ||
        element.accessibility === 'private' ||
        element.value.type !== AST_NODE_TYPES.FunctionExpression
      ) {
        continue;
      }
      const name = element.key.type === AST_NODE_TYPES.PrivateIdentifier ? undefined : keyName(element.key, element.computed);
      const fact = name === undefined || Object.hasOwn(methods, name) ? undefined : this.functionFact(element.value);
      if (name !== undefined && fact) {
        methods[name] = fact;
      }
    }
    return Object.keys(methods).length > 0 ? { methods } : undefined;
  }

  private functionFact(fn: FunctionNode): WrapperFunction | undefined {
    const cached = this.functions.get(fn);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    this.functions.set(fn, null); // recursion guard
    const fact: WrapperFunction = {};
    this.returnFacts(fn, fact);
    if (fact.createsEngine === undefined && this.buildsEngine(fn)) {
      fact.createsEngine = true;
    }
    const callback = this.callbackFact(fn);
    if (callback) {
      fact.callback = callback;
    }
    if (beginsOwnTransaction(this.analysis, fn, this.scopeOf)) {
      fact.transacts = true;
    }
    const handles = fn.params.map((_, index) => this.handleUse(fn, index));
    if (handles.some((use) => use !== null)) {
      while (handles.at(-1) === null) {
        handles.pop();
      }
      fact.handles = handles;
      const outer = this.outerEngine(fn);
      if (outer) {
        fact.outer = outer;
      }
    }
    const fallback = this.fallbackOf(fn);
    if (fallback) {
      fact.fallback = fallback;
    }
    const slow = this.slow.helperWork(fn);
    if (slow) {
      fact.slow = slow.what;
    }
    const wrapper = queryWrapper(this.analysis, fn, this.scopeOf);
    if (wrapper) {
      fact.pooledSql = { arg: wrapper.arg, via: wrapper.how };
    }
    const result = Object.keys(fact).length > 0 ? fact : undefined;
    this.functions.set(fn, result ?? null);
    return result;
  }

  /** The shape of what it returns (every `return` agreeing), and whether that is built or acquired per call. */
  private returnFacts(fn: FunctionNode, fact: WrapperFunction): void {
    const returned = returnedExpressions(fn);
    let key: string | undefined;
    let promise = fn.async;
    // Every `return` must agree: the same effect (or none) on each.
    const effects = new Set<'acquire' | 'begin' | undefined>();
    let creates = returned.length > 0;
    for (const expression of returned) {
      const inner = skipWrappers(expression);
      if (inner.type === AST_NODE_TYPES.Literal && inner.value === null) {
        continue;
      }
      const value = this.analysis.values.valueOf(inner);
      if (!value || (key !== undefined && key !== value.key)) {
        return;
      }
      key = value.key;
      promise ||= value.promise;
      const origin = this.originCall(inner, fn);
      const info = origin ? this.analysis.values.callOf(origin) : undefined;
      // A checkout the function also keeps (`held.push(client); return client`) is not the caller's to release.
      const kept = info?.spec.effect === 'acquire' && inner.type === AST_NODE_TYPES.Identifier && !this.handsOver(inner, fn);
      effects.add((info?.spec.effect === 'acquire' && !kept) || info?.spec.effect === 'begin' ? info.spec.effect : undefined);
      creates &&=
        origin !== undefined &&
        engineConstruction(this.analysis.values, origin) !== undefined &&
        !isLazilyCached(origin, fn, this.sourceCode, this.scopeOf) &&
        !this.storedOutside(origin, fn);
    }
    const described = key === undefined ? undefined : this.describe(key);
    if (typeof described !== 'string') {
      return;
    }
    fact[promise ? 'resolves' : 'returns'] = described;
    const [effect] = effects;
    if (effects.size === 1 && effect) {
      fact.effect = effect;
    }
    if (creates) {
      fact.createsEngine = true;
    }
  }

  /** The variable the function returns is one of its own, only used and handed back (see `handsOverOnly`). */
  private handsOver(returned: TSESTree.Identifier, fn: FunctionNode): boolean {
    const variable = findVariable(this.scopeOf(returned), returned);
    return variable !== null && handsOverOnly(this.analysis, fn, variable);
  }

  /** The call a returned expression comes from, through `await` and local `const`s of this function. */
  private originCall(node: TSESTree.Node, fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
    let current = skipWrappers(node);
    for (let hops = 0; hops < 4; hops++) {
      if (current.type === AST_NODE_TYPES.AwaitExpression) {
        current = skipWrappers(current.argument);
        continue;
      }
      if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) {
        return current;
      }
      if (current.type !== AST_NODE_TYPES.Identifier) {
        return undefined;
      }
      const variable = findVariable(this.scopeOf(current), current);
      const def = variable ? valueDef(variable) : undefined;
      if (def?.type !== 'Variable' || !def.node.init || def.node.id !== def.name || def.node.range[0] < fn.range[0] || def.node.range[1] > fn.range[1]) {
        return undefined;
      }
      if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) {
        return undefined;
      }
      current = skipWrappers(def.node.init);
    }
    return undefined;
  }

  /**
   * Builds an engine in its own body on every call: not lazily cached, and not stored anywhere that
   * outlives the call (a cache, a module variable, a property): dropped when it returns, or handed
   * to the caller (returned, or held by what it returns), a new one each time.
   */
  private buildsEngine(fn: FunctionNode): boolean {
    return this.analysis
      .callsIn(fn)
      .some(
        (call) =>
          call.type !== AST_NODE_TYPES.TaggedTemplateExpression &&
          engineConstruction(this.analysis.values, call) !== undefined &&
          !isLazilyCached(call, fn, this.sourceCode, this.scopeOf) &&
          !this.storedOutside(call, fn),
      );
  }

  /** `cache.set(k, x)`, `this.pool = x`, `pool = x` (an outer variable), directly or through a local variable. */
  private storedOutside(node: TSESTree.Node, fn: FunctionNode, depth = 0): boolean {
    let current = outermostWrapper(node);
    while (current.parent?.type === AST_NODE_TYPES.AwaitExpression) {
      current = outermostWrapper(current.parent);
    }
    const parent = current.parent;
    if (!parent || depth > 3) {
      return true;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
      return parent.callee !== current; // passed away: `cache.set(key, pool)`
    }
    if (parent.type === AST_NODE_TYPES.ArrayExpression) {
      return true;
    }
    let target: TSESTree.Node | undefined;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) {
      target = parent.id;
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) {
      target = parent.left;
    } else {
      return false; // returned, dropped, used
    }
    if (target.type !== AST_NODE_TYPES.Identifier) {
      return true; // `this.pool = …`, `cache[key] = …`, a destructuring
    }
    const variable = findVariable(this.scopeOf(target), target);
    const declared = variable?.defs[0]?.name;
    if (!variable || !declared || declared.range[0] < fn.range[0] || declared.range[1] > fn.range[1]) {
      return true; // a variable of an outer scope
    }
    return variable.references.some((reference) => !reference.init && !reference.isWrite() && this.storedOutside(reference.identifier as TSESTree.Node, fn, depth + 1));
  }

  /**
   * `withTx(fn)` runs `fn` in a managed transaction: `fn` is handed to a call that runs callbacks
   * (`prisma.$transaction(fn)`), or called by such a callback with its handle (`db.transaction((trx) => fn(trx))`).
   */
  private callbackFact(fn: FunctionNode): WrapperFunction['callback'] | undefined {
    for (const [index, param] of fn.params.entries()) {
      if (param.type !== AST_NODE_TYPES.Identifier) {
        continue;
      }
      const variable = findVariable(this.scopeOf(param), param);
      for (const reference of variable?.references ?? []) {
        const found = this.runsAsCallback(reference.identifier as TSESTree.Identifier, fn);
        if (found) {
          return { arg: index, params: found.params, scope: found.scope };
        }
      }
    }
    return undefined;
  }

  private runsAsCallback(use: TSESTree.Identifier, fn: FunctionNode): { params: Array<string | null>; scope: CallbackSpec['scope'] } | undefined {
    const parent = use.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression) {
      return undefined;
    }
    // Handed over: `prisma.$transaction(fn)`.
    const direct = this.callbackSpec(parent);
    if (direct && direct.arg === use) {
      return { params: direct.params, scope: direct.spec.scope };
    }
    // Called inside a library callback with its handles: `db.transaction(async (trx) => fn(trx))`.
    if (parent.callee !== use) {
      return undefined;
    }
    for (let outer: TSESTree.Node | undefined = parent.parent; outer && outer !== fn; outer = outer.parent) {
      if (!isFunctionNode(outer) || outer.parent?.type !== AST_NODE_TYPES.CallExpression) {
        continue;
      }
      const wrapper = this.callbackSpec(outer.parent);
      if (!wrapper || wrapper.arg !== outer) {
        return undefined;
      }
      const params = parent.arguments.map((arg) => {
        const position = outer.params.findIndex((p) => p.type === AST_NODE_TYPES.Identifier && arg.type === AST_NODE_TYPES.Identifier && p.name === arg.name);
        return position >= 0 ? (wrapper.params[position] ?? null) : null;
      });
      return params.some((p) => p !== null) ? { params, scope: wrapper.spec.scope } : undefined;
    }
    return undefined;
  }

  private callbackSpec(call: TSESTree.CallExpression): { spec: CallbackSpec; arg: TSESTree.Node | undefined; params: Array<string | null> } | undefined {
    const info = this.analysis.values.callOf(call);
    const spec = info?.spec.callback;
    if (!info || !spec) {
      return undefined;
    }
    const registry = this.analysis.values.registry;
    const params = spec.params.map((ref) => {
      if (ref === null) {
        return null;
      }
      const key = registry.resolveRef(info.shape.lib, ref);
      const described = this.describe(key);
      return typeof described === 'string' ? described : null;
    });
    return { spec, arg: info.callbackArg, params };
  }

  /** What it does with a handle received at `index`, when it uses that parameter as a handle at all. */
  private handleUse(fn: FunctionNode, index: number): { connection?: 'closes' | 'uses'; transaction?: 'closes' | 'uses' } | null {
    const param = fn.params[index];
    if (param?.type !== AST_NODE_TYPES.Identifier || !this.usedAsHandle(param)) {
      return null;
    }
    const use: { connection?: 'closes' | 'uses'; transaction?: 'closes' | 'uses' } = {};
    for (const kind of ['connection', 'transaction'] as const) {
      const result = paramUse(this.analysis, fn, index, this.scopeOf, kind);
      if (result !== 'unknown') {
        use[kind] = result;
      }
    }
    return Object.keys(use).length > 0 ? use : null;
  }

  /** `p.query(…)`, `p.user.create(…)`, `p.release()`, `p('users')`, `` p`select …` ``: the parameter is queried through. */
  private usedAsHandle(param: TSESTree.Identifier): boolean {
    const variable = findVariable(this.scopeOf(param), param);
    return (variable?.references ?? []).some((reference) => {
      let node = reference.identifier as TSESTree.Node;
      if (node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node) {
        return true;
      }
      if (node.parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && node.parent.tag === node) {
        return true;
      }
      while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) {
        node = node.parent;
      }
      return node !== reference.identifier && node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node;
    });
  }

  /** An engine (or pooled object) it queries through without receiving it: `prisma` in `createUser(tx, data)`. */
  private outerEngine(fn: FunctionNode): string | undefined {
    for (const node of callsDuring(fn)) {
      const info = this.analysis.values.callOf(node);
      // Any call through the engine counts (`prisma.auditLog.create(…)`); its own transactions do not.
      if (info && (isProjectShape(info.shape) || info.spec.callback?.scope === 'transaction' || info.spec.createsEngine)) {
        continue;
      }
      const root = rootOf(node, fn, this.scopeOf);
      // Only where a parameter is left out (`tx ? tx.findOne() : db.findOne()`): its fallback, below.
      if (isParameter(root, fn) || onlyWithout(node, fn, this.scopeOf).length > 0) {
        continue;
      }
      const shape = this.analysis.values.shape(this.analysis.values.valueOf(root));
      if (shape && !shape.contextual && (shape.role === 'engine' || shape.pooled === true) && !this.inside(root, fn)) {
        return this.sourceCode.getText(root);
      }
    }
    return undefined;
  }

  /**
   * The first parameter that, left out, makes it query through an engine instead: the default of
   * `executor = db`, or the right side of `(trx ?? db)` (`||`). Called without that argument while
   * a transaction is open, that query runs outside the transaction.
   */
  private fallbackOf(fn: FunctionNode): NonNullable<WrapperFunction['fallback']> | undefined {
    let found: NonNullable<WrapperFunction['fallback']> | undefined;
    for (const node of callsDuring(fn)) {
      if (isOwnTransactionOrForeign(this.analysis.values.callOf(node))) {
        continue;
      }
      const reached = rootOf(node, fn, this.scopeOf);
      // `executor = db`, `(tx ?? db)`; or a query made only without a parameter (`tx ? tx.findOne() : db.findOne()`).
      const guard = onlyWithout(node, fn, this.scopeOf)[0];
      const fallback =
        parameterFallback(this.analysis, reached, fn, NOTHING_SUPPLIED) ??
        (guard && !isParameter(reached, fn) ? { value: reached, name: guard.name, index: guard.index, option: guard.option } : undefined);
      if (!fallback || (found && found.arg <= fallback.index)) {
        continue;
      }
      const { node: root, shape } = clientOf(this.analysis, fallback.value);
      if (
        isOwnClient(shape) &&
        !this.inside(root, fn) &&
        // Sequelize's CLS hands the open transaction to every query by itself.
        !this.analysis.implicitTransactions(shape.lib)
      ) {
        const engine = this.sourceCode.getText(root);
        found = fallback.option ? { arg: fallback.index, param: fallback.name, engine, option: true } : { arg: fallback.index, param: fallback.name, engine };
      }
    }
    return found;
  }

  /** Declared inside `fn` (a local engine is no-engine-per-request's business, not an outer one). */
  private inside(root: TSESTree.Node, fn: FunctionNode): boolean {
    if (root.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const def = findVariable(this.scopeOf(root), root)?.defs[0];
    return def !== undefined && def.node.range[0] >= fn.range[0] && def.node.range[1] <= fn.range[1];
  }
}

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function isClass(node: TSESTree.Node): node is TSESTree.ClassDeclaration | TSESTree.ClassExpression {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

/** The names a module exports by name (`export const a`, `export function b`, `export { c as d }`), facts or not. */
function namedExports(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) {
      continue;
    }
    for (const specifier of statement.specifiers) {
      names.add(nameOf(specifier.exported));
    }
    const declaration = statement.declaration;
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier) {
          names.add(declarator.id.name);
        }
      }
    } else if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier) {
      names.add(declaration.id.name);
    }
  }
  return names;
}

function isPattern(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ObjectPattern || node.type === AST_NODE_TYPES.ArrayPattern;
}
