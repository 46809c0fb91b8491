import rule from '../../rules/no-outer-client-in-transaction';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';
import { fastifyPostgresPackage } from '../helpers/fastify-postgres';
import { packageWith } from '../helpers/package';

ruleTester.run('no-outer-client-in-transaction (ts)', rule, {
  valid: [
    {
      // A synchronous callback (better-sqlite3 runs it on the database's one connection): the
      // receiver's own queries inside run in the transaction; and a receiver whose handle the file
      // uses only as Knex does.
      filename: 'src/local/store.ts',
      code: `import { db } from './db';
import knex from './knex';
import { orders, stock } from './schema';
export function place(row: { item: number }) {
  db.transaction((tx) => {
    tx.insert(orders).values(row).run();
    db.update(stock).set({ count: 1 }).run();
  });
}
export async function legacy(row: { id: number }) {
  await knex.transaction(async (trx) => {
    await trx.insert(row).into('orders');
    await knex.select('id').from('stock');
  });
}`,
    },
    {
      // Started with \`void\` and never waited for: a notification left to run beside the transaction.
      filename: 'app/api/payroll/approve/route.ts',
      code: `import { prisma } from '@/lib/prisma';
async function notifyNextApprover(role: string) {
  const approvers = await prisma.employee.findMany({ where: { role } });
  await sendMail(approvers);
}
export async function POST(req: Request) {
  const { id, role } = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.approval.update({ where: { id }, data: { step: { increment: 1 } } });
    void notifyNextApprover(role);
  });
  return Response.json({ ok: true });
}`,
    },
    {
      // A sync script reading one database while it writes another inside a transaction: the
      // source is an engine of its own, built with another connection, which no transaction of
      // the target could hold.
      filename: 'bin/sync-visits.ts',
      code: `import knex from 'knex';

export async function syncVisits(sourceUrl: string, targetUrl: string) {
  const target = knex({ client: 'pg', connection: targetUrl });
  const source = knex({ client: 'pg', connection: sourceUrl });
  try {
    await target.transaction(async (trx) => {
      const visits = await source.select('*').from('visits');
      await trx('visit_log').insert(visits);
    });
  } finally {
    await Promise.all([source.destroy(), target.destroy()]);
  }
}`,
    },
    {
      // A raw transaction on a connection of the source database's pool while rows are written
      // through the target database's pool: two engines the file builds apart, with other servers.
      filename: 'src/copy/outputs.ts',
      code: `import { Pool } from 'pg';
const sourcePool = new Pool({ host: process.env.SOURCE_PGHOST, database: 'warehouse', application_name: 'copy' });
const targetPool = new Pool({ host: process.env.TARGET_PGHOST, database: 'warehouse', application_name: 'copy' });
export async function copyOutputs() {
  const sourceClient = await sourcePool.connect();
  try {
    await sourceClient.query('BEGIN');
    await sourceClient.query('DECLARE outputs CURSOR FOR SELECT * FROM output');
    for (;;) {
      const { rows } = await sourceClient.query('FETCH 1000 FROM outputs');
      if (rows.length === 0) break;
      await targetPool.query('INSERT INTO output SELECT * FROM json_populate_recordset(null::output, $1)', [JSON.stringify(rows)]);
    }
    await sourceClient.query('COMMIT');
  } catch (error) {
    await sourceClient.query('ROLLBACK');
    throw error;
  } finally {
    sourceClient.release();
  }
}`,
    },
    {
      // Knex runs a migration's up/down in a transaction and hands it over as `knex`: the inner
      // knex.transaction() is a savepoint on the same connection.
      filename: 'db/migrations/20240101000000_widgets.ts',
      code: `import type { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.transaction(async (trx) => {
    await trx.raw('create table widgets (id int)');
    await knex.raw('create index widgets_id on widgets (id)');
  });
}`,
    },
    { filename: 'src/prisma/ok.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer(from: number, to: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: 1 } } });
    await tx.account.update({ where: { id: to }, data: { balance: { increment: 1 } } });
  });
  await prisma.auditLog.create({ data: { kind: 'transfer' } });
}` },
    { filename: 'src/knex/transacting.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    await db('reservations').insert({ sku }).transacting(trx);
    await trx('stock').where({ sku }).update({ reserved_at: db.fn.now(), note: db.raw('?', ['held']) });
  });
}` },
    { filename: 'src/typeorm/ok.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function register(email: string) {
  await dataSource.transaction(async (manager) => {
    const profiles = manager.getRepository('Profile');
    await profiles.save({ email });
    await manager.query('insert into audit values ($1)', [email]);
  });
}` },
    { filename: 'src/sequelize/cls.ts', code: `import { Sequelize, Model } from 'sequelize';
import { createNamespace } from 'cls-hooked';
Sequelize.useCLS(createNamespace('app'));
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  await sequelize.transaction(async () => {
    await User.create({ name });
  });
}` },
    { filename: 'src/mikro/ok.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function move(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    await em.find('Item', {});
    await orm.em.find('Move', {});
  });
}` },
    { filename: 'src/deferred.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function order(userId: number) {
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { userId } });
    setTimeout(() => {
      void prisma.metric.create({ data: { kind: 'order' } });
    }, 0);
  });
}` },
    { filename: 'src/alias.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    const users = tx.user;
    await users.create({ data: { name: 'a' } });
  });
}` },
    { filename: 'src/lookalike.ts', code: `const prisma = { user: { async create(_: unknown) { return 1; } }, async $transaction(fn: (tx: unknown) => Promise<void>) { await fn({}); } };
export async function f() {
  await prisma.$transaction(async () => {
    await prisma.user.create({});
  });
}` },
    { filename: 'src/oc/sequelize-savepoint.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.transaction({ transaction: t }, async (t2) => {
      await sequelize.query('select 1', { transaction: t2 });
    });
  });
}` },
    { filename: 'src/oc/sequelize-unmanaged.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('update items set bin = 2', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}` },
    { filename: 'src/oc/kysely-nested-begin.ts', code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('a').values({ x: 1 }).execute();
    await db.transaction().execute(async (other) => other.insertInto('b').values({ x: 1 }).execute());
  });
}` },
    { filename: 'src/oc/mikro-context.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function migrate(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    await orm.getMigrator().up({ transaction: em.getTransactionContext() });
  });
}` },
    { filename: 'src/oc/sequelize-opt-out.ts', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('select 1', { transaction: t });
    await sequelize.query('insert into audit default values', { transaction: null });
  });
}` },
    { filename: 'src/oc/pool-end.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  client.release(true);
  await pool.end();
}` },

    { filename: 'src/oc/ok/prisma-service-tx.ts', code: `import { Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '@prisma/client';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaClient) {}
  private async log(tx: Prisma.TransactionClient, walletId: number) {
    await tx.walletEvent.create({ data: { walletId } });
  }
  async topUp(walletId: number) {
    await this.prisma.$transaction(async (tx) => {
      await tx.wallet.update({ where: { id: walletId }, data: { balance: { increment: 1 } } });
      await this.log(tx, walletId);
    });
  }
}` },
    { filename: 'src/oc/ok/prisma-shadowed.ts', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function move(id: number) {
  await prisma.$transaction(async (prisma) => {
    await prisma.item.update({ where: { id }, data: { bin: 2 } });
    await prisma.move.create({ data: { itemId: id } });
  });
}` },
    { filename: 'src/oc/ok/prisma-deferred.ts', code: `import { EventEmitter } from 'node:events';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const events = new EventEmitter();
export async function order(userId: number) {
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: { userId } });
    events.once('flushed', () => prisma.metric.create({ data: { kind: 'order' } }));
  });
}` },
    { filename: 'src/oc/ok/knex-subquery-arg.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function purge() {
  await db.transaction(async (trx) => {
    await trx('orders').whereIn('user_id', db('users').where({ banned: true }).select('id')).del();
  });
}` },
    { filename: 'src/oc/ok/knex-alias.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (db) => {
    await db('stock').where({ sku }).decrement('qty', 1);
    await db('reservations').insert({ sku });
  });
}` },
    { filename: 'src/oc/ok/typeorm-with-repository.ts', code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
class Invoice { id!: number; paid!: boolean; }
@Injectable()
export class InvoiceService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
  ) {}
  async pay(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.withRepository(this.invoices).update(id, { paid: true });
      await manager.getRepository(Invoice).increment({ id }, 'version', 1);
    });
  }
}` },
    { filename: 'src/oc/ok/sequelize-options.ts', code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Seat extends Model {}
export async function book(showId: number) {
  await sequelize.transaction(async (t) => {
    const free = await Seat.findAll({ where: { showId }, lock: true, transaction: t });
    await Seat.update({ booked: true }, { where: { showId }, transaction: t });
    return free;
  });
}` },
    { filename: 'src/oc/ok/mikro-global.ts', code: `import { MikroORM } from '@mikro-orm/postgresql';
const orm = await MikroORM.init();
export async function move(id: number) {
  await orm.em.transactional(async (em) => {
    await em.nativeUpdate('Item', { id }, { bin: 2 });
    await orm.em.nativeInsert('Move', { itemId: id });
  });
}` },
    { filename: 'src/oc/ok/mikro.service.ts', code: `import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
@Injectable()
export class MoveService {
  constructor(private readonly em: EntityManager) {}
  async move(id: number) {
    await this.em.transactional(async (em) => {
      await em.nativeUpdate('Item', { id }, { bin: 2 });
      await this.em.persistAndFlush({ itemId: id });
    });
  }
}` },
    { filename: 'src/oc/ok/drizzle-subquery.ts', code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { inArray, sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
declare const items: any;
declare const banned: any;
export async function purge() {
  await db.transaction(async (tx) => {
    await tx.delete(items).where(inArray(items.ownerId, db.select({ id: banned.id }).from(banned)));
    await tx.execute(sql\`vacuum\`);
  });
}` },
    { filename: 'src/oc/ok/kysely-handle.ts', code: `import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2, moved_at: sql\`now()\` }).where('id', '=', id).execute();
    await sql\`insert into moves values (\${id})\`.execute(trx);
  });
}` },
    { filename: 'src/oc/ok/slonik-handle.ts', code: `import { createPool, sql, type DatabaseTransactionConnection } from 'slonik';
async function log(t: DatabaseTransactionConnection, id: number) {
  await t.query(sql.unsafe\`insert into moves values (\${id})\`);
}
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await log(t, id);
  });
}` },
    { filename: 'src/oc/ok/postgres-savepoint.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function move(id: number) {
  await sql.begin(async (sql) => {
    await sql\`update items set bin = 2 where id = \${id}\`;
    await sql.savepoint(async (sp) => sp\`insert into moves values (\${id})\`);
  });
}` },

    { filename: 'src/oc/postgres-fragment.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function f(id: number, cols: string[]) {
  await sql.begin(async (tx) => {
    await tx\`update items set \${sql({ bin: 2 }, 'bin')} where id = \${id}\`;
    await tx\`select \${sql(cols)} from items where \${sql\`id = \${id}\`}\`;
  });
}` },
    { filename: 'src/oc/knex-builder-var.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function purge() {
  await db.transaction(async (trx) => {
    const banned = db('users').where({ banned: true }).select('id');
    await trx('orders').whereIn('user_id', banned).del();
  });
}` },
  ],
  invalid: [
    {
      // A Knex instance from the project's own module: the handle called with a table name says
      // what it is; a query joined with \`.transacting(trx)\` runs in the transaction.
      filename: 'src/services/marrainage.ts',
      code: `import knex from '../db';
export async function assign(newcomerId: string) {
  await knex.transaction(async (trx) => {
    const group = await trx('groups').where({ status: 'pending' }).first();
    await knex('groups').where({ id: group.id }).increment('count', 1);
    await knex('marrainages').insert({ newcomerId, groupId: group.id }).transacting(trx);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 15,
          data: { client: 'knex', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import knex from '../db';
export async function assign(newcomerId: string) {
  await knex.transaction(async (trx) => {
    const group = await trx('groups').where({ status: 'pending' }).first();
    await trx('groups').where({ id: group.id }).increment('count', 1);
    await knex('marrainages').insert({ newcomerId, groupId: group.id }).transacting(trx);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A Kysely instance from the project's own module: its handle's own methods say what it is.
      filename: 'packages/core/src/modules/referrals.ts',
      code: `import { db } from '@oyster/db';
export async function apply(referralId: string, email: string) {
  await db.transaction().execute(async (trx) => {
    await db.updateTable('referrals').set({ status: 'applied' }).where('id', '=', referralId).execute();
    await trx.insertInto('applications').values({ email, referralId }).execute();
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 13,
          data: { client: 'db', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { db } from '@oyster/db';
export async function apply(referralId: string, email: string) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('referrals').set({ status: 'applied' }).where('id', '=', referralId).execute();
    await trx.insertInto('applications').values({ email, referralId }).execute();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A Drizzle database from the project's own module: the handle's chains say what it is.
      filename: 'src/billing/grant-credits.ts',
      code: `import { db } from '@/server/db';
import { ledger, users } from '@/server/db/schema';
import { eq } from 'drizzle-orm';
export async function grant(userId: string, amount: number) {
  await db.transaction(async (tx) => {
    await tx.insert(ledger).values({ userId, amount });
    await db.update(users).set({ credits: amount }).where(eq(users.id, userId));
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 13,
          data: { client: 'db', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { db } from '@/server/db';
import { ledger, users } from '@/server/db/schema';
import { eq } from 'drizzle-orm';
export async function grant(userId: string, amount: number) {
  await db.transaction(async (tx) => {
    await tx.insert(ledger).values({ userId, amount });
    await tx.update(users).set({ credits: amount }).where(eq(users.id, userId));
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // The client comes from the project's own module: its \`$transaction\` says what it is.
      filename: 'app/api/orders/route.ts',
      code: `import prisma from '@/lib/prisma';
export async function POST(req: Request) {
  const body = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: body });
    await prisma.stock.update({ where: { id: body.item }, data: { count: { decrement: 1 } } });
  });
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 17,
          data: { client: 'prisma', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import prisma from '@/lib/prisma';
export async function POST(req: Request) {
  const body = await req.json();
  await prisma.$transaction(async (tx) => {
    await tx.order.create({ data: body });
    await tx.stock.update({ where: { id: body.item }, data: { count: { decrement: 1 } } });
  });
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      // A NestJS service injected with the project's PrismaService, and a tRPC procedure's \`ctx.db\`.
      filename: 'src/users/users.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async signUp(email: string) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email } });
      await this.prisma.profile.create({ data: { userId: user.id } });
      return user;
    });
  }
}
export const router = {
  close: ({ ctx, input }) => ctx.db.$transaction(async (tx) => {
    await tx.ticket.update({ where: { id: input.id }, data: { closed: true } });
    await ctx.db.event.create({ data: { ticketId: input.id } });
  }),
};`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 13,
          data: { client: 'this.prisma', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async signUp(email: string) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email } });
      await tx.profile.create({ data: { userId: user.id } });
      return user;
    });
  }
}
export const router = {
  close: ({ ctx, input }) => ctx.db.$transaction(async (tx) => {
    await tx.ticket.update({ where: { id: input.id }, data: { closed: true } });
    await ctx.db.event.create({ data: { ticketId: input.id } });
  }),
};`,
            },
          ],
        },
        {
          messageId: 'outerClient',
          line: 17,
          column: 11,
          data: { client: 'ctx.db', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}
  async signUp(email: string) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email } });
      await this.prisma.profile.create({ data: { userId: user.id } });
      return user;
    });
  }
}
export const router = {
  close: ({ ctx, input }) => ctx.db.$transaction(async (tx) => {
    await tx.ticket.update({ where: { id: input.id }, data: { closed: true } });
    await tx.event.create({ data: { ticketId: input.id } });
  }),
};`,
            },
          ],
        },
      ],
    },
    {
      // Engines built from the same configuration, or one wrapping the other, reach one database:
      // the query runs there outside the transaction.
      filename: 'src/db/mirror.ts',
      code: `import { Pool } from 'pg';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/node-postgres';

const config = { connectionString: process.env.DATABASE_URL, application_name: 'api' };
const pool = new Pool(config);
const auditPool = new Pool(config);
const db = drizzle(pool);
const sql = postgres(process.env.DATABASE_URL!, { prepare: false });

export async function mirror(id: string) {
  await db.transaction(async (tx) => {
    await pool.query('update orders set mirrored = true where id = $1', [id]);
    await auditPool.query('insert into audit (order_id) values ($1)', [id]);
  });
  await sql.begin(async (tx) => {
    await pool.query('delete from outbox where order_id = $1', [id]);
  });
}`,
      errors: [
        { messageId: 'outerClient', line: 13, column: 11, data: { client: 'pool', handle: 'tx' } },
        { messageId: 'outerClient', line: 14, column: 11, data: { client: 'auditPool', handle: 'tx' } },
        { messageId: 'outerClient', line: 17, column: 11, data: { client: 'pool', handle: 'tx' } },
      ],
    },
    {
      // Outside a migration, an `up` that is handed the engine queries it outside the transaction.
      filename: 'src/widgets.ts',
      code: `import type { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.transaction(async (trx) => {
    await trx.raw('insert into widgets default values');
    await knex.raw('update counters set n = n + 1');
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 15,
          data: {"client":"knex","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import type { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.transaction(async (trx) => {
    await trx.raw('insert into widgets default values');
    await trx.raw('update counters set n = n + 1');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/prisma/outer.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer(from: number, to: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    await prisma.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 17,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function transfer(from: number, to: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    await tx.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/prisma/raw.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function archive() {
  return prisma.$transaction(async (tx) => {
    const rows = await prisma.$queryRaw\`select id from events where archived = false\`;
    await tx.event.updateMany({ data: { archived: true } });
    return rows;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 30,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function archive() {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw\`select id from events where archived = false\`;
    await tx.event.updateMany({ data: { archived: true } });
    return rows;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/prisma/service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class OrdersService {
  constructor(private readonly prisma: PrismaClient) {}
  async place(userId: number) {
    return this.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { userId } });
      await this.prisma.outbox.create({ data: { topic: 'order.placed', payload: String(order.id) } });
      return order;
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 24,
          data: {"client":"this.prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class OrdersService {
  constructor(private readonly prisma: PrismaClient) {}
  async place(userId: number) {
    return this.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { userId } });
      await tx.outbox.create({ data: { topic: 'order.placed', payload: String(order.id) } });
      return order;
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/knex/outer.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    const [item] = await trx('stock').where({ sku }).forUpdate();
    await db('reservations').insert({ sku, qty: item.qty });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 13,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    const [item] = await trx('stock').where({ sku }).forUpdate();
    await trx('reservations').insert({ sku, qty: item.qty });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm/outer.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function register(email: string) {
  await dataSource.transaction(async (manager) => {
    await manager.query('insert into users (email) values ($1)', [email]);
    await dataSource.getRepository('Profile').save({ email });
    await dataSource.manager.query('insert into audit values ($1)', [email]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 21,
          data: {"client":"dataSource","handle":"manager"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function register(email: string) {
  await dataSource.transaction(async (manager) => {
    await manager.query('insert into users (email) values ($1)', [email]);
    await manager.getRepository('Profile').save({ email });
    await dataSource.manager.query('insert into audit values ($1)', [email]);
  });
}`,
            },
          ],
        },
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 21,
          data: {"client":"dataSource","handle":"manager"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm/nest.ts',
      code: `import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
@Injectable()
export class BillingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invoices: Repository<{ id: number }>,
  ) {}
  async close(id: number) {
    await this.dataSource.transaction(async (em) => {
      await em.query('update invoices set closed = true where id = $1', [id]);
      await this.invoices.save({ id });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 26,
          data: {"client":"this.invoices","handle":"em"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize/outer.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  await sequelize.transaction(async (t) => {
    await User.create({ name }, { transaction: t });
    await User.findAll({ where: { name } });
    await User.create({ name: \`\${name}-copy\` });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 15,
          data: {"client":"User","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  await sequelize.transaction(async (t) => {
    await User.create({ name }, { transaction: t });
    await User.findAll({ transaction: t, where: { name } });
    await User.create({ name: \`\${name}-copy\` });
  });
}`,
            },
          ],
        },
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 15,
          data: {"client":"User","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
export async function signUp(name: string) {
  await sequelize.transaction(async (t) => {
    await User.create({ name }, { transaction: t });
    await User.findAll({ where: { name } });
    await User.create({ name: \`\${name}-copy\` }, { transaction: t });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/sequelize/query.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function move(id: number) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update items set bin = 2 where id = ?', { replacements: [id], transaction: t });
    await sequelize.query('insert into moves values (?)', { replacements: [id] });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 20,
          data: {"client":"sequelize","handle":"t"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/drizzle/outer.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function move(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update items set bin = 2 where id = \${id}\`);
    await db.execute(sql\`insert into moves values (\${id})\`);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 13,
          data: {"client":"db","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function move(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update items set bin = 2 where id = \${id}\`);
    await tx.execute(sql\`insert into moves values (\${id})\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/kysely/outer.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    await db.insertInto('moves').values({ item_id: id }).execute();
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 13,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function move(id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    await trx.insertInto('moves').values({ item_id: id }).execute();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/postgres/outer.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function move(id: number) {
  await sql.begin(async (tx) => {
    await tx\`update items set bin = 2 where id = \${id}\`;
    await sql\`insert into moves values (\${id})\`;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 14,
          data: {"client":"sql","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function move(id: number) {
  await sql.begin(async (tx) => {
    await tx\`update items set bin = 2 where id = \${id}\`;
    await tx\`insert into moves values (\${id})\`;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/nested-fn.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function importAll(rows: { id: number }[]) {
  await prisma.$transaction(async (tx) => {
    const save = async (row: { id: number }) => {
      await prisma.item.upsert({ where: { id: row.id }, create: row, update: row });
    };
    for (const row of rows) {
      await save(row);
    }
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 19,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function importAll(rows: { id: number }[]) {
  await prisma.$transaction(async (tx) => {
    const save = async (row: { id: number }) => {
      await tx.item.upsert({ where: { id: row.id }, create: row, update: row });
    };
    for (const row of rows) {
      await save(row);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/promise-all.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function seed() {
  await prisma.$transaction(async (tx) => {
    await Promise.all([tx.a.create({ data: {} }), prisma.b.create({ data: {} })]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 51,
          endLine: 5,
          endColumn: 57,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function seed() {
  await prisma.$transaction(async (tx) => {
    await Promise.all([tx.a.create({ data: {} }), tx.b.create({ data: {} })]);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Two pools built alike reach the same database: the other one is still outside the transaction.
      filename: 'src/pg/twin-pools.ts',
      code: `import { Pool } from 'pg';
const config = { host: process.env.PGHOST, application_name: 'ledger' };
const pool = new Pool(config);
const reporting = new Pool(config);
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1 where id = $1', [from]);
    await reporting.query('update accounts set balance = balance + 1 where id = $1', [to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'outerClient', line: 10, column: 11, data: { client: 'reporting', handle: 'client' }, suggestions: [
        {
          messageId: 'suggestHandle',
          output: `import { Pool } from 'pg';
const config = { host: process.env.PGHOST, application_name: 'ledger' };
const pool = new Pool(config);
const reporting = new Pool(config);
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
      ] }],
    },
    {
      filename: 'src/pg/window.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - 1 where id = $1', [from]);
    await pool.query('update accounts set balance = balance + 1 where id = $1', [to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('insert into audit values ($1)', [from]);
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 15,
          data: {"client":"pool","handle":"client"},
          suggestions: [
            {
              messageId: 'suggestHandle',
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
  await pool.query('insert into audit values ($1)', [from]);
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/prisma-namespace.ts',
      code: `import * as Db from '@prisma/client';
const prisma = new Db.PrismaClient();
export async function closeAccount(id: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { closed: true } });
    await prisma.ledger.deleteMany({ where: { accountId: id } });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 17,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import * as Db from '@prisma/client';
const prisma = new Db.PrismaClient();
export async function closeAccount(id: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { closed: true } });
    await tx.ledger.deleteMany({ where: { accountId: id } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/prisma.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaClient) {}
  async topUp(walletId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      const wallet = await this.prisma.wallet.findUniqueOrThrow({ where: { id: walletId } });
      await tx.wallet.update({ where: { id: walletId }, data: { balance: wallet.balance + amount } });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 39,
          data: {"client":"this.prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class WalletService {
  constructor(private readonly prisma: PrismaClient) {}
  async topUp(walletId: number, amount: number) {
    await this.prisma.$transaction(async (tx) => {
      const wallet = await tx.wallet.findUniqueOrThrow({ where: { id: walletId } });
      await tx.wallet.update({ where: { id: walletId }, data: { balance: wallet.balance + amount } });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/prisma-annotated.ts',
      code: `import type { PrismaClient } from '@prisma/client';
export async function seed(prisma: PrismaClient) {
  await prisma.$transaction(async (tx) => {
    await tx.role.create({ data: { name: 'admin' } });
    await prisma.$queryRawUnsafe('select pg_advisory_lock(1)');
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 17,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import type { PrismaClient } from '@prisma/client';
export async function seed(prisma: PrismaClient) {
  await prisma.$transaction(async (tx) => {
    await tx.role.create({ data: { name: 'admin' } });
    await tx.$queryRawUnsafe('select pg_advisory_lock(1)');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/knex-named.ts',
      code: `import { knex } from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await db('reservations').insert({ sku });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 13,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { knex } from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await trx('reservations').insert({ sku });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/knex-import-equals.ts',
      code: `import Knex = require('knex');
const db = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await db.raw('notify stock_changed');
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 13,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import Knex = require('knex');
const db = Knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function reserve(sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await trx.raw('notify stock_changed');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/knex-annotated.ts',
      code: `import type { Knex } from 'knex';
export async function reserve(db: Knex, sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await Promise.allSettled([db('reservations').insert({ sku })]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 31,
          endLine: 5,
          endColumn: 33,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import type { Knex } from 'knex';
export async function reserve(db: Knex, sku: string) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    await Promise.allSettled([trx('reservations').insert({ sku })]);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/typeorm-inject-repo.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
class Invoice { id!: number; paid!: boolean; }
@Injectable()
export class InvoiceService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
  ) {}
  async pay(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('insert into payments (invoice_id) values ($1)', [id]);
      await this.invoices.update(id, { paid: true });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 14,
          column: 13,
          endLine: 14,
          endColumn: 26,
          data: {"client":"this.invoices","handle":"manager"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/oc/typeorm-inject-manager.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectEntityManager() private readonly entityManager: EntityManager,
  ) {}
  async restock(sku: string) {
    await this.dataSource.transaction(async (em) => {
      await em.query('update stock set qty = qty + 1 where sku = $1', [sku]);
      await this.entityManager.query('insert into stock_log (sku) values ($1)', [sku]);
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 31,
          data: {"client":"this.entityManager","handle":"em"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectEntityManager() private readonly entityManager: EntityManager,
  ) {}
  async restock(sku: string) {
    await this.dataSource.transaction(async (em) => {
      await em.query('update stock set qty = qty + 1 where sku = $1', [sku]);
      await em.query('insert into stock_log (sku) values ($1)', [sku]);
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/typeorm-manager-tx.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function reassign(from: number, to: number) {
  await dataSource.manager.transaction(async (em) => {
    await em.query('update tasks set owner = $1 where owner = $2', [to, from]);
    await dataSource.query('insert into task_log (owner) values ($1)', [to]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 21,
          data: {"client":"dataSource","handle":"em"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function reassign(from: number, to: number) {
  await dataSource.manager.transaction(async (em) => {
    await em.query('update tasks set owner = $1 where owner = $2', [to, from]);
    await em.query('insert into task_log (owner) values ($1)', [to]);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/sequelize-update.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Account extends Model {}
export async function freeze(id: number) {
  await sequelize.transaction(async (t) => {
    await Account.update({ frozen: true }, { where: { id } });
    await Account.destroy({ where: { parentId: id }, transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 18,
          data: {"client":"Account","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Account extends Model {}
export async function freeze(id: number) {
  await sequelize.transaction(async (t) => {
    await Account.update({ frozen: true }, { transaction: t, where: { id } });
    await Account.destroy({ where: { parentId: id }, transaction: t });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/sequelize-findall.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Seat extends Model {}
export async function book(showId: number) {
  await sequelize.transaction(async (t) => {
    const free = await Seat.findAll();
    await Seat.update({ booked: true }, { where: { showId }, transaction: t });
    return free;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 28,
          data: {"client":"Seat","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Seat extends Model {}
export async function book(showId: number) {
  await sequelize.transaction(async (t) => {
    const free = await Seat.findAll({ transaction: t });
    await Seat.update({ booked: true }, { where: { showId }, transaction: t });
    return free;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/drizzle-postgres-js.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function settle(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await db.execute(sql\`insert into bill_events (bill_id) values (\${id})\`);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 13,
          data: {"client":"db","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(postgres(process.env.DATABASE_URL!));
export async function settle(id: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update bills set settled = true where id = \${id}\`);
    await tx.execute(sql\`insert into bill_events (bill_id) values (\${id})\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/kysely-annotated.ts',
      code: `import type { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    const count = await db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return count;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 27,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import type { Kysely } from 'kysely';
export async function move(db: Kysely<any>, id: number) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('items').set({ bin: 2 }).where('id', '=', id).execute();
    const count = await trx.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return count;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/slonik-pool.ts',
      code: `import { createPool, sql } from 'slonik';
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await pool.query(sql.unsafe\`insert into moves values (\${id})\`);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 15,
          data: {"client":"pool","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { createPool, sql } from 'slonik';
export async function move(id: number) {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update items set bin = 2 where id = \${id}\`);
    await t.query(sql.unsafe\`insert into moves values (\${id})\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/oc/pg-pool-in-knex.ts',
      code: `import knex from 'knex';
import { Pool } from 'pg';
const pool = new Pool();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id: number) {
  await db.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await pool.query('insert into moves values ($1)', [id]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 15,
          data: {"client":"pool","handle":"trx"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/oc/mikro-fork.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  const fork = orm.em.fork();
  await orm.em.transactional(async (em) => {
    await em.find('Item', {});
    await fork.find('Move', {});
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 15,
          data: {"client":"fork","handle":"em"},
          suggestions: [
          ],
        },
      ],
    },

  ],
});

jsRuleTester.run('no-outer-client-in-transaction (esm)', rule, {
  valid: [
    { code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function move(id) {
  const cache = new Map();
  await db.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    cache.delete(id);
  });
}` },
  ],
  invalid: [
    {
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function importUsers(users) {
  await prisma.$transaction(async (tx) => {
    await tx.importRun.create({ data: { count: users.length } });
    await Promise.all(users.map((u) => prisma.user.create({ data: u })));
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 40,
          endLine: 6,
          endColumn: 46,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function importUsers(users) {
  await prisma.$transaction(async (tx) => {
    await tx.importRun.create({ data: { count: users.length } });
    await Promise.all(users.map((u) => tx.user.create({ data: u })));
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
    await pool.query('insert into bill_events (bill_id) values ($1)', [id]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 15,
          data: {"client":"pool","handle":"tx"},
          suggestions: [
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
    await sql.unsafe('insert into moves values ($1)', [id]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 14,
          data: {"client":"sql","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export async function move(id) {
  await sql.begin(async (tx) => {
    await tx\`update items set bin = 2 where id = \${id}\`;
    await tx.unsafe('insert into moves values ($1)', [id]);
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
    const item = await db.one('select * from items where id = $1', [id]);
    return item;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 26,
          data: {"client":"db","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
export async function move(id) {
  await db.tx('move', async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    const item = await t.one('select * from items where id = $1', [id]);
    return item;
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-outer-client-in-transaction (cjs)', rule, {
  valid: [
    {
      // The project's own service class with a static \`$transaction\` that hands its work an
      // instance of itself: a class, not a client; its static helper sends no query.
      filename: 'api/lib/entities/harvest-session.service.js',
      code: `const HarvestJobsService = require('./harvest-job.service');
exports.cancelJobs = (jobs) =>
  HarvestJobsService.$transaction(async (service) => Promise.all(jobs.map((job) => (HarvestJobsService.isDone(job) ? job : service.cancel(job)))));`,
    },
    { code: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
async function archive(userId) {
  const result = await prisma.$transaction(async (tx) => {
    return tx.post.updateMany({ where: { userId }, data: { archived: true } });
  });
  await prisma.auditLog.create({ data: { userId, count: result.count } });
}
module.exports = { archive };` },
    { code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function touch(ids) {
  await knex.transaction(async (trx) => {
    await trx('items').whereIn('id', ids).update({ touched_at: knex.fn.now(), note: knex.raw('coalesce(note, ?)', ['']) });
    await trx('items').where('updated_at', '<', knex.raw("now() - interval '1 day'")).del();
  });
}
module.exports = { touch };` },
    { code: `const { Sequelize, Model } = require('sequelize');
const cls = require('cls-hooked');
Sequelize.useCLS(cls.createNamespace('orders'));
const sequelize = new Sequelize(process.env.DATABASE_URL);
class Order extends Model {}
async function place(items) {
  await sequelize.transaction(async (t) => {
    const order = await Order.create({ total: items.length });
    await sequelize.query('insert into order_items (order_id) values (?)', { replacements: [order.id] });
  });
}
module.exports = { place };` },
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.move = (id) =>
  db.tx(async (t) => {
    const q = t;
    await q.none('update items set bin = 2 where id = $1', [id]);
    await t.batch([t.none('insert into moves values ($1)', [id])]);
  });` },
  ],
  invalid: [
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
module.exports.move = async (id) => {
  await knex.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await knex('moves').insert({ item_id: id });
  });
};`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 15,
          data: {"client":"knex","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
module.exports.move = async (id) => {
  await knex.transaction(async (trx) => {
    await trx('items').where({ id }).update({ bin: 2 });
    await trx('moves').insert({ item_id: id });
  });
};`,
            },
          ],
        },
      ],
    },
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function move(id) {
  await db.tx(async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    await db.none('insert into moves values ($1)', [id]);
  });
}
module.exports = { move };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 13,
          data: {"client":"db","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function move(id) {
  await db.tx(async (t) => {
    await t.none('update items set bin = 2 where id = $1', [id]);
    await t.none('insert into moves values ($1)', [id]);
  });
}
module.exports = { move };`,
            },
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
    await prisma.user.update({ where: { id: userId }, data: { archived: true } });
  });
}
module.exports = { archive };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 17,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
async function archive(userId) {
  await prisma.$transaction(async (tx) => {
    await tx.post.updateMany({ where: { userId }, data: { archived: true } });
    await tx.user.update({ where: { id: userId }, data: { archived: true } });
  });
}
module.exports = { archive };`,
            },
          ],
        },
      ],
    },
    {
      code: `const prisma = new (require('@prisma/client').PrismaClient)();
exports.rename = async (id, name) => {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id }, data: { name } });
    await prisma.$executeRaw\`update members set team_name = \${name} where team_id = \${id}\`;
  });
};`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 17,
          data: {"client":"prisma","handle":"tx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const prisma = new (require('@prisma/client').PrismaClient)();
exports.rename = async (id, name) => {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id }, data: { name } });
    await tx.$executeRaw\`update members set team_name = \${name} where team_id = \${id}\`;
  });
};`,
            },
          ],
        },
      ],
    },
    {
      code: `const db = require('knex').knex({ client: 'pg', connection: process.env.DATABASE_URL });
async function reserve(sku) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    const rows = await db('stock').where({ sku }).select('qty');
    return rows[0];
  });
}
module.exports = { reserve };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 26,
          data: {"client":"db","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const db = require('knex').knex({ client: 'pg', connection: process.env.DATABASE_URL });
async function reserve(sku) {
  await db.transaction(async (trx) => {
    await trx('stock').where({ sku }).decrement('qty', 1);
    const rows = await trx('stock').where({ sku }).select('qty');
    return rows[0];
  });
}
module.exports = { reserve };`,
            },
          ],
        },
      ],
    },
    {
      code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function importRows(rows) {
  await knex.transaction(async (trx) => {
    async function insertRow(row) {
      await knex('rows').insert(row);
    }
    await trx('imports').insert({ count: rows.length });
    for (const row of rows) await insertRow(row);
  });
}
module.exports = { importRows };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 17,
          data: {"client":"knex","handle":"trx"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
async function importRows(rows) {
  await knex.transaction(async (trx) => {
    async function insertRow(row) {
      await trx('rows').insert(row);
    }
    await trx('imports').insert({ count: rows.length });
    for (const row of rows) await insertRow(row);
  });
}
module.exports = { importRows };`,
            },
          ],
        },
      ],
    },
    {
      code: `const { DataSource } = require('typeorm');
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
async function reassign(from, to) {
  await dataSource.transaction(async (em) => {
    await em.query('update tasks set owner = $1 where owner = $2', [to, from]);
    await dataSource.getRepository('TaskLog').insert({ owner: to });
  });
}
module.exports = { reassign, dataSource };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 21,
          data: {"client":"dataSource","handle":"em"},
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const { DataSource } = require('typeorm');
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
async function reassign(from, to) {
  await dataSource.transaction(async (em) => {
    await em.query('update tasks set owner = $1 where owner = $2', [to, from]);
    await em.getRepository('TaskLog').insert({ owner: to });
  });
}
module.exports = { reassign, dataSource };`,
            },
          ],
        },
      ],
    },
    {
      code: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL);
const Session = sequelize.define('Session', {});
async function logout(userId) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update users set online = false where id = ?', { replacements: [userId], transaction: t });
    await Session.destroy({ where: { userId } });
  });
}
module.exports = { logout };`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 18,
          data: {"client":"Session","handle":"t"},
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL);
const Session = sequelize.define('Session', {});
async function logout(userId) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update users set online = false where id = ?', { replacements: [userId], transaction: t });
    await Session.destroy({ transaction: t, where: { userId } });
  });
}
module.exports = { logout };`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (calls that send no query, values read in the transaction)', rule, {
  valid: [
    // TypeORM: `create` and `merge` build entities in memory; the manager saves them.
    `import { DataSource, Repository } from 'typeorm';
export class UsersService {
  constructor(private readonly dataSource: DataSource, private readonly users: Repository<{ id: number; name: string }>) {}
  async rename(id: number, name: string) {
    return this.dataSource.transaction(async (manager) => {
      const user = this.users.create({ id });
      this.users.merge(user, { name });
      await manager.save(user);
      return this.users.hasId(user) ? this.users.getId(user) : undefined;
    });
  }
}`,
    // Sequelize: the instance's SQL helpers (`escape`, `literal`, `fn`, `col`) build text and send nothing.
    `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function purge(table: string) {
  return sequelize.transaction(async (transaction) => {
    const quoted = sequelize.escape(table);
    const [rows] = await sequelize.query(\`SELECT pg_total_relation_size(\${quoted}) AS size\`, { transaction });
    return { rows, now: sequelize.fn('now'), name: sequelize.col('name'), raw: sequelize.literal('1') };
  });
}`,
    // Sequelize: an instance built in memory and saved in the transaction; the table name is metadata.
    `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {}
export async function place(values: object) {
  await sequelize.transaction(async (t) => {
    const order = Order.build(values);
    await order.save({ transaction: t });
    await sequelize.query(\`select 1 from \${Order.getTableName()}\`, { transaction: t });
  });
}`,
    // A model's own static method (here it only enqueues a job): not one of the queries the model knows.
    `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Event extends Model {
  static schedule(event: object) { return event; }
}
export async function touch(documentId: string) {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('update documents set updated_at = now() where id = ?', { replacements: [documentId], transaction });
    await Event.schedule({ name: 'documents.update', documentId });
  });
}`,
    // Properties the client's model does not know: metadata, counters and SQL helpers, no query.
    `import { DataSource } from 'typeorm';
import knexFactory from 'knex';
import { Pool } from 'pg';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const pool = new Pool();
export async function truncateAll(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    const tables = dataSource.entityMetadatas.filter((m) => m.tableType === 'regular').map((m) => m.tableName);
    tables.push(dataSource.options.migrationsTableName ?? 'migrations');
    await queryRunner.query(\`TRUNCATE \${tables.join(', ')} CASCADE\`);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}
export async function touch(id: number) {
  await knex.transaction(async (trx) => {
    const now = knex.fn.now();
    const waiting = pool.waitingCount.toString();
    await trx('users').where({ id }).update({ updated_at: now, note: waiting });
  });
}`,
    // A row read in the transaction, then used: `order.isLocked()` is no query of its own.
    `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {
  isLocked() { return false; }
}
export async function lock(id: number) {
  return sequelize.transaction(async (sqlTransaction) => {
    const order = await Order.findByPk(id, { transaction: sqlTransaction, lock: true });
    if (!order || order.isLocked()) {
      return false;
    }
    await order.update({ lockedAt: new Date() }, { transaction: sqlTransaction });
    return true;
  });
}`,
  ],
  invalid: [
    {
      // Read outside the transaction, written inside it: the read is reported, once.
      code: `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {}
export async function lock(id: number) {
  await sequelize.transaction(async (t) => {
    const order = await Order.findByPk(id);
    await order!.update({ lockedAt: new Date() }, { transaction: t });
    await Order.build({ id }).save();
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 25,
          data: { client: 'Order', handle: 't' },
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {}
export async function lock(id: number) {
  await sequelize.transaction(async (t) => {
    const order = await Order.findByPk(id, { transaction: t });
    await order!.update({ lockedAt: new Date() }, { transaction: t });
    await Order.build({ id }).save();
  });
}`,
            },
          ],
        },
        // Built in memory, then saved without the transaction.
        { messageId: 'outerClient', line: 8, column: 11, data: { client: 'Order', handle: 't' }, suggestions: [] },
      ],
    },
    {
      // A property the model does not name as inert may lead to queries: a Kysely schema builder,
      // Drizzle's relational queries.
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
const orm = drizzle(postgres(process.env.DATABASE_URL!));
export async function migrateTenant(id: string) {
  await db.transaction().execute(async (trx) => {
    await db.schema.createTable('audit').addColumn('id', 'integer').execute();
    await trx.updateTable('tenants').set({ migrated: true }).where('id', '=', id).execute();
  });
  return orm.transaction(async (tx) => {
    const users = await orm.query.users.findMany();
    await tx.execute('select 1');
    return users;
  });
}`,
      errors: [
        { messageId: 'outerClient', line: 9, column: 11, data: { client: 'db', handle: 'trx' }, suggestions: [] },
        { messageId: 'outerClient', line: 13, column: 25, data: { client: 'orm', handle: 'tx' }, suggestions: [] },
      ],
    },
    {
      // A property the model lists is the client still: the data source's manager queries outside.
      code: `import { DataSource } from 'typeorm';
export async function archive(dataSource: DataSource, id: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    const rows = dataSource.manager.query('select id from orders where id = $1', [id]);
    await queryRunner.query('delete from orders where id = $1', [id]);
    await queryRunner.commitTransaction();
    return rows;
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 18,
          data: { client: 'dataSource', handle: 'queryRunner' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'queryRunner' },
              output: `import { DataSource } from 'typeorm';
export async function archive(dataSource: DataSource, id: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    const rows = queryRunner.manager.query('select id from orders where id = $1', [id]);
    await queryRunner.query('delete from orders where id = $1', [id]);
    await queryRunner.commitTransaction();
    return rows;
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
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

ruleTester.run('no-outer-client-in-transaction (the handle carried by a context object)', rule, {
  valid: [
    // Options built with the handle, kept in a constant or passed inline.
    `import { Model, Sequelize } from 'sequelize';
import { queryOptions } from './options';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Collection extends Model {}
class Revision extends Model {}
export async function provision(user: string) {
  await sequelize.transaction(async (transaction) => {
    const options = queryOptions({ user, transaction });
    await Collection.create({ name: 'Welcome' }, options);
    await Revision.create({ name: 'doc' }, queryOptions({ user, transaction }));
  });
}`,
    // The handle put on the request context, which goes into the model call.
    `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Comment extends Model {}
export async function comment(ctx: { state: { transaction?: unknown } }, text: string) {
  return sequelize.transaction(async (transaction) => {
    ctx.state.transaction = transaction;
    return Comment.create({ text }, ctx);
  });
}`,
  ],
  invalid: [
    {
      // A row read through the transaction carries no handle: the outbox write is still outside it.
      code: `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {}
class Outbox extends Model {}
export async function place(userId: number) {
  await sequelize.transaction(async (transaction) => {
    const order = await Order.create({ userId }, { transaction });
    await Outbox.create({ payload: String(order.get('id')) });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          data: { client: 'Outbox', handle: 'transaction' },
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Order extends Model {}
class Outbox extends Model {}
export async function place(userId: number) {
  await sequelize.transaction(async (transaction) => {
    const order = await Order.create({ userId }, { transaction });
    await Outbox.create({ payload: String(order.get('id')) }, { transaction: transaction });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // sequelize-typescript: the same Sequelize underneath.
      code: `import { Model, Sequelize, Table } from 'sequelize-typescript';
const sequelize = new Sequelize({ dialect: 'postgres', models: [] });
@Table
class Team extends Model {}
export async function rename(id: string, name: string) {
  await sequelize.transaction(async (transaction) => {
    await Team.update({ name }, { where: { id } });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          data: { client: 'Team', handle: 'transaction' },
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              output: `import { Model, Sequelize, Table } from 'sequelize-typescript';
const sequelize = new Sequelize({ dialect: 'postgres', models: [] });
@Table
class Team extends Model {}
export async function rename(id: string, name: string) {
  await sequelize.transaction(async (transaction) => {
    await Team.update({ name }, { transaction: transaction, where: { id } });
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (clients from the file\'s own factories)', rule, {
  valid: [
    {
      // `db()` hands out the open transaction when there is one: what it returns is not the engine.
      code: `import { PrismaClient } from '@prisma/client';
import { AsyncLocalStorage } from 'node:async_hooks';
const prisma = new PrismaClient();
const als = new AsyncLocalStorage<{ tx: unknown }>();
function db() {
  return als.getStore()?.tx ?? prisma;
}
export async function transfer(from: number) {
  await prisma.$transaction(async (tx) => {
    await als.run({ tx }, async () => {
      await db().auditLog.create({ data: { from } });
    });
  });
}`,
    },
  ],
  invalid: [
    {
      // Prisma's Next.js recipe: the cached client is the factory's.
      code: `import { PrismaClient } from '@prisma/client';
const prismaClientSingleton = () => new PrismaClient();
declare const globalThis: { prismaGlobal?: ReturnType<typeof prismaClientSingleton> };
const prisma = globalThis.prismaGlobal ?? prismaClientSingleton();
export async function transfer(from: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: 1 } } });
    await prisma.auditLog.create({ data: { from } });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          data: { client: 'prisma', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
const prismaClientSingleton = () => new PrismaClient();
declare const globalThis: { prismaGlobal?: ReturnType<typeof prismaClientSingleton> };
const prisma = globalThis.prismaGlobal ?? prismaClientSingleton();
export async function transfer(from: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: 1 } } });
    await tx.auditLog.create({ data: { from } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A factory called in the chain: its call holds the client, and is what the handle replaces.
      code: `import { PrismaClient } from '@prisma/client';
let prisma: PrismaClient | undefined;
function getPrisma() {
  prisma ??= new PrismaClient();
  return prisma;
}
export async function transfer(from: number) {
  await getPrisma().$transaction(async (tx) => {
    await getPrisma().auditLog.create({ data: { from } });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 11,
          data: { client: 'getPrisma()', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `import { PrismaClient } from '@prisma/client';
let prisma: PrismaClient | undefined;
function getPrisma() {
  prisma ??= new PrismaClient();
  return prisma;
}
export async function transfer(from: number) {
  await getPrisma().$transaction(async (tx) => {
    await tx.auditLog.create({ data: { from } });
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (functions of the file and methods of the class called in the callback)', rule, {
  valid: [
    {
      // Helpers that query only through what they are given, or not at all; the same helper called
      // after the transaction; and a helper that runs its own transaction (no-nested-transaction's).
      filename: 'src/billing/invoices.ts',
      code: `import { PrismaClient, type Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function addLine(db: Prisma.TransactionClient, invoiceId: number, cents: number) {
  await db.line.create({ data: { invoiceId, cents } });
}
function total(lines: number[]) {
  return lines.reduce((sum, cents) => sum + cents, 0);
}
async function archive(id: number) {
  await prisma.$transaction(async (tx) => tx.invoice.update({ where: { id }, data: { archived: true } }));
}
async function notifyLater(id: number) {
  setTimeout(() => void prisma.event.create({ data: { id } }), 1000);
}
export async function bill(invoiceId: number, lines: number[]) {
  await prisma.$transaction(async (tx) => {
    for (const cents of lines) await addLine(tx, invoiceId, cents);
    await tx.invoice.update({ where: { id: invoiceId }, data: { total: total(lines) } });
    await notifyLater(invoiceId);
  });
  await archive(invoiceId);
}`,
    },
    {
      // A helper that takes the client in an options object or a tuple, the global one by default:
      // the caller hands it the transaction.
      filename: 'src/evals/rules.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function prepare({ db = prisma, projectId }: { db?: PrismaClient; projectId: string }) {
  return db.evaluator.findMany({ where: { projectId } });
}
async function countRules([db = prisma, projectId]: [PrismaClient | undefined, string]) {
  return db.rule.count({ where: { projectId } });
}
export async function createRule(projectId: string) {
  await prisma.$transaction(async (tx) => {
    await prepare({ db: tx as unknown as PrismaClient, projectId });
    await countRules([tx as unknown as PrismaClient, projectId]);
    await tx.rule.create({ data: { projectId } });
  });
}`,
    },
    {
      // A method that runs on the handle it is given, or on the client when given none.
      filename: 'src/quota/quota.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient, type Prisma } from '@prisma/client';
@Injectable()
export class QuotaService {
  constructor(private readonly prisma: PrismaClient) {}
  async switchQuota(userId: string, plan: string) {
    await this.prisma.$transaction(async (tx) => {
      if (await this.hasQuota(userId, plan, tx)) return;
      await tx.quota.create({ data: { userId, plan } });
    });
  }
  async hasQuota(userId: string, plan: string, tx?: Prisma.TransactionClient) {
    const executor = tx ?? this.prisma;
    return (await executor.quota.count({ where: { userId, plan } })) > 0;
  }
}`,
    },
    {
      // The fallback reached through the handle it is given: the repository of the caller's manager.
      filename: 'src/purchase-orders/purchase-orders.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
class PurchaseOrder {}
@Injectable()
export class PurchaseOrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(PurchaseOrder) private readonly orders: Repository<PurchaseOrder>,
  ) {}
  async create(companyId: string) {
    return this.dataSource.transaction(async (manager) => {
      const orderNumber = await this.nextNumber(companyId, manager);
      return manager.getRepository(PurchaseOrder).save({ companyId, orderNumber });
    });
  }
  private async nextNumber(companyId: string, manager?: EntityManager): Promise<number> {
    const repository = manager?.getRepository(PurchaseOrder) || this.orders;
    const last = await repository.createQueryBuilder('po').select('MAX(po.orderNumber)', 'max').where('po.companyId = :companyId', { companyId }).getRawOne();
    return (last?.max ?? 0) + 1;
  }
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/orders/orders.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
class User {}
class Order {}
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}
  async place(userId: number) {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.findUser(userId);
      await this.saveOrder(manager, user);
      await this.mixed(manager, userId);
      await this.findUser(userId);
      this.describe(userId);
    });
    await this.findUser(userId);
  }
  private async findUser(id: number) {
    return this.users.findOneBy({ id });
  }
  private async saveOrder(manager: EntityManager, user: unknown) {
    await manager.save(Order, { user });
  }
  private async mixed(manager: EntityManager, id: number) {
    await manager.save(Order, { id });
    await this.users.update({ id }, { active: true });
  }
  private describe(id: number) {
    return \`order for \${id}\`;
  }
}`,
      errors: [
        {
          messageId: 'helperOuterOnly',
          line: 14,
          column: 26,
          endLine: 14,
          endColumn: 39,
          data: { call: 'this.findUser()', callee: 'this.findUser', handle: 'manager', client: 'this.users', line: 23 },
        },
        {
          messageId: 'helperOuter',
          line: 16,
          column: 13,
          endLine: 16,
          endColumn: 23,
          data: { call: 'this.mixed()', callee: 'this.mixed', handle: 'manager', client: 'this.users' },
        },
      ],
    },
    {
      // Handed the manager with an entity: a field of the entity read as a value carries no
      // transaction; the entity itself, or options, passed on might.
      filename: 'src/orders/checkout.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, type SaveOptions } from 'typeorm';
class User { id = 0; }
@Injectable()
export class CheckoutService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}
  async checkout(user: User, options: SaveOptions) {
    await this.dataSource.transaction(async (manager) => {
      await this.touch(manager, user);
      await this.keep(manager, user);
      await this.keepWith(manager, user, options);
    });
  }
  private async touch(manager: EntityManager, user: User) {
    await manager.save(user);
    await this.users.update({ id: user.id }, { id: user.id });
  }
  private async keep(manager: EntityManager, user: User) {
    await this.users.save(user);
  }
  private async keepWith(manager: EntityManager, user: User, options: SaveOptions) {
    await this.users.save({ id: user.id }, { ...options });
  }
}`,
      errors: [
        {
          messageId: 'helperOuter',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 23,
          data: { call: 'this.touch()', callee: 'this.touch', handle: 'manager', client: 'this.users' },
        },
      ],
    },
    {
      filename: 'src/accounts/transfer.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function audit(action: string) {
  await prisma.auditLog.create({ data: { action } });
}
export async function transfer(from: number, to: number, cents: number) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { cents: { decrement: cents } } });
    await tx.account.update({ where: { id: to }, data: { cents: { increment: cents } } });
    await audit('transfer');
  });
}`,
      errors: [
        {
          messageId: 'helperOuterOnly',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 16,
          data: { call: 'audit()', callee: 'audit', handle: 'tx', client: 'prisma', line: 4 },
        },
      ],
    },
  ],
});

// A helper whose receiver falls back to the engine when the call leaves a parameter out
// (`executor = db`, `(trx ?? db)`): called inside the transaction without it, it queries outside.
ruleTester.run('no-outer-client-in-transaction (parameter fallbacks)', rule, {
  valid: [
    {
      // Every call hands the transaction over; a spread may; outside the transaction the fallback is right.
      filename: 'src/users/rename.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, executor: Executor = db) {
  return executor.select().from(users);
}
async function pageSize(limit = 10) {
  return limit;
}
export async function rename(id: string, args: [string, Executor]) {
  await findUser(id);
  await db.transaction(async (tx) => {
    await findUser(id, tx);
    await findUser(...args);
    await pageSize();
    await tx.update(users).set({ name: 'x' });
  });
}`,
    },
    {
      // The fallback is another parameter, or the call made on it builds an entity in memory.
      filename: 'src/users/users.service.ts',
      code: `import { DataSource, EntityManager, Repository } from 'typeorm';
class User { id = 0; }
export class UsersService {
  constructor(private readonly dataSource: DataSource, private readonly users: Repository<User>) {}
  async register(id: number) {
    await this.dataSource.transaction(async (manager) => {
      const user = this.build(id);
      await this.persist(manager, user);
    });
  }
  private build(id: number, repo: Repository<User> = this.users) {
    return repo.create({ id });
  }
  private async persist(manager: EntityManager, user: User, via: EntityManager = manager) {
    await via.save(user);
  }
}`,
    },
    {
      // A default that builds an engine on the call is no outer client (no-engine-per-request's business).
      filename: 'src/reports/export.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { reports } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
async function archive(id: string, executor = drizzle(process.env.ARCHIVE_URL!)) {
  await executor.insert(reports).values({ id });
}
export async function close(id: string) {
  await db.transaction(async (tx) => {
    await tx.update(reports).set({ closed: true });
    await archive(id);
  });
}`,
    },
    {
      // `&&` does not fall back; a fallback that is no engine (`?? 10`) sends no query.
      filename: 'src/pets/adopt.ts',
      code: `import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
async function insertPet(name: string, trx?: Transaction<any>, limit?: number) {
  const size = limit ?? 10;
  return (trx && trx.insertInto('pet').values({ name, size }).execute());
}
export async function adopt(name: string) {
  await db.transaction().execute(async (trx) => {
    await insertPet(name);
  });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/users/rename.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users, audit } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, executor: Executor = db) {
  return executor.select().from(users);
}
async function log(entry: object, _at?: Date, executor: Executor = db) {
  await executor.insert(audit).values(entry);
}
export async function rename(id: string) {
  await db.transaction(async (tx) => {
    await findUser(id);
    await log({ id });
    await tx.update(users).set({ name: 'x' });
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 14,
          column: 11,
          endLine: 14,
          endColumn: 19,
          data: { call: 'findUser()', callee: 'findUser', handle: 'tx', client: 'db', param: 'executor', line: 7 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'executor' },
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users, audit } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, executor: Executor = db) {
  return executor.select().from(users);
}
async function log(entry: object, _at?: Date, executor: Executor = db) {
  await executor.insert(audit).values(entry);
}
export async function rename(id: string) {
  await db.transaction(async (tx) => {
    await findUser(id, tx);
    await log({ id });
    await tx.update(users).set({ name: 'x' });
  });
}`,
            },
          ],
        },
        {
          // Two parameters short: no suggestion, which would need a placeholder for `_at`.
          messageId: 'helperDefault',
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 14,
          data: { call: 'log()', callee: 'log', handle: 'tx', client: 'db', param: 'executor', line: 10 },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/payments/pay.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function balance(userId: string, client: Prisma.TransactionClient = prisma) {
  return client.account.findUnique({ where: { userId } });
}
export async function pay(userId: string) {
  return prisma.$transaction(async (tx) => {
    const account = await balance(userId);
    return tx.payment.create({ data: { userId, cents: account?.cents ?? 0 } });
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 8,
          column: 27,
          endLine: 8,
          endColumn: 34,
          data: { call: 'balance()', callee: 'balance', handle: 'tx', client: 'prisma', param: 'client', line: 4 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'client' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function balance(userId: string, client: Prisma.TransactionClient = prisma) {
  return client.account.findUnique({ where: { userId } });
}
export async function pay(userId: string) {
  return prisma.$transaction(async (tx) => {
    const account = await balance(userId, tx);
    return tx.payment.create({ data: { userId, cents: account?.cents ?? 0 } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A method whose manager defaults to the data source's.
      filename: 'src/orders/orders.service.ts',
      code: `import { DataSource, EntityManager } from 'typeorm';
class Order {}
export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}
  async place(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.saveOrder(id);
      await manager.increment(Order, { id }, 'count', 1);
    });
  }
  private async saveOrder(id: number, manager: EntityManager = this.dataSource.manager) {
    await manager.save(Order, { id });
  }
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 27,
          data: { call: 'this.saveOrder()', callee: 'this.saveOrder', handle: 'manager', client: 'this.dataSource.manager', param: 'manager', line: 12 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'manager', param: 'manager' },
              output: `import { DataSource, EntityManager } from 'typeorm';
class Order {}
export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}
  async place(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.saveOrder(id, manager);
      await manager.increment(Order, { id }, 'count', 1);
    });
  }
  private async saveOrder(id: number, manager: EntityManager = this.dataSource.manager) {
    await manager.save(Order, { id });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // `(trx ?? db)`: the fallback of a plain optional parameter.
      filename: 'src/pets/adopt.ts',
      code: `import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
async function insertPet(name: string, trx?: Transaction<any>) {
  return (trx ?? db).insertInto('pet').values({ name }).execute();
}
export async function adopt(name: string) {
  await db.transaction().execute(async (trx) => {
    await insertPet(name);
    await insertPet(name, trx);
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 20,
          data: { call: 'insertPet()', callee: 'insertPet', handle: 'trx', client: 'db', param: 'trx', line: 5 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'trx', param: 'trx' },
              output: `import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
async function insertPet(name: string, trx?: Transaction<any>) {
  return (trx ?? db).insertInto('pet').values({ name }).execute();
}
export async function adopt(name: string) {
  await db.transaction().execute(async (trx) => {
    await insertPet(name, trx);
    await insertPet(name, trx);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // `trx || knex` through a variable.
      filename: 'src/toys/donate.ts',
      code: `import knexFactory, { type Knex } from 'knex';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
async function insertToy(name: string, trx?: Knex.Transaction) {
  const q = trx || knex;
  return q('toy').insert({ name });
}
export async function donate(name: string) {
  await knex.transaction(async (trx) => {
    await insertToy(name);
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 20,
          data: { call: 'insertToy()', callee: 'insertToy', handle: 'trx', client: 'knex', param: 'trx', line: 5 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'trx', param: 'trx' },
              output: `import knexFactory, { type Knex } from 'knex';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
async function insertToy(name: string, trx?: Knex.Transaction) {
  const q = trx || knex;
  return q('toy').insert({ name });
}
export async function donate(name: string) {
  await knex.transaction(async (trx) => {
    await insertToy(name, trx);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A transaction parameter that defaults to `null`, with the engine as the fallback of `||`.
      filename: 'src/collections/collections.service.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
export class CollectionsService {
  count(collectionId: string, tx: Prisma.TransactionClient | null = null) {
    return (tx || prisma).request.count({ where: { collectionId } });
  }
  async move(collectionId: string) {
    await prisma.$transaction(async (tx) => {
      const total = await this.count(collectionId);
      await tx.request.updateMany({ where: { collectionId }, data: { orderIndex: total } });
    });
  }
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 37,
          data: { call: 'this.count()', callee: 'this.count', handle: 'tx', client: 'prisma', param: 'tx', line: 5 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
export class CollectionsService {
  count(collectionId: string, tx: Prisma.TransactionClient | null = null) {
    return (tx || prisma).request.count({ where: { collectionId } });
  }
  async move(collectionId: string) {
    await prisma.$transaction(async (tx) => {
      const total = await this.count(collectionId, tx);
      await tx.request.updateMany({ where: { collectionId }, data: { orderIndex: total } });
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

ruleTester.run('no-outer-client-in-transaction (resolvers: a function that hands back the client it is given, or its own)', rule, {
  valid: [
    {
      // Handed the transaction everywhere: the resolver hands it back.
      filename: 'src/auth/signup.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;
export async function createUser(email: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).user.create({ data: { email } });
}
export async function signup(email: string) {
  await getDbClient().user.count();
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await getDbClient(tx).team.create({ data: { ownerId: user.id } });
    return user;
  });
}`,
    },
    {
      // Not resolvers: the fallback may be a transaction itself (an async context), `&&`, a promise,
      // a fallback built there and then (no-engine-per-request's business), given another value.
      filename: 'src/orders/move.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool } from 'pg';
import { stock } from './schema';
const db = drizzle(new Pool());
const storage = new AsyncLocalStorage<typeof db>();
const current = (tx?: typeof db) => tx || (storage.getStore() ?? db);
const chained = (tx?: typeof db) => tx ?? storage.getStore() ?? db;
const both = (tx?: typeof db) => tx && db;
const later = async (tx?: typeof db) => tx ?? db;
const fresh = (tx?: typeof db) => tx ?? drizzle(process.env.ARCHIVE_URL!);
const pick = (tx?: typeof db, other?: typeof db) => tx ?? db;
export async function move(id: number, other: typeof db) {
  await db.transaction(async (tx) => {
    await current().update(stock).set({ id });
    await chained().update(stock).set({ id });
    await both()!.update(stock).set({ id });
    await (await later()).update(stock).set({ id });
    await fresh().update(stock).set({ id });
    await pick(other).update(stock).set({ id });
  });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/auth/signup.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;
export async function createUser(email: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).user.create({ data: { email } });
}
export async function addMember(teamId: string, userId: string, tx?: Prisma.TransactionClient) {
  const client = getDbClient(tx);
  return client.membership.create({ data: { teamId, userId } });
}
export async function signup(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email);
    await addMember(teamId, user.id, tx);
    await getDbClient().team.update({ where: { id: teamId }, data: {} });
  });
}
export async function invite(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await addMember(teamId, user.id);
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 13,
          column: 24,
          endLine: 13,
          endColumn: 34,
          data: { call: 'createUser()', callee: 'createUser', handle: 'tx', client: 'prisma', param: 'tx', line: 5 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;
export async function createUser(email: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).user.create({ data: { email } });
}
export async function addMember(teamId: string, userId: string, tx?: Prisma.TransactionClient) {
  const client = getDbClient(tx);
  return client.membership.create({ data: { teamId, userId } });
}
export async function signup(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await addMember(teamId, user.id, tx);
    await getDbClient().team.update({ where: { id: teamId }, data: {} });
  });
}
export async function invite(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await addMember(teamId, user.id);
  });
}`,
            },
          ],
        },
        {
          messageId: 'outerClient',
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 24,
          data: { client: 'getDbClient()', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;
export async function createUser(email: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).user.create({ data: { email } });
}
export async function addMember(teamId: string, userId: string, tx?: Prisma.TransactionClient) {
  const client = getDbClient(tx);
  return client.membership.create({ data: { teamId, userId } });
}
export async function signup(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email);
    await addMember(teamId, user.id, tx);
    await tx.team.update({ where: { id: teamId }, data: {} });
  });
}
export async function invite(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await addMember(teamId, user.id);
  });
}`,
            },
          ],
        },
        {
          // Through a constant the resolver's result was put in.
          messageId: 'helperDefault',
          line: 21,
          column: 11,
          endLine: 21,
          endColumn: 20,
          data: { call: 'addMember()', callee: 'addMember', handle: 'tx', client: 'prisma', param: 'tx', line: 9 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
const getDbClient = (tx?: Prisma.TransactionClient) => tx ?? prisma;
export async function createUser(email: string, tx?: Prisma.TransactionClient) {
  return getDbClient(tx).user.create({ data: { email } });
}
export async function addMember(teamId: string, userId: string, tx?: Prisma.TransactionClient) {
  const client = getDbClient(tx);
  return client.membership.create({ data: { teamId, userId } });
}
export async function signup(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email);
    await addMember(teamId, user.id, tx);
    await getDbClient().team.update({ where: { id: teamId }, data: {} });
  });
}
export async function invite(email: string, teamId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await createUser(email, tx);
    await addMember(teamId, user.id, tx);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A method of the class, written as a conditional; a resolver called with `null`.
      filename: 'src/orders/order.repository.ts',
      code: `import knexFactory, { type Knex } from 'knex';
export class OrderRepository {
  private readonly db = knexFactory({ client: 'pg', connection: { application_name: 'orders' } });
  private conn(trx?: Knex.Transaction) {
    return trx ? trx : this.db;
  }
  async insert(row: object, trx?: Knex.Transaction) {
    return this.conn(trx)('orders').insert(row);
  }
  async place(row: object) {
    await this.db.transaction(async (trx) => {
      await this.insert(row);
      await this.conn(null)('audit').insert({ row });
    });
  }
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 24,
          data: { call: 'this.insert()', callee: 'this.insert', handle: 'trx', client: 'this.db', param: 'trx', line: 8 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'trx', param: 'trx' },
              output: `import knexFactory, { type Knex } from 'knex';
export class OrderRepository {
  private readonly db = knexFactory({ client: 'pg', connection: { application_name: 'orders' } });
  private conn(trx?: Knex.Transaction) {
    return trx ? trx : this.db;
  }
  async insert(row: object, trx?: Knex.Transaction) {
    return this.conn(trx)('orders').insert(row);
  }
  async place(row: object) {
    await this.db.transaction(async (trx) => {
      await this.insert(row, trx);
      await this.conn(null)('audit').insert({ row });
    });
  }
}`,
            },
          ],
        },
        {
          messageId: 'outerClient',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 28,
          data: { client: 'this.conn(null)', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'trx' },
              output: `import knexFactory, { type Knex } from 'knex';
export class OrderRepository {
  private readonly db = knexFactory({ client: 'pg', connection: { application_name: 'orders' } });
  private conn(trx?: Knex.Transaction) {
    return trx ? trx : this.db;
  }
  async insert(row: object, trx?: Knex.Transaction) {
    return this.conn(trx)('orders').insert(row);
  }
  async place(row: object) {
    await this.db.transaction(async (trx) => {
      await this.insert(row);
      await trx('audit').insert({ row });
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

ruleTester.run('no-outer-client-in-transaction (fallbacks of an options object)', rule, {
  valid: [
    {
      // Given the property, a helper that destructures it in its body (`const { tx } = params`,
      // `const { tx } = options ?? {}`) queries through the transaction.
      filename: 'src/billing/usage.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
const db = drizzle(new Pool({ application_name: 'billing' }));
type DbOrTx = typeof db;
interface RecordUsageParams { userId: string; cost: number; tx?: DbOrTx }
export async function recordUsage(params: RecordUsageParams): Promise<void> {
  const { userId, cost, tx } = params;
  if (cost <= 0) {
    return;
  }
  await (tx ?? db).insert(usageLog).values({ userId, cost });
}
export async function getPeriod(userId: string, options?: { tx?: DbOrTx }) {
  const { tx } = options ?? {};
  const executor = tx ?? db;
  return executor.select().from(periods).where(eq(periods.userId, userId));
}
export async function flush(userId: string, cost: number) {
  await db.transaction(async (tx) => {
    await getPeriod(userId, { tx });
    await recordUsage({ userId, cost, tx });
  });
}`,
    },
    {
      // Every call gives the property, renamed or not; an object the rule cannot read (a variable, a
      // spread, a computed name) may carry it; an options parameter the helper reassigns may get it there.
      filename: 'src/models/publish.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
export const touch = async ({ id, tx }: Options) => {
  const db = tx ?? dbWrite;
  await db.model.update({ where: { id }, data: { touchedAt: new Date() } });
};
async function stamp({ id, tx: client }: Options) {
  await (client || dbWrite).model.update({ where: { id }, data: { stampedAt: new Date() } });
}
async function mark(opts: Options) {
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { marked: true } });
}
async function flag(opts: Options) {
  opts = { tx: currentTransaction(), ...opts };
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { flagged: true } });
}
export async function publish(id: number, options: Options, key: string) {
  await dbWrite.$transaction(async (tx) => {
    await touch({ id, tx });
    await stamp({ id, tx });
    await touch(options);
    await stamp({ ...options });
    await touch({ id, [key]: tx });
    await mark({ id, tx });
    await mark(options);
    await flag({ id });
    await tx.model.update({ where: { id }, data: { published: true } });
  });
}
export async function publishAs(id: number) {
  await dbWrite.$transaction(async (trx) => {
    await touch({ id, tx: trx });
    await stamp({ 'tx': trx, id });
  });
  await touch({ id });
}`,
    },
    {
      // A destructured client with no fallback is the caller's: handed the transaction, it queries through it.
      filename: 'src/orders/archive.ts',
      code: `import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg', connection: { application_name: 'orders' } });
async function archive({ id, trx }: { id: number; trx: Knex.Transaction }) {
  await trx('orders').where({ id }).update({ archived: true });
}
export async function close(id: number) {
  await db.transaction(async (trx) => {
    await archive({ id, trx });
    await trx('audit').insert({ id });
  });
}`,
    },
  ],
  invalid: [
    {
      // Destructured from `options ?? {}` and left out: the query runs on the pool.
      filename: 'src/tables/service.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
const db = drizzle(new Pool({ application_name: 'tables' }));
type DbOrTx = typeof db;
export async function getTableById(tableId: string, options?: { includeArchived?: boolean; tx?: DbOrTx }) {
  const { includeArchived = false, tx } = options ?? {};
  const executor = tx ?? db;
  return executor.select().from(tables).where(eq(tables.id, tableId));
}
export async function renameTable(tableId: string, name: string) {
  return db.transaction(async (trx) => {
    await getTableById(tableId, { includeArchived: true });
    await trx.update(tables).set({ name }).where(eq(tables.id, tableId));
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 23,
          data: { call: 'getTableById()', callee: 'getTableById', handle: 'trx', client: 'db', param: 'tx', line: 8 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'trx', param: 'tx' },
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
const db = drizzle(new Pool({ application_name: 'tables' }));
type DbOrTx = typeof db;
export async function getTableById(tableId: string, options?: { includeArchived?: boolean; tx?: DbOrTx }) {
  const { includeArchived = false, tx } = options ?? {};
  const executor = tx ?? db;
  return executor.select().from(tables).where(eq(tables.id, tableId));
}
export async function renameTable(tableId: string, name: string) {
  return db.transaction(async (trx) => {
    await getTableById(tableId, { includeArchived: true, tx: trx });
    await trx.update(tables).set({ name }).where(eq(tables.id, tableId));
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Read from the options parameter (`opts.tx ?? db`, `options?.tx || db`) or destructured from it
      // in the body (`const { tx: client = dbWrite } = opts`) as from its pattern.
      filename: 'src/models/mark.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
async function mark(opts: Options) {
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { marked: true } });
}
async function seal(id: number, options: { tx?: Prisma.TransactionClient } = {}) {
  const db = options?.tx || dbWrite;
  await db.model.update({ where: { id }, data: { sealed: true } });
}
async function stamp(opts: Options) {
  const { id, tx: client = dbWrite } = opts;
  await client.model.update({ where: { id }, data: { stamped: true } });
}
export async function publish(id: number) {
  await dbWrite.$transaction(async (tx) => {
    await mark({ id });
    await seal(id);
    await stamp({ id });
    await tx.model.update({ where: { id }, data: { published: true } });
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 17,
          column: 11,
          endLine: 17,
          endColumn: 15,
          data: { call: 'mark()', callee: 'mark', handle: 'tx', client: 'dbWrite', param: 'tx', line: 5 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
async function mark(opts: Options) {
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { marked: true } });
}
async function seal(id: number, options: { tx?: Prisma.TransactionClient } = {}) {
  const db = options?.tx || dbWrite;
  await db.model.update({ where: { id }, data: { sealed: true } });
}
async function stamp(opts: Options) {
  const { id, tx: client = dbWrite } = opts;
  await client.model.update({ where: { id }, data: { stamped: true } });
}
export async function publish(id: number) {
  await dbWrite.$transaction(async (tx) => {
    await mark({ id, tx });
    await seal(id);
    await stamp({ id });
    await tx.model.update({ where: { id }, data: { published: true } });
  });
}`,
            },
          ],
        },
        {
          messageId: 'helperDefault',
          line: 18,
          column: 11,
          endLine: 18,
          endColumn: 15,
          data: { call: 'seal()', callee: 'seal', handle: 'tx', client: 'dbWrite', param: 'tx', line: 9 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
async function mark(opts: Options) {
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { marked: true } });
}
async function seal(id: number, options: { tx?: Prisma.TransactionClient } = {}) {
  const db = options?.tx || dbWrite;
  await db.model.update({ where: { id }, data: { sealed: true } });
}
async function stamp(opts: Options) {
  const { id, tx: client = dbWrite } = opts;
  await client.model.update({ where: { id }, data: { stamped: true } });
}
export async function publish(id: number) {
  await dbWrite.$transaction(async (tx) => {
    await mark({ id });
    await seal(id, { tx });
    await stamp({ id });
    await tx.model.update({ where: { id }, data: { published: true } });
  });
}`,
            },
          ],
        },
        {
          messageId: 'helperDefault',
          line: 19,
          column: 11,
          endLine: 19,
          endColumn: 16,
          data: { call: 'stamp()', callee: 'stamp', handle: 'tx', client: 'dbWrite', param: 'tx', line: 13 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
async function mark(opts: Options) {
  await (opts.tx ?? dbWrite).model.update({ where: { id: opts.id }, data: { marked: true } });
}
async function seal(id: number, options: { tx?: Prisma.TransactionClient } = {}) {
  const db = options?.tx || dbWrite;
  await db.model.update({ where: { id }, data: { sealed: true } });
}
async function stamp(opts: Options) {
  const { id, tx: client = dbWrite } = opts;
  await client.model.update({ where: { id }, data: { stamped: true } });
}
export async function publish(id: number) {
  await dbWrite.$transaction(async (tx) => {
    await mark({ id });
    await seal(id);
    await stamp({ id, tx });
    await tx.model.update({ where: { id }, data: { published: true } });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/models/publish.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
export const touch = async ({ id, tx }: Options) => {
  const db = tx ?? dbWrite;
  await db.model.update({ where: { id }, data: { touchedAt: new Date() } });
};
export async function publish(id: number) {
  await dbWrite.$transaction(async (trx) => {
    await trx.model.update({ where: { id }, data: { published: true } });
    await touch({ id, });
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 16,
          data: { call: 'touch()', callee: 'touch', handle: 'trx', client: 'dbWrite', param: 'tx', line: 6 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'trx', param: 'tx' },
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const dbWrite = new PrismaClient();
type Options = { id: number; tx?: Prisma.TransactionClient };
export const touch = async ({ id, tx }: Options) => {
  const db = tx ?? dbWrite;
  await db.model.update({ where: { id }, data: { touchedAt: new Date() } });
};
export async function publish(id: number) {
  await dbWrite.$transaction(async (trx) => {
    await trx.model.update({ where: { id }, data: { published: true } });
    await touch({ id, tx: trx });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Renamed in the pattern, defaulted there (`{ executor = db }`), or the whole object left out.
      filename: 'src/users/rename.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users, audit } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, { tx: client }: { tx?: Executor } = {}) {
  return (client ?? db).select().from(users);
}
async function log(entry: object, { executor = db }: { executor?: Executor }) {
  await executor.insert(audit).values(entry);
}
export async function rename(id: string) {
  await db.transaction(async (tx) => {
    await findUser(id);
    await log({ id }, {});
    await tx.update(users).set({ name: 'x' });
  });
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 14,
          column: 11,
          endLine: 14,
          endColumn: 19,
          data: { call: 'findUser()', callee: 'findUser', handle: 'tx', client: 'db', param: 'tx', line: 7 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'tx' },
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users, audit } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, { tx: client }: { tx?: Executor } = {}) {
  return (client ?? db).select().from(users);
}
async function log(entry: object, { executor = db }: { executor?: Executor }) {
  await executor.insert(audit).values(entry);
}
export async function rename(id: string) {
  await db.transaction(async (tx) => {
    await findUser(id, { tx });
    await log({ id }, {});
    await tx.update(users).set({ name: 'x' });
  });
}`,
            },
          ],
        },
        {
          messageId: 'helperDefault',
          line: 15,
          column: 11,
          endLine: 15,
          endColumn: 14,
          data: { call: 'log()', callee: 'log', handle: 'tx', client: 'db', param: 'executor', line: 10 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'tx', param: 'executor' },
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { users, audit } from './schema';
export const db = drizzle(new Pool());
type Executor = Parameters<Parameters<typeof db.transaction>[0]>[0] | typeof db;
async function findUser(id: string, { tx: client }: { tx?: Executor } = {}) {
  return (client ?? db).select().from(users);
}
async function log(entry: object, { executor = db }: { executor?: Executor }) {
  await executor.insert(audit).values(entry);
}
export async function rename(id: string) {
  await db.transaction(async (tx) => {
    await findUser(id);
    await log({ id }, { executor: tx });
    await tx.update(users).set({ name: 'x' });
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a choice between the handle and what the caller gave)', rule, {
  valid: [
    {
      // The caller's transaction when it gives one, this one otherwise: the caller decides.
      filename: 'src/students/student.service.ts',
      code: `import { DataSource, EntityManager } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveStudent(student: object, externalEntityManager?: EntityManager) {
  return dataSource.transaction(async (localEntityManager) => {
    const entityManager = externalEntityManager ?? localEntityManager;
    await entityManager.getRepository('Student').save(student);
    await (externalEntityManager || localEntityManager).query('select 1');
    await (externalEntityManager ? externalEntityManager : localEntityManager).query('select 2');
  });
}`,
    },
  ],
  invalid: [
    {
      // Without it, the engine: outside this transaction.
      filename: 'src/students/student.service.ts',
      code: `import { DataSource, EntityManager } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveStudent(student: object, externalEntityManager?: EntityManager) {
  return dataSource.transaction(async (localEntityManager) => {
    await localEntityManager.getRepository('Student').save(student);
    await (externalEntityManager ?? dataSource).query('select 1');
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 12,
          data: { client: 'externalEntityManager ?? dataSource', handle: 'localEntityManager' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'localEntityManager' },
              output: `import { DataSource, EntityManager } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveStudent(student: object, externalEntityManager?: EntityManager) {
  return dataSource.transaction(async (localEntityManager) => {
    await localEntityManager.getRepository('Student').save(student);
    await (localEntityManager).query('select 1');
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (functions that hand back what they are given)', rule, {
  valid: [
    {
      // A helper handed the transaction queries through a view of it (`asContentDb(db)` only retypes `db`).
      filename: 'src/cms/content.ts',
      code: `import { Kysely } from 'kysely';
import type { Database, ContentSchema } from './types';
function asContentDb(db: Kysely<Database>): Kysely<ContentSchema> {
  return db as unknown as Kysely<ContentSchema>;
}
async function contentCreate(db: Kysely<Database>, table: string, values: Record<string, unknown>) {
  const cdb = asContentDb(db);
  await cdb.insertInto(table).values(values).execute();
  return asContentDb(db).selectFrom(table).selectAll().executeTakeFirst();
}
export async function contentCreateMany(db: Kysely<Database>, table: string, items: Array<Record<string, unknown>>) {
  return db.transaction().execute(async (trx) => {
    const results = [];
    for (const data of items) {
      results.push(await contentCreate(trx, table, data));
      results.push(await asContentDb(trx).selectFrom(table).selectAll().execute());
    }
    return results;
  });
}`,
    },
  ],
  invalid: [
    {
      // Handed the outer engine, the view queries through it.
      filename: 'src/cms/publish.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database, ContentSchema } from './types';
export const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ application_name: 'cms' }) }) });
function asContentDb(handle: Kysely<Database>): Kysely<ContentSchema> {
  return handle as unknown as Kysely<ContentSchema>;
}
export async function publishAll(ids: string[]) {
  await db.transaction().execute(async (trx) => {
    for (const id of ids) {
      await asContentDb(trx).updateTable('ec_posts').set({ status: 'published' }).where('id', '=', id).execute();
      await asContentDb(db).insertInto('ec_audit').values({ id }).execute();
    }
  });
}`,
      errors: [{ messageId: 'outerClient', line: 12, column: 25, endLine: 12, endColumn: 27, data: { client: 'db', handle: 'trx' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (NestJS handles injected for named connections)', rule, {
  valid: [
    {
      // The API database's transaction, and a read of the geo database: two connections, two databases.
      filename: 'src/cleanup/cleanup.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { connections } from '../ormconfig';
@Injectable()
export class CleanupService {
  constructor(
    @InjectEntityManager(connections.apiDB) private readonly apiManager: EntityManager,
    @InjectEntityManager(connections.default) private readonly geoManager: EntityManager,
  ) {}
  async projectsInUse() {
    return this.apiManager.transaction(async (apiTx) => {
      const ids = await apiTx.query('select id from projects for update');
      const geoIds = await this.geoProjectIds();
      await this.geoManager.query('delete from planning_units where project_id <> all($1)', [ids]);
      return { ids, geoIds };
    });
  }
  private async geoProjectIds() {
    return this.geoManager.query('select distinct project_id from planning_units');
  }
}`,
    },
    {
      filename: 'src/reports/reports.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
@Injectable()
export class ReportsService {
  constructor(
    @InjectConnection() private readonly sequelize: Sequelize,
    @InjectConnection('analytics') private readonly analytics: Sequelize,
  ) {}
  async close(reportId: number) {
    await this.sequelize.transaction(async (t) => {
      await this.sequelize.query('update reports set closed = true where id = :reportId', { replacements: { reportId }, transaction: t });
      await this.analytics.query("insert into events (report_id, kind) values (:reportId, 'closed')", { replacements: { reportId } });
    });
  }
}`,
    },
  ],
  invalid: [
    {
      // Both on the default connection: `'default'` written out, or left out.
      filename: 'src/locks/lock.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager, InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Lock } from './lock.entity';
@Injectable()
export class LockService {
  constructor(
    @InjectEntityManager('default') private readonly manager: EntityManager,
    @InjectRepository(Lock) private readonly locks: Repository<Lock>,
  ) {}
  async acquire(scenarioId: string) {
    return this.manager.transaction(async (em) => {
      if ((await this.locks.count({ where: { scenarioId } })) > 0) return false;
      await em.save(Lock, { scenarioId });
      return true;
    });
  }
}`,
      errors: [{ messageId: 'outerClient', line: 13, column: 18, data: { client: 'this.locks', handle: 'em' }, suggestions: [] }],
    },
    {
      // A name the file cannot read, and one left out: maybe the same connection.
      filename: 'src/cleanup/cleanup.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectEntityManager, InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { connections } from '../ormconfig';
import { PlanningUnit } from './planning-unit.entity';
@Injectable()
export class CleanupService {
  constructor(
    @InjectEntityManager(connections.default) private readonly geoManager: EntityManager,
    @InjectRepository(PlanningUnit) private readonly units: Repository<PlanningUnit>,
  ) {}
  async clean(scenarioId: string) {
    await this.geoManager.transaction(async (geoTx) => {
      const units = await this.units.find({ where: { scenarioId } });
      await geoTx.delete(PlanningUnit, units.map((unit) => unit.id));
    });
  }
}`,
      errors: [{ messageId: 'outerClient', line: 14, column: 27, data: { client: 'this.units', handle: 'geoTx' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (library transactions begun by hand)', rule, {
  valid: [
    {
      // Every query joined; the engine used again only once the transaction has ended, on both paths.
      filename: 'src/users/signup.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
class Audit extends Model {}
export async function signup(email: string) {
  const t = await sequelize.transaction();
  try {
    const user = await User.create({ email }, { transaction: t });
    await user.reload({ transaction: t });
    await t.commit();
    await Audit.create({ msg: 'signed up' });
    return user;
  } catch (err) {
    await t.rollback();
    await Audit.create({ msg: 'signup failed' });
    throw err;
  }
}`,
    },
    {
      // Queries through the handle, a repository of its manager, and a query joined with .transacting.
      filename: 'src/orders/orders.service.ts',
      code: `import { DataSource } from 'typeorm';
import knexFactory from 'knex';
import { Payment } from './payment.entity';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}
  async place(total: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const repo = queryRunner.manager.getRepository(Payment);
      await repo.save({ total });
      await queryRunner.commitTransaction();
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }
}
export async function rename(id: number, name: string) {
  const trx = await knex.transaction();
  try {
    const builder = trx('books');
    await builder.where({ id }).update({ name });
    await knex('shelves').where({ id }).update({ touched: true }).transacting(trx);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
    },
    {
      // Handed to another function, the transaction is no longer this function's to judge; and
      // MikroORM's global EntityManager resolves through its context.
      filename: 'src/books/import.ts',
      code: `import knexFactory from 'knex';
import { MikroORM } from '@mikro-orm/postgresql';
import { importRows } from './rows';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
export async function run(rows: unknown[]) {
  const trx = await knex.transaction();
  try {
    await importRows(trx, rows);
    await knex('imports').insert({ count: rows.length });
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}
export async function books(orm: MikroORM) {
  const em = orm.em.fork();
  await em.begin();
  try {
    await orm.em.find('Author', {});
    await em.commit();
  } catch (err) {
    await em.rollback();
    throw err;
  }
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/authors/authors.ts',
      code: `import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
export async function addAuthor(name: string) {
  const trx = await knex.transaction();
  try {
    const [author] = await trx('authors').insert({ name }).returning('*');
    await knex('stats').increment('authors', 1);
    await trx.commit();
    return author;
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          endColumn: 15,
          data: { client: 'knex', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'trx' },
              output: `import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
export async function addAuthor(name: string) {
  const trx = await knex.transaction();
  try {
    const [author] = await trx('authors').insert({ name }).returning('*');
    await trx('stats').increment('authors', 1);
    await trx.commit();
    return author;
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/users/signup.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
class Audit extends Model {}
export async function signup(email: string) {
  const t = await sequelize.transaction();
  try {
    const user = await User.create({ email }, { transaction: t });
    await Audit.create({ msg: 'signup' });
    await t.commit();
    return user;
  } catch (err) {
    await t.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 11,
          data: { client: 'Audit', handle: 't' },
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              data: { handle: 't' },
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
class User extends Model {}
class Audit extends Model {}
export async function signup(email: string) {
  const t = await sequelize.transaction();
  try {
    const user = await User.create({ email }, { transaction: t });
    await Audit.create({ msg: 'signup' }, { transaction: t });
    await t.commit();
    return user;
  } catch (err) {
    await t.rollback();
    throw err;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A NestJS service that begins the transaction on a query runner, then writes through an
      // injected repository and the DataSource: both take other pooled connections.
      filename: 'src/orders/orders.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Order } from './order.entity';
import { Payment } from './payment.entity';
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
  ) {}
  async place(total: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const order = await queryRunner.manager.save(Order, { total });
      await this.payments.save({ orderId: order.id, amount: total });
      await this.dataSource.query('update stats set orders = orders + 1');
      await queryRunner.commitTransaction();
      return order;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }
}`,
      errors: [
        { messageId: 'outerClient', line: 18, column: 13, data: { client: 'this.payments', handle: 'queryRunner' }, suggestions: [] },
        {
          messageId: 'outerClient',
          line: 19,
          column: 13,
          data: { client: 'this.dataSource', handle: 'queryRunner' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'queryRunner' },
              output: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Order } from './order.entity';
import { Payment } from './payment.entity';
@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
  ) {}
  async place(total: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const order = await queryRunner.manager.save(Order, { total });
      await this.payments.save({ orderId: order.id, amount: total });
      await queryRunner.query('update stats set orders = orders + 1');
      await queryRunner.commitTransaction();
      return order;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pets/adopt.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function adopt(name: string) {
  const trx = await db.startTransaction().execute();
  try {
    const person = await trx.insertInto('person').values({ name }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('pet').values({ owner_id: person.id }).execute();
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
}`,
      errors: [{ messageId: 'outerClient', line: 8, column: 11, data: { client: 'db', handle: 'trx' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (Objection models)', rule, {
  valid: [
    {
      // Given the transaction, another knex to read from, or building in memory: none queries the pool.
      filename: 'src/bids/bids.service.ts',
      code: `import { Model } from 'objection';
import { replica } from '../db';
class Bid extends Model { static tableName = 'bids'; static describe(bid: Bid) { return String(bid); } }
class Pack extends Model { static tableName = 'packs'; }
export async function placeBid(packId: number, amount: number) {
  return Model.transaction(async (trx) => {
    const bid = await Bid.query(trx).insert({ packId, amount });
    await Pack.relatedQuery('bids', trx).for(packId).relate(bid.id);
    const stats = await Pack.query(replica).findById(packId);
    const draft = Bid.fromJson({ packId, amount });
    return { bid, stats, draft, text: Bid.describe(bid) };
  });
}`,
    },
    {
      // Classes bound to the transaction, and the legacy form that hands bound classes to the callback.
      filename: 'src/people/people.service.ts',
      code: `import { Model, transaction } from 'objection';
class Person extends Model { static tableName = 'persons'; }
class Pet extends Model { static tableName = 'pets'; }
export async function adopt() {
  await Model.transaction(async (trx) => {
    const BoundPerson = Person.bindTransaction(trx);
    await BoundPerson.query().insert({ name: 'Jennifer' });
    await Pet.bindKnex(trx).query().insert({ name: 'Fluffy' });
  });
  await transaction(Person, Pet, async (Person, Pet) => {
    await Person.query().insert({ name: 'Sylvester' });
    await Pet.query().insert({ name: 'Tweety' });
  });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/bids/bids.service.ts',
      code: `import { Model } from 'objection';
class Bid extends Model { static tableName = 'bids'; }
class Pack extends Model { static tableName = 'packs'; }
export async function placeBid(packId: number, amount: number) {
  return Model.transaction(async (trx) => {
    const bid = await Bid.query(trx).insert({ packId, amount });
    await Pack.query().findById(packId).patch({ activeBidId: bid.id });
    return bid;
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 11,
          data: { client: 'Pack', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandleArgument',
              data: { handle: 'trx' },
              output: `import { Model } from 'objection';
class Bid extends Model { static tableName = 'bids'; }
class Pack extends Model { static tableName = 'packs'; }
export async function placeBid(packId: number, amount: number) {
  return Model.transaction(async (trx) => {
    const bid = await Bid.query(trx).insert({ packId, amount });
    await Pack.query(trx).findById(packId).patch({ activeBidId: bid.id });
    return bid;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Begun by hand: the same between the start and the commit.
      filename: 'src/bids/outbid.ts',
      code: `import { Model } from 'objection';
class Bid extends Model { static tableName = 'bids'; }
class Notification extends Model { static tableName = 'notifications'; }
export async function outbid(bidId: number, userId: number) {
  const trx = await Model.startTransaction();
  try {
    await Bid.query(trx).patch({ status: 'outbid' }).where({ id: bidId });
    await Notification.relatedQuery('users').for(userId).relate(bidId);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          data: { client: 'Notification', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandleArgument',
              data: { handle: 'trx' },
              output: `import { Model } from 'objection';
class Bid extends Model { static tableName = 'bids'; }
class Notification extends Model { static tableName = 'notifications'; }
export async function outbid(bidId: number, userId: number) {
  const trx = await Model.startTransaction();
  try {
    await Bid.query(trx).patch({ status: 'outbid' }).where({ id: bidId });
    await Notification.relatedQuery('users', trx).for(userId).relate(bidId);
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a class that extends the client)', rule, {
  valid: [
    {
      // The class's own members are not the client's: a logger field, a method given the handle,
      // a method of its own, a counter; and the client's housekeeping sends no query.
      filename: 'src/prisma/prisma.service.ts',
      code: `import { Injectable, Logger } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient {
  private readonly logger = new Logger('db');
  private counter = 0;
  constructor(private readonly audits: { record(tx: unknown, what: string): Promise<void> }) {
    super();
  }

  async audit(tx: any, what: string) {
    await tx.audit.create({ data: { what } });
  }

  async transfer(from: string, to: string, amount: number) {
    await this.$transaction(async (tx) => {
      await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
      await this.audit(tx, 'transfer');
      await this.audits.record(tx, 'transfer');
      this.logger.log('moved');
      this.counter++;
      await this.helper(to);
      this.$on('query' as never, () => {});
    });
  }

  private async helper(id: string) {
    return id;
  }
}`,
    },
    {
      // A member the class assigns itself, in the constructor.
      filename: 'src/prisma/assigned.service.ts',
      code: `import { PrismaClient } from '@prisma/client';
export class Store extends PrismaClient {
  readonly cache: Map<string, unknown>;
  constructor() {
    super();
    this.cache = new Map();
  }
  async save(id: string) {
    await this.$transaction(async (tx) => {
      await tx.item.create({ data: { id } });
      this.cache.delete(id);
    });
  }
}`,
    },
    {
      filename: 'src/prisma/housekeeping.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    prisma.$on('query' as never, () => {});
  });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/prisma/prisma.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient {
  async transfer(from: string, to: string, amount: number) {
    await this.$transaction(async (tx) => {
      await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
      await this.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 17,
          data: { client: 'this', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'tx' },
              output: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient {
  async transfer(from: string, to: string, amount: number) {
    await this.$transaction(async (tx) => {
      await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
      await tx.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/prisma/raw.service.ts',
      code: `import { PrismaClient } from '@prisma/client';
export class Db extends PrismaClient {
  async lockAndCount(id: string) {
    return this.$transaction(async (tx) => {
      await tx.$executeRaw\`select pg_advisory_xact_lock(\${id})\`;
      return this.$queryRaw\`select count(*) from jobs where owner = \${id}\`;
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 14,
          data: { client: 'this', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'tx' },
              output: `import { PrismaClient } from '@prisma/client';
export class Db extends PrismaClient {
  async lockAndCount(id: string) {
    return this.$transaction(async (tx) => {
      await tx.$executeRaw\`select pg_advisory_xact_lock(\${id})\`;
      return tx.$queryRaw\`select count(*) from jobs where owner = \${id}\`;
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

ruleTester.run('no-outer-client-in-transaction (a query made only when a parameter is left out)', rule, {
  valid: [
    {
      // Handed the transaction's manager, the helpers never reach their own repository: an early
      // return, a conditional, an `else`, a `!tx` branch.
      filename: 'src/approvers/approvers.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Approver } from './approver.entity';

@Injectable()
export class ApproversService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Approver) private readonly repo: Repository<Approver>,
  ) {}

  getById(id: number, entityManager?: EntityManager) {
    if (entityManager) {
      return entityManager.findOne(Approver, { where: { id } });
    }
    return this.repo.findOne({ where: { id } });
  }

  async getOwner(id: number, entityManager?: EntityManager) {
    return await (entityManager ? entityManager.findOne(Approver, { where: { id } }) : this.dataSource.manager.findOne(Approver, { where: { id } }));
  }

  async count(listId: number, entityManager?: EntityManager) {
    if (entityManager == null) {
      return this.repo.count({ where: { listId } });
    } else {
      return entityManager.count(Approver, { where: { listId } });
    }
  }

  async update(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.getById(id, manager);
      await this.getOwner(id, manager);
      await this.count(id, manager);
      await manager.update(Approver, { id }, { seen: true });
    });
  }
}`,
    },
  ],
  invalid: [
    {
      // Not given the manager, the same helper queries its repository, outside the transaction.
      filename: 'src/approvers/approvers.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Approver } from './approver.entity';

@Injectable()
export class ApproversService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Approver) private readonly repo: Repository<Approver>,
  ) {}

  getById(id: number, entityManager?: EntityManager) {
    if (entityManager) return entityManager.findOne(Approver, { where: { id } });
    return this.repo.findOne({ where: { id } });
  }

  async update(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.getById(id);
      await manager.update(Approver, { id }, { seen: true });
    });
  }
}`,
      errors: [
        {
          messageId: 'helperDefault',
          line: 20,
          column: 13,
          endLine: 20,
          endColumn: 25,
          data: { call: 'this.getById()', callee: 'this.getById', handle: 'manager', client: 'this.repo', param: 'entityManager', line: 15 },
          suggestions: [
            {
              messageId: 'suggestPassHandle',
              data: { handle: 'manager', param: 'entityManager' },
              output: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Approver } from './approver.entity';

@Injectable()
export class ApproversService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Approver) private readonly repo: Repository<Approver>,
  ) {}

  getById(id: number, entityManager?: EntityManager) {
    if (entityManager) return entityManager.findOne(Approver, { where: { id } });
    return this.repo.findOne({ where: { id } });
  }

  async update(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.getById(id, manager);
      await manager.update(Approver, { id }, { seen: true });
    });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A test that an omitted argument passes (\`!== null\`) guards nothing: the repository is queried.
      filename: 'src/approvers/strict-null.ts',
      code: `import { DataSource, EntityManager, Repository } from 'typeorm';
import { Approver } from './approver.entity';
export class Approvers {
  constructor(private readonly dataSource: DataSource, private readonly repo: Repository<Approver>) {}
  async getById(id: number, entityManager?: EntityManager | null) {
    if (entityManager !== null) {
      return this.repo.findOne({ where: { id } });
    }
    return null;
  }
  async update(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await this.getById(id, manager);
    });
  }
}`,
      errors: [
        {
          messageId: 'helperOuter',
          line: 13,
          column: 13,
          data: { call: 'this.getById()', callee: 'this.getById', handle: 'manager', client: 'this.repo' },
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a transaction on a one-connection engine)', rule, {
  valid: [
    {
      // \`BEGIN\` through a pool of one connection: its queries run on that connection, inside.
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
  ],
  invalid: [
    {
      // Another pool's query still runs outside it.
      filename: 'src/jobs/archive.ts',
      code: `import { Pool } from 'pg';
const shared = new Pool({ application_name: 'archiver' });
export async function archive(url: string) {
  const pool = new Pool({ connectionString: url, application_name: 'archiver', max: 1 });
  try {
    await pool.query('BEGIN');
    await pool.query('INSERT INTO archive SELECT * FROM orders');
    await shared.query('DELETE FROM orders WHERE archived');
    await pool.query('COMMIT');
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 8,
          column: 11,
          data: { client: 'shared', handle: 'pool' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'pool' },
              output: `import { Pool } from 'pg';
const shared = new Pool({ application_name: 'archiver' });
export async function archive(url: string) {
  const pool = new Pool({ connectionString: url, application_name: 'archiver', max: 1 });
  try {
    await pool.query('BEGIN');
    await pool.query('INSERT INTO archive SELECT * FROM orders');
    await pool.query('DELETE FROM orders WHERE archived');
    await pool.query('COMMIT');
  } finally {
    await pool.end();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a query built, kept and joined later)', rule, {
  valid: [
    {
      // Bookshelf-style helpers build the query first and join it when the caller gives a transaction.
      filename: 'server/entry/entry.service.js',
      code: `const knex = require('knex')({ client: 'pg', connection: { application_name: 'entries' } });
async function publish(entryId) {
  await knex.transaction(async (transaction) => {
    await transaction('entry').where('id', entryId).update({ published: true });
    let query = knex('event_participation').where('entry_id', entryId);
    if (transaction) {
      query = query.transacting(transaction);
    }
    await query.update({ submitted: true });
  });
}
module.exports = { publish };`,
    },
    {
      filename: 'src/entries.ts',
      code: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'entries' } });
export async function publish(entryId: number) {
  await knex.transaction(async (trx) => {
    await trx('entry').where('id', entryId).update({ published: true });
    const participations = knex('event_participation').where('entry_id', entryId);
    await participations.transacting(trx).update({ submitted: true });
  });
}`,
    },
  ],
  invalid: [
    {
      // Kept, and run without the transaction.
      filename: 'src/entries.ts',
      code: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'entries' } });
export async function publish(entryId: number) {
  await knex.transaction(async (trx) => {
    await trx('entry').where('id', entryId).update({ published: true });
    const participations = knex('event_participation').where('entry_id', entryId);
    await participations.update({ submitted: true });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 28,
          data: { client: 'knex', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'trx' },
              output: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'entries' } });
export async function publish(entryId: number) {
  await knex.transaction(async (trx) => {
    await trx('entry').where('id', entryId).update({ published: true });
    const participations = trx('event_participation').where('entry_id', entryId);
    await participations.update({ submitted: true });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // A row read and awaited: it has run outside the transaction before the update joins it.
      filename: 'src/orders.ts',
      code: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize('postgres://app@db/app?application_name=orders');
class Order extends Model {}
Order.init({}, { sequelize });
export async function ship(id: number) {
  await sequelize.transaction(async (t) => {
    const order = await Order.findByPk(id);
    await order!.update({ shipped: true }, { transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 7,
          column: 25,
          data: { client: 'Order', handle: 't' },
          suggestions: [
            {
              messageId: 'suggestTransactionOption',
              data: { handle: 't' },
              output: `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize('postgres://app@db/app?application_name=orders');
class Order extends Model {}
Order.init({}, { sequelize });
export async function ship(id: number) {
  await sequelize.transaction(async (t) => {
    const order = await Order.findByPk(id, { transaction: t });
    await order!.update({ shipped: true }, { transaction: t });
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

const RACING_LOCK = `import { DataSource } from 'typeorm';
import { describe, it } from 'vitest';

const options = { type: 'postgres' as const, url: process.env.DATABASE_URL, applicationName: 'tests' };

describe('row locks', () => {
  it('blocks a second writer', async () => {
    const dataSource = new DataSource(options);
    const other = new DataSource(options);
    await dataSource.initialize();
    await other.initialize();
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT * FROM accounts WHERE id = 1 FOR UPDATE');
      await other.query('SELECT * FROM accounts WHERE id = 1 FOR UPDATE NOWAIT');
    });
  });
});`;

ruleTester.run('no-outer-client-in-transaction (a second engine a test builds)', rule, {
  valid: [
    // The test builds the second data source to be another connection, racing the lock.
    { filename: 'test/locks.spec.ts', code: RACING_LOCK },
  ],
  invalid: [
    {
      // The same two engines built alike in application code: one database, a query outside.
      filename: 'src/locks.ts',
      code: RACING_LOCK,
      errors: [
        {
          messageId: 'outerClient',
          line: 14,
          column: 13,
          data: { client: 'other', handle: 'manager' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'manager' },
              output: RACING_LOCK.replace('await other.query(', 'await manager.query('),
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a fragment kept in a variable and given to the handle)', rule, {
  valid: [
    {
      // `knex.raw(…)` builds SQL that the transaction's own query embeds: it runs nothing by itself.
      filename: 'src/counters.ts',
      code: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'counters' } });
export async function bump(id: number) {
  await knex.transaction(async (trx) => {
    const now = knex.raw('now()');
    const next = knex.raw('hits + ?', [1]);
    await trx('counters').where({ id }).update({ hits: next, touched_at: now });
    await trx('audit').insert([{ counter_id: id, at: now }]);
  });
}`,
    },
  ],
  invalid: [
    {
      // Handed to Promise.all, the kept query runs, outside the transaction.
      filename: 'src/counters.ts',
      code: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'counters' } });
export async function read(id: number) {
  await knex.transaction(async (trx) => {
    const totals = knex('totals').where({ id });
    await Promise.all([totals, trx('counters').where({ id })]);
  });
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 20,
          data: { client: 'knex', handle: 'trx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              data: { handle: 'trx' },
              output: `import Knex from 'knex';
const knex = Knex({ client: 'pg', connection: { application_name: 'counters' } });
export async function read(id: number) {
  await knex.transaction(async (trx) => {
    const totals = trx('totals').where({ id });
    await Promise.all([totals, trx('counters').where({ id })]);
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

const TEAMS = `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize('postgres://app@db/app?application_name=teams');
class Team extends Model {}
Team.init({}, { sequelize });
`;

ruleTester.run('no-outer-client-in-transaction (a Sequelize transaction given after the options)', rule, {
  valid: [
    {
      // In the options (a stray copy after them changes nothing).
      filename: 'src/teams.ts',
      code: `${TEAMS}export async function rename(id: number, name: string) {
  await sequelize.transaction(async (transaction) => {
    await Team.update({ name }, { where: { id }, transaction });
    await Team.update({ name }, { where: { id }, transaction }, { transaction });
  });
}`,
    },
  ],
  invalid: [
    {
      // Model.update(values, options): the third argument is never read.
      filename: 'src/teams.ts',
      code: `${TEAMS}export async function rename(id: number, name: string) {
  const transaction = await sequelize.transaction();
  try {
    await Team.update({ name }, { where: { id } }, { transaction });
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'misplacedOption',
          line: 8,
          column: 52,
          data: { call: 'Team.update()', handle: 'transaction' },
          suggestions: [
            {
              messageId: 'suggestMoveOption',
              data: { handle: 'transaction' },
              output: `${TEAMS}export async function rename(id: number, name: string) {
  const transaction = await sequelize.transaction();
  try {
    await Team.update({ name }, { where: { id }, transaction });
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Model.destroy(options): the handle given as a second argument; the extra holds more than the handle, so no suggestion.
      filename: 'src/teams.ts',
      code: `${TEAMS}export async function remove(id: number) {
  await sequelize.transaction(async (t) => {
    await Team.destroy({ where: { id } }, { transaction: t, force: true });
  });
}`,
      errors: [{ messageId: 'misplacedOption', line: 7, column: 43, data: { call: 'Team.destroy()', handle: 't' }, suggestions: [] }],
    },
  ],
});

cjsRuleTester.run('no-outer-client-in-transaction (a pg-promise database from the project)', rule, {
  valid: [
    `const { db } = require('../db');
exports.move = (rows) => db.tx((t) => t.batch(rows.map((row) => t.none('INSERT INTO moves(id) VALUES($1)', [row]))));`,
    // Another library's \`tx\`, whose handle does nothing pg-promise's does.
    `const { store } = require('../store');
exports.move = async (key) => store.tx(async (t) => { await t.put(key, 1); await store.get(key); });`,
  ],
  invalid: [
    {
      code: `const { db } = require('../db');
exports.move = async (id) => {
  await db.tx(async (t) => {
    await t.none('INSERT INTO moves(id) VALUES($1)', [id]);
    await db.none('UPDATE stats SET moves = moves + 1');
  });
};`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 11,
          endColumn: 13,
          data: { client: 'db', handle: 't' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const { db } = require('../db');
exports.move = async (id) => {
  await db.tx(async (t) => {
    await t.none('INSERT INTO moves(id) VALUES($1)', [id]);
    await t.none('UPDATE stats SET moves = moves + 1');
  });
};`,
            },
          ],
        },
      ],
    },
    {
      // A callback that is not async, returning the batch.
      code: `const { db } = require('../db');
exports.move = (rows) => db.tx((t) => t.batch(rows.map((row) => db.none('INSERT INTO moves(id) VALUES($1)', [row]))));`,
      errors: [{ messageId: 'outerClient', line: 2, column: 65, data: { client: 'db', handle: 't' }, suggestions: [{ messageId: 'suggestHandle', output: `const { db } = require('../db');
exports.move = (rows) => db.tx((t) => t.batch(rows.map((row) => t.none('INSERT INTO moves(id) VALUES($1)', [row]))));` }] }],
    },
  ],
});

cjsRuleTester.run('no-outer-client-in-transaction (pg-promise repositories)', rule, {
  valid: [
    // The repository the transaction's handle carries, and its context.
    `const pgp = require('pg-promise')({ extend(obj) { obj.stops = new StopsRepository(obj); } });
const db = pgp(process.env.DATABASE_URL);
exports.replace = (rows) => db.tx(async (t) => {
  if (t.ctx.level > 0) await t.none('SET CONSTRAINTS ALL DEFERRED');
  await t.stops.empty();
  await t.stops.insertMany(rows);
});`,
  ],
  invalid: [
    {
      // A repository of the outer database runs on another connection, outside the transaction.
      code: `const pgp = require('pg-promise')({ extend(obj) { obj.stops = new StopsRepository(obj); } });
const db = pgp(process.env.DATABASE_URL);
exports.replace = (rows) => db.tx(async (t) => {
  await t.stops.empty();
  await db.stops.insertMany(rows);
});`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 9,
          endColumn: 11,
          data: { client: 'db', handle: 't' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `const pgp = require('pg-promise')({ extend(obj) { obj.stops = new StopsRepository(obj); } });
const db = pgp(process.env.DATABASE_URL);
exports.replace = (rows) => db.tx(async (t) => {
  await t.stops.empty();
  await t.stops.insertMany(rows);
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-outer-client-in-transaction (a client in a private field)', rule, {
  valid: [],
  invalid: [
    {
      code: `export class Orders {
  readonly #prisma;
  constructor(prisma) {
    this.#prisma = prisma;
  }
  async move(id: string) {
    await this.#prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id }, data: { moved: true } });
      await this.#prisma.audit.create({ data: { id } });
    });
  }
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 9,
          column: 13,
          endColumn: 25,
          data: { client: 'this.#prisma', handle: 'tx' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `export class Orders {
  readonly #prisma;
  constructor(prisma) {
    this.#prisma = prisma;
  }
  async move(id: string) {
    await this.#prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id }, data: { moved: true } });
      await tx.audit.create({ data: { id } });
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

jsRuleTester.run('no-outer-client-in-transaction (the Fastify pg plugin)', rule, {
  valid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.post('/orders', async (request) =>
    fastify.pg.transact(async (client) => {
      await client.query('INSERT INTO orders (note) VALUES ($1)', [request.body.note]);
      await client.query('UPDATE stats SET orders = orders + 1');
    }),
  );
}`,
    },
  ],
  invalid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.post('/orders', async (request) =>
    fastify.pg.transact(async (client) => {
      await client.query('INSERT INTO orders (note) VALUES ($1)', [request.body.note]);
      await fastify.pg.query('UPDATE stats SET orders = orders + 1');
    }),
  );
}`,
      errors: [
        {
          messageId: 'outerClient',
          line: 5,
          column: 13,
          endColumn: 23,
          data: { client: 'fastify.pg', handle: 'client' },
          suggestions: [
            {
              messageId: 'suggestHandle',
              output: `export default async function routes(fastify) {
  fastify.post('/orders', async (request) =>
    fastify.pg.transact(async (client) => {
      await client.query('INSERT INTO orders (note) VALUES ($1)', [request.body.note]);
      await client.query('UPDATE stats SET orders = orders + 1');
    }),
  );
}`,
            },
          ],
        },
      ],
    },
  ],
});

/** A cron route of a Drizzle application, whose `db` comes from the project's own module. */
const CRON_ROUTE = `import { db } from '@/lib/db';
import { sessions, tokens } from '@/lib/schema';
import { inArray, lt } from 'drizzle-orm';
export async function GET() {
  await db.transaction(async (tx) => {
    const expired = await db.select().from(sessions).where(lt(sessions.expiresAt, new Date()));
    await tx.delete(tokens).where(inArray(tokens.sessionId, expired.map((s) => s.id)));
  });
  return new Response('ok');
}`;

ruleTester.run('no-outer-client-in-transaction (a project whose only database driver is not PostgreSQL\'s)', rule, {
  valid: [
    // Drizzle over libSQL (Turso): the transaction is SQLite's, no pooled PostgreSQL connection.
    { filename: packageWith('turso-app', { 'drizzle-orm': '^0.36.0', '@libsql/client': '^0.14.0' })('app/api/cron/route.ts'), code: CRON_ROUTE },
  ],
  invalid: [
    {
      // The same code in a package that depends on a PostgreSQL driver too.
      filename: packageWith('pg-app', { 'drizzle-orm': '^0.36.0', '@libsql/client': '^0.14.0', postgres: '^3.4.5' })('app/api/cron/route.ts'),
      code: CRON_ROUTE,
      errors: [
        {
          messageId: 'outerClient',
          line: 6,
          column: 27,
          data: { client: 'db', handle: 'tx' },
          suggestions: [{ messageId: 'suggestHandle', output: CRON_ROUTE.replace('await db.select()', 'await tx.select()') }],
        },
      ],
    },
  ],
});

const DUMP = (extra: string): string => `import { DataSource } from 'typeorm';
function createDataSource() {
  return new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
}
export async function applyDump(statements: string[]) {
  const dataSource = createDataSource();
  await dataSource.initialize();
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    if (statements.length === 0) return;
    for (const statement of statements) await queryRunner.query(statement);
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();${extra}
  }
}`;

ruleTester.run('no-outer-client-in-transaction (shutting the engine down)', rule, {
  valid: [
    // Reached with the transaction still open on the early return: destroying the data source sends no query.
    { filename: 'src/dump/apply-dump.ts', code: DUMP('\n    await dataSource.destroy();') },
  ],
  invalid: [
    {
      filename: 'src/dump/apply-dump.ts',
      code: DUMP("\n    await dataSource.query('ANALYZE');"),
      errors: [{ messageId: 'outerClient', line: 6, column: 22, data: { client: 'createDataSource()', handle: 'queryRunner' }, suggestions: [] }],
    },
  ],
});
