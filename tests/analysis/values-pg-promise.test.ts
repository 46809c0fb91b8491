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

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: pg-promise', () => {
  it('tracks the CommonJS initialiser: the library init is not an engine, pgp(cn) is', () => {
    const code = `
      const pgp = require('pg-promise')({ capSQL: true });
      const db = pgp(process.env.DATABASE_URL);
      module.exports = db;
      async function f() {
        await db.none('UPDATE users SET seen = now()');
        const user = await db.oneOrNone('SELECT * FROM users WHERE id = $1', [1]);
        await db.$pool.end();
        pgp.end();
        return user;
      }
    `;
    expect(valuesOfIdentifier(code, 'pgp', cjs)).toEqual(['pg-promise:Main', 'pg-promise:Main', 'pg-promise:Main']);
    expect(valuesOfIdentifier(code, 'db', cjs)).toEqual(Array(5).fill('pg-promise:Database'));
    expect(valuesOfIdentifier(code, '$pool', cjs)).toEqual(['pg:Pool']);
    expect(modelledCalls(code, cjs)).toEqual([
      { text: "require('pg-promise')({ capSQL: true })", shape: 'pg-promise:Init' },
      { text: 'pgp(process.env.DATABASE_URL)', shape: 'pg-promise:Main', createsEngine: true },
      { text: "db.none('UPDATE users SET seen = now()')", shape: 'pg-promise:Database', method: 'none' },
      { text: "db.oneOrNone('SELECT * FROM users WHERE id = $1', [1])", shape: 'pg-promise:Database', method: 'oneOrNone' },
      { text: 'db.$pool.end()', shape: 'pg:Pool', method: 'end', effect: 'close' },
      { text: 'pgp.end()', shape: 'pg-promise:Main', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks the ESM default and namespace imports and import = require', () => {
    const esm = `import pgPromise from 'pg-promise'; const pgp = pgPromise(); const db = pgp('postgres://'); db;`;
    expect(valuesOfIdentifier(esm, 'db')).toEqual(['pg-promise:Database', 'pg-promise:Database']);
    const namespace = `import * as pgPromise from 'pg-promise'; const db = pgPromise({})('postgres://'); db;`;
    expect(valuesOfIdentifier(namespace, 'db')).toEqual(['pg-promise:Database', 'pg-promise:Database']);
    const importEquals = `import pgPromise = require('pg-promise'); const pgp = pgPromise(); const db = pgp(cn); db;`;
    expect(valuesOfIdentifier(importEquals, 'db', { sourceType: 'commonjs' })).toEqual(['pg-promise:Database', 'pg-promise:Database']);
    const plainRequire = `const pgPromise = require('pg-promise'); const pgp = pgPromise(); const db = pgp(cn); db;`;
    expect(valuesOfIdentifier(plainRequire, 'db', cjs)).toEqual(['pg-promise:Database', 'pg-promise:Database']);
    // `pgp.pg` is the node-postgres module pg-promise uses
    expect(valuesOfIdentifier(`const pgp = require('pg-promise')(); const p = new pgp.pg.Pool(); p;`, 'p', cjs)).toEqual(['pg:Pool', 'pg:Pool']);
  });

  it('gives tx and task callbacks their handles, with the callback last after a tag or options', () => {
    const code = `
      import pgPromise from 'pg-promise';
      const db = pgPromise()('postgres://');
      export async function f() {
        await db.tx(async (t) => {
          await t.none('INSERT INTO a DEFAULT VALUES');
          await t.tx('inner', async (t2) => { t2; });
          await t.task(async (t3) => { t3; });
        });
        await db.tx({ tag: 'x', mode: null }, (trx) => trx.any('SELECT 1'));
        await db.task('load', async (job) => {
          await job.tx(async (tt) => { tt; });
        });
        await db.txIf(async (maybe) => { maybe; });
        await db.taskIf(async (tk) => { tk; });
      }
    `;
    expect(valuesOfIdentifier(code, 't')).toEqual(['pg-promise:Tx', 'pg-promise:Tx', 'pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 't2')).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 't3')).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 'trx')).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 'job')).toEqual(['pg-promise:Task', 'pg-promise:Task']);
    expect(valuesOfIdentifier(code, 'tt')).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 'maybe')).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(valuesOfIdentifier(code, 'tk')).toEqual(['pg-promise:Task', 'pg-promise:Task']);
    expect(modelledCalls(code).filter((call) => call.callback)).toEqual([
      { text: 'db.tx(async (t) => {', shape: 'pg-promise:Database', method: 'tx', callback: true },
      { text: "t.tx('inner', async (t2) => { t2; })", shape: 'pg-promise:Tx', method: 'tx', callback: true },
      { text: 't.task(async (t3) => { t3; })', shape: 'pg-promise:Tx', method: 'task', callback: true },
      { text: "db.tx({ tag: 'x', mode: null }, (trx) => trx.any('SELECT 1'))", shape: 'pg-promise:Database', method: 'tx', callback: true },
      { text: "db.task('load', async (job) => {", shape: 'pg-promise:Database', method: 'task', callback: true },
      { text: 'job.tx(async (tt) => { tt; })', shape: 'pg-promise:Task', method: 'tx', callback: true },
      { text: 'db.txIf(async (maybe) => { maybe; })', shape: 'pg-promise:Database', method: 'txIf', callback: true },
      { text: 'db.taskIf(async (tk) => { tk; })', shape: 'pg-promise:Database', method: 'taskIf', callback: true },
    ]);
    // db.tx takes another connection; t.tx inside a transaction is a savepoint; a plain task's tx is a
    // top-level BEGIN on the task's connection (no enclosing transaction to nest in)
    expect(nestingOf(code)).toEqual({
      'db.tx(async (t) => {': 'separate',
      "t.tx('inner', async (t2) => { t2; })": 'savepoint',
      "db.tx({ tag: 'x', mode: null }, (trx) => trx.any('SELECT 1'))": 'separate',
      'db.txIf(async (maybe) => { maybe; })': 'separate',
    });
  });

  it('tracks db.connect() as a dedicated connection released with done()', () => {
    const code = `
      const pgp = require('pg-promise')();
      const db = pgp('postgres://');
      async function listen() {
        const sco = await db.connect();
        try {
          await sco.none('LISTEN events');
          await sco.tx(async (t) => { t; });
        } finally {
          sco.done();
        }
      }
    `;
    expect(valuesOfIdentifier(code, 'sco', cjs)).toEqual(Array(4).fill('pg-promise:Connected'));
    expect(valuesOfIdentifier(code, 't', cjs)).toEqual(['pg-promise:Tx', 'pg-promise:Tx']);
    expect(modelledCalls(code, cjs).slice(2)).toEqual([
      { text: 'db.connect()', shape: 'pg-promise:Database', method: 'connect', effect: 'acquire' },
      { text: "sco.none('LISTEN events')", shape: 'pg-promise:Connected', method: 'none' },
      { text: 'sco.tx(async (t) => { t; })', shape: 'pg-promise:Connected', method: 'tx', callback: true },
      { text: 'sco.done()', shape: 'pg-promise:Connected', method: 'done', effect: 'release' },
    ]);
  });

  it('knows parameters by their type annotation', () => {
    const code = `
      import type { IDatabase, ITask, IConnected, IBaseProtocol } from 'pg-promise';
      import * as pgPromise from 'pg-promise';
      export function f(db: IDatabase<{}>, t: ITask<{}>, sco: IConnected<{}, any>, either: IBaseProtocol<{}>, other: pgPromise.IDatabase<{}>) {
        db; t; sco; either; other;
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['pg-promise:Database', 'pg-promise:Database']);
    expect(valuesOfIdentifier(code, 't')).toEqual(['pg-promise:Task', 'pg-promise:Task']);
    expect(valuesOfIdentifier(code, 'sco')).toEqual(['pg-promise:Connected', 'pg-promise:Connected']);
    expect(valuesOfIdentifier(code, 'either')).toEqual(['pg-promise:Protocol', 'pg-promise:Protocol']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['pg-promise:Database', 'pg-promise:Database']);
  });

  it('follows a Database injected into a class', () => {
    const code = `
      import type { IDatabase } from 'pg-promise';
      export class UsersRepository {
        constructor(private readonly db: IDatabase<unknown>) {}
        find(id: number) { return this.db.oneOrNone('SELECT * FROM users WHERE id = $1', id); }
      }
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(['pg-promise:Database', 'pg-promise:Database']);
  });

  it('ignores local look-alikes and other modules', () => {
    expect(valuesOfIdentifier(`const pgp = (cn) => ({ cn }); const db = pgp('postgres://'); db;`, 'db')).toEqual([undefined, undefined]);
    expect(
      valuesOfIdentifier(`function require() {} const db = require('pg-promise')()('postgres://'); db;`, 'db', { javascript: true }),
    ).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import pgPromise from './pg-promise'; const db = pgPromise()(cn); db;`, 'db')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`const db = { tx(cb) { return cb(this); } }; db.tx((t) => t);`, 't')).toEqual([undefined, undefined]);
  });
});
