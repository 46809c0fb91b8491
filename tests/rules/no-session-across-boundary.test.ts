import rule from '../../rules/no-session-across-boundary';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

ruleTester.run('no-session-across-boundary (ts)', rule, {
  valid: [
    { filename: 'src/ok/derived.ts', code: `import { Worker } from 'node:worker_threads';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
const pool = new Pool();
const queue = new Queue('reports');
export async function f(id: string) {
  const { rows } = await pool.query('select * from reports where id = $1', [id]);
  new Worker('./render.js', { workerData: { rows, connectionString: process.env.DATABASE_URL } });
  await queue.add('render', { id, rows });
  return JSON.stringify(rows);
}` },
    { filename: 'src/ok/inside.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: {} });
    await Promise.all([tx.a.create({ data: {} }), tx.b.create({ data: {} })]);
    const local = tx;
    await local.c.count();
    return user;
  });
}` },
    { filename: 'src/ok/drizzle-rollback.ts', code: `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export async function f(ok: boolean) {
  await db.transaction(async (tx) => {
    if (!ok) {
      tx.rollback();
    }
  });
}` },
    { filename: 'src/ok/lookalike.ts', code: `function structuredClone<T>(x: T): T { return x; }
import { Pool } from 'pg';
const pool = new Pool();
export const copy = structuredClone(pool);` },
    { filename: 'src/ok/local-ctx.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
async function audit(ctx: { id: string; trx?: unknown }) { return ctx.id; }
export async function f(id: string) {
  await db.transaction(async (trx) => {
    const ctx: { id: string; trx?: unknown } = { id };
    ctx.trx = trx;
    await audit(ctx);
  });
}` },
    { filename: 'src/ok/seq-after-commit.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f(notify: () => Promise<void>) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('insert into a default values', { transaction: t });
    t.afterCommit(() => notify());
  });
}` },
    { filename: 'src/ok/mikro-persist.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM, user: object) {
  await orm.em.transactional(async (em) => {
    em.persist(user);
    await em.flush();
  });
}` },

    { filename: 'src/ok/derived-ids.ts', code: `import { PrismaClient } from '@prisma/client';
import { Queue } from 'bullmq';
const prisma = new PrismaClient();
const queue = new Queue('mail');
export async function f() {
  const ids = await prisma.$transaction(async (tx) => (await tx.user.findMany({ select: { id: true } })).map((u) => u.id));
  await queue.add('digest', { ids });
}` },
    { filename: 'src/ok/child-config.ts', code: `import { fork } from 'node:child_process';
import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const { rows } = await pool.query('select id from tenants');
  fork('./tenant.js').send({ tenants: rows.map((r) => r.id), url: process.env.DATABASE_URL });
}` },
    { filename: 'src/ok/process-ready.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function boot() {
  await pool.query('select 1');
  process.send?.({ type: 'ready', pid: process.pid });
}` },
    { filename: 'src/ok/returned-query.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export function f(rows: object[]) {
  return db.transaction(async (trx) => {
    await trx('staging').delete();
    return trx('staging').insert(rows);
  });
}` },
    { filename: 'src/ok/alias-and-map.ts', code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f(ids: number[]) {
  await db.transaction(async (tx) => {
    const q = tx;
    await q.execute(sql\`lock table a\`);
    await Promise.all(ids.map((id) => tx.execute(sql\`delete from a where id = \${id}\`)));
    const pending = tx.execute(sql\`select 1\`);
    await pending;
  });
}` },
    { filename: 'src/ok/local-lookalikes.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
const mailer = { send: (payload: unknown) => console.log(payload) };
const seen = new Set<unknown>();
export async function f() {
  const client = await pool.connect();
  seen.add(client);
  mailer.send({ client });
  client.release();
}` },
    { filename: 'src/ok/saga-fork.ts', code: `import { fork } from 'redux-saga/effects';
import { Pool } from 'pg';
const pool = new Pool();
function* load(p: Pool) {
  yield p.query('select 1');
}
export function* root() {
  yield fork(load, pool);
}` },
    { filename: 'src/ok/json-rows.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const rows = await sql.begin(async (tx) => tx\`select * from a\`);
  return JSON.stringify({ rows, config: { host: process.env.PGHOST } });
}` },

  ],
  invalid: [
    {
      filename: 'src/workers/export.ts',
      code: `import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
const pool = new Pool();
export function startExport(reportId: string) {
  return new Worker(new URL('./export-worker.js', import.meta.url), { workerData: { reportId, pool } });
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 5,
          column: 95,
          endLine: 5,
          endColumn: 99,
          data: {"handle":"pool","label":"pg Pool","boundary":"a worker thread's workerData"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/workers/post.ts',
      code: `import { Worker } from 'worker_threads';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const worker = new Worker('./thumbs.js');
export function send(id: string) {
  worker.postMessage({ id, prisma });
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 34,
          data: {"handle":"prisma","label":"PrismaClient","boundary":"a message to another thread"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/queue.ts',
      code: `import { Queue } from 'bullmq';
import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const emails = new Queue('emails');
export async function enqueue(userId: string) {
  await db.transaction(async (trx) => {
    await trx('outbox').insert({ userId });
    await emails.add('welcome', { userId, trx });
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 8,
          column: 43,
          endLine: 8,
          endColumn: 46,
          data: {"handle":"trx","label":"Knex transaction","boundary":"a BullMQ job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/serialize.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function snapshot() {
  await prisma.$transaction(async (tx) => {
    const users = await tx.user.findMany();
    console.log(JSON.stringify({ users, tx }));
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 6,
          column: 41,
          endLine: 6,
          endColumn: 43,
          data: {"handle":"tx","label":"Prisma transaction client","boundary":"JSON.stringify()"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/stored.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
let current: Prisma.TransactionClient | undefined;
export async function run() {
  await prisma.$transaction(async (tx) => {
    current = tx;
    await tx.user.count();
  });
  return current!.user.count();
}`,
      errors: [
        {
          messageId: 'storedOutside',
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 17,
          data: {"handle":"tx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/returned.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function leak() {
  const trx = await db.transaction(async (inner) => {
    await inner('a').insert({ x: 1 });
    return inner;
  });
  return trx;
}`,
      errors: [
        {
          messageId: 'returnedFromCallback',
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 17,
          data: {"handle":"inner"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/later.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function order(userId: number) {
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { userId } });
    setTimeout(() => {
      void tx.metric.create({ data: { kind: 'order' } });
    }, 100);
  });
}`,
      errors: [
        {
          messageId: 'usedLater',
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 14,
          data: {"handle":"tx","when":"setTimeout"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/floating.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    tx.execute(sql\`insert into b values (1)\`);
    void tx.execute(sql\`insert into c values (1)\`);
  });
}`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 46,
          data: {"call":"tx.execute(sql`insert into b values (1)`)"},
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    await tx.execute(sql\`insert into b values (1)\`);
    void tx.execute(sql\`insert into c values (1)\`);
  });
}`,
            },
          ],
        },
        {
          messageId: 'notAwaited',
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 51,
          data: {"call":"tx.execute(sql`insert into c values (1)`)"},
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    tx.execute(sql\`insert into b values (1)\`);
    await tx.execute(sql\`insert into c values (1)\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/workers/namespace.ts',
      code: `import * as wt from 'worker_threads';
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export const worker = new wt.Worker('./scan.js', { workerData: db });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 4,
          column: 64,
          endLine: 4,
          endColumn: 66,
          data: {"handle":"db","label":"Drizzle node-postgres database","boundary":"a worker thread's workerData"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/workers/parent-port.ts',
      code: `import { parentPort } from 'node:worker_threads';
import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
parentPort!.postMessage({ ready: true, sql });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 4,
          column: 40,
          endLine: 4,
          endColumn: 43,
          data: {"handle":"sql","label":"postgres.js pool","boundary":"a message to another thread"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/workers/channel.ts',
      code: `import { MessageChannel } from 'node:worker_threads';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
const channel = new MessageChannel();
channel.port1.postMessage({ db });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 29,
          endLine: 6,
          endColumn: 31,
          data: {"handle":"db","label":"Kysely instance","boundary":"a message to another thread"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/workers/broadcast.ts',
      code: `import { BroadcastChannel } from 'worker_threads';
import { MikroORM } from '@mikro-orm/postgresql';
export async function announce() {
  const orm = await MikroORM.init();
  const bc = new BroadcastChannel('orm');
  bc.postMessage(orm);
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 21,
          data: {"handle":"orm","label":"MikroORM instance","boundary":"a message to another thread"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/workers/array.ts',
      code: `import { Worker } from 'worker_threads';
import pg from 'pg';
const pool = new pg.Pool();
const worker = new Worker('./w.js');
export async function hand() {
  const client = await pool.connect();
  worker.postMessage([client, 'users']);
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 29,
          data: {"handle":"client","label":"pg PoolClient","boundary":"a message to another thread"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/child/esm-fork.ts',
      code: `import { fork } from 'node:child_process';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export function spawnIndexer() {
  fork('./indexer.js').send({ dataSource });
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 5,
          column: 31,
          endLine: 5,
          endColumn: 41,
          data: {"handle":"dataSource","label":"TypeORM DataSource","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/child/query-runner.ts',
      code: `import { fork } from 'child_process';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const child = fork('./audit.js');
export async function f() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  child.send(queryRunner);
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 25,
          data: {"handle":"queryRunner","label":"TypeORM QueryRunner","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/cluster/esm.ts',
      code: `import cluster from 'node:cluster';
import { Pool } from 'pg';
const pool = new Pool();
if (cluster.isPrimary) {
  const w = cluster.fork();
  w.send({ pool });
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 16,
          data: {"handle":"pool","label":"pg Pool","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/child/process-send.ts',
      code: `import pg from 'pg';
const client = new pg.Client();
export async function report() {
  await client.connect();
  if (process.send) {
    process.send({ status: 'connected', client });
  }
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 41,
          endLine: 6,
          endColumn: 47,
          data: {"handle":"client","label":"pg Client","boundary":"a message to the parent process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/clone/knex-trx.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    const copy = structuredClone({ trx });
    await trx('log').insert({ copy: String(copy) });
  });
}`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 5,
          column: 36,
          endLine: 5,
          endColumn: 39,
          data: {"handle":"trx","label":"Knex transaction","boundary":"structuredClone"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/pools/piscina.ts',
      code: `import Piscina from 'piscina';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const piscina = new Piscina({ filename: new URL('./task.js', import.meta.url).href });
export const resize = (id: string) => piscina.run({ id, prisma });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 5,
          column: 57,
          endLine: 5,
          endColumn: 63,
          data: {"handle":"prisma","label":"PrismaClient","boundary":"a worker-pool task"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/pools/tinypool.ts',
      code: `import Tinypool from 'tinypool';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
const pool = new Tinypool({ filename: './w.mjs' });
export const go = () => pool.run({ db });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 36,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"db","label":"Kysely instance","boundary":"a worker-pool task"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/bullmq-bulk-literal.ts',
      code: `import { Queue } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const queue = new Queue('sync');
export async function f() {
  await queue.addBulk([{ name: 'sync', data: { prisma } }]);
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 6,
          column: 48,
          endLine: 6,
          endColumn: 54,
          data: {"handle":"prisma","label":"PrismaClient","boundary":"a BullMQ job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/bee.ts',
      code: `import BeeQueue from 'bee-queue';
import postgres from 'postgres';
const sql = postgres();
const q = new BeeQueue('reindex');
export const f = () => q.createJob({ table: 'users', sql }).save();`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 5,
          column: 54,
          endLine: 5,
          endColumn: 57,
          data: {"handle":"sql","label":"postgres.js pool","boundary":"a queued job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/agenda-now.ts',
      code: `import { Agenda } from 'agenda';
import { MikroORM } from '@mikro-orm/postgresql';
const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });
export async function f() {
  const orm = await MikroORM.init();
  await agenda.now('sync', { orm });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 6,
          column: 30,
          endLine: 6,
          endColumn: 33,
          data: {"handle":"orm","label":"MikroORM instance","boundary":"an Agenda job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/agenda-every.ts',
      code: `import { Agenda } from '@hokify/agenda';
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
const agenda = new Agenda();
export const f = () => agenda.every('1 hour', 'rollup', { db });`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 5,
          column: 59,
          endLine: 5,
          endColumn: 61,
          data: {"handle":"db","label":"Drizzle node-postgres database","boundary":"an Agenda job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/pgboss-seq.ts',
      code: `import PgBoss from 'pg-boss';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
const boss = new PgBoss(process.env.DATABASE_URL!);
export async function f(userId: number) {
  await sequelize.transaction(async (t) => {
    await boss.send('welcome', { userId, t });
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 7,
          column: 42,
          endLine: 7,
          endColumn: 43,
          data: {"handle":"t","label":"Sequelize transaction","boundary":"a pg-boss job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/pgboss-object.ts',
      code: `import PgBoss from 'pg-boss';
import { Pool } from 'pg';
const pool = new Pool();
const boss = new PgBoss(process.env.DATABASE_URL!);
export async function f() {
  const client = await pool.connect();
  await boss.send({ name: 'audit', data: { client } });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 7,
          column: 44,
          endLine: 7,
          endColumn: 50,
          data: {"handle":"client","label":"pg PoolClient","boundary":"a pg-boss job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/graphile-quick.ts',
      code: `import { quickAddJob } from 'graphile-worker';
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await quickAddJob({ connectionString: process.env.DATABASE_URL }, 'notify', { tx });
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 6,
          column: 83,
          endLine: 6,
          endColumn: 85,
          data: {"handle":"tx","label":"Drizzle transaction","boundary":"a graphile-worker job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/graphile-utils.ts',
      code: `import { makeWorkerUtils } from 'graphile-worker';
import { MikroORM } from '@mikro-orm/postgresql';
export async function f() {
  const orm = await MikroORM.init();
  const utils = await makeWorkerUtils({ connectionString: process.env.DATABASE_URL });
  await orm.em.transactional(async (em) => {
    await utils.addJob('reindex', { em });
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 39,
          data: {"handle":"em","label":"MikroORM transactional EntityManager","boundary":"a graphile-worker job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/serialize/query-runner.ts',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export function debug() {
  const queryRunner = ds.createQueryRunner();
  return JSON.stringify(queryRunner);
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 36,
          data: {"handle":"queryRunner","label":"TypeORM QueryRunner","boundary":"JSON.stringify()"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/pgp-tx.ts',
      code: `import pgPromise from 'pg-promise';
import { Queue } from 'bullmq';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
const queue = new Queue('events');
export async function f() {
  await db.tx(async (t) => {
    await t.none('insert into events default values');
    await queue.add('event', { t });
  });
}`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 33,
          data: {"handle":"t","label":"pg-promise transaction","boundary":"a BullMQ job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/kysely-stored.ts',
      code: `import { Kysely, PostgresDialect, Transaction } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
let saved: Transaction<any> | undefined;
export async function f() {
  await db.transaction().execute(async (trx) => {
    saved = trx;
    await trx.insertInto('a').values({ x: 1 }).execute();
  });
}`,
      errors: [
        {
          messageId: 'storedOutside',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 16,
          data: {"handle":"trx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/typeorm-this.ts',
      code: `import { DataSource, EntityManager } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export class OrderService {
  private manager?: EntityManager;
  async place() {
    await dataSource.transaction(async (manager) => {
      this.manager = manager;
      await manager.query('insert into orders default values');
    });
  }
}`,
      errors: [
        {
          messageId: 'storedOutside',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 29,
          data: {"handle":"manager"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/knex-static.ts',
      code: `import knex, { Knex } from 'knex';
const db = knex({ client: 'pg' });
class TxCache {
  static trx: Knex.Transaction | undefined;
}
export async function f() {
  await db.transaction(async (trx) => {
    TxCache.trx = trx;
    await trx('a').insert({});
  });
}`,
      errors: [
        {
          messageId: 'storedOutside',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 22,
          data: {"handle":"trx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/postgres-returned-object.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const result = await sql.begin(async (tx) => {
    const [row] = await tx\`insert into a default values returning id\`;
    return { row, tx };
  });
  return result.row;
}`,
      errors: [
        {
          messageId: 'returnedFromCallback',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 21,
          data: {"handle":"tx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/prisma-arrow-returned.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const getTx = () => prisma.$transaction(async (tx) => tx);`,
      errors: [
        {
          messageId: 'returnedFromCallback',
          line: 3,
          column: 62,
          endLine: 3,
          endColumn: 64,
          data: {"handle":"tx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/mikro-returned.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  const em = await orm.em.transactional(async (em) => {
    await em.execute('select 1');
    return em;
  });
  return em;
}`,
      errors: [
        {
          messageId: 'returnedFromCallback',
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 14,
          data: {"handle":"em"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/pgp-immediate.ts',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export async function f() {
  await db.tx(async (t) => {
    await t.none('insert into a default values');
    setImmediate(() => t.none('insert into b default values'));
  });
}`,
      errors: [
        {
          messageId: 'usedLater',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 25,
          data: {"handle":"t","when":"setImmediate"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/seq-nexttick.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update a set x = 1', { transaction: t });
    process.nextTick(() => sequelize.query('update b set x = 1', { transaction: t }));
  });
}`,
      errors: [
        {
          messageId: 'usedLater',
          line: 6,
          column: 81,
          endLine: 6,
          endColumn: 82,
          data: {"handle":"t","when":".nextTick()"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/knex-emitter.ts',
      code: `import knex from 'knex';
import { EventEmitter } from 'node:events';
const db = knex({ client: 'pg' });
export async function f(events: EventEmitter) {
  await db.transaction(async (trx) => {
    await trx('orders').insert({});
    events.on('shipped', (id: number) => trx('audit').insert({ id }));
  });
}`,
      errors: [
        {
          messageId: 'usedLater',
          line: 7,
          column: 42,
          endLine: 7,
          endColumn: 45,
          data: {"handle":"trx","when":".on()"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/scope/kysely-void.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('a').values({ x: 1 }).execute();
    void trx.insertInto('log').values({ x: 1 }).execute();
  });
}`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 58,
          data: {"call":"trx.insertInto('log').values({ x: 1 }).execute()"},
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('a').values({ x: 1 }).execute();
    await trx.insertInto('log').values({ x: 1 }).execute();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/scope/postgres-floating.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`insert into a default values\`;
    tx\`insert into b default values\`;
  });
}`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 37,
          data: {"call":"tx`insert into b default values`"},
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`insert into a default values\`;
    await tx\`insert into b default values\`;
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-session-across-boundary (esm)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `import Agenda from 'agenda';
import pg from 'pg';
const pool = new pg.Pool();
const agenda = new Agenda();
export const later = () => agenda.schedule('in 5 minutes', 'cleanup', { pool });`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 5,
          column: 73,
          endLine: 5,
          endColumn: 77,
          data: {"handle":"pool","label":"pg Pool","boundary":"an Agenda job"},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-session-across-boundary (cjs)', rule, {
  valid: [
    { code: `const { Worker } = require('worker_threads');
function start() {
  return new Worker('./w.js', { workerData: { databaseUrl: process.env.DATABASE_URL, poolSize: 5 } });
}
module.exports = start;` },
    { code: `const { parentPort, workerData } = require('node:worker_threads');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: workerData.databaseUrl });
parentPort.on('message', async (id) => {
  const { rows } = await pool.query('select * from items where id = $1', [id]);
  parentPort.postMessage(rows);
});` },
  ],
  invalid: [
    {
      code: `const { fork } = require('child_process');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const child = fork('./reindex.js');
child.send({ db: knex, table: 'products' });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 22,
          data: {"handle":"knex","label":"Knex instance","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const { Worker } = require('node:worker_threads');
const { Pool } = require('pg');
const pool = new Pool();
async function start() {
  const client = await pool.connect();
  return new Worker('./import.js', { workerData: { client, batch: 500 } });
}
module.exports = { start };`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 6,
          column: 52,
          endLine: 6,
          endColumn: 58,
          data: {"handle":"client","label":"pg PoolClient","boundary":"a worker thread's workerData"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const cp = require('child_process');
const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL);
const child = cp.fork('./migrate.js');
child.send({ sequelize, step: 'up' });`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 23,
          data: {"handle":"sequelize","label":"Sequelize instance","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const cluster = require('cluster');
const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
cluster.fork().send(db);`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 23,
          data: {"handle":"db","label":"pg-promise Database","boundary":"a message to another process"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const workerpool = require('workerpool');
const { Pool } = require('pg');
const pg = new Pool();
const pool = workerpool.pool(__dirname + '/w.js');
async function run() {
  const client = await pg.connect();
  return pool.exec('rebuild', [client]);
}
module.exports = run;`,
      errors: [
        {
          messageId: 'crossesThread',
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 38,
          data: {"handle":"client","label":"pg PoolClient","boundary":"a worker-pool task"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const Queue = require('bull');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const mail = new Queue('mail');
function send(to) {
  return mail.add({ to, knex });
}
module.exports = send;`,
      errors: [
        {
          messageId: 'crossesQueue',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 29,
          data: {"handle":"knex","label":"Knex instance","boundary":"a queued job"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function f() {
  await db.tx(async (t) => {
    t.none('delete from sessions');
    await t.none('delete from users');
  });
}
module.exports = f;`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 35,
          data: {"call":"t.none('delete from sessions')"},
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function f() {
  await db.tx(async (t) => {
    await t.none('delete from sessions');
    await t.none('delete from users');
  });
}
module.exports = f;`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-session-across-boundary (the handle put on the request for the work the callback runs)', rule, {
  valid: [
    // Koa middleware: the rest of the request runs inside the callback and finds the handle on `ctx`.
    `import type { Context, Next } from 'koa';
import { Sequelize, type Transaction } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export function transaction() {
  return async function transactionMiddleware(ctx: Context, next: Next) {
    await sequelize.transaction(async (t: Transaction) => {
      ctx.state.transaction = t;
      return next();
    });
  };
}`,
    // A context built in the handler, then handed to the work done in the callback.
    `import { Sequelize } from 'sequelize';
import { createContext, createDocument } from './context';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function handler(context: { user: string }, title: string) {
  const ctx = createContext(context);
  return sequelize.transaction(async (transaction) => {
    ctx.state.transaction = transaction;
    const document = await createDocument(ctx, { title });
    return document.id;
  });
}`,
  ],
  invalid: [
    {
      // Put on the request and nothing runs after it in the callback: whoever reads it finds a
      // committed transaction.
      code: `import type { Context } from 'koa';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function open(ctx: Context) {
  await sequelize.transaction(async (t) => {
    ctx.state.transaction = t;
  });
}`,
      errors: [{ messageId: 'storedOutside', line: 6, column: 29, data: { handle: 't' } }],
    },
    {
      // A module variable is every request's: the work after it does not make it this request's.
      code: `import { Sequelize, type Transaction } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
const ambient: { transaction?: Transaction } = {};
export async function run(work: () => Promise<void>) {
  await sequelize.transaction(async (t) => {
    ambient.transaction = t;
    await work();
  });
}`,
      errors: [{ messageId: 'storedOutside', line: 6, column: 27, data: { handle: 't' } }],
    },
  ],
});
