import { createRequire } from 'node:module';
import type * as TypescriptParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';

/** Loads a module lazily, so that a missing optional one (`typescript`) is a choice, not a crash. */
const load = createRequire(__filename);

/**
 * The parser the whole-project analysis uses: typescript-eslint's (it reads every JS and TS
 * syntax), or, in a JavaScript project without the `typescript` package it needs, ESLint's own
 * default parser (espree) with eslint-scope, both resolved from the installed ESLint.
 */
export interface ModuleParser {
  readonly name: 'typescript-eslint' | 'espree';
  /** For a Linter config (`languageOptions.parser`); undefined means ESLint's default, espree. */
  readonly forLinter: Linter.Parser | undefined;
  parse(text: string, file: string): Parsed;
}

export interface Parsed {
  ast: unknown;
  scopeManager: unknown;
  visitorKeys: Record<string, readonly string[]>;
  services: Record<string, unknown>;
}

let chosen: ModuleParser | undefined;

export function moduleParser(prefer: 'auto' | 'espree' = 'auto'): ModuleParser {
  if (prefer === 'auto' && chosen) {
    return chosen;
  }
  const parser = prefer === 'espree' ? espreeParser() : (typescriptParser() ?? espreeParser());
  if (prefer === 'auto') {
    chosen = parser;
  }
  return parser;
}

const isCommonJs = (file: string) => /\.cjs$/.test(file);
const isJsx = (file: string) => !/\.[cm]?ts$/.test(file);

function typescriptParser(): ModuleParser | undefined {
  let tsParser: typeof TypescriptParser;
  try {
    tsParser = load('@typescript-eslint/parser') as typeof TypescriptParser;
  } catch {
    return undefined; // no `typescript` installed: a JavaScript project
  }
  return {
    name: 'typescript-eslint',
    forLinter: tsParser as unknown as Linter.Parser,
    parse(text, file) {
      const commonjs = isCommonJs(file);
      const result = tsParser.parseForESLint(text, {
        filePath: file,
        range: true,
        loc: true,
        // The analysis reads nodes, never tokens or comments (those serve fixes): skip them.
        tokens: false,
        comment: false,
        ecmaVersion: 'latest',
        sourceType: commonjs ? 'script' : 'module',
        ecmaFeatures: { jsx: isJsx(file), globalReturn: commonjs },
      });
      // SourceCode wants the arrays; the same Program node is kept (the scopes point at it).
      Object.assign(result.ast, { tokens: [], comments: [] });
      return {
        ast: result.ast,
        scopeManager: result.scopeManager,
        visitorKeys: result.visitorKeys as unknown as Record<string, readonly string[]>,
        services: result.services as unknown as Record<string, unknown>,
      };
    },
  };
}

interface Espree {
  parse(text: string, options: Record<string, unknown>): unknown;
  latestEcmaVersion: number;
}

function espreeParser(): ModuleParser {
  // ESLint's own dependencies, resolved from where ESLint is installed.
  const fromEslint = createRequire(load.resolve('eslint'));
  const espree = fromEslint('espree') as Espree;
  const eslintScope = fromEslint('eslint-scope') as { analyze(ast: unknown, options: Record<string, unknown>): unknown };
  const visitorKeys = (fromEslint('eslint-visitor-keys') as { KEYS: Record<string, readonly string[]> }).KEYS;
  return {
    name: 'espree',
    forLinter: undefined,
    parse(text, file) {
      const commonjs = isCommonJs(file) || (!/^\s*(import|export)\b/m.test(text) && /\brequire\s*\(/.test(text));
      const sourceType = commonjs ? 'commonjs' : 'module';
      const ast = espree.parse(text, {
        ecmaVersion: espree.latestEcmaVersion,
        sourceType,
        range: true,
        loc: true,
        tokens: true,
        comment: true,
        ecmaFeatures: { jsx: isJsx(file), globalReturn: commonjs },
      });
      const scopeManager = eslintScope.analyze(ast, {
        ecmaVersion: espree.latestEcmaVersion,
        sourceType,
        nodejsScope: commonjs,
        childVisitorKeys: visitorKeys,
        fallback: 'iteration',
      });
      return { ast, scopeManager, visitorKeys, services: {} };
    },
  };
}
