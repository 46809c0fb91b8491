import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: postgres.js', () => {
  it('tracks the default import: the pool, its tag, unsafe and end', () => {
    const code = `
      import postgres from 'postgres';
      const sql = postgres(process.env.DATABASE_URL, { max: 10 });
      export async function f() {
        await sql\`select 1\`;
        await sql.unsafe('select 2');
        await sql.end({ timeout: 5 });
      }
    `;
    expect(valuesOfIdentifier(code, 'sql')).toEqual(['postgres-js:Sql', 'postgres-js:Sql', 'postgres-js:Sql', 'postgres-js:Sql']);
    expect(modelledCalls(code)).toEqual([
      { text: 'postgres(process.env.DATABASE_URL, { max: 10 })', shape: 'postgres-js:postgres', createsEngine: true },
      { text: 'sql`select 1`', shape: 'postgres-js:Sql' },
      { text: "sql.unsafe('select 2')", shape: 'postgres-js:Sql', method: 'unsafe' },
      { text: 'sql.end({ timeout: 5 })', shape: 'postgres-js:Sql', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks CommonJS require, import = require, the namespace import and dynamic import', () => {
    expect(valuesOfIdentifier(`const postgres = require('postgres'); const sql = postgres(); sql;`, 'sql', cjs)).toEqual([
      'postgres-js:Sql',
      'postgres-js:Sql',
    ]);
    expect(valuesOfIdentifier(`const sql = require('postgres')('postgres://db'); sql;`, 'sql', cjs)).toEqual([
      'postgres-js:Sql',
      'postgres-js:Sql',
    ]);
    expect(
      valuesOfIdentifier(`import postgres = require('postgres'); const sql = postgres(); sql;`, 'sql', { sourceType: 'commonjs' }),
    ).toEqual(['postgres-js:Sql', 'postgres-js:Sql']);
    expect(valuesOfIdentifier(`import * as postgres from 'postgres'; const sql = postgres.default(); sql;`, 'sql')).toEqual([
      'postgres-js:Sql',
      'postgres-js:Sql',
    ]);
    expect(valuesOfIdentifier(`const { default: postgres } = await import('postgres'); const sql = postgres(); sql;`, 'sql')).toEqual([
      'postgres-js:Sql',
      'postgres-js:Sql',
    ]);
  });

  it('gives sql.begin and savepoint callbacks the scoped transaction sql', () => {
    const code = `
      import postgres from 'postgres';
      const sql = postgres();
      await sql.begin(async (tx) => {
        await tx\`insert into t values (1)\`;
        await tx.savepoint('inner', async (sp) => { await sp\`select 1\`; });
      });
      await sql.begin('isolation level serializable', (tx2) => [tx2\`select 1\`]);
    `;
    expect(valuesOfIdentifier(code, 'tx')).toEqual(['postgres-js:TransactionSql', 'postgres-js:TransactionSql', 'postgres-js:TransactionSql']);
    expect(valuesOfIdentifier(code, 'sp')).toEqual(['postgres-js:TransactionSql', 'postgres-js:TransactionSql']);
    expect(valuesOfIdentifier(code, 'tx2')).toEqual(['postgres-js:TransactionSql', 'postgres-js:TransactionSql']);
    expect(modelledCalls(code)).toEqual([
      { text: 'postgres()', shape: 'postgres-js:postgres', createsEngine: true },
      { text: 'sql.begin(async (tx) => {', shape: 'postgres-js:Sql', method: 'begin', callback: true },
      { text: 'tx`insert into t values (1)`', shape: 'postgres-js:TransactionSql' },
      { text: "tx.savepoint('inner', async (sp) => { await sp`select 1`; })", shape: 'postgres-js:TransactionSql', method: 'savepoint', callback: true },
      { text: 'sp`select 1`', shape: 'postgres-js:TransactionSql' },
      { text: "sql.begin('isolation level serializable', (tx2) => [tx2`select 1`])", shape: 'postgres-js:Sql', method: 'begin', callback: true },
      { text: 'tx2`select 1`', shape: 'postgres-js:TransactionSql' },
    ]);
  });

  it('tracks a reserved connection and its release', () => {
    const code = `
      const postgres = require('postgres');
      const sql = postgres();
      async function f() {
        const reserved = await sql.reserve();
        try { await reserved\`begin\`; } finally { reserved.release(); }
      }
    `;
    expect(valuesOfIdentifier(code, 'reserved', cjs)).toEqual([
      'postgres-js:ReservedSql',
      'postgres-js:ReservedSql',
      'postgres-js:ReservedSql',
    ]);
    expect(modelledCalls(code, cjs)).toEqual([
      { text: 'postgres()', shape: 'postgres-js:postgres', createsEngine: true },
      { text: 'sql.reserve()', shape: 'postgres-js:Sql', method: 'reserve', effect: 'acquire' },
      { text: 'reserved`begin`', shape: 'postgres-js:ReservedSql' },
      { text: 'reserved.release()', shape: 'postgres-js:ReservedSql', method: 'release', effect: 'release' },
    ]);
  });

  it('knows parameters and fields by their type annotation', () => {
    const code = `
      import postgres from 'postgres';
      import type { Sql, TransactionSql, ReservedSql } from 'postgres';
      export function a(db: Sql, tx: TransactionSql, reserved: ReservedSql, other: postgres.TransactionSql) { db; tx; reserved; other; }
      class Repo { constructor(private readonly sql: postgres.Sql) {} run() { this.sql; } }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['postgres-js:Sql', 'postgres-js:Sql']);
    expect(valuesOfIdentifier(code, 'tx')).toEqual(['postgres-js:TransactionSql', 'postgres-js:TransactionSql']);
    expect(valuesOfIdentifier(code, 'reserved')).toEqual(['postgres-js:ReservedSql', 'postgres-js:ReservedSql']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['postgres-js:TransactionSql', 'postgres-js:TransactionSql']);
    expect(valuesOfIdentifier(code, 'sql')).toEqual(['postgres-js:Sql', 'postgres-js:Sql']);
  });

  it('does not give the scoped transaction sql a begin, nor the reserved one an end', () => {
    const code = `
      import postgres from 'postgres';
      const sql = postgres();
      sql.begin(async (tx) => { tx.begin(async () => {}); });
      const r = await sql.reserve(); r.end();
    `;
    expect(modelledCalls(code).map((call) => call.text)).toEqual([
      'postgres()',
      'sql.begin(async (tx) => { tx.begin(async () => {}); })',
      'sql.reserve()',
    ]);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`function postgres() {} const sql = postgres(); sql;`, 'sql')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import postgres from './postgres'; const sql = postgres(); sql;`, 'sql')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`import postgres from 'postgres'; function f(postgres) { const sql = postgres(); sql; }`, 'sql'),
    ).toEqual([undefined, undefined]);
  });
});
