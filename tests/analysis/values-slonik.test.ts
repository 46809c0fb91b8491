import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

/** `text → nesting` for every modelled call that declares how it nests. */
function nestingOf(code: string): Record<string, string> {
  return probe(code, (analysis, ast) => {
    const out: Record<string, string> = {};
    for (const call of nodesOf(ast, AST_NODE_TYPES.CallExpression)) {
      const nesting = analysis.values.callOf(call)?.spec.nesting;
      if (nesting) {
        out[code.slice(call.range[0], call.range[1]).split('\n')[0]] = nesting;
      }
    }
    return out;
  });
}

describe('value tracking: slonik', () => {
  it('tracks the async createPool, pool queries and end', () => {
    const code = `
      import { createPool, sql } from 'slonik';
      import { createPgDriverFactory } from '@slonik/pg-driver';
      const pool = await createPool('postgres://', { driverFactory: createPgDriverFactory() });
      export async function f() {
        await pool.query(sql.typeAlias('id')\`SELECT 1 AS id\`);
        await pool.oneFirst(sql.unsafe\`SELECT 1\`);
        await pool.end();
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['slonik:Pool', 'slonik:Pool', 'slonik:Pool', 'slonik:Pool']);
    // the import specifier's imported and local names, then the uses
    expect(valuesOfIdentifier(code, 'sql')).toEqual(Array(4).fill('slonik:Sql'));
    expect(modelledCalls(code)).toEqual([
      { text: "createPool('postgres://', { driverFactory: createPgDriverFactory() })", shape: 'slonik:createPoolFunction', createsEngine: true },
      { text: "pool.query(sql.typeAlias('id')`SELECT 1 AS id`)", shape: 'slonik:Pool', method: 'query' },
      { text: 'pool.oneFirst(sql.unsafe`SELECT 1`)', shape: 'slonik:Pool', method: 'oneFirst' },
      { text: 'pool.end()', shape: 'slonik:Pool', method: 'end', effect: 'close' },
    ]);
    // without await the binding is the promise of the pool
    expect(valuesOfIdentifier(`import { createPool } from 'slonik'; const p = createPool('postgres://'); p;`, 'p')).toEqual([
      'slonik:Pool (promise)',
      'slonik:Pool (promise)',
    ]);
  });

  it('gives the connect routine a connection and transaction handlers a transaction connection', () => {
    const code = `
      import { createPool, sql } from 'slonik';
      const pool = await createPool('postgres://');
      await pool.connect(async (connection) => {
        await connection.query(sql.unsafe\`SELECT 1\`);
        await connection.transaction(async (ct) => { ct; });
      });
      await pool.transaction(async (t) => {
        await t.query(sql.unsafe\`INSERT INTO a DEFAULT VALUES\`);
        await t.transaction(async (t2) => { t2; });
      }, 3);
    `;
    expect(valuesOfIdentifier(code, 'connection')).toEqual(Array(3).fill('slonik:PoolConnection'));
    expect(valuesOfIdentifier(code, 'ct')).toEqual(['slonik:Transaction', 'slonik:Transaction']);
    expect(valuesOfIdentifier(code, 't')).toEqual(Array(3).fill('slonik:Transaction'));
    expect(valuesOfIdentifier(code, 't2')).toEqual(['slonik:Transaction', 'slonik:Transaction']);
    expect(modelledCalls(code).filter((call) => call.callback)).toEqual([
      { text: 'pool.connect(async (connection) => {', shape: 'slonik:Pool', method: 'connect', callback: true },
      { text: 'connection.transaction(async (ct) => { ct; })', shape: 'slonik:PoolConnection', method: 'transaction', callback: true },
      { text: 'pool.transaction(async (t) => {', shape: 'slonik:Pool', method: 'transaction', callback: true },
      { text: 't.transaction(async (t2) => { t2; })', shape: 'slonik:Transaction', method: 'transaction', callback: true },
    ]);
    expect(nestingOf(code)).toEqual({
      'connection.transaction(async (ct) => { ct; })': 'throws',
      'pool.transaction(async (t) => {': 'separate',
      't.transaction(async (t2) => { t2; })': 'savepoint',
    });
  });

  it('tracks the namespace import, dynamic import and require of the ESM package', () => {
    expect(valuesOfIdentifier(`import * as slonik from 'slonik'; const p = await slonik.createPool(uri); p;`, 'p')).toEqual([
      'slonik:Pool',
      'slonik:Pool',
    ]);
    expect(valuesOfIdentifier(`const { createPool } = await import('slonik'); const p = await createPool(uri); p;`, 'p')).toEqual([
      'slonik:Pool',
      'slonik:Pool',
    ]);
    // Node's require(esm) (Node 20.19+ / 22.12+), e.g. from a CommonJS file
    expect(
      valuesOfIdentifier(`const { createPool } = require('slonik'); async function f() { const p = await createPool(uri); p; }`, 'p', {
        javascript: true,
        sourceType: 'commonjs',
      }),
    ).toEqual(['slonik:Pool', 'slonik:Pool']);
  });

  it('knows parameters by their type annotation', () => {
    const code = `
      import { sql, type DatabasePool, type DatabasePoolConnection, type DatabaseTransactionConnection, type DatabaseConnection } from 'slonik';
      export function f(pool: DatabasePool, connection: DatabasePoolConnection, trx: DatabaseTransactionConnection, either: DatabaseConnection) {
        pool; connection; trx; either;
        return either.oneFirst(sql.unsafe\`SELECT 1\`);
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['slonik:Pool', 'slonik:Pool']);
    expect(valuesOfIdentifier(code, 'connection')).toEqual(['slonik:PoolConnection', 'slonik:PoolConnection']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['slonik:Transaction', 'slonik:Transaction']);
    expect(valuesOfIdentifier(code, 'either')).toEqual(Array(3).fill('slonik:AnyConnection'));
    expect(modelledCalls(code)).toEqual([{ text: 'either.oneFirst(sql.unsafe`SELECT 1`)', shape: 'slonik:AnyConnection', method: 'oneFirst' }]);
  });

  it('follows a pool injected into a class', () => {
    const code = `
      import type { DatabasePool } from 'slonik';
      export class Repo {
        constructor(private readonly pool: DatabasePool) {}
        run() { return this.pool.transaction(async (t) => t); }
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['slonik:Pool', 'slonik:Pool']);
    expect(valuesOfIdentifier(code, 't')).toEqual(['slonik:Transaction', 'slonik:Transaction']);
  });

  it('ignores local look-alikes and other modules', () => {
    expect(valuesOfIdentifier(`const createPool = async () => ({}); const p = await createPool('x'); p;`, 'p')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { createPool } from 'slonik'; async function f(createPool) { const p = await createPool('x'); p; }`, 'p'),
    ).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { createPool } from './slonik'; const p = await createPool('x'); p;`, 'p')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`const pool = { transaction: (cb) => cb({}) }; pool.transaction((t) => t);`, 't')).toEqual([undefined, undefined]);
  });
});
