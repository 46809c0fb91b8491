import { describe, expect, it } from 'vitest';
import { modelledCalls, nodesOf, probe, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: mikro-orm', () => {
  it('tracks MikroORM.init, orm.em, em.fork() and close', () => {
    const code = `
      import { MikroORM } from '@mikro-orm/postgresql';
      const orm = await MikroORM.init({ dbName: 'app' });
      export async function handler() {
        const em = orm.em.fork();
        return em;
      }
      export async function shutdown() { await orm.close(); }
    `;
    expect(valuesOfIdentifier(code, 'orm')).toEqual(['mikro-orm:MikroORM', 'mikro-orm:MikroORM', 'mikro-orm:MikroORM']);
    expect(valuesOfIdentifier(code, 'em')).toEqual([
      'mikro-orm:ForkedEntityManager',
      'mikro-orm:EntityManager',
      'mikro-orm:ForkedEntityManager',
    ]);
    expect(modelledCalls(code)).toEqual([
      { text: "MikroORM.init({ dbName: 'app' })", shape: 'mikro-orm:PostgreSqlMikroORMClass', method: 'init', createsEngine: true },
      // A fork is the per-request unit of work over the same pool: no engine.
      { text: 'orm.em.fork()', shape: 'mikro-orm:EntityManager', method: 'fork' },
      { text: 'orm.close()', shape: 'mikro-orm:MikroORM', method: 'close', effect: 'close' },
    ]);
  });

  it('tracks new MikroORM, initSync and every import style', () => {
    expect(modelledCalls(`import { MikroORM } from '@mikro-orm/core'; new MikroORM({}); MikroORM.initSync({});`)).toEqual([
      { text: 'new MikroORM({})', shape: 'mikro-orm:MikroORMClass', createsEngine: true },
      { text: 'MikroORM.initSync({})', shape: 'mikro-orm:MikroORMClass', method: 'initSync', createsEngine: true },
    ]);
    expect(valuesOfIdentifier(`import * as m from '@mikro-orm/core'; const orm = await m.MikroORM.init(); orm;`, 'orm')).toEqual([
      'mikro-orm:MikroORM',
      'mikro-orm:MikroORM',
    ]);
    expect(
      valuesOfIdentifier(`const { MikroORM } = require('@mikro-orm/postgresql'); MikroORM.init().then((orm) => orm);`, 'orm', cjs),
    ).toEqual(['mikro-orm:MikroORM', 'mikro-orm:MikroORM']);
    expect(valuesOfIdentifier(`const orm = new (require('@mikro-orm/core').MikroORM)({}); orm;`, 'orm', cjs)).toEqual([
      'mikro-orm:MikroORM',
      'mikro-orm:MikroORM',
    ]);
    expect(
      valuesOfIdentifier(`import m = require('@mikro-orm/knex'); const orm = m.MikroORM.initSync({}); orm;`, 'orm', { sourceType: 'commonjs' }),
    ).toEqual(['mikro-orm:MikroORM', 'mikro-orm:MikroORM']);
    expect(valuesOfIdentifier(`import { MikroORM } from '@mikro-orm/sql'; const orm = new MikroORM({}); orm;`, 'orm')).toEqual([
      'mikro-orm:MikroORM',
      'mikro-orm:MikroORM',
    ]);
  });

  it('gives em.transactional callbacks the transactional EntityManager; the global em nests as a savepoint, a fork does not', () => {
    const code = `
      import { MikroORM } from '@mikro-orm/postgresql';
      const orm = await MikroORM.init();
      await orm.em.transactional(async (tem) => {
        await tem.execute('select 1');
        await tem.transactional(async (inner) => inner);
        await orm.em.transactional(async (viaGlobal) => viaGlobal);
      }, { isolationLevel: 'serializable' });
      const fork = orm.em.fork();
      await fork.transactional(async (ftem) => {
        await fork.transactional(async (other) => other);
        await ftem.fork().transactional(async (again) => again);
      });
    `;
    expect(valuesOfIdentifier(code, 'em')).toEqual(['mikro-orm:EntityManager', 'mikro-orm:EntityManager', 'mikro-orm:EntityManager']);
    expect(valuesOfIdentifier(code, 'tem')).toEqual([
      'mikro-orm:TransactionalEntityManager',
      'mikro-orm:TransactionalEntityManager',
      'mikro-orm:TransactionalEntityManager',
    ]);
    expect(valuesOfIdentifier(code, 'inner')).toEqual(['mikro-orm:TransactionalEntityManager', 'mikro-orm:TransactionalEntityManager']);
    const nesting = probe(code, (analysis, ast) =>
      nodesOf(ast, 'CallExpression')
        .sort((a, b) => a.range[0] - b.range[0])
        .flatMap((call) => {
          const info = analysis.values.callOf(call);
          return info?.spec.nesting ? [`${info.shape.key}.${info.method}: ${info.spec.nesting}${info.callback ? ' (callback)' : ''}`] : [];
        }),
    );
    expect(nesting).toEqual([
      'mikro-orm:EntityManager.transactional: savepoint (callback)',
      'mikro-orm:TransactionalEntityManager.transactional: savepoint (callback)',
      // The global em resolves to the open transaction through the async context.
      'mikro-orm:EntityManager.transactional: savepoint (callback)',
      // A fork does not: its transactional is a new transaction on another connection.
      'mikro-orm:ForkedEntityManager.transactional: separate (callback)',
      'mikro-orm:ForkedEntityManager.transactional: separate (callback)',
      'mikro-orm:ForkedEntityManager.transactional: separate (callback)',
    ]);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['mikro-orm:TransactionalEntityManager', 'mikro-orm:TransactionalEntityManager']);
  });

  it('tracks the unmanaged begin / commit / rollback on a fork, and raw SQL', () => {
    const code = `
      import { MikroORM } from '@mikro-orm/core';
      const orm = MikroORM.initSync({});
      export async function f() {
        const em = orm.em.fork();
        await em.begin();
        try {
          await em.getConnection().execute('select 1');
          await em.commit();
        } catch (e) {
          await em.rollback();
          throw e;
        }
      }
    `;
    expect(modelledCalls(code).filter((call) => call.method !== undefined)).toEqual([
      { text: 'MikroORM.initSync({})', shape: 'mikro-orm:MikroORMClass', method: 'initSync', createsEngine: true },
      { text: 'orm.em.fork()', shape: 'mikro-orm:EntityManager', method: 'fork' },
      { text: 'em.begin()', shape: 'mikro-orm:ForkedEntityManager', method: 'begin', effect: 'begin' },
      { text: "em.getConnection().execute('select 1')", shape: 'mikro-orm:Connection', method: 'execute' },
      { text: 'em.getConnection()', shape: 'mikro-orm:ForkedEntityManager', method: 'getConnection' },
      { text: 'em.commit()', shape: 'mikro-orm:ForkedEntityManager', method: 'commit', effect: 'commit' },
      { text: 'em.rollback()', shape: 'mikro-orm:ForkedEntityManager', method: 'rollback', effect: 'rollback' },
    ]);
  });

  it('knows the MikroORM and EntityManager types (NestJS-style injection)', () => {
    const code = `
      import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
      import type { SqlEntityManager } from '@mikro-orm/knex';
      import * as core from '@mikro-orm/core';
      class UserService {
        constructor(private readonly em: EntityManager, private readonly orm: MikroORM) {}
        run(sqlEm: SqlEntityManager, coreEm: core.EntityManager) { this.em; this.orm; sqlEm; coreEm; }
      }
    `;
    expect(valuesOfIdentifier(code, 'em')).toEqual(['mikro-orm:EntityManager', 'mikro-orm:EntityManager']);
    expect(valuesOfIdentifier(code, 'orm')).toEqual(['mikro-orm:MikroORM', 'mikro-orm:MikroORM']);
    expect(valuesOfIdentifier(code, 'sqlEm')).toEqual(['mikro-orm:EntityManager', 'mikro-orm:EntityManager']);
    expect(valuesOfIdentifier(code, 'coreEm')).toEqual(['mikro-orm:EntityManager', 'mikro-orm:EntityManager']);
  });

  it('knows the Kysely class that v7 @mikro-orm/postgresql re-exports', () => {
    expect(valuesOfIdentifier(`import { Kysely } from '@mikro-orm/postgresql'; const db = new Kysely({ dialect }); db;`, 'db')).toEqual([
      'kysely:Kysely',
      'kysely:Kysely',
    ]);
  });

  it('follows a subclass of MikroORM', () => {
    const code = `
      import { MikroORM } from '@mikro-orm/postgresql';
      class AppOrm extends MikroORM {}
      const orm = new AppOrm({});
      orm;
    `;
    expect(valuesOfIdentifier(code, 'orm')).toEqual(['mikro-orm:MikroORM', 'mikro-orm:MikroORM']);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`class MikroORM { static init() {} } const orm = await MikroORM.init(); orm;`, 'orm')).toEqual([
      undefined,
      undefined,
    ]);
    expect(valuesOfIdentifier(`import { MikroORM } from './mikro-orm'; const orm = new MikroORM({}); orm;`, 'orm')).toEqual([
      undefined,
      undefined,
    ]);
    expect(
      valuesOfIdentifier(`import { MikroORM } from '@mikro-orm/core'; function f(MikroORM) { const orm = new MikroORM(); orm; }`, 'orm'),
    ).toEqual([undefined, undefined]);
  });
});
