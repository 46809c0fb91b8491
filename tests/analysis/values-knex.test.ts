import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: knex', () => {
  it('tracks the ESM default import as the engine factory', () => {
    const code = `
      import knex from 'knex';
      const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
      export async function list() {
        await db.raw('select 1');
        return db('users').where({ active: true });
      }
      export const close = () => db.destroy();
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['knex:Knex', 'knex:Knex', 'knex:Knex', 'knex:Knex']);
    expect(modelledCalls(code)).toEqual([
      { text: "knex({ client: 'pg', connection: process.env.DATABASE_URL })", shape: 'knex:module', createsEngine: true },
      { text: "db.raw('select 1')", shape: 'knex:Knex', method: 'raw' },
      { text: "db('users')", shape: 'knex:Knex' },
      { text: 'db.destroy()', shape: 'knex:Knex', method: 'destroy', effect: 'close' },
    ]);
  });

  it('tracks named, namespace and import-equals imports', () => {
    expect(valuesOfIdentifier(`import { knex } from 'knex'; const db = knex({}); db;`, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`import { knex as makeKnex } from 'knex'; const db = makeKnex({}); db;`, 'db')).toEqual([
      'knex:Knex',
      'knex:Knex',
    ]);
    expect(valuesOfIdentifier(`import * as Knex from 'knex'; const db = Knex.knex({}); db;`, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`import * as Knex from 'knex'; const db = Knex.default({}); db;`, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`import * as Knex from 'knex'; const db = Knex({}); db;`, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(
      valuesOfIdentifier(`import Knex = require('knex'); const db = Knex({ client: 'pg' }); db;`, 'db', { sourceType: 'commonjs' }),
    ).toEqual(['knex:Knex', 'knex:Knex']);
  });

  it('tracks CommonJS require: called directly, plain, destructured and member', () => {
    expect(valuesOfIdentifier(`const knex = require('knex')({ client: 'pg' }); knex;`, 'knex', cjs)).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`const Knex = require('knex'); const db = Knex({ client: 'pg' }); db;`, 'db', cjs)).toEqual([
      'knex:Knex',
      'knex:Knex',
    ]);
    expect(valuesOfIdentifier(`const { knex } = require('knex'); const db = knex({}); db;`, 'db', cjs)).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`const db = require('knex').knex({}); db;`, 'db', cjs)).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(`const db = require('knex').default({}); db;`, 'db', cjs)).toEqual(['knex:Knex', 'knex:Knex']);
    expect(modelledCalls(`const knex = require('knex')({ client: 'pg' });`, cjs)).toEqual([
      { text: "require('knex')({ client: 'pg' })", shape: 'knex:module', createsEngine: true },
    ]);
  });

  it('knows the managed transaction callback and nested savepoints', () => {
    const code = `
      import knex from 'knex';
      const db = knex({ client: 'pg' });
      export const run = () =>
        db.transaction(async (trx) => {
          await trx('accounts').insert({ id: 1 });
          await db('audit').insert({ id: 1 }).transacting(trx);
          await db.raw('select 2').transacting(trx);
          await trx.transaction(async (inner) => { await inner.raw('select 1'); });
        });
    `;
    expect(valuesOfIdentifier(code, 'trx')).toEqual([
      'knex:Transaction',
      'knex:Transaction',
      'knex:Transaction',
      'knex:Transaction',
      'knex:Transaction',
    ]);
    expect(valuesOfIdentifier(code, 'inner')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(modelledCalls(code)).toEqual([
      { text: "knex({ client: 'pg' })", shape: 'knex:module', createsEngine: true },
      { text: 'db.transaction(async (trx) => {', shape: 'knex:Knex', method: 'transaction', callback: true, effect: 'begin' },
      { text: "trx('accounts')", shape: 'knex:Transaction' },
      { text: "db('audit')", shape: 'knex:Knex' },
      { text: "db.raw('select 2').transacting(trx)", shape: 'knex:Raw', method: 'transacting' },
      { text: "db.raw('select 2')", shape: 'knex:Knex', method: 'raw' },
      { text: 'trx.transaction(async (inner) => { await inner.raw(\'select 1\'); })', shape: 'knex:Transaction', method: 'transaction', callback: true, effect: 'begin' },
      { text: "inner.raw('select 1')", shape: 'knex:Transaction', method: 'raw' },
    ]);
  });

  it('tracks unmanaged transactions and the transaction provider', () => {
    const code = `
      const knex = require('knex')({ client: 'pg' });
      async function handler() {
        const trx = await knex.transaction({ isolationLevel: 'serializable' });
        try { await trx('t').insert({}); await trx.commit(); } catch (e) { await trx.rollback(); }
        const provider = knex.transactionProvider();
        const lazy = await provider();
        await lazy.commit();
      }
    `;
    expect(valuesOfIdentifier(code, 'trx', cjs)).toEqual(['knex:Transaction', 'knex:Transaction', 'knex:Transaction', 'knex:Transaction']);
    expect(valuesOfIdentifier(code, 'provider', cjs)).toEqual(['knex:TransactionProvider', 'knex:TransactionProvider']);
    expect(valuesOfIdentifier(code, 'lazy', cjs)).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(modelledCalls(code, cjs)).toEqual([
      { text: "require('knex')({ client: 'pg' })", shape: 'knex:module', createsEngine: true },
      { text: "knex.transaction({ isolationLevel: 'serializable' })", shape: 'knex:Knex', method: 'transaction', effect: 'begin' },
      { text: "trx('t')", shape: 'knex:Transaction' },
      { text: 'trx.commit()', shape: 'knex:Transaction', method: 'commit', effect: 'commit' },
      { text: 'trx.rollback()', shape: 'knex:Transaction', method: 'rollback', effect: 'rollback' },
      { text: 'knex.transactionProvider()', shape: 'knex:Knex', method: 'transactionProvider' },
      { text: 'provider()', shape: 'knex:TransactionProvider', effect: 'begin' },
      { text: 'lazy.commit()', shape: 'knex:Transaction', method: 'commit', effect: 'commit' },
    ]);
  });

  it('knows parameters and fields by their Knex type annotations', () => {
    const code = `
      import type { Knex } from 'knex';
      import knex from 'knex';
      export async function save(db: Knex, trx: Knex.Transaction, other: knex.Knex.Transaction) { db; trx; other; }
      class Repo {
        constructor(private readonly conn: Knex) {}
        run() { this.conn; }
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(valuesOfIdentifier(code, 'conn')).toEqual(['knex:Knex', 'knex:Knex']);
  });

  it('tracks Objection models: Model.knex(), startTransaction and Model.transaction', () => {
    const code = `
      import { Model, transaction } from 'objection';
      class Person extends Model {}
      export async function f() {
        const db = Person.knex();
        const trx = await Person.startTransaction();
        await trx.commit();
        await Person.transaction(async (t) => { t; });
        const started = await transaction.start(db);
        await started.rollback();
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(valuesOfIdentifier(code, 't')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(valuesOfIdentifier(code, 'started')).toEqual(['knex:Transaction', 'knex:Transaction']);
    expect(modelledCalls(code)).toEqual([
      { text: 'Person.knex()', shape: 'knex:ObjectionModel', method: 'knex' },
      { text: 'Person.startTransaction()', shape: 'knex:ObjectionModel', method: 'startTransaction', effect: 'begin' },
      { text: 'trx.commit()', shape: 'knex:Transaction', method: 'commit', effect: 'commit' },
      { text: 'Person.transaction(async (t) => { t; })', shape: 'knex:ObjectionModel', method: 'transaction', callback: true },
      { text: 'transaction.start(db)', shape: 'knex:ObjectionTransaction', method: 'start', effect: 'begin' },
      { text: 'started.rollback()', shape: 'knex:Transaction', method: 'rollback', effect: 'rollback' },
    ]);
    expect(
      valuesOfIdentifier(`import type { Transaction } from 'objection'; export function g(trx: Transaction) { trx; }`, 'trx'),
    ).toEqual(['knex:Transaction', 'knex:Transaction']);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`function knex(c) { return c; } const db = knex({}); db;`, 'db')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import knex from './knex'; const db = knex({}); db;`, 'db')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import knex from 'knex'; function f(knex) { const db = knex({}); db; }`, 'db')).toEqual([
      undefined,
      undefined,
    ]);
    expect(
      valuesOfIdentifier(`const db = { transaction: async (fn) => fn({}) }; db.transaction(async (trx) => { trx; });`, 'trx'),
    ).toEqual([undefined, undefined]);
  });

  it("reads a receiver whose async transaction callback calls its handle with a table name as a Knex instance", () => {
    const code = `
      import db from '../db';
      export async function place(row) {
        await db.transaction(async (trx) => {
          await trx('orders').insert(row);
          await db('stock').decrement('count', 1);
        });
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['knex:Knex', 'knex:Knex', 'knex:Knex']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['knex:Transaction', 'knex:Transaction']);
    // A handle called with something else, or only passed on, says nothing.
    expect(valuesOfIdentifier(`import db from '../db'; db.transaction(async (trx) => { await trx(query); await save(trx); }); db;`, 'db')).toEqual([undefined, undefined, undefined]);
  });
});
