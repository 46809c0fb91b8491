import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: sequelize', () => {
  it('tracks new Sequelize from a named import, query and close', () => {
    const code = `
      import { Sequelize } from 'sequelize';
      export const sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres' });
      export async function f() {
        await sequelize.query('select 1');
        await sequelize.close();
      }
    `;
    expect(valuesOfIdentifier(code, 'sequelize')).toEqual(['sequelize:Sequelize', 'sequelize:Sequelize', 'sequelize:Sequelize']);
    expect(modelledCalls(code)).toEqual([
      {
        text: "new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres' })",
        shape: 'sequelize:module',
        createsEngine: true,
      },
      { text: "sequelize.query('select 1')", shape: 'sequelize:Sequelize', method: 'query' },
      { text: 'sequelize.close()', shape: 'sequelize:Sequelize', method: 'close', effect: 'close' },
    ]);
  });

  it('tracks the default, namespace, CommonJS and import-equals forms', () => {
    expect(valuesOfIdentifier(`import Sequelize from 'sequelize'; const s = new Sequelize('postgres://x'); s;`, 's')).toEqual([
      'sequelize:Sequelize',
      'sequelize:Sequelize',
    ]);
    expect(valuesOfIdentifier(`import * as S from 'sequelize'; const s = new S.Sequelize('postgres://x'); s;`, 's')).toEqual([
      'sequelize:Sequelize',
      'sequelize:Sequelize',
    ]);
    expect(valuesOfIdentifier(`const Sequelize = require('sequelize'); const s = new Sequelize('postgres://x'); s;`, 's', cjs)).toEqual([
      'sequelize:Sequelize',
      'sequelize:Sequelize',
    ]);
    expect(valuesOfIdentifier(`const { Sequelize } = require('sequelize'); const s = new Sequelize({ dialect: 'postgres' }); s;`, 's', cjs)).toEqual([
      'sequelize:Sequelize',
      'sequelize:Sequelize',
    ]);
    expect(valuesOfIdentifier(`const s = new (require('sequelize').Sequelize)('db', 'user', 'pass', {}); s;`, 's', cjs)).toEqual([
      'sequelize:Sequelize',
      'sequelize:Sequelize',
    ]);
    expect(
      valuesOfIdentifier(`import Sequelize = require('sequelize'); const s = new Sequelize('postgres://x'); s;`, 's', { sourceType: 'commonjs' }),
    ).toEqual(['sequelize:Sequelize', 'sequelize:Sequelize']);
  });

  it('tracks managed and unmanaged transactions', () => {
    const code = `
      const { Sequelize, Transaction } = require('sequelize');
      const sequelize = new Sequelize('postgres://x');
      async function transfer() {
        await sequelize.transaction(async (t) => { await sequelize.query('select 1', { transaction: t }); });
        await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t2) => { t2; });
        const tx = await sequelize.transaction();
        try { await tx.commit(); } catch (e) { await tx.rollback(); }
      }
    `;
    expect(valuesOfIdentifier(code, 't', cjs)).toEqual(['sequelize:Transaction', 'sequelize:Transaction']);
    expect(valuesOfIdentifier(code, 't2', cjs)).toEqual(['sequelize:Transaction', 'sequelize:Transaction']);
    expect(valuesOfIdentifier(code, 'tx', cjs)).toEqual(['sequelize:Transaction', 'sequelize:Transaction', 'sequelize:Transaction']);
    expect(modelledCalls(code, cjs)).toEqual([
      { text: "new Sequelize('postgres://x')", shape: 'sequelize:module', createsEngine: true },
      {
        text: "sequelize.transaction(async (t) => { await sequelize.query('select 1', { transaction: t }); })",
        shape: 'sequelize:Sequelize',
        method: 'transaction',
        callback: true,
        effect: 'begin',
      },
      { text: "sequelize.query('select 1', { transaction: t })", shape: 'sequelize:Sequelize', method: 'query' },
      {
        text: 'sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (t2) => { t2; })',
        shape: 'sequelize:Sequelize',
        method: 'transaction',
        callback: true,
        effect: 'begin',
      },
      { text: 'sequelize.transaction()', shape: 'sequelize:Sequelize', method: 'transaction', effect: 'begin' },
      { text: 'tx.commit()', shape: 'sequelize:Transaction', method: 'commit', effect: 'commit' },
      { text: 'tx.rollback()', shape: 'sequelize:Transaction', method: 'rollback', effect: 'rollback' },
    ]);
  });

  it('knows annotated parameters and models', () => {
    const code = `
      import { Model, Sequelize, Transaction } from 'sequelize';
      class User extends Model {}
      export async function save(db: Sequelize, t: Transaction) { db; t; }
      const viaModel = User.sequelize;
      viaModel;
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['sequelize:Sequelize', 'sequelize:Sequelize']);
    expect(valuesOfIdentifier(code, 't')).toEqual(['sequelize:Transaction', 'sequelize:Transaction']);
    expect(valuesOfIdentifier(code, 'viaModel')).toEqual(['sequelize:Sequelize', 'sequelize:Sequelize']);
  });

  it('tracks @sequelize/core (v7): managed, unmanaged and scoped connections', () => {
    const code = `
      import { Sequelize } from '@sequelize/core';
      import { PostgresDialect } from '@sequelize/postgres';
      const sequelize = new Sequelize({ dialect: PostgresDialect, url: process.env.DATABASE_URL });
      export async function f() {
        await sequelize.transaction(async (t) => { t; });
        const u = await sequelize.startUnmanagedTransaction();
        await u.commit();
        await sequelize.withConnection(async (connection) => { connection; });
      }
    `;
    expect(valuesOfIdentifier(code, 'sequelize')).toEqual([
      'sequelize:Sequelize7',
      'sequelize:Sequelize7',
      'sequelize:Sequelize7',
      'sequelize:Sequelize7',
    ]);
    expect(valuesOfIdentifier(code, 't')).toEqual(['sequelize:Transaction', 'sequelize:Transaction']);
    expect(valuesOfIdentifier(code, 'u')).toEqual(['sequelize:Transaction', 'sequelize:Transaction']);
    expect(modelledCalls(code)).toEqual([
      {
        text: 'new Sequelize({ dialect: PostgresDialect, url: process.env.DATABASE_URL })',
        shape: 'sequelize:core',
        createsEngine: true,
      },
      { text: 'sequelize.transaction(async (t) => { t; })', shape: 'sequelize:Sequelize7', method: 'transaction', callback: true },
      {
        text: 'sequelize.startUnmanagedTransaction()',
        shape: 'sequelize:Sequelize7',
        method: 'startUnmanagedTransaction',
        effect: 'begin',
      },
      { text: 'u.commit()', shape: 'sequelize:Transaction', method: 'commit', effect: 'commit' },
      {
        text: 'sequelize.withConnection(async (connection) => { connection; })',
        shape: 'sequelize:Sequelize7',
        method: 'withConnection',
        callback: true,
      },
    ]);
    expect(
      valuesOfIdentifier(`const Sequelize = require('@sequelize/core'); const s = new Sequelize({}); s;`, 's', cjs),
    ).toEqual(['sequelize:Sequelize7', 'sequelize:Sequelize7']);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`class Sequelize {} const s = new Sequelize(); s;`, 's')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { Sequelize } from './sequelize'; const s = new Sequelize(); s;`, 's')).toEqual([
      undefined,
      undefined,
    ]);
    expect(
      valuesOfIdentifier(`import { Sequelize } from 'sequelize'; function f(Sequelize) { const s = new Sequelize(); s; }`, 's'),
    ).toEqual([undefined, undefined]);
  });
});
