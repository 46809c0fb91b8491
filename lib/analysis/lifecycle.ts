import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { childNodes, contains, endsProcess, forEachChild, isFunctionNode, nullishComparison, propertyName, skipWrappers, type FunctionNode } from '../util/ast';

/**
 * A path-sensitive solver for resource lifecycles (a checked-out connection, an open transaction)
 * within one function body.
 *
 * It interprets the body's statements over sets of abstract states (which resources are open)
 * with full completion records — normal, return, throw, break and continue, with labels — so that
 * `try`/`catch`/`finally`, loops, `switch` and early exits are exact. Unlike ESLint's code path
 * analysis it also models implicit throws: every call, `new`, `await` and `yield` after a resource
 * is opened may throw (a close itself is taken not to).
 */

/** What the solver needs to know about the nodes of a function. */
export interface LifecycleEvents {
  /** Resource ids opened when `node` completes normally. */
  opens(node: TSESTree.Node): readonly number[];
  /**
   * Resources that hold nothing until first used (a TypeORM query runner takes its connection on
   * its first query): opened idle, as if closed when a path leaves or throws, until `uses` marks
   * them in use.
   */
  idle?(id: number): boolean;
  /** Resource ids put to use by `node`, before it may throw (the first query of an idle one takes its connection). */
  uses?(node: TSESTree.Node): readonly number[];
  /** Resource ids closed when `node` is evaluated. */
  closes(node: TSESTree.Node): readonly number[];
  /** Calls whose failure is taken to leave nothing open (the rest of an acquisition: `qr.connect()`). */
  quiet?(node: TSESTree.Node): boolean;
  /** Resource ids a failure of `node` ends before it throws (a deno-postgres transaction's query, and its `await`). */
  failureCloses?(node: TSESTree.Node): readonly number[];
  /**
   * Tests that tell whether a handle is there at all (`if (client)`, `client != null`): on the
   * branch where `test` evaluates to `absentWhen`, those resources were never opened. A test of
   * the handle's own state (`stateCheck`: `!queryRunner.isReleased`) also tells, on the other
   * branch, that the resource is open: paths on which it was closed do not take that branch.
   */
  guards?(test: TSESTree.Node): ReadonlyArray<{ id: number; absentWhen: boolean; stateCheck?: boolean }>;
  /** Declarations of the handle's variable: running one again starts the resource afresh (a loop). */
  resets?(declarator: TSESTree.Node): readonly number[];
  /** Resources that must not be open when `id` opens (a transaction begun inside another on the same connection or engine). */
  conflicts?(id: number): readonly number[];
  /** Told, for every call, which resources are open before it on some path. */
  observe?(node: TSESTree.Node, open: readonly number[]): void;
  /**
   * A key for an identifier tested in a condition whose value cannot change during the call (a
   * parameter or a `const` never assigned again): a path that took one branch of `if (!own)` takes
   * the same branch of every later test of `own` (`if (!client) BEGIN … if (!client) COMMIT`).
   */
  condition?(test: TSESTree.Identifier): object | undefined;
}

export interface LifecycleVerdict {
  /** An exit (a `return`, or the function's end) reached with the resource open. */
  openAtExit?: TSESTree.Node;
  /** Opened again (a loop's next round) while still open: the earlier one leaks. */
  reopenedAt?: TSESTree.Node;
  /** Opened while a conflicting resource was open on some path. */
  nestedAt?: TSESTree.Node;
  /**
   * A node whose throw leaves the function with the resource open: a `throw` statement outside any
   * `catch` block when one does (a certain exit, not a call that may fail), else one in a `catch`
   * block (which names the failing `try` block better than the `new Error(…)` it throws), else the
   * first call that may fail.
   */
  openAtThrow?: TSESTree.Node;
  /** The resource is closed on at least one path. */
  closedSomewhere: boolean;
  /** A close on a path where it was already closed: [first close, second close]. */
  doubleClose?: readonly [TSESTree.Node, TSESTree.Node];
}

/**
 * Abstract state: for each resource, open, or closed (by which node), or not yet opened. Negative
 * ids hold what the path has learnt of a stable condition (`LifecycleEvents.condition`): `open`
 * is whether it was truthy.
 */
type State = ReadonlyMap<number, { open: boolean; closedBy?: TSESTree.Node; idle?: true }>;

/** Open and holding something: not closed, and not idle (see `LifecycleEvents.idle`). */
function holds(value: { open: boolean; idle?: true } | undefined): boolean {
  return value?.open === true && value.idle !== true;
}

interface Completion {
  readonly state: State;
  readonly node: TSESTree.Node;
}

interface Outcome {
  normal: State[];
  returns: Completion[];
  throws: Completion[];
  breaks: Map<string | null, State[]>;
  continues: Map<string | null, State[]>;
}

const MAX_STATES = 64;
const MAX_LOOP_ROUNDS = 6;
/**
 * Statements and expressions one function's solve may interpret. Real functions take tens to a few
 * hundred (at most 377 over the generated app, tests/corpus and five of the swept codebases); beyond
 * this (dozens of nested `try … finally` inside a loop) the solve gives up and the function gets no
 * verdict: a missed report, not a stalled editor.
 */
const MAX_STEPS = 50_000;

/** Thrown inside the solver when a function exceeds MAX_STEPS; caught by solveLifecycle. */
class OverBudget extends Error {}

function key(state: State): string {
  let text = '';
  for (const [id, value] of [...state].sort((a, b) => a[0] - b[0])) {
    text += `${id}:${value.open ? (value.idle ? 'i' : 'o') : `c${value.closedBy?.range[0] ?? ''}`};`;
  }
  return text;
}

function dedupe(states: readonly State[]): State[] {
  if (states.length <= 1) {
    return [...states]; // nothing to merge (most paths carry one state)
  }
  const seen = new Map<string, State>();
  for (const state of states) {
    const k = key(state);
    if (!seen.has(k)) {
      seen.set(k, state);
    }
  }
  // Keep the analysis bounded on pathological inputs: beyond the cap, precision is not worth time.
  return [...seen.values()].slice(0, MAX_STATES);
}

/**
 * Completions of one kind with the same node and state are one: a `finally` runs once per incoming
 * completion, and each run adds its own, so nested `try … finally` blocks would otherwise double
 * them at every level. The first of each is kept (verdicts name the first open one).
 */
function dedupeCompletions(completions: readonly Completion[]): Completion[] {
  if (completions.length <= 1) {
    return [...completions];
  }
  const seen = new Set<string>();
  const kept: Completion[] = [];
  for (const completion of completions) {
    const k = `${completion.node.range[0]}-${completion.node.range[1]}-${completion.node.type}|${key(completion.state)}`;
    if (!seen.has(k)) {
      seen.add(k);
      kept.push(completion);
    }
  }
  return kept;
}

/**
 * The breaks and continues of an outcome that has none: shared, never written (most statements
 * neither break nor continue; `jump` gives an outcome a map of its own at its first jump).
 */
const NO_JUMPS: Map<string | null, State[]> = new Map();

function empty(): Outcome {
  return { normal: [], returns: [], throws: [], breaks: NO_JUMPS, continues: NO_JUMPS };
}

/** Adds the states that leave through a `break` or `continue` (to `label`, or unlabelled: null). */
function jump(outcome: Outcome, kind: 'breaks' | 'continues', label: string | null, states: readonly State[]): void {
  let jumps = outcome[kind];
  if (jumps === NO_JUMPS) {
    jumps = new Map();
    outcome[kind] = jumps;
  }
  jumps.set(label, [...(jumps.get(label) ?? []), ...states]);
}

function mergeInto(target: Outcome, source: Outcome, keepNormal = true): void {
  if (keepNormal) {
    target.normal.push(...source.normal);
  }
  target.returns.push(...source.returns);
  target.throws.push(...source.throws);
  for (const [label, states] of source.breaks) {
    jump(target, 'breaks', label, states);
  }
  for (const [label, states] of source.continues) {
    jump(target, 'continues', label, states);
  }
}

/** Solve the lifecycle of every resource `events` knows of in `fn`, starting with `initiallyOpen` open. */
export function solveLifecycle(
  fn: FunctionNode,
  events: LifecycleEvents,
  resources: readonly number[],
  initiallyOpen: readonly number[] = [],
): Map<number, LifecycleVerdict> {
  const solver = new Solver(events);
  const initial: State = new Map(initiallyOpen.map((id) => [id, { open: true }]));
  const body = fn.body;
  let outcome: Outcome;
  let end: TSESTree.Node;
  try {
    if (body.type === AST_NODE_TYPES.BlockStatement) {
      outcome = solver.statements(body.body, [initial]);
      end = body;
    } else {
      const expression = solver.expression(body, [initial]);
      outcome = empty();
      outcome.throws.push(...expression.throws);
      outcome.returns.push(...expression.normal.map((state) => ({ state, node: body })));
      end = body;
    }
  } catch (error) {
    if (error instanceof OverBudget) {
      return new Map(); // no verdict for any resource of this function
    }
    throw error;
  }
  const exits: Completion[] = [...outcome.returns, ...outcome.normal.map((state) => ({ state, node: end }))];
  const verdicts = new Map<number, LifecycleVerdict>();
  for (const id of resources) {
    const verdict: { -readonly [K in keyof LifecycleVerdict]: LifecycleVerdict[K] } = {
      closedSomewhere: solver.closed.has(id),
      doubleClose: solver.doubleClosed.get(id),
    };
    verdict.openAtExit = exits.find((exit) => holds(exit.state.get(id)))?.node;
    verdict.reopenedAt = solver.reopened.get(id);
    verdict.nestedAt = solver.nested.get(id);
    const thrownOpen = outcome.throws.filter((thrown) => holds(thrown.state.get(id)));
    verdict.openAtThrow = (
      thrownOpen.find((thrown) => throwSite(thrown.node) === 'throw') ??
      thrownOpen.find((thrown) => throwSite(thrown.node) === 'rethrow') ??
      thrownOpen[0]
    )?.node;
    verdicts.set(id, verdict);
  }
  return verdicts;
}

/**
 * What a node of `LifecycleVerdict.openAtThrow` is, for the message: a `throw` statement in a
 * `catch` block (`rethrow`: the `try` block's failure passed on, whatever it throws), another
 * `throw` statement (`throw`), or a call, `new` or `await` that may fail (`call`).
 */
export function throwSite(node: TSESTree.Node, opened?: TSESTree.Node): 'throw' | 'rethrow' | 'call' {
  if (node.type !== AST_NODE_TYPES.ThrowStatement) {
    return 'call';
  }
  // A `catch` block that begins the transaction itself (`catch (err) { const trx = await
  // Model.startTransaction(); …; throw err; }`) throws with it open, but rethrows nothing it held.
  const clause = catchOf(node);
  return clause === undefined || (opened !== undefined && contains(clause, opened)) ? 'throw' : 'rethrow';
}

/** The `catch` clause a node is in, within its own function. */
export function catchOf(node: TSESTree.Node): TSESTree.CatchClause | undefined {
  for (let current: TSESTree.Node | undefined = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) {
      return current;
    }
  }
  return undefined;
}

/** Is the node in a `finally` block of its own function (not of a function within it)? */
export function inFinally(node: TSESTree.Node): boolean {
  for (let child = node, current = node.parent; current && !isFunctionNode(current); child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) {
      return true;
    }
  }
  return false;
}

class Solver {
  readonly closed = new Set<number>();
  readonly doubleClosed = new Map<number, readonly [TSESTree.Node, TSESTree.Node]>();
  /** Opened again while still open (a loop that acquires without releasing): the earlier one leaks. */
  readonly reopened = new Map<number, TSESTree.Node>();
  readonly nested = new Map<number, TSESTree.Node>();

  /** Statements and expressions interpreted so far (see MAX_STEPS). */
  private steps = 0;
  /** Each test's guards and each identifier's condition key, once asked (loops and `finally` blocks ask again). */
  private readonly guardsMemo = new Map<TSESTree.Node, ReturnType<NonNullable<LifecycleEvents['guards']>>>();
  private readonly conditionOf = new Map<TSESTree.Node, object | null>();
  /** A number for each stable value tested so far (the key `LifecycleEvents.condition` gives it). */
  private readonly conditionIds = new Map<object, number>();
  /** The state id (negative) of each fact learnt so far: `<ConditionKind> <value's number>`. */
  private readonly conditions = new Map<string, number>();

  constructor(private readonly events: LifecycleEvents) {}

  private step(): void {
    if (++this.steps > MAX_STEPS) {
      throw new OverBudget();
    }
  }

  statements(list: readonly TSESTree.Node[], input: State[]): Outcome {
    const result = empty();
    let current = input;
    for (const statement of list) {
      if (current.length === 0) {
        break;
      }
      const outcome = this.statement(statement, current);
      mergeInto(result, outcome, false);
      current = dedupe(outcome.normal);
    }
    result.normal = current;
    return result;
  }

  statement(node: TSESTree.Node, input: State[]): Outcome {
    this.step();
    switch (node.type) {
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.StaticBlock:
        return this.statements(node.body, input);
      case AST_NODE_TYPES.ExpressionStatement: {
        const outcome = this.fromExpression(node.expression, input);
        // `process.exit(1)`: the process ends here, and every connection with it.
        return endsProcess(node.expression) ? { ...empty(), throws: outcome.throws } : outcome;
      }
      case AST_NODE_TYPES.VariableDeclaration: {
        const result = empty();
        let current = input;
        for (const declarator of node.declarations) {
          if (declarator.init) {
            const outcome = this.expression(declarator.init, current);
            result.throws.push(...outcome.throws);
            current = outcome.normal;
          }
          const fresh = this.events.resets?.(declarator) ?? [];
          if (fresh.length > 0) {
            current = dedupe(
              current.map((state) => {
                const next = new Map(state);
                for (const id of fresh) {
                  if (!state.get(id)?.open) {
                    next.delete(id);
                  }
                }
                return next;
              }),
            );
          }
        }
        result.normal = current;
        return result;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const result = empty();
        const outcome = node.argument ? this.expression(node.argument, input) : { normal: input, throws: [] };
        result.throws.push(...outcome.throws);
        result.returns.push(...outcome.normal.map((state) => ({ state, node })));
        return result;
      }
      case AST_NODE_TYPES.ThrowStatement: {
        const result = empty();
        const outcome = this.expression(node.argument, input);
        result.throws.push(...outcome.throws, ...outcome.normal.map((state) => ({ state, node })));
        return result;
      }
      case AST_NODE_TYPES.IfStatement: {
        const test = this.expression(node.test, input);
        const result = empty();
        result.throws.push(...test.throws);
        mergeInto(result, this.statement(node.consequent, this.narrow(node.test, test.normal, true)));
        const otherwise = this.narrow(node.test, test.normal, false);
        if (node.alternate) {
          mergeInto(result, this.statement(node.alternate, otherwise));
        } else {
          result.normal.push(...otherwise);
        }
        result.normal = dedupe(result.normal);
        return result;
      }
      case AST_NODE_TYPES.TryStatement:
        return this.tryStatement(node, input);
      case AST_NODE_TYPES.LabeledStatement: {
        const outcome = this.statement(node.body, input);
        const label = node.label.name;
        outcome.normal.push(...(outcome.breaks.get(label) ?? []));
        if (outcome.breaks !== NO_JUMPS) outcome.breaks.delete(label);
        if (outcome.continues !== NO_JUMPS) outcome.continues.delete(label);
        return outcome;
      }
      case AST_NODE_TYPES.BreakStatement: {
        const result = empty();
        jump(result, 'breaks', node.label?.name ?? null, input);
        return result;
      }
      case AST_NODE_TYPES.ContinueStatement: {
        const result = empty();
        jump(result, 'continues', node.label?.name ?? null, input);
        return result;
      }
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        return this.loop(node, input);
      case AST_NODE_TYPES.SwitchStatement:
        return this.switchStatement(node, input);
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
      case AST_NODE_TYPES.EmptyStatement:
      case AST_NODE_TYPES.TSTypeAliasDeclaration:
      case AST_NODE_TYPES.TSInterfaceDeclaration:
        return { ...empty(), normal: input };
      default:
        // Anything else (with, debugger, declarations): evaluate nothing, fall through.
        return { ...empty(), normal: input };
    }
  }

  private fromExpression(expression: TSESTree.Node, input: State[]): Outcome {
    const outcome = this.expression(expression, input);
    return { ...empty(), normal: outcome.normal, throws: outcome.throws };
  }

  private tryStatement(node: TSESTree.TryStatement, input: State[]): Outcome {
    const block = this.statement(node.block, input);
    const result = empty();
    if (node.handler) {
      const caught = dedupe(block.throws.map((thrown) => thrown.state));
      const handler = caught.length > 0 ? this.statement(node.handler.body, caught) : empty();
      mergeInto(result, block, true);
      result.throws = [];
      mergeInto(result, handler, true);
    } else {
      mergeInto(result, block, true);
    }
    if (!node.finalizer) {
      result.normal = dedupe(result.normal);
      return result;
    }
    // The finalizer runs after every kind of completion and then resumes it (unless it completes abruptly).
    const finalized = empty();
    const after = (states: State[]): Outcome => this.statement(node.finalizer as TSESTree.BlockStatement, dedupe(states));
    const abrupt = (outcome: Outcome): void => {
      finalized.returns.push(...outcome.returns);
      finalized.throws.push(...outcome.throws);
      for (const [label, states] of outcome.breaks) {
        jump(finalized, 'breaks', label, states);
      }
      for (const [label, states] of outcome.continues) {
        jump(finalized, 'continues', label, states);
      }
    };
    if (result.normal.length > 0) {
      const outcome = after(result.normal);
      finalized.normal.push(...outcome.normal);
      abrupt(outcome);
    }
    for (const completion of result.returns) {
      const outcome = after([completion.state]);
      finalized.returns.push(...outcome.normal.map((state) => ({ state, node: completion.node })));
      abrupt(outcome);
    }
    for (const completion of result.throws) {
      const outcome = after([completion.state]);
      finalized.throws.push(...outcome.normal.map((state) => ({ state, node: completion.node })));
      abrupt(outcome);
    }
    for (const [label, states] of result.breaks) {
      const outcome = after(states);
      jump(finalized, 'breaks', label, outcome.normal);
      abrupt(outcome);
    }
    for (const [label, states] of result.continues) {
      const outcome = after(states);
      jump(finalized, 'continues', label, outcome.normal);
      abrupt(outcome);
    }
    finalized.normal = dedupe(finalized.normal);
    finalized.returns = dedupeCompletions(finalized.returns);
    finalized.throws = dedupeCompletions(finalized.throws);
    for (const jumps of [finalized.breaks, finalized.continues]) {
      for (const [label, states] of jumps) {
        jumps.set(label, dedupe(states));
      }
    }
    return finalized;
  }

  private loop(
    node:
      | TSESTree.WhileStatement
      | TSESTree.DoWhileStatement
      | TSESTree.ForStatement
      | TSESTree.ForInStatement
      | TSESTree.ForOfStatement,
    input: State[],
  ): Outcome {
    const result = empty();
    let entry = input;
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) {
      const init =
        node.init.type === AST_NODE_TYPES.VariableDeclaration ? this.statement(node.init, entry) : this.fromExpression(node.init, entry);
      result.throws.push(...init.throws);
      entry = init.normal;
    }
    if (node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement) {
      const right = this.expression(node.right, entry);
      result.throws.push(...right.throws);
      entry = right.normal;
    }
    const label = node.parent.type === AST_NODE_TYPES.LabeledStatement ? node.parent.label.name : undefined;
    const test = 'test' in node ? node.test : null;
    // `for (;;)` and `while (true)` only leave through break/return/throw; for-in/of end with the iteration.
    const alwaysTrue =
      (node.type === AST_NODE_TYPES.ForStatement && test === null) || (test?.type === AST_NODE_TYPES.Literal && test.value === true);
    const doFirst = node.type === AST_NODE_TYPES.DoWhileStatement;
    const exits: State[] = [];
    let seen = new Set<string>();
    let frontier = dedupe(entry);
    for (let round = 0; round < MAX_LOOP_ROUNDS && frontier.length > 0; round++) {
      let bodyInput = frontier;
      if (!(doFirst && round === 0)) {
        if (test) {
          const tested = this.expression(test, frontier);
          result.throws.push(...tested.throws);
          bodyInput = tested.normal;
        }
        if (!alwaysTrue) {
          exits.push(...bodyInput);
        }
      }
      const body = this.statement(node.body, bodyInput);
      result.returns.push(...body.returns);
      result.throws.push(...body.throws);
      exits.push(...(body.breaks.get(null) ?? []), ...(label ? (body.breaks.get(label) ?? []) : []));
      for (const [name, states] of body.breaks) {
        if (name !== null && name !== label) {
          jump(result, 'breaks', name, states);
        }
      }
      for (const [name, states] of body.continues) {
        if (name !== null && name !== label) {
          jump(result, 'continues', name, states);
        }
      }
      let next = [...body.normal, ...(body.continues.get(null) ?? []), ...(label ? (body.continues.get(label) ?? []) : [])];
      if (node.type === AST_NODE_TYPES.ForStatement && node.update) {
        const update = this.expression(node.update, next);
        result.throws.push(...update.throws);
        next = update.normal;
      }
      if (doFirst && round === 0 && test) {
        // do…while: the test runs after the first body.
        const tested = this.expression(test, next);
        result.throws.push(...tested.throws);
        if (!alwaysTrue) {
          exits.push(...tested.normal);
        }
        next = tested.normal;
      }
      const fresh = dedupe(next).filter((state) => !seen.has(key(state)));
      seen = new Set([...seen, ...fresh.map(key), ...frontier.map(key)]);
      frontier = fresh;
    }
    result.normal = dedupe(exits);
    return result;
  }

  private switchStatement(node: TSESTree.SwitchStatement, input: State[]): Outcome {
    const discriminant = this.expression(node.discriminant, input);
    const result = empty();
    result.throws.push(...discriminant.throws);
    let fallthrough: State[] = [];
    let hasDefault = false;
    for (const switchCase of node.cases) {
      hasDefault ||= switchCase.test === null;
      const entry = dedupe([...fallthrough, ...discriminant.normal]);
      const outcome = this.statements(switchCase.consequent, entry);
      result.returns.push(...outcome.returns);
      result.throws.push(...outcome.throws);
      result.normal.push(...(outcome.breaks.get(null) ?? []));
      for (const [label, states] of outcome.breaks) {
        if (label !== null) {
          jump(result, 'breaks', label, states);
        }
      }
      for (const [label, states] of outcome.continues) {
        jump(result, 'continues', label, states);
      }
      fallthrough = outcome.normal;
    }
    result.normal.push(...fallthrough);
    if (!hasDefault) {
      result.normal.push(...discriminant.normal);
    }
    result.normal = dedupe(result.normal);
    return result;
  }

  /** Evaluate an expression: its normal result states and the throws it may raise. */
  expression(node: TSESTree.Node, input: State[]): { normal: State[]; throws: Completion[] } {
    const throws: Completion[] = [];
    const normal = this.evaluate(node, dedupe(input), throws);
    return { normal, throws };
  }

  private evaluate(node: TSESTree.Node, input: State[], throws: Completion[]): State[] {
    if (input.length === 0) {
      return input;
    }
    this.step();
    switch (node.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ClassExpression:
        // Defined, not run here.
        return input;
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.Super:
      case AST_NODE_TYPES.TemplateElement:
      case AST_NODE_TYPES.PrivateIdentifier:
        // Leaves (half the nodes evaluated): no sub-expression, and no open, close or throw of their own.
        return input;
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.evaluate(node.left, input, throws);
        // `a && b` runs b when a is truthy, `a || b` / `a ?? b` when it is not.
        const runsRight = node.operator === '&&';
        const right = this.evaluate(node.right, this.narrow(node.left, left, runsRight), throws);
        return this.apply(node, dedupe([...this.narrow(node.left, left, !runsRight), ...right]), throws);
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = this.evaluate(node.test, input, throws);
        const both = [
          ...this.evaluate(node.consequent, this.narrow(node.test, test, true), throws),
          ...this.evaluate(node.alternate, this.narrow(node.test, test, false), throws),
        ];
        return this.apply(node, dedupe(both), throws);
      }
      default: {
        let current = input;
        // A logging statement is not where a request fails, arguments included (`this.error(e,
        // this.unlock.name, randomUUID())`): what it and they may throw goes nowhere.
        const ownThrows = node.type === AST_NODE_TYPES.CallExpression && isLogging(node.callee) ? [] : throws;
        for (const child of children(node)) {
          current = this.evaluate(child, current, ownThrows);
        }
        return this.apply(node, current, ownThrows);
      }
    }
  }

  /**
   * The states on the branch where `test` is `outcome`: a handle tested absent was never opened
   * there. Through `!`, `&&` and `||` (`if (qr && qr.isTransactionActive)`): `a && b` is true when
   * both are, false when `a` is or when `a` is true and `b` false; `a || b` the other way round.
   */
  private narrow(test: TSESTree.Node, states: State[], outcome: boolean): State[] {
    const inner = skipWrappers(test);
    if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
      return this.narrow(inner.argument, states, !outcome);
    }
    if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '??') {
      const both = inner.operator === '&&';
      const leftDecides = this.narrow(inner.left, states, outcome);
      const bothTold = this.narrow(inner.right, this.narrow(inner.left, states, both), outcome);
      // `a && b` true / `a || b` false: both sides told the outcome; otherwise either may have.
      return outcome === both ? bothTold : dedupe([...leftDecides, ...bothTold]);
    }
    if (inner.type === AST_NODE_TYPES.Identifier) {
      states = this.learn(inner, states, outcome, 'truthy');
    } else {
      const nullish = nullishTest(inner);
      if (nullish) {
        // `x == null` is true when `x` is nullish; `x !== undefined` when it is not undefined.
        const matched = nullish.whenMatched === outcome;
        states = this.learn(nullish.subject, states, matched, nullish.kind);
        // `=== null` (or `=== undefined`) implies `== null`; not `== null` implies neither.
        if (nullish.kind !== 'nullish' && matched) {
          states = this.learn(nullish.subject, states, true, 'nullish');
        } else if (nullish.kind === 'nullish' && !matched) {
          states = this.learn(nullish.subject, this.learn(nullish.subject, states, false, 'null'), false, 'undefined');
        }
      }
    }
    const guards = this.guardsOf(test);
    const absent = guards.filter((guard) => guard.absentWhen === outcome).map((guard) => guard.id);
    // `if (!queryRunner.isReleased) release()` after a release on some path: that path does not
    // enter the branch.
    const open = guards.filter((guard) => guard.stateCheck === true && guard.absentWhen !== outcome).map((guard) => guard.id);
    if (open.length > 0) {
      states = states.filter((state) => open.every((id) => state.get(id)?.open !== false));
    }
    if (absent.length === 0) {
      return states;
    }
    return dedupe(
      states.map((state) => {
        const next = new Map(state);
        for (const id of absent) {
          next.delete(id);
        }
        return next;
      }),
    );
  }

  private guardsOf(test: TSESTree.Node): ReturnType<NonNullable<LifecycleEvents['guards']>> {
    let guards = this.guardsMemo.get(test);
    if (guards === undefined) {
      guards = this.events.guards?.(test) ?? [];
      this.guardsMemo.set(test, guards);
    }
    return guards;
  }

  /**
   * The states in which a stable condition can be `truthy`, now knowing it is: a path that learnt
   * the opposite at an earlier test of it does not take this branch.
   */
  private learn(test: TSESTree.Identifier, states: State[], truthy: boolean, kind: ConditionKind): State[] {
    let condition = this.conditionOf.get(test);
    if (condition === undefined) {
      condition = this.events.condition?.(test) ?? null;
      this.conditionOf.set(test, condition);
    }
    if (condition === null) {
      return states;
    }
    // Whether it is nullish (or null, or undefined) is another fact than whether it is truthy (`0`, `''`).
    let value = this.conditionIds.get(condition);
    if (value === undefined) {
      value = this.conditionIds.size;
      this.conditionIds.set(condition, value);
    }
    const key = `${kind} ${value}`;
    let id = this.conditions.get(key);
    if (id === undefined) {
      id = -1 - this.conditions.size;
      this.conditions.set(key, id);
    }
    const known = id;
    return states
      .filter((state) => state.get(known)?.open !== !truthy)
      .map((state) => (state.get(known) === undefined ? new Map(state).set(known, { open: truthy }) : state));
  }

  /** The node's own effects, after its children: a close, a possible throw, an open. */
  private apply(node: TSESTree.Node, input: State[], throws: Completion[]): State[] {
    let states = input;
    const closes = this.events.closes(node);
    if (closes.length > 0) {
      states = states.map((state) => {
        const next = new Map(state);
        // One variable may have held several checkouts (`client = await pool.connect()` again): a
        // close acts on the one it holds now, the open one.
        const open = closes.filter((id) => state.get(id)?.open === true);
        for (const id of open.length > 0 ? open : closes.slice(-1)) {
          const before = state.get(id);
          if (before && !before.open && before.closedBy && !this.doubleClosed.has(id)) {
            this.doubleClosed.set(id, [before.closedBy, node]);
          }
          // A close on a path where the resource was never opened (`COMMIT` of the caller's
          // transaction before `BEGIN`) does not close it.
          if (before !== undefined) {
            this.closed.add(id);
          }
          next.set(id, { open: false, closedBy: node });
        }
        return next;
      });
      return states;
    }
    if (this.events.observe && (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression)) {
      const open = new Set<number>();
      for (const state of states) {
        for (const [id, value] of state) {
          if (value.open && id >= 0) {
            open.add(id);
          }
        }
      }
      if (open.size > 0) {
        this.events.observe(node, [...open]);
      }
    }
    const uses = this.events.uses?.(node) ?? [];
    if (uses.length > 0) {
      states = states.map((state) => {
        if (!uses.some((id) => state.get(id)?.idle === true)) {
          return state;
        }
        const next = new Map(state);
        for (const id of uses) {
          if (state.get(id)?.idle === true) {
            next.set(id, { open: true });
          }
        }
        return next;
      });
    }
    if (mayThrow(node) && !this.events.quiet?.(node)) {
      const ended = this.events.failureCloses?.(node) ?? [];
      // Ended by the library, not by a call of the code: no `closedBy`, so a rollback after it is no second end.
      throws.push(...states.map((state) => ({ state: ended.length > 0 ? withClosed(state, ended) : state, node })));
    }
    const opens = this.events.opens(node);
    if (opens.length > 0) {
      states = states.map((state) => {
        const next = new Map(state);
        for (const id of opens) {
          if (holds(state.get(id)) && !this.reopened.has(id)) {
            this.reopened.set(id, node);
          }
          if (!this.nested.has(id) && (this.events.conflicts?.(id) ?? []).some((other) => other !== id && state.get(other)?.open)) {
            this.nested.set(id, node);
          }
          next.set(id, this.events.idle?.(id) === true ? { open: true, idle: true } : { open: true });
        }
        return next;
      });
    }
    return states;
  }
}

/** The state with these resources closed (those it holds at all). */
function withClosed(state: State, ids: readonly number[]): State {
  const next = new Map(state);
  for (const id of ids) {
    if (next.has(id)) {
      next.set(id, { open: false });
    }
  }
  return next;
}

/** What a test learns of a value: whether it is truthy, nullish (`== null`), `=== null` or `=== undefined`. */
type ConditionKind = 'truthy' | 'nullish' | 'null' | 'undefined';

/**
 * `x == null`, `x === undefined`, `null != x`, …: the identifier tested, what the comparison asks
 * of it, and whether the test is true when the answer is yes (`==`, `===`) or no (`!=`, `!==`).
 */
function nullishTest(node: TSESTree.Node): { subject: TSESTree.Identifier; kind: ConditionKind; whenMatched: boolean } | undefined {
  const comparison = nullishComparison(node);
  if (comparison?.subject.type !== AST_NODE_TYPES.Identifier || comparison.subject.name === 'undefined') {
    return undefined;
  }
  return { subject: comparison.subject, kind: comparison.strict ? comparison.constant : 'nullish', whenMatched: comparison.whenMatched };
}

export const PROMISE_HANDLERS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const LOG_LEVELS: ReadonlySet<string> = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose']);
/** What a logger is called: `console`, `logger`, `this.logger`, `req.log`, `appLogger`. */
const LOGGER = /^(?:console|log|logger|\w*Logger)$/;

/**
 * A logging function of the project, called by name: `log(…)`, `logStructured(…)`,
 * `logProcessing({ … })`, `logError(e)`; not `logIn(user)` nor `logOut()`. Awaited
 * (`await logActivity(…)`, which may write to the database), the `await` still counts.
 */
const LOG_FUNCTION = /^log(?!In$|Out$)(?:[A-Z]\w*)?$/;

/**
 * `console.error(…)`, `logger.warn(…)`, `this.logger.error(…)`, `req.log.info(…)`, a class's own
 * logging method (`this.error(e, …)` in a catch before the rollback), or a logging function called
 * by name (see `LOG_FUNCTION`).
 */
export function isLogging(callee: TSESTree.Expression): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return LOG_FUNCTION.test(callee.name);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  let object = callee.object;
  // A child logger made for the call (pino, winston, bunyan): `logger.child({ event }).warn(…)`.
  if (object.type === AST_NODE_TYPES.CallExpression && object.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(object.callee) === 'child') {
    object = object.callee.object;
  }
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'console') {
    return true; // `console.table(…)`, `console.time(…)` too
  }
  if (!LOG_LEVELS.has(propertyName(callee) ?? '')) {
    return false;
  }
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    return true;
  }
  const name = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? propertyName(object) : undefined;
  return name !== undefined && LOGGER.test(name);
}

/**
 * Built-in functions and string methods that run no code of the program and fail only where a
 * property read would (on `undefined`), which the solver does not count either: `Math.floor(n)`,
 * `String(id)`, `text.trim().replace(/;+$/, '')`. Not `JSON.parse` (bad input), nor methods that
 * take callbacks. `Object.keys(models)`, `Object.values(models)` neither.
 */
const PURE_GLOBALS: ReadonlySet<string> = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite']);
const PURE_STATICS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Number', new Set(['isInteger', 'isSafeInteger', 'isFinite', 'isNaN', 'parseInt', 'parseFloat'])],
  ['Array', new Set(['isArray'])],
  // Fail only on `undefined` or `null`, as a property read would.
  ['Object', new Set(['keys', 'values', 'entries', 'freeze', 'isFrozen', 'getOwnPropertyNames'])],
  ['Date', new Set(['now'])],
]);
const PURE_METHODS: ReadonlySet<string> = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'startsWith',
  'endsWith',
  'padStart',
  'padEnd',
  'replace',
  'replaceAll',
  'toFixed',
]);

/** A call of `Math.*`, a pure built-in function or a string method (see `PURE_GLOBALS`), without a function argument. */
function isPureBuiltin(node: TSESTree.CallExpression): boolean {
  if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.ArrowFunctionExpression || argument.type === AST_NODE_TYPES.FunctionExpression)) {
    return false;
  }
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return PURE_GLOBALS.has(callee.name);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const name = propertyName(callee);
  if (name === undefined) {
    return false;
  }
  if (callee.object.type === AST_NODE_TYPES.Identifier && (callee.object.name === 'Math' || PURE_STATICS.get(callee.object.name)?.has(name) === true)) {
    return true;
  }
  return PURE_METHODS.has(name);
}

function mayThrow(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      // Chaining a handler on a promise is not where a request fails (`client.end().then(…)`: the
      // promise settles later, the call itself returns). Logging is not either: `evaluate` gives a
      // logging call nowhere to throw to.
      return (
        !(
          node.callee.type === AST_NODE_TYPES.MemberExpression &&
          node.callee.object.type === AST_NODE_TYPES.CallExpression &&
          PROMISE_HANDLERS.has(propertyName(node.callee) ?? '')
        ) &&
        !isPureBuiltin(node) &&
        !swallowed(node)
      );
    case AST_NODE_TYPES.AwaitExpression:
      return !swallowed(skipWrappers(node.argument));
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    default:
      return false;
  }
}

/**
 * A promise chain that ends in a handler which swallows its failure (`client.query('SELECT 1').then(() =>
 * true).catch(() => false)`, `.then(ok, () => null)`): neither the call nor the `await` of the chain
 * fails. A handler swallows when it only returns a value or logs (see `harmless`).
 */
function swallowed(node: TSESTree.Node): boolean {
  let current = node;
  for (let depth = 0; depth < 8; depth++) {
    if (swallows(current)) {
      return true;
    }
    const member = current.parent;
    const call = member?.parent;
    if (
      member?.type !== AST_NODE_TYPES.MemberExpression ||
      member.object !== current ||
      call?.type !== AST_NODE_TYPES.CallExpression ||
      call.callee !== member ||
      !PROMISE_HANDLERS.has(propertyName(member) ?? '')
    ) {
      return false;
    }
    current = call;
  }
  return false;
}

/** `.catch(() => false)`, `.then(ok, () => null)`: a call that attaches a harmless failure handler. */
function swallows(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return false;
  }
  const method = propertyName(node.callee);
  const handler = method === 'catch' ? node.arguments[0] : method === 'then' ? node.arguments[1] : undefined;
  return handler !== undefined && harmless(handler);
}

/** A function that returns a value or logs, and does nothing that can fail (no call other than logging, no `await`, no `throw`). */
function harmless(handler: TSESTree.Node): boolean {
  if (handler.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler.type !== AST_NODE_TYPES.FunctionExpression) {
    return false;
  }
  let safe = true;
  const visit = (node: TSESTree.Node): void => {
    if (!safe) return;
    if (
      node.type === AST_NODE_TYPES.NewExpression ||
      node.type === AST_NODE_TYPES.AwaitExpression ||
      node.type === AST_NODE_TYPES.ThrowStatement ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      node.type === AST_NODE_TYPES.TaggedTemplateExpression ||
      (node.type === AST_NODE_TYPES.CallExpression && !isLogging(node.callee)) ||
      isFunctionNode(node)
    ) {
      safe = false;
      return;
    }
    forEachChild(node, visit);
  };
  visit(handler.body);
  return safe;
}

const TYPE_PROPERTIES: ReadonlySet<string> = new Set(['typeAnnotation', 'typeArguments', 'typeParameters', 'returnType']);

/** Sub-expressions in evaluation order, without type annotations (nested functions are not run). */
function children(node: TSESTree.Node): TSESTree.Node[] {
  return childNodes(node, TYPE_PROPERTIES).sort((a, b) => a.range[0] - b.range[0]);
}
