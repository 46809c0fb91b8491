import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { enclosingFunction, type FunctionNode } from '../util/ast';
import type { FileAnalysis } from './file';
import { functionLifecycles, type TrackedResource } from './resources';
import { isDeferred, managedTransaction, type ManagedTransaction } from './transactions';

/** The transaction open while a call runs, as far as the file shows. */
export type OpenTransaction =
  | { readonly kind: 'managed'; readonly managed: ManagedTransaction }
  | { readonly kind: 'unmanaged'; readonly resource: TrackedResource };

/**
 * The transaction open while `call` runs: the managed transaction callback it runs in
 * (`prisma.$transaction(async (tx) => …)`, also from a nested callback such as
 * `items.map(async …)` that runs during it), or a transaction begun by hand earlier in the same
 * function and not yet ended on some path (`BEGIN` … `COMMIT`). Callbacks that run later (timers,
 * event listeners) are not inside it.
 */
export function transactionAt(
  analysis: FileAnalysis,
  call: TSESTree.Node,
  /** Also a transaction begun on a client the function hands away (see `functionLifecycles`). */
  withEscaped = false,
): OpenTransaction | undefined {
  let anchor: TSESTree.Node | undefined = call;
  let fn: FunctionNode | undefined = enclosingFunction(call);
  for (let depth = 0; fn && depth < 8; depth++) {
    const managed = managedTransaction(analysis, fn, analysis.scopeOf);
    if (managed) {
      return { kind: 'managed', managed };
    }
    if (anchor) {
      const { resources, openBefore } = functionLifecycles(analysis, fn, analysis.scopeOf, 'transaction', withEscaped);
      const open = openBefore.get(anchor);
      const resource = open?.map((id) => resources.find((candidate) => candidate.id === id)).find((candidate) => candidate !== undefined);
      if (resource) {
        return { kind: 'unmanaged', resource };
      }
    }
    if (isDeferred(fn)) {
      return undefined;
    }
    // The enclosing function runs this one while it runs only when it passes it to a call
    // (`items.map(async (item) => …)`) or calls it at once; a function stored for later is not judged.
    const parent: TSESTree.Node = fn.parent;
    if (parent.type !== AST_NODE_TYPES.CallExpression) {
      return undefined;
    }
    anchor = outermostCall(parent);
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/** `Promise.all(items.map(fn))`: the call the enclosing function's lifecycle observed is the outer one. */
function outermostCall(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  while (
    (current.parent.type === AST_NODE_TYPES.CallExpression && current.parent.arguments.includes(current)) ||
    (current.parent.type === AST_NODE_TYPES.MemberExpression &&
      current.parent.object === current &&
      current.parent.parent.type === AST_NODE_TYPES.CallExpression)
  ) {
    current = current.parent.type === AST_NODE_TYPES.MemberExpression ? (current.parent.parent as TSESTree.CallExpression) : current.parent;
  }
  return current;
}
