import rule from '../../rules/balanced-transaction';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';
import { GUARDED_QUERY_RUNNER } from '../helpers/shared-cases';
import { packageWith } from '../helpers/package';

/** A test that commits on the happy path with no rollback on a throw (which fails the test anyway). */
const HAPPY_PATH_TEST = `import { Pool } from 'pg';
import { test } from 'vitest';
const pool = new Pool();
test('transfers', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});`;

const SEQUELIZE_BEGIN = `import { sequelize } from '../models';
export async function seed(files: string[]) {
  await sequelize.query('BEGIN');
  try {
    for (const file of files) await sequelize.query(file);
    await sequelize.query('COMMIT');
  } catch (error) {
    await sequelize.query('ROLLBACK');
    throw error;
  }
}`;

ruleTester.run('balanced-transaction (ts)', rule, {
  valid: [
    // A package that drives SQLite (or MySQL) and no PostgreSQL driver: its Sequelize is not PostgreSQL's.
    { filename: packageWith('sqlite-app', { sequelize: '^6.37.0', sqlite3: '^5.1.7' })('src/seed.ts'), code: SEQUELIZE_BEGIN },
    {
      // The runner reached back through its manager (\`queryRunner.manager.queryRunner\` is the runner).
      filename: 'src/applicant/end-of-journey.service.ts',
      code: `import { DataSource, EntityManager } from 'typeorm';
export class EndOfJourneyService {
  constructor(private readonly dataSource: DataSource) {}
  async run(): Promise<void> {
    const queryRunner = this.dataSource.createQueryRunner('master');
    await queryRunner.startTransaction();
    const manager = queryRunner.manager;
    try {
      await this.close(manager);
      await manager.queryRunner?.commitTransaction();
    } catch (e) {
      await manager.queryRunner?.rollbackTransaction();
      throw e;
    } finally {
      await manager.queryRunner?.release();
    }
  }
  private async close(manager: EntityManager) {
    await manager.query('update applicants set closed = true where closed_at < now()');
  }
}`,
    },
    {
      // The transaction is the function's own only when no client was passed in: every later test
      // of that parameter takes the same branch, so the begin is always ended and nothing leaks.
      filename: 'src/ingest/load.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function upsertBatch(rows: object[], outer?: PoolClient) {
  const client = outer ?? (await db.connect());
  try {
    if (!outer) await client.query('BEGIN');
    for (const row of rows) {
      await client.query('insert into output select * from json_populate_record(null::output, $1)', [row]);
    }
    if (!outer) await client.query('COMMIT');
  } catch (error) {
    if (!outer) await client.query('ROLLBACK');
    throw error;
  } finally {
    if (!outer) client.release();
  }
}`,
    },
    {
      // The same with a nullish test of the caller's client.
      filename: 'src/ingest/nullish.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const db = new Pool();
export async function upsertAll(rows: object[], outer: PoolClient | null = null) {
  const client = outer ?? (await db.connect());
  try {
    if (outer === null) await client.query('BEGIN');
    for (const row of rows) {
      await client.query('insert into output select * from json_populate_record(null::output, $1)', [row]);
    }
    if (outer === null) await client.query('COMMIT');
  } catch (error) {
    if (outer == null) await client.query('ROLLBACK');
    throw error;
  } finally {
    if (outer === null) client.release();
  }
}`,
    },
    {
      // The same with a flag held in a \`const\`, and a conditional expression.
      filename: 'src/ingest/flag.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function copyRows(rows: object[], options: { atomic?: boolean }) {
  const atomic = options.atomic === true;
  const client = await pool.connect();
  try {
    if (atomic) {
      await client.query('BEGIN');
    }
    for (const row of rows) {
      await client.query('insert into copy select * from json_populate_record(null::copy, $1)', [row]);
    }
    await (atomic ? client.query('COMMIT') : Promise.resolve());
  } catch (error) {
    if (atomic) await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    },
    {
      // A child logger's call before the rollback is logging, as \`logger.warn(…)\` is.
      filename: 'src/scraper/save-events.ts',
      code: `import { DataSource } from 'typeorm';
import { logger } from './logger';
export async function saveEvents(dataSource: DataSource, rows: object[], eventName: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction('REPEATABLE READ');
  try {
    await queryRunner.manager.insert('events', rows);
    await queryRunner.commitTransaction();
  } catch (err) {
    logger.child({ event: eventName }).warn('Simultaneous write attempt, will retry on the next run');
    await queryRunner.rollbackTransaction();
  } finally {
    await queryRunner.release();
  }
}`,
    },
    {
      // Repositories bound to the transaction are built in memory between the begin and the \`try\`:
      // no query, nothing to fail on but a programming error.
      filename: 'src/programs/programs.service.ts',
      code: `import { DataSource } from 'typeorm';
import { Program, ProgramAttribute } from './entities';
export async function createProgram(dataSource: DataSource, program: Program) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.startTransaction();
  const programs = queryRunner.manager.getRepository(Program);
  const attributes = queryRunner.manager.getRepository(ProgramAttribute);
  try {
    const saved = await programs.save(program);
    await attributes.save({ programId: saved.id });
    await queryRunner.commitTransaction();
    return saved;
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}`,
    },
    // Guards that test the handle and its state together (see tests/helpers/shared-cases.ts).
    GUARDED_QUERY_RUNNER,
    // a test that throws has failed already: its happy-path COMMIT is not reported (checkTests: false)
    { filename: 'src/__tests__/transfer.spec.ts', code: HAPPY_PATH_TEST },
    { filename: 'src/ternary-helper.ts', code: `import type { PoolClient } from 'pg';
async function finish(client: PoolClient, ok: boolean) {
  await client.query(ok ? 'COMMIT' : 'ROLLBACK');
}
export async function archive(client: PoolClient) {
  await client.query('BEGIN');
  try {
    await client.query('insert into archive select * from events');
  } catch (error) {
    await finish(client, false);
    throw error;
  }
  await finish(client, true);
}` },

    { filename: 'src/canonical.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1 where id = $1', [from]);
    await client.query('update accounts set balance = balance + 1 where id = $1', [to]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}` },
    { filename: 'src/helper.ts', code: `import type { PoolClient } from 'pg';
async function rollback(client: PoolClient) {
  await client.query('ROLLBACK');
}
export async function archive(client: PoolClient) {
  await client.query('BEGIN');
  try {
    await client.query('insert into archive select * from events');
    await client.query('COMMIT');
  } catch (error) {
    await rollback(client);
    throw error;
  }
}` },
    { filename: 'src/knex-managed.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function createOrder(order: { id: string }) {
  await db.transaction(async (trx) => {
    await trx('orders').insert(order);
    await trx('order_events').insert({ order_id: order.id });
  });
}` },
    { filename: 'src/knex-unmanaged-ok.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function createOrder(order: { id: string }) {
  const trx = await db.transaction();
  try {
    await trx('orders').insert(order);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}` },
    { filename: 'src/sequelize-ok.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function move(id: string) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update items set bin = 2 where id = ?', { replacements: [id], transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}` },
    { filename: 'src/sequelize-managed.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function move(id: string) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update items set bin = 2 where id = ?', { replacements: [id], transaction: t });
  });
}` },
    { filename: 'src/kysely-ok.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: string) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}` },
    { filename: 'src/mikro-ok.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function move(orm: MikroORM) {
  const em = orm.em.fork();
  await em.begin();
  try {
    await em.execute('update items set bin = 2');
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}` },
    { filename: 'src/returned.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function begin() {
  const trx = await db.transaction();
  await trx.raw("set local statement_timeout = '5s'");
  return trx;
}` },
    { filename: 'src/savepoint.ts', code: `import type { PoolClient } from 'pg';
export async function importRows(client: PoolClient, rows: string[]) {
  await client.query('BEGIN');
  try {
    for (const row of rows) {
      await client.query('SAVEPOINT row');
      try {
        await client.query('insert into t values ($1)', [row]);
        await client.query('RELEASE SAVEPOINT row');
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT row');
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}` },
    { filename: 'src/one-string.ts', code: `import type { PoolClient } from 'pg';
export async function bump(client: PoolClient) {
  await client.query('BEGIN; update counters set n = n + 1; COMMIT;');
}` },
    { filename: 'src/prisma-managed.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer() {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`update accounts set balance = balance - 1 where id = 1\`;
  });
}` },
    { filename: 'src/postgres-begin.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function transfer() {
  await sql.begin(async (tx) => {
    await tx\`update accounts set balance = balance - 1 where id = 1\`;
  });
}` },
    // postgres.js allows a raw BEGIN on a pool of one connection (`max: 1`, no UNSAFE_TRANSACTION).
    { filename: 'src/postgres-max-one.ts', code: `import postgres from 'postgres';
const one = postgres(process.env.DATABASE_URL!, { max: 1 });
export async function hold() {
  await one\`begin\`;
  try {
    await one\`lock table jobs\`;
  } finally {
    await one\`rollback\`;
  }
}` },
    // So do a pg Pool of one connection and Knex or Sequelize with a pool of one: every query,
    // `BEGIN` included, runs on that connection (a test's control connection holding a lock).
    { filename: 'src/pool-max-one.ts', code: `import { Pool } from 'pg';
import knexFactory from 'knex';
import { Sequelize } from 'sequelize';
const single = new Pool({ max: 1 });
const sequelize = new Sequelize(process.env.DATABASE_URL!, { pool: { max: 1 } });
export async function hold() {
  const control = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 1, max: 1 } });
  try {
    await control.raw('BEGIN');
    await control.raw('LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE');
    await control.raw('COMMIT');
  } finally {
    await control.raw('ROLLBACK').catch(() => undefined);
    await control.destroy();
  }
}
export async function viaPool() {
  await single.query('BEGIN');
  try {
    await single.query('update jobs set state = 1');
    await single.query('COMMIT');
  } catch (error) {
    await single.query('ROLLBACK');
    throw error;
  }
}
export async function viaSequelize() {
  await sequelize.query('BEGIN');
  try {
    await sequelize.query('update jobs set state = 1');
    await sequelize.query('COMMIT');
  } catch (error) {
    await sequelize.query('ROLLBACK');
    throw error;
  }
}` },
    { filename: 'src/lookalike.ts', code: `const client = { async query(_: string) { return 1; } };
export async function f() {
  await client.query('BEGIN');
  await client.query('select 1');
}` },
    { filename: 'src/dynamic.ts', code: `import type { PoolClient } from 'pg';
export async function run(client: PoolClient, statement: string) {
  await client.query(statement);
  await client.query(\`\${statement} transaction\`);
}` },
    { filename: 'src/client-end-tx.ts', code: `import pg from 'pg';
export async function holdLock() {
  const holder = new pg.Client({});
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t IN SHARE MODE');
    await doWork();
    await holder.query('ROLLBACK');
  } finally {
    await holder.end();
  }
}
export async function endOnly() {
  const client = new pg.Client();
  await client.connect();
  try {
    await client.query('begin');
    await client.query('create temp table x(id int)');
  } finally {
    await client.end();
  }
}
declare function doWork(): Promise<void>;` },
    { filename: 'src/begin-helper.ts', code: `import { Pool, PoolClient } from 'pg';
export async function begin(client: PoolClient) {
  await client.query('BEGIN');
}` },
    { filename: 'src/release-destroy.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function risky() {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query('insert into t values (1)');
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}` },

    { filename: 'src/legacy/ts-require.ts', code: `import pg = require('pg');

export async function reserveStock(client: pg.PoolClient, sku: string, qty: number) {
  await client.query('BEGIN');
  try {
    const { rowCount } = await client.query('update stock set qty = qty - $1 where sku = $2 and qty >= $1', [qty, sku]);
    await client.query('COMMIT');
    return rowCount > 0;
  } catch (err) {
    await client.query('ROLLBACK');
    console.error('reserveStock failed', err);
    return false;
  }
}` },
    { filename: 'src/app/api/checkout/route.ts', code: `import { db } from '@vercel/postgres';

export async function POST(request: Request) {
  const { cartId } = await request.json();
  const client = await db.connect();
  try {
    await client.sql\`BEGIN\`;
    await client.sql\`insert into orders (cart_id) values (\${cartId})\`;
    await client.sql\`delete from carts where id = \${cartId}\`;
    await client.sql\`COMMIT\`;
    return new Response(null, { status: 201 });
  } catch (err) {
    await client.sql\`ROLLBACK\`;
    throw err;
  } finally {
    client.release();
  }
}` },
    { filename: 'src/orders/typeorm-isolation.ts', code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function allocate(orderId: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction('SERIALIZABLE');
  try {
    await queryRunner.query('update inventory set reserved = reserved + 1 where order_id = $1', [orderId]);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}` },
    { filename: 'src/orders/orders.service.ts', code: `import { DataSource } from 'typeorm';

export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}

  async markShipped(orderId: number, trackingCode: string) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.query('update orders set status = $1 where id = $2', ['shipped', orderId]);
      await queryRunner.manager.query('insert into shipments (order_id, code) values ($1, $2)', [orderId, trackingCode]);
      await queryRunner.commitTransaction();
      return true;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      return false;
    } finally {
      await queryRunner.release();
    }
  }
}` },
    { filename: 'src/orders/typeorm-managed.ts', code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function split(orderId: number) {
  await dataSource.transaction('READ COMMITTED', async (manager) => {
    await manager.query('insert into orders (parent_id) values ($1)', [orderId]);
    await manager.query('update orders set split = true where id = $1', [orderId]);
  });
}` },
    { filename: 'src/library/knex-typed.ts', code: `import type { Knex } from 'knex';

export async function restock(db: Knex, items: Array<{ sku: string; qty: number }>) {
  const trx = await db.transaction();
  try {
    for (const item of items) {
      if (item.qty <= 0) {
        continue;
      }
      await trx('stock').where({ sku: item.sku }).increment('qty', item.qty);
    }
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}` },
    { filename: 'src/library/knex-helper.ts', code: `import knex, { type Knex } from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

async function finish(trx: Knex.Transaction, ok: boolean) {
  if (ok) {
    await trx.commit();
  } else {
    await trx.rollback();
  }
}

export async function archiveMember(memberId: number) {
  const trx = await db.transaction();
  let ok = false;
  try {
    await trx('members_archive').insert(trx('members').where({ id: memberId }));
    await trx('members').where({ id: memberId }).del();
    ok = true;
  } finally {
    await finish(trx, ok);
  }
}` },
    { filename: 'src/library/knex-managed-config.ts', code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function swapShelves(a: number, b: number) {
  await db.transaction(
    async (trx) => {
      await trx('books').where({ shelf: a }).update({ shelf: -1 });
      await trx('books').where({ shelf: b }).update({ shelf: a });
      await trx('books').where({ shelf: -1 }).update({ shelf: b });
    },
    { isolationLevel: 'repeatable read' },
  );
}` },
    { filename: 'src/people/objection-start.ts', code: `import { Model } from 'objection';

class Person extends Model {
  static tableName = 'persons';
}

export async function adoptPet(personId: number, petId: number) {
  const trx = await Person.startTransaction();
  try {
    await Person.query(trx).patch({ has_pet: true }).where('id', personId);
    await trx('pets').where({ id: petId }).update({ owner_id: personId });
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}` },
    { filename: 'src/tickets/sequelize-isolation.ts', code: `import { Sequelize, Transaction } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function assign(ticketId: number, agentId: number) {
  const t = await sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE });
  try {
    await sequelize.query('update tickets set agent_id = ? where id = ? and agent_id is null', {
      replacements: [agentId, ticketId],
      transaction: t,
    });
    await t.commit();
  } catch (err) {
    await t.rollback();
    throw err;
  }
}` },
    { filename: 'src/tickets/sequelize-v7.ts', code: `import { Sequelize } from '@sequelize/core';

const sequelize = new Sequelize({ dialect: 'postgres', url: process.env.DATABASE_URL });

export async function reopen(ticketId: number) {
  const t = await sequelize.startUnmanagedTransaction();
  try {
    await sequelize.query('update tickets set closed_at = null where id = ?', { replacements: [ticketId], transaction: t });
    await t.commit();
  } catch (err) {
    await t.rollback();
    throw err;
  }
}` },
    { filename: 'src/pets/kysely-isolation.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });

export async function transferPet(petId: number, toOwner: number) {
  const trx = await db.startTransaction().setIsolationLevel('serializable').execute();
  try {
    await trx.updateTable('pet').set({ owner_id: toOwner }).where('id', '=', petId).execute();
    await trx.insertInto('pet_history').values({ pet_id: petId, owner_id: toOwner }).execute();
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
}` },
    { filename: 'src/pets/kysely-savepoint.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });

export async function importPets(rows: Array<{ name: string }>) {
  const trx = await db.startTransaction().execute();
  try {
    let failed = 0;
    for (const row of rows) {
      const sp = await trx.savepoint('row').execute();
      try {
        await sp.insertInto('pet').values(row).execute();
        await sp.releaseSavepoint('row').execute();
      } catch {
        await sp.rollbackToSavepoint('row').execute();
        failed++;
      }
    }
    await trx.commit().execute();
    return failed;
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
}` },
    { filename: 'src/authors/mikro-managed.ts', code: `import { MikroORM } from '@mikro-orm/core';

const orm = await MikroORM.init();

export async function retire(authorId: number) {
  await orm.em.fork().transactional(async (em) => {
    await em.execute('update authors set retired = true where id = ?', [authorId]);
    await em.execute('update books set in_print = false where author_id = ?', [authorId]);
  });
}` },
    { filename: 'src/jobs/reserved-unsafe.ts', code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function requeue(ids: number[]) {
  const reserved = await sql.reserve();
  try {
    await reserved.unsafe('BEGIN');
    try {
      for (const id of ids) {
        await reserved\`update jobs set taken_at = null, attempts = attempts + 1 where id = \${id}\`;
      }
      await reserved.unsafe('COMMIT');
    } catch (err) {
      await reserved.unsafe('ROLLBACK');
      throw err;
    }
  } finally {
    reserved.release();
  }
}` },
    { filename: 'src/jobs/postgres-managed.ts', code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function moveJob(id: number, queue: string) {
  return sql.begin('isolation level serializable', async (tx) => {
    await tx\`update jobs set queue = \${queue} where id = \${id}\`;
    return tx\`insert into job_moves (job_id, queue) values (\${id}, \${queue})\`;
  });
}` },
    { filename: 'scripts/client-script.ts', code: `import { Client } from 'pg';

export async function seed() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('insert into plans (name) values ($1), ($2)', ['free', 'pro']);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/db/conditional-begin.ts', code: `import type { PoolClient } from 'pg';

export async function saveDraft(client: PoolClient, draft: { id: string; body: string }, atomic: boolean) {
  if (atomic) {
    await client.query('BEGIN');
    try {
      await client.query('update drafts set body = $1 where id = $2', [draft.body, draft.id]);
      await client.query('insert into draft_history (draft_id, body) values ($1, $2)', [draft.id, draft.body]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
    return;
  }
  await client.query('update drafts set body = $1 where id = $2', [draft.body, draft.id]);
}` },
    { filename: 'src/db/batches-continue.ts', code: `import type { PoolClient } from 'pg';

export async function applyBatches(client: PoolClient, batches: string[][]) {
  for (const batch of batches) {
    await client.query('BEGIN');
    try {
      if (batch.length < 1) {
        await client.query('ROLLBACK');
        continue;
      }
      for (const id of batch) {
        await client.query('update items set processed = true where id = $1', [id]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
}` },
    { filename: 'src/db/loop-break-commit.ts', code: `import type { PoolClient } from 'pg';

export async function claimFirst(client: PoolClient, candidates: string[]) {
  let claimed: string | undefined;
  await client.query('BEGIN');
  try {
    for (const id of candidates) {
      const { rowCount } = await client.query('update slots set owner = current_user where id = $1 and owner is null', [id]);
      if (rowCount) {
        claimed = id;
        break;
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  return claimed;
}` },
    { filename: 'src/db/nested-try.ts', code: `import type { PoolClient } from 'pg';

export async function recordLogin(client: PoolClient, userId: string, ip: string) {
  await client.query('BEGIN');
  try {
    await client.query('update users set last_login = now() where id = $1', [userId]);
    try {
      await client.query('select notify_login($1, $2)', [userId, ip]);
    } finally {
      console.info('login notification attempted', userId);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}` },
    { filename: 'src/db/throw-after-commit.ts', code: `import type { PoolClient } from 'pg';

export async function closeAccount(client: PoolClient, accountId: string) {
  let rowCount: number | null;
  await client.query('BEGIN');
  try {
    ({ rowCount } = await client.query('update accounts set closed = true where id = $1 and not closed', [accountId]));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  if (!rowCount) {
    throw new Error(\`account \${accountId} was already closed\`);
  }
}` },
    { filename: 'src/db/keywords.ts', code: `import type { PoolClient } from 'pg';

const START = 'START TRANSACTION ISOLATION LEVEL REPEATABLE READ';

export async function snapshot(client: PoolClient) {
  await client.query(START);
  try {
    const users = await client.query('select count(*) from users');
    const orders = await client.query({ text: 'select count(*) from orders' });
    await client.query('END');
    return { users: users.rows[0].count, orders: orders.rows[0].count };
  } catch (err) {
    await client.query('ABORT');
    throw err;
  }
}` },
    { filename: 'src/db/two-phases.ts', code: `import type { PoolClient } from 'pg';

export async function migrateTenant(client: PoolClient, tenant: string) {
  await client.query('BEGIN');
  try {
    await client.query('insert into tenants_v2 select * from tenants where id = $1', [tenant]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  await client.query('BEGIN');
  try {
    await client.query('delete from tenants where id = $1', [tenant]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}` },
    { filename: 'src/db/commit-in-callback.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export function bumpVersion(docId: string) {
  return pool.connect().then((client) =>
    client
      .query('BEGIN')
      .then(() => client.query('update docs set version = version + 1 where id = $1', [docId]))
      .then(() => client.query('COMMIT'))
      .catch(async (err) => {
        await client.query('ROLLBACK');
        throw err;
      })
      .finally(() => client.release()),
  );
}` },
    { filename: 'src/db/commit-raw-callback.ts', code: `import type { PoolClient } from 'pg';

export async function bumpCounter(client: PoolClient, name: string) {
  await client.query('BEGIN');
  return client
    .query('update counters set value = value + 1 where name = $1', [name])
    .then(() => client.query('COMMIT'))
    .catch(async (err) => {
      await client.query('ROLLBACK');
      throw err;
    });
}` },
    { filename: 'src/library/knex-callback-end.ts', code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function touchAll(ids: number[]) {
  const trx = await db.transaction();
  return Promise.all(ids.map((id) => trx('books').where({ id }).update({ touched_at: db.fn.now() })))
    .then(() => trx.commit())
    .catch((err) => trx.rollback(err));
}` },
    { filename: 'src/library/knex-returned.ts', code: `import knex, { type Knex } from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function openUnitOfWork(): Promise<{ trx: Knex.Transaction; startedAt: Date }> {
  const trx = await db.transaction();
  await trx.raw("set local lock_timeout = '2s'");
  return { trx, startedAt: new Date() };
}` },
    { filename: 'src/library/knex-stored.ts', code: `import knex, { type Knex } from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export class UnitOfWork {
  private trx?: Knex.Transaction;

  async start() {
    this.trx = await db.transaction();
  }

  async commit() {
    await this.trx?.commit();
  }
}` },
    { filename: 'src/library/knex-map.ts', code: `import knex, { type Knex } from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const open = new Map<string, Knex.Transaction>();

export async function beginForRequest(requestId: string) {
  const trx = await db.transaction();
  open.set(requestId, trx);
}` },
    { filename: 'src/library/knex-handed.ts', code: `import knex from 'knex';
import { runImport } from './importer';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function importCatalogue(file: string) {
  const trx = await db.transaction();
  await runImport(trx, file);
}` },
    { filename: 'src/library/lookalike-db.ts', code: `import type { Knex } from 'knex';

const fakeDb = {
  async transaction() {
    return { async commit() {}, async rollback() {}, rows: [] as unknown[] };
  },
};

export async function dryRun(_real?: Knex) {
  const trx = await fakeDb.transaction();
  trx.rows.push('x');
  return trx.rows.length;
}` },
    { filename: 'src/db/shadowed-sql.ts', code: `import postgres from 'postgres';

export const sql = postgres(process.env.DATABASE_URL!);

export async function replay(statements: string[], sql: { unsafe(text: string): Promise<unknown> }) {
  await sql.unsafe('BEGIN');
  for (const statement of statements) {
    await sql.unsafe(statement);
  }
  await sql.unsafe('COMMIT');
}` },
    { filename: 'src/db/rollback-swallow-error.ts', code: `import type { PoolClient } from 'pg';

export async function resetCounters(client: PoolClient) {
  await client.query('BEGIN');
  try {
    await client.query('update counters set value = 0');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}` },
    { filename: 'src/library/knex-savepoints.ts', code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function importBooks(rows: Array<{ title: string }>) {
  const trx = await db.transaction();
  try {
    for (const row of rows) {
      const nested = await trx.transaction();
      try {
        await nested('books').insert(row);
        await nested.commit();
      } catch {
        await nested.rollback();
      }
    }
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}` },
    { filename: 'src/authors/mikro-flush.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';

export async function deleteAuthor(orm: MikroORM, id: number) {
  const em = orm.em.fork();
  await em.begin();
  try {
    const author = await em.findOneOrFail('Author', id);
    em.remove(author);
    await em.flush();
    await em.commit();
  } catch (err) {
    await em.rollback();
    throw err;
  }
}` },
    { filename: 'src/jobs/pgp-sco.ts', code: `import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export async function bumpCounter(id: number) {
  const sco = await db.connect();
  try {
    await sco.none('BEGIN');
    const row = await sco.oneOrNone('select * from counters where id = $1 for update', [id]);
    if (!row) {
      await sco.none('ROLLBACK');
      return null;
    }
    await sco.none('update counters set n = n + 1 where id = $1', [id]);
    await sco.none('COMMIT');
    return row;
  } catch (err) {
    await sco.none('ROLLBACK');
    throw err;
  } finally {
    sco.done();
  }
}` },
    { filename: 'src/jobs/reserved-loop.ts', code: `import postgres from 'postgres';

const sql = postgres();

export async function bumpEach(ids: number[]) {
  const reserved = await sql.reserve();
  try {
    for (const id of ids) {
      await reserved\`begin\`;
      try {
        await reserved\`update counters set n = n + 1 where id = \${id}\`;
        await reserved\`commit\`;
      } catch (err) {
        await reserved\`rollback\`;
        if (ids.length > 1) {
          continue;
        }
        throw err;
      }
    }
  } finally {
    reserved.release();
  }
}` },
    { filename: 'src/pets/kysely-then.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });

export async function removePet(id: number) {
  const trx = await db.startTransaction().execute();
  await trx.deleteFrom('pet').where('id', '=', id).execute()
    .then(() => trx.commit().execute())
    .catch(async (err) => {
      await trx.rollback().execute();
      throw err;
    });
}` },
    { filename: 'src/raw-cb.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function bump(name: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update counters set value = value + 1 where name = $1', [name]).then(
      () => client.query('COMMIT'),
      async (err) => {
        await client.query('ROLLBACK');
        throw err;
      },
    );
  } finally {
    client.release();
  }
}` },
    { filename: 'src/knex-completed.ts', code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function f(id: number) {
  const trx = await db.transaction();
  try {
    await trx('a').where({ id }).del();
    await trx.commit();
  } finally {
    if (!trx.isCompleted()) {
      await trx.rollback();
    }
  }
}` },
    { filename: 'src/typeorm-active.ts', code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres' });

export async function f(id: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('delete from a where id = $1', [id]);
    await queryRunner.commitTransaction();
  } catch (err) {
    if (queryRunner.isTransactionActive) {
      await queryRunner.rollbackTransaction();
    }
    throw err;
  } finally {
    await queryRunner.release();
  }
}` },
    { filename: 'src/library/knex-then-commit.ts', code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function addCatalogue(name: string, titles: string[]) {
  const trx = await db.transaction();
  return trx('catalogues')
    .insert({ name }, 'id')
    .then(([row]) => trx('books').insert(titles.map((title) => ({ title, catalogue_id: row.id }))))
    .then(trx.commit)
    .catch(trx.rollback);
}` },
    // A TypeORM migration that steps out of the runner's transaction for a statement that cannot run
    // in one, and begins a new one for the runner to commit: the caller's transaction, handed back.
    { filename: 'src/migrations/1700000000000-AddIndex.ts', code: `import { MigrationInterface, QueryRunner } from 'typeorm';
export class AddIndex1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.commitTransaction();
    await queryRunner.query('CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id)');
    await queryRunner.startTransaction();
  }
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMIT');
    await queryRunner.query('VACUUM (ANALYZE) orders');
    await queryRunner.query('BEGIN');
  }
}` },

  ],
  invalid: [
    {
      // A query between the begin and the \`try\` can fail; a repository built there cannot.
      filename: 'src/programs/programs.service.ts',
      code: `import { DataSource } from 'typeorm';
import { Program } from './entities';
export async function createProgram(dataSource: DataSource, program: Program) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.startTransaction();
  const programs = queryRunner.manager.getRepository(Program);
  const count = await programs.count();
  try {
    await programs.save({ ...program, position: count });
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 9,
          data: { handle: 'queryRunner', line: 7 },
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { DataSource } from 'typeorm';
import { Program } from './entities';
export async function createProgram(dataSource: DataSource, program: Program) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.startTransaction();
  try {
    const programs = queryRunner.manager.getRepository(Program);
    const count = await programs.count();
    await programs.save({ ...program, position: count });
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Ended on one path, the transaction begun after the caller's COMMIT is the function's own.
      filename: 'src/migrations/1700000000001-Backfill.ts',
      code: `import { MigrationInterface, QueryRunner } from 'typeorm';
export class Backfill1700000000001 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.commitTransaction();
    await queryRunner.startTransaction();
    const rows = await queryRunner.query('SELECT id FROM orders WHERE total IS NULL');
    if (rows.length === 0) {
      await queryRunner.commitTransaction();
      return;
    }
    await queryRunner.query('UPDATE orders SET total = 0 WHERE total IS NULL');
  }
  public async down(): Promise<void> {}
}`,
      errors: [{ messageId: 'notEnded', line: 5, column: 11, data: { handle: 'queryRunner', line: 12 } }],
    },
    {
      filename: 'src/__tests__/transfer.spec.ts',
      options: [{ checkTests: true }],
      code: HAPPY_PATH_TEST,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 32,
          data: { handle: 'client', line: 8 },
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Pool } from 'pg';
import { test } from 'vitest';
const pool = new Pool();
test('transfers', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});`,
            },
          ],
        },
      ],
    },
    {
      // never ended on a normal path: reported in tests too
      filename: 'src/__tests__/transfer.spec.ts',
      code: `import { Pool } from 'pg';
import { test } from 'vitest';
const pool = new Pool();
test('transfers', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1');
  } finally {
    client.release();
  }
});`,
      errors: [{ messageId: 'notEnded', line: 7, column: 11 }],
    },
    {
      // The commit tests the opposite of what the begin tested: begun, never ended.
      filename: 'src/ingest/inverted.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function copyRows(rows: object[], atomic: boolean) {
  const client = await pool.connect();
  try {
    if (atomic) await client.query('BEGIN');
    for (const row of rows) {
      await client.query('insert into copy select * from json_populate_record(null::copy, $1)', [row]);
    }
    if (!atomic) await client.query('COMMIT');
  } catch (error) {
    if (atomic) await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notEnded', line: 6, column: 23, data: { handle: 'client', line: 17 } }],
    },
    {
      // \`=== null\` and \`=== undefined\` ask different things: with \`outer\` undefined the begin
      // runs and the commit does not.
      filename: 'src/ingest/null-or-undefined.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function copyRows(rows: object[], outer?: PoolClient | null) {
  const client = await pool.connect();
  try {
    if (outer !== null) await client.query('BEGIN');
    for (const row of rows) {
      await client.query('insert into copy select * from json_populate_record(null::copy, $1)', [row]);
    }
    if (outer !== undefined) await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notEnded', line: 6, column: 31, data: { handle: 'client', line: 17 } }],
    },
    {
      // A flag declared in the loop is each round's own: its earlier value tells nothing.
      filename: 'src/ingest/per-round.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function copyAll(batches: object[][]) {
  const client = await pool.connect();
  try {
    for (const batch of batches) {
      const atomic = batch.length > 1;
      if (atomic) await client.query('BEGIN');
      await client.query('insert into copy select * from json_populate_recordset(null::copy, $1)', [JSON.stringify(batch)]);
      if (atomic) await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notEnded', line: 8, column: 25 }],
    },
    {
      filename: 'src/no-rollback.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1 where id = $1', [from]);
    await client.query('update accounts set balance = balance + 1 where id = $1', [to]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 32,
          data: {"handle":"client","line":7},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1 where id = $1', [from]);
    await client.query('update accounts set balance = balance + 1 where id = $1', [to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/early-return.ts',
      code: `import type { PoolClient } from 'pg';
export async function reserve(client: PoolClient, sku: string) {
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  try {
    const { rows } = await client.query('select qty from stock where sku = $1 for update', [sku]);
    if (!rows[0].qty) {
      return false;
    }
    await client.query('update stock set qty = qty - 1 where sku = $1', [sku]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 59,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/swallowed.ts',
      code: `import type { PoolClient } from 'pg';
export async function archive(client: PoolClient) {
  await client.query('start transaction');
  try {
    await client.query('insert into archive select * from events');
    await client.query('delete from events');
    await client.query('commit');
  } catch (error) {
    console.error('archive failed', error);
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 42,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      // The same package with a PostgreSQL driver: `BEGIN` through the pool.
      filename: packageWith('pg-app', { sequelize: '^6.37.0', sqlite3: '^5.1.7', pg: '^8.13.0' })('src/seed.ts'),
      code: SEQUELIZE_BEGIN,
      errors: [{ messageId: 'beginOnPool', line: 3, column: 9, data: { statement: 'BEGIN', target: 'the Sequelize instance `sequelize`' }, suggestions: [] }],
    },
    {
      // … or with node-postgres's types only (the driver installed at a workspace's root).
      filename: packageWith('pg-types-app', { sequelize: '^6.37.0', mysql2: '^3.11.0', '@types/pg': '^8.11.0' })('src/seed.ts'),
      code: SEQUELIZE_BEGIN,
      errors: [{ messageId: 'beginOnPool', line: 3, column: 9, data: { statement: 'BEGIN', target: 'the Sequelize instance `sequelize`' }, suggestions: [] }],
    },
    {
      filename: 'src/pool-begin.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer() {
  await pool.query('BEGIN');
  await pool.query('update accounts set balance = balance - 1 where id = 1');
  await pool.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 28,
          data: {"statement":"BEGIN","target":"the pg Pool `pool`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      // More than one connection, or a size the rule cannot read.
      filename: 'src/pool-max-two.ts',
      code: `import { Pool } from 'pg';
import knexFactory from 'knex';
const pool = new Pool({ max: 2 });
const size = Number(process.env.POOL_SIZE);
const db = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: size } });
export async function transfer() {
  await pool.query('BEGIN');
  await pool.query('COMMIT');
  await db.raw('BEGIN');
  await db.raw('COMMIT');
}`,
      errors: [
        { messageId: 'beginOnPool', line: 7, column: 9, data: { statement: 'BEGIN', target: 'the pg Pool `pool`' }, suggestions: [] },
        { messageId: 'beginOnPool', line: 9, column: 9, data: { statement: 'BEGIN', target: 'the Knex instance `db`' }, suggestions: [] },
      ],
    },
    {
      filename: 'src/typeorm-pool.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function transfer() {
  await dataSource.query('START TRANSACTION');
  await dataSource.query('update accounts set balance = 0');
  await dataSource.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 46,
          data: {"statement":"START TRANSACTION","target":"the TypeORM DataSource `dataSource`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize-query.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function reset() {
  await sequelize.query('BEGIN');
  await sequelize.query('truncate jobs');
  await sequelize.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 33,
          data: {"statement":"BEGIN","target":"the Sequelize instance `sequelize`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/postgres-js.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function reset() {
  await sql\`begin\`;
  await sql\`truncate jobs\`;
  await sql\`commit\`;
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          data: {"statement":"BEGIN","target":"the postgres.js pool `sql`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      // A pool of two is a pool.
      filename: 'src/postgres-js-max-two.ts',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!, { max: 2 });
export async function reset() {
  await sql\`begin\`;
  await sql\`commit\`;
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          data: {"statement":"BEGIN","target":"the postgres.js pool `sql`"},
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/prisma-raw.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function reset() {
  await prisma.$executeRaw\`BEGIN\`;
  await prisma.$executeRaw\`truncate jobs\`;
  await prisma.$executeRaw\`COMMIT\`;
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 34,
          data: {"statement":"BEGIN","target":"the PrismaClient `prisma`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/drizzle.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function reset() {
  await db.execute(sql\`begin\`);
  await db.execute(sql\`truncate jobs\`);
  await db.execute(sql\`commit\`);
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 31,
          data: {"statement":"BEGIN","target":"the Drizzle node-postgres database `db`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/knex-unmanaged.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function createOrder(order: { id: string }) {
  const trx = await db.transaction();
  await trx('orders').insert(order);
  await trx('order_events').insert({ order_id: order.id, kind: 'created' });
  await trx.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 37,
          data: {"handle":"trx","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function createOrder(order: { id: string }) {
  const trx = await db.transaction();
  try {
    await trx('orders').insert(order);
    await trx('order_events').insert({ order_id: order.id, kind: 'created' });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/knex-provider.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const provider = db.transactionProvider();
export async function createOrder(order: { id: string }) {
  const trx = await provider();
  await trx('orders').insert(order);
  await trx.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 31,
          data: {"handle":"trx","line":6},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const provider = db.transactionProvider();
export async function createOrder(order: { id: string }) {
  const trx = await provider();
  try {
    await trx('orders').insert(order);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize-unmanaged.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function move(id: string) {
  const t = await sequelize.transaction();
  await sequelize.query('update items set bin = 2 where id = ?', { replacements: [id], transaction: t });
  await t.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 42,
          data: {"handle":"t","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function move(id: string) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update items set bin = 2 where id = ?', { replacements: [id], transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/kysely.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: string) {
  const trx = await db.startTransaction().execute();
  await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
  await trx.commit().execute();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 52,
          data: {"handle":"trx","line":6},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: string) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/mikro.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function move(orm: MikroORM) {
  const em = orm.em.fork();
  await em.begin();
  await em.execute('update items set bin = 2');
  await em.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          data: {"handle":"em","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
export async function move(orm: MikroORM) {
  const em = orm.em.fork();
  await em.begin();
  try {
    await em.execute('update items set bin = 2');
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm-runner.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function move() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('update items set bin = 2');
    await queryRunner.commitTransaction();
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 39,
          data: {"handle":"queryRunner","line":8},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function move() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('update items set bin = 2');
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/commit-in-branch.ts',
      code: `import type { PoolClient } from 'pg';
export async function maybe(client: PoolClient, apply: boolean) {
  await client.query('BEGIN');
  try {
    await client.query('update t set x = 1');
    if (apply) {
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 30,
          data: {"handle":"client","line":13},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/loop-break.ts',
      code: `import type { PoolClient } from 'pg';
export async function drain(client: PoolClient, batches: string[][]) {
  for (const batch of batches) {
    await client.query('BEGIN');
    try {
      if (!batch.length) {
        break;
      }
      await client.query('delete from q where id = any($1)', [batch]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 32,
          data: {"handle":"client","line":16},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/reserved.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function claim() {
  const reserved = await sql.reserve();
  try {
    await reserved\`begin\`;
    const [job] = await reserved\`select * from jobs for update skip locked limit 1\`;
    await reserved\`commit\`;
    return job;
  } finally {
    reserved.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 26,
          data: {"handle":"reserved","line":7},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function claim() {
  const reserved = await sql.reserve();
  try {
    await reserved\`begin\`;
    const [job] = await reserved\`select * from jobs for update skip locked limit 1\`;
    await reserved\`commit\`;
    return job;
  } catch (error) {
    await reserved\`ROLLBACK\`;
    throw error;
  } finally {
    reserved.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/model-create.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  const t = await sequelize.transaction();
  await User.create({ name }, { transaction: t });
  await t.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 42,
          data: {"handle":"t","line":6},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  const t = await sequelize.transaction();
  try {
    await User.create({ name }, { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/transacting.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id: string) {
  const trx = await db.transaction();
  await db('items').where({ id }).update({ bin: 2 }).transacting(trx);
  await trx.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 37,
          data: {"handle":"trx","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id: string) {
  const trx = await db.transaction();
  try {
    await db('items').where({ id }).update({ bin: 2 }).transacting(trx);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm-shape.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function move() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('update items set bin = 2');
    await queryRunner.commitTransaction();
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 39,
          data: {"handle":"queryRunner","line":8},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function move() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('update items set bin = 2');
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/billing/namespace.ts',
      code: `import * as pg from 'pg';

const pool = new pg.Pool();

export async function chargeInvoice(invoiceId: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update invoices set paid = paid + $1 where id = $2', [amount, invoiceId]);
    await client.query('insert into payments (invoice_id, amount) values ($1, $2)', [invoiceId, amount]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 32,
          data: {"handle":"client","line":9},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import * as pg from 'pg';

const pool = new pg.Pool();

export async function chargeInvoice(invoiceId: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update invoices set paid = paid + $1 where id = $2', [amount, invoiceId]);
    await client.query('insert into payments (invoice_id, amount) values ($1, $2)', [invoiceId, amount]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/edge/neon-early-return.ts',
      code: `import { Pool } from '@neondatabase/serverless';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function publishPost(id: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('select status from posts where id = $1 for update', [id]);
    if (rows[0]?.status != 'draft') {
      return false;
    }
    await client.query('update posts set status = $1, published_at = now() where id = $2', ['published', id]);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 32,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/edge/neon-http.ts',
      code: `import { neon } from '@neondatabase/serverless';

const sql = neon(process.env.DATABASE_URL!);

export async function resetDemo() {
  await sql\`BEGIN\`;
  await sql\`delete from demo_rows\`;
  await sql\`COMMIT\`;
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 19,
          data: {"statement":"BEGIN","target":"the Neon HTTP query function `sql`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/app/api/reset/route.ts',
      code: `import { sql } from '@vercel/postgres';

export async function POST() {
  await sql\`BEGIN\`;
  await sql\`truncate carts\`;
  await sql\`COMMIT\`;
  return new Response(null, { status: 204 });
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          data: {"statement":"BEGIN","target":"the @vercel/postgres sql `sql`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/orders/typeorm-early-return.ts',
      code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function refund(orderId: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    const [order] = await queryRunner.query('select * from orders where id = $1 for update', [orderId]);
    if (!order) {
      return null;
    }
    await queryRunner.query('update orders set refunded = true where id = $1', [orderId]);
    await queryRunner.commitTransaction();
    return order;
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 39,
          data: {"handle":"queryRunner","line":12},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/orders/typed-runner-helper.ts',
      code: `import type { QueryRunner } from 'typeorm';

export async function renumber(qr: QueryRunner, table: string) {
  await qr.startTransaction();
  await qr.query(\`lock table \${table} in exclusive mode\`);
  await qr.query(\`update \${table} set position = position + 1000\`);
  await qr.commitTransaction();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: {"handle":"qr","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import type { QueryRunner } from 'typeorm';

export async function renumber(qr: QueryRunner, table: string) {
  await qr.startTransaction();
  try {
    await qr.query(\`lock table \${table} in exclusive mode\`);
    await qr.query(\`update \${table} set position = position + 1000\`);
    await qr.commitTransaction();
  } catch (error) {
    await qr.rollbackTransaction();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/library/knex-ts-require.ts',
      code: `import knex = require('knex');

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function lend(bookId: number, memberId: number) {
  const trx = await db.transaction();
  try {
    await trx('loans').insert({ book_id: bookId, member_id: memberId });
    await trx('books').where({ id: bookId }).update({ on_loan: true });
    await trx.commit();
  } catch (err) {
    console.error('lend failed', err);
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 37,
          data: {"handle":"trx","line":14},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/library/knex-isolation.ts',
      code: `import { knex } from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function renewAll(memberId: number) {
  const trx = await db.transaction({ isolationLevel: 'serializable' });
  const loans = await trx('loans').where({ member_id: memberId, returned: false });
  for (const loan of loans) {
    await trx('loans').where({ id: loan.id }).update({ due_at: db.raw("due_at + interval '14 days'") });
  }
  await trx.commit();
  return loans.length;
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 71,
          data: {"handle":"trx","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/tickets/sequelize-default.ts',
      code: `import Sequelize from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function merge(sourceId: number, targetId: number) {
  const t = await sequelize.transaction();
  await sequelize.query('update comments set ticket_id = ? where ticket_id = ?', { replacements: [targetId, sourceId], transaction: t });
  await sequelize.query('delete from tickets where id = ?', { replacements: [sourceId], transaction: t });
  await t.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 42,
          data: {"handle":"t","line":7},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import Sequelize from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function merge(sourceId: number, targetId: number) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update comments set ticket_id = ? where ticket_id = ?', { replacements: [targetId, sourceId], transaction: t });
    await sequelize.query('delete from tickets where id = ?', { replacements: [sourceId], transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pets/kysely-typed.ts',
      code: `import type { Kysely } from 'kysely';

export async function vaccinate(db: Kysely<any>, petId: number, vaccine: string) {
  const trx = await db.startTransaction().execute();
  try {
    const pet = await trx.selectFrom('pet').selectAll().where('id', '=', petId).executeTakeFirst();
    if (!pet) {
      return false;
    }
    await trx.insertInto('vaccination').values({ pet_id: petId, vaccine }).execute();
    await trx.commit().execute();
    return true;
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 52,
          data: {"handle":"trx","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/authors/mikro-typed.ts',
      code: `import type { EntityManager } from '@mikro-orm/postgresql';

export async function mergeAuthors(em: EntityManager, keepId: number, dropId: number) {
  const fork = em.fork();
  await fork.begin();
  await fork.execute('update books set author_id = ? where author_id = ?', [keepId, dropId]);
  await fork.execute('delete from authors where id = ?', [dropId]);
  await fork.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 21,
          data: {"handle":"fork","line":6},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import type { EntityManager } from '@mikro-orm/postgresql';

export async function mergeAuthors(em: EntityManager, keepId: number, dropId: number) {
  const fork = em.fork();
  await fork.begin();
  try {
    await fork.execute('update books set author_id = ? where author_id = ?', [keepId, dropId]);
    await fork.execute('delete from authors where id = ?', [dropId]);
    await fork.commit();
  } catch (error) {
    await fork.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/authors/mikro-switch.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';

const orm = await MikroORM.init();

export async function applyModeration(postId: number, verdict: 'approve' | 'reject' | 'defer') {
  const em = orm.em.fork();
  await em.begin();
  try {
    switch (verdict) {
      case 'approve':
        await em.execute('update posts set visible = true where id = ?', [postId]);
        break;
      case 'reject':
        await em.execute('delete from posts where id = ?', [postId]);
        break;
      case 'defer':
        return;
    }
    await em.commit();
  } catch (err) {
    await em.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 19,
          data: {"handle":"em","line":17},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/postgres-unsafe-pool.ts',
      code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function purgeQueue(queue: string) {
  await sql.unsafe('BEGIN');
  await sql\`delete from jobs where queue = \${queue}\`;
  await sql.unsafe('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 28,
          data: {"statement":"BEGIN","target":"the postgres.js pool `sql`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/pgp-task-begin.ts',
      code: `import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export async function rotateKeys() {
  await db.task(async (t) => {
    await t.none('BEGIN');
    await t.none('update api_keys set revoked = true where created_at < now() - interval \\'90 days\\'');
    await t.none('insert into key_rotations default values');
    await t.none('COMMIT');
  });
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 26,
          data: {"handle":"t","line":8},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export async function rotateKeys() {
  await db.task(async (t) => {
    await t.none('BEGIN');
    try {
      await t.none('update api_keys set revoked = true where created_at < now() - interval \\'90 days\\'');
      await t.none('insert into key_rotations default values');
      await t.none('COMMIT');
    } catch (error) {
      await t.none('ROLLBACK');
      throw error;
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/batches-continue-leak.ts',
      code: `import type { PoolClient } from 'pg';

export async function applyBatches(client: PoolClient, batches: string[][]) {
  for (const batch of batches) {
    await client.query('BEGIN');
    try {
      if (batch.length < 1) {
        continue;
      }
      for (const id of batch) {
        await client.query('update items set processed = true where id = $1', [id]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 32,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/switch-default-leak.ts',
      code: `import type { PoolClient } from 'pg';

export async function setPlan(client: PoolClient, userId: string, plan: string) {
  await client.query('BEGIN');
  try {
    switch (plan) {
      case 'free':
        await client.query('update users set plan = $1, seats = 1 where id = $2', [plan, userId]);
        await client.query('COMMIT');
        break;
      case 'team':
        await client.query('update users set plan = $1, seats = 5 where id = $2', [plan, userId]);
        await client.query('COMMIT');
        break;
      default:
        console.warn('unknown plan', plan);
    }
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: {"handle":"client","line":22},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/outside-try.ts',
      code: `import type { PoolClient } from 'pg';
import { audit } from './audit';

export async function deleteAccount(client: PoolClient, accountId: string) {
  await client.query('BEGIN');
  await audit('account.delete', accountId);
  try {
    await client.query('delete from accounts where id = $1', [accountId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 30,
          data: {"handle":"client","line":6},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import type { PoolClient } from 'pg';
import { audit } from './audit';

export async function deleteAccount(client: PoolClient, accountId: string) {
  await client.query('BEGIN');
  try {
    await audit('account.delete', accountId);
    await client.query('delete from accounts where id = $1', [accountId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/swallow-no-rollback.ts',
      code: `import type { PoolClient } from 'pg';

export async function tryUpgrade(client: PoolClient, userId: string) {
  await client.query('BEGIN');
  try {
    await client.query('update users set tier = tier + 1 where id = $1', [userId]);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    console.error(err);
    return false;
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      // A catch block that wraps the failure in another error still leaves the transaction open.
      filename: 'src/db/wrapped-rethrow.ts',
      code: `import type { PoolClient } from 'pg';

export async function transfer(client: PoolClient, from: string, to: string, cents: number) {
  await client.query('BEGIN');
  try {
    await client.query('update accounts set balance = balance - $1 where id = $2', [cents, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [cents, to]);
    await client.query('COMMIT');
  } catch (error) {
    throw new TransferError('transfer failed', { cause: error });
  }
}
class TransferError extends Error {}`,
      errors: [
        {
          messageId: 'rethrownOpen',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: { handle: 'client', line: 10 },
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import type { PoolClient } from 'pg';

export async function transfer(client: PoolClient, from: string, to: string, cents: number) {
  await client.query('BEGIN');
  try {
    await client.query('update accounts set balance = balance - $1 where id = $2', [cents, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [cents, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new TransferError('transfer failed', { cause: error });
  }
}
class TransferError extends Error {}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/explicit-throw.ts',
      code: `import type { PoolClient } from 'pg';

export async function withdraw(client: PoolClient, accountId: string, cents: number) {
  await client.query('BEGIN');
  const { rows } = await client.query('select balance from accounts where id = $1 for update', [accountId]);
  if (rows[0].balance < cents) {
    throw new Error('insufficient funds');
  }
  await client.query('update accounts set balance = balance - $1 where id = $2', [cents, accountId]);
  await client.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'thrownOpen',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/http/routes.ts',
      code: `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
export const router = express.Router();

router.post('/orders/:id/cancel', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update orders set cancelled = true where id = $1', [req.params.id]);
    if (req.body.notify) {
      await client.query('insert into outbox (topic, payload) values ($1, $2)', ['order.cancelled', req.params.id]);
    }
    res.sendStatus(204);
  } finally {
    client.release();
  }
});`,
      errors: [
        {
          messageId: 'notEnded',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 32,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/conditional-begin-leak.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function moveCards(cardIds: string[], column: string) {
  const client = await pool.connect();
  try {
    if (cardIds.length > 1) {
      await client.query('BEGIN');
    }
    for (const id of cardIds) {
      await client.query('update cards set column_name = $1 where id = $2', [column, id]);
    }
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 34,
          data: {"handle":"client","line":17},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/legacy/ts-require-leak.ts',
      code: `import pg = require('pg');

export async function reserveStock(client: pg.PoolClient, sku: string, qty: number) {
  await client.query('BEGIN');
  await client.query('update stock set qty = qty - $1 where sku = $2 and qty >= $1', [qty, sku]);
  await client.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 30,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import pg = require('pg');

export async function reserveStock(client: pg.PoolClient, sku: string, qty: number) {
  await client.query('BEGIN');
  try {
    await client.query('update stock set qty = qty - $1 where sku = $2 and qty >= $1', [qty, sku]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/users/sequelize-model.ts',
      code: `import { Sequelize, Model, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
User.init({ name: DataTypes.STRING }, { sequelize });

export async function createUser(name: string) {
  const t = await sequelize.transaction();
  await User.create({ name }, { transaction: t });
  await t.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 42,
          data: {"handle":"t","line":9},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { Sequelize, Model, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
User.init({ name: DataTypes.STRING }, { sequelize });

export async function createUser(name: string) {
  const t = await sequelize.transaction();
  try {
    await User.create({ name }, { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/library/knex-transacting.ts',
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function addBook(row: { title: string }) {
  const trx = await db.transaction();
  await db('books').insert(row).transacting(trx);
  await trx.commit();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 6,
          column: 21,
          endLine: 6,
          endColumn: 37,
          data: {"handle":"trx","line":7},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function addBook(row: { title: string }) {
  const trx = await db.transaction();
  try {
    await db('books').insert(row).transacting(trx);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/pgp-sco-leak.ts',
      code: `import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export async function bumpCounter(id: number) {
  const sco = await db.connect();
  try {
    await sco.none('BEGIN');
    const row = await sco.oneOrNone('select * from counters where id = $1 for update', [id]);
    if (!row) {
      return null;
    }
    await sco.none('COMMIT');
    return row;
  } catch (err) {
    await sco.none('ROLLBACK');
    throw err;
  } finally {
    sco.done();
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 28,
          data: {"handle":"sco","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/app/api/cart/route.ts',
      code: `import { db } from '@vercel/postgres';

export async function DELETE(request: Request) {
  const cartId = new URL(request.url).searchParams.get('id');
  const client = await db.connect();
  try {
    await client.sql\`BEGIN\`;
    const { rowCount } = await client.sql\`delete from cart_items where cart_id = \${cartId}\`;
    if (!rowCount) {
      return new Response(null, { status: 404 });
    }
    await client.sql\`delete from carts where id = \${cartId}\`;
    await client.sql\`COMMIT\`;
    return new Response(null, { status: 204 });
  } catch (err) {
    await client.sql\`ROLLBACK\`;
    throw err;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEnded',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 28,
          data: {"handle":"client","line":10},
          suggestions: [
          ],
        },
      ],
    },

    {
      filename: 'src/vercel.ts',
      code: `import { db } from '@vercel/postgres';

export async function POST(request: Request) {
  const { cartId } = await request.json();
  const client = await db.connect();
  try {
    await client.sql\`BEGIN\`;
    await client.sql\`insert into orders (cart_id) values (\${cartId})\`;
    await client.sql\`COMMIT\`;
    return new Response(null, { status: 201 });
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 28,
          data: {"handle":"client","line":8},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `import { db } from '@vercel/postgres';

export async function POST(request: Request) {
  const { cartId } = await request.json();
  const client = await db.connect();
  try {
    await client.sql\`BEGIN\`;
    await client.sql\`insert into orders (cart_id) values (\${cartId})\`;
    await client.sql\`COMMIT\`;
    return new Response(null, { status: 201 });
  } catch (error) {
    await client.sql\`ROLLBACK\`;
    throw error;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('balanced-transaction (esm)', rule, {
  valid: [
    { code: `import knex from 'knex';

export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export function makeRepo(knex) {
  return {
    async save(row) {
      const trx = await knex.transaction();
      await trx('rows').insert(row);
    },
  };
}` },
    { code: `export async function migrate(client, statements) {
  await client.query('BEGIN');
  for (const statement of statements) {
    await client.query(statement);
  }
}

export const dbModule = import('pg');` },
  ],
  invalid: [
  ],
});

cjsRuleTester.run('balanced-transaction (cjs)', rule, {
  valid: [
    { code: `const { Pool } = require('pg');

const pool = new Pool();

async function moveFunds(from, to, cents) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update wallets set cents = cents - $1 where id = $2', [cents, from]);
    await client.query('update wallets set cents = cents + $1 where id = $2', [cents, to]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { moveFunds };` },
    { code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

async function enroll(studentId, courseId) {
  const trx = await knex.transaction();
  try {
    await trx('enrollments').insert({ student_id: studentId, course_id: courseId });
    await trx('courses').where({ id: courseId }).increment('enrolled', 1);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}

module.exports = { enroll };` },
    { code: `const { Sequelize } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);

async function escalate(ticketId) {
  return sequelize.transaction(async (t) => {
    await sequelize.query('update tickets set priority = priority + 1 where id = ?', { replacements: [ticketId], transaction: t });
    await sequelize.query('insert into escalations (ticket_id) values (?)', { replacements: [ticketId], transaction: t });
  });
}

module.exports = { escalate };` },
    { code: `const pgp = require('pg-promise')();

const db = pgp(process.env.DATABASE_URL);

function rotateSecrets(userId) {
  return db.tx('rotate-secrets', async (t) => {
    await t.none('update secrets set revoked = true where user_id = $1', [userId]);
    await t.none('insert into secrets (user_id) values ($1)', [userId]);
  });
}

module.exports = { rotateSecrets };` },
    { code: `const { Pool } = require('pg');

const pool = new Pool();

function addPhoto(userId, url, cb) {
  pool.connect((err, client, done) => {
    if (err) return cb(err);
    const abort = (error) => {
      client.query('ROLLBACK', () => {
        done();
        cb(error);
      });
    };
    client.query('BEGIN', (beginErr) => {
      if (beginErr) return abort(beginErr);
      client.query('insert into photos (user_id, url) values ($1, $2)', [userId, url], (insertErr) => {
        if (insertErr) return abort(insertErr);
        client.query('COMMIT', (commitErr) => {
          done();
          cb(commitErr);
        });
      });
    });
  });
}

module.exports = { addPhoto };` },
  ],
  invalid: [
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function reset() {
  await knex.raw('BEGIN');
  await knex('jobs').del();
  await knex.raw('COMMIT');
}
module.exports = { reset };`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 26,
          data: {"statement":"BEGIN","target":"the Knex instance `knex`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.reset = async () => {
  await db.none('BEGIN');
  await db.none('truncate jobs');
  await db.none('COMMIT');
};`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          data: {"statement":"BEGIN","target":"the pg-promise Database `db`"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const { Model, transaction } = require('objection');

async function renamePerson(id, name) {
  const trx = await transaction.start(Model.knex());
  await trx('persons').where({ id }).update({ name });
  await trx('audit').insert({ entity: 'person', entity_id: id });
  await trx.commit();
}

module.exports = { renamePerson };`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 52,
          data: {"handle":"trx","line":5},
          suggestions: [
            {
              messageId: 'suggestRollback',
              output: `const { Model, transaction } = require('objection');

async function renamePerson(id, name) {
  const trx = await transaction.start(Model.knex());
  try {
    await trx('persons').where({ id }).update({ name });
    await trx('audit').insert({ entity: 'person', entity_id: id });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}

module.exports = { renamePerson };`,
            },
          ],
        },
      ],
    },
    {
      code: `const { Sequelize, QueryTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);

async function closeTicket(ticketId) {
  const t = await sequelize.transaction();
  const [ticket] = await sequelize.query('select * from tickets where id = ? for update', {
    replacements: [ticketId],
    type: QueryTypes.SELECT,
    transaction: t,
  });
  if (!ticket) {
    return false;
  }
  await sequelize.query('update tickets set closed_at = now() where id = ?', { replacements: [ticketId], transaction: t });
  await t.commit();
  return true;
}

module.exports = { closeTicket };`,
      errors: [
        {
          messageId: 'notEnded',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 42,
          data: {"handle":"t","line":13},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

ruleTester.run('balanced-transaction (a whole transaction in one query through a pool)', rule, {
  valid: [
    {
      // One simple query runs on the one connection the pool lends it: BEGIN … COMMIT inside it is whole.
      filename: 'test/integration/util/db.ts',
      code: `import { Pool } from 'pg';
import { Sequelize } from 'sequelize';
const pool = new Pool({ application_name: 'tests' });
const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialectOptions: { application_name: 'tests' } });
export async function deleteUser(email: string) {
  await sequelize.query(
    \`
    BEGIN TRANSACTION;
    -- their links first
    DELETE FROM urls USING users WHERE urls."userId" = users.id AND users.email = :email;
    DELETE FROM users WHERE email = :email;
    COMMIT;
  \`,
    { replacements: { email } },
  );
}
export async function resetCounters() {
  await pool.query('BEGIN; UPDATE counters SET n = 0; DELETE FROM hits; COMMIT');
}`,
    },
  ],
  invalid: [
    {
      // Ended and begun again: the second transaction is left open on whichever connection ran it.
      filename: 'src/counters.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
export async function resetCounters() {
  await pool.query('BEGIN; UPDATE counters SET n = 0; COMMIT; BEGIN ISOLATION LEVEL SERIALIZABLE');
  await pool.query('DELETE FROM hits');
  await pool.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 99,
          data: { statement: 'BEGIN ISOLATION LEVEL SERIALIZABLE', target: 'the pg Pool `pool`' },
          suggestions: [],
        },
      ],
    },
  ],
});

ruleTester.run('balanced-transaction (logging before the rollback)', rule, {
  valid: [
    {
      // A logger call in the catch is not where the rollback is skipped.
      filename: 'src/journeys/journeys.service.ts',
      code: `import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
export class JourneysService {
  constructor(private readonly dataSource: DataSource, private readonly logger: { error(...args: unknown[]): void }) {}
  error(error: Error, method: string) {
    this.logger.error(error.message, method);
  }
  async rename(id: string, name: string) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.update('journey', { id }, { name });
      await queryRunner.commitTransaction();
    } catch (e) {
      this.error(e as Error, 'rename');
      this.logger.error('rename failed', randomUUID());
      console.table([id]);
      await queryRunner.rollbackTransaction();
      throw e;
    } finally {
      await queryRunner.release();
    }
  }
}`,
    },
    {
      // A logging function of the project, called by name between the begin and the try.
      filename: 'src/controllers/share.ctrl.ts',
      code: `import { Sequelize } from 'sequelize';
import { logStructured, logProcessing } from '../utils/logger';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function deleteShare(id: number) {
  const transaction = await sequelize.transaction();
  logStructured('processing', \`deleting share \${id}\`, 'deleteShare');
  logProcessing({ description: 'deleteShare', id });
  try {
    await sequelize.query('delete from shares where id = :id', { replacements: { id }, transaction });
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}`,
    },
  ],
  invalid: [
    {
      // Awaited, a logging function may write to the database and throw; `logIn` is no logger.
      filename: 'src/controllers/share.ctrl.ts',
      code: `import { Sequelize } from 'sequelize';
import { logActivity, logIn } from '../utils/audit';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function deleteShare(id: number) {
  const transaction = await sequelize.transaction();
  await logActivity('deleteShare', id);
  try {
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}
export async function signIn(id: number) {
  const transaction = await sequelize.transaction();
  await logIn(id);
  try {
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}`,
      errors: [
        { messageId: 'notEndedOnThrow', line: 5, data: { handle: 'transaction', line: 6 }, suggestions: [{ messageId: 'suggestRollback', output: `import { Sequelize } from 'sequelize';
import { logActivity, logIn } from '../utils/audit';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function deleteShare(id: number) {
  const transaction = await sequelize.transaction();
  try {
    await logActivity('deleteShare', id);
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}
export async function signIn(id: number) {
  const transaction = await sequelize.transaction();
  await logIn(id);
  try {
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}` }] },
        { messageId: 'notEndedOnThrow', line: 15, data: { handle: 'transaction', line: 16 }, suggestions: [{ messageId: 'suggestRollback', output: `import { Sequelize } from 'sequelize';
import { logActivity, logIn } from '../utils/audit';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function deleteShare(id: number) {
  const transaction = await sequelize.transaction();
  await logActivity('deleteShare', id);
  try {
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}
export async function signIn(id: number) {
  const transaction = await sequelize.transaction();
  try {
    await logIn(id);
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}` }] },
      ],
    },
    {
      // What runs before the try declares a name read after it: moving it would break that, and
      // wrapping the whole would roll back twice. No suggestion.
      filename: 'src/controllers/share.ctrl.ts',
      code: `import { Sequelize } from 'sequelize';
import { audit } from '../utils/audit';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function deleteShare(id: number) {
  const transaction = await sequelize.transaction();
  const entry = await audit('deleteShare', id);
  try {
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
  return entry;
}`,
      errors: [{ messageId: 'notEndedOnThrow', line: 5, data: { handle: 'transaction', line: 6 }, suggestions: [] }],
    },
    {
      // A catch without a rollback that rethrows: the rollback goes first in it.
      filename: 'src/stock.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'stock' });
export async function move(id: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query('update stock set n = n - 1 where id = $1', [id]);
    await client.query('COMMIT');
  } catch (e) {
    console.error(e);
    throw e;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'rethrownOpen',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 30,
          data: { handle: 'client', line: 11 },
          suggestions: [
            {
              messageId: 'suggestRollback',
              data: { rollback: "await client.query('ROLLBACK')" },
              output: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'stock' });
export async function move(id: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    await client.query('update stock set n = n - 1 where id = $1', [id]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    console.error(e);
    throw e;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Another call before the rollback can throw and skip it.
      filename: 'src/journeys/journeys.service.ts',
      code: `import { DataSource } from 'typeorm';
export class JourneysService {
  constructor(private readonly dataSource: DataSource, private readonly alerts: { notify(e: unknown): Promise<void> }) {}
  async rename(id: string, name: string) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.update('journey', { id }, { name });
      await queryRunner.commitTransaction();
    } catch (e) {
      await this.alerts.notify(e);
      await queryRunner.rollbackTransaction();
      throw e;
    } finally {
      await queryRunner.release();
    }
  }
}`,
      // Named for what it is: the catch has a rollback, after a call that can skip it (and no wrapping suggestion).
      errors: [{ messageId: 'rollbackSkipped', line: 7, column: 11, endLine: 7, endColumn: 41, data: { handle: 'queryRunner', line: 12 }, suggestions: [] }],
    },
  ],
});

ruleTester.run('balanced-transaction (a Knex migration stepping out of its transaction)', rule, {
  valid: [
    {
      // up(knex) is handed the migration's transaction: COMMIT … BEGIN on its one connection.
      filename: 'db/migrations/20240102120000_users_email_index.ts',
      code: `import type { Knex } from 'knex';
export async function up(knex: Knex): Promise<void> {
  await knex.raw('COMMIT');
  await knex.raw('CREATE INDEX CONCURRENTLY users_email ON users (email)');
  await knex.raw('BEGIN');
}
export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX users_email');
}`,
    },
  ],
  invalid: [
    {
      // Outside a migration the same instance is the pool.
      filename: 'src/maintenance/indexes.ts',
      code: `import type { Knex } from 'knex';
export async function reindex(knex: Knex): Promise<void> {
  await knex.raw('COMMIT');
  await knex.raw('CREATE INDEX CONCURRENTLY users_email ON users (email)');
  await knex.raw('BEGIN');
}`,
      errors: [{ messageId: 'beginOnPool', line: 5, column: 9, endLine: 5, endColumn: 26, data: { statement: 'BEGIN', target: 'the Knex instance `knex`' }, suggestions: [] }],
    },
  ],
});

// sequelize-cli's `models/index.js` exports the application's Sequelize instance as `db.sequelize`.
cjsRuleTester.run('balanced-transaction (sequelize-cli models)', rule, {
  valid: [
    {
      filename: 'src/controllers/auth.controller.js',
      code: `const db = require('../models');
const { User } = require('../models');
exports.register = async (req, res) => {
  const transaction = await db.sequelize.transaction();
  try {
    await User.create(req.body, { transaction });
    await transaction.commit();
  } catch (err) {
    await transaction.rollback();
    return res.status(400).json({ error: 'Error registering user' });
  }
  return res.status(201).end();
};`,
    },
    {
      // Another module named models: only its `sequelize` means anything.
      filename: 'src/routes/users.js',
      code: `const models = require('../models');
exports.list = async (req, res) => res.json(await models.User.findAll({ transaction: await models.begin() }));`,
    },
  ],
  invalid: [
    {
      filename: 'src/routes/authentication.js',
      code: `const models = require('../models');
module.exports = (app) => {
  app.post('/authentication', async (req, res) => {
    const transaction = await models.sequelize.transaction();
    if (!req.body.lookupKey) {
      return res.status(400).json({ error: 'Missing lookupKey' });
    }
    await models.Authentication.create(req.body, { transaction });
    await transaction.commit();
    return res.json({});
  });
};`,
      errors: [{ messageId: 'notEnded', line: 4, data: { handle: 'transaction', line: 6 } }],
    },
  ],
});

ruleTester.run('balanced-transaction (a transaction begun in a catch block)', rule, {
  valid: [],
  invalid: [
    {
      // The catch block begins it and throws with it open: a throw, not a rethrow of something held before.
      filename: 'src/payouts/payout.service.ts',
      code: `import { Model } from 'objection';
import { Transfer } from './transfer.model';
declare function submit(id: string): Promise<void>;
export async function payout(id: string) {
  try {
    await submit(id);
  } catch (error) {
    const trx = await Model.startTransaction();
    await Transfer.query(trx).where({ id }).patch({ status: 'failed' });
    throw error;
  }
}`,
      errors: [{ messageId: 'thrownOpen', line: 8, column: 23, data: { handle: 'trx', line: 10 }, suggestions: [] }],
    },
  ],
});

ruleTester.run('balanced-transaction (the caller\'s transaction or one of its own, tested with lodash or typeof)', rule, {
  valid: [
    {
      filename: 'src/routes/phase-members/update.ts',
      code: `import _ from 'lodash';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function update(phaseId: number, members: number[], outer?: any) {
  let transaction;
  if (_.isUndefined(outer)) {
    transaction = await sequelize.transaction();
  } else {
    transaction = outer;
  }
  try {
    await sequelize.query('delete from phase_members where phase_id = ?', { replacements: [phaseId], transaction });
    if (_.isUndefined(outer)) {
      await transaction.commit();
    }
    return members;
  } catch (err) {
    if (_.isUndefined(outer)) {
      await transaction.rollback();
    }
    throw err;
  }
}
export async function rename(id: number, name: string, outer?: any) {
  const own = typeof outer === 'undefined';
  const transaction = own ? await sequelize.transaction() : outer;
  try {
    await sequelize.query('update phases set name = ? where id = ?', { replacements: [name, id], transaction });
    if (typeof outer === 'undefined') await transaction.commit();
  } catch (err) {
    if (typeof outer === 'undefined') await transaction.rollback();
    throw err;
  }
}`,
    },
  ],
  invalid: [],
});

ruleTester.run('balanced-transaction (a transaction on a one-connection engine)', rule, {
  valid: [
    {
      // Ending the one connection ends its session, and rolls the transaction back with it.
      filename: 'src/jobs/archive.ts',
      code: `import { Pool } from 'pg';
export async function archive(url: string) {
  const pool = new Pool({ connectionString: url, application_name: 'archiver', max: 1 });
  try {
    await pool.query('BEGIN');
    await pool.query('INSERT INTO archive SELECT * FROM orders');
    await pool.query('COMMIT');
  } finally {
    await pool.end();
  }
}`,
    },
    {
      filename: 'src/jobs/archive.ts',
      code: `import ServerlessClient from 'serverless-postgres';
export async function archive(url: string) {
  const client = new ServerlessClient({ connectionString: url, application_name: 'archiver' });
  await client.connect();
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO archive SELECT * FROM orders');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}`,
    },
  ],
  invalid: [
    {
      // serverless-postgres runs every query on its one pg Client: BEGIN holds it, and a failed
      // insert leaves it in an aborted transaction.
      filename: 'src/jobs/archive.ts',
      code: `import ServerlessClient from 'serverless-postgres';
export async function archive(url: string) {
  const client = new ServerlessClient({ connectionString: url, application_name: 'archiver' });
  await client.connect();
  await client.query('BEGIN');
  await client.query('INSERT INTO archive SELECT * FROM orders');
  await client.query('COMMIT');
  await client.end();
}`,
      errors: [
        {
          messageId: 'notEndedOnThrow',
          line: 5,
          column: 9,
          data: { handle: 'client', line: 6 },
          suggestions: [
            {
              messageId: 'suggestRollback',
              data: { rollback: "await client.query('ROLLBACK')" },
              output: `import ServerlessClient from 'serverless-postgres';
export async function archive(url: string) {
  const client = new ServerlessClient({ connectionString: url, application_name: 'archiver' });
  await client.connect();
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO archive SELECT * FROM orders');
    await client.query('COMMIT');
    await client.end();
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('balanced-transaction (a Sequelize instance from the project, known by its transactions)', rule, {
  valid: [
    {
      filename: 'src/tracks/remove.js',
      code: `const { Resonate: sequelize, Track } = require('../db/models');
async function remove(id) {
  const t = await sequelize.transaction();
  try {
    await Track.destroy({ where: { id }, transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
module.exports = { remove };`,
    },
  ],
  invalid: [
    {
      // The catch swallows the failure and leaves the transaction open.
      filename: 'src/tracks/remove.js',
      code: `const { Resonate: sequelize, Track } = require('../db/models');
async function remove(id) {
  try {
    const t = await sequelize.transaction();
    await Track.destroy({ where: { id }, transaction: t });
    await t.commit();
  } catch (error) {
    console.error(error);
  }
}
module.exports = { remove };`,
      errors: [{ messageId: 'notEnded', line: 4, column: 21, data: { handle: 't', line: 10 } }],
    },
  ],
});

ruleTester.run('balanced-transaction (another library\'s transaction method)', rule, {
  valid: [
    {
      // A string argument is no Sequelize transaction() (a query engine's own `transaction('start', …)`).
      filename: 'src/engine.js',
      code: `export class Engine {
  async run(plans) {
    const handle = await this.transaction('start', {});
    for (const plan of plans) {
      await this.execute({ plan, transaction: handle });
    }
  }
}`,
    },
  ],
  invalid: [],
});

ruleTester.run('balanced-transaction (deno-postgres)', rule, {
  valid: [
    {
      // A failed query of the transaction ends it (deno-postgres commits the aborted transaction),
      // so only the transaction's own queries may throw here: nothing is left open.
      filename: 'supabase/functions/transfer/index.ts',
      code: `import { Pool } from 'jsr:@db/postgres@0.19.5';
const pool = new Pool({ hostname: 'db', applicationName: 'transfer' }, 3, true);
export async function transfer(from: number, to: number) {
  const client = await pool.connect();
  try {
    const transaction = client.createTransaction('transfer');
    await transaction.begin();
    await transaction.queryArray\`UPDATE accounts SET balance = balance - 1 WHERE id = \${from}\`;
    await transaction.queryObject('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
    const point = await transaction.savepoint('after_transfer');
    await transaction.commit();
    return point.name;
  } finally {
    client.release();
  }
}`,
    },
  ],
  invalid: [
    {
      // A rollback to a savepoint leaves the transaction open: the early return leaves with it.
      filename: 'supabase/functions/transfer/index.ts',
      code: `import { Pool } from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
const pool = new Pool({ hostname: 'db', applicationName: 'transfer' }, 3, true);
export async function transfer(id: number) {
  using client = await pool.connect();
  const transaction = client.createTransaction('transfer');
  await transaction.begin();
  const point = await transaction.savepoint('before');
  await transaction.queryArray\`UPDATE accounts SET frozen = true WHERE id = \${id}\`;
  if (!(await notify(id))) {
    await transaction.rollback(point);
    return;
  }
  await transaction.commit();
}
declare function notify(id: number): Promise<boolean>;`,
      errors: [
        { messageId: 'notEnded', line: 6, column: 9, data: { handle: 'transaction', line: 11 }, suggestions: [] },
      ],
    },
    {
      // The HTTP call may fail with the transaction open. No suggestion: after a failed query the
      // transaction has ended, and a plain rollback() in a catch would throw instead.
      filename: 'supabase/functions/transfer/index.ts',
      code: `import { Pool } from 'jsr:@db/postgres';
const pool = new Pool({ hostname: 'db', applicationName: 'transfer' }, 3, true);
export async function transfer(id: number) {
  using client = await pool.connect();
  const transaction = client.createTransaction('transfer');
  await transaction.begin();
  await transaction.queryArray\`UPDATE accounts SET frozen = true WHERE id = \${id}\`;
  await notify(id);
  await transaction.commit();
}
declare function notify(id: number): Promise<boolean>;`,
      errors: [{ messageId: 'notEndedOnThrow', line: 6, column: 9, data: { handle: 'transaction', line: 8 }, suggestions: [] }],
    },
  ],
});

cjsRuleTester.run('balanced-transaction (a transaction given a callback written elsewhere)', rule, {
  valid: [
    {
      // Knex runs `work` in the transaction and ends it when it settles: `org` is its result.
      filename: 'server/services/organisation.js',
      code: `const knex = require('knex');
const db = knex({ client: 'pg', connection: { host: 'db', application_name: 'app-hub' } });
async function work(trx) {
  await trx('organisation').insert({ name: 'dhis2' });
  return trx('organisation').first();
}
const other = async (trx) => trx('user').first();
async function create() {
  const org = await db.transaction(work);
  const user = await db.transaction(other);
  return [org.users, user.name];
}
async function withHandler(handler) {
  const result = await db.transaction(handler);
  return result.id;
}
module.exports = { create, withHandler };`,
    },
  ],
  invalid: [
    {
      // No callback at all, or options only: the transaction is the caller's to end.
      filename: 'server/services/organisation.js',
      code: `const knex = require('knex');
const db = knex({ client: 'pg', connection: { host: 'db', application_name: 'app-hub' } });
const options = { isolationLevel: 'serializable' };
async function create() {
  const trx = await db.transaction(undefined, options);
  await trx('organisation').insert({ name: 'dhis2' });
}
module.exports = { create };`,
      errors: [{ messageId: 'notEnded', line: 5, column: 21, data: { handle: 'trx', line: 7 }, suggestions: [] }],
    },
  ],
});

const SEQUELIZE_MIGRATION = `module.exports = {
  up: async (queryInterface) => {
    const t = await queryInterface.sequelize.transaction();
    await queryInterface.sequelize.query('TRUNCATE tips', { transaction: t });
    await queryInterface.bulkInsert('tips', [{ id: 1 }], { transaction: t });
    await t.commit();
  },
};`;

ruleTester.run('balanced-transaction (a migration that throws fails its run)', rule, {
  valid: [
    // The runner stops at the throw and its connection ends with it.
    { filename: 'migrations/20200101000000-reset-tips.js', code: SEQUELIZE_MIGRATION },
  ],
  invalid: [
    {
      filename: 'migrations/20200101000000-reset-tips.js',
      options: [{ checkMigrations: true }],
      code: SEQUELIZE_MIGRATION,
      errors: [{ messageId: 'notEndedOnThrow', line: 3, column: 21, data: { handle: 't', line: 4 }, suggestions: [{ messageId: 'suggestRollback', data: { rollback: 'await t.rollback()' }, output: `module.exports = {
  up: async (queryInterface) => {
    const t = await queryInterface.sequelize.transaction();
    try {
      await queryInterface.sequelize.query('TRUNCATE tips', { transaction: t });
      await queryInterface.bulkInsert('tips', [{ id: 1 }], { transaction: t });
      await t.commit();
    } catch (error) {
      await t.rollback();
      throw error;
    }
  },
};` }] }],
    },
    {
      // Left open on a normal path: reported in a migration too.
      filename: 'migrations/20200101000000-reset-tips.js',
      code: `module.exports = {
  up: async (queryInterface) => {
    const t = await queryInterface.sequelize.transaction();
    const [rows] = await queryInterface.sequelize.query('SELECT id FROM tips', { transaction: t });
    if (rows.length === 0) return;
    await t.commit();
  },
};`,
      errors: [{ messageId: 'notEnded', line: 3, column: 21, data: { handle: 't', line: 5 } }],
    },
  ],
});

ruleTester.run('balanced-transaction (built-ins that cannot fail before the try)', rule, {
  valid: [
    {
      // `Object.values` of the models fails only where a property read would: nothing throws before `try`.
      filename: 'src/dump.ts',
      code: `import { Sequelize } from 'sequelize';
import * as models from './models';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function dump() {
  const t = await sequelize.transaction();
  const list = Object.values(models);
  try {
    for (const model of list) await sequelize.query('ANALYZE', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    },
  ],
  invalid: [
    {
      // A call of the program's own that waits on something can fail there.
      filename: 'src/dump.ts',
      code: `import { Sequelize } from 'sequelize';
import { listModels } from './models';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function dump() {
  const t = await sequelize.transaction();
  const list = await listModels();
  try {
    for (const model of list) await sequelize.query('ANALYZE', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'notEndedOnThrow', line: 5, column: 19, data: { handle: 't', line: 6 }, suggestions: [{ messageId: 'suggestRollback', output: `import { Sequelize } from 'sequelize';
import { listModels } from './models';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function dump() {
  const t = await sequelize.transaction();
  try {
    const list = await listModels();
    for (const model of list) await sequelize.query('ANALYZE', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}` }] }],
    },
  ],
});

ruleTester.run('balanced-transaction (a BEGIN through a query wrapper of the same file)', rule, {
  valid: [
    {
      // The wrapper may run on the caller's transaction, which the models do not know: not judged.
      filename: 'src/db.ts',
      code: `import { Pool, type PoolClient } from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
const pool = new Pool({ application_name: 'api' });
const als = new AsyncLocalStorage<PoolClient>();
export function query(text: string, params?: unknown[]) {
  const tx = als.getStore();
  return tx ? tx.query(text, params) : pool.query(text, params);
}
export async function bump(id: string) {
  await query('BEGIN');
  await query('UPDATE counters SET n = n + 1 WHERE id = $1', [id]);
  await query('COMMIT');
}`,
    },
    {
      // The whole transaction in one query, and a pool of one connection.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
const single = new Pool({ application_name: 'api', max: 1 });
const query = (text: string) => pool.query(text);
const one = (text: string) => single.query(text);
export async function bump() {
  await query('BEGIN; UPDATE counters SET n = n + 1; COMMIT');
  await one('BEGIN');
  await one('UPDATE counters SET n = n + 1');
  await one('COMMIT');
}`,
    },
    {
      // The SQL is handed on to another function: what that does is not known.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
declare function traced(text: string, run: () => Promise<unknown>): Promise<unknown>;
const query = (text: string) => traced(text, () => pool.query(text));
export async function bump() {
  await query('BEGIN');
  await query('COMMIT');
}`,
    },
  ],
  invalid: [
    {
      // node-postgres's guide's \`query\` wrapper, logging included.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
export const query = async (text: string, params?: unknown[]) => {
  const start = Date.now();
  const res = await pool.query(text, params);
  console.log('executed query', { text, duration: Date.now() - start, rows: res.rowCount });
  return res;
};
export async function bump(id: string) {
  await query('BEGIN');
  await query('UPDATE counters SET n = n + 1 WHERE id = $1', [id]);
  await query('COMMIT');
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 10,
          column: 9,
          data: { statement: 'BEGIN', target: '`query()`, a wrapper of the pg Pool `pool`' },
          suggestions: [],
        },
      ],
    },
    {
      // A method of the class that checks a connection out for each query.
      filename: 'src/postgres-connect.ts',
      code: `import { Pool } from 'pg';
export class DBConnect {
  private pool = new Pool({ application_name: 'api' });
  async query(text: string, values: unknown[] = []) {
    const client = await this.pool.connect();
    try {
      return await client.query(text, values);
    } finally {
      client.release();
    }
  }
  async nextCounter(name: string) {
    await this.query('BEGIN TRANSACTION');
    const result = await this.query('UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value', [name]);
    await this.query('COMMIT TRANSACTION');
    return result.rows[0].value;
  }
}`,
      errors: [
        {
          messageId: 'beginOnPool',
          line: 13,
          column: 11,
          data: { statement: 'BEGIN TRANSACTION', target: '`this.query()`, a wrapper that checks a connection out for each query and releases it' },
          suggestions: [],
        },
      ],
    },
  ],
});

/** An Express route that runs its transaction on the module's one `Client`. */
const SHARED_CLIENT_ROUTE = `const express = require('express');
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'bank' });
client.connect();
const app = express();
app.post('/transfer', async (req, res) => {
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [req.body.amount, req.body.from]);
    await client.query('COMMIT');
    res.sendStatus(204);
  } catch (error) {
    await client.query('ROLLBACK');
    res.sendStatus(500);
  }
});
app.listen(3000);`;

cjsRuleTester.run('balanced-transaction (a transaction on the client every request shares)', rule, {
  valid: [
    // The same route on a connection checked out of a pool per transaction.
    `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ application_name: 'bank' });
const app = express();
app.post('/transfer', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = 0');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  res.sendStatus(204);
});`,
    // The requests take a lock first, and so run their transactions one at a time.
    `const express = require('express');
const { Client } = require('pg');
const { Mutex } = require('async-mutex');
const client = new Client();
const mutex = new Mutex();
const app = express();
app.post('/a', async (req, res) => {
  await mutex.runExclusive(async () => {
    await client.query('BEGIN');
    await client.query('COMMIT');
  });
  res.end();
});
app.post('/b', async (req, res) => {
  const release = await mutex.acquire();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } finally {
    release();
  }
  res.end();
});`,
    // A script: its one flow runs the transactions one after another.
    `const { Client } = require('pg');
const client = new Client();
async function main() {
  await client.connect();
  await client.query('BEGIN');
  await client.query('UPDATE accounts SET balance = 0');
  await client.query('COMMIT');
  await client.end();
}
main();`,
    // A Lambda handler serves one event at a time per instance: its warm client is reused, not shared.
    {
      filename: 'src/handler.js',
      code: `const { Client } = require('pg');
const client = new Client();
const ready = client.connect();
exports.handler = async (event) => {
  await ready;
  await client.query('BEGIN');
  await client.query('UPDATE accounts SET balance = 0');
  await client.query('COMMIT');
};`,
    },
    // A client built in the handler is the request's own.
    `const express = require('express');
const { Client } = require('pg');
let client;
const app = express();
app.post('/reset', async (req, res) => {
  client = new Client();
  await client.connect();
  await client.query('BEGIN');
  await client.query('COMMIT');
  await client.end();
  res.end();
});`,
    // A test's server: its requests come one at a time.
    { filename: 'test/transfer.test.js', code: SHARED_CLIENT_ROUTE },
  ],
  invalid: [
    {
      code: SHARED_CLIENT_ROUTE,
      errors: [
        {
          messageId: 'beginOnShared',
          line: 8,
          column: 11,
          data: { handle: 'client', line: 3, unit: 'request', handler: 'the Express route handler `POST /transfer`' },
          suggestions: [],
        },
      ],
    },
    {
      // Connected in a start-up function; a Koa router's middleware.
      code: `const Router = require('@koa/router');
const pg = require('pg');
let db;
async function connect() {
  db = new pg.Client({ application_name: 'shop' });
  await db.connect();
}
const router = new Router();
router.post('/orders', async (ctx) => {
  await db.query('BEGIN');
  try {
    await db.query('INSERT INTO orders DEFAULT VALUES');
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
});
module.exports = { connect, router };`,
      errors: [
        {
          messageId: 'beginOnShared',
          line: 10,
          column: 9,
          data: { handle: 'db', line: 5, unit: 'request', handler: 'the Koa route handler `POST /orders`' },
          suggestions: [],
        },
      ],
    },
  ],
});

cjsRuleTester.run("balanced-transaction (a pool of the project's own module, known by its checkout)", rule, {
  valid: [
    // Nothing says what `pool` is: no checkout released through it.
    `const pool = require('../config/db');
exports.reject = async (req, res) => {
  await pool.query('BEGIN');
  await pool.query('COMMIT');
  res.end();
};`,
  ],
  invalid: [
    {
      code: `const pool = require('../config/db');
exports.approve = async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('UPDATE topups SET status = 1');
  } finally {
    client.release();
  }
};
exports.reject = async (req, res) => {
  await pool.query('BEGIN');
  await pool.query('UPDATE topups SET status = 2');
  await pool.query('COMMIT');
  res.end();
};`,
      errors: [{ messageId: 'beginOnPool', line: 11, column: 9, data: { statement: 'BEGIN', target: 'the pg Pool `pool`' }, suggestions: [] }],
    },
  ],
});
