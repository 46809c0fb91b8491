import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../lib/util/node-types';
import { analyse, untagged } from '../lib/analysis/file';
import { isDeferred, isHandle, managedTransaction, rootOf } from '../lib/analysis/transactions';
import { GLOBAL_BOUNDARIES } from '../lib/frameworks/boundaries';
import { isTestFile } from '../lib/frameworks/conventions';
import type { BoundarySpec } from '../lib/models/types';
import { forEachChild, isFileScope, isFunctionNode, memberRoot, propertyName, skipWrappers, type FunctionNode } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';

type MessageId = 'crossesThread' | 'crossesQueue' | 'storedOutside' | 'returnedFromCallback' | 'usedLater' | 'notAwaited' | 'suggestAwait';

export default createRule<[], MessageId>({
  name: 'no-session-across-boundary',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database engines, connections and transaction handles crossing thread, process or queue boundaries, or outliving their transaction',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      crossesThread:
        '`{{handle}}` ({{label}}) is sent in {{boundary}}. It holds sockets and in-flight state that cannot cross to another thread or process: structured cloning throws, or hands the other side a dead plain object. ' +
        'Send the data the other side needs (or the connection settings) and let it use its own engine.',
      crossesQueue:
        '`{{handle}}` ({{label}}) is put in {{boundary}}. The payload is serialised, so the consumer receives a meaningless plain object, never the connection, and a transaction cannot span the queue. ' +
        'Put ids and data in the payload and let the consumer use its own engine.',
      storedOutside:
        'The transaction handle `{{handle}}` is stored outside its callback. Once the callback returns the transaction is committed and its connection released (behind PgBouncer, perhaps to another client): ' +
        'later queries through it run outside any transaction or fail. Use it only inside the callback.',
      returnedFromCallback:
        'The transaction handle `{{handle}}` is returned from its callback, so it outlives the transaction: once the callback returns, the transaction is committed and its connection released, and later queries through it run outside any transaction or fail. ' +
        'Return the data instead.',
      usedLater:
        '`{{handle}}` is used in a callback that runs later ({{when}}), after the transaction may have been committed and its connection released (behind PgBouncer, perhaps to another client). ' +
        'Await the work inside the transaction, or run it after the transaction on the engine.',
      notAwaited:
        '`{{call}}` is not awaited: the transaction callback can return (and commit, and release the connection) before this query runs or finishes, so it runs outside the transaction or fails. Await it.',
      suggestAwait: 'Await the query.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const analysis = analyse(context, false);
    if (!analysis.relevant) {
      return {};
    }
    const sourceCode = context.sourceCode;
    const scopeOf = analysis.scopeOf;
    const inTestFile = isTestFile(context.filename, context.cwd, context.sourceCode.ast);

    /** Handles inside a payload: the value itself, or within object and array literals. */
    function handlesIn(node: TSESTree.Node | undefined, depth = 0): TSESTree.Node[] {
      if (!node || depth > 4) {
        return [];
      }
      const inner = skipWrappers(node);
      switch (inner.type) {
        case AST_NODE_TYPES.ObjectExpression:
          return inner.properties.flatMap((property) =>
            property.type === AST_NODE_TYPES.Property ? handlesIn(property.value, depth + 1) : handlesIn(property.argument, depth + 1),
          );
        case AST_NODE_TYPES.ArrayExpression:
          return inner.elements.flatMap((element) => (element ? handlesIn(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, depth + 1) : []));
        default: {
          const role = analysis.values.shape(analysis.values.valueOf(inner))?.role;
          return role === 'engine' || role === 'connection' || role === 'transaction' ? [inner] : [];
        }
      }
    }

    function globalBoundary(node: TSESTree.CallExpression | TSESTree.NewExpression): BoundarySpec | undefined {
      // Most calls start from another name than a boundary's (`structuredClone`, `process`, `JSON`).
      let root: TSESTree.Node = skipWrappers(node.callee);
      while (root.type === AST_NODE_TYPES.MemberExpression && propertyName(root) !== undefined) {
        root = skipWrappers(root.object);
      }
      if (root.type !== AST_NODE_TYPES.Identifier || !GLOBAL_BOUNDARY_ROOTS.has(root.name)) {
        return undefined;
      }
      const path: string[] = [];
      let callee: TSESTree.Node = skipWrappers(node.callee);
      while (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) !== undefined) {
        path.unshift(propertyName(callee) as string);
        callee = skipWrappers(callee.object);
      }
      if (callee.type !== AST_NODE_TYPES.Identifier) {
        return undefined;
      }
      path.unshift(callee.name);
      // Most calls name no boundary: look the path up before searching the scope's references.
      const boundary = GLOBAL_BOUNDARY_BY_PATH.get(path.join('.'));
      if (!boundary) {
        return undefined;
      }
      const variable = sourceCode.getScope(callee).references.find((reference) => reference.identifier === callee)?.resolved;
      if (variable && variable.defs.length > 0) {
        return undefined; // a local function or variable of that name
      }
      return boundary;
    }

    function checkBoundary(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const boundary = analysis.values.callOf(node)?.spec.boundary ?? globalBoundary(node);
      if (!boundary) {
        return;
      }
      for (const spec of boundary.args) {
        const arg = typeof spec === 'number' ? node.arguments[spec] : node.arguments[spec.arg];
        let payload: TSESTree.Node | undefined = arg;
        if (typeof spec !== 'number' && arg?.type === AST_NODE_TYPES.ObjectExpression) {
          payload = arg.properties.find(
            (property): property is TSESTree.Property =>
              property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === spec.prop,
          )?.value;
        } else if (typeof spec !== 'number') {
          payload = undefined;
        }
        for (const handle of handlesIn(payload)) {
          const shape = analysis.values.shape(analysis.values.valueOf(handle));
          context.report({
            node: handle,
            messageId: boundary.kind === 'thread' ? 'crossesThread' : 'crossesQueue',
            data: { handle: sourceCode.getText(handle), label: shape?.label ?? 'a database handle', boundary: boundary.what },
          });
        }
      }
    }

    function checkTransaction(fn: FunctionNode): void {
      const tx = managedTransaction(analysis, fn, scopeOf);
      // Tests keep handles to assert on them; only boundaries are judged there.
      if (!tx || inTestFile) {
        return;
      }
      const inside = (node: TSESTree.Node) => node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1];
      for (const reference of tx.handle.references) {
        const identifier = reference.identifier as TSESTree.Identifier;
        if (!inside(identifier)) {
          continue;
        }
        const nested = nestedFunctionOf(identifier, fn);
        if (nested) {
          if (isDeferred(nested)) {
            context.report({ node: identifier, messageId: 'usedLater', data: { handle: identifier.name, when: deferredName(nested) } });
          }
          continue;
        }
        const holder = valueHolder(identifier);
        const parent = holder.parent;
        if (
          parent?.type === AST_NODE_TYPES.AssignmentExpression &&
          parent.right === holder &&
          storesOutside(parent.left, fn, scopeOf) &&
          !handsToRequest(parent, fn, scopeOf)
        ) {
          context.report({ node: identifier, messageId: 'storedOutside', data: { handle: identifier.name } });
        } else if (
          (parent?.type === AST_NODE_TYPES.ReturnStatement && parent.argument === holder) ||
          (parent === fn && fn.body === holder)
        ) {
          context.report({ node: identifier, messageId: 'returnedFromCallback', data: { handle: identifier.name } });
        }
      }
      checkFloating(fn, tx.handle);
    }

    /** Queries through the handle started as statements and never awaited. */
    function checkFloating(fn: FunctionNode, handle: TSESLint.Scope.Variable): void {
      if (!fn.async || fn.body.type !== AST_NODE_TYPES.BlockStatement) {
        return;
      }
      const visit = (node: TSESTree.Node): void => {
        if (isFunctionNode(node)) {
          return;
        }
        if (node.type === AST_NODE_TYPES.ExpressionStatement) {
          let expression = skipWrappers(node.expression);
          const voided = expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void';
          if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') {
            expression = skipWrappers(expression.argument);
          }
          if (
            (expression.type === AST_NODE_TYPES.CallExpression || expression.type === AST_NODE_TYPES.TaggedTemplateExpression) &&
            // Written on the handle itself (not a builder kept in a variable and configured step by step).
            isHandle(rootOf(expression, fn, scopeOf, Number.POSITIVE_INFINITY), handle, scopeOf) &&
            isQuery(expression, handle) &&
            !closesOrThrows(expression)
          ) {
            const call = sourceCode.getText(expression).split('\n')[0];
            context.report({
              node: expression,
              messageId: 'notAwaited',
              data: { call: call.length > 60 ? `${call.slice(0, 59)}…` : call },
              suggest: [
                {
                  messageId: 'suggestAwait',
                  fix: (fixer) =>
                    voided && node.expression.type === AST_NODE_TYPES.UnaryExpression
                      ? fixer.replaceTextRange([node.expression.range[0], node.expression.argument.range[0]], 'await ')
                      : fixer.insertTextBefore(expression, 'await '),
                },
              ],
            });
          }
          return;
        }
        forEachChild(node, visit);
      };
      visit(fn.body);
    }

    /**
     * A query: a tagged template, a chain built on the handle (`tx.user.create()`, `trx('t').insert()`),
     * or a method of the handle the models know sends SQL or returns a promise — not a synchronous
     * method such as MikroORM `em.persist()` or Sequelize `t.afterCommit()`.
     */
    function isQuery(expression: TSESTree.Node, handle: TSESLint.Scope.Variable): boolean {
      if (expression.type === AST_NODE_TYPES.TaggedTemplateExpression || expression.type !== AST_NODE_TYPES.CallExpression) {
        return true;
      }
      const callee = skipWrappers(expression.callee);
      const direct = callee.type === AST_NODE_TYPES.MemberExpression && isHandle(skipWrappers(callee.object), handle, scopeOf);
      if (!direct) {
        return true;
      }
      const spec = analysis.values.callOf(expression)?.spec;
      return spec !== undefined && (spec.sql !== undefined || spec.resolves !== undefined);
    }

    /** `tx.rollback()` (Drizzle throws to roll back), commit/rollback calls: not queries left floating. */
    function closesOrThrows(expression: TSESTree.Node): boolean {
      const effect = analysis.values.callOf(expression)?.spec.effect;
      return effect === 'commit' || effect === 'rollback' || effect === 'release';
    }

    return analysis.sharedTraversal({
      onCall: untagged(checkBoundary),
      onFunctionExit: (fn) => {
        if (fn.type !== AST_NODE_TYPES.FunctionDeclaration) {
          checkTransaction(fn);
        }
      },
    });
  },
});

/** The names GLOBAL_BOUNDARIES paths start with. */
const GLOBAL_BOUNDARY_ROOTS: ReadonlySet<string> = new Set(GLOBAL_BOUNDARIES.map((entry) => entry.path[0]));
/** GLOBAL_BOUNDARIES by dotted path (`process.send`); the first entry for a path wins. */
const GLOBAL_BOUNDARY_BY_PATH = new Map<string, BoundarySpec>();
for (const entry of GLOBAL_BOUNDARIES) {
  const key = entry.path.join('.');
  if (!GLOBAL_BOUNDARY_BY_PATH.has(key)) {
    GLOBAL_BOUNDARY_BY_PATH.set(key, entry.boundary);
  }
}

function nestedFunctionOf(node: TSESTree.Node, fn: FunctionNode): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionNode(current)) {
      found = current;
    }
  }
  return found;
}

/** The expression that carries the handle as a value: itself, or an object/array literal around it. */
function valueHolder(identifier: TSESTree.Node): TSESTree.Node {
  let current = identifier;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (
      (parent.type === AST_NODE_TYPES.Property && parent.value === current) ||
      parent.type === AST_NODE_TYPES.ObjectExpression ||
      parent.type === AST_NODE_TYPES.ArrayExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression
    ) {
      current = parent;
      continue;
    }
    return current;
  }
  return current;
}

/** `saved = tx` with `saved` declared outside the callback, `this.tx = tx`, `cache.tx = tx`. */
function storesOutside(target: TSESTree.Node, fn: FunctionNode, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    // `this.tx = tx`, `cache.tx = tx`: outside, unless the object was built inside the callback.
    const object = memberRoot(target);
    return object.type !== AST_NODE_TYPES.Identifier || storesOutside(object, fn, scopeOf);
  }
  if (target.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const declared = findVariable(scopeOf(target), target)?.defs[0]?.name;
  return !declared || declared.range[0] < fn.range[0] || declared.range[1] > fn.range[1];
}

function deferredName(fn: FunctionNode): string {
  const call = fn.parent;
  if (call.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return callee.name;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      return `.${propertyName(callee) ?? 'on'}()`;
    }
  }
  return 'a deferred callback';
}

/**
 * `ctx.state.transaction = t; return next();`: the handle put on an object of one call (a
 * parameter or local of an enclosing function: the request's context), and the callback then
 * awaits or returns a call, during which the code it runs finds the handle there while the
 * transaction is open. The way Koa middleware and tool handlers pass a transaction down. A module
 * variable or `this` (a service shared by concurrent requests) is still reported, as is a store
 * the callback does nothing after.
 */
function handsToRequest(assignment: TSESTree.AssignmentExpression, fn: FunctionNode, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  const object = memberRoot(assignment.left);
  if (object === assignment.left || object.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const scope = findVariable(scopeOf(object), object)?.scope;
  if (!scope || scope.type === 'global' || isFileScope(scope)) {
    return false;
  }
  let continues = false;
  const visit = (node: TSESTree.Node): void => {
    if (continues || (isFunctionNode(node) && node !== fn)) {
      return;
    }
    if (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.range[0] > assignment.range[1] &&
      (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.ReturnStatement || node.parent === fn)
    ) {
      continues = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(fn.body);
  return continues;
}
