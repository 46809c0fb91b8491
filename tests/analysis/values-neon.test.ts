import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

/** For each call / `new`: its text, whether its model is a serverless driver, and how it nests. */
function facts(code: string): Array<{ text: string; serverless: boolean; nesting?: string }> {
  return probe(code, (analysis, ast) =>
    [...nodesOf(ast, AST_NODE_TYPES.CallExpression), ...nodesOf(ast, AST_NODE_TYPES.NewExpression)]
      .sort((a, b) => a.range[0] - b.range[0])
      .flatMap((node) => {
        const info = analysis.values.callOf(node);
        return info
          ? [{ text: code.slice(node.range[0], node.range[1]), serverless: info.shape.serverless, ...(info.spec.nesting ? { nesting: info.spec.nesting } : {}) }]
          : [];
      }),
  );
}

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: @neondatabase/serverless', () => {
  it('tracks the WebSocket Pool like node-postgres: construction, checkout, release, close', () => {
    const code = `
      import { Pool, neonConfig } from '@neondatabase/serverless';
      import ws from 'ws';
      neonConfig.webSocketConstructor = ws;
      const pool = new Pool({ connectionString: process.env.DATABASE_URL });
      export async function f() {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        await pool.end();
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['neon:Pool', 'neon:Pool', 'neon:Pool']);
    expect(valuesOfIdentifier(code, 'client')).toEqual(['neon:PoolClient', 'neon:PoolClient', 'neon:PoolClient', 'neon:PoolClient']);
    // the import specifier's imported and local names, then the use
    expect(valuesOfIdentifier(code, 'neonConfig')).toEqual(['neon:Config', 'neon:Config', 'neon:Config']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new Pool({ connectionString: process.env.DATABASE_URL })', shape: 'neon:PoolClass', createsEngine: true },
      { text: 'pool.connect()', shape: 'neon:Pool', method: 'connect', effect: 'acquire' },
      { text: "client.query('BEGIN')", shape: 'neon:PoolClient', method: 'query' },
      { text: "client.query('COMMIT')", shape: 'neon:PoolClient', method: 'query' },
      { text: 'client.release()', shape: 'neon:PoolClient', method: 'release', effect: 'release' },
      { text: 'pool.end()', shape: 'neon:Pool', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks the single Client (created per request on the edge, closed with end)', () => {
    const code = `
      import { Client } from '@neondatabase/serverless';
      export default async function handler(req, ctx) {
        const client = new Client(process.env.DATABASE_URL);
        await client.connect();
        await client.query('SELECT 1');
        ctx.waitUntil(client.end());
      }
    `;
    expect(valuesOfIdentifier(code, 'client')).toEqual(['neon:Client', 'neon:Client', 'neon:Client', 'neon:Client']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new Client(process.env.DATABASE_URL)', shape: 'neon:ClientClass' },
      { text: 'client.connect()', shape: 'neon:Client', method: 'connect' },
      { text: "client.query('SELECT 1')", shape: 'neon:Client', method: 'query' },
      { text: 'client.end()', shape: 'neon:Client', method: 'end', effect: 'release' },
    ]);
  });

  it('treats neon(url) as a cheap factory whose HTTP query function routes like an engine', () => {
    const code = `
      import { neon } from '@neondatabase/serverless';
      const sql = neon(process.env.DATABASE_URL);
      export async function f(id) {
        const [post] = await sql\`SELECT * FROM posts WHERE id = \${id}\`;
        await sql.query('SELECT $1::int', [id]);
        await sql.transaction([sql\`SELECT 1\`, sql\`SELECT 2\`]);
        return post;
      }
    `;
    expect(valuesOfIdentifier(code, 'sql')).toEqual(Array(6).fill('neon:HttpQuery'));
    expect(modelledCalls(code)).toEqual([
      { text: 'neon(process.env.DATABASE_URL)', shape: 'neon:neonFunction' },
      { text: 'sql`SELECT * FROM posts WHERE id = ${id}`', shape: 'neon:HttpQuery' },
      { text: "sql.query('SELECT $1::int', [id])", shape: 'neon:HttpQuery', method: 'query' },
      { text: 'sql.transaction([sql`SELECT 1`, sql`SELECT 2`])', shape: 'neon:HttpQuery', method: 'transaction' },
      { text: 'sql`SELECT 1`', shape: 'neon:HttpQuery' },
      { text: 'sql`SELECT 2`', shape: 'neon:HttpQuery' },
    ]);
  });

  it('is a serverless driver, and its HTTP batch transaction is always a separate one', () => {
    const code = `
      import { Pool, Client, neon } from '@neondatabase/serverless';
      new Pool();
      new Client();
      const sql = neon(url);
      sql.transaction((txn) => [txn\`SELECT 1\`]);
    `;
    expect(facts(code)).toEqual([
      { text: 'new Pool()', serverless: true },
      { text: 'new Client()', serverless: true },
      { text: 'neon(url)', serverless: true },
      { text: 'sql.transaction((txn) => [txn`SELECT 1`])', serverless: true, nesting: 'separate' },
    ]);
    // the batch form's function is not an interactive transaction callback: its parameter is not tracked
    expect(valuesOfIdentifier(code, 'txn')).toEqual([undefined, undefined]);
  });

  it('knows the pool.connect callback form', () => {
    const code = `
      import { Pool } from '@neondatabase/serverless';
      const pool = new Pool();
      pool.connect((err, c, done) => { c; done(); });
    `;
    expect(valuesOfIdentifier(code, 'c')).toEqual(['neon:PoolClient', 'neon:PoolClient']);
    expect(valuesOfIdentifier(code, 'err')).toEqual([undefined]);
    expect(modelledCalls(code)).toContainEqual({ text: 'pool.connect((err, c, done) => { c; done(); })', shape: 'neon:Pool', method: 'connect', callback: true, effect: 'acquire' });
  });

  it('tracks the namespace import, CommonJS require (plain, destructured, member) and import = require', () => {
    expect(valuesOfIdentifier(`import * as neonDb from '@neondatabase/serverless'; const p = new neonDb.Pool(); p;`, 'p')).toEqual([
      'neon:Pool',
      'neon:Pool',
    ]);
    expect(valuesOfIdentifier(`const { Pool } = require('@neondatabase/serverless'); const p = new Pool(); p;`, 'p', cjs)).toEqual([
      'neon:Pool',
      'neon:Pool',
    ]);
    expect(valuesOfIdentifier(`const serverless = require('@neondatabase/serverless'); const sql = serverless.neon(url); sql;`, 'sql', cjs)).toEqual([
      'neon:HttpQuery',
      'neon:HttpQuery',
    ]);
    expect(valuesOfIdentifier(`const c = new (require('@neondatabase/serverless').Client)(); c;`, 'c', cjs)).toEqual(['neon:Client', 'neon:Client']);
    expect(
      valuesOfIdentifier(`import neonDb = require('@neondatabase/serverless'); const p = new neonDb.Pool(); p;`, 'p', { sourceType: 'commonjs' }),
    ).toEqual(['neon:Pool', 'neon:Pool']);
    expect(valuesOfIdentifier(`const { neon } = await import('@neondatabase/serverless'); const sql = neon(url); sql;`, 'sql')).toEqual([
      'neon:HttpQuery',
      'neon:HttpQuery',
    ]);
  });

  it('knows parameters by their type annotation', () => {
    const code = `
      import type { Pool, PoolClient, Client, NeonQueryFunction } from '@neondatabase/serverless';
      import * as neonDb from '@neondatabase/serverless';
      export function f(pool: Pool, client: PoolClient, single: Client, sql: NeonQueryFunction<false, false>, other: neonDb.PoolClient) {
        pool; client; single; sql; other;
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['neon:Pool', 'neon:Pool']);
    expect(valuesOfIdentifier(code, 'client')).toEqual(['neon:PoolClient', 'neon:PoolClient']);
    expect(valuesOfIdentifier(code, 'single')).toEqual(['neon:Client', 'neon:Client']);
    expect(valuesOfIdentifier(code, 'sql')).toEqual(['neon:HttpQuery', 'neon:HttpQuery']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['neon:PoolClient', 'neon:PoolClient']);
  });

  it('ignores local look-alikes and other modules', () => {
    expect(valuesOfIdentifier(`class Pool {} const p = new Pool(); p;`, 'p')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`function neon(url) { return url; } const sql = neon('x'); sql;`, 'sql')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { neon } from '@neondatabase/serverless'; function f(neon) { const sql = neon('x'); sql; }`, 'sql'),
    ).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { Pool } from './neon'; const p = new Pool(); p;`, 'p')).toEqual([undefined, undefined]);
  });
});
