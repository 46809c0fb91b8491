import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { solveLifecycle } from '../../lib/analysis/lifecycle';
import { isFunctionNode } from '../../lib/util/ast';
import { nodesOf, probe } from '../helpers/probe';

/**
 * The solver on small control-flow graphs, with a toy vocabulary: `open()` opens resource 0,
 * `close()` closes it, `work()` is any call (it may throw), `safe()` is a call declared quiet, and
 * `const handle = …` re-declares the resource's variable.
 * The verdict is summarised as lines: where it is open at an exit, where a throw leaves it open,
 * where it is closed twice.
 */
function verdict(body: string): { exit?: number; reopened?: number; thrown?: number; closedSomewhere: boolean; double?: [number, number] } {
  const code = `async function f(flag: boolean, items: number[]) {\n${body}\n}\ndeclare function open(): void; declare function close(): void; declare function work(): Promise<void>; declare function safe(): void;`;
  return probe(code, (_analysis, ast) => {
    const fn = ast.body.find((node) => isFunctionNode(node));
    const calls = nodesOf(ast, AST_NODE_TYPES.CallExpression);
    const named = (name: string) => (node: TSESTree.Node) =>
      calls.some((call) => call === node && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === name);
    if (!fn || !isFunctionNode(fn)) {
      throw new Error('no function');
    }
    const result = solveLifecycle(
      fn,
      {
        opens: (node) => (named('open')(node) ? [0] : []),
        closes: (node) => (named('close')(node) ? [0] : []),
        quiet: named('safe'),
        // `const handle = …` declares the resource's variable afresh
        resets: (node) => (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === 'handle' ? [0] : []),
      },
      [0],
    ).get(0)!;
    return {
      ...(result.openAtExit ? { exit: result.openAtExit.loc.end.line - 1 } : {}),
      ...(result.reopenedAt ? { reopened: result.reopenedAt.loc.start.line - 1 } : {}),
      ...(result.openAtThrow ? { thrown: result.openAtThrow.loc.start.line - 1 } : {}),
      closedSomewhere: result.closedSomewhere,
      ...(result.doubleClose ? { double: [result.doubleClose[0].loc.start.line - 1, result.doubleClose[1].loc.start.line - 1] as [number, number] } : {}),
    };
  });
}

describe('lifecycle solver', () => {
  it('straight line: closed at the end, but a call in between may throw', () => {
    expect(verdict(`open();\nawait work();\nclose();`)).toEqual({ thrown: 2, closedSomewhere: true });
    expect(verdict(`open();\nsafe();\nclose();`)).toEqual({ closedSomewhere: true });
  });

  it('never closed: open at the function end', () => {
    expect(verdict(`open();\nsafe();`)).toEqual({ exit: 3, closedSomewhere: false });
  });

  it('early return before the close', () => {
    expect(verdict(`open();\nif (flag) {\n  return;\n}\nclose();`)).toEqual({ exit: 3, closedSomewhere: true });
  });

  it('try/finally closes on every completion', () => {
    expect(verdict(`open();\ntry {\n  await work();\n  if (flag) return;\n  await work();\n} finally {\n  close();\n}`)).toEqual({ closedSomewhere: true });
  });

  it('catch that swallows without closing leaves it open at the end; catch that rethrows leaves it open on the throw', () => {
    expect(verdict(`open();\ntry {\n  await work();\n  close();\n} catch (e) {\n  safe();\n}`)).toEqual({ exit: 8, closedSomewhere: true });
    expect(verdict(`open();\ntry {\n  await work();\n  close();\n} catch (e) {\n  throw e;\n}`)).toEqual({ thrown: 6, closedSomewhere: true });
    expect(verdict(`open();\ntry {\n  await work();\n  close();\n} catch (e) {\n  close();\n  throw e;\n}`)).toEqual({ closedSomewhere: true });
  });

  it('nested try: the inner finally runs before the outer catch', () => {
    expect(verdict(`open();\ntry {\n  try {\n    await work();\n  } finally {\n    safe();\n  }\n} catch (e) {\n  close();\n  throw e;\n}\nclose();`)).toEqual({ closedSomewhere: true });
  });

  it('loops: continue and break skip the close; open in a loop without close leaks on the next round', () => {
    // the second round's open() may throw while the first is still open
    expect(verdict(`for (const item of items) {\n  open();\n  if (item) continue;\n  close();\n}`)).toEqual({
      exit: 6,
      reopened: 2,
      thrown: 2,
      closedSomewhere: true,
    });
    expect(verdict(`while (flag) {\n  open();\n  if (items.length) break;\n  close();\n}`)).toEqual({ exit: 6, closedSomewhere: true });
    expect(verdict(`for (;;) {\n  open();\n  if (flag) {\n    close();\n    return;\n  }\n}`)).toEqual({ reopened: 2, thrown: 2, closedSomewhere: true });
    expect(verdict(`do {\n  open();\n  close();\n} while (flag);`)).toEqual({ closedSomewhere: true });
  });

  it('a solve full of breaks and continues leaves nothing behind for the next one', () => {
    // Statements that jump nowhere share one empty table of jumps: a jump must never be written into it.
    const plain = `open();\nfor (const item of items) {\n  await work();\n}\nclose();`;
    const alone = verdict(plain);
    verdict(
      `outer: for (const a of items) {\n  try {\n    switch (a) {\n      case 1:\n        break outer;\n      case 2:\n        continue outer;\n      default:\n        break;\n    }\n  } finally {\n    if (flag) continue;\n  }\n  inner: while (flag) {\n    if (a) break inner;\n    continue;\n  }\n  break;\n}`,
    );
    expect(verdict(plain)).toEqual(alone);
    expect(alone).toEqual({ thrown: 3, closedSomewhere: true });
  });

  it('labelled break out of nested loops', () => {
    expect(verdict(`outer: for (const a of items) {\n  open();\n  for (const b of items) {\n    if (b) break outer;\n  }\n  close();\n}`)).toEqual({
      exit: 8,
      closedSomewhere: true,
    });
  });

  it('switch: a case that falls out without closing', () => {
    expect(verdict(`open();\nswitch (items.length) {\n  case 0:\n    close();\n    break;\n  case 1:\n    break;\n  default:\n    close();\n}`)).toEqual({
      exit: 11,
      closedSomewhere: true,
    });
  });

  it('a declaration run again starts the resource afresh: no double close across rounds', () => {
    const body = `for (const item of items) {\n  const handle = item;\n  try {\n    open();\n  } finally {\n    close();\n  }\n}`;
    expect(verdict(body)).toEqual({ closedSomewhere: true });
    // without the declaration, the second round's close follows the first round's
    expect(verdict(body.replace('const handle = item;', 'safe();'))).toEqual({ closedSomewhere: true, double: [6, 6] });
  });

  it('double close on one path', () => {
    expect(verdict(`open();\ntry {\n  close();\n} finally {\n  close();\n}`)).toEqual({ closedSomewhere: true, double: [3, 5] });
  });

  it('conditional expressions fork the state', () => {
    expect(verdict(`open();\nflag ? close() : safe();`)).toEqual({ exit: 3, closedSomewhere: true });
    expect(verdict(`open();\nflag && close();\nclose();`)).toEqual({ closedSomewhere: true, double: [2, 3] });
  });

  it('explicit throw with the resource open', () => {
    expect(verdict(`open();\nif (flag) throw new Error('x');\nclose();`)).toEqual({ thrown: 2, closedSomewhere: true });
  });

  it('stays bounded on deep nesting', () => {
    const body = Array.from({ length: 40 }, (_, i) => `if (items[${i}]) { open(); } else { close(); }`).join('\n');
    expect(verdict(body).closedSomewhere).toBe(true);
  });
});
