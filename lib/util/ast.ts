import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from './node-types';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** The statements that run their body again: `for`, `for … in`, `for … of`, `while`, `do … while`. */
export const LOOP_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The static name of a member access (`a.b`, `a['b']`), if it has one. */
export function propertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    return node.property.name;
  }
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  if (
    node.property.type === AST_NODE_TYPES.TemplateLiteral &&
    node.property.expressions.length === 0 &&
    node.property.quasis[0]?.value.cooked != null
  ) {
    return node.property.quasis[0].value.cooked;
  }
  return undefined;
}

/** The static name of a property or method key. */
/**
 * The call when an expression calls one of `process`'s `methods` (`process.exit(1)` for `['exit']`):
 * the global's, by its name; Deno's `Deno.exit(…)` too.
 */
export function processCall(expression: TSESTree.Node, methods: readonly string[]): TSESTree.CallExpression | undefined {
  const call = skipWrappers(expression);
  const callee = call.type === AST_NODE_TYPES.CallExpression ? skipWrappers(call.callee) : undefined;
  const object = callee?.type === AST_NODE_TYPES.MemberExpression ? skipWrappers(callee.object) : undefined;
  const method = callee?.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : undefined;
  return object?.type === AST_NODE_TYPES.Identifier && (object.name === 'process' || (object.name === 'Deno' && method === 'exit')) && method !== undefined && methods.includes(method)
    ? (call as TSESTree.CallExpression)
    : undefined;
}

/** `process.exit(…)`, `process.abort()`, `Deno.exit(…)`: a call after which nothing in the process runs. */
export function endsProcess(expression: TSESTree.Node): boolean {
  return processCall(expression, ['exit', 'abort']) !== undefined;
}

/** The program a node belongs to (undefined for a node outside one). */
export function programOf(node: TSESTree.Node): TSESTree.Program | undefined {
  let current: TSESTree.Node = node;
  while (current.parent) {
    current = current.parent;
  }
  return current.type === AST_NODE_TYPES.Program ? current : undefined;
}

/** A member's name with a private one's `#` (`this.#pool` → `#pool`): `propertyName` for any other. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return node.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.property.name}` : propertyName(node);
}

export function keyName(key: TSESTree.Node, computed = false): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) {
    return key.name;
  }
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return undefined;
}

/** The outermost of the type wrappers around an expression (`x as T`, `x!`, `<T>x`): skipWrappers' inverse, going up. */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.TSTypeAssertion)
  ) {
    current = current.parent;
  }
  return current;
}

/** The object a member chain starts from: `ctx` for `ctx.state.transaction`; the node itself otherwise. */
export function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let object = node;
  while (object.type === AST_NODE_TYPES.MemberExpression) {
    object = object.object;
  }
  return object;
}

/** `await x` around a call, or the call itself: the node after which the effect holds. */
export function completionOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    ((current.parent.type === AST_NODE_TYPES.AwaitExpression && current.parent.argument === current) ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      (current.parent.type === AST_NODE_TYPES.ChainExpression && current.parent.expression === current))
  ) {
    current = current.parent;
  }
  return current;
}

/** Looks through parentheses' stand-ins: TypeScript assertions, `!`, `satisfies` and optional chains. */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** What an `await` waits for, through the stand-ins around both (`(await pool.connect()) as PoolClient`); the node itself when it awaits nothing. */
export function skipAwait(node: TSESTree.Node): TSESTree.Node {
  const inner = skipWrappers(node);
  return inner.type === AST_NODE_TYPES.AwaitExpression ? skipWrappers(inner.argument) : inner;
}

/** The nearest enclosing function of a node (not the node itself). */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) {
      return current;
    }
    current = current.parent;
  }
  return undefined;
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The string value of a string literal or a template literal without expressions. */
export function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') {
    return node.value;
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** A readable name of a function: its id, the variable or property it is assigned to, or the method key. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) {
    return fn.id.name;
  }
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition: {
      // A private member's name with its `#` (`#getClient`).
      const name = parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : keyName(parent.key, parent.computed);
      if (parent.type === AST_NODE_TYPES.MethodDefinition) {
        const cls = parent.parent.parent;
        return cls.id && name ? `${cls.id.name}.${name}` : name;
      }
      return name;
    }
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.left.type === AST_NODE_TYPES.Identifier) {
        return parent.left.name;
      }
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) {
        return propertyName(parent.left);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The file's top-level scope: the global or module scope, or CommonJS's module wrapper function. */
export function isFileScope(scope: { type: string; block: TSESTree.Node }): boolean {
  return scope.type === 'module' || scope.type === 'global' || scope.block.type === AST_NODE_TYPES.Program;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The parser's visitor keys for the file being linted (`sourceCode.visitorKeys`), set by the
 * per-file analysis: child iteration then reads only the properties that hold nodes, without
 * allocating entries for every property of every node.
 */
let visitorKeys: Readonly<Record<string, readonly string[] | undefined>> | undefined;

export function useVisitorKeys(keys: Readonly<Record<string, readonly string[] | undefined>> | undefined): void {
  if (keys !== visitorKeys) {
    visitorKeys = keys;
    valueKeys = undefined;
  }
}

/**
 * Calls `visit` on each child node (not the parent), in property order, without allocating a list;
 * `skip` names properties to leave out. Reads only the parser's visitor keys when known.
 *
 * Every rule's own walks go through here (most AST nodes of a linted file pass through it more
 * than once), so it allocates nothing per node: plain loops, no closures.
 */
export function forEachChild(node: TSESTree.Node, visit: (child: TSESTree.Node) => void, skip?: ReadonlySet<string>): void {
  const record = node as unknown as Record<string, unknown>;
  const keys = visitorKeys?.[node.type];
  if (keys) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (skip === undefined || !skip.has(key)) {
        visitValue(record[key], visit);
      }
    }
    return;
  }
  for (const key in record) {
    if (key !== 'parent' && (skip === undefined || !skip.has(key))) {
      visitValue(record[key], visit);
    }
  }
}

/**
 * The innermost node whose range holds `index` (`sourceCode.getNodeByRangeIndex` without its
 * traverser): one descent from `root`, through the child that holds the index at each level.
 */
export function nodeAt(root: TSESTree.Node, index: number): TSESTree.Node | undefined {
  if (index < root.range[0] || index >= root.range[1]) {
    return undefined;
  }
  let node = root;
  for (;;) {
    const next = childAt(node, index);
    if (next === undefined) {
      return node;
    }
    node = next;
  }
}

/** The child of a node whose range holds `index`. */
function childAt(node: TSESTree.Node, index: number): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  forEachChild(node, (child) => {
    if (found === undefined && child.range[0] <= index && index < child.range[1]) {
      found = child;
    }
  });
  return found;
}

/** Properties that hold only types (erased at run time: no call, no value flows through them). */
const TYPE_KEYS: ReadonlySet<string> = new Set([
  'typeAnnotation',
  'typeArguments',
  'typeParameters',
  'returnType',
  'superTypeArguments',
  'superTypeParameters',
  'implements',
]);

/** Declarations that are types through and through. */
const TYPE_DECLARATIONS: ReadonlySet<string> = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction']);

/** Each visitor-key table with its type-only properties left out, computed once per table. */
const valueKeyTables = new WeakMap<object, Record<string, readonly string[] | undefined>>();
let valueKeys: Record<string, readonly string[] | undefined> | undefined;

function valueKeysFor(type: string): readonly string[] | undefined {
  if (visitorKeys === undefined) {
    return undefined;
  }
  if (valueKeys === undefined) {
    valueKeys = valueKeyTables.get(visitorKeys);
    if (valueKeys === undefined) {
      valueKeys = {};
      valueKeyTables.set(visitorKeys, valueKeys);
    }
  }
  let keys = valueKeys[type];
  if (keys === undefined) {
    const all = visitorKeys[type];
    if (all === undefined) {
      return undefined;
    }
    keys = TYPE_DECLARATIONS.has(type) ? [] : all.filter((key) => !TYPE_KEYS.has(key));
    valueKeys[type] = keys;
  }
  return keys;
}

/** Whether a node can hold a call, `new` or tagged template somewhere below or at it. */
function mayHoldCalls(node: TSESTree.Node): boolean {
  const type = node.type;
  return (
    type !== AST_NODE_TYPES.Identifier &&
    type !== AST_NODE_TYPES.Literal &&
    type !== AST_NODE_TYPES.TemplateElement &&
    type !== AST_NODE_TYPES.ThisExpression &&
    type !== AST_NODE_TYPES.Super &&
    type !== AST_NODE_TYPES.PrivateIdentifier
  );
}

/**
 * Pushes a node's children that may hold calls onto `stack`, last child first (so popping visits
 * them in source order). Leaves (identifiers, literals) and types are left out: the walks that
 * collect a function's calls visit every node of a file, and most nodes are leaves.
 */
export function pushCallHolders(node: TSESTree.Node, stack: TSESTree.Node[]): void {
  const keys = valueKeysFor(node.type);
  if (keys === undefined) {
    if (TYPE_DECLARATIONS.has(node.type)) {
      return;
    }
    const children = childNodes(node, TYPE_KEYS);
    for (let i = children.length - 1; i >= 0; i--) {
      if (mayHoldCalls(children[i])) stack.push(children[i]);
    }
    return;
  }
  const record = node as unknown as Record<string, unknown>;
  for (let i = keys.length - 1; i >= 0; i--) {
    const value = record[keys[i]];
    if (Array.isArray(value)) {
      for (let j = value.length - 1; j >= 0; j--) {
        const item: unknown = value[j];
        if (isNode(item) && mayHoldCalls(item)) stack.push(item);
      }
    } else if (isNode(value) && mayHoldCalls(value)) {
      stack.push(value);
    }
  }
}

/** `visit` on a property's value: the node it holds, or each node of the list it holds. */
function visitValue(value: unknown, visit: (child: TSESTree.Node) => void): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isNode(item)) visit(item);
    }
  } else if (isNode(value)) {
    visit(value);
  }
}

/** The child nodes of a node (not its parent), in property order; `skip` names properties to leave out. */
export function childNodes(node: TSESTree.Node, skip?: ReadonlySet<string>): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  forEachChild(node, (child) => out.push(child), skip);
  return out;
}

/**
 * What a function returns: its expression body, or the argument of each `return` of its own body
 * (not of nested functions), in source order.
 */
export function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    return [fn.body];
  }
  const returned: TSESTree.Expression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      returned.push(node.argument);
    }
    forEachChild(node, (child) => {
      if (!isFunctionNode(child)) {
        visit(child);
      }
    });
  };
  visit(fn.body);
  return returned;
}

/** Per function: the index of the parameter it hands back as it is, or null. */
const passThroughs = new WeakMap<FunctionNode, number | null>();

/**
 * The index of the parameter a function hands back unchanged from every `return`, through type
 * assertions only (`function asContentDb(db) { return db as unknown as Kysely<Content>; }`): its
 * call holds what it is given. Not an async or generator function, nor a parameter it reassigns.
 */
export function passedThroughParameter(fn: FunctionNode, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): number | undefined {
  let index = passThroughs.get(fn);
  if (index === undefined) {
    index = fn.async || fn.generator ? null : passThrough(fn, scopeOf);
    passThroughs.set(fn, index);
  }
  return index ?? undefined;
}

function passThrough(fn: FunctionNode, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): number | null {
  let found: number | null = null;
  for (const expression of returnedExpressions(fn)) {
    const inner = skipWrappers(expression);
    const variable = inner.type === AST_NODE_TYPES.Identifier ? findVariable(scopeOf(inner), inner) : null;
    const def = variable?.defs[0];
    const index = def?.type === 'Parameter' && def.node === fn ? fn.params.indexOf(def.name as TSESTree.Parameter) : -1;
    if (index < 0 || (found !== null && found !== index) || variable?.references.some((reference) => reference.isWrite())) {
      return null;
    }
    found = index;
  }
  return found;
}

/**
 * The function a callee names in this file: a function declaration, or a variable initialised with
 * a function (only a `const` one when `constOnly`).
 */
export function sameFileFunction(
  callee: TSESTree.Identifier,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  constOnly = false,
  /** The callee's variable, when the caller has it already. */
  known?: TSESLint.Scope.Variable | null,
): FunctionNode | undefined {
  const def = (known === undefined ? findVariable(scopeOf(callee), callee) : known)?.defs[0];
  if (def?.type === 'FunctionName' && isFunctionNode(def.node)) {
    return def.node;
  }
  if (def?.type === 'Variable' && def.node.init && isFunctionNode(def.node.init) && (!constOnly || def.node.parent.kind === 'const')) {
    return def.node.init;
  }
  return undefined;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * The class whose `this` a node sees (arrow functions see through), and whether that is the class
 * itself (a static method, field or block) rather than an instance.
 */
export function thisOwner(node: TSESTree.Node): { cls: ClassNode; isStatic: boolean } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const owner = current.parent;
      if (owner?.type === AST_NODE_TYPES.MethodDefinition || owner?.type === AST_NODE_TYPES.PropertyDefinition) {
        return { cls: owner.parent.parent as ClassNode, isStatic: owner.static };
      }
      return undefined;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) {
      return { cls: current.parent.parent as ClassNode, isStatic: current.static };
    }
    if (current.type === AST_NODE_TYPES.StaticBlock) {
      return { cls: current.parent.parent as ClassNode, isStatic: true };
    }
  }
  return undefined;
}

/**
 * The method of the enclosing class that a `this.name(…)` call runs: `callee` is `this.name` or
 * `this.#name`, and the class declares that name once on the same side (instance or static) with
 * a body, as a method or as a field holding a function. Not an inherited method, an abstract one, or
 * an accessor. (A subclass may override it; the class's own is taken, as a same-file function is.)
 */
export function sameClassMethod(callee: TSESTree.Node): { fn: FunctionNode; name: string } | undefined {
  const member = skipWrappers(callee);
  if (member.type !== AST_NODE_TYPES.MemberExpression || skipWrappers(member.object).type !== AST_NODE_TYPES.ThisExpression) {
    return undefined;
  }
  const name = memberName(member);
  const owner = name === undefined ? undefined : thisOwner(member);
  if (!owner) {
    return undefined;
  }
  let found: FunctionNode | undefined;
  for (const element of owner.cls.body.body) {
    if (
      (element.type !== AST_NODE_TYPES.MethodDefinition &&
        element.type !== AST_NODE_TYPES.PropertyDefinition &&
        element.type !== AST_NODE_TYPES.TSAbstractMethodDefinition &&
        element.type !== AST_NODE_TYPES.TSAbstractPropertyDefinition) ||
      element.static !== owner.isStatic
    ) {
      continue;
    }
    const key = element.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${element.key.name}` : keyName(element.key, element.computed);
    if (key !== name) {
      continue;
    }
    const value = element.value;
    const body =
      element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && value?.type === AST_NODE_TYPES.FunctionExpression
        ? value
        : element.type === AST_NODE_TYPES.PropertyDefinition && isFunctionNode(value)
          ? value
          : undefined;
    if (element.type === AST_NODE_TYPES.MethodDefinition && value?.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) {
      continue; // an overload signature
    }
    if (!body || found) {
      return undefined; // an accessor, an abstract member, a field of another value, or a second body
    }
    found = body;
  }
  return found && name !== undefined ? { fn: found, name } : undefined;
}

/**
 * The function a call runs when it is one of this file's: a function called by name (see
 * sameFileFunction, with `constOnly` and `known` as there) or a method of this class called on
 * `this` (see sameClassMethod). `name` is as written: `audit`, `this.audit`.
 */
export function calledHelper(
  callee: TSESTree.Node,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  constOnly = false,
  known?: TSESLint.Scope.Variable | null,
): { fn: FunctionNode; name: string; kind: 'function' | 'method' } | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const fn = sameFileFunction(callee, scopeOf, constOnly, known);
    return fn && { fn, name: callee.name, kind: 'function' };
  }
  const method = sameClassMethod(callee);
  return method && { fn: method.fn, name: `this.${method.name}`, kind: 'method' };
}

/**
 * Does `text` mention `name` as a whole word, not inside a longer identifier (identifiers may hold
 * `$`)? With `afterDot` false, a property access (`obj.name`) does not count.
 */
export function mentionsName(text: string, name: string, afterDot = true): boolean {
  const isPart = (char: string | undefined) => char !== undefined && /[\w$]/.test(char);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1];
    if (!isPart(before) && (afterDot || before !== '.') && !isPart(text[at + name.length])) {
      return true;
    }
  }
  return false;
}

/**
 * A variable's one declaration as a value. TypeScript lets a value and a type share a name, and
 * code written for ESM `pg` does (`const { Pool } = pg; type Pool = pg.Pool`): the reference in an
 * expression reads the `const`. Two value declarations (`var x` twice, overloads) are none.
 */
export function valueDef(variable: TSESLint.Scope.Variable): TSESLint.Scope.Definition | undefined {
  let found: TSESLint.Scope.Definition | undefined;
  for (const def of variable.defs) {
    if (def.type === 'Type') {
      continue; // a type alias or an interface of the same name
    }
    if (found) {
      return undefined;
    }
    found = def;
  }
  return found;
}

/**
 * A value the function's caller may leave out: an optional parameter (`timeout?: number`) or one
 * destructured from an options parameter without a default (`{ statementTimeout }` in the
 * parameter list, or `const { statementTimeout } = options` in the body). Whether it is set, and so
 * sent, is the caller's choice.
 */
export function leftToCaller(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  const def = valueDefOf(node, scopeOf);
  if (!def || def.name.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const parent = def.name.parent;
  const destructured = parent.type === AST_NODE_TYPES.Property && parent.value === def.name && parent.parent.type === AST_NODE_TYPES.ObjectPattern;
  if (def.type === 'Parameter') {
    return destructured || (isFunctionNode(parent) && def.name.optional === true);
  }
  // `const { statementTimeout } = options`, where `options` is the parameter.
  return (
    destructured &&
    def.type === 'Variable' &&
    def.parent.kind === 'const' &&
    def.node.id === parent.parent &&
    def.node.init !== null &&
    valueDefOf(def.node.init, scopeOf)?.type === 'Parameter'
  );
}

/** The value declaration (see valueDef) of the variable an identifier expression names. */
function valueDefOf(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope): TSESLint.Scope.Definition | undefined {
  const inner = skipWrappers(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const variable = findVariable(scopeOf(inner), inner);
  return variable ? valueDef(variable) : undefined;
}

/**
 * The initializer of the single `const name = init` declaration an identifier refers to (not a
 * destructured one: its initializer is not the name's value).
 */
export function constInitializer(
  node: TSESTree.Identifier,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  /** The identifier's variable, when the caller has it already. */
  known?: TSESLint.Scope.Variable | null,
): TSESTree.Expression | undefined {
  const variable = known === undefined ? findVariable(scopeOf(node), node) : known;
  const def = variable ? valueDef(variable) : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  return def.node.init ?? undefined;
}

/** `exports.x` / `module.exports.x` → `x`; `module.exports` → `module.exports`. */
export function commonJsExport(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  const name = propertyName(node);
  const object = node.object;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && name === 'exports') {
    return 'module.exports';
  }
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') {
    return name;
  }
  if (
    object.type === AST_NODE_TYPES.MemberExpression &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'module' &&
    propertyName(object) === 'exports'
  ) {
    return name;
  }
  return undefined;
}

/**
 * The module and exported name an identifier is imported from (`'default'` for a default or
 * namespace import); `null` for an undeclared global; undefined for a local binding.
 */
export function importSource(
  id: TSESTree.Identifier,
  scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
): { module: string; name: string } | null | undefined {
  const variable = findVariable(scopeOf(id), id);
  if (!variable || variable.defs.length === 0) {
    return null;
  }
  const def = variable.defs[0];
  if (def.type !== 'ImportBinding' || def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    return undefined;
  }
  const declaration = def.node.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) {
    return undefined;
  }
  const name =
    def.node.type === AST_NODE_TYPES.ImportSpecifier
      ? def.node.imported.type === AST_NODE_TYPES.Identifier
        ? def.node.imported.name
        : def.node.imported.value
      : 'default';
  return { module: declaration.source.value, name };
}

/**
 * Where a class declares the field `name`, in source order: properties and accessors of its body,
 * and constructor parameter properties (`constructor(private readonly pool: Pool)`). Fields
 * assigned in the constructor (`this.pool = pool`) are not declarations.
 */
export function fieldDeclarations(
  body: TSESTree.ClassBody,
  name: string,
): Array<TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.TSParameterProperty> {
  const found: Array<TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.TSParameterProperty> = [];
  for (const member of body.body) {
    if (
      (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
      !member.computed &&
      (member.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.key.name}` : keyName(member.key)) === name
    ) {
      found.push(member);
    } else if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
      for (const param of member.value.params) {
        if (param.type === AST_NODE_TYPES.TSParameterProperty) {
          const inner = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (inner.type === AST_NODE_TYPES.Identifier && inner.name === name) {
            found.push(param);
          }
        }
      }
    }
  }
  return found;
}

/**
 * `x == null`, `x !== undefined`, `null != x`, `typeof x === 'undefined'`, `_.isNil(x)`, …: the
 * value tested, the constant it is compared with, whether the comparison is strict, and whether
 * the test is true when the values match (`==`, `===`, a predicate) or when they do not (`!=`, `!==`).
 */
export function nullishComparison(
  node: TSESTree.Node,
): { subject: TSESTree.Node; constant: 'null' | 'undefined'; strict: boolean; whenMatched: boolean } | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    return nullishPredicate(node);
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !['==', '!=', '===', '!=='].includes(node.operator)) {
    return undefined;
  }
  // `typeof x === 'undefined'`.
  const typeofSubject = (side: TSESTree.Node, other: TSESTree.Node): TSESTree.Node | undefined =>
    side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof' && other.type === AST_NODE_TYPES.Literal && other.value === 'undefined'
      ? side.argument
      : undefined;
  const typed = typeofSubject(node.left, node.right) ?? typeofSubject(node.right, node.left);
  if (typed) {
    return { subject: typed, constant: 'undefined', strict: true, whenMatched: node.operator.startsWith('=') };
  }
  const constant = (side: TSESTree.Node): 'null' | 'undefined' | undefined =>
    side.type === AST_NODE_TYPES.Literal && side.value === null && !('regex' in side)
      ? 'null'
      : side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined'
        ? 'undefined'
        : undefined;
  const right = constant(node.right);
  const left = right ? undefined : constant(node.left);
  const subject = right ? node.left : left ? node.right : undefined;
  if (!subject) {
    return undefined;
  }
  return { subject, constant: (right ?? left)!, strict: node.operator.length === 3, whenMatched: node.operator.startsWith('=') };
}

/** Lodash's (or Underscore's) nullish predicates: `_.isUndefined(x)`, `isNil(x)`, `lodash.isNull(x)`. */
const NULLISH_PREDICATES: Readonly<Record<string, { constant: 'null' | 'undefined'; strict: boolean }>> = {
  isUndefined: { constant: 'undefined', strict: true },
  isNull: { constant: 'null', strict: true },
  isNil: { constant: 'undefined', strict: false },
};

function nullishPredicate(call: TSESTree.CallExpression): ReturnType<typeof nullishComparison> {
  const callee = skipWrappers(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && /^(?:_|lodash|underscore)$/.test(callee.object.name)
        ? propertyName(callee)
        : undefined;
  const predicate = name !== undefined && Object.hasOwn(NULLISH_PREDICATES, name) ? NULLISH_PREDICATES[name] : undefined;
  const subject = call.arguments.length === 1 ? call.arguments[0] : undefined;
  return predicate && subject && subject.type !== AST_NODE_TYPES.SpreadElement ? { subject, ...predicate, whenMatched: true } : undefined;
}

/** A branch that always leaves its function: it ends with a `return` or a `throw` (`return pool;`, `{ …; throw error; }`). */
export function endsInExit(branch: TSESTree.Statement): boolean {
  const last = branch.type === AST_NODE_TYPES.BlockStatement ? branch.body.at(-1) : branch;
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

/** Does the node, or a node within it outside the functions it defines, pass the test (a `return`, an `await`)? */
export function containsOwn(node: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  if (test(node)) {
    return true;
  }
  let found = false;
  forEachChild(node, (child) => {
    found ||= !isFunctionNode(child) && containsOwn(child, test);
  });
  return found;
}
