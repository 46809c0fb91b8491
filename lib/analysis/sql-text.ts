/**
 * Extraction of the SQL text an expression denotes, for classifySql().
 *
 * Only text that is visible in the source is returned; every dynamic part
 * becomes a hole, and expressions that are not recognisably SQL text give
 * undefined.
 */
import { type TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, findVariable } from '../util/node-types';
import type { TSESTree } from '@typescript-eslint/utils';

import { constInitializer, importSource, returnedExpressions, sameFileFunction } from '../util/ast';
import { requireSpecifier } from './values';
import type { SqlText } from './sql';

/** How many `const` indirections one path may follow. */
const MAX_CONST_STEPS = 5;
/** How many `const` resolutions one extraction may make in total (guards against fan-out like `a + a + a`). */
const MAX_RESOLUTIONS = 64;

/** The SQL text an expression denotes, or undefined when it is not text we can see. */
export function sqlTextOf(
  node: TSESTree.Node,
  scopeOf: (n: TSESTree.Node) => TSESLint.Scope.Scope,
): SqlText | undefined {
  // Several rules ask for the same call's text, and a `const` of SQL is often sent many times: one
  // extraction per node, and one object per text (so classifySql's cache can hit).
  const cached = textCache.get(node);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const text = new Extractor(scopeOf).text(node, MAX_CONST_STEPS);
  textCache.set(node, text ?? null);
  return text;
}

const textCache = new WeakMap<TSESTree.Node, SqlText | null>();

/** Raw text under construction: parts.length === holes + 1. */
class RawText {
  readonly parts: string[] = [''];

  append(text: string): void {
    this.parts[this.parts.length - 1] += text;
  }

  hole(): void {
    this.parts.push('');
  }
}

class Extractor {
  private resolutions = 0;

  constructor(private readonly scopeOf: (n: TSESTree.Node) => TSESLint.Scope.Scope) {}

  /** Any SQL text shape: raw text, a tagged template, a `{ text }` / `{ sql }` config object. */
  text(node: TSESTree.Node, steps: number): SqlText | undefined {
    node = unwrap(node);
    switch (node.type) {
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        if (this.isStringRaw(node.tag)) break;
        // sql`…`, Prisma.sql`…`, $executeRaw`…`: the holes are bound values.
        const quasis = node.quasi.quasis;
        return { parts: quasis.map((q) => q.value.cooked ?? q.value.raw), holesAreValues: true, sourceIndex: quasiIndex(quasis) };
      }
      case AST_NODE_TYPES.ObjectExpression: {
        const property = sqlProperty(node);
        return property && this.text(property.value, steps);
      }
      case AST_NODE_TYPES.CallExpression: {
        // `sql.raw(text)` (Drizzle, Kysely) sent where a query is: the text itself, verbatim.
        const callee = node.callee;
        const arg = node.arguments[0];
        if (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          !callee.computed &&
          callee.property.type === AST_NODE_TYPES.Identifier &&
          callee.property.name === 'raw' &&
          node.arguments.length === 1 &&
          arg !== undefined &&
          arg.type !== AST_NODE_TYPES.SpreadElement &&
          arg.type !== AST_NODE_TYPES.ObjectExpression
        ) {
          return this.text(arg, steps);
        }
        return this.formattedText(node, steps) ?? this.returnedText(node, steps);
      }
      case AST_NODE_TYPES.Identifier: {
        const init = this.constInit(node, steps);
        if (!init) {
          return undefined;
        }
        // The same `const` sent from many places is extracted once.
        const cached = textCache.get(init);
        if (cached !== undefined) {
          return cached ?? undefined;
        }
        const text = this.text(init, steps - 1);
        if (steps === MAX_CONST_STEPS) {
          textCache.set(init, text ?? null);
        }
        return text;
      }
    }
    const raw = new RawText();
    if (!this.appendRaw(node, raw, steps)) {
      return undefined;
    }
    const text: SqlText = { parts: raw.parts, holesAreValues: false };
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && node.raw.slice(1, -1) === node.value) {
      const start = node.range[0] + 1;
      text.sourceIndex = (_part, offset) => start + offset;
    } else if (node.type === AST_NODE_TYPES.TemplateLiteral && raw.parts.length === node.quasis.length) {
      // Every expression became a hole (none was spliced in as text): parts are the quasis.
      text.sourceIndex = quasiIndex(node.quasis);
    }
    return text;
  }

  /**
   * Appends the raw SQL text of a string-valued expression: a string literal, a
   * template literal, String.raw`…`, a `+` concatenation, or a `const` bound to
   * one of these. Returns false, having appended nothing, for anything else.
   */
  private appendRaw(node: TSESTree.Node, raw: RawText, steps: number): boolean {
    node = unwrap(node);
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        if (typeof node.value !== 'string') return false;
        raw.append(node.value);
        return true;
      case AST_NODE_TYPES.TemplateLiteral:
        this.appendTemplate(node, raw, steps, (q) => q.value.cooked ?? q.value.raw);
        return true;
      case AST_NODE_TYPES.TaggedTemplateExpression:
        if (!this.isStringRaw(node.tag)) return false;
        this.appendTemplate(node.quasi, raw, steps, (q) => q.value.raw);
        return true;
      case AST_NODE_TYPES.BinaryExpression: {
        if (node.operator !== '+') return false;
        // A `+` is a concatenation when either side is text; an operand that is
        // not text we can see becomes a hole.
        const leftIsText = this.appendRaw(node.left, raw, steps);
        if (!leftIsText) raw.hole();
        if (this.appendRaw(node.right, raw, steps)) return true;
        if (!leftIsText) {
          raw.parts.pop(); // undo the tentative hole: neither side is text
          return false;
        }
        raw.hole();
        return true;
      }
      case AST_NODE_TYPES.Identifier: {
        const init = this.constInit(node, steps);
        return init !== undefined && this.appendRaw(init, raw, steps - 1);
      }
      default:
        return false;
    }
  }

  /** Template quasis with each expression spliced in when it is text, else a hole. */
  private appendTemplate(
    template: TSESTree.TemplateLiteral,
    raw: RawText,
    steps: number,
    quasiText: (q: TSESTree.TemplateElement) => string,
  ): void {
    template.quasis.forEach((quasi, i) => {
      raw.append(quasiText(quasi));
      const expression = template.expressions[i];
      if (expression && !this.appendRaw(expression, raw, steps)) raw.hole();
    });
  }

  /**
   * pg-format's `format('SET search_path TO %I', schema)`: the format string, each `%I`, `%L` and
   * `%s` a hole (`%%` is a `%`). Not a position in the source: the string is rewritten.
   */
  private formattedText(call: TSESTree.CallExpression, steps: number): SqlText | undefined {
    const first = call.arguments[0];
    if (!first || first.type === AST_NODE_TYPES.SpreadElement || !this.isPgFormat(call.callee)) {
      return undefined;
    }
    const raw = new RawText();
    if (!this.appendRaw(first, raw, steps)) {
      return undefined;
    }
    // Each part's pieces are separated by holes, as the parts are.
    const parts = raw.parts.flatMap((part) => part.split(/%[ILs]/).map((piece) => piece.replaceAll('%%', '%')));
    return { parts, holesAreValues: false };
  }

  /** The default export of pg-format, imported or required (`format`, `pgFormat`), whatever its name. */
  private isPgFormat(callee: TSESTree.Node): boolean {
    if (callee.type !== AST_NODE_TYPES.Identifier) {
      return false;
    }
    const imported = importSource(callee, this.scopeOf);
    if (imported) {
      return imported.module === 'pg-format' && imported.name === 'default';
    }
    // `const format = require('pg-format')`, or `var` in older CommonJS.
    const def = findVariable(this.scopeOf(callee), callee)?.defs[0];
    const init = def?.type === 'Variable' ? def.node.init : undefined;
    return init?.type === AST_NODE_TYPES.CallExpression && requireSpecifier(init, this.scopeOf) === 'pg-format';
  }

  /**
   * The text a function of the file returns on its one `return` (`const setSearchPath = (schema) =>
   * \`SET search_path = '${schema}'\``; `qr.query(setSearchPath(name))`): its parameters are holes.
   * Written elsewhere than the call, so no source positions.
   */
  private returnedText(call: TSESTree.CallExpression, steps: number): SqlText | undefined {
    if (call.callee.type !== AST_NODE_TYPES.Identifier || steps <= 0 || this.resolutions >= MAX_RESOLUTIONS) {
      return undefined;
    }
    this.resolutions++;
    const fn = sameFileFunction(call.callee, this.scopeOf);
    const returned = fn ? returnedExpressions(fn) : [];
    const text = returned.length === 1 ? this.text(returned[0]!, steps - 1) : undefined;
    return text && { parts: text.parts, holesAreValues: text.holesAreValues };
  }

  /** The initializer of the single `const name = init` declaration an identifier refers to. */
  private constInit(node: TSESTree.Identifier, steps: number): TSESTree.Expression | undefined {
    if (steps <= 0 || this.resolutions >= MAX_RESOLUTIONS) return undefined;
    this.resolutions++;
    return constInitializer(node, this.scopeOf);
  }

  /** `String.raw`, unless `String` is a user binding. */
  private isStringRaw(tag: TSESTree.Expression): boolean {
    if (
      tag.type !== AST_NODE_TYPES.MemberExpression ||
      tag.computed ||
      tag.object.type !== AST_NODE_TYPES.Identifier ||
      tag.object.name !== 'String' ||
      tag.property.name !== 'raw'
    ) {
      return false;
    }
    const variable = findVariable(this.scopeOf(tag.object), tag.object);
    return !variable || variable.defs.length === 0;
  }
}

/** Source positions in template quasis, when none has an escape sequence. */
function quasiIndex(quasis: readonly TSESTree.TemplateElement[]): SqlText['sourceIndex'] {
  if (quasis.some((q) => q.value.cooked !== q.value.raw)) {
    return undefined;
  }
  // A quasi's range starts at the backtick or the `}` closing the previous expression.
  return (part, offset) => quasis[part]!.range[0] + 1 + offset;
}

/** Strips TypeScript-only wrappers (`as`, `!`, `satisfies`, `<T>x`); parentheses leave no node. */
function unwrap(node: TSESTree.Node): TSESTree.Node {
  while (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    node = node.expression;
  }
  return node;
}

/**
 * The `text` (pg) or else `sql` property of a query config object; the last
 * one wins, as at runtime. Undefined when a spread could override it: a spread
 * after `text`, or any spread with only `sql` (it could bring a `text`).
 */
function sqlProperty(node: TSESTree.ObjectExpression): TSESTree.Property | undefined {
  let text: TSESTree.Property | undefined;
  let sql: TSESTree.Property | undefined;
  let spread = false;
  for (const member of node.properties) {
    if (member.type === AST_NODE_TYPES.SpreadElement) {
      spread = true;
      text = undefined;
      continue;
    }
    const key = propertyName(member);
    if (key === 'text') text = member;
    else if (key === 'sql') sql = member;
  }
  const property = text ?? (spread ? undefined : sql);
  return property?.kind === 'init' && !property.method ? property : undefined;
}

function propertyName(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  const { key } = property;
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : undefined;
}
