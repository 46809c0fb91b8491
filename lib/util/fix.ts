import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from './node-types';
import { forEachChild, isFileScope } from './ast';

/** The statement directly under `Program` that contains a node. */
export function topLevelStatement(node: TSESTree.Node): TSESTree.ProgramStatement | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) {
    current = current.parent;
  }
  return current.parent ? (current as TSESTree.ProgramStatement) : undefined;
}

/** Where to insert a module-level declaration before a statement: before its leading comments. */
export function insertionPoint(sourceCode: TSESLint.SourceCode, statement: TSESTree.Node): number {
  // Decorators of `@Controller() export class X {}` may stand before the statement's own range.
  const declaration =
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
      ? statement.declaration
      : statement;
  const decorators = declaration && 'decorators' in declaration ? (declaration.decorators ?? []) : [];
  const start = Math.min(statement.range[0], ...decorators.map((decorator) => decorator.range[0]));
  const first = sourceCode.getTokenByRangeStart(start, { includeComments: false }) ?? statement;
  const comments = sourceCode.getCommentsBefore(first);
  return comments.length > 0 ? comments[0].range[0] : start;
}

/** A name free at module scope (and in every scope below), derived from `base`. */
export function freeModuleName(sourceCode: TSESLint.SourceCode, base: string): string {
  const taken = new Set<string>();
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    for (const variable of scope.variables) {
      taken.add(variable.name);
    }
    for (const reference of scope.through) {
      taken.add(reference.identifier.name);
    }
  }
  let name = base;
  for (let i = 2; taken.has(name); i++) {
    name = `${base}${i}`;
  }
  return name;
}

/**
 * Can the expression be evaluated at module scope just before `statement`? Every identifier it
 * reads must be a module-level binding declared before that point (or an import / function
 * declaration, which are hoisted), or a global; no `this`, `arguments`, `super` or `yield`.
 */
export function isHoistable(
  sourceCode: TSESLint.SourceCode,
  expression: TSESTree.Node,
  statement: TSESTree.Node,
): boolean {
  let hoistable = true;
  const visit = (node: TSESTree.Node): void => {
    if (!hoistable) {
      return;
    }
    switch (node.type) {
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.Super:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.MetaProperty:
        hoistable = node.type === AST_NODE_TYPES.MetaProperty && node.meta.name === 'import';
        return;
      case AST_NODE_TYPES.AwaitExpression:
        hoistable = false;
        return;
      case AST_NODE_TYPES.Identifier: {
        if (!isReference(node)) {
          return;
        }
        if (node.name === 'arguments') {
          hoistable = false;
          return;
        }
        const variable = findVariable(sourceCode.getScope(node), node);
        if (!variable || variable.defs.length === 0) {
          return; // a global
        }
        if (!isFileScope(variable.scope)) {
          hoistable = false;
          return;
        }
        const def = variable.defs[0];
        const hoisted = def.type === 'ImportBinding' || def.type === 'FunctionName';
        if (!hoisted && def.name.range[0] >= statement.range[0]) {
          hoistable = false;
        }
        return;
      }
      default:
        break;
    }
    forEachChild(node, visit);
  };
  visit(expression);
  return hoistable;
}

/**
 * Does the expression read, besides module-level bindings and globals, only a platform's
 * environment bindings (`env.URL`, `c.env.URL`, `event.platform.env.URL`: the same on every
 * request of a deployment)? Not a function's other parameters or locals (a tenant's URL, the
 * options a caller passes), nor `this`: a value shared lazily would keep the first call's.
 */
export function readsOnlyEnvironment(sourceCode: TSESLint.SourceCode, expression: TSESTree.Node, depth = 0): boolean {
  let same = true;
  const viaEnv = (node: TSESTree.Identifier): boolean => {
    if (node.name === 'env') {
      return true;
    }
    for (let current: TSESTree.Node = node; current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current; current = current.parent) {
      if (!current.parent.computed && current.parent.property.type === AST_NODE_TYPES.Identifier && current.parent.property.name === 'env') {
        return true;
      }
    }
    return false;
  };
  const visit = (node: TSESTree.Node): void => {
    if (!same) {
      return;
    }
    if (node.type === AST_NODE_TYPES.ThisExpression) {
      same = false;
      return;
    }
    if (node.type === AST_NODE_TYPES.Identifier && isReference(node)) {
      const variable = findVariable(sourceCode.getScope(node), node);
      if (variable && variable.defs.length > 0 && !isFileScope(variable.scope) && !viaEnv(node)) {
        // A local constant of such values (`const { Pool } = await import('pg')`, `const url = env.URL`).
        const def = variable.defs[0];
        same =
          depth < 3 &&
          def.type === 'Variable' &&
          def.node.parent.kind === 'const' &&
          def.node.init !== null &&
          readsOnlyEnvironment(sourceCode, def.node.init, depth + 1);
      }
      return;
    }
    forEachChild(node, visit);
  };
  visit(expression);
  return same;
}

/** An identifier that reads a binding (not a property name, key or label). */
function isReference(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === node || parent.computed;
    case AST_NODE_TYPES.Property:
      return parent.value === node || parent.computed;
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.MethodDefinition:
      return parent.computed && parent.key === node;
    case AST_NODE_TYPES.LabeledStatement:
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return false;
    case AST_NODE_TYPES.TSTypeReference:
    case AST_NODE_TYPES.TSQualifiedName:
    case AST_NODE_TYPES.TSTypeAnnotation:
      return false;
    default:
      return true;
  }
}

/**
 * The text of a node re-indented for a new place at column 0: continuation lines lose the
 * indentation of the line the node starts on.
 */
export function dedentedText(sourceCode: TSESLint.SourceCode, node: TSESTree.Node): string {
  const text = sourceCode.getText(node);
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)?.[0].length ?? 0;
  return text
    .split('\n')
    .map((part, index) => (index === 0 ? part : part.replace(new RegExp(`^\\s{0,${indent}}`), '')))
    .join('\n');
}

/** The range a statement occupies including its own line break, for removing it cleanly. */
export function statementRemovalRange(sourceCode: TSESLint.SourceCode, statement: TSESTree.Node): TSESTree.Range {
  const text = sourceCode.text;
  let start = statement.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) {
    start--;
  }
  let end = statement.range[1];
  if (text[end] === '\r') {
    end++;
  }
  if (text[end] === '\n') {
    end++;
  } else {
    // Not alone on its line: keep what precedes, drop the spaces that follow.
    start = statement.range[0];
    end = statement.range[1];
    while (text[end] === ' ' || text[end] === '\t') {
      end++;
    }
  }
  return [start, end];
}

/** The indentation (leading whitespace) of the line a node starts on. */
export function indentationOf(sourceCode: TSESLint.SourceCode, node: TSESTree.Node): string {
  return /^[ \t]*/.exec(sourceCode.lines[node.loc.start.line - 1] ?? '')?.[0] ?? '';
}

/** One indentation step, guessed from the file (two spaces when nothing tells). */
export function indentUnit(sourceCode: TSESLint.SourceCode): string {
  for (const line of sourceCode.lines) {
    const match = /^(\t| {2,4})\S/.exec(line);
    if (match) {
      return match[1];
    }
  }
  return '  ';
}

/**
 * Text that wraps `statements` (consecutive, in one block) in `try { … }` followed by `tail`
 * (`finally { … }` or `catch (error) { … }`), re-indenting them one step and leaving out the
 * statement `omit` (which the tail takes over). The result replaces the range from the first
 * statement to the last.
 */
export function wrapInTry(
  sourceCode: TSESLint.SourceCode,
  statements: readonly TSESTree.Node[],
  omit: TSESTree.Node | undefined,
  tail: (indent: string, unit: string) => string,
): { range: TSESTree.Range; text: string } {
  const first = statements[0];
  const last = statements[statements.length - 1];
  const indent = indentationOf(sourceCode, first);
  const unit = indentUnit(sourceCode);
  let text = sourceCode.text.slice(first.range[0], last.range[1]);
  if (omit) {
    const [start, end] = statementRemovalRange(sourceCode, omit);
    text = text.slice(0, Math.max(0, start - first.range[0])) + text.slice(end - first.range[0]);
    text = text.trimEnd();
  }
  return { range: [first.range[0], last.range[1]], text: `try {\n${indentedInto(text, indent, unit)}\n${indent}} ${tail(indent, unit)}` };
}

/**
 * Statements' text (starting where the first one starts) as the body of a block opened at
 * `indent`: the first line takes the block's indentation one step in, every other non-empty line
 * one step more than it had.
 */
export function indentedInto(text: string, indent: string, unit: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? `${indent}${unit}${line}` : line.length > 0 ? `${unit}${line}` : line))
    .join('\n');
}

/**
 * Fixes that remove `statements` (each alone in a block), tidying what the removal empties: a
 * `finally` whose every statement goes is dropped with it (`try { … } catch { … }` stays), and a
 * `try` left without `catch` or `finally` is unwrapped into its block's statements, re-indented,
 * when nothing its block declares would clash where they land. A finally block holding comments
 * is left as it is (only the statements go), and so is a `try` that overlaps `untouched` (what the
 * same suggestion edits elsewhere: two fixes of one suggestion must not overlap).
 */
export function removeStatements(
  sourceCode: TSESLint.SourceCode,
  fixer: TSESLint.RuleFixer,
  statements: readonly TSESTree.Node[],
  untouched: readonly TSESTree.Node[] = [],
): TSESLint.RuleFix[] {
  const fixes: TSESLint.RuleFix[] = [];
  const handled = new Set<TSESTree.Node>();
  for (const statement of statements) {
    if (handled.has(statement)) {
      continue;
    }
    const block = statement.parent;
    const tryStatement = block?.parent;
    if (
      block?.type === AST_NODE_TYPES.BlockStatement &&
      tryStatement?.type === AST_NODE_TYPES.TryStatement &&
      tryStatement.finalizer === block &&
      block.body.every((member) => statements.includes(member)) &&
      sourceCode.getCommentsInside(block).length === 0 &&
      !untouched.some((node) => node.range[0] < tryStatement.range[1] && tryStatement.range[0] < node.range[1])
    ) {
      const replacement = tryStatement.handler
        ? fixer.removeRange([tryStatement.handler.range[1], block.range[1]])
        : unwrapTry(sourceCode, fixer, tryStatement);
      if (replacement) {
        fixes.push(replacement);
        for (const member of block.body) {
          handled.add(member);
        }
        continue;
      }
    }
    fixes.push(fixer.removeRange(statementRemovalRange(sourceCode, statement)));
  }
  return fixes;
}

/** `try { … } finally {}` as the try block's statements alone; undefined when that is not safe. */
function unwrapTry(sourceCode: TSESLint.SourceCode, fixer: TSESLint.RuleFixer, tryStatement: TSESTree.TryStatement): TSESLint.RuleFix | undefined {
  const block = tryStatement.block;
  const container = tryStatement.parent;
  if (!container || (container.type !== AST_NODE_TYPES.BlockStatement && container.type !== AST_NODE_TYPES.Program && container.type !== AST_NODE_TYPES.StaticBlock)) {
    return undefined;
  }
  if (block.body.length === 0) {
    return fixer.removeRange(statementRemovalRange(sourceCode, tryStatement));
  }
  if (!declarationsStayFree(sourceCode, block)) {
    return undefined;
  }
  const inner = sourceCode.text.slice(block.range[0] + 1, block.range[1] - 1);
  const lines = inner.replace(/^[ \t]*\r?\n/, '').trimEnd().split('\n');
  const outer = indentationOf(sourceCode, tryStatement);
  const own = /^[ \t]*/.exec(lines[0])?.[0] ?? '';
  const extra = own.startsWith(outer) ? own.slice(outer.length) : '';
  const text = lines
    .map((line, index) => (index === 0 ? line.trimStart() : extra !== '' && line.startsWith(outer + extra) ? outer + line.slice(outer.length + extra.length) : line))
    .join('\n');
  return fixer.replaceText(tryStatement, text);
}

/**
 * Would the names a block declares, moved into the scope around it, neither clash with that
 * scope's own names nor capture a reference that now reaches past it?
 */
function declarationsStayFree(sourceCode: TSESLint.SourceCode, block: TSESTree.BlockStatement): boolean {
  const scopeManager = sourceCode.scopeManager;
  const scope = scopeManager?.acquire(block);
  if (!scope || scope.variables.length === 0) {
    return true;
  }
  const upper = scope.upper;
  if (!upper) {
    return false;
  }
  const names = new Set(scope.variables.map((variable) => variable.name));
  if ([...names].some((name) => upper.set.has(name))) {
    return false;
  }
  const pending = [upper];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current === scope) {
      continue;
    }
    if (current.references.some((reference) => names.has(reference.identifier.name))) {
      return false;
    }
    pending.push(...current.childScopes);
  }
  return true;
}
