import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: kysely', () => {
  it('tracks new Kysely from named imports, and destroy', () => {
    const code = `
      import { Kysely, PostgresDialect } from 'kysely';
      import { Pool } from 'pg';
      const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) });
      export async function close() { await db.destroy(); }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['kysely:Kysely', 'kysely:Kysely']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) })', shape: 'kysely:KyselyClass', createsEngine: true },
      // Modelled for its connection hooks (pooler-compatible-config); the pool is what it is given.
      { text: 'new PostgresDialect({ pool: new Pool() })', shape: 'kysely:PostgresDialectClass' },
      { text: 'new Pool()', shape: 'pg:PoolClass', createsEngine: true },
      { text: 'db.destroy()', shape: 'kysely:Kysely', method: 'destroy', effect: 'close' },
    ]);
  });

  it('tracks the namespace import, CommonJS require and import = require', () => {
    expect(valuesOfIdentifier(`import * as k from 'kysely'; const db = new k.Kysely({}); db;`, 'db')).toEqual(['kysely:Kysely', 'kysely:Kysely']);
    expect(valuesOfIdentifier(`const { Kysely } = require('kysely'); const db = new Kysely({}); db;`, 'db', cjs)).toEqual([
      'kysely:Kysely',
      'kysely:Kysely',
    ]);
    expect(valuesOfIdentifier(`const db = new (require('kysely').Kysely)({}); db;`, 'db', cjs)).toEqual(['kysely:Kysely', 'kysely:Kysely']);
    expect(valuesOfIdentifier(`import k = require('kysely'); const db = new k.Kysely({}); db;`, 'db', { sourceType: 'commonjs' })).toEqual([
      'kysely:Kysely',
      'kysely:Kysely',
    ]);
  });

  it('gives db.transaction().execute(cb) the transaction, through the builder methods', () => {
    const code = `
      import { Kysely } from 'kysely';
      const db = new Kysely({ dialect });
      await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
        await trx.insertInto('person').values({ id: 1 }).execute();
        trx.transaction();
      });
    `;
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['kysely:Transaction', 'kysely:Transaction', 'kysely:Transaction']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new Kysely({ dialect })', shape: 'kysely:KyselyClass', createsEngine: true },
      { text: "db.transaction().setIsolationLevel('serializable').execute(async (trx) => {", shape: 'kysely:TransactionBuilder', method: 'execute', callback: true },
      { text: "db.transaction().setIsolationLevel('serializable')", shape: 'kysely:TransactionBuilder', method: 'setIsolationLevel' },
      { text: 'db.transaction()', shape: 'kysely:Kysely', method: 'transaction' },
      { text: "trx.insertInto('person')", shape: 'kysely:Transaction', method: 'insertInto' },
      { text: 'trx.transaction()', shape: 'kysely:Transaction', method: 'transaction' },
    ]);
  });

  it('records how each transaction-starting call nests', () => {
    const code = `
      import { Kysely } from 'kysely';
      const db = new Kysely({ dialect });
      await db.transaction().execute(async (trx) => { trx.transaction(); trx.startTransaction(); });
      const ctrx = await db.startTransaction().execute();
      ctrx.transaction();
    `;
    const nesting = probe(code, (analysis, ast) =>
      nodesOf(ast, 'CallExpression')
        .sort((a, b) => a.range[0] - b.range[0])
        .flatMap((call) => {
        const info = analysis.values.callOf(call);
        return info?.spec.nesting ? [`${info.shape.key}.${info.method}: ${info.spec.nesting}`] : [];
      }),
    );
    expect(nesting).toEqual([
      'kysely:Kysely.transaction: separate',
      'kysely:Transaction.transaction: throws',
      'kysely:Transaction.startTransaction: throws',
      'kysely:Kysely.startTransaction: separate',
      'kysely:ControlledTransaction.transaction: throws',
    ]);
  });

  it('tracks a controlled transaction: begin on execute(), commit, rollback and savepoints', () => {
    const code = `
      import { Kysely } from 'kysely';
      const db = new Kysely({ dialect });
      export async function f() {
        const trx = await db.startTransaction().setAccessMode('read write').execute();
        try {
          const trx2 = await trx.savepoint('a').execute();
          await trx2.releaseSavepoint('a').execute();
          await trx.commit().execute();
        } catch (e) {
          await trx.rollback().execute();
        }
      }
    `;
    expect(valuesOfIdentifier(code, 'trx')).toEqual([
      'kysely:ControlledTransaction',
      'kysely:ControlledTransaction',
      'kysely:ControlledTransaction',
      'kysely:ControlledTransaction',
    ]);
    expect(valuesOfIdentifier(code, 'trx2')).toEqual(['kysely:ControlledTransaction', 'kysely:ControlledTransaction']);
    expect(modelledCalls(code).filter((call) => call.effect)).toEqual([
      { text: "db.startTransaction().setAccessMode('read write').execute()", shape: 'kysely:ControlledTransactionBuilder', method: 'execute', effect: 'begin' },
      { text: 'trx.commit()', shape: 'kysely:ControlledTransaction', method: 'commit', effect: 'commit' },
      { text: 'trx.rollback()', shape: 'kysely:ControlledTransaction', method: 'rollback', effect: 'rollback' },
    ]);
  });

  it('gives db.connection().execute(cb) a single-connection Kysely', () => {
    const code = `
      import { Kysely, sql } from 'kysely';
      const db = new Kysely({ dialect });
      await db.connection().execute(async (conn) => {
        await sql\`set search_path to app\`.execute(conn);
        await conn.transaction().execute(async (trx) => trx);
      });
    `;
    expect(valuesOfIdentifier(code, 'conn')).toEqual(['kysely:ConnectionKysely', 'kysely:ConnectionKysely', 'kysely:ConnectionKysely']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['kysely:Transaction', 'kysely:Transaction']);
    expect(modelledCalls(code).filter((call) => call.callback)).toEqual([
      { text: 'db.connection().execute(async (conn) => {', shape: 'kysely:ConnectionBuilder', method: 'execute', callback: true },
      { text: 'conn.transaction().execute(async (trx) => trx)', shape: 'kysely:TransactionBuilder', method: 'execute', callback: true },
    ]);
  });

  it('tracks the sql tag and sql.raw as SQL text', () => {
    const code = `
      const { sql } = require('kysely');
      async function f(db) { await sql\`begin\`.execute(db); await sql.raw('commit').execute(db); }
    `;
    expect(modelledCalls(code, cjs)).toEqual([
      { text: 'sql`begin`', shape: 'kysely:SqlTag' },
      { text: "sql.raw('commit')", shape: 'kysely:SqlTag', method: 'raw' },
    ]);
  });

  it('keeps the handle through withSchema / withPlugin', () => {
    const code = `
      import { Kysely } from 'kysely';
      const db = new Kysely({ dialect });
      const scoped = db.withSchema('tenant');
      await db.transaction().execute(async (trx) => { const inner = trx.withSchema('x'); inner; });
    `;
    expect(valuesOfIdentifier(code, 'scoped')).toEqual(['kysely:Kysely']);
    expect(valuesOfIdentifier(code, 'inner')).toEqual(['kysely:Transaction', 'kysely:Transaction']);
  });

  it('knows the Kysely, Transaction and ControlledTransaction types', () => {
    const code = `
      import type { Kysely, Transaction, ControlledTransaction } from 'kysely';
      import * as k from 'kysely';
      export async function f(db: Kysely<DB>, trx: Transaction<DB>, ctrx: ControlledTransaction<DB>, other: k.Transaction<DB>) { db; trx; ctrx; other; }
      class Repo { constructor(private readonly db: Kysely<DB>) {} run() { this.db; } }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['kysely:Kysely', 'kysely:Kysely', 'kysely:Kysely', 'kysely:Kysely']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['kysely:Transaction', 'kysely:Transaction']);
    expect(valuesOfIdentifier(code, 'ctrx')).toEqual(['kysely:ControlledTransaction', 'kysely:ControlledTransaction']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['kysely:Transaction', 'kysely:Transaction']);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`class Kysely {} const db = new Kysely(); db;`, 'db')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { Kysely } from './kysely'; const db = new Kysely(); db;`, 'db')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import { Kysely } from 'kysely'; function f(Kysely) { const db = new Kysely(); db; }`, 'db'),
    ).toEqual([undefined, undefined]);
  });

  it("reads a receiver whose transaction().execute() callback uses Kysely's own methods on its handle as a Kysely instance", () => {
    const code = `
      import { db } from '../database';
      export async function place(row) {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('orders').values(row).execute();
          await db.updateTable('stock').set({ count: 0 }).execute();
        });
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['kysely:Kysely', 'kysely:Kysely', 'kysely:Kysely', 'kysely:Kysely']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['kysely:Transaction', 'kysely:Transaction']);
    // The callback handed to transaction() itself, or a handle used otherwise, says nothing.
    expect(valuesOfIdentifier(`import { db } from '../database'; db.transaction(async (trx) => { await trx.insertInto('orders').values(row); }); db;`, 'db')).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(valuesOfIdentifier(`import { db } from '../database'; db.transaction().execute(async (trx) => { await save(trx); }); db;`, 'db')).toEqual([undefined, undefined, undefined, undefined]);
  });
});
