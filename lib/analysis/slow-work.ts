import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { GLOBAL_SLOW, PROMISIFIABLE } from '../frameworks/services';
import { calledHelper, constInitializer, forEachChild, isFunctionNode, propertyName, skipWrappers, type FunctionNode } from '../util/ast';
import type { FileAnalysis } from './file';

/** A team's own slow functions (`no-idle-in-transaction` options): every export of `module`, or the listed ones. */
export interface SlowModule {
  readonly module: string;
  readonly names?: readonly string[];
  readonly what?: string;
}

export interface SlowWork {
  /** What the call waits for: `an HTTP request`, `a sleep`. */
  readonly what: string;
  /** The call is to a function of this file (`notifyCustomer(order)`) or a method of this class (`this.notify(order)`) that does it. */
  readonly helper?: 'function' | 'method';
  /** For a sleep: the expression giving its delay, where it is known. */
  readonly delay?: TSESTree.Node;
}

type Call = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

const SLEEP = 'a sleep';

/** The longest delay, in milliseconds, that is no wait: about a query's round trip. */
const SHORT_DELAY_MS = 10;

/** A delay written as a number of milliseconds no longer than SHORT_DELAY_MS. */
function isShortDelay(node: TSESTree.Node | undefined): boolean {
  const value = node && skipWrappers(node);
  return value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value <= SHORT_DELAY_MS;
}

/** Slow work a call does itself; a sleep called directly takes its delay first (`setTimeout(ms)` of `timers/promises`, `delay(ms)`, `scheduler.wait(ms)`). */
function direct(call: Call, what: string): SlowWork {
  return what === SLEEP && call.type !== AST_NODE_TYPES.TaggedTemplateExpression ? { what, delay: call.arguments[0] } : { what };
}

/** The index of the plain parameter of `fn` named `name`, or -1. */
function parameterNamed(fn: FunctionNode, name: string): number {
  return fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name);
}

/** Combinators that wait for every promise (a race ends at the first, so a timeout in one is not a wait). */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled']);

/** Recognises calls that wait for slow work that is not the database. */
export class SlowWorkFinder {
  private readonly helpers = new Map<FunctionNode, SlowWork | null>();

  constructor(
    private readonly analysis: FileAnalysis,
    private readonly extra: readonly SlowModule[],
  ) {}

  /**
   * The slow work a call waits for, if it is one we know. A sleep of a few milliseconds written at
   * the call (`await sleep(1)`, `setTimeout(1)` from `timers/promises`, a yield with `0`) is not:
   * it holds the transaction no longer than a query's round trip.
   */
  of(call: Call, depth = 0): SlowWork | undefined {
    const work = this.waitedFor(call, depth);
    return work?.what === SLEEP && isShortDelay(work.delay) ? undefined : work;
  }

  private waitedFor(call: Call, depth: number): SlowWork | undefined {
    const modelled = this.analysis.values.callOf(call)?.spec.slow;
    if (modelled) {
      return direct(call, modelled);
    }
    if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      return undefined;
    }
    const callee = skipWrappers(call.callee);
    if (call.type === AST_NODE_TYPES.NewExpression) {
      return this.isGlobal(callee, 'Promise') ? this.promiseWrapper(call) : undefined;
    }
    // The callee's variable, looked up once for the checks below.
    const variable = callee.type === AST_NODE_TYPES.Identifier ? this.analysis.values.variableOf(callee) : undefined;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (Object.hasOwn(GLOBAL_SLOW, callee.name) && this.isGlobal(callee, callee.name, variable ?? null)) {
        return direct(call, GLOBAL_SLOW[callee.name]!);
      }
      const promisified = this.promisified(callee, variable ?? null);
      if (promisified) {
        return direct(call, promisified.what);
      }
    }
    const own = this.fromOptions(callee);
    if (own) {
      return own;
    }
    if (depth > 0) {
      return undefined;
    }
    // A function of this file (`notifyCustomer(order)`), or a method of this class (`this.notify(order)`).
    const helper = calledHelper(callee, this.analysis.scopeOf, false, variable ?? null);
    const work = helper && this.helperWork(helper.fn);
    if (!work) {
      return undefined;
    }
    // `sleep(ms)` over `setTimeout(resolve, ms)`: the delay is the argument given for that parameter.
    const param = work.delay?.type === AST_NODE_TYPES.Identifier ? parameterNamed(helper.fn, work.delay.name) : -1;
    return { what: work.what, helper: helper.kind, ...(param >= 0 ? { delay: call.arguments[param] } : {}) };
  }

  /** `new Promise((resolve) => setTimeout(resolve, ms))`, or around `https.get(url, resolve)`. */
  private promiseWrapper(call: TSESTree.NewExpression): SlowWork | undefined {
    const executor = call.arguments[0];
    if (!executor || !isFunctionNode(executor)) {
      return undefined;
    }
    let found: SlowWork | undefined;
    const visit = (node: TSESTree.Node): void => {
      if (found) return;
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
        const callee = skipWrappers(node.callee);
        if (node.type === AST_NODE_TYPES.CallExpression && this.isGlobal(callee, 'setTimeout')) {
          // A sleep resolves the promise from the timer; a timer that rejects is a timeout guard.
          if (resolvesFrom(node.arguments[0], executor.params[0])) {
            found = { what: SLEEP, delay: node.arguments[1] };
            return;
          }
        }
        const work = this.of(node, 1);
        if (work && !work.helper) {
          found = work;
          return;
        }
      }
      forEachChild(node, visit);
    };
    visit(executor.body);
    return found;
  }

  /** `const exec = promisify(child_process.exec)`; `await exec('…')`. */
  private promisified(callee: TSESTree.Identifier, variable: TSESLint.Scope.Variable | null): SlowWork | undefined {
    const declared = constInitializer(callee, this.analysis.scopeOf, variable);
    const init = declared && skipWrappers(declared);
    if (init?.type !== AST_NODE_TYPES.CallExpression || init.arguments.length !== 1) {
      return undefined;
    }
    const fn = this.analysis.values.importPath(init.callee);
    if (!fn || (fn.module !== 'util' && fn.module !== 'node:util') || fn.path.at(-1) !== 'promisify') {
      return undefined;
    }
    const target = this.analysis.values.importPath(init.arguments[0]!);
    const name = target?.path.at(-1);
    const entry = target && PROMISIFIABLE.find((candidate) => candidate.modules.includes(target.module) && candidate.names.includes(name ?? ''));
    return entry ? { what: entry.what } : undefined;
  }

  /** A function of a module the options list: `import { send } from '@acme/mailer'`. */
  private fromOptions(callee: TSESTree.Node): SlowWork | undefined {
    if (this.extra.length === 0) {
      return undefined;
    }
    // The function itself (`send(…)`, `mailer.send(…)`), or a method of an imported object (`client.post(…)`).
    const paths = [this.analysis.values.importPath(callee)];
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      paths.push(this.analysis.values.importPath(callee.object));
    }
    for (const found of paths) {
      const entry = found && this.extra.find((candidate) => candidate.module === found.module);
      if (entry && found && (!entry.names || entry.names.includes(found.path[0] ?? 'default'))) {
        return { what: entry.what ?? `a call into \`${entry.module}\`` };
      }
    }
    return undefined;
  }

  /** A function that waits for slow work itself (one level deep into same-file helpers). */
  helperWork(fn: FunctionNode): SlowWork | undefined {
    const cached = this.helpers.get(fn);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    this.helpers.set(fn, null);
    let found: SlowWork | undefined;
    const visit = (node: TSESTree.Node): void => {
      if (found) return;
      if (
        (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) &&
        waited(node) !== undefined
      ) {
        const work = this.of(node, 1);
        if (work) {
          found = work;
          return;
        }
      }
      forEachChild(node, visitChild);
    };
    const visitChild = (child: TSESTree.Node): void => {
      if (!isFunctionNode(child)) visit(child);
    };
    if (fn.body) visit(fn.body);
    this.helpers.set(fn, found ?? null);
    return found;
  }

  /** `node` is the global `name`, not a variable of the file. `known`: its variable, when looked up already. */
  private isGlobal(node: TSESTree.Node, name: string, known?: TSESLint.Scope.Variable | null): boolean {
    if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name) {
      return false;
    }
    const variable = known === undefined ? this.analysis.values.variableOf(node) : known;
    return !variable || variable.defs.length === 0;
  }
}

/**
 * How the code waits for a call's promise: `await`ed (also through `.then()`, `Promise.all([…])`,
 * `await (await fetch(url)).json()`), or `return`ed from the function it is in (whose caller then
 * waits). Undefined when nothing waits for it (fire and forget).
 */
export function waited(call: TSESTree.Node): 'await' | 'return' | undefined {
  let current: TSESTree.Node = call;
  for (let steps = 0; steps < 12; steps++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return 'await';
      case AST_NODE_TYPES.ReturnStatement:
        return 'return';
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === current ? 'return' : undefined;
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        current = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        // `fetch(url).then(…)`, `got(url).json()`, `superagent.post(url).send(body)`, `s3.putObject(p).promise()`:
        // a method called on the result continues the same request.
        const call = parent.parent;
        if (parent.object === current && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
          current = call;
          continue;
        }
        return undefined;
      }
      case AST_NODE_TYPES.CallExpression: {
        // `await firstValueFrom(this.http.get(url))`: RxJS turns the Observable into the promise.
        if (parent.arguments[0] === current && isObservableToPromise(parent.callee)) {
          current = parent;
          continue;
        }
        return undefined;
      }
      case AST_NODE_TYPES.ArrayExpression: {
        // `Promise.all([fetch(a), fetch(b)])`
        const call = parent.parent;
        if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === parent && isPromiseCombinator(call.callee)) {
          current = call;
          continue;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** `setTimeout(resolve, ms)` or `setTimeout(() => resolve(), ms)`, with `resolve` the executor's first parameter. */
function resolvesFrom(timer: TSESTree.Node | undefined, resolve: TSESTree.Parameter | undefined): boolean {
  if (!timer || resolve?.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const isResolve = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.Identifier && node.name === resolve.name;
  if (isResolve(timer)) {
    return true;
  }
  if (!isFunctionNode(timer)) {
    return false;
  }
  const body = timer.body;
  if (body.type === AST_NODE_TYPES.CallExpression) {
    return isResolve(body.callee);
  }
  return (
    body.type === AST_NODE_TYPES.BlockStatement &&
    body.body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ExpressionStatement &&
        statement.expression.type === AST_NODE_TYPES.CallExpression &&
        isResolve(statement.expression.callee),
    )
  );
}

/** RxJS's `firstValueFrom` / `lastValueFrom` (also as `rxjs.firstValueFrom`). */
function isObservableToPromise(callee: TSESTree.Node): boolean {
  const inner = skipWrappers(callee);
  const name = inner.type === AST_NODE_TYPES.Identifier ? inner.name : inner.type === AST_NODE_TYPES.MemberExpression ? propertyName(inner) : undefined;
  return name === 'firstValueFrom' || name === 'lastValueFrom';
}

function isPromiseCombinator(callee: TSESTree.Node): boolean {
  const inner = skipWrappers(callee);
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    inner.object.name === 'Promise' &&
    PROMISE_COMBINATORS.has(propertyName(inner) ?? '')
  );
}
