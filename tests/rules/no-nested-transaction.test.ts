import rule from '../../rules/no-nested-transaction';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';
import { fastifyPostgresPackage } from '../helpers/fastify-postgres';

ruleTester.run('no-nested-transaction (ts)', rule, {
  valid: [
    {
      // A helper handed the transaction in its options (Sequelize's convention) is trusted to use it.
      filename: 'src/accounts.ts',
      code: `import { Sequelize, type Transaction } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
async function addAccount(name: string, options: { transaction?: Transaction } = {}) {
  const run = async (t: Transaction) => sequelize.query('insert into accounts (name) values (?)', { replacements: [name], transaction: t });
  return options.transaction ? run(options.transaction) : sequelize.transaction(run);
}
export async function signUp(name: string) {
  await sequelize.transaction(async (t) => {
    await addAccount(name, { transaction: t });
  });
  await sequelize.transaction(async (transaction) => {
    await addAccount(name, { transaction });
  });
}`,
    },
    {
      // The same for another module's function known to transact (settings, facts file).
      filename: 'src/sign-up.ts',
      code: `import { Sequelize } from 'sequelize';
import { addAccount } from './accounts';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function signUp(name: string) {
  await sequelize.transaction(async (t) => {
    await addAccount(name, { transaction: t });
  });
}`,
      settings: { pgbouncer: { modules: { './accounts': { addAccount: { transacts: true } } } } },
    },
    { filename: 'src/typeorm.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (em) => {
    await em.query('insert into a values (1)');
    await dataSource.getRepository('User').save({ name: 'x' });
    await dataSource.manager.query('select 1');
    await em.getRepository('User').save({ name: 'y' });
  });
}` },
    { filename: 'src/mikro.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    await orm.em.find('Book', {});
    await em.find('Book', {});
  });
}` },
    { filename: 'src/ok/knex-savepoint.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({ x: 1 });
    await trx.transaction(async (inner) => {
      await inner('b').insert({ y: 1 });
    });
  });
}` },
    { filename: 'src/ok/prisma-nested.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    await tx.$transaction(async (inner) => {
      await inner.b.create({ data: {} });
    });
  });
}` },
    { filename: 'src/ok/typeorm-savepoint.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (em) => {
    await em.query('insert into a values (1)');
    await em.transaction(async (inner) => {
      await inner.query('insert into b values (1)');
    });
  });
}` },
    { filename: 'src/ok/postgres-savepoint.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`insert into a values (1)\`;
    await tx.savepoint(async (sp) => sp\`insert into b values (1)\`);
  });
}` },
    { filename: 'src/ok/drizzle-savepoint.ts', code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    await tx.transaction(async (inner) => inner.execute(sql\`insert into b values (1)\`));
  });
}` },
    { filename: 'src/ok/sequelize-parent.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t1) => {
    await sequelize.transaction({ transaction: t1 }, async (t2) => {
      await sequelize.query('select 1', { transaction: t2 });
    });
  });
}` },
    { filename: 'src/ok/sequential.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  const first = await db.transaction();
  try {
    await first('a').insert({ x: 1 });
    await first.commit();
  } catch (error) {
    await first.rollback();
    throw error;
  }
  const second = await db.transaction();
  try {
    await second('b').insert({ x: 1 });
    await second.commit();
  } catch (error) {
    await second.rollback();
    throw error;
  }
}` },
    { filename: 'src/ok/typeorm-runner-nested.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await qr.startTransaction();
    await qr.query('insert into a values (1)');
    await qr.commitTransaction();
    await qr.commitTransaction();
  } catch (error) {
    await qr.rollbackTransaction();
    throw error;
  } finally {
    await qr.release();
  }
}` },
    { filename: 'src/ok/mikro-nested.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    await em.transactional(async (inner) => inner.find('Book', {}));
  });
}` },
    { filename: 'src/ok/after-commit.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
  });
  await prisma.$transaction(async (tx) => {
    await tx.b.create({ data: {} });
  });
}` },
    { filename: 'src/ok/helper-with-handle.ts', code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function createUser(tx: Prisma.TransactionClient, email: string) {
  return tx.user.create({ data: { email } });
}
export async function signUp(email: string) {
  await prisma.$transaction(async (tx) => {
    await createUser(tx, email);
  });
}` },
    { filename: 'src/nt/ok/knex-savepoint-method.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id: number) {
  await db.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await trx.savepoint(async (sp) => {
      await sp('moves').insert({ item_id: id });
    });
  });
}` },
    { filename: 'src/nt/ok/sequelize-v7.ts', code: `import { Sequelize } from '@sequelize/core';
const sequelize = new Sequelize({ dialect: 'postgres' } as any);
export async function move(id: number) {
  await sequelize.transaction(async () => {
    await sequelize.query('update items set bin = 2 where id = :id', { replacements: { id } });
    await sequelize.transaction(async () => {
      await sequelize.query('insert into moves values (:id)', { replacements: { id } });
    });
  });
}` },
    { filename: 'src/nt/ok/mikro.service.ts', code: `import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
@Injectable()
export class MoveService {
  constructor(private readonly em: EntityManager) {}
  async move(id: number) {
    await this.em.transactional(async (em) => {
      await em.nativeUpdate('Item', { id }, { bin: 2 });
      await this.em.transactional(async (sp) => sp.nativeInsert('Move', { itemId: id }));
    });
  }
}` },
    { filename: 'src/nt/ok/slonik-savepoint.ts', code: `import { createPool, sql } from 'slonik';
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await t.transaction(async (t2) => t2.query(sql.unsafe\`insert into moves values (\${id})\`));
  });
}` },
    { filename: 'src/nt/ok/typeorm-bound.ts', code: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class MoveService {
  constructor(private readonly dataSource: DataSource) {}
  async move(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('update items set bin = 2 where id = $1', [id]);
      await manager.transaction(async (inner) => inner.query('insert into moves values ($1)', [id]));
    });
  }
}` },
    { filename: 'src/nt/ok/deferred-timeout.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function order(userId: number) {
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { userId } });
    setTimeout(() => {
      void prisma.$transaction(async (later) => later.metric.create({ data: { kind: 'order' } }));
    }, 1000);
  });
}` },
    { filename: 'src/nt/ok/shadowed-param.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function move(id: number) {
  await prisma.$transaction(async (prisma) => {
    await prisma.item.update({ where: { id }, data: { bin: 2 } });
    await prisma.$transaction(async (sp) => sp.move.create({ data: { itemId: id } }));
  });
}` },
    { filename: 'src/nt/ok/prisma-batch.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function move(id: number) {
  await prisma.$transaction([
    prisma.item.update({ where: { id }, data: { bin: 2 } }),
    prisma.move.create({ data: { itemId: id } }),
  ]);
}` },
    { filename: 'src/nt/ok/raw-sequential.ts', code: `import type { PoolClient } from 'pg';
export async function twoSteps(client: PoolClient) {
  await client.query('BEGIN');
  await client.query('update a set x = 1');
  await client.query('COMMIT');
  await client.query('BEGIN');
  await client.query('update b set y = 1');
  await client.query('COMMIT');
}` },
    { filename: 'src/nt/ok/raw-savepoint.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function move(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SAVEPOINT before_move');
    await client.query('update items set bin = 2 where id = $1', [id]);
    await client.query('RELEASE SAVEPOINT before_move');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}` },
    { filename: 'src/nt/ok/typeorm-runner.ts', code: `import { DataSource } from 'typeorm';
export async function move(dataSource: DataSource, id: number) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.startTransaction();
    await runner.query('update items set bin = 2 where id = $1', [id]);
    await runner.commitTransaction();
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}` },
    { filename: 'src/nt/ok/annotated-handle.ts', code: `import type { Knex } from 'knex';
export async function move(db: Knex, id: number) {
  await db.transaction(async (trx: Knex.Transaction) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await trx.transaction(async (sp) => sp('moves').insert({ item_id: id }));
  });
}` },
    { filename: 'src/nt/ok/kysely-controlled-savepoint.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    const sp = await trx.savepoint('before_log').execute();
    await sp.insertInto('moves').values({ item_id: id }).execute();
    await trx.commit().execute();
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
}` },
    { filename: 'src/nt/ok/mikro-fork-own.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function sync(orm: MikroORM) {
  const fork = orm.em.fork();
  await fork.transactional(async (em) => {
    await em.find('Item', {});
    await em.transactional(async (inner) => inner.find('Move', {}));
  });
}` },

    { filename: 'src/nt/ok/mikro-global.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    await em.find('Book', {});
    await orm.em.transactional(async (inner) => inner.find('Author', {}));
  });
}` },
  ],
  invalid: [
    {
      filename: 'src/prisma-nested.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer() {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: 1 }, data: { balance: { decrement: 10 } } });
    await prisma.$transaction(async (inner) => {
      await inner.audit.create({ data: { kind: 'transfer' } });
    });
    await prisma.account.update({ where: { id: 2 }, data: { balance: { increment: 10 } } });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 30,
          data: {"call":"prisma.$transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer() {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: 1 }, data: { balance: { decrement: 10 } } });
    await tx.$transaction(async (inner) => {
      await inner.audit.create({ data: { kind: 'transfer' } });
    });
    await prisma.account.update({ where: { id: 2 }, data: { balance: { increment: 10 } } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/knex-nested.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({ x: 1 });
    await db.transaction(async (inner) => {
      await inner('b').insert({ y: 1 });
    });
    await db('c').insert({ z: 1 });
    await db('d').insert({ z: 1 }).transacting(trx);
    await trx('e').update({ at: db.fn.now() });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({ x: 1 });
    await trx.transaction(async (inner) => {
      await inner('b').insert({ y: 1 });
    });
    await db('c').insert({ z: 1 });
    await db('d').insert({ z: 1 }).transacting(trx);
    await trx('e').update({ at: db.fn.now() });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function f() {
  await sequelize.transaction(async (t) => {
    await User.create({ name: 'a' }, { transaction: t });
    await User.create({ name: 'b' });
    await User.findAll({ where: { id: 1 } });
    await sequelize.transaction(async (t2) => {});
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 32,
          data: {"call":"sequelize.transaction()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestParent',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function f() {
  await sequelize.transaction(async (t) => {
    await User.create({ name: 'a' }, { transaction: t });
    await User.create({ name: 'b' });
    await User.findAll({ where: { id: 1 } });
    await sequelize.transaction({ transaction: t }, async (t2) => {});
  });
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
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('a').values({ x: 1 }).execute();
    await db.insertInto('b').values({ x: 1 }).execute();
    await trx.transaction().execute(async () => {});
  });
}`,
      errors: [
        {
          messageId: 'nestingThrows',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 26,
          data: {"call":"trx.transaction()","handle":"trx","library":"Kysely"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/raw.ts',
      code: `import type { PoolClient } from 'pg';
export async function f(client: PoolClient) {
  await client.query('BEGIN');
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 32,
          data: {"group":"client","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/postgres.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`insert into a values (1)\`;
    await sql\`insert into b values (1)\`;
    await sql.begin(async (inner) => inner\`select 1\`);
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 20,
          data: {"call":"sql.begin()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async (tx) => {
    await tx\`insert into a values (1)\`;
    await sql\`insert into b values (1)\`;
    await tx.savepoint(async (inner) => inner\`select 1\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/helper.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function createUser(email: string) {
  return prisma.$transaction(async (tx) => tx.user.create({ data: { email } }));
}
export async function signUp(email: string) {
  await prisma.$transaction(async (tx) => {
    await tx.invite.deleteMany({ where: { email } });
    await createUser(email);
  });
}`,
      errors: [
        {
          messageId: 'helperBegins',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 21,
          data: {"call":"createUser()","helper":"createUser","handle":"tx"},
          suggestions: [
          ],
        },
      ],
    },
    // A method of the same class that begins its own transaction on the service's client.
    {
      filename: 'src/accounts/accounts.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '@prisma/client';
@Injectable()
export class AccountsService {
  constructor(private readonly prisma: PrismaClient) {}
  async open(email: string) {
    await this.prisma.$transaction(async (tx) => {
      await tx.account.create({ data: { email } });
      await this.audit(email);
      await this.auditWith(tx, email);
      await this.record(email, tx);
    });
  }
  private async audit(email: string) {
    await this.prisma.$transaction(async (tx) => tx.audit.create({ data: { email } }));
  }
  private async auditWith(tx: Prisma.TransactionClient, email: string) {
    await tx.audit.create({ data: { email } });
  }
  private async record(email: string, tx?: Prisma.TransactionClient) {
    if (tx) return tx.audit.create({ data: { email } });
    return this.prisma.$transaction(async (inner) => inner.audit.create({ data: { email } }));
  }
}`,
      errors: [
        {
          messageId: 'helperBegins',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 23,
          data: { call: 'this.audit()', helper: 'this.audit', handle: 'tx' },
        },
      ],
    },
    {
      filename: 'src/knex-unmanaged-nested.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  const outer = await db.transaction();
  try {
    const inner = await db.transaction();
    await inner('a').insert({ x: 1 });
    await inner.commit();
    await outer.commit();
  } catch (error) {
    await outer.rollback();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 41,
          data: {"group":"db","why":"It is an independent transaction on another pooled connection, which waits for the pool while the first one holds its connection."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize-unmanaged-nested.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  const t1 = await sequelize.transaction();
  const t2 = await sequelize.transaction();
  await t2.commit();
  await t1.commit();
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 43,
          data: {"group":"sequelize","why":"It is an independent transaction on another pooled connection, which waits for the pool while the first one holds its connection."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/raw-loop.ts',
      code: `import type { PoolClient } from 'pg';
export async function f(client: PoolClient, batches: number[][]) {
  for (const batch of batches) {
    await client.query('BEGIN');
    await client.query('delete from q where id = any($1)', [batch]);
  }
  await client.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 32,
          data: {"group":"client","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/drizzle-outer.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    await db.transaction(async (other) => other.execute(sql\`insert into b values (1)\`));
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into a values (1)\`);
    await tx.transaction(async (other) => other.execute(sql\`insert into b values (1)\`));
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm-outer.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (em) => {
    await em.query('insert into a values (1)');
    await dataSource.transaction(async (other) => other.query('insert into b values (1)'));
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 33,
          data: {"call":"dataSource.transaction()","handle":"em","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (em) => {
    await em.query('insert into a values (1)');
    await em.transaction(async (other) => other.query('insert into b values (1)'));
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/kysely-outer.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('a').values({ x: 1 }).execute();
    await db.transaction().execute(async (other) => other.insertInto('b').values({ x: 1 }).execute());
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 35,
          data: {"call":"db.transaction().execute()","handle":"trx","fix":"Run its work on `trx` instead."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm-raw-begin.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function f() {
  await dataSource.transaction(async (em) => {
    await em.query('START TRANSACTION ISOLATION LEVEL SERIALIZABLE');
    await em.query('update t set x = 1');
  });
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 69,
          data: {"group":"em","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/prisma-namespace.ts',
      code: `import * as Db from '@prisma/client';
const prisma = new Db.PrismaClient();
export async function closeAccount(id: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { closed: true } });
    await prisma.$transaction(async (inner) => {
      await inner.ledger.deleteMany({ where: { accountId: id } });
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 30,
          data: {"call":"prisma.$transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import * as Db from '@prisma/client';
const prisma = new Db.PrismaClient();
export async function closeAccount(id: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { closed: true } });
    await tx.$transaction(async (inner) => {
      await inner.ledger.deleteMany({ where: { accountId: id } });
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/prisma.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaClient) {}
  async topUp(walletId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      await tx.wallet.update({ where: { id: walletId }, data: { balance: { increment: amount } } });
      await this.prisma.$transaction(async (inner) => {
        await inner.walletEvent.create({ data: { walletId, amount } });
      });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 37,
          data: {"call":"this.prisma.$transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaClient) {}
  async topUp(walletId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      await tx.wallet.update({ where: { id: walletId }, data: { balance: { increment: amount } } });
      await tx.$transaction(async (inner) => {
        await inner.walletEvent.create({ data: { walletId, amount } });
      });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/knex-import-equals.ts',
      code: `import Knex = require('knex');
const db = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function place(orderId: number) {
  await db.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'placed' });
    await db.transaction(async (sub) => {
      await sub('order_events').insert({ order_id: orderId, kind: 'placed' });
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import Knex = require('knex');
const db = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function place(orderId: number) {
  await db.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'placed' });
    await trx.transaction(async (sub) => {
      await sub('order_events').insert({ order_id: orderId, kind: 'placed' });
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/typeorm.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class OrderService {
  constructor(private readonly dataSource: DataSource) {}
  async cancel(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('update orders set status = $1 where id = $2', ['cancelled', id]);
      await this.dataSource.transaction(async (inner) => {
        await inner.query('insert into refunds (order_id) values ($1)', [id]);
      });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 40,
          data: {"call":"this.dataSource.transaction()","handle":"manager","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class OrderService {
  constructor(private readonly dataSource: DataSource) {}
  async cancel(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('update orders set status = $1 where id = $2', ['cancelled', id]);
      await manager.transaction(async (inner) => {
        await inner.query('insert into refunds (order_id) values ($1)', [id]);
      });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/typeorm-manager.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function reassign(from: number, to: number) {
  await dataSource.transaction(async (em) => {
    await em.query('update tasks set owner = $1 where owner = $2', [to, from]);
    await dataSource.manager.transaction(async (m) => {
      await m.query('insert into task_log (owner) values ($1)', [to]);
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 41,
          data: {"call":"dataSource.manager.transaction()","handle":"em","fix":"Run its work on `em` instead."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/typeorm-inject-manager.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectEntityManager } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
@Injectable()
export class StockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}
  async restock(sku: string) {
    await this.dataSource.transaction(async (em) => {
      await em.query('update stock set qty = qty + 1 where sku = $1', [sku]);
      await this.manager.transaction(async (m) => {
        await m.query('insert into stock_log (sku) values ($1)', [sku]);
      });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 37,
          data: {"call":"this.manager.transaction()","handle":"em","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectEntityManager } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
@Injectable()
export class StockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}
  async restock(sku: string) {
    await this.dataSource.transaction(async (em) => {
      await em.query('update stock set qty = qty + 1 where sku = $1', [sku]);
      await em.transaction(async (m) => {
        await m.query('insert into stock_log (sku) values ($1)', [sku]);
      });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/sequelize-cls.ts',
      code: `import { Sequelize, Model } from 'sequelize';
import { createNamespace } from 'cls-hooked';
Sequelize.useCLS(createNamespace('app'));
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Invoice extends Model {}
export async function issue(total: number) {
  await sequelize.transaction(async (t) => {
    await Invoice.create({ total });
    await sequelize.transaction(async (t2) => {
      await Invoice.create({ total: -total });
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 32,
          data: {"call":"sequelize.transaction()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestParent',
              output: `import { Sequelize, Model } from 'sequelize';
import { createNamespace } from 'cls-hooked';
Sequelize.useCLS(createNamespace('app'));
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Invoice extends Model {}
export async function issue(total: number) {
  await sequelize.transaction(async (t) => {
    await Invoice.create({ total });
    await sequelize.transaction({ transaction: t }, async (t2) => {
      await Invoice.create({ total: -total });
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/drizzle-postgres-js.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function settle(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await db.transaction(async (tx2) => {
      await tx2.execute(sql\`insert into bill_events (bill_id) values (\${id})\`);
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function settle(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await tx.transaction(async (tx2) => {
      await tx2.execute(sql\`insert into bill_events (bill_id) values (\${id})\`);
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/kysely-start.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    const nested = await trx.startTransaction().execute();
    await nested.commit().execute();
  });
}`,
      errors: [
        {
          messageId: 'nestingThrows',
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 46,
          data: {"call":"trx.startTransaction()","handle":"trx","library":"Kysely"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/kysely-outer.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    await db.transaction().setIsolationLevel('serializable').execute(async (t2) => {
      await t2.insertInto('moves').values({ item_id: id }).execute();
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 69,
          data: {"call":"db.transaction().setIsolationLevel('serializable').execute()","handle":"trx","fix":"Run its work on `trx` instead."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/mikro-fork.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function sync(orm: MikroORM) {
  const fork = orm.em.fork();
  await orm.em.fork().transactional(async (em) => {
    await em.find('Item', {});
    await fork.transactional(async (other) => {
      await other.find('Move', {});
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 29,
          data: {"call":"fork.transactional()","handle":"em","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
export async function sync(orm: MikroORM) {
  const fork = orm.em.fork();
  await orm.em.fork().transactional(async (em) => {
    await em.find('Item', {});
    await em.transactional(async (other) => {
      await other.find('Move', {});
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/slonik-pool.ts',
      code: `import { createPool, sql } from 'slonik';
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await pool.transaction(async (t2) => {
      await t2.query(sql.unsafe\`insert into moves values (\${id})\`);
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 27,
          data: {"call":"pool.transaction()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { createPool, sql } from 'slonik';
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await t.transaction(async (t2) => {
      await t2.query(sql.unsafe\`insert into moves values (\${id})\`);
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/helper-fn.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function recordAudit(kind: string) {
  await prisma.$transaction(async (tx) => {
    await tx.audit.create({ data: { kind } });
  });
}
export async function deleteUser(id: number) {
  await prisma.$transaction(async (tx) => {
    await tx.user.delete({ where: { id } });
    await recordAudit('user.deleted');
  });
}`,
      errors: [
        {
          messageId: 'helperBegins',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 22,
          data: {"call":"recordAudit()","helper":"recordAudit","handle":"tx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/raw-begin-twice.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function migrate() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('create table a (id int)');
    await client.query('START TRANSACTION');
    await client.query('create table b (id int)');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 44,
          data: {"group":"client","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/nt/knex-named.ts',
      code: `import { knex, type Knex } from 'knex';
import pRetry from 'p-retry';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function touch(id: number) {
  await db.transaction(async (trx: Knex.Transaction) => {
    await trx('batches').insert({ item_id: id });
    await pRetry(() => db.transaction((t) => t('items').where({ id }).update({ touched_at: new Date() })), { retries: 3 });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 38,
          data: {"call":"db.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { knex, type Knex } from 'knex';
import pRetry from 'p-retry';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function touch(id: number) {
  await db.transaction(async (trx: Knex.Transaction) => {
    await trx('batches').insert({ item_id: id });
    await pRetry(() => trx.transaction((t) => t('items').where({ id }).update({ touched_at: new Date() })), { retries: 3 });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nt/knex-inner-helper.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    const audit = async () => {
      await db.transaction(async (other) => other('audit').insert({ kind: 'x' }));
    };
    await trx('a').insert({ x: 1 });
    await audit();
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 27,
          data: {"call":"db.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    const audit = async () => {
      await trx.transaction(async (other) => other('audit').insert({ kind: 'x' }));
    };
    await trx('a').insert({ x: 1 });
    await audit();
  });
}`,
            },
          ],
        },
      ],
    },

  ],
});

jsRuleTester.run('no-nested-transaction (esm)', rule, {
  valid: [
    { code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export async function move(id) {
  await sql.begin(async (sql) => {
    await sql\`update items set bin = 2 where id = \${id}\`;
    await sql.savepoint(async (sp) => sp\`insert into moves values (\${id})\`);
  });
}` },
    { code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL);
export async function move(id) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update items set bin = 2 where id = \${id}\`);
    await tx.transaction(async (sp) => {
      await sp.execute(sql\`insert into moves values (\${id})\`);
    });
  });
}` },
    { code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id) {
  const queue = { async transaction(fn) { return fn([]); } };
  await db.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await queue.transaction(async (batch) => batch.push(id));
  });
}` },
  ],
  invalid: [
    {
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function rename(id, name) {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id }, data: { name } });
    await Promise.all([
      prisma.$transaction(async (a) => a.member.updateMany({ where: { teamId: id }, data: { teamName: name } })),
    ]);
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 26,
          data: {"call":"prisma.$transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function rename(id, name) {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id }, data: { name } });
    await Promise.all([
      tx.$transaction(async (a) => a.member.updateMany({ where: { teamId: id }, data: { teamName: name } })),
    ]);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { sql } from 'drizzle-orm';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle({ client: pool });
export async function settle(id) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await db.transaction(async (other) => other.execute(sql\`select 1\`));
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { sql } from 'drizzle-orm';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const db = drizzle({ client: pool });
export async function settle(id) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await tx.transaction(async (other) => other.execute(sql\`select 1\`));
  });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export async function move(id) {
  await sql.begin(async (tx) => {
    await tx\`update items set bin = 2 where id = \${id}\`;
    await sql.begin(async (tx2) => {
      await tx2\`insert into moves values (\${id})\`;
    });
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 20,
          data: {"call":"sql.begin()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export async function move(id) {
  await sql.begin(async (tx) => {
    await tx\`update items set bin = 2 where id = \${id}\`;
    await tx.savepoint(async (tx2) => {
      await tx2\`insert into moves values (\${id})\`;
    });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
export async function move(id) {
  await db.tx('move', async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    await db.tx(async (t2) => t2.none('insert into moves values ($1)', [id]));
  });
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 16,
          data: {"call":"db.tx()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
export async function move(id) {
  await db.tx('move', async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    await t.tx(async (t2) => t2.none('insert into moves values ($1)', [id]));
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-nested-transaction (cjs)', rule, {
  valid: [
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.f = () => db.tx(async (t) => {
  await t.none('insert into a values (1)');
  await t.tx(async (t2) => t2.none('insert into b values (1)'));
});` },
    { code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function move(id) {
  await knex.transaction(async (trx) => {
    const sp = await trx.transaction();
    try {
      await sp('moves').insert({ item_id: id });
      await sp.commit();
    } catch (e) {
      await sp.rollback();
    }
  });
}
module.exports = { move };` },
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.move = (id) =>
  db.tx(async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    await t.tx(async (t2) => t2.none('insert into moves values ($1)', [id]));
  });` },
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.report = () =>
  db.task(async (task) => {
    const rows = await task.any('select id from items');
    await task.tx(async (t) => t.none('update items set seen = true'));
    return rows;
  });` },
    { code: `const { EventEmitter } = require('node:events');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const bus = new EventEmitter();
async function place(order) {
  await knex.transaction(async (trx) => {
    await trx('orders').insert(order);
    bus.on('shipped', () => knex.transaction((t) => t('shipments').insert({ order_id: order.id })));
  });
}
module.exports = { place };` },
    { code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function logMove(trx, id) {
  await trx.transaction(async (sp) => sp('moves').insert({ item_id: id }));
}
async function move(id) {
  await knex.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await logMove(trx, id);
  });
}
module.exports = { move };` },
  ],
  invalid: [
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.f = () => db.tx(async (t) => {
  await t.none('insert into a values (1)');
  await db.none('insert into b values (1)');
  await db.tx(async (t2) => t2.none('select 1'));
});`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 14,
          data: {"call":"db.tx()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.f = () => db.tx(async (t) => {
  await t.none('insert into a values (1)');
  await db.none('insert into b values (1)');
  await t.tx(async (t2) => t2.none('select 1'));
});`,
            },
          ],
        },
      ],
    },
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
exports.f = () => knex.transaction(async (trx) => {
  await trx.raw('BEGIN');
  await trx('t').update({ x: 1 });
});`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 25,
          data: {"group":"trx","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },

    {
      code: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
async function archive(userId) {
  await prisma.$transaction(async (tx) => {
    await tx.post.updateMany({ where: { userId }, data: { archived: true } });
    await prisma.$transaction(async (tx2) => {
      await tx2.user.update({ where: { id: userId }, data: { archived: true } });
    });
  });
}
module.exports = { archive };`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 30,
          data: {"call":"prisma.$transaction()","handle":"tx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
async function archive(userId) {
  await prisma.$transaction(async (tx) => {
    await tx.post.updateMany({ where: { userId }, data: { archived: true } });
    await tx.$transaction(async (tx2) => {
      await tx2.user.update({ where: { id: userId }, data: { archived: true } });
    });
  });
}
module.exports = { archive };`,
            },
          ],
        },
      ],
    },
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function transfer(from, to, amount) {
  await knex.transaction(async (trx) => {
    await trx('accounts').where({ id: from }).decrement('balance', amount);
    await knex.transaction(async (inner) => {
      await inner('accounts').where({ id: to }).increment('balance', amount);
    });
  });
}
module.exports = { transfer };`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 27,
          data: {"call":"knex.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function transfer(from, to, amount) {
  await knex.transaction(async (trx) => {
    await trx('accounts').where({ id: from }).decrement('balance', amount);
    await trx.transaction(async (inner) => {
      await inner('accounts').where({ id: to }).increment('balance', amount);
    });
  });
}
module.exports = { transfer };`,
            },
          ],
        },
      ],
    },
    {
      code: `const db = require('knex').knex({ client: 'pg', connection: process.env.DATABASE_URL });
exports.rebuild = async () => {
  await db.transaction(async (trx) => {
    await trx('index_state').update({ building: true });
    await db.transaction(async (t2) => {
      await t2('search_index').del();
    });
  });
};`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 25,
          data: {"call":"db.transaction()","handle":"trx","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `const db = require('knex').knex({ client: 'pg', connection: process.env.DATABASE_URL });
exports.rebuild = async () => {
  await db.transaction(async (trx) => {
    await trx('index_state').update({ building: true });
    await trx.transaction(async (t2) => {
      await t2('search_index').del();
    });
  });
};`,
            },
          ],
        },
      ],
    },
    {
      code: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL);
async function register(User, Profile, name) {
  await sequelize.transaction(async (t) => {
    const user = await User.create({ name }, { transaction: t });
    await sequelize.transaction(async (t2) => {
      await Profile.create({ userId: user.id }, { transaction: t2 });
    });
  });
}
module.exports = { register };`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 32,
          data: {"call":"sequelize.transaction()","handle":"t","fix":"Nest it on the handle instead."},
          suggestions: [
            {
              messageId: 'suggestParent',
              output: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL);
async function register(User, Profile, name) {
  await sequelize.transaction(async (t) => {
    const user = await User.create({ name }, { transaction: t });
    await sequelize.transaction({ transaction: t }, async (t2) => {
      await Profile.create({ userId: user.id }, { transaction: t2 });
    });
  });
}
module.exports = { register };`,
            },
          ],
        },
      ],
    },
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const bumpCounter = (name) => knex.transaction((trx) => trx('counters').where({ name }).increment('value', 1));
async function addItem(item) {
  await knex.transaction(async (trx) => {
    await trx('items').insert(item);
    await bumpCounter('items');
  });
}
module.exports = { addItem };`,
      errors: [
        {
          messageId: 'helperBegins',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 22,
          data: {"call":"bumpCounter()","helper":"bumpCounter","handle":"trx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function importRows(rows) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const row of rows) {
      await client.query('BEGIN');
      await client.query('insert into rows (v) values ($1)', [row]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
module.exports = { importRows };`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 34,
          data: {"group":"client","why":"PostgreSQL only warns (\"there is already a transaction in progress\") and the next COMMIT commits everything, so the inner work is not atomic on its own."},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-nested-transaction (test files)', rule, {
  valid: [
    {
      // A locking test holds one transaction and probes it from another, on purpose.
      filename: 'src/stock/__tests__/locking.test.ts',
      code: `import knex from 'knex';
import { PrismaClient } from '@prisma/client';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const prisma = new PrismaClient();
export async function skipLocked(unitId: number) {
  const t1 = await db.transaction();
  const t2 = await db.transaction();
  try {
    await t1('units').where({ id: unitId }).forUpdate().skipLocked();
    await t2('units').where({ id: unitId }).forUpdate().skipLocked();
  } finally {
    await t1.rollback();
    await t2.rollback();
  }
}
export async function isolation() {
  await prisma.$transaction(async (tx) => {
    await tx.unit.update({ where: { id: 1 }, data: { state: 'held' } });
    await prisma.$transaction(async (other) => other.unit.findUnique({ where: { id: 1 } }));
  });
}`,
    },
  ],
  invalid: [
    {
      // A raw BEGIN inside an open transaction fails the test's intent wherever it is written.
      filename: 'src/stock/__tests__/raw.test.ts',
      code: `import type { PoolClient } from 'pg';
export async function f(client: PoolClient) {
  await client.query('BEGIN');
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}`,
      errors: [
        {
          messageId: 'nestedBegin',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 32,
          data: { group: 'client', why: 'PostgreSQL only warns ("there is already a transaction in progress") and the next COMMIT commits everything, so the inner work is not atomic on its own.' },
        },
      ],
    },
  ],
});

ruleTester.run('no-nested-transaction (a repository built with the transaction)', rule, {
  valid: [
    {
      // Built with the handle, the repository's own `this.db.transaction(…)` is a savepoint in it.
      filename: 'src/graphs.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { CompositionRepository } from './composition';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function compose(graphId: string, logger: Console) {
  await db.transaction(async (tx) => {
    const compositions = new CompositionRepository(logger, tx);
    await compositions.addComposition({ graphId });
    await new CompositionRepository(logger, tx).addComposition({ graphId });
  });
}`,
      settings: { pgbouncer: { modules: { './composition': { CompositionRepository: { methods: { addComposition: { transacts: true } } } } } } },
    },
  ],
  invalid: [
    {
      filename: 'src/graphs.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { CompositionRepository } from './composition';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function compose(graphId: string, logger: Console) {
  await db.transaction(async (tx) => {
    const compositions = new CompositionRepository(logger, db);
    await compositions.addComposition({ graphId });
  });
}`,
      settings: { pgbouncer: { modules: { './composition': { CompositionRepository: { methods: { addComposition: { transacts: true } } } } } } },
      errors: [
        {
          messageId: 'helperBegins',
          line: 8,
          column: 11,
          data: { call: 'compositions.addComposition()', helper: 'compositions.addComposition', handle: 'tx' },
        },
      ],
    },
  ],
});

ruleTester.run('no-nested-transaction (NestJS handles injected for named connections)', rule, {
  valid: [
    {
      // Results written to both databases: each needs a transaction of its own.
      filename: 'src/solutions/solutions.importer.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
@Injectable()
export class SolutionsImporter {
  constructor(
    @InjectEntityManager('api') private readonly apiManager: EntityManager,
    @InjectEntityManager() private readonly geoManager: EntityManager,
  ) {}
  async import(scenarioId: string, rows: object[]) {
    await this.geoManager.transaction(async (em) => {
      await em.insert('output_scenarios_pu_data', rows);
      await this.apiManager.transaction(async (apiEm) => {
        await apiEm.update('scenarios', { id: scenarioId }, { ranAtLeastOnce: true });
      });
    });
  }
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/solutions/solutions.importer.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
@Injectable()
export class SolutionsImporter {
  constructor(
    @InjectEntityManager('api') private readonly apiManager: EntityManager,
    @InjectEntityManager('api') private readonly scenarios: EntityManager,
  ) {}
  async import(scenarioId: string, rows: object[]) {
    await this.apiManager.transaction(async (em) => {
      await em.insert('scenario_rows', rows);
      await this.scenarios.transaction(async (other) => {
        await other.update('scenarios', { id: scenarioId }, { ranAtLeastOnce: true });
      });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerTransaction',
          line: 13,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestNested',
              output: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
@Injectable()
export class SolutionsImporter {
  constructor(
    @InjectEntityManager('api') private readonly apiManager: EntityManager,
    @InjectEntityManager('api') private readonly scenarios: EntityManager,
  ) {}
  async import(scenarioId: string, rows: object[]) {
    await this.apiManager.transaction(async (em) => {
      await em.insert('scenario_rows', rows);
      await em.transaction(async (other) => {
        await other.update('scenarios', { id: scenarioId }, { ranAtLeastOnce: true });
      });
    });
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

/** A route file of a package that depends on @fastify/postgres. */
const FASTIFY_ROUTES = fastifyPostgresPackage()('src/routes/orders.js');

jsRuleTester.run('no-nested-transaction (the Fastify pg plugin)', rule, {
  valid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.post('/orders', async () => {
    await fastify.pg.transact(async (client) => client.query('INSERT INTO orders DEFAULT VALUES'));
    await fastify.pg.transact(async (client) => client.query('UPDATE stats SET orders = orders + 1'));
  });
}`,
    },
  ],
  invalid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.post('/orders', async () =>
    fastify.pg.transact(async (client) => {
      await client.query('INSERT INTO orders DEFAULT VALUES');
      await fastify.pg.transact(async (other) => other.query('UPDATE stats SET orders = orders + 1'));
    }),
  );
}`,
      errors: [{ messageId: 'outerTransaction', line: 5, column: 13 }],
    },
  ],
});
