import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import { propertyName, skipWrappers, thisOwner } from '../util/ast';
import type { Registry } from '../models/registry';
import type { Value, ValueOracle } from './values';

type Scoped = (node: TSESTree.Node) => TSESLint.Scope.Scope;

/** How many member names a recognised receiver may have after its root (`ctx.db`, `this.deps.prisma`). */
const MAX_PATH = 3;

/**
 * What a file's own use of a receiver says it holds: `db.$transaction(async (tx) => …)` makes `db`
 * a Prisma client wherever the file reads it and nothing else tells (it is imported from the
 * project's `lib/db`, injected as a `PrismaService`, or `ctx.db` of a tRPC procedure). Only the
 * methods a model lists as its own (`LibraryModel.recognisedBy`) count, and only when called: the
 * same variable, or the same `this.<name>` of a class, with the same member path. Asked, like the
 * type oracle, only where syntax found nothing.
 */
export class UsageOracle implements ValueOracle {
  private constructor(
    /** Per root (a variable, or a class for `this`), per member path after it (`''`, `.db`): the shape key. */
    private readonly roots: ReadonlyMap<object, ReadonlyMap<string, string>>,
    private readonly scopeOf: Scoped,
  ) {}

  /**
   * The oracle for a file, or undefined when it calls none of the recognising methods: one scan of
   * the text for `.$`-style names, before any walk of the tree.
   */
  static create(sourceCode: TSESLint.SourceCode, registry: Registry, scopeOf: Scoped): UsageOracle | undefined {
    const methods = registry.recognisedBy;
    if (methods.size === 0) {
      return undefined;
    }
    const text = sourceCode.text;
    let roots: Map<object, Map<string, string>> | undefined;
    for (let dot = text.indexOf('.$'); dot !== -1; dot = text.indexOf('.$', dot + 2)) {
      let end = dot + 2;
      while (end < text.length && isNameChar(text.charCodeAt(end))) {
        end += 1;
      }
      const key = methods.get(text.slice(dot + 1, end));
      if (key === undefined) {
        continue;
      }
      const receiver = calledReceiver(sourceCode.getNodeByRangeIndex(dot + 1));
      const path = receiver && !isClassLike(receiver) ? pathOf(receiver, scopeOf) : undefined;
      if (!path) {
        continue;
      }
      roots ??= new Map();
      let paths = roots.get(path.root);
      if (!paths) {
        paths = new Map();
        roots.set(path.root, paths);
      }
      if (!paths.has(path.path)) {
        paths.set(path.path, key);
      }
    }
    return roots ? new UsageOracle(roots, scopeOf) : undefined;
  }

  valueOf(node: TSESTree.Node): Value | undefined {
    if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression && node.type !== AST_NODE_TYPES.ThisExpression) {
      return undefined;
    }
    const path = pathOf(node, this.scopeOf);
    const key = path && this.roots.get(path.root)?.get(path.path);
    return key === undefined ? undefined : { key, promise: false };
  }
}

/**
 * A receiver named like a class (`HarvestJobsService.$transaction(…)`, `Orders.$queryRaw`): the
 * project's own class with a static method of that name (a service that runs its work in a
 * transaction and hands it an instance of itself), not a client, which is an instance named
 * `prisma`, `db`, `this.prisma` or `DB`.
 */
function isClassLike(receiver: TSESTree.Node): boolean {
  const node = skipWrappers(receiver);
  const name = node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.MemberExpression ? propertyName(node) : undefined;
  return name !== undefined && /^[A-Z][A-Z0-9_]*[a-z]/.test(name);
}

/** `$`, `_`, digits and ASCII letters: the rest of a method name after `.$`. */
function isNameChar(code: number): boolean {
  return code === 36 || code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The receiver of a method called or used as a tag, from the node of its name: `db` for the
 * `$transaction` of `db.$transaction(…)`, `` db.$queryRaw`…` ``, `db.$queryRaw(sql)`. Not a name
 * read without a call (`jest.spyOn(db, '$transaction')`, `db.$transaction.mockResolvedValue(…)`).
 */
function calledReceiver(name: TSESTree.Node | null): TSESTree.Node | undefined {
  const member = name?.parent;
  if (name?.type !== AST_NODE_TYPES.Identifier || member?.type !== AST_NODE_TYPES.MemberExpression || member.property !== name || member.computed) {
    return undefined;
  }
  let use: TSESTree.Node = member;
  while (use.parent && (use.parent.type === AST_NODE_TYPES.TSNonNullExpression || use.parent.type === AST_NODE_TYPES.ChainExpression)) {
    use = use.parent;
  }
  const parent = use.parent;
  const called =
    (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === use) ||
    (parent?.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === use);
  return called ? member.object : undefined;
}

/**
 * A variable whose value the file does not write out itself: an import, a parameter, or a variable
 * set from a call, a member or another variable (`const db = getDb()`, `const { prisma } =
 * require('../db')`). Not one the file declares as an object, a function or a class (`const prisma
 * = { $transaction: (fn) => fn(tx) }`: a stand-in whose methods are the file's own).
 */
function comesFromElsewhere(variable: TSESLint.Scope.Variable): boolean {
  if (variable.defs.length !== 1) {
    return false;
  }
  const def = variable.defs[0];
  if (def.type === 'ImportBinding' || def.type === 'Parameter') {
    return true;
  }
  if (def.type !== 'Variable') {
    return false;
  }
  const init = def.node.init && skipWrappers(def.node.init);
  switch (init?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ConditionalExpression:
      return true;
    default:
      return false;
  }
}

/**
 * A receiver as a root and member path: a declared variable (`db`, `ctx` of `ctx.db`) or, for
 * `this`, the class whose method reads it (static and instance sides apart). Undefined for any other
 * expression (a call's result, a computed member).
 */
function pathOf(node: TSESTree.Node, scopeOf: Scoped): { root: object; path: string } | undefined {
  let path = '';
  let current = skipWrappers(node);
  for (let depth = 0; depth <= MAX_PATH; depth += 1) {
    switch (current.type) {
      case AST_NODE_TYPES.MemberExpression: {
        const name = current.computed ? undefined : propertyName(current);
        if (name === undefined) {
          return undefined;
        }
        path = `.${name}${path}`;
        current = skipWrappers(current.object);
        break;
      }
      case AST_NODE_TYPES.Identifier: {
        const variable = findVariable(scopeOf(current), current);
        return variable && comesFromElsewhere(variable) ? { root: variable, path } : undefined;
      }
      case AST_NODE_TYPES.ThisExpression: {
        const owner = thisOwner(current);
        return owner ? { root: owner.cls, path: owner.isStatic ? `static${path}` : path } : undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
