import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { analyse, type FileAnalysis } from '../../lib/analysis/file';
import { functionName, type FunctionNode } from '../../lib/util/ast';

type Context = Parameters<typeof analyse>[0];
type Log = string[];

/**
 * Two probe rules that both ask for the shared pass, as the plugin's rules do: `first` is created
 * first. Each records what its handlers see; `inspect` runs at each function's end in `second`.
 */
function run(
  code: string,
  inspect?: (analysis: FileAnalysis, fn: FunctionNode, log: Log) => void,
  { calls = false }: { calls?: boolean } = {},
): { log: Log; listeners: Record<string, number> } {
  const log: Log = [];
  const listeners: Record<string, number> = {};
  const probe = (name: string) => ({
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      const analysis = analyse(context, false);
      const returned = analysis.sharedTraversal({
        ...(calls ? { onCall: (node: TSESTree.Node) => log.push(`${name} any ${context.sourceCode.getText(node).split(/[(`]/)[0]}`) } : {}),
        onModelledCall: (info) => log.push(`${name} call ${context.sourceCode.getText(info.node).split('(')[0]}`),
        onFunctionExit: (fn) => {
          log.push(`${name} exit ${functionName(fn) ?? '?'}`);
          if (name === 'second') inspect?.(analysis, fn, log);
        },
      });
      listeners[name] = Object.keys(returned).length;
      return returned;
    },
  });
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        plugins: { test: { rules: { first: probe('first'), second: probe('second') } } as never },
        rules: { 'test/first': 'error', 'test/second': 'error' },
        languageOptions: { parser: tseslint.parser as never },
      },
    ],
    'file.ts',
  );
  expect(messages).toEqual([]);
  return { log, listeners };
}

describe('the shared pass over calls and functions', () => {
  it('gives ESLint listeners to the first rule only, and calls every rule’s handlers in rule order', () => {
    const { log, listeners } = run(`
      import { Pool } from 'pg';
      const pool = new Pool();
      function load() {
        console.log('not modelled');
        return pool.query('SELECT 1');
      }
    `);
    expect(listeners.first).toBeGreaterThan(0);
    expect(listeners.second).toBe(0);
    expect(log).toEqual([
      'first call new Pool',
      'second call new Pool',
      'first call pool.query',
      'second call pool.query',
      'first exit load',
      'second exit load',
    ]);
  });

  it('hands every call, modelled or not, to onCall before onModelledCall, rule by rule', () => {
    const { log, listeners } = run(
      `
      import { Pool } from 'pg';
      import sql from 'sql-template-strings';
      const pool = new Pool();
      function load() {
        console.log('not modelled');
        return pool.query(sql\`SELECT 1\`);
      }
    `,
      undefined,
      { calls: true },
    );
    expect(listeners).toEqual({ first: 6, second: 0 });
    expect(log).toEqual([
      'first any new Pool',
      'first call new Pool',
      'second any new Pool',
      'second call new Pool',
      'first any console.log',
      'second any console.log',
      'first any pool.query',
      'first call pool.query',
      'second any pool.query',
      'second call pool.query',
      'first any sql',
      'second any sql',
      'first exit load',
      'second exit load',
    ]);
  });

  it('answers callsModelled from the pass for finished functions, and by a walk of its own for the others', () => {
    const answers: string[] = [];
    run(
      `
      import { Pool } from 'pg';
      const pool = new Pool();
      function early() {
        return later();
      }
      function later() {
        return pool.query('SELECT 1');
      }
      function quiet(x = pool.query('SELECT 2')) {
        return x;
      }
    `,
      (analysis, fn) => {
        // At early's end, later is not finished: its answer comes from a walk, and must agree.
        const program = fn.parent.type === 'Program' ? fn.parent : undefined;
        for (const statement of program?.body ?? []) {
          if (statement.type === 'FunctionDeclaration') {
            answers.push(`${functionName(fn)}: ${statement.id?.name}=${analysis.callsModelled(statement)}`);
          }
        }
      },
    );
    expect(answers).toEqual([
      'early: early=false',
      'early: later=true',
      // A call in a parameter's default value belongs to no function's body.
      'early: quiet=false',
      'later: early=false',
      'later: later=true',
      'later: quiet=false',
      'quiet: early=false',
      'quiet: later=true',
      'quiet: quiet=false',
    ]);
  });

  it('lists a function’s own calls, not those of nested functions nor of its parameters', () => {
    const seen: string[] = [];
    run(
      `
      import { Pool } from 'pg';
      const pool = new Pool();
      async function outer(client = pool.connect()) {
        await pool.query('a');
        const inner = () => pool.query('b');
        return inner();
      }
    `,
      (analysis, fn) => {
        if (functionName(fn) === 'outer') {
          seen.push(...analysis.callsIn(fn).map((node: TSESTree.Node) => analysis.sourceText.slice(...node.range)));
        }
      },
    );
    expect(seen).toEqual(["pool.query('a')", 'inner()']);
  });
});

describe('the preset against each rule alone', () => {
  // The shared pass hands calls and function ends to every rule from one rule's listeners: with all
  // rules on, each must report exactly what it reports alone.
  const corpus = path.join(__dirname, '..', 'corpus');
  const files = (readdirSync(corpus, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => /\.([cm]?[jt]s|tsx)$/.test(file))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  // As scripts/eval-lib.mjs lints the corpus: its directory is the cwd, filenames are relative.
  const linter = new Linter({ configType: 'flat', cwd: corpus });
  const lint = (rules: Record<string, 'error'>, file: string) =>
    linter
      .verify(
        readFileSync(path.join(corpus, file), 'utf8'),
        [
          {
            files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
            plugins: { pgbouncer: plugin as never },
            rules,
            languageOptions: /\.[cm]?tsx?$/.test(file)
              ? { parser: tseslint.parser as never, sourceType: 'module' }
              : { sourceType: /\.cjs$/.test(file) ? 'commonjs' : 'module' },
          },
        ],
        { filename: file },
      )
      .map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.message}`);

  const ids = Object.keys(plugin.configs.all.rules);
  let reports = 0;

  it.each(files)('%s', (file) => {
    const alone = ids.flatMap((id) => lint({ [id]: 'error' }, file)).sort();
    const together = lint(Object.fromEntries(ids.map((id) => [id, 'error' as const])), file).sort();
    expect(together).toEqual(alone);
    reports += together.length;
  });

  it('compared files that have reports', () => {
    expect(files.length).toBeGreaterThanOrEqual(36);
    expect(reports).toBeGreaterThanOrEqual(50);
  });
});
