import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { analyse, type FileAnalysis } from '../../lib/analysis/file';
import { describeHandler } from '../../lib/analysis/handlers';

export interface ProbeOptions {
  filename?: string;
  settings?: Record<string, unknown>;
  /** Parse as plain JavaScript with ESLint's default parser (espree) instead of typescript-eslint's. */
  javascript?: boolean;
  sourceType?: 'module' | 'commonjs';
  /** The directory ESLint runs in, when the file is outside this one (a package written to a temporary directory). */
  cwd?: string;
}

/**
 * Lints `code` with a probe rule that hands the shared per-file analysis to `inspect` at the end of
 * the Program, so analysis tests run exactly as the rules do (same scope manager, same cache).
 */
export function probe<T>(code: string, inspect: (analysis: FileAnalysis, ast: TSESTree.Program) => T, options: ProbeOptions = {}): T {
  let result: T | undefined;
  let failure: unknown;
  const linter = new Linter({ configType: 'flat', ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
  const plugin = {
    rules: {
      probe: {
        meta: { type: 'problem' as const, schema: [] },
        create(context: Parameters<typeof analyse>[0]) {
          return {
            'Program:exit'(node: TSESTree.Program) {
              try {
                result = inspect(analyse(context, false), node);
              } catch (error) {
                failure = error;
              }
            },
          };
        },
      },
    },
  };
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        plugins: { test: plugin as never },
        rules: { 'test/probe': 'error' },
        settings: options.settings ?? {},
        languageOptions: options.javascript
          ? { sourceType: options.sourceType ?? 'module', ecmaVersion: 'latest' }
          : { parser: tseslint.parser as never, sourceType: options.sourceType ?? 'module' },
      },
    ],
    options.filename ?? (options.javascript ? 'file.js' : 'file.ts'),
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) {
    throw new Error(`parse error: ${fatal.message}`);
  }
  if (failure) {
    throw failure;
  }
  return result as T;
}

/** Every node of a type in source order. */
export function nodesOf<K extends AST_NODE_TYPES>(ast: TSESTree.Node, type: K | `${K}`): Extract<TSESTree.Node, { type: K }>[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === (type as string)) {
      found.push(node);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') {
        continue;
      }
      if (Array.isArray(value)) {
        for (const item of value) {
          if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') {
            visit(item as TSESTree.Node);
          }
        }
      } else if (value && typeof value === 'object' && typeof (value as TSESTree.Node).type === 'string') {
        visit(value as TSESTree.Node);
      }
    }
  };
  visit(ast);
  return found as Extract<TSESTree.Node, { type: K }>[];
}

/**
 * The value key of each identifier named `name`, in source order (`undefined` where unknown). For
 * the property of a member expression (`this.pool`), the value of the whole member expression.
 */
export function valuesOfIdentifier(code: string, name: string, options?: ProbeOptions): Array<string | undefined> {
  return probe(
    code,
    (analysis, ast) =>
      nodesOf(ast, AST_NODE_TYPES.Identifier)
        .filter((id) => id.name === name)
        .map((id) => {
          const parent = id.parent;
          const target = parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === id ? parent : id;
          const value = analysis.values.valueOf(target);
          return value && `${value.key}${value.promise ? ' (promise)' : ''}`;
        }),
    options,
  );
}

/** For every call, `new` and tagged template: its source text and the modelled facts about it. */
export function modelledCalls(code: string, options?: ProbeOptions): Array<{ text: string; shape: string; method?: string; createsEngine?: boolean; callback?: boolean; effect?: string }> {
  return probe(
    code,
    (analysis, ast) => {
      const calls = [
        ...nodesOf(ast, AST_NODE_TYPES.CallExpression),
        ...nodesOf(ast, AST_NODE_TYPES.NewExpression),
        ...nodesOf(ast, AST_NODE_TYPES.TaggedTemplateExpression),
      ].sort((a, b) => a.range[0] - b.range[0]);
      const out = [];
      for (const call of calls) {
        const info = analysis.values.callOf(call);
        if (!info) {
          continue;
        }
        const text = code.slice(call.range[0], call.range[1]).split('\n')[0];
        out.push({
          text,
          shape: info.shape.key,
          ...(info.method === undefined ? {} : { method: info.method }),
          ...(info.spec.createsEngine ? { createsEngine: true } : {}),
          ...(info.callback ? { callback: true } : {}),
          ...(info.spec.effect ? { effect: info.spec.effect } : {}),
        });
      }
      return out;
    },
    options,
  );
}

/** `describeHandler` of every function recognised as a per-request callback, in source order. */
export function handlersIn(code: string, options?: ProbeOptions): string[] {
  return probe(
    code,
    (analysis, ast) => {
      const functions = [
        ...nodesOf(ast, AST_NODE_TYPES.ArrowFunctionExpression),
        ...nodesOf(ast, AST_NODE_TYPES.FunctionExpression),
        ...nodesOf(ast, AST_NODE_TYPES.FunctionDeclaration),
      ].sort((a, b) => a.range[0] - b.range[0]);
      return functions.flatMap((fn) => {
        const handler = analysis.handlers.handlerOf(fn);
        return handler ? [describeHandler(handler)] : [];
      });
    },
    options,
  );
}
