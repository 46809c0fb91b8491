import { afterEach, describe, expect, it } from 'vitest';
import { serializeFacts } from '../../lib/project/facts';
import { indexProject } from '../../lib/project/indexer';
import { indexed, type IndexedProject } from './helpers';

const projects: IndexedProject[] = [];
function project(files: Record<string, string>, options?: { cache?: boolean }): IndexedProject {
  const result = indexed(files, options);
  projects.push(result);
  return result;
}
afterEach(() => {
  for (const p of projects.splice(0)) {
    p.remove();
  }
});

describe('values', () => {
  it('an exported engine, a default export, and an engine built over an imported pool', () => {
    const p = project({
      'src/pool.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'src/db.ts': "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { pool } from './pool';\nexport const db = drizzle(pool);\n",
      'src/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport default new PrismaClient();\n",
    });
    expect(p.exportsOf('src/pool.ts')).toEqual({ pool: 'pg:Pool' });
    expect(p.exportsOf('src/db.ts')).toEqual({ db: 'drizzle:NodePgDatabase' });
    expect(p.exportsOf('src/prisma.ts')).toEqual({ default: 'prisma:PrismaClient' });
  });

  it('a NestJS service extending PrismaClient: its instances are engines, built per `new`', () => {
    const p = project({
      'src/prisma.service.ts':
        "import { Injectable, OnModuleInit } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n\n" +
        '@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n',
    });
    expect(p.exportsOf('src/prisma.service.ts')).toEqual({ PrismaService: { instance: 'prisma:PrismaClient', createsEngine: true } });
  });

  it('the engine a factory of the same module returns, and model classes (also through a base class of another module)', () => {
    const p = project({
      'src/database.ts':
        "import { Sequelize } from 'sequelize-typescript';\n" +
        'export function createDatabaseInstance(url: string) {\n  return new Sequelize(url, { dialectOptions: { application_name: "api" } });\n}\n' +
        'export const sequelize = createDatabaseInstance(process.env.DATABASE_URL!);\n',
      'src/models/base.ts': "import { Model as SequelizeModel } from 'sequelize-typescript';\nexport default class Model extends SequelizeModel {}\n",
      'src/models/team.ts': "import Model from './base';\nexport default class Team extends Model {}\n",
    });
    expect(p.exportsOf('src/database.ts')).toEqual({
      createDatabaseInstance: { createsEngine: true, returns: 'sequelize:Sequelize' },
      sequelize: 'sequelize:Sequelize',
    });
    expect(p.exportsOf('src/models/base.ts')).toEqual({ default: 'sequelize:Model' });
    expect(p.exportsOf('src/models/team.ts')).toEqual({ default: 'sequelize:Model' });
  });

  it("Prisma's Next.js recipe: the client cached on globalThis, else built by the module's factory", () => {
    const p = project({
      'lib/prisma.ts':
        "import { PrismaClient } from '@prisma/client';\n" +
        'const prismaClientSingleton = () => {\n  return new PrismaClient();\n};\n' +
        'declare const globalThis: { prismaGlobal: ReturnType<typeof prismaClientSingleton> } & typeof global;\n' +
        'const prisma = globalThis.prismaGlobal ?? prismaClientSingleton();\nexport default prisma;\n' +
        "if (process.env.NODE_ENV !== 'production') globalThis.prismaGlobal = prisma;\n",
      'lib/db.ts':
        "import { PrismaClient } from './generated/prisma/client';\n" +
        'const getPrismaClient = () => {\n  const prisma = new PrismaClient().$extends({});\n  return prisma;\n};\n' +
        'const globalForPrisma = globalThis as unknown as { prisma: ReturnType<typeof getPrismaClient> };\n' +
        'export const db = globalForPrisma.prisma ?? getPrismaClient();\n',
    });
    expect(p.exportsOf('lib/prisma.ts')).toEqual({ default: 'prisma:PrismaClient' });
    expect(p.exportsOf('lib/db.ts')).toEqual({ db: 'prisma:PrismaClient' });
  });

  it('`export default { sequelize, User }`: the members of a default-exported object are names of the module', () => {
    const p = project({
      'src/models.ts':
        "import { Model, Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!);\n" +
        'class User extends Model {}\nconst label = "models";\nexport default { sequelize, User, label, ...{}, ["computed" + 1]: User };\n',
    });
    expect(p.exportsOf('src/models.ts')).toEqual({ sequelize: 'sequelize:Sequelize', User: 'sequelize:Model' });
  });

  it('an exported name that is also a type (`type pool = typeof pool`) is read as the value', () => {
    const p = project({
      'src/db.ts':
        "import pg from 'pg';\nconst { Pool } = pg;\ntype Pool = InstanceType<typeof Pool>;\nconst pool = new Pool();\ntype pool = typeof pool;\n" +
        'export { Pool, pool };\nexport default pool;\n',
    });
    expect(p.exportsOf('src/db.ts')).toEqual({ Pool: 'pg:PoolClass', pool: 'pg:Pool', default: 'pg:Pool' });
  });

  it('CommonJS: module.exports objects, exports.x and module.exports.x', () => {
    const p = project({
      'src/db.js':
        "const { Pool } = require('pg');\nconst pool = new Pool();\nfunction query(text, values) {\n  return pool.query(text, values);\n}\n" +
        'module.exports = { pool, query };\n',
      'src/knex.js': "const knex = require('knex');\nexports.db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n",
      'src/single.cjs': "const postgres = require('postgres');\nmodule.exports.sql = postgres(process.env.DATABASE_URL, { prepare: false });\n",
    });
    expect(p.exportsOf('src/db.js')).toEqual({ pool: 'pg:Pool', query: { pooledSql: { arg: 0, via: 'a wrapper of the pg Pool `pool`' } } });
    expect(p.exportsOf('src/knex.js')).toEqual({ db: 'knex:Knex' });
    expect(p.exportsOf('src/single.cjs')).toEqual({ sql: 'postgres-js:Sql' });
  });

  it('modules that export nothing database-related have no entry', () => {
    const p = project({
      'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
      'src/pool.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport function count() {\n  return 1;\n}\n",
    });
    expect(p.index.facts.modules).toEqual({});
  });
});

describe('functions', () => {
  it('builds an engine on every call, also through another module, but not a lazily cached one', () => {
    const p = project({
      'src/factory.ts': "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool({ max: 5 });\n}\n",
      'src/repo.ts':
        "import { makePool } from './factory';\nexport function ordersRepository() {\n  const pool = makePool();\n  return { list: () => pool.query('select 1') };\n}\n",
      'src/cached.ts':
        "import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  pool ??= new Pool();\n  return pool;\n}\n",
    });
    expect(p.exportsOf('src/factory.ts')).toEqual({ makePool: { returns: 'pg:Pool', createsEngine: true } });
    expect(p.exportsOf('src/repo.ts')).toEqual({ ordersRepository: { createsEngine: true } });
    expect(p.exportsOf('src/cached.ts')?.getPool).toEqual({ returns: 'pg:Pool' });
  });

  it('an engine kept in a cache (early return on a hit, stored on a miss) is not built per call', () => {
    const p = project({
      'src/tenants.ts':
        "import { DataSource, type DataSourceOptions } from 'typeorm';\nconst cache = new Map<string, DataSource>();\n" +
        'export async function tenantSource(id: string, options: DataSourceOptions) {\n  const hit = cache.get(id);\n  if (hit) {\n    return hit;\n  }\n' +
        '  const source = new DataSource({ ...options, schema: id });\n  await source.initialize();\n  cache.set(id, source);\n  return source;\n}\n' +
        'export async function uncached(options: DataSourceOptions) {\n  const source = new DataSource(options);\n  await source.initialize();\n  return source;\n}\n' +
        "export async function scratch(options: DataSourceOptions) {\n  const source = new DataSource(options);\n  await source.initialize();\n  await source.query('select 1');\n  await source.destroy();\n}\n",
    });
    expect(p.exportsOf('src/tenants.ts')).toEqual({
      uncached: { resolves: 'typeorm:DataSource', createsEngine: true },
      scratch: { createsEngine: true },
    });
  });

  it('acquires a connection, or begins a transaction, that the caller must end', () => {
    const p = project({
      'src/pg.ts':
        "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function getClient() {\n  const client = await pool.connect();\n  return client;\n}\n" +
        'export async function maybeClient(wanted: boolean) {\n  if (!wanted) {\n    return null;\n  }\n  return pool.connect();\n}\n',
      'src/knex.ts':
        "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\nexport function beginTx() {\n  return db.transaction();\n}\n",
    });
    expect(p.exportsOf('src/pg.ts')).toEqual({
      getClient: { resolves: 'pg:PoolClient', effect: 'acquire' },
      maybeClient: { resolves: 'pg:PoolClient', effect: 'acquire' },
    });
    // One the function keeps too is not the caller's to release.
    const kept = project({
      'src/listen.ts':
        "import { Pool, type PoolClient } from 'pg';\nconst pool = new Pool();\nconst held: PoolClient[] = [];\n" +
        'export async function listener() {\n  const client = await pool.connect();\n  held.push(client);\n  return client;\n}\n',
    });
    expect(kept.exportsOf('src/listen.ts')).toEqual({ listener: { resolves: 'pg:PoolClient' } });
    expect(p.exportsOf('src/knex.ts')).toEqual({ beginTx: { resolves: 'knex:Transaction', effect: 'begin', transacts: true } });
  });

  it('runs its callback in a managed transaction: handed over, wrapped, or through another wrapper', () => {
    const p = project({
      'src/db.ts':
        "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n" +
        'export function withTransaction(work) {\n  return prisma.$transaction(work);\n}\n',
      'src/knex.ts':
        "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n" +
        'export async function inTx(label, work) {\n  return db.transaction(async (trx) => work(trx));\n}\n',
      'src/tx.ts': "import { withTransaction } from './db';\nexport const run = (fn) => withTransaction(fn);\n",
    });
    const callback = { arg: 0, params: ['prisma:TransactionClient'], scope: 'transaction' };
    expect(p.exportsOf('src/db.ts')).toEqual({ withTransaction: { callback, transacts: true } });
    expect(p.exportsOf('src/knex.ts')).toEqual({ inTx: { callback: { arg: 1, params: ['knex:Transaction'], scope: 'transaction' }, transacts: true } });
    expect(p.exportsOf('src/tx.ts')).toEqual({ run: { callback, transacts: true } });
  });

  it('what it does with the handle it receives: releases it on every path, or only queries through it', () => {
    const p = project({
      'src/pg.ts':
        "import type { PoolClient } from 'pg';\n" +
        'export async function insertAudit(client: PoolClient, message: string) {\n  await client.query("insert into audit values ($1)", [message]);\n}\n' +
        'export function finish(client: PoolClient) {\n  client.release();\n}\n' +
        'export function keep(client: PoolClient) {\n  clients.push(client);\n  return client.query("select 1");\n}\n' +
        'const clients: PoolClient[] = [];\n',
    });
    expect(p.exportsOf('src/pg.ts')).toEqual({
      insertAudit: { handles: [{ connection: 'uses', transaction: 'uses' }] },
      finish: { handles: [{ connection: 'closes', transaction: 'uses' }] },
    });
  });

  it('begins its own transaction, waits for slow work, queries an engine it does not receive', () => {
    const p = project({
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/users.ts':
        "import { prisma } from './db';\n" +
        'export async function transferCredit(from: number, to: number) {\n  await prisma.$transaction(async (tx) => {\n    await tx.account.update({ where: { id: from }, data: {} });\n  });\n}\n' +
        'export async function createUser(tx, email: string) {\n  const user = await tx.user.create({ data: { email } });\n  await prisma.auditLog.create({ data: { userId: user.id } });\n  return user;\n}\n',
      'src/mailer.ts': "export async function notify(order) {\n  await fetch('https://example.com/hook', { method: 'POST', body: JSON.stringify(order) });\n}\n" +
        'export function later(order) {\n  void fetch(`https://example.com/${order.id}`);\n}\n',
    });
    expect(p.exportsOf('src/users.ts')).toEqual({
      transferCredit: { transacts: true },
      createUser: { handles: [{ connection: 'uses', transaction: 'uses' }], outer: 'prisma' },
    });
    expect(p.exportsOf('src/mailer.ts')).toEqual({ notify: { slow: 'an HTTP request' } });
  });
});

describe('a parameter that falls back to an engine', () => {
  it('`executor = db`, `(trx ?? db)`, `trx || knex` with `trx = null`, and a class method defaulting to `this.dataSource.manager`', () => {
    const p = project({
      'src/db.ts': "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(process.env.DATABASE_URL!);\n",
      'src/knex.ts': "import Knex from 'knex';\nexport const knex = Knex({ client: 'pg' });\n",
      'src/audit.ts':
        "import { db } from './db';\nimport { knex } from './knex';\n" +
        'export async function insertAudit(entry: { action: string }, executor = db) {\n  await executor.insert(auditLog).values(entry);\n}\n' +
        'export async function findUser(id: number, trx?: typeof db) {\n  return (trx ?? db).select().from(users).where(eq(users.id, id));\n}\n' +
        "export async function archive(id: number, reason: string, trx = null) {\n  const q = trx || knex;\n  await q('orders').where({ id }).update({ reason });\n}\n" +
        'export const insertUser = async (executor = db, name: string) => {\n  await executor.insert(users).values({ name });\n};\n',
      'src/orders.repository.ts':
        "import { Injectable } from '@nestjs/common';\nimport { DataSource, EntityManager } from 'typeorm';\n" +
        '@Injectable()\nexport class OrdersRepository {\n  constructor(private readonly dataSource: DataSource) {}\n' +
        '  async save(order: object, manager: EntityManager = this.dataSource.manager) {\n    return manager.save(order);\n  }\n}\n',
    });
    expect(p.exportsOf('src/audit.ts')).toEqual({
      insertAudit: { fallback: { arg: 1, param: 'executor', engine: 'db' } },
      findUser: { fallback: { arg: 1, param: 'trx', engine: 'db' }, resolves: 'drizzle:NodePgQuery' },
      archive: { fallback: { arg: 2, param: 'trx', engine: 'knex' } },
      insertUser: { fallback: { arg: 0, param: 'executor', engine: 'db' } },
    });
    expect(p.exportsOf('src/orders.repository.ts')).toEqual({
      OrdersRepository: { methods: { save: { fallback: { arg: 1, param: 'manager', engine: 'this.dataSource.manager' } } } },
    });
  });

  it('no fact for a default that is no engine, one built inside, `&&`, or a parameter that defaults to something else', () => {
    const p = project({
      'src/db.ts': "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(process.env.DATABASE_URL!);\n",
      'src/audit.ts':
        "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { db } from './db';\n" +
        'export async function label(id: number, prefix = "#") {\n  return prefix + id;\n}\n' +
        'export async function local(entry: object, executor = drizzle(process.env.URL!)) {\n  await executor.insert(auditLog).values(entry);\n}\n' +
        'export async function both(entry: object, trx?: typeof db) {\n  await (trx && db).insert(auditLog).values(entry);\n}\n' +
        'export async function other(entry: object, trx = replica) {\n  await (trx ?? db).insert(auditLog).values(entry);\n}\n' +
        'const replica = {};\n',
    });
    expect(p.exportsOf('src/audit.ts')).toBeUndefined();
  });

  it('through a resolver of the module: `getDbClient(tx)` with `getDbClient = (tx?) => tx ?? prisma`', () => {
    const p = project({
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/team.ts':
        "import { PrismaClient, type Prisma } from '@prisma/client';\nimport { prisma } from './db';\n" +
        'const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;\n' +
        'export async function getTeam(id: string, tx?: Prisma.TransactionClient) {\n  return getDbClient(tx).team.findUnique({ where: { id } });\n}\n' +
        'export async function addMember(teamId: string, userId: string, tx?: Prisma.TransactionClient) {\n  const client = getDbClient(tx);\n  await client.membership.create({ data: { teamId, userId } });\n}\n' +
        // Given a value of its own, or none at all: no parameter falls back.
        'export async function countTeams() {\n  return getDbClient().team.count();\n}\n' +
        'export async function countOnReplica(id: string) {\n  return getDbClient(replica).team.count({ where: { id } });\n}\n' +
        'const replica = new PrismaClient({ datasourceUrl: process.env.REPLICA_URL });\n',
    });
    expect(p.exportsOf('src/team.ts')).toEqual({
      getTeam: { fallback: { arg: 1, param: 'tx', engine: 'prisma' } },
      addMember: { fallback: { arg: 2, param: 'tx', engine: 'prisma' } },
    });
  });

  it('a query made only without the parameter: `if (tx) return tx.…; return prisma.…`, `tx ? tx.… : prisma.…`', () => {
    const p = project({
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/team.ts':
        "import { type Prisma } from '@prisma/client';\nimport { prisma } from './db';\n" +
        'export async function getTeam(id: string, tx?: Prisma.TransactionClient) {\n  if (tx) {\n    return tx.team.findUnique({ where: { id } });\n  }\n  return prisma.team.findUnique({ where: { id } });\n}\n' +
        'export async function countTeams(owner: string, tx?: Prisma.TransactionClient) {\n  return tx ? tx.team.count({ where: { owner } }) : prisma.team.count({ where: { owner } });\n}\n' +
        // Not a test of omission (`!== null`): the engine is queried whatever the caller gives.
        'export async function touch(id: string, tx?: Prisma.TransactionClient | null) {\n  if (tx !== null) await prisma.team.update({ where: { id }, data: {} });\n}\n',
    });
    expect(p.exportsOf('src/team.ts')).toEqual({
      getTeam: { fallback: { arg: 1, param: 'tx', engine: 'prisma' } },
      countTeams: { fallback: { arg: 1, param: 'tx', engine: 'prisma' } },
    });
  });

  it('a property of an options object: `({ id, tx }) => (tx ?? prisma)`, renamed, defaulted, with the whole object defaulted, or read from it', () => {
    const p = project({
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/models.ts':
        "import { type Prisma } from '@prisma/client';\nimport { prisma } from './db';\n" +
        'export const touchModel = async ({ id, tx }: { id: number; tx?: Prisma.TransactionClient }) => {\n  const db = tx ?? prisma;\n  await db.model.update({ where: { id }, data: {} });\n};\n' +
        'export async function stamp(id: number, { tx: client }: { tx?: Prisma.TransactionClient } = {}) {\n  await (client || prisma).model.update({ where: { id }, data: {} });\n}\n' +
        'export async function mark(id: number, { executor = prisma }: { executor?: Prisma.TransactionClient }) {\n  await executor.model.update({ where: { id }, data: {} });\n}\n' +
        // Read from the options parameter, or destructured from it in the body.
        'export async function flag(id: number, opts?: { tx?: Prisma.TransactionClient }) {\n  await (opts?.tx ?? prisma).model.update({ where: { id }, data: {} });\n}\n' +
        'export async function seal(options: { id: number; tx?: Prisma.TransactionClient }) {\n  const { id, tx: db = prisma } = options;\n  await db.model.update({ where: { id }, data: {} });\n}\n' +
        // Reassigned: the property may be set there.
        'export async function reset(opts: { id: number; tx?: Prisma.TransactionClient }) {\n  opts = { tx: undefined, ...opts };\n  await (opts.tx ?? prisma).model.update({ where: { id: opts.id }, data: {} });\n}\n' +
        // Received without a fallback: the caller's client, no fallback.
        'export async function given({ id, tx }: { id: number; tx: Prisma.TransactionClient }) {\n  await tx.model.update({ where: { id }, data: {} });\n}\n',
    });
    expect(p.exportsOf('src/models.ts')).toEqual({
      touchModel: { fallback: { arg: 0, param: 'tx', engine: 'prisma', option: true } },
      stamp: { fallback: { arg: 1, param: 'tx', engine: 'prisma', option: true } },
      mark: { fallback: { arg: 1, param: 'executor', engine: 'prisma', option: true } },
      flag: { fallback: { arg: 1, param: 'tx', engine: 'prisma', option: true } },
      seal: { fallback: { arg: 0, param: 'tx', engine: 'prisma', option: true } },
    });
  });
});

describe('modules', () => {
  it('re-exports: export *, renamed exports, and imported values exported again', () => {
    const p = project({
      'src/db/pool.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\nexport default pool;\n",
      'src/db/index.ts': "export * from './pool';\nexport { pool as primary } from './pool';\n",
      'src/app.ts': "import { pool } from './db';\nexport { pool as appPool };\n",
    });
    expect(p.exportsOf('src/db/index.ts')).toEqual({ pool: 'pg:Pool', primary: 'pg:Pool' });
    expect(p.exportsOf('src/app.ts')).toEqual({ appPool: 'pg:Pool' });
  });

  it('records the non-relative specifiers a module is imported by (tsconfig paths)', () => {
    const p = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['src/*'] }, moduleResolution: 'bundler', module: 'esnext' }, include: ['src'] }),
      'src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'src/routes.ts': "import { pool } from '~/db';\nexport const count = () => pool.query('select 1');\n",
    });
    expect(p.index.config).toMatch(/tsconfig\.json$/);
    expect(p.index.facts.modules['src/db.ts']).toMatchObject({ specifiers: ['~/db'], exports: { pool: 'pg:Pool' } });
  });

  it('a monorepo root that only lists `references`: every referenced project, each resolving with its own options', () => {
    const p = project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: 'packages/db' }, { path: 'packages/api' }] }),
      'packages/db/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, module: 'esnext', moduleResolution: 'bundler' }, include: ['src'] }),
      'packages/db/src/index.ts': "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool();\n}\n",
      'packages/api/tsconfig.json': JSON.stringify({
        compilerOptions: { composite: true, module: 'esnext', moduleResolution: 'bundler', baseUrl: '.', paths: { '@acme/db': ['../db/src/index.ts'] } },
        include: ['src'],
        references: [{ path: '../db' }],
      }),
      'packages/api/src/repo.ts': "import { makePool } from '@acme/db';\nexport const repo = () => makePool().query('select 1');\nexport function freshPool() {\n  return makePool();\n}\n",
    });
    expect(p.index.stats.files).toBe(2);
    expect(p.index.facts.modules['packages/db/src/index.ts']).toMatchObject({ specifiers: ['@acme/db'], exports: { makePool: { returns: 'pg:Pool', createsEngine: true } } });
    expect(p.exportsOf('packages/api/src/repo.ts')).toEqual({ repo: { createsEngine: true }, freshPool: { returns: 'pg:Pool', createsEngine: true } });
  });

  it('import cycles converge, and a syntax error costs that module its facts only', () => {
    const p = project({
      'src/a.ts': "import { Pool } from 'pg';\nimport { b } from './b';\nexport const pool = new Pool();\nexport const a = () => b();\n",
      'src/b.ts': "import { pool } from './a';\nexport const b = () => 1;\nexport const shared = pool;\n",
      'src/broken.ts': "import { Pool } from 'pg';\nexport const pool = new Pool(;\n",
    });
    expect(p.exportsOf('src/a.ts')).toEqual({ pool: 'pg:Pool' });
    expect(p.exportsOf('src/b.ts')).toEqual({ shared: 'pg:Pool' });
    expect(p.exportsOf('src/broken.ts')).toBeUndefined();
  });

  it('writes the same bytes for the same facts, keys sorted', () => {
    const files = {
      'src/z.ts': "import { Pool } from 'pg';\nexport const zPool = new Pool();\nexport const aPool = zPool;\n",
      'src/a.ts': "import { Pool } from 'pg';\nexport function make() {\n  return new Pool();\n}\n",
    };
    const first = serializeFacts(project(files).index.facts);
    const second = serializeFacts(project(files).index.facts);
    expect(first).toBe(second);
    expect(Object.keys(JSON.parse(first).modules)).toEqual(['src/a.ts', 'src/z.ts']);
    expect(first).toMatch(/"aPool": "pg:Pool",\n\s+"zPool"/);
  });
});

describe('incremental indexing', () => {
  it('re-analyses only what changed, and the modules whose imports changed facts', () => {
    const p = project(
      {
        'src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
        'src/users.ts': "import { pool } from './db';\nexport const users = () => pool.query('select 1');\nexport const shared = pool;\n",
        'src/orders.ts': "import { pool } from './db';\nexport const orders = () => pool.query('select 2');\n",
        'src/plain.ts': 'export const answer = 42;\n',
      },
      { cache: true },
    );
    const run = () => indexProject({ cwd: p.dir, cache: '.pgbouncer/index-cache.json' });
    expect(p.index.stats).toMatchObject({ files: 4, analysed: 3, reused: 0 });
    expect(run().stats).toMatchObject({ analysed: 0, reused: 4 });
    // A change that leaves the facts alone: that module only.
    p.write('src/orders.ts', "import { pool } from './db';\nexport const orders = () => pool.query('select 3');\n");
    expect(run().stats).toMatchObject({ analysed: 1, reused: 3 });
    // A change of facts: the module, then its importers.
    p.write('src/db.ts', "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool();\n}\nexport const pool = new Pool();\n");
    const after = run();
    expect(after.stats).toMatchObject({ analysed: 3 });
    expect(after.facts.modules['src/db.ts']?.exports).toEqual({ makePool: { returns: 'pg:Pool', createsEngine: true }, pool: 'pg:Pool' });
  });
});

describe('odd shapes', () => {
  it('indexes whatever valid (and invalid) code it meets without throwing', () => {
    const p = project({
      'src/a.ts':
        "import { Pool } from 'pg';\nimport * as pg from 'pg';\n" +
        'export default class extends Pool {}\n' +
        'export const { a, b } = { a: 1, b: new Pool() };\n' +
        'export const [first] = [new Pool()];\n' +
        'export let later: Pool;\nlater = new Pool();\n' +
        "export { default as Named } from './b';\nexport * as everything from './b';\n" +
        'export function* gen(pool: Pool) {\n  yield pool.query("select 1");\n}\n' +
        'export const arrow = async ({ client }: { client: Pool }) => client.query("x");\n' +
        'export const nested = () => () => new pg.Pool();\n' +
        'export abstract class Repo {\n  abstract run(): void;\n}\n' +
        'export declare function declared(): Pool;\nexport type T = Pool;\nexport interface I {\n  pool: Pool;\n}\nexport enum E {\n  A,\n}\n' +
        'export const recursive = (n: number): unknown => (n ? recursive(n - 1) : new Pool());\n',
      'src/b.js':
        "const { Pool } = require('pg');\nmodule.exports = function factory() {\n  return new Pool();\n};\nmodule.exports.extra = new Pool();\n" +
        "exports['weird-name'] = new Pool();\nObject.defineProperty(exports, 'x', { get: () => new Pool() });\n",
      'src/c.tsx': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const View = () => <div>{String(pool)}</div>;\n",
      'src/d.mjs': "import postgres from 'postgres';\nexport default postgres();\nexport const self = await import('./d.mjs');\n",
      'src/e.cjs': "'use strict';\nconst { Client } = require('pg');\nreturn;\n",
      'src/f.ts': 'export = require("pg").Pool;\n',
      'src/g.ts': "import { Pool } from 'pg';\nexport const broken = new Pool(;\n",
      'src/empty.ts': '',
      'src/h.js': "import { Pool } from 'pg';\nexport default (await Promise.resolve(new Pool()));\n",
    });
    expect(p.index.failures).toEqual([]);
    expect(p.index.stats.files).toBe(9);
    expect(p.exportsOf('src/a.ts')).toMatchObject({
      default: { instance: 'pg:Pool', createsEngine: true },
      Named: { returns: 'pg:Pool', createsEngine: true },
      recursive: { returns: 'pg:Pool', createsEngine: true },
      later: 'pg:Pool',
    });
    expect(p.exportsOf('src/b.js')).toEqual({ default: { returns: 'pg:Pool', createsEngine: true }, extra: 'pg:Pool', 'weird-name': 'pg:Pool' });
    expect(p.exportsOf('src/f.ts')).toEqual({ default: 'pg:PoolClass' });
    expect(p.exportsOf('src/c.tsx')).toBeUndefined();
    expect(p.exportsOf('src/d.mjs')).toMatchObject({ default: 'postgres-js:Sql' });
  });
});

describe('a JavaScript project without the typescript package', () => {
  it('is indexed with ESLint’s own parser (espree), to the same facts', () => {
    const files = {
      'src/db.js':
        "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function getClient() {\n  return pool.connect();\n}\n" +
        'function makePool() {\n  return new Pool();\n}\nmodule.exports = { pool, getClient, makePool };\n',
      'src/tx.mjs':
        "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n" +
        'export const withTx = (work) => db.transaction((trx) => work(trx));\nexport const view = () => <div />;\n',
      'src/notify.cjs': "module.exports.notify = async (text) => {\n  await fetch('https://example.com', { method: 'POST', body: text });\n};\n",
    };
    const viaTypescript = project(files).index.facts.modules;
    const p = project(files);
    const viaEspree = indexProject({ cwd: p.dir, cache: false, parser: 'espree' });
    expect(viaEspree.failures).toEqual([]);
    expect(Object.keys(viaEspree.facts.modules)).toEqual(['src/db.js', 'src/notify.cjs', 'src/tx.mjs']);
    expect(viaEspree.facts.modules).toEqual(viaTypescript);
  });
});

describe('query wrappers', () => {
  it('a function that sends the SQL it is given through a pool, or through a connection of its own per query', () => {
    const p = project({
      'src/db.ts':
        "import { Pool } from 'pg';\nconst pool = new Pool();\n" +
        'export const query = (text: string, params?: unknown[]) => pool.query(text, params);\n' +
        'export async function once(sql: string) {\n  const client = await pool.connect();\n  try {\n    return await client.query(sql);\n  } finally {\n    client.release();\n  }\n}\n' +
        'export function mine(sql: string, client: { query(sql: string): Promise<unknown> }) {\n  return client.query(sql);\n}\n',
    });
    expect(p.exportsOf('src/db.ts')).toEqual({
      query: { pooledSql: { arg: 0, via: 'a wrapper of the pg Pool `pool`' } },
      once: { pooledSql: { arg: 0, via: 'a wrapper that checks a connection out for each query and releases it' } },
      // Given the connection: the caller's, and no wrapper of a pool.
      mine: { handles: [null, { connection: 'uses', transaction: 'uses' }] },
    });
  });
});
