import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: drizzle', () => {
  it('marks drizzle(url) and drizzle({ connection }) as pool-building, conditionally on wrapping a client', () => {
    const code = `
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { Pool } from 'pg';
      const pool = new Pool();
      const a = drizzle(process.env.DATABASE_URL);
      const b = drizzle({ connection: { connectionString: process.env.DATABASE_URL } });
      const c = drizzle({ client: pool });
      const d = drizzle(pool, { schema: {} });
      a; b; c; d;
    `;
    for (const name of ['a', 'b', 'c', 'd']) {
      expect(valuesOfIdentifier(code, name)).toEqual(['drizzle:NodePgDatabase', 'drizzle:NodePgDatabase']);
    }
    expect(modelledCalls(code)).toEqual([
      { text: 'new Pool()', shape: 'pg:PoolClass', createsEngine: true },
      { text: 'drizzle(process.env.DATABASE_URL)', shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
      { text: 'drizzle({ connection: { connectionString: process.env.DATABASE_URL } })', shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
      { text: 'drizzle({ client: pool })', shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
      { text: 'drizzle(pool, { schema: {} })', shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
    ]);
  });

  it('builds an engine only unless argument 0 wraps an existing client', () => {
    const code = `
      import { drizzle } from 'drizzle-orm/postgres-js';
      import { drizzle as neonHttp } from 'drizzle-orm/neon-http';
      import postgres from 'postgres';
      drizzle('postgres://db'); postgres(); neonHttp('postgres://db');
    `;
    const engines = probe(code, (analysis, ast) =>
      nodesOf(ast, 'CallExpression').map((call) => analysis.values.callOf(call)?.spec.createsEngine),
    );
    expect(engines).toEqual([{ kind: 'unless-wraps-client', arg: 0 }, true, undefined]);
  });

  it('tracks the namespace import, CommonJS require (destructured and member) and import = require', () => {
    expect(valuesOfIdentifier(`import * as d from 'drizzle-orm/node-postgres'; const db = d.drizzle('x'); db;`, 'db')).toEqual([
      'drizzle:NodePgDatabase',
      'drizzle:NodePgDatabase',
    ]);
    expect(valuesOfIdentifier(`const { drizzle } = require('drizzle-orm/node-postgres'); const db = drizzle('x'); db;`, 'db', cjs)).toEqual([
      'drizzle:NodePgDatabase',
      'drizzle:NodePgDatabase',
    ]);
    expect(valuesOfIdentifier(`const db = require('drizzle-orm/postgres-js').drizzle('x'); db;`, 'db', cjs)).toEqual([
      'drizzle:PostgresJsDatabase',
      'drizzle:PostgresJsDatabase',
    ]);
    expect(
      valuesOfIdentifier(`import d = require('drizzle-orm/neon-serverless'); const db = d.drizzle('x'); db;`, 'db', { sourceType: 'commonjs' }),
    ).toEqual(['drizzle:NeonDatabase', 'drizzle:NeonDatabase']);
    expect(valuesOfIdentifier(`const { drizzle } = await import('drizzle-orm/node-postgres'); const db = drizzle('x'); db;`, 'db')).toEqual([
      'drizzle:NodePgDatabase',
      'drizzle:NodePgDatabase',
    ]);
  });

  it('models every Postgres driver module', () => {
    const calls = modelledCalls(`
      import { drizzle as nodePg } from 'drizzle-orm/node-postgres';
      import { drizzle as pgJs } from 'drizzle-orm/postgres-js';
      import { drizzle as neonWs } from 'drizzle-orm/neon-serverless';
      import { drizzle as neonHttp } from 'drizzle-orm/neon-http';
      import { drizzle as vercel } from 'drizzle-orm/vercel-postgres';
      import { drizzle as pglite } from 'drizzle-orm/pglite';
      import { drizzle as proxy } from 'drizzle-orm/pg-proxy';
      nodePg('u'); pgJs('u'); neonWs('u'); neonHttp('u'); vercel(); pglite(); proxy(async () => ({ rows: [] }));
    `);
    expect(calls).toEqual([
      { text: "nodePg('u')", shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
      { text: "pgJs('u')", shape: 'drizzle:postgresJsDrizzle', createsEngine: true },
      { text: "neonWs('u')", shape: 'drizzle:neonServerlessDrizzle', createsEngine: true },
      // neon(url) is a stateless HTTP function: no pool.
      { text: "neonHttp('u')", shape: 'drizzle:neonHttpDrizzle' },
      // @vercel/postgres's module-level pool.
      { text: 'vercel()', shape: 'drizzle:vercelPostgresDrizzle' },
      { text: 'pglite()', shape: 'drizzle:pgliteDrizzle', createsEngine: true },
      { text: 'proxy(async () => ({ rows: [] }))', shape: 'drizzle:pgProxyDrizzle' },
    ]);
  });

  it('gives the managed transaction callback the transaction handle, nested ones too', () => {
    const code = `
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { sql } from 'drizzle-orm';
      const db = drizzle(process.env.DATABASE_URL);
      await db.transaction(async (tx) => {
        await tx.execute(sql\`select 1\`);
        await tx.transaction(async (tx2) => { tx2.rollback(); });
      }, { isolationLevel: 'serializable' });
      await db.execute('select 2');
    `;
    expect(valuesOfIdentifier(code, 'tx')).toEqual(['drizzle:PgTransaction', 'drizzle:PgTransaction', 'drizzle:PgTransaction']);
    expect(valuesOfIdentifier(code, 'tx2')).toEqual(['drizzle:PgTransaction', 'drizzle:PgTransaction']);
    expect(modelledCalls(code)).toEqual([
      { text: 'drizzle(process.env.DATABASE_URL)', shape: 'drizzle:nodePostgresDrizzle', createsEngine: true },
      { text: 'db.transaction(async (tx) => {', shape: 'drizzle:NodePgDatabase', method: 'transaction', callback: true },
      { text: 'tx.execute(sql`select 1`)', shape: 'drizzle:PgTransaction', method: 'execute' },
      { text: 'sql`select 1`', shape: 'drizzle:SqlTag' },
      { text: 'tx.transaction(async (tx2) => { tx2.rollback(); })', shape: 'drizzle:PgTransaction', method: 'transaction', callback: true },
      { text: 'tx2.rollback()', shape: 'drizzle:PgTransaction', method: 'rollback', effect: 'rollback' },
      { text: "db.execute('select 2')", shape: 'drizzle:NodePgDatabase', method: 'execute' },
    ]);
  });

  it('exposes the driver client as $client, shared with the pg, postgres.js, Neon and Vercel models', () => {
    const code = `
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { drizzle as drizzlePgJs } from 'drizzle-orm/postgres-js';
      import { drizzle as drizzleNeon } from 'drizzle-orm/neon-serverless';
      import { drizzle as drizzleNeonHttp } from 'drizzle-orm/neon-http';
      import { drizzle as drizzleVercel } from 'drizzle-orm/vercel-postgres';
      const db = drizzle('u');
      const pool = db.$client;
      const sql = drizzlePgJs('u').$client;
      const neonPool = drizzleNeon('u').$client;
      const neonHttp = drizzleNeonHttp('u').$client;
      const vercelPool = drizzleVercel().$client;
      await pool.end(); await sql.end();
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'sql')).toEqual(['postgres-js:Sql', 'postgres-js:Sql']);
    expect(valuesOfIdentifier(code, 'neonPool')).toEqual(['neon:Pool']);
    expect(valuesOfIdentifier(code, 'neonHttp')).toEqual(['neon:HttpQuery']);
    expect(valuesOfIdentifier(code, 'vercelPool')).toEqual(['vercel-postgres:Pool']);
    expect(modelledCalls(code).filter((call) => call.effect)).toEqual([
      { text: 'pool.end()', shape: 'pg:Pool', method: 'end', effect: 'close' },
      { text: 'sql.end()', shape: 'postgres-js:Sql', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks the sql tag from drizzle-orm in ESM and CommonJS', () => {
    expect(valuesOfIdentifier(`import { sql } from 'drizzle-orm'; const q = sql\`select 1\`; const r = sql.raw('x'); q; r;`, 'q')).toEqual([
      'drizzle:SQL',
      'drizzle:SQL',
    ]);
    expect(valuesOfIdentifier(`const { sql } = require('drizzle-orm'); const r = sql.raw('x'); r;`, 'r', cjs)).toEqual(['drizzle:SQL', 'drizzle:SQL']);
  });

  it('knows the database and transaction types', () => {
    const code = `
      import type { NodePgDatabase, NodePgTransaction } from 'drizzle-orm/node-postgres';
      import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
      import type { NeonHttpDatabase } from 'drizzle-orm/neon-http';
      import type { PgDatabase, PgTransaction } from 'drizzle-orm/pg-core';
      import * as schema from './schema';
      export async function f(
        a: NodePgDatabase<typeof schema>,
        b: PostgresJsDatabase,
        c: NeonHttpDatabase,
        d: PgDatabase<any>,
        t: PgTransaction<any, any, any>,
        u: NodePgTransaction<any, any>,
      ) { a; b; c; d; t; u; }
    `;
    expect(valuesOfIdentifier(code, 'a')).toEqual(['drizzle:NodePgDatabase', 'drizzle:NodePgDatabase']);
    expect(valuesOfIdentifier(code, 'b')).toEqual(['drizzle:PostgresJsDatabase', 'drizzle:PostgresJsDatabase']);
    expect(valuesOfIdentifier(code, 'c')).toEqual(['drizzle:NeonHttpDatabase', 'drizzle:NeonHttpDatabase']);
    expect(valuesOfIdentifier(code, 'd')).toEqual(['drizzle:PgDatabase', 'drizzle:PgDatabase']);
    expect(valuesOfIdentifier(code, 't')).toEqual(['drizzle:PgTransaction', 'drizzle:PgTransaction']);
    expect(valuesOfIdentifier(code, 'u')).toEqual(['drizzle:PgTransaction', 'drizzle:PgTransaction']);
  });

  it('marks the transaction methods that cannot run as throwing (neon-http, pg-proxy)', () => {
    const code = `
      import { drizzle } from 'drizzle-orm/neon-http';
      const db = drizzle(process.env.DATABASE_URL);
      db.transaction(async (tx) => { tx; });
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['drizzle:NeonHttpDatabase', 'drizzle:NeonHttpDatabase']);
    // No interactive transaction ever starts, so no transaction handle either.
    expect(valuesOfIdentifier(code, 'tx')).toEqual([undefined, undefined]);
  });

  it('ignores local look-alikes and unmodelled helpers', () => {
    expect(valuesOfIdentifier(`function drizzle(x) { return x; } const db = drizzle('u'); db;`, 'db')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { drizzle } from './drizzle'; const db = drizzle('u'); db;`, 'db')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { drizzle } from 'drizzle-orm/node-postgres'; function f(drizzle) { const db = drizzle('u'); db; }`, 'db'),
    ).toEqual([undefined, undefined]);
    // drizzle.mock() builds nothing and has no client.
    expect(valuesOfIdentifier(`import { drizzle } from 'drizzle-orm/node-postgres'; const db = drizzle.mock(); db;`, 'db')).toEqual([
      undefined,
      undefined,
    ]);
  });

  describe("a receiver whose async transaction callback builds Drizzle's chains on its handle", () => {
    it('reads the receiver as a Drizzle database wherever the file uses it', () => {
      const code = `
        import { db } from '@/server/db';
        import { orders, stock } from '@/server/db/schema';
        export async function place(row) {
          await db.transaction(async (tx) => {
            await tx.insert(orders).values(row);
            await db.update(stock).set({ count: 0 });
          });
        }
        export const list = ({ ctx }) => ctx.db.transaction(async (tx) => tx.select({ id: orders.id }).from(orders));
      `;
      expect(valuesOfIdentifier(code, 'db')).toEqual(['drizzle:PgDatabase', 'drizzle:PgDatabase', 'drizzle:PgDatabase', 'drizzle:PgDatabase', 'drizzle:PgDatabase']);
      expect(valuesOfIdentifier(code, 'tx')).toEqual(['drizzle:PgTransaction', 'drizzle:PgTransaction', 'drizzle:PgTransaction', 'drizzle:PgTransaction']);
    });

    it("needs an async callback and a table named, not Knex's strings and objects (a handle called with a table name is Knex's)", () => {
      // better-sqlite3 runs a synchronous callback on the receiver's own connection.
      expect(valuesOfIdentifier(`import { db } from './db'; db.transaction((tx) => { tx.insert(orders).values(row).run(); }); db;`, 'db')).toEqual([undefined, undefined, undefined, undefined]);
      expect(
        valuesOfIdentifier(
          `import knex from './knex'; knex.transaction(async (trx) => { await trx.insert({ id: 1 }).into('orders'); await trx.select('id').from('users'); await trx('t').update({ a: 1 }); }); knex;`,
          'knex',
        ),
      ).toEqual(['knex:Knex', 'knex:Knex', 'knex:Knex']);
      expect(valuesOfIdentifier(`import knex from './knex'; knex.transaction(async (trx) => { await trx.insert({ id: 1 }).into('orders'); await trx.select('id').from('users'); }); knex;`, 'knex')).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });
  });
});
