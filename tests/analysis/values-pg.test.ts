import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

describe('value tracking: pg', () => {
  it('tracks ESM named imports through new and await', () => {
    const code = `
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function f() {
        const client = await pool.connect();
        client.release();
      }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'client')).toEqual(['pg:PoolClient', 'pg:PoolClient']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new Pool()', shape: 'pg:PoolClass', createsEngine: true },
      { text: 'pool.connect()', shape: 'pg:Pool', method: 'connect', effect: 'acquire' },
      { text: 'client.release()', shape: 'pg:PoolClient', method: 'release', effect: 'release' },
    ]);
  });

  it("reads a pool of the project's own module by node-postgres's checkout idiom", () => {
    const code = `
      const pool = require('../config/db');
      exports.approve = async (req, res) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      };
      exports.reject = () => pool.query('SELECT 1');
    `;
    const cjs = { javascript: true, sourceType: 'commonjs' } as const;
    expect(valuesOfIdentifier(code, 'pool', cjs)).toEqual(['pg:Pool', 'pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'client', cjs)).toEqual(['pg:PoolClient', 'pg:PoolClient', 'pg:PoolClient', 'pg:PoolClient']);
    // Not a connection that is never given back that way (MongoDB, Redis, amqplib).
    const other = `
      import { mongo } from './mongo';
      export async function run() {
        const conn = await mongo.connect();
        await conn.db('app').collection('users').findOne({});
        await conn.close();
      }
    `;
    expect(valuesOfIdentifier(other, 'mongo')).toEqual([undefined, undefined, undefined]);
  });

  it('tracks the default import, namespace import and CommonJS require', () => {
    expect(valuesOfIdentifier(`import pg from 'pg'; const p = new pg.Pool(); p;`, 'p')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(`import * as pg from 'pg'; const p = new pg.default.Pool(); p;`, 'p')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(
      valuesOfIdentifier(`const { Pool } = require('pg'); const p = new Pool(); p;`, 'p', { javascript: true, sourceType: 'commonjs' }),
    ).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(`const p = new (require('pg').Pool)(); p;`, 'p', { javascript: true, sourceType: 'commonjs' })).toEqual([
      'pg:Pool',
      'pg:Pool',
    ]);
    expect(valuesOfIdentifier(`import pg = require('pg'); const p = new pg.Pool(); p;`, 'p', { sourceType: 'commonjs' })).toEqual([
      'pg:Pool',
      'pg:Pool',
    ]);
  });

  it('tracks dynamic import', () => {
    expect(valuesOfIdentifier(`const { Pool } = await import('pg'); const p = new Pool(); p;`, 'p')).toEqual(['pg:Pool', 'pg:Pool']);
  });

  it('knows parameters by their type annotation and callback position', () => {
    const code = `
      import type { PoolClient } from 'pg';
      import pg from 'pg';
      export async function useClient(client: PoolClient, other: pg.PoolClient) { client; other; }
      const pool = new pg.Pool();
      pool.connect((err, c, done) => { c; });
      pool.connect().then((d) => d);
    `;
    expect(valuesOfIdentifier(code, 'client')).toEqual(['pg:PoolClient', 'pg:PoolClient']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['pg:PoolClient', 'pg:PoolClient']);
    expect(valuesOfIdentifier(code, 'c')).toEqual(['pg:PoolClient', 'pg:PoolClient']);
    expect(valuesOfIdentifier(code, 'err')).toEqual([undefined]);
    expect(valuesOfIdentifier(code, 'd')).toEqual(['pg:PoolClient', 'pg:PoolClient']);
  });

  it('reads a name that is both a value and a type as the value, and InstanceType<typeof …> as the instance', () => {
    // How ESM code destructures pg's classes and names their types after them.
    const code = `
      import pg from 'pg';
      const { Pool: PgPool } = pg;
      type PgPool = InstanceType<typeof PgPool>;
      interface Client {}
      const Client = pg.Client;
      const made = new PgPool();
      export function use(injected: PgPool, qualified: InstanceType<typeof pg.Pool>, direct: InstanceType<typeof PgPool>) {
        made; injected; qualified; direct;
        const c = new Client();
        c;
      }
    `;
    expect(valuesOfIdentifier(code, 'made')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'injected')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'qualified')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'direct')).toEqual(['pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'c')).toEqual(['pg:Client', 'pg:Client']);
  });

  it('leaves a local InstanceType and two value declarations of one name alone', () => {
    expect(
      valuesOfIdentifier(`import { Pool } from 'pg'; type InstanceType<T> = T; export function f(p: InstanceType<typeof Pool>) { p; }`, 'p'),
    ).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { Pool } from 'pg'; var P = Pool; var P = class {}; const p = new P(); p;`, 'p', { javascript: true }),
    ).toEqual([undefined, undefined]);
  });

  it('follows class fields, constructor assignments and parameter properties', () => {
    const code = `
      import { Pool, PoolClient } from 'pg';
      class Repo {
        field = new Pool();
        assigned;
        constructor(private readonly injected: Pool) { this.assigned = new Pool(); }
        run() { this.field; this.assigned; this.injected; }
      }
    `;
    expect(valuesOfIdentifier(code, 'field')).toEqual([undefined, 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'assigned')).toEqual([undefined, 'pg:Pool', 'pg:Pool']);
    expect(valuesOfIdentifier(code, 'injected')).toEqual(['pg:Pool', 'pg:Pool']);
  });

  it('ignores local look-alikes and shadowed names', () => {
    expect(valuesOfIdentifier(`class Pool {} const p = new Pool(); p;`, 'p')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { Pool } from 'pg'; function f(Pool) { const p = new Pool(); p; }`, 'p'),
    ).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`function require() {} const { Pool } = require('pg'); const p = new Pool(); p;`, 'p', { javascript: true }),
    ).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { Pool } from './pg'; const p = new Pool(); p;`, 'p')).toEqual([undefined, undefined]);
  });

  it('agrees on let variables assigned lazily', () => {
    const code = `
      import { Pool } from 'pg';
      let pool;
      export function getPool() { pool ??= new Pool(); return pool; }
    `;
    expect(valuesOfIdentifier(code, 'pool')).toEqual(['pg:Pool', 'pg:Pool', 'pg:Pool']);
  });

  it('follows calls along a chain: through require(), await and a class field read from several methods', () => {
    // A call whose callee chain starts at a name holding nothing is answered from that name alone;
    // these chains start at `require`, at an awaited call and at `this`, and must still be followed.
    expect(
      modelledCalls(`new (require('pg').Pool)().query('SELECT 1');`, { javascript: true, sourceType: 'commonjs' }).map((call) => call.text),
    ).toEqual(["new (require('pg').Pool)().query('SELECT 1')", "new (require('pg').Pool)()"]);
    const code = `
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function f() {
        (await pool.connect()).query('SELECT 1');
      }
      class Repo {
        private readonly db = new Pool();
        a() { return this.db.query('SELECT 1'); }
        b() { return this.db.connect().then((client) => client.release()); }
      }
      class Cache {
        private readonly db = new Map();
        c() { return this.db.query('SELECT 1'); }
      }
    `;
    expect(modelledCalls(code).map((call) => call.text)).toEqual([
      'new Pool()',
      "(await pool.connect()).query('SELECT 1')",
      'pool.connect()',
      'new Pool()',
      "this.db.query('SELECT 1')",
      'this.db.connect()',
      'client.release()',
    ]);
  });

  it('reads private fields: declared with a value or a type, or assigned in the constructor', () => {
    const code = `
      import { Pool, type PoolClient } from 'pg';
      export class Leader {
        #pool = new Pool();
        #client: PoolClient | undefined;
        readonly #other: Pool;
        constructor(other: Pool) { this.#other = other; }
        async elect() {
          this.#client = await this.#pool.connect();
          await this.#client.query('SELECT pg_try_advisory_lock(1)');
          return this.#other.query('SELECT 1');
        }
        pool() { return this.pool.query('SELECT 2'); }
      }
    `;
    expect(modelledCalls(code).map((call) => call.text)).toEqual([
      'new Pool()',
      'this.#pool.connect()',
      "this.#client.query('SELECT pg_try_advisory_lock(1)')",
      "this.#other.query('SELECT 1')",
    ]);
  });

  it('follows a chain of class fields as far as a chain of variables', () => {
    const fields = Array.from({ length: 249 }, (_, i) => `  f${i + 1} = this.f${i};`).join('\n');
    const code = `import { Pool } from 'pg';\nclass A {\n  f0 = new Pool();\n${fields}\n  run() { return this.f249.connect(); }\n}`;
    expect(modelledCalls(code).map((call) => call.text)).toEqual(['new Pool()', 'this.f249.connect()']);
  });
});
