import rule from '../../rules/balanced-transaction';
import { cjsRuleTester, ruleTester } from './tester';

ruleTester.run('balanced-transaction (ts)', rule, {
  valid: [
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

  ],
  invalid: [
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
  ],
});

cjsRuleTester.run('balanced-transaction (cjs)', rule, {
  valid: [
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
  ],
});
