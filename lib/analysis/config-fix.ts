import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/node-types';
import { skipWrappers } from '../util/ast';
import { lookup, namesConstOptions, type ConfigSite } from './config';

type Fixer = TSESLint.RuleFixer;
type Fix = TSESLint.RuleFix;
type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Fixes that add an option to a driver configuration in the library's own shape: into the options
 * object at the call (creating nested objects as needed), or as a new options argument.
 * Undefined when the configuration cannot take it safely (options from elsewhere, a spread).
 */
export function addOption(sourceCode: SourceCode, site: ConfigSite, path: string, valueText: string, urlObjectKey?: string): ((fixer: Fixer) => Fix | Fix[]) | undefined {
  const keys = path.split('.');
  if (site.options) {
    if (!site.optionsAtCall) {
      return undefined;
    }
    let object = site.options;
    for (let i = 0; i < keys.length - 1; i++) {
      const found = lookup(object, keys[i]!);
      // Reached through a spread of a constant (`...base`): that object is not this call's to edit.
      if (found.uncertain || (found.property && found.property.parent !== object)) return undefined;
      if (!found.property) {
        const text = `${keys[i]}: ${nested(keys.slice(i + 1), valueText)}`;
        const target = object;
        return (fixer) => addProperty(sourceCode, fixer, target, text);
      }
      const value = skipWrappers(found.property.value);
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        object = value;
        continue;
      }
      // `connection: process.env.DATABASE_URL` → `connection: { connectionString: process.env.DATABASE_URL, … }`;
      // not a choice (`process.env.DB_URL || { host, … }`), whose object side is no URL.
      const held = skipWrappers(found.property.value);
      // Not options held by a `const` (`connection: conn`): that object is not this call's to edit.
      if (
        urlObjectKey &&
        i === keys.length - 2 &&
        held.type !== AST_NODE_TYPES.LogicalExpression &&
        held.type !== AST_NODE_TYPES.ConditionalExpression &&
        !namesConstOptions(held)
      ) {
        const replacement = `{ ${urlObjectKey}: ${sourceCode.getText(found.property.value)}, ${keys[i + 1]}: ${valueText} }`;
        const target = found.property.value;
        return (fixer) => fixer.replaceText(target, replacement);
      }
      return undefined;
    }
    const target = object;
    if (lookup(target, keys.at(-1)!).property) return undefined;
    return (fixer) => addProperty(sourceCode, fixer, target, `${keys.at(-1)}: ${valueText}`);
  }
  if (site.optionsIndex === undefined || (site.node.type !== AST_NODE_TYPES.CallExpression && site.node.type !== AST_NODE_TYPES.NewExpression)) {
    return undefined;
  }
  const args = site.node.arguments;
  if (site.optionsIndex !== args.length || args.length === 0) {
    return undefined;
  }
  const last = args.at(-1)!;
  return (fixer) => fixer.insertTextAfter(last, `, ${nested(keys, valueText)}`);
}

/** `{ a: { b: value } }` for the keys ['a', 'b']. */
function nested(keys: readonly string[], valueText: string): string {
  return keys.reduceRight((inner, key) => `{ ${key}: ${inner} }`, valueText);
}

/** Adds a property to an object literal, following its layout (one line or one property per line). */
export function addProperty(sourceCode: SourceCode, fixer: Fixer, object: TSESTree.ObjectExpression, text: string): Fix | Fix[] {
  const last = object.properties.at(-1);
  if (!last) {
    return fixer.replaceText(object, `{ ${text} }`);
  }
  const after = sourceCode.getTokenAfter(last);
  const comma = after?.value === ',' ? after : undefined;
  if (object.loc.start.line !== object.loc.end.line && last.loc.start.line !== object.loc.start.line) {
    const line = sourceCode.lines[last.loc.start.line - 1] ?? '';
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    // After everything on the last property's line, trailing comment included.
    let end: TSESTree.Node | TSESTree.Token | TSESTree.Comment = comma ?? last;
    for (let next = sourceCode.getTokenAfter(end, { includeComments: true }); next && next.loc.start.line === end.loc.end.line && next !== sourceCode.getLastToken(object); next = sourceCode.getTokenAfter(next, { includeComments: true })) {
      end = next;
    }
    const insert = `\n${indent}${text}${comma ? ',' : ''}`;
    if (comma || end === last) {
      return fixer.insertTextAfterRange(end.range, comma ? insert : `,${insert}`);
    }
    return [fixer.insertTextAfter(last, ','), fixer.insertTextAfterRange(end.range, insert)];
  }
  return comma ? fixer.insertTextAfter(comma, ` ${text},`) : fixer.insertTextAfter(last, `, ${text}`);
}

/** Appends `name=value` to the query of a URL string literal written in the source. */
export function appendUrlParameter(node: TSESTree.Node, name: string, value: string): ((fixer: Fixer) => Fix) | undefined {
  const inner = skipWrappers(node);
  let text: string | undefined;
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string' && inner.raw.slice(1, -1) === inner.value) {
    text = inner.value;
  } else if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0 && inner.quasis[0]!.value.raw === inner.quasis[0]!.value.cooked) {
    text = inner.quasis[0]!.value.cooked ?? undefined;
  }
  if (text === undefined || text.includes('#') || !/^postgres(?:ql)?:\/\//i.test(text)) {
    return undefined;
  }
  const separator = text.includes('?') ? (text.endsWith('?') || text.endsWith('&') ? '' : '&') : '?';
  const end = inner.range[1] - 1;
  return (fixer) => fixer.insertTextBeforeRange([end, end], `${separator}${name}=${encodeURIComponent(value)}`);
}

/** A string literal in the quote style of the file's first string literal. */
export function quoted(sourceCode: SourceCode, value: string): string {
  const double = /^[^'"`]*"/.test(sourceCode.text.slice(0, 2000).replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''));
  return double ? JSON.stringify(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
