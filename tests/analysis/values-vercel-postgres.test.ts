import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: @vercel/postgres', () => {
  it('tracks the pre-built sql pool: tag, checkout, client tag, release', () => {
    const code = `
      import { sql } from '@vercel/postgres';
      export async function GET(id) {
        const { rows } = await sql\`SELECT * FROM users WHERE id = \${id}\`;
        const client = await sql.connect();
        await client.sql\`UPDATE users SET status = 'ok' WHERE id = \${id}\`;
        await client.query('SELECT 1');
        client.release();
        return rows;
      }
    `;
    // the import specifier's imported and local names, then the uses
    expect(valuesOfIdentifier(code, 'sql')).toEqual([
      'vercel-postgres:DefaultPool',
      'vercel-postgres:DefaultPool',
      'vercel-postgres:DefaultPool',
      'vercel-postgres:DefaultPool',
      'vercel-postgres:ClientSqlTag',
    ]);
    expect(valuesOfIdentifier(code, 'client')).toEqual(Array(4).fill('vercel-postgres:PoolClient'));
    expect(modelledCalls(code)).toEqual([
      { text: 'sql`SELECT * FROM users WHERE id = ${id}`', shape: 'vercel-postgres:DefaultPool' },
      { text: 'sql.connect()', shape: 'vercel-postgres:DefaultPool', method: 'connect', effect: 'acquire' },
      { text: "client.sql`UPDATE users SET status = 'ok' WHERE id = ${id}`", shape: 'vercel-postgres:ClientSqlTag' },
      { text: "client.query('SELECT 1')", shape: 'vercel-postgres:PoolClient', method: 'query' },
      { text: 'client.release()', shape: 'vercel-postgres:PoolClient', method: 'release', effect: 'release' },
    ]);
  });

  it('tracks db (alias of sql), createPool and its sql tag, query and end', () => {
    const code = `
      import { createPool, db } from '@vercel/postgres';
      const pool = createPool({ connectionString: process.env.POSTGRES_URL });
      export async function f() {
        await pool.sql\`SELECT 1\`;
        await pool.query('SELECT 2');
        await db.query('SELECT 3');
        await pool.end();
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(Array(4).fill('vercel-postgres:Pool'));
    expect(valuesOfIdentifier(code, 'db')).toEqual(Array(3).fill('vercel-postgres:DefaultPool'));
    expect(modelledCalls(code)).toEqual([
      { text: 'createPool({ connectionString: process.env.POSTGRES_URL })', shape: 'vercel-postgres:createPoolFunction', createsEngine: true },
      { text: 'pool.sql`SELECT 1`', shape: 'vercel-postgres:PoolSqlTag' },
      { text: "pool.query('SELECT 2')", shape: 'vercel-postgres:Pool', method: 'query' },
      { text: "db.query('SELECT 3')", shape: 'vercel-postgres:DefaultPool', method: 'query' },
      { text: 'pool.end()', shape: 'vercel-postgres:Pool', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks createClient (a single client, not an engine) and the classes', () => {
    const code = `
      import { createClient, VercelPool, VercelClient, Pool } from '@vercel/postgres';
      export async function f() {
        const client = createClient();
        await client.connect();
        await client.sql\`SELECT 1\`;
        await client.end();
        const vp = new VercelPool({});
        const vc = new VercelClient({});
        const np = new Pool({});
        vp; vc; np;
      }
    `;
    expect(valuesOfIdentifier(code, 'client')).toEqual(Array(4).fill('vercel-postgres:Client'));
    expect(valuesOfIdentifier(code, 'vp')).toEqual(['vercel-postgres:Pool', 'vercel-postgres:Pool']);
    expect(valuesOfIdentifier(code, 'vc')).toEqual(['vercel-postgres:Client', 'vercel-postgres:Client']);
    expect(valuesOfIdentifier(code, 'np')).toEqual(['neon:Pool', 'neon:Pool']);
    expect(modelledCalls(code)).toEqual([
      { text: 'createClient()', shape: 'vercel-postgres:createClientFunction' },
      { text: 'client.connect()', shape: 'vercel-postgres:Client', method: 'connect' },
      { text: 'client.sql`SELECT 1`', shape: 'vercel-postgres:ClientSqlTag' },
      { text: 'client.end()', shape: 'vercel-postgres:Client', method: 'end', effect: 'release' },
      { text: 'new VercelPool({})', shape: 'vercel-postgres:PoolClass', createsEngine: true },
      { text: 'new VercelClient({})', shape: 'vercel-postgres:ClientClass' },
      { text: 'new Pool({})', shape: 'neon:PoolClass', createsEngine: true },
    ]);
  });

  it('is a serverless driver (its constructions, and the Neon classes it re-exports)', () => {
    const code = `
      import { createPool, createClient, Pool } from '@vercel/postgres';
      createPool();
      createClient();
      new Pool();
    `;
    const serverless = probe(code, (analysis, ast) =>
      [...nodesOf(ast, AST_NODE_TYPES.CallExpression), ...nodesOf(ast, AST_NODE_TYPES.NewExpression)].map((node) => analysis.values.callOf(node)?.shape.serverless),
    );
    expect(serverless).toEqual([true, true, true]);
  });

  it('knows the connect callback form', () => {
    const code = `
      import { sql } from '@vercel/postgres';
      sql.connect((err, c, done) => { c; done(); });
    `;
    expect(valuesOfIdentifier(code, 'c')).toEqual(['vercel-postgres:PoolClient', 'vercel-postgres:PoolClient']);
    expect(modelledCalls(code)).toEqual([
      { text: 'sql.connect((err, c, done) => { c; done(); })', shape: 'vercel-postgres:DefaultPool', method: 'connect', callback: true, effect: 'acquire' },
    ]);
  });

  it('tracks the namespace import, CommonJS require (plain, destructured, member) and import = require', () => {
    expect(valuesOfIdentifier(`import * as vercel from '@vercel/postgres'; const p = vercel.createPool(); p;`, 'p')).toEqual([
      'vercel-postgres:Pool',
      'vercel-postgres:Pool',
    ]);
    expect(valuesOfIdentifier(`const { sql: query } = require('@vercel/postgres'); query;`, 'query', cjs)).toEqual([
      'vercel-postgres:DefaultPool',
      'vercel-postgres:DefaultPool',
    ]);
    expect(valuesOfIdentifier(`const vercel = require('@vercel/postgres'); const p = vercel.createPool(); p;`, 'p', cjs)).toEqual([
      'vercel-postgres:Pool',
      'vercel-postgres:Pool',
    ]);
    expect(valuesOfIdentifier(`const c = require('@vercel/postgres').createClient(); c;`, 'c', cjs)).toEqual([
      'vercel-postgres:Client',
      'vercel-postgres:Client',
    ]);
    expect(
      valuesOfIdentifier(`import vercel = require('@vercel/postgres'); const s = vercel.sql; s;`, 's', { sourceType: 'commonjs' }),
    ).toEqual(['vercel-postgres:DefaultPool', 'vercel-postgres:DefaultPool']);
  });

  it('knows parameters by their type annotation', () => {
    const code = `
      import type { VercelPool, VercelPoolClient, VercelClient, Pool } from '@vercel/postgres';
      export function f(pool: VercelPool, client: VercelPoolClient, single: VercelClient, neonPool: Pool) {
        pool; client; single; neonPool;
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['vercel-postgres:Pool', 'vercel-postgres:Pool']);
    expect(valuesOfIdentifier(code, 'client')).toEqual(['vercel-postgres:PoolClient', 'vercel-postgres:PoolClient']);
    expect(valuesOfIdentifier(code, 'single')).toEqual(['vercel-postgres:Client', 'vercel-postgres:Client']);
    expect(valuesOfIdentifier(code, 'neonPool')).toEqual(['neon:Pool', 'neon:Pool']);
  });

  it('ignores local look-alikes and other modules', () => {
    expect(valuesOfIdentifier(`const sql = (s) => s; sql\`SELECT 1\`;`, 'sql')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`function createPool() { return {}; } const p = createPool(); p;`, 'p')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { createPool } from '@vercel/postgres'; function f(createPool) { const p = createPool(); p; }`, 'p'),
    ).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { sql } from './vercel-postgres'; sql;`, 'sql')).toEqual([undefined, undefined, undefined]);
  });
});
