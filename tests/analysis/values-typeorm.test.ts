import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: typeorm', () => {
  it('tracks new DataSource, initialize and destroy', () => {
    const code = `
      import { DataSource } from 'typeorm';
      export const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      export async function boot() {
        const ds = await AppDataSource.initialize();
        await ds.query('select 1');
        await AppDataSource.destroy();
      }
    `;
    expect(valuesOfIdentifier(code, 'AppDataSource')).toEqual(['typeorm:DataSource', 'typeorm:DataSource', 'typeorm:DataSource']);
    expect(valuesOfIdentifier(code, 'ds')).toEqual(['typeorm:DataSource', 'typeorm:DataSource']);
    expect(modelledCalls(code)).toEqual([
      {
        text: "new DataSource({ type: 'postgres', url: process.env.DATABASE_URL })",
        shape: 'typeorm:DataSourceClass',
        createsEngine: true,
      },
      { text: 'AppDataSource.initialize()', shape: 'typeorm:DataSource', method: 'initialize' },
      { text: "ds.query('select 1')", shape: 'typeorm:DataSource', method: 'query' },
      { text: 'AppDataSource.destroy()', shape: 'typeorm:DataSource', method: 'destroy', effect: 'close' },
    ]);
  });

  it('tracks the default, namespace, CommonJS and import-equals forms', () => {
    expect(valuesOfIdentifier(`import typeorm from 'typeorm'; const ds = new typeorm.DataSource({}); ds;`, 'ds')).toEqual([
      'typeorm:DataSource',
      'typeorm:DataSource',
    ]);
    expect(valuesOfIdentifier(`import * as typeorm from 'typeorm'; const ds = new typeorm.DataSource({}); ds;`, 'ds')).toEqual([
      'typeorm:DataSource',
      'typeorm:DataSource',
    ]);
    expect(valuesOfIdentifier(`const { DataSource } = require('typeorm'); const ds = new DataSource({}); ds;`, 'ds', cjs)).toEqual([
      'typeorm:DataSource',
      'typeorm:DataSource',
    ]);
    expect(valuesOfIdentifier(`const typeorm = require('typeorm'); const ds = new typeorm.DataSource({}); ds;`, 'ds', cjs)).toEqual([
      'typeorm:DataSource',
      'typeorm:DataSource',
    ]);
    expect(valuesOfIdentifier(`const ds = new (require('typeorm').DataSource)({}); ds;`, 'ds', cjs)).toEqual([
      'typeorm:DataSource',
      'typeorm:DataSource',
    ]);
    expect(
      valuesOfIdentifier(`import typeorm = require('typeorm'); const ds = new typeorm.DataSource({}); ds;`, 'ds', { sourceType: 'commonjs' }),
    ).toEqual(['typeorm:DataSource', 'typeorm:DataSource']);
  });

  it('tracks the legacy connection API as engine construction', () => {
    const code = `
      import { createConnection, getConnectionManager, getManager, Connection } from 'typeorm';
      export async function legacy() {
        const conn = await createConnection();
        const made = getConnectionManager().create({ type: 'postgres' });
        const old = new Connection({ type: 'postgres' });
        const manager = getManager();
        await conn.close();
      }
    `;
    expect(valuesOfIdentifier(code, 'conn')).toEqual(['typeorm:DataSource', 'typeorm:DataSource']);
    expect(valuesOfIdentifier(code, 'made')).toEqual(['typeorm:DataSource']);
    expect(valuesOfIdentifier(code, 'old')).toEqual(['typeorm:DataSource']);
    expect(valuesOfIdentifier(code, 'manager')).toEqual(['typeorm:EntityManager']);
    expect(modelledCalls(code)).toEqual([
      { text: 'createConnection()', shape: 'typeorm:createConnection', createsEngine: true },
      { text: "getConnectionManager().create({ type: 'postgres' })", shape: 'typeorm:ConnectionManager', method: 'create', createsEngine: true },
      { text: 'getConnectionManager()', shape: 'typeorm:getConnectionManager' },
      { text: "new Connection({ type: 'postgres' })", shape: 'typeorm:DataSourceClass', createsEngine: true },
      { text: 'getManager()', shape: 'typeorm:getManager' },
      { text: 'conn.close()', shape: 'typeorm:DataSource', method: 'close', effect: 'close' },
    ]);
  });

  it('tracks query runners: acquire, unmanaged transaction, release', () => {
    const code = `
      import { DataSource } from 'typeorm';
      const dataSource = new DataSource({ type: 'postgres' });
      export async function transfer() {
        const queryRunner = dataSource.createQueryRunner();
        await queryRunner.connect();
        await queryRunner.startTransaction();
        try {
          await queryRunner.manager.save({});
          await queryRunner.query('update accounts set balance = 0');
          await queryRunner.commitTransaction();
        } catch (err) {
          await queryRunner.rollbackTransaction();
        } finally {
          await queryRunner.release();
        }
      }
    `;
    expect(valuesOfIdentifier(code, 'queryRunner').every((v) => v === 'typeorm:QueryRunner')).toBe(true);
    expect(valuesOfIdentifier(code, 'manager')).toEqual(['typeorm:QueryRunnerManager']);
    expect(modelledCalls(code)).toEqual([
      { text: "new DataSource({ type: 'postgres' })", shape: 'typeorm:DataSourceClass', createsEngine: true },
      { text: 'dataSource.createQueryRunner()', shape: 'typeorm:DataSource', method: 'createQueryRunner', effect: 'acquire' },
      { text: 'queryRunner.connect()', shape: 'typeorm:QueryRunner', method: 'connect' },
      { text: 'queryRunner.startTransaction()', shape: 'typeorm:QueryRunner', method: 'startTransaction', effect: 'begin' },
      { text: "queryRunner.query('update accounts set balance = 0')", shape: 'typeorm:QueryRunner', method: 'query' },
      { text: 'queryRunner.commitTransaction()', shape: 'typeorm:QueryRunner', method: 'commitTransaction', effect: 'commit' },
      { text: 'queryRunner.rollbackTransaction()', shape: 'typeorm:QueryRunner', method: 'rollbackTransaction', effect: 'rollback' },
      { text: 'queryRunner.release()', shape: 'typeorm:QueryRunner', method: 'release', effect: 'release' },
    ]);
  });

  it('knows the managed transaction callback manager and its nested transactions', () => {
    const code = `
      import { DataSource } from 'typeorm';
      const dataSource = new DataSource({ type: 'postgres' });
      export async function f() {
        await dataSource.transaction(async (em) => {
          await em.query('select 1');
          await em.transaction(async (inner) => { inner; });
        });
        await dataSource.manager.transaction('SERIALIZABLE', async (tm) => { tm; });
        await dataSource.sql\`select 1\`;
      }
    `;
    expect(valuesOfIdentifier(code, 'em')).toEqual(['typeorm:TransactionManager', 'typeorm:TransactionManager', 'typeorm:TransactionManager']);
    expect(valuesOfIdentifier(code, 'inner')).toEqual(['typeorm:TransactionManager', 'typeorm:TransactionManager']);
    expect(valuesOfIdentifier(code, 'tm')).toEqual(['typeorm:TransactionManager', 'typeorm:TransactionManager']);
    expect(modelledCalls(code)).toEqual([
      { text: "new DataSource({ type: 'postgres' })", shape: 'typeorm:DataSourceClass', createsEngine: true },
      { text: 'dataSource.transaction(async (em) => {', shape: 'typeorm:DataSource', method: 'transaction', callback: true },
      { text: "em.query('select 1')", shape: 'typeorm:TransactionManager', method: 'query' },
      { text: 'em.transaction(async (inner) => { inner; })', shape: 'typeorm:TransactionManager', method: 'transaction', callback: true },
      {
        text: "dataSource.manager.transaction('SERIALIZABLE', async (tm) => { tm; })",
        shape: 'typeorm:EntityManager',
        method: 'transaction',
        callback: true,
      },
      { text: 'dataSource.sql`select 1`', shape: 'typeorm:SqlTag' },
    ]);
  });

  it('knows injected and annotated parameters by their type', () => {
    const code = `
      import { DataSource, EntityManager, QueryRunner, Repository } from 'typeorm';
      import type * as orm from 'typeorm';
      class UserService {
        constructor(private readonly dataSource: DataSource, private readonly users: Repository<object>) {}
        run() { this.dataSource; this.users; }
      }
      export function withRunner(qr: QueryRunner, em: EntityManager, other: orm.DataSource) { qr; em; other; }
    `;
    expect(valuesOfIdentifier(code, 'dataSource')).toEqual(['typeorm:DataSource', 'typeorm:DataSource']);
    expect(valuesOfIdentifier(code, 'users')).toEqual(['typeorm:Repository', 'typeorm:Repository']);
    expect(valuesOfIdentifier(code, 'qr')).toEqual(['typeorm:QueryRunner', 'typeorm:QueryRunner']);
    expect(valuesOfIdentifier(code, 'em')).toEqual(['typeorm:EntityManager', 'typeorm:EntityManager']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['typeorm:DataSource', 'typeorm:DataSource']);
  });

  it('tracks repositories and active-record entities', () => {
    const code = `
      import { BaseEntity, DataSource } from 'typeorm';
      class User extends BaseEntity {}
      const dataSource = new DataSource({ type: 'postgres' });
      const repo = dataSource.getRepository(User);
      repo.query('select 1');
      User.query('select 2');
    `;
    expect(valuesOfIdentifier(code, 'repo')).toEqual(['typeorm:Repository', 'typeorm:Repository']);
    expect(modelledCalls(code).map((c) => [c.shape, c.method])).toEqual([
      ['typeorm:DataSourceClass', undefined],
      ['typeorm:DataSource', 'getRepository'],
      ['typeorm:Repository', 'query'],
      ['typeorm:BaseEntity', 'query'],
    ]);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`class DataSource {} const ds = new DataSource(); ds;`, 'ds')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { DataSource } from './typeorm'; const ds = new DataSource(); ds;`, 'ds')).toEqual([
      undefined,
      undefined,
    ]);
    expect(
      valuesOfIdentifier(`const ds = { transaction: (fn) => fn({}) }; ds.transaction(async (em) => { em; });`, 'em'),
    ).toEqual([undefined, undefined]);
  });
});
