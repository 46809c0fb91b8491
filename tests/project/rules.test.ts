import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../index';
import { TYPED_CODE, tempProject, type TempProject } from '../integration/project';
import { copyFixture, lintProject, lintProjectResults, writeProjectFacts } from './helpers';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const remove of cleanup.splice(0)) {
    remove();
  }
});

function project(files: Record<string, string>): TempProject {
  const p = tempProject('facts-rules', files);
  cleanup.push(p.remove);
  return p;
}

/** A copy of a fixture project, so that indexing writes nothing into the repository. */
function fixture(name: string): string {
  const dir = copyFixture(name);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const FACTS = { facts: '.pgbouncer/facts.json' };
type Finding = { file: string; line: number; ruleId: string | null };
const short = (f: Finding) => `${f.file}:${f.line} ${f.ruleId}`;
/** The findings only the facts reveal: with the facts file, and not without it. */
const revealed = (plain: Finding[], withFacts: Finding[]) => withFacts.filter((f) => !plain.some((p) => short(p) === short(f))).map(short);

describe('index, then eslint: the cross-module cases plain eslint misses', () => {
  it('TypeScript service (tsconfig paths, barrel re-exports, Prisma and pg)', async () => {
    const dir = fixture('project-ts');
    writeProjectFacts({ dir, write: () => '', remove: () => {} });
    const plain = await lintProject(dir, {});
    const withFacts = await lintProject(dir, FACTS);
    expect(plain.filter((f) => f.file === 'src/routes/users.ts')).toEqual([]);
    expect(revealed(plain, withFacts)).toEqual([
      'src/routes/users.ts:11 pgbouncer/no-engine-per-request',
      'src/routes/users.ts:17 pgbouncer/no-outer-client-in-transaction',
      'src/routes/users.ts:19 pgbouncer/no-nested-transaction',
      'src/routes/users.ts:20 pgbouncer/no-idle-in-transaction',
      'src/routes/users.ts:27 pgbouncer/release-connection',
    ]);
    const messages = withFacts.filter((f) => f.file === 'src/routes/users.ts').map((f) => f.message);
    expect(messages[0]).toContain('`createClient()` builds a new PrismaClient in the Express route handler `GET /users/:id`');
    expect(messages[1]).toContain('`createUser()` is given the transaction handle `tx`, but it also queries through `prisma`');
    expect(messages[2]).toContain('`transferCredit()` begins its own transaction');
    expect(messages[3]).toContain('`notifySlack()` waits for an HTTP request while the transaction of `withTransaction()` is open');
    expect(messages[4]).toContain('`client` is checked out here but still held when the function returns on some path (line 30)');
  });

  it('JavaScript service without a tsconfig (CommonJS, Knex, pg, fetch)', async () => {
    const dir = fixture('project-js');
    const index = writeProjectFacts({ dir, write: () => '', remove: () => {} });
    expect(index.config).toBe('generated');
    const plain = await lintProject(dir, {});
    const withFacts = await lintProject(dir, FACTS);
    expect(plain.filter((f) => f.file === 'src/routes.js')).toEqual([]);
    expect(revealed(plain, withFacts)).toEqual([
      'src/routes.js:10 pgbouncer/no-engine-per-request',
      'src/routes.js:17 pgbouncer/no-idle-in-transaction',
      'src/routes.js:24 pgbouncer/balanced-transaction',
      'src/routes.js:32 pgbouncer/no-nested-transaction',
      'src/routes.js:40 pgbouncer/no-outer-client-in-transaction',
      'src/routes.js:46 pgbouncer/release-connection',
    ]);
  });
});

/** Each fact kind, declared by hand in settings and computed into the facts file: the rules agree. */
/** `usageTells`: the consumer's own calls already say what the imported value is (`this.prisma.$transaction(…)`), facts or not. */
const KINDS: Array<{ name: string; db: string; declared: Record<string, unknown>; consumer: string; rule: string; usageTells?: true }> = [
  {
    name: 'engine value',
    db: "import { Pool } from 'pg';\nexport const pool = new Pool({ application_name: 'api' });\n",
    declared: { pool: 'pg:Pool' },
    consumer:
      "import express from 'express';\nimport { pool } from './db';\nconst app = express();\n" +
      "app.get('/', async (req, res) => {\n  const client = await pool.connect();\n  await client.query('select 1');\n  res.end();\n});\n",
    rule: 'pgbouncer/release-connection',
  },
  {
    name: 'engine factory',
    db: "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool({ application_name: 'api' });\n}\n",
    declared: { makePool: { returns: 'pg:Pool', createsEngine: true } },
    consumer: "import express from 'express';\nimport { makePool } from './db';\nconst app = express();\napp.get('/', async (req, res) => {\n  res.json(await makePool().query('select 1'));\n});\n",
    rule: 'pgbouncer/no-engine-per-request',
  },
  {
    name: 'managed transaction wrapper and a function with its own transaction',
    db:
      "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n" +
      'export function withTx(work) {\n  return prisma.$transaction(work);\n}\n' +
      'export async function audit() {\n  await prisma.$transaction(async (tx) => tx.log.create({ data: {} }));\n}\n',
    declared: {
      withTx: { callback: { arg: 0, params: ['prisma:TransactionClient'], scope: 'transaction' }, transacts: true },
      audit: { transacts: true },
    },
    consumer: "import { withTx, audit } from './db';\nexport async function pay() {\n  await withTx(async (tx) => {\n    await tx.payment.create({ data: {} });\n    await audit();\n  });\n}\n",
    rule: 'pgbouncer/no-nested-transaction',
  },
  {
    name: 'acquired connection and a helper that only queries through it',
    db:
      "import { Pool, type PoolClient } from 'pg';\nconst pool = new Pool({ application_name: 'api' });\n" +
      'export async function getClient() {\n  return pool.connect();\n}\n' +
      "export async function ping(client: PoolClient) {\n  await client.query('select 1');\n}\n",
    declared: { getClient: { resolves: 'pg:PoolClient', effect: 'acquire' }, ping: { handles: [{ connection: 'uses', transaction: 'uses' }] } },
    consumer: "import { getClient, ping } from './db';\nexport async function check() {\n  const client = await getClient();\n  await ping(client);\n}\n",
    rule: 'pgbouncer/release-connection',
  },
  {
    name: 'slow work',
    db: "export async function notify(id: number) {\n  await fetch(`https://example.com/${id}`);\n}\n",
    declared: { notify: { slow: 'an HTTP request' } },
    consumer:
      "import { PrismaClient } from '@prisma/client';\nimport { notify } from './db';\nconst prisma = new PrismaClient();\n" +
      'export async function order() {\n  await prisma.$transaction(async (tx) => {\n    await tx.order.create({ data: {} });\n    await notify(1);\n  });\n}\n',
    rule: 'pgbouncer/no-idle-in-transaction',
  },
  {
    name: 'a class of engines (NestJS PrismaService), injected by type',
    db:
      "import { Injectable, OnModuleInit } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n\n" +
      '@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n',
    declared: { PrismaService: { instance: 'prisma:PrismaClient', createsEngine: true } },
    consumer:
      "import { Injectable } from '@nestjs/common';\nimport { PrismaService } from './db';\n\n@Injectable()\nexport class UsersService {\n" +
      '  constructor(private readonly prisma: PrismaService) {}\n\n  async rename(id: number, name: string) {\n' +
      '    return this.prisma.$transaction(async (tx) => {\n      await tx.user.update({ where: { id }, data: { name } });\n' +
      "      await this.prisma.auditLog.create({ data: { userId: id, action: 'rename' } });\n    });\n  }\n}\n",
    rule: 'pgbouncer/no-outer-client-in-transaction',
    usageTells: true,
  },
  {
    name: 'a service class whose methods wait for slow work and run their own transaction, injected by type',
    db:
      "import { Injectable } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n\n" +
      '@Injectable()\nexport class AuditService {\n  constructor(private readonly prisma: PrismaClient) {}\n' +
      "  async notify(id: number) {\n    await fetch(`https://hooks.example.com/${id}`);\n  }\n" +
      '  async record(id: number) {\n    await this.prisma.$transaction(async (tx) => tx.log.create({ data: { id } }));\n  }\n' +
      '  label(id: number) {\n    return `#${id}`;\n  }\n' +
      '  private async secret(id: number) {\n    await fetch(`https://hooks.example.com/secret/${id}`);\n  }\n}\n',
    declared: { AuditService: { methods: { notify: { slow: 'an HTTP request' }, record: { transacts: true } } } },
    consumer:
      "import { Injectable } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\nimport { AuditService } from './db';\n\n@Injectable()\nexport class OrdersService {\n" +
      '  constructor(private readonly prisma: PrismaClient, private readonly audit: AuditService) {}\n\n  async place(id: number) {\n' +
      '    await this.prisma.$transaction(async (tx) => {\n      await tx.order.create({ data: { id } });\n' +
      '      await this.audit.notify(id);\n      await this.audit.record(id);\n      this.audit.label(id);\n    });\n  }\n}\n',
    rule: 'pgbouncer/no-idle-in-transaction',
  },
  {
    name: 'a helper that queries an outer engine',
    db:
      "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n" +
      'export async function createUser(tx, email: string) {\n  await tx.user.create({ data: { email } });\n  await prisma.log.create({ data: { email } });\n}\n',
    declared: { prisma: 'prisma:PrismaClient', createUser: { handles: [{ connection: 'uses', transaction: 'uses' }], outer: 'prisma' } },
    consumer: "import { prisma, createUser } from './db';\nexport async function signUp(email: string) {\n  await prisma.$transaction(async (tx) => {\n    await createUser(tx, email);\n  });\n}\n",
    rule: 'pgbouncer/no-outer-client-in-transaction',
  },
  {
    name: 'a helper that falls back to the engine without its executor argument',
    db:
      "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(process.env.DATABASE_URL!);\n" +
      'export async function insertAudit(entry: { action: string }, executor = db) {\n  await executor.insert(auditLog).values(entry);\n}\n',
    declared: { db: 'drizzle:NodePgDatabase', insertAudit: { fallback: { arg: 1, param: 'executor', engine: 'db' } } },
    consumer:
      "import { db, insertAudit } from './db';\nexport async function rename(id: number, name: string) {\n  await db.transaction(async (tx) => {\n" +
      "    await tx.update(users).set({ name });\n    await insertAudit({ action: 'rename' });\n  });\n}\n",
    rule: 'pgbouncer/no-outer-client-in-transaction',
  },
];

describe('a fact means the same from settings and from the facts file', () => {
  it.each(KINDS)('$name', async ({ db, declared, consumer, rule, usageTells }) => {
    const p = project({ 'src/db.ts': db, 'src/consumer.ts': consumer });
    const index = writeProjectFacts(p);
    expect(index.facts.modules['src/db.ts']?.exports).toEqual(declared);
    const fromSettings = await lintProject(p.dir, { modules: { 'src/db': declared } }, ['src/consumer.ts']);
    const fromFacts = await lintProject(p.dir, FACTS, ['src/consumer.ts']);
    const plain = await lintProject(p.dir, {}, ['src/consumer.ts']);
    expect(fromFacts.some((f) => f.ruleId === rule)).toBe(true);
    expect(plain.some((f) => f.ruleId === rule)).toBe(usageTells === true);
    expect(fromFacts).toEqual(fromSettings);
  });

  it('declared modules win over the facts file', async () => {
    const kind = KINDS[1]!;
    const p = project({ 'src/db.ts': kind.db, 'src/consumer.ts': kind.consumer });
    writeProjectFacts(p);
    const both = await lintProject(p.dir, { ...FACTS, modules: { 'src/db': { makePool: { returns: 'pg:Pool' } } } }, ['src/consumer.ts']);
    expect(both.some((f) => f.ruleId === kind.rule)).toBe(false);
  });
});

describe('cross-module findings do not hide the ones after them', () => {
  it('a helper given the handle, then the outer engine, then a helper with its own transaction, in one callback', async () => {
    const p = project({
      'src/db.ts':
        "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n" +
        'export async function createUser(tx, email: string) {\n  await tx.user.create({ data: { email } });\n  await prisma.log.create({ data: { email } });\n}\n' +
        'export async function audit() {\n  await prisma.$transaction(async (tx) => tx.log.create({ data: {} }));\n}\n',
      'src/consumer.ts':
        "import { prisma, createUser, audit } from './db';\nexport async function signUp(email: string) {\n  await prisma.$transaction(async (tx) => {\n" +
        '    await createUser(tx, email);\n    await audit();\n    await prisma.user.count();\n  });\n}\n',
    });
    writeProjectFacts(p);
    const findings = await lintProject(p.dir, FACTS, ['src/consumer.ts']);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      '4:11 pgbouncer/no-outer-client-in-transaction',
      '5:11 pgbouncer/no-nested-transaction',
      '6:11 pgbouncer/no-outer-client-in-transaction',
    ]);
  });
});

describe('a helper of another module that falls back to the engine without the handle', () => {
  it('reported where a call in the transaction leaves the parameter out, with the handle as a suggestion when it is the next argument', async () => {
    const p = project({
      'src/db.ts': "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(process.env.DATABASE_URL!);\n",
      'src/audit.ts':
        "import { db } from './db';\n" +
        'export async function insertAudit(entry: { action: string }, executor = db) {\n  await executor.insert(auditLog).values(entry);\n}\n' +
        'export async function findUser(id: number, scope: string, trx?: typeof db) {\n  return (trx ?? db).select().from(users).where(eq(users.id, id));\n}\n',
      'src/orders.repository.ts':
        "import { Injectable } from '@nestjs/common';\nimport { DataSource, EntityManager } from 'typeorm';\n" +
        '@Injectable()\nexport class OrdersRepository {\n  constructor(private readonly dataSource: DataSource) {}\n' +
        '  async save(order: object, manager: EntityManager = this.dataSource.manager) {\n    return manager.save(order);\n  }\n}\n',
      'src/service.ts':
        "import { DataSource } from 'typeorm';\nimport { db } from './db';\nimport { insertAudit, findUser } from './audit';\nimport { OrdersRepository } from './orders.repository';\n" +
        'export async function rename(id: number, name: string, rest: [string, typeof db]) {\n' +
        "  await insertAudit({ action: 'outside' });\n" +
        '  await db.transaction(async (tx) => {\n' +
        "    await insertAudit({ action: 'rename' });\n" +
        "    await insertAudit({ action: 'rename' }, tx);\n" +
        '    await findUser(id);\n' +
        '    await findUser(id, ...rest);\n' +
        '  });\n}\n' +
        'export class OrdersService {\n  constructor(private readonly dataSource: DataSource, private readonly orders: OrdersRepository) {}\n' +
        '  async place(order: object) {\n    await this.dataSource.transaction(async (manager) => {\n      await this.orders.save(order);\n      await this.orders.save(order, manager);\n    });\n  }\n}\n',
    });
    writeProjectFacts(p);
    const plain = await lintProject(p.dir, {}, ['src/service.ts']);
    expect(plain.filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction')).toEqual([]);
    const findings = (await lintProject(p.dir, FACTS, ['src/service.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['8:11', '10:11', '18:13']);
    expect(findings[0]!.message).toBe(
      '`insertAudit()` runs while the transaction of `tx` is open but is not given `executor`, so `insertAudit` queries through its fallback `db`, not through the transaction: ' +
        'that query runs on another pooled connection, outside the transaction. It neither sees the uncommitted writes nor rolls back with them, and with a small pool ' +
        '(or one PgBouncer server connection per client) the transaction can wait forever for a connection it holds itself. Pass `tx` as `executor`.',
    );
    expect(findings[1]!.message).toContain('`findUser()` runs while the transaction of `tx` is open but is not given `trx`');
    expect(findings[2]!.message).toContain('`this.orders.save()` runs while the transaction of `manager` is open but is not given `manager`, so `this.orders.save` queries through its fallback `this.dataSource.manager`');
    // The handle is the next argument of `insertAudit(…)` and `this.orders.save(…)`; `findUser(id)` would need a placeholder for `scope`.
    const [result] = await lintProjectResults(p.dir, FACTS, ['src/service.ts']);
    const text = readFileSync(result!.filePath, 'utf8');
    const reports = result!.messages.filter((m) => m.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    const suggested = reports.map((m) => (m.suggestions ?? []).map((s) => s.desc + ' ' + text.slice(0, s.fix.range[0]).split('\n').length + ': ' + s.fix.text));
    expect(suggested).toEqual([['Pass `tx` as `executor`. 8: , tx'], [], ['Pass `manager` as `manager`. 18: , manager']]);
    const fixed = reports[0]!.suggestions![0]!.fix;
    expect((text.slice(0, fixed.range[0]) + fixed.text + text.slice(fixed.range[1])).split('\n')[7]).toBe("    await insertAudit({ action: 'rename' }, tx);");
  });
});

describe('a helper of another module whose options object falls back to the engine without the handle', () => {
  it('reported where the object written at the call lacks the property, with the property added as a suggestion', async () => {
    const p = project({
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/models.ts':
        "import { type Prisma } from '@prisma/client';\nimport { prisma } from './db';\n" +
        'export const touchModel = async ({ id, tx }: { id: number; tx?: Prisma.TransactionClient }) => {\n  const db = tx ?? prisma;\n  await db.model.update({ where: { id }, data: {} });\n};\n',
      'src/service.ts':
        "import { prisma } from './db';\nimport { touchModel } from './models';\n" +
        'export async function publish(id: number, options: { id: number }) {\n' +
        '  await prisma.$transaction(async (trx) => {\n' +
        '    await touchModel({ id });\n' +
        '    await touchModel({ id, tx: trx });\n' +
        '    await touchModel(options);\n' +
        '    await touchModel({ ...options });\n' +
        '    await touchModel();\n' +
        '  });\n' +
        '  await touchModel({ id });\n}\n',
    });
    writeProjectFacts(p);
    const findings = (await lintProject(p.dir, FACTS, ['src/service.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['5:11', '9:11']);
    expect(findings[0]!.message).toContain('`touchModel()` runs while the transaction of `trx` is open but is not given `tx`, so `touchModel` queries through its fallback `prisma`');
    const [result] = await lintProjectResults(p.dir, FACTS, ['src/service.ts']);
    const text = readFileSync(result!.filePath, 'utf8');
    const reports = result!.messages.filter((m) => m.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    const applied = reports.map((m) => {
      const fix = m.suggestions![0]!.fix;
      return (text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1])).split('\n')[m.line - 1];
    });
    expect(applied).toEqual(['    await touchModel({ id, tx: trx });', '    await touchModel({ tx: trx });']);
  });
});

describe('cross-module engine factories are judged where they run per request', () => {
  it('reported in a request handler, not in other functions (the factory is judged in its own module)', async () => {
    const p = project({
      'src/db.ts': "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool({ application_name: 'api' });\n}\n",
      'src/consumer.ts':
        "import express from 'express';\nimport { makePool } from './db';\nconst app = express();\n" +
        "app.get('/', async (req, res) => {\n  res.json(await makePool().query('select 1'));\n});\n" +
        "export async function nightlyReport() {\n  const pool = makePool();\n  await pool.query('select 1');\n}\n",
    });
    writeProjectFacts(p);
    const findings = (await lintProject(p.dir, FACTS, ['src/consumer.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-engine-per-request');
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['5:18']);
    expect(findings[0]!.message).toContain('`makePool()` builds a new pg Pool in the Express route handler `GET /`');
  });
});

describe('Sequelize models of another module, with and without CLS', () => {
  const files = {
    'src/db.ts': "import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialectOptions: { application_name: 'api' } });\n",
    'src/models/user.ts':
      "import { DataTypes, Model } from 'sequelize';\nimport { sequelize } from '../db';\nexport class User extends Model {}\nUser.init({ name: DataTypes.STRING }, { sequelize });\n",
    'src/service.ts':
      "import { sequelize } from './db';\nimport { User } from './models/user';\n" +
      'export async function rename(id: number, name: string) {\n' +
      '  await sequelize.transaction(async (t) => {\n' +
      '    await User.update({ name }, { where: { id } });\n' +
      '    await User.update({ name }, { where: { id }, transaction: t });\n' +
      '  });\n}\n',
  };

  it('a model class (`class User extends Model`) is a fact: queried without the transaction inside it, reported', async () => {
    const p = project(files);
    const index = writeProjectFacts(p);
    expect(index.facts.modules['src/models/user.ts']?.exports).toEqual({ User: 'sequelize:Model' });
    expect(index.facts.implicitTransactions).toBeUndefined();
    const findings = (await lintProject(p.dir, FACTS, ['src/service.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['5:11']);
    expect(findings[0]!.message).toContain('`User` is used while the transaction of `t` is open');
  });

  it('`Sequelize.useCLS()` in any module of the project passes the transaction to every query: nothing reported', async () => {
    const p = project({
      ...files,
      // Turned on in a module that exports nothing (the entry point), as the Sequelize docs do.
      'src/main.ts': "import { createNamespace } from 'cls-hooked';\nimport { Sequelize } from 'sequelize';\nSequelize.useCLS(createNamespace('api'));\n",
    });
    const index = writeProjectFacts(p);
    expect(index.facts.implicitTransactions).toEqual(['sequelize']);
    expect((await lintProject(p.dir, FACTS, ['src/service.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction')).toEqual([]);
  });
});

describe('a module exporting an object of its clients and helpers', () => {
  it("`export default { client, transaction }`: its members are facts, and `db.client` is the outer client", async () => {
    const p = project({
      'src/lib/prisma.ts':
        "import { PrismaClient } from '@prisma/client';\n" +
        'function getClient() {\n  return new PrismaClient();\n}\n' +
        'const client = (globalThis.prisma || getClient()) as ReturnType<typeof getClient>;\n' +
        'function transaction(input: any, options?: any) {\n  return client.$transaction(input, options);\n}\n' +
        'export const transaction2 = 1;\n' +
        'export default { client, transaction, transaction2: client };\n',
      'src/service.ts':
        "import db from './lib/prisma';\nexport async function rename(id: string, name: string) {\n  await db.transaction(async (tx) => {\n" +
        '    await tx.team.update({ where: { id }, data: { name } });\n    await db.client.auditLog.create({ data: { id } });\n  });\n}\n',
    });
    const index = writeProjectFacts(p);
    const exported = index.facts.modules['src/lib/prisma.ts']?.exports;
    expect(exported?.client).toBe('prisma:PrismaClient');
    expect(exported?.transaction).toMatchObject({ callback: { arg: 0, params: ['prisma:TransactionClient'], scope: 'transaction' } });
    // The named export of the same name wins over the default object's member; there is no `default` fact.
    expect(exported?.transaction2).toBeUndefined();
    expect(exported?.default).toBeUndefined();
    const findings = (await lintProject(p.dir, FACTS, ['src/service.ts'])).filter((f) => f.ruleId === 'pgbouncer/no-outer-client-in-transaction');
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['5:11']);
    expect(findings[0]!.message).toContain('`db.client` is used while the transaction of `tx` is open');
  });
});

describe('a missing, stale or malformed facts file', () => {
  const consumer = KINDS[1]!;

  it('missing: today’s behaviour, no error', async () => {
    const p = project({ 'src/db.ts': consumer.db, 'src/consumer.ts': consumer.consumer });
    expect(await lintProject(p.dir, { facts: '.pgbouncer/nothing-here.json' })).toEqual(await lintProject(p.dir, {}));
  });

  it('stale: a module edited since the index loses its facts until the next index; the others keep theirs', async () => {
    const p = project({ 'src/db.ts': consumer.db, 'src/other.ts': consumer.db.replace('makePool', 'makeOther'), 'src/consumer.ts': consumer.consumer + "import { makeOther } from './other';\nexport const h = () => makeOther();\napp.get('/o', async (req, res) => {\n  res.json(await makeOther().query('select 1'));\n});\n" });
    writeProjectFacts(p);
    const fresh = await lintProject(p.dir, FACTS, ['src/consumer.ts']);
    expect(fresh.filter((f) => f.ruleId === consumer.rule).map((f) => f.line)).toEqual([5, 10]);
    p.write('src/db.ts', `${consumer.db}// edited\n`);
    // Module freshness is re-checked at most once a second in a long-lived process.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stale = await lintProject(p.dir, FACTS, ['src/consumer.ts']);
    expect(stale.filter((f) => f.ruleId === consumer.rule).map((f) => f.line)).toEqual([10]);
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /invalid settings\.pgbouncer\.facts \(\.pgbouncer\/facts\.json\): not valid JSON/],
    ['another version', JSON.stringify({ version: 2, root: '.', modules: {} }), /reads facts version 1, the file has 2; run `pgbouncer-lint index` again/],
    ['a module without hash', JSON.stringify({ version: 1, root: '.', modules: { 'src/db.ts': { exports: {} } } }), /modules\["src\/db\.ts"\]\.hash: expected the SHA-1/],
    [
      'implicit transactions that are not a list of libraries',
      JSON.stringify({ version: 1, root: '.', modules: {}, implicitTransactions: 'sequelize' }),
      /facts\.json\) implicitTransactions: expected an array of library ids/,
    ],
    [
      'an unknown shape',
      JSON.stringify({ version: 1, root: '.', modules: { 'src/db.ts': { hash: 'x', exports: { pool: 'pg:Pol' } } } }),
      /exports\.pool: unknown shape "pg:Pol"/,
    ],
  ])('malformed (%s): a clear error naming the problem', async (_name, text, error) => {
    const p = project({ 'src/db.ts': consumer.db, 'src/consumer.ts': consumer.consumer });
    writeProjectFacts(p);
    const facts = path.join(p.dir, '.pgbouncer', 'facts.json');
    if (text.includes('"pg:Pol"')) {
      // Keep the module fresh so its descriptions are read.
      const real = JSON.parse(readFileSync(facts, 'utf8'));
      real.modules['src/db.ts'].exports = { pool: 'pg:Pol' };
      writeFileSync(facts, JSON.stringify(real));
    } else {
      writeFileSync(facts, text);
    }
    await expect(lintProject(p.dir, FACTS, ['src/consumer.ts'])).rejects.toThrow(error);
  });

  it('a setting that is not a path is a configuration error', async () => {
    const p = project({ 'src/consumer.ts': consumer.consumer });
    await expect(lintProject(p.dir, { facts: 42 })).rejects.toThrow(/invalid settings\.pgbouncer\.facts: expected the path of the facts file/);
  });
});

describe('a fact means the same from types and from the facts file', () => {
  it('a pool subclass in another module: type-checked linting without facts = plain linting with them', async () => {
    const dir = fixture('typed');
    // The copy resolves `pg` (and its types) from the repository's node_modules, as the original does.
    symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeProjectFacts({ dir, write: () => '', remove: () => {} });
    const lint = async (preset: 'recommended' | 'recommended-type-checked', settings: Record<string, unknown>) => {
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: preset === 'recommended' ? {} : { projectService: true, tsconfigRootDir: dir } } },
          plugin.configs[preset],
          { settings: { pgbouncer: settings } },
        ],
      });
      const [result] = await eslint.lintText(TYPED_CODE, { filePath: path.join(dir, 'file.ts') });
      return result!.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column, m.message]);
    };
    const fromTypes = await lint('recommended-type-checked', {});
    expect(fromTypes.map((m) => m[0])).toEqual(['pgbouncer/no-engine-per-request']);
    expect(await lint('recommended', {})).toEqual([]);
    expect(await lint('recommended', FACTS)).toEqual(fromTypes);
  });
});

describe('a service class of another module, injected by type', () => {
  it('its methods are read from the facts: slow work and its own transaction inside the caller\'s transaction', async () => {
    const kind = KINDS.find((k) => k.name.startsWith('a service class'))!;
    const p = project({ 'src/db.ts': kind.db, 'src/consumer.ts': kind.consumer });
    writeProjectFacts(p);
    const found = await lintProject(p.dir, FACTS, ['src/consumer.ts']);
    expect(found.map(short)).toEqual(['src/consumer.ts:12 pgbouncer/no-idle-in-transaction', 'src/consumer.ts:13 pgbouncer/no-nested-transaction']);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('`this.audit.notify()` waits for an HTTP request while the transaction of `this.prisma.$transaction()` is open'),
      expect.stringContaining('`this.audit.record()` begins its own transaction'),
    ]);
  });
});

describe('a BEGIN through a query wrapper of another module', () => {
  it('reported with the facts, where the wrapper is called', async () => {
    const p = project({
      'src/db.ts': "import { Pool } from 'pg';\nconst pool = new Pool({ application_name: 'api' });\nexport const query = (text: string, params?: unknown[]) => pool.query(text, params);\n",
      'src/transfer.ts':
        "import * as db from './db';\nexport async function transfer(from: string, to: string, amount: number) {\n" +
        "  await db.query('BEGIN');\n  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);\n" +
        "  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);\n  await db.query('COMMIT');\n}\n",
    });
    writeProjectFacts(p);
    expect(await lintProject(p.dir, {}, ['src/transfer.ts'])).toEqual([]);
    const found = await lintProject(p.dir, FACTS, ['src/transfer.ts']);
    expect(found.map(short)).toEqual(['src/transfer.ts:3 pgbouncer/balanced-transaction']);
    expect(found[0]!.message).toContain('`BEGIN` is sent through `db.query()`, a wrapper of the pg Pool `pool`, which runs each query on whichever pooled connection is free');
  });
});
