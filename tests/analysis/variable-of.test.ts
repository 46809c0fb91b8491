import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../lib/analysis/file';
import { findVariable } from '../../lib/util/node-types';

type Context = Parameters<typeof analyse>[0];

/** A variable as the tracker may answer it: a global the file does not declare reads as null. */
function declared(variable: TSESLint.Scope.Variable | null | undefined): TSESLint.Scope.Variable | null {
  return variable && variable.defs.length > 0 ? variable : null;
}

/**
 * Every identifier of `code` (references, declarations, property names, labels), each asked of
 * `ValueTracker.variableOf` and of the scope manager (`findVariable` from the identifier's scope):
 * the answers that differ, and how many identifiers were compared.
 */
function compare(code: string, filename: string, languageOptions: Record<string, unknown>): { differences: string[]; compared: number } {
  const differences: string[] = [];
  let compared = 0;
  const rule = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: Context) {
      const analysis = analyse(context, false);
      const sourceCode = context.sourceCode;
      return {
        Identifier(node: TSESTree.Identifier) {
          compared += 1;
          const fast = analysis.values.variableOf(node);
          const slow = declared(findVariable(sourceCode.getScope(node), node));
          if (fast !== slow) {
            differences.push(`${node.name} at ${node.loc.start.line}:${node.loc.start.column}: ${fast?.scope.type ?? 'null'} vs ${slow?.scope.type ?? 'null'}`);
          }
        },
      };
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], plugins: { test: { rules: { probe: rule } } as never }, rules: { 'test/probe': 'error' }, languageOptions }],
    filename,
  );
  expect(messages).toEqual([]);
  return { differences, compared };
}

const typescript = { parser: tseslint.parser as never, sourceType: 'module' };

describe('ValueTracker.variableOf', () => {
  it('answers what the scope manager answers, for top-level names, shadowed names, globals and locals', () => {
    const { differences, compared } = compare(
      `
      import { Pool } from 'pg';
      import pg = require('pg');
      const pool = new Pool();
      let db = pool;
      declare global { var sharedPool: Pool | undefined; }
      function handler(pool: Pool, req: { id: string }) {
        const db = pool;
        console.log(JSON.stringify(req), sharedPool, pg.types);
        outer: for (const row of [1]) { if (row) break outer; }
        return db.query('SELECT 1');
      }
      class Repo { constructor(private readonly pool: Pool) {} load() { return this.pool.query('x'); } }
      try { handler(pool, { id: '1' }); } catch (pool) { void pool; }
      export { db, Repo, undeclaredName };
      type Row = { pool: Pool };
      const row: Row = { pool };
      globalThis.setTimeout(() => db.query(String(row)), 1);
      `,
      'file.ts',
      typescript,
    );
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });

  it('answers what the scope manager answers in a CommonJS script', () => {
    const { differences, compared } = compare(
      `
      const { Pool } = require('pg');
      var pool = new Pool();
      function handler(req, pool2) { return (pool2 || pool).query(req.sql); }
      module.exports = { handler, pool };
      `,
      'file.cjs',
      { sourceType: 'commonjs' },
    );
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(15);
  });

  // The labelled corpus: realistic code for every library.
  const corpus = path.join(__dirname, '..', 'corpus');
  const files = (readdirSync(corpus, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => /\.([cm]?[jt]s|tsx)$/.test(file))
    .map((file) => file.split(path.sep).join('/'))
    .sort();

  it.each(files)('answers what the scope manager answers in tests/corpus/%s', (file) => {
    const { differences, compared } = compare(
      readFileSync(path.join(corpus, file), 'utf8'),
      file,
      /\.[cm]?tsx?$/.test(file) ? typescript : { sourceType: /\.cjs$/.test(file) ? 'commonjs' : 'module' },
    );
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  });
});
