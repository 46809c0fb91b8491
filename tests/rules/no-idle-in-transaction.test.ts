import rule from '../../rules/no-idle-in-transaction';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

const NO_TIMEOUT =
  'Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. ';
const PRISMA_TIMEOUT =
  'Prisma rolls an interactive transaction back after 5 s by default (its `timeout` option), so a slow call makes the whole transaction fail. ';

ruleTester.run('no-idle-in-transaction (ts)', rule, {
  valid: [
    {
      // Supabase calls that send nothing: naming a bucket, building a public URL, a builder not waited for.
      filename: 'src/ok/supabase-local.ts',
      code: `import { Kysely } from 'kysely';
import { createClient } from '@supabase/supabase-js';
declare const db: Kysely<any>;
const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!);
export async function saveCover(userId: string, path: string) {
  await db.transaction().execute(async (trx) => {
    const { data } = supabase.storage.from('covers').getPublicUrl(path);
    const pending = supabase.from('audit').insert({ userId });
    await trx.updateTable('users').set({ cover: data.publicUrl }).where('id', '=', userId).execute();
    return pending;
  });
}`,
    },
    {
      filename: 'src/ok/outside.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const res = await fetch('https://api.example.com/a');
  const data = await res.json();
  await db.transaction(async (trx) => {
    await trx('a').insert(data);
  });
  await fetch('https://api.example.com/done', { method: 'POST' });
}`,
    },
    {
      filename: 'src/ok/pg-before-after.ts',
      code: `import { Pool } from 'pg';
import axios from 'axios';
const pool = new Pool();
export async function f() {
  const { data } = await axios.get('https://api.example.com/a');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('insert into a values ($1)', [data.id]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await axios.post('https://api.example.com/done', { id: data.id });
}`,
    },
    {
      filename: 'src/ok/knex-after-commit.ts',
      code: `import knex from 'knex';
import { setTimeout as sleep } from 'timers/promises';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  await trx('a').insert({});
  await trx.commit();
  await sleep(100);
}`,
    },
    {
      filename: 'src/ok/fire-and-forget.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    void fetch('https://api.example.com/a');
    fetch('https://api.example.com/b').catch(() => {});
  });
}`,
    },
    {
      filename: 'src/ok/set-timeout.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    setTimeout(async () => {
      await fetch('https://api.example.com/a');
    }, 0);
  });
}`,
    },
    {
      filename: 'src/ok/listener.ts',
      code: `import knex from 'knex';
import { EventEmitter } from 'events';
const db = knex({ client: 'pg' });
const bus = new EventEmitter();
export async function f() {
  await db.transaction(async (trx) => {
    bus.on('done', async () => {
      await fetch('https://api.example.com/a');
    });
    await trx('a').insert({});
  });
}`,
    },
    {
      filename: 'src/ok/local-fetch.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
async function fetch(trx: any, id: number) {
  return trx('a').where({ id }).first();
}
export async function f(id: number) {
  await db.transaction(async (trx) => {
    const row = await fetch(trx, id);
    await trx('b').insert(row);
  });
}`,
    },
    {
      filename: 'src/ok/local-stripe.ts',
      code: `import knex from 'knex';
class Stripe {
  charges = { create: async (x: unknown) => x };
}
const stripe = new Stripe();
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await stripe.charges.create({});
  });
}`,
    },
    {
      filename: 'src/ok/unknown.ts',
      code: `import knex from 'knex';
import { chargeCustomer } from './billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await chargeCustomer(1);
  });
}`,
    },
    {
      filename: 'src/ok/pg-boss.ts',
      code: `import PgBoss from 'pg-boss';
import knex from 'knex';
const boss = new PgBoss(process.env.DATABASE_URL!);
const db = knex({ client: 'pg' });
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').insert({ id });
    await boss.send('welcome', { id });
  });
}`,
    },
    {
      filename: 'src/users.test.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await fetch('https://api.example.com/a');
  });
}`,
    },
    {
      filename: 'src/ok/no-db.ts',
      code: `import axios from 'axios';
export async function f() {
  await new Promise((resolve) => setTimeout(resolve, 100));
  await axios.get('https://api.example.com/a');
}`,
    },
    {
      filename: 'src/ok/db-helper.ts',
      code: `import knex, { Knex } from 'knex';
const db = knex({ client: 'pg' });
async function audit(trx: Knex.Transaction, action: string) {
  await trx('audit').insert({ action });
}
async function notifyLater(id: number) {
  fetch(\`https://hooks.example.com/\${id}\`);
}
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await audit(trx, 'x');
    await notifyLater(id);
  });
}`,
    },
    {
      filename: 'src/ok/stored.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const after: Array<() => Promise<unknown>> = [];
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    const notify = async () => fetch('https://api.example.com/a');
    after.push(notify);
  });
  await Promise.all(after.map((fn) => fn()));
}`,
    },
    {
      filename: 'src/ok/after-commit.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f(email: string) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('insert into users (email) values (?)', { replacements: [email], transaction: t });
    t.afterCommit(async () => {
      await fetch('https://api.example.com/welcome', { method: 'POST' });
    });
  });
}`,
    },
    {
      filename: 'src/ok/typeorm-after.ts',
      code: `import { DataSource } from 'typeorm';
import Stripe from 'stripe';
const dataSource = new DataSource({ type: 'postgres' });
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function f(customer: string) {
  const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'eur', customer });
  await dataSource.transaction(async (manager) => {
    await manager.query('insert into payments (intent) values ($1)', [intent.id]);
  });
}`,
    },
    {
      filename: 'src/ok/outbox.ts',
      code: `import { PrismaClient } from '@prisma/client';
import { Kafka } from 'kafkajs';
const prisma = new PrismaClient();
const producer = new Kafka({ brokers: ['k:9092'] }).producer();
export async function f() {
  const order = await prisma.$transaction(async (tx) => {
    const created = await tx.order.create({ data: {} });
    await tx.outbox.create({ data: { topic: 'orders', payload: String(created.id) } });
    return created;
  });
  await producer.send({ topic: 'orders', messages: [{ value: String(order.id) }] });
}`,
    },
    {
      filename: 'src/ok/options-unlisted.ts',
      code: `import knex from 'knex';
import { charge } from '@acme/billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await charge(1);
  });
}`,
    },
    {
      filename: 'src/pgp-task.ts',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export async function f() {
  await db.task(async (t) => {
    await t.none('select 1');
    await fetch('https://a');
  });
}`,
    },
    {
      filename: 'src/knex-rollback-path.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(ok: boolean) {
  const trx = await db.transaction();
  if (!ok) {
    await trx.rollback();
    await fetch('https://a');
    return;
  }
  await trx.commit();
}`,
    },
    {
      filename: 'src/ok/options-other-name.ts',
      code: `import knex from 'knex';
import { refund } from '@acme/billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await refund(1);
  });
}`,
      options: [{ slowModules: [{ module: '@acme/billing', names: ['charge'], what: 'a billing call' }] }],
    },
  ],
  invalid: [
    {
      // A Next.js route whose Prisma client comes from the project's \`lib/prisma\`: its own
      // \`$transaction\` says what it is.
      filename: 'src/app/api/orders/route.ts',
      code: `import { prisma } from '@/lib/prisma';
export async function POST(req: Request) {
  const body = await req.json();
  await prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: body });
    await fetch('https://hooks.example.com/orders', { method: 'POST', body: JSON.stringify(order) });
  });
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 101,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/allsettled.ts',
      code: `import knex from 'knex';
import got from 'got';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await Promise.allSettled([got.post('https://api.example.com/a', { json: {} })]);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 31,
          data: { call: 'got.post()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/scheduler.ts',
      code: `import { scheduler } from 'node:timers/promises';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await scheduler.wait(50);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'scheduler.wait()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/promisify-timeout.ts',
      code: `import { promisify } from 'node:util';
import { setTimeout as st } from 'node:timers';
import knex from 'knex';
const wait = promisify(st);
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await wait(50);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'wait()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/http-request.ts',
      code: `import http from 'node:http';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: 'internal', path: '/a', method: 'POST' }, () => resolve());
      req.on('error', reject);
      req.end();
    });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'new Promise()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/undici-client.ts',
      code: `import { Pool as HttpPool } from 'undici';
import knex from 'knex';
const db = knex({ client: 'pg' });
const api = new HttpPool('https://api.example.com');
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await api.request({ path: '/a', method: 'GET' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'api.request()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/amqp-publish.ts',
      code: `import amqp from 'amqplib';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  const conn = await amqp.connect('amqp://localhost');
  const channel = await conn.createChannel();
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    await channel.sendToQueue('jobs', Buffer.from('x'));
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'channel.sendToQueue()', what: 'a RabbitMQ publish', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/bullmq-bulk.ts',
      code: `import { Queue } from 'bullmq';
import { Pool } from 'pg';
const pool = new Pool();
const queue = new Queue('emails');
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('insert into a values (1)');
    await queue.addBulk([{ name: 'a', data: {} }]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 10,
          column: 11,
          data: { call: 'queue.addBulk()', what: 'adding BullMQ jobs (a Redis round trip)', transaction: 'the transaction begun on `client`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/sleep-helper.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await sleep(100);
  });
}`,
      errors: [
        {
          messageId: 'slowHelper',
          line: 7,
          column: 11,
          data: { helper: 'a function of this file', call: 'sleep()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/arrow-helper.ts',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
const notify = async (id: number) => {
  await axios.post('https://a', { id });
};
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await notify(1);
  });
}`,
      errors: [
        {
          messageId: 'slowHelper',
          line: 10,
          column: 11,
          data: { helper: 'a function of this file', call: 'notify()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/class-service.ts',
      code: `import { DataSource } from 'typeorm';
import axios from 'axios';
export class Service {
  constructor(private readonly dataSource: DataSource) {}
  async pay(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('update a set x = 1 where id = $1', [id]);
      await axios.post('https://a', { id });
    });
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 13,
          data: { call: 'axios.post()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    // A method of the same class that waits for slow work, called inside the transaction.
    {
      filename: 'src/orders/orders.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
class Base {
  protected async ping() {
    await fetch('https://status.example');
  }
}
@Injectable()
export class OrdersService extends Base {
  constructor(private readonly dataSource: DataSource, private readonly http: HttpService) {
    super();
  }
  async place(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('insert into orders (id) values ($1)', [id]);
      await this.reserveStock(id);
      await this.#audit(id);
      await this.ping();
      await this.save(id);
      await OrdersService.warm();
      setTimeout(function (this: { reserveStock(id: number): Promise<void> }) {
        void this.reserveStock(id);
      });
    });
    await this.reserveStock(id);
  }
  private async reserveStock(id: number) {
    await firstValueFrom(this.http.post('https://stock.example/reserve', { id }));
  }
  readonly #audit = async (id: number) => {
    await fetch(\`https://audit.example/\${id}\`);
  };
  save(id: number): Promise<void>;
  save(id: string): Promise<void>;
  async save(id: number | string) {
    await this.dataSource.query('select 1', [id]);
  }
  static async warm() {
    await fetch('https://warm.example');
  }
  async warm() {
    return undefined;
  }
}`,
      errors: [
        {
          messageId: 'slowHelper',
          line: 18,
          column: 13,
          data: { helper: 'a method of this class', call: 'this.reserveStock()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowHelper',
          line: 19,
          column: 13,
          data: { helper: 'a method of this class', call: 'this.#audit()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    // NestJS: @nestjs/axios's HttpService (Observables awaited through RxJS) and an injected axios instance.
    {
      filename: 'src/payments/payments.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import type { AxiosInstance } from 'axios';
import { firstValueFrom, lastValueFrom, map } from 'rxjs';
import { DataSource } from 'typeorm';
@Injectable()
export class PaymentsService {
  constructor(private readonly dataSource: DataSource, private readonly http: HttpService, private readonly client: AxiosInstance) {}
  async pay(id: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('update orders set paid = true where id = $1', [id]);
      const charge = await firstValueFrom(this.http.post('https://pay.example/charge', { id }).pipe(map((r) => r.data)));
      await lastValueFrom(this.http.get(\`https://pay.example/charges/\${charge.id}\`));
      await this.http.axiosRef.post('https://pay.example/receipt', { id });
      await this.client.get('https://audit.example');
      this.http.post('https://metrics.example', { id }).subscribe();
    });
    await firstValueFrom(this.http.post('https://mail.example', { id }));
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 12,
          column: 43,
          data: { call: 'this.http.post()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 13,
          column: 27,
          data: { call: 'this.http.get()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 14,
          column: 13,
          data: { call: 'this.http.axiosRef.post()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 15,
          column: 13,
          data: { call: 'this.client.get()', what: 'an HTTP request', transaction: 'the transaction of `this.dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/drizzle-return.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export function f() {
  return db.transaction((tx) => fetch('https://a'));
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 4,
          column: 33,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/prisma-fetch.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(id: number) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id } });
    await fetch('https://hooks.example.com/user', { method: 'POST', body: JSON.stringify(user) });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 11,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/knex-axios.ts',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('orders').where({ id }).update({ state: 'paid' });
    await axios.post('https://api.example.com/paid', { id });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'axios.post()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/sequelize-got.ts',
      code: `import { Sequelize } from 'sequelize';
import got from 'got';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f(id: number) {
  await sequelize.transaction(async (t) => {
    await sequelize.query('update a set x = 1 where id = ?', { replacements: [id], transaction: t });
    await got.post('https://api.example.com/a', { json: { id } });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'got.post()', what: 'an HTTP request', transaction: 'the transaction of `sequelize.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/typeorm-stripe.ts',
      code: `import { DataSource } from 'typeorm';
import Stripe from 'stripe';
const dataSource = new DataSource({ type: 'postgres' });
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function f(customer: string) {
  await dataSource.transaction(async (manager) => {
    await manager.query('update invoices set paid = true');
    await stripe.paymentIntents.create({ amount: 100, currency: 'eur', customer });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'stripe.paymentIntents.create()', what: 'a Stripe API call', transaction: 'the transaction of `dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/drizzle-ky.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import ky from 'ky';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`update a set x = 1\`);
    await ky.post('https://api.example.com/a', { json: {} });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'ky.post()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/kysely-sleep.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { setTimeout as sleep } from 'timers/promises';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('a').set({ x: 1 }).execute();
    await sleep(1000);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'sleep()', what: 'a sleep', transaction: 'the transaction of `db.transaction().execute()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/postgres-openai.ts',
      code: `import postgres from 'postgres';
import OpenAI from 'openai';
const sql = postgres();
const openai = new OpenAI();
export async function f(id: number) {
  await sql.begin(async (tx) => {
    const [doc] = await tx\`select body from docs where id = \${id} for update\`;
    const summary = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: doc.body }] });
    await tx\`update docs set summary = \${summary.choices[0].message.content} where id = \${id}\`;
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 27,
          data: { call: 'openai.chat.completions.create()', what: 'an OpenAI API call', transaction: 'the transaction of `sql.begin()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/pgp-anthropic.ts',
      code: `import pgPromise from 'pg-promise';
import Anthropic from '@anthropic-ai/sdk';
const db = pgPromise()(process.env.DATABASE_URL!);
const anthropic = new Anthropic();
export async function f(id: number) {
  await db.tx(async (t) => {
    await t.none('update a set x = 1 where id = $1', [id]);
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [] });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'anthropic.messages.create()', what: 'an Anthropic API call', transaction: 'the transaction of `db.tx()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/slonik-twilio.ts',
      code: `import { createPool, sql } from 'slonik';
import twilio from 'twilio';
const client = twilio(process.env.SID, process.env.TOKEN);
export async function f() {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`update a set x = 1\`);
    await client.messages.create({ to: '+1', from: '+2', body: 'hi' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'client.messages.create()', what: 'a Twilio API call', transaction: 'the transaction of `pool.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/mikro-slack.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
import { WebClient } from '@slack/web-api';
const slack = new WebClient(process.env.SLACK_TOKEN);
export async function f(orm: MikroORM) {
  await orm.em.transactional(async (em) => {
    em.create('Event', { name: 'x' });
    await slack.chat.postMessage({ channel: '#ops', text: 'x' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'slack.chat.postMessage()', what: 'a Slack API call', transaction: 'the transaction of `orm.em.transactional()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    // A NestJS service injected with @golevelup/nestjs-rabbitmq's AmqpConnection.
    {
      filename: 'src/users/users.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { MikroORM } from '@mikro-orm/postgresql';
@Injectable()
export class UsersService {
  constructor(private readonly orm: MikroORM, private readonly amqp: AmqpConnection) {}
  async create(email: string) {
    await this.orm.em.transactional(async (em) => {
      em.create('User', { email });
      await this.amqp.publish('mail', 'welcome', { email });
      const quota = await this.amqp.request<number>({ exchange: 'billing', routingKey: 'quota', payload: { email } });
      em.create('Quota', { email, quota });
    });
    await this.amqp.publish('audit', 'user.created', { email });
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 10,
          column: 13,
          data: { call: 'this.amqp.publish()', what: 'a RabbitMQ publish', transaction: 'the transaction of `this.orm.em.transactional()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 11,
          column: 27,
          data: {
            call: 'this.amqp.request()',
            what: 'a RabbitMQ RPC request (it waits for the reply)',
            transaction: 'the transaction of `this.orm.em.transactional()`',
            timeout: NO_TIMEOUT,
          },
        },
      ],
    },
    {
      filename: 'src/pg-begin-fetch.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update a set x = 1');
    await fetch('https://api.example.com/a');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction begun on `client`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/knex-unmanaged.ts',
      code: `import knex from 'knex';
import { Resend } from 'resend';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const resend = new Resend(process.env.RESEND_KEY);
export async function f(email: string) {
  const trx = await db.transaction();
  try {
    await trx('users').insert({ email });
    await resend.emails.send({ from: 'a@b.c', to: email, subject: 'hi', html: '' });
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'resend.emails.send()', what: 'sending an email (Resend)', transaction: 'the transaction begun on `trx`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/typeorm-runner.ts',
      code: `import { DataSource } from 'typeorm';
import { ServerClient } from 'postmark';
const dataSource = new DataSource({ type: 'postgres' });
const postmark = new ServerClient(process.env.POSTMARK_TOKEN!);
export async function f() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('update a set x = 1');
    await postmark.sendEmail({ From: 'a@b.c', To: 'd@e.f', Subject: 'x', TextBody: 'x' });
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 11,
          column: 11,
          data: { call: 'postmark.sendEmail()', what: 'sending an email (Postmark)', transaction: 'the transaction begun on `queryRunner`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/sequelize-unmanaged.ts',
      code: `import { Sequelize } from 'sequelize';
import nodemailer from 'nodemailer';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
export async function f(email: string) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('insert into users (email) values (?)', { replacements: [email], transaction: t });
    await transporter.sendMail({ to: email, subject: 'Welcome' });
    await t.commit();
  } catch (err) {
    await t.rollback();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'transporter.sendMail()', what: 'sending an email', transaction: 'the transaction begun on `t`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/node-fetch.ts',
      code: `import { PrismaClient } from '@prisma/client';
import fetch from 'node-fetch';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    await fetch('https://api.example.com/a');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/undici.ts',
      code: `import { PrismaClient } from '@prisma/client';
import { request } from 'undici';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    const { body } = await request('https://api.example.com/a');
    await body.json();
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 28,
          data: { call: 'request()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/cross-fetch.ts',
      code: `import knex from 'knex';
import crossFetch from 'cross-fetch';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await crossFetch('https://api.example.com/a');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'crossFetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/superagent.ts',
      code: `import knex from 'knex';
import superagent from 'superagent';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await superagent.get('https://api.example.com/a');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'superagent.get()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/ofetch.ts',
      code: `import knex from 'knex';
import { ofetch } from 'ofetch';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await ofetch('https://api.example.com/a', { method: 'POST' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'ofetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/axios-instance.ts',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
const api = axios.create({ baseURL: 'https://api.example.com' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await api.get('/a');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'api.get()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/https-promise.ts',
      code: `import https from 'https';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    await new Promise((resolve, reject) => {
      https.get('https://api.example.com/a', resolve).on('error', reject);
    });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'new Promise()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/aws-v3.ts',
      code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { PrismaClient } from '@prisma/client';
const s3 = new S3Client({});
const prisma = new PrismaClient();
export async function f(body: string) {
  await prisma.$transaction(async (tx) => {
    await tx.file.create({ data: { key: 'a' } });
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'a', Body: body }));
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 's3.send()', what: 'an AWS API call', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/aws-v3-aggregated.ts',
      code: `import { S3 } from '@aws-sdk/client-s3';
import knex from 'knex';
const s3 = new S3({});
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('files').insert({ key: 'a' });
    await s3.putObject({ Bucket: 'b', Key: 'a', Body: '' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 's3.putObject()', what: 'an AWS API call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/aws-v2.ts',
      code: `import AWS from 'aws-sdk';
import knex from 'knex';
const sqs = new AWS.SQS();
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('outbox').insert({});
    await sqs.sendMessage({ QueueUrl: 'q', MessageBody: '' }).promise();
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
        },
      ],
    },
    {
      filename: 'src/stripe-call.ts',
      code: `import knex from 'knex';
import stripeFactory from 'stripe';
const stripe = stripeFactory(process.env.STRIPE_KEY!);
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await stripe.refunds.create({ charge: 'ch_1' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'stripe.refunds.create()', what: 'a Stripe API call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      // Supabase's client talks HTTP to the project's API (PostgREST, Storage): on another connection.
      filename: 'src/supabase-upload.ts',
      code: `import { Kysely } from 'kysely';
import { createServerClient } from '@supabase/ssr';
declare const db: Kysely<any>;
declare const cookies: any;
export async function saveCover(userId: string, path: string, file: Blob) {
  const supabase = createServerClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!, { cookies });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ cover: path }).where('id', '=', userId).execute();
    await supabase.storage.from('covers').upload(path, file, { upsert: true });
    const { error } = await supabase.from('profiles').update({ cover: path }).eq('id', userId);
    if (error) throw error;
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'supabase.storage.from(…).upload()', what: 'a Supabase API call (HTTP)', transaction: 'the transaction of `db.transaction().execute()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 10,
          column: 29,
          data: { call: 'supabase.from()', what: 'a Supabase API call (HTTP)', transaction: 'the transaction of `db.transaction().execute()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/sendgrid.ts',
      code: `import sgMail from '@sendgrid/mail';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    await sgMail.send({ to: 'a@b.c', from: 'd@e.f', subject: 'x', text: 'x' });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'sgMail.send()', what: 'sending an email (SendGrid)', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/promise-timeout.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 11,
          data: { call: 'new Promise()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/delay.ts',
      code: `import knex from 'knex';
import delay from 'delay';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await delay(200);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'delay()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/sleep-promise.ts',
      code: `import knex from 'knex';
import sleep from 'sleep-promise';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await sleep(200);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'sleep()', what: 'a sleep', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/exec.ts',
      code: `import { promisify } from 'util';
import { exec } from 'child_process';
import knex from 'knex';
const run = promisify(exec);
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await run('pg_dump mydb > /tmp/x.sql');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'run()', what: 'a child process', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/execa.ts',
      code: `import { execa } from 'execa';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await execa('convert', ['a.png', 'b.jpg']);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'execa()', what: 'a child process', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/zx.ts',
      code: `import { $ } from 'zx';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await $\`convert a.png b.jpg\`;
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: '$`…`', what: 'a child process', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/kafka.ts',
      code: `import { Kafka } from 'kafkajs';
import { PrismaClient } from '@prisma/client';
const kafka = new Kafka({ brokers: ['k:9092'] });
const producer = kafka.producer();
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: {} });
    await producer.send({ topic: 'orders', messages: [{ value: String(order.id) }] });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'producer.send()', what: 'a Kafka publish', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/bullmq.ts',
      code: `import { Queue } from 'bullmq';
import knex from 'knex';
const emails = new Queue('emails');
const db = knex({ client: 'pg' });
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').insert({ id });
    await emails.add('welcome', { id });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'emails.add()', what: 'adding a BullMQ job (a Redis round trip)', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/amqp.ts',
      code: `import amqp from 'amqplib';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(id: number) {
  const conn = await amqp.connect('amqp://localhost');
  const channel = await conn.createConfirmChannel();
  await db.transaction(async (trx) => {
    await trx('users').insert({ id });
    channel.publish('ex', 'users', Buffer.from(String(id)));
    await channel.waitForConfirms();
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 10,
          column: 11,
          data: { call: 'channel.waitForConfirms()', what: 'a RabbitMQ publish confirmation', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/pubsub.ts',
      code: `import { PubSub } from '@google-cloud/pubsub';
import knex from 'knex';
const pubsub = new PubSub();
const db = knex({ client: 'pg' });
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').insert({ id });
    await pubsub.topic('users').publishMessage({ json: { id } });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'pubsub.topic(…).publishMessage()', what: 'a Pub/Sub publish', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/helper.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
async function notify(id: number) {
  await fetch(\`https://hooks.example.com/\${id}\`, { method: 'POST' });
}
export async function f(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').where({ id }).update({ active: true });
    await notify(id);
  });
}`,
      errors: [
        {
          messageId: 'slowHelper',
          line: 9,
          column: 11,
          data: { helper: 'a function of this file', call: 'notify()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/then-chain.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await fetch('https://api.example.com/a').then((r) => r.json());
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 11,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/promise-all.ts',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
export async function f(ids: number[]) {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await Promise.all([axios.get('https://a.example.com'), fetch('https://b.example.com')]);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 24,
          data: { call: 'axios.get()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 7,
          column: 60,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/return-arrow.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function f() {
  return prisma.$transaction(async (tx) => {
    await tx.a.create({ data: {} });
    return fetch('https://api.example.com/a');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 12,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/double-await.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    const data = await (await fetch('https://api.example.com/a')).json();
    await trx('a').insert(data);
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 5,
          column: 31,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/map.ts',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
export async function f(ids: number[]) {
  await db.transaction(async (trx) => {
    await Promise.all(ids.map(async (id) => {
      await trx('a').where({ id }).update({ x: 1 });
      await axios.post('https://api.example.com/a', { id });
    }));
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 13,
          data: { call: 'axios.post()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/pg-promise-all-unmanaged.ts',
      code: `import { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await sleep(100);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 9,
          data: { call: 'sleep()', what: 'a sleep', transaction: 'the transaction begun on `client`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/prisma-array-arrow.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => fetch('https://api.example.com/a'));
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 4,
          column: 43,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/options-listed.ts',
      code: `import knex from 'knex';
import { charge } from '@acme/billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await charge(1);
  });
}`,
      options: [{ slowModules: [{ module: '@acme/billing', names: ['charge'], what: 'a billing call' }] }],
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'charge()', what: 'a billing call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/options-named.ts',
      code: `import knex from 'knex';
import { charge, refund } from '@acme/billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await charge(1);
    await refund(1);
  });
}`,
      options: [{ slowModules: [{ module: '@acme/billing', names: ['charge'], what: 'a billing call' }] }],
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'charge()', what: 'a billing call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/options-namespace.ts',
      code: `import knex from 'knex';
import * as billing from '@acme/billing';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await billing.charge(1);
  });
}`,
      options: [{ slowModules: [{ module: '@acme/billing', names: ['charge'], what: 'a billing call' }] }],
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'billing.charge()', what: 'a billing call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/helper-options.ts',
      code: `import knex from 'knex';
import { charge } from '@acme/billing';
const db = knex({ client: 'pg' });
async function pay(id: number) {
  await charge(id);
}
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await pay(1);
  });
}`,
      options: [{ slowModules: [{ module: '@acme/billing', names: ['charge'], what: 'a billing call' }] }],
      errors: [
        {
          messageId: 'slowHelper',
          line: 10,
          column: 11,
          data: { helper: 'a function of this file', call: 'pay()', what: 'a billing call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/options-default.ts',
      code: `import knex from 'knex';
import mailer from '@acme/mailer';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
    await mailer.send({ to: 'a@b.c' });
  });
}`,
      options: [{ slowModules: [{ module: '@acme/mailer' }] }],
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'mailer.send()', what: 'a call into `@acme/mailer`', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

jsRuleTester.run('no-idle-in-transaction (esm)', rule, {
  valid: [
    {
      filename: 'src/esm-ok.mjs',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
export async function f(id) {
  await db.transaction(async (trx) => {
    await trx('a').where({ id }).update({ x: 1 });
  });
  await axios.post('https://api.example.com/a', { id });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/esm.mjs',
      code: `import knex from 'knex';
import axios from 'axios';
const db = knex({ client: 'pg' });
export async function f(id) {
  await db.transaction(async (trx) => {
    await trx('a').where({ id }).update({ x: 1 });
    await axios.post('https://api.example.com/a', { id });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          data: { call: 'axios.post()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-idle-in-transaction (cjs)', rule, {
  valid: [
    {
      filename: 'src/cjs-ok.cjs',
      code: `const knex = require('knex');
const db = knex({ client: 'pg' });
async function fetch(trx) {
  return trx('a').first();
}
async function f() {
  await db.transaction(async (trx) => {
    await fetch(trx);
  });
}
module.exports = { f };`,
    },
  ],
  invalid: [
    {
      filename: 'src/cjs.cjs',
      code: `const { Pool } = require('pg');
const { setTimeout: sleep } = require('timers/promises');
const pool = new Pool();
async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update a set x = 1');
    await sleep(1000);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
module.exports = { f };`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 11,
          data: { call: 'sleep()', what: 'a sleep', transaction: 'the transaction begun on `client`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/cjs2.cjs',
      code: `const { PrismaClient } = require('@prisma/client');
const Stripe = require('stripe');
const prisma = new PrismaClient();
const stripe = Stripe(process.env.STRIPE_KEY);
async function f(customer) {
  await prisma.$transaction(async (tx) => {
    await tx.payment.create({ data: { customer } });
    await stripe.charges.create({ amount: 100, currency: 'eur', customer });
  });
}
module.exports = { f };`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'stripe.charges.create()', what: 'a Stripe API call', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
  ],
});

// Regressions: cases that once went wrong.
ruleTester.run('no-idle-in-transaction (regressions)', rule, {
  valid: [
    { filename: 'src/timeout-guard.ts', code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), 5000);
      trx('a').insert({}).then(resolve, reject).finally(() => clearTimeout(timer));
    });
  });
}` },
    { filename: 'src/race.ts', code: `import knex from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await Promise.race([trx('a').insert({}), sleep(5000).then(() => { throw new Error('timeout'); })]);
  });
}` },
  ],
  invalid: [
    {
      filename: 'src/got-chain.ts',
      code: `import knex from 'knex';
import got from 'got';
import ky from 'ky';
import superagent from 'superagent';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f(url: string) {
  await db.transaction(async (trx) => {
    const a = await got(url).json();
    const b = await ky.post(url, { json: a }).json();
    await superagent.post(url).send(b);
    await trx('a').insert({ a, b });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 29,
          data: {"call":"got()","what":"an HTTP request","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
        {
          messageId: 'slowWork',
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 46,
          data: {"call":"ky.post()","what":"an HTTP request","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
        {
          messageId: 'slowWork',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 31,
          data: {"call":"superagent.post()","what":"an HTTP request","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/twilio.ts',
      code: `import knex from 'knex';
import twilio from 'twilio';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const client = twilio(process.env.SID, process.env.TOKEN);
export async function f(sid: string) {
  await db.transaction(async (trx) => {
    await client.messages(sid).fetch();
    await trx('a').insert({ sid });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 31,
          data: {"call":"client.messages()","what":"a Twilio API call","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/aws-v2.ts',
      code: `import knex from 'knex';
import AWS from 'aws-sdk';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const sqs = new AWS.SQS();
export async function f() {
  await db.transaction(async (trx) => {
    await sqs.sendMessage({ QueueUrl: 'q', MessageBody: '' }).promise();
    await trx('a').insert({});
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 72,
          data: {"call":"sqs.sendMessage(…).promise()","what":"an AWS API call","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/prisma-timeout.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await fetch('https://example.com');
    await tx.user.findMany();
  }, { timeout: 60_000 });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 39,
          data: {"call":"fetch()","what":"an HTTP request","transaction":"the transaction of `prisma.$transaction()`","timeout":""},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/sleep-arrow.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await new Promise<void>((resolve) => { setTimeout(() => resolve(), 100); });
    await trx('a').insert({});
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 5,
          column: 11,
          endLine: 5,
          endColumn: 80,
          data: {"call":"new Promise()","what":"a sleep","transaction":"the transaction of `db.transaction()`","timeout":"Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely. "},
          suggestions: [
          ],
        },
      ],
    },

  ],
});

ruleTester.run('no-idle-in-transaction (a sleep of a few milliseconds)', rule, {
  valid: [
    {
      // A delay no longer than a query's round trip: a unique timestamp per row, a yield to the event loop.
      filename: 'src/trades.ts',
      code: `import { DataSource } from 'typeorm';
import { setTimeout as pause } from 'node:timers/promises';
const dataSource = new DataSource({ type: 'postgres' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function persist(trades: object[]) {
  await dataSource.transaction(async (manager) => {
    for (const trade of trades) {
      await manager.insert('trade', trade);
      await sleep(1);
      await pause(0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}`,
    },
  ],
  invalid: [
    {
      // Longer than that, or a number that is not the delay (`retry(3)` sleeps for five seconds).
      filename: 'src/trades.ts',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function retry(times: number) {
  await new Promise((resolve) => setTimeout(resolve, 5000 * times));
}
export async function persist(trades: object[]) {
  await dataSource.transaction(async (manager) => {
    await manager.insert('trade', trades);
    await sleep(11);
    await retry(3);
  });
}`,
      errors: [
        {
          messageId: 'slowHelper',
          line: 10,
          column: 11,
          data: { helper: 'a function of this file', call: 'sleep()', what: 'a sleep', transaction: 'the transaction of `dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowHelper',
          line: 11,
          column: 11,
          data: { helper: 'a function of this file', call: 'retry()', what: 'a sleep', transaction: 'the transaction of `dataSource.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (AI, search and GitHub SDKs)', rule, {
  valid: [
    {
      // The model is asked before the transaction opens; only its answer is written inside.
      filename: 'src/ai/summary-before.ts',
      code: `import { generateText } from 'ai';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function summarise(id: string, body: string) {
  const { text } = await generateText({ model: 'openai/gpt-5', prompt: body });
  await prisma.$transaction(async (tx) => {
    await tx.doc.update({ where: { id }, data: { summary: text } });
  });
}`,
    },
    {
      // \`streamText\` returns at once; the stream is read after the transaction.
      filename: 'src/ai/stream.ts',
      code: `import { streamText } from 'ai';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function chat(id: string, prompt: string) {
  const result = await prisma.$transaction(async (tx) => {
    await tx.chat.update({ where: { id }, data: { lastPrompt: prompt } });
    return streamText({ model: 'openai/gpt-5', prompt });
  });
  return result.toTextStreamResponse();
}`,
    },
    {
      // A local function named like the SDK's is not the SDK.
      filename: 'src/ai/local-generate.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
function generateText(template: string) { return template.toUpperCase(); }
export async function f() {
  await db.transaction(async (trx) => {
    await trx('notes').insert({ body: await generateText('hello') });
  });
}`,
    },
    {
      // The search index is updated after the commit.
      filename: 'src/search/after-commit.ts',
      code: `import { Client } from '@elastic/elasticsearch';
import knex from 'knex';
const es = new Client({ node: process.env.ES_URL });
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function publish(id: number) {
  const post = await db.transaction(async (trx) => {
    const [row] = await trx('posts').where({ id }).update({ published: true }).returning('*');
    return row;
  });
  await es.index({ index: 'posts', id: String(id), document: post });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/ai/summary-inside.ts',
      code: `import { generateObject } from 'ai';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function classify(id: string, body: string, schema: any) {
  await prisma.$transaction(async (tx) => {
    const doc = await tx.doc.findUniqueOrThrow({ where: { id } });
    const { object } = await generateObject({ model: 'openai/gpt-5', schema, prompt: doc.body + body });
    await tx.doc.update({ where: { id }, data: { label: object.label } });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 7,
          column: 30,
          data: { call: 'generateObject()', what: 'an AI model call', transaction: 'the transaction of `prisma.$transaction()`', timeout: PRISMA_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/ai/embed-drizzle.ts',
      code: `import * as ai from 'ai';
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export async function index(docs: any, rows: { id: number; text: string }[]) {
  await db.transaction(async (tx) => {
    const { embeddings } = await ai.embedMany({ model: 'openai/text-embedding-3-small', values: rows.map((r) => r.text) });
    await tx.insert(docs).values(rows.map((r, i) => ({ id: r.id, embedding: embeddings[i] })));
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 34,
          data: { call: 'ai.embedMany()', what: 'an AI model call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/ai/gemini.ts',
      code: `import { GoogleGenAI } from '@google/genai';
import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
const genai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
export async function caption(id: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('select url from images where id = $1 for update', [id]);
    const answer = await genai.models.generateContent({ model: 'gemini-2.5-flash', contents: rows[0].url });
    await client.query('update images set caption = $1 where id = $2', [answer.text, id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 10,
          column: 26,
          data: { call: 'genai.models.generateContent()', what: 'a Gemini API call', transaction: 'the transaction begun on `client`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/search/sync.ts',
      code: `import { Client } from '@elastic/elasticsearch';
import knex from 'knex';
const es = new Client({ node: process.env.ES_URL });
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function publish(id: number) {
  await db.transaction(async (trx) => {
    const [post] = await trx('posts').where({ id }).update({ published: true }).returning('*');
    await es.index({ index: 'posts', id: String(id), document: post });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 11,
          data: { call: 'es.index()', what: 'an Elasticsearch request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
    {
      filename: 'src/github/sync.ts',
      code: `import { Octokit } from '@octokit/rest';
import Groq from 'groq-sdk';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });
const groq = new Groq();
export async function importIssue(Issue: any, owner: string, repo: string, number: number) {
  await sequelize.transaction(async (t) => {
    const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: number });
    const triage = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: data.body ?? '' }] });
    await Issue.create({ number, title: data.title, triage: triage.choices[0].message.content }, { transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 9,
          column: 28,
          data: { call: 'octokit.rest.issues.get()', what: 'a GitHub API call', transaction: 'the transaction of `sequelize.transaction()`', timeout: NO_TIMEOUT },
        },
        {
          messageId: 'slowWork',
          line: 10,
          column: 26,
          data: { call: 'groq.chat.completions.create()', what: 'a Groq API call', transaction: 'the transaction of `sequelize.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (a Sequelize instance from the project, known by its transactions)', rule, {
  valid: [
    {
      // Nothing says what `db` is: its handle is never given to a query as `{ transaction }`.
      filename: 'src/tracks/update.js',
      code: `const { db } = require('../lib/db');
async function update(id, body) {
  await db.transaction(async (t) => {
    await t.run(id, body);
    await fetch('https://hooks.example.com/track-updated', { method: 'POST' });
  });
}
module.exports = { update };`,
    },
  ],
  invalid: [
    {
      filename: 'src/tracks/update.js',
      code: `const { Resonate: sequelize, Track } = require('../db/models');
async function update(id, body) {
  await sequelize.transaction(async (t) => {
    await Track.update(body, { where: { id }, transaction: t });
    await fetch('https://hooks.example.com/track-updated', { method: 'POST' });
  });
}
module.exports = { update };`,
      errors: [
        {
          messageId: 'slowWork',
          line: 5,
          column: 11,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `sequelize.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (a Knex instance from the project, known by .transacting(trx))', rule, {
  valid: [],
  invalid: [
    {
      filename: 'src/pages/sync.ts',
      code: `import { knex } from '../lib/db';
import axios from 'axios';
export async function sync(id: number) {
  await knex.transaction(async (trx) => {
    await knex('pages').where({ id }).update({ synced: true }).transacting(trx);
    await axios.get('https://api.example.com/pages');
  });
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 6,
          column: 11,
          data: { call: 'axios.get()', what: 'an HTTP request', transaction: 'the transaction of `knex.transaction()`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (deno-postgres)', rule, {
  valid: [
    {
      // The HTTP call comes after the commit.
      filename: 'supabase/functions/orders/index.ts',
      code: `import { Pool } from 'jsr:@db/postgres';
const pool = new Pool({ hostname: 'db', applicationName: 'orders' }, 3);
export async function place(id: number) {
  using client = await pool.connect();
  const transaction = client.createTransaction('place');
  await transaction.begin();
  await transaction.queryArray\`UPDATE orders SET placed = true WHERE id = \${id}\`;
  await transaction.commit();
  await fetch('https://hooks.example.com/orders');
}`,
    },
  ],
  invalid: [
    {
      filename: 'supabase/functions/orders/index.ts',
      code: `import { Pool } from 'jsr:@db/postgres';
const pool = new Pool({ hostname: 'db', applicationName: 'orders' }, 3);
export async function place(id: number) {
  using client = await pool.connect();
  const transaction = client.createTransaction('place');
  await transaction.begin();
  await transaction.queryArray\`UPDATE orders SET placed = true WHERE id = \${id}\`;
  await fetch('https://hooks.example.com/orders');
  await transaction.commit();
}`,
      errors: [
        {
          messageId: 'slowWork',
          line: 8,
          column: 9,
          data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction begun on `transaction`', timeout: NO_TIMEOUT },
        },
      ],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (messaging and API clients)', rule, {
  valid: [
    {
      // Creating the sender sends nothing; the send comes after the commit.
      filename: 'app/processing/publish.ts',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres' });
const bus = new ServiceBusClient(process.env.SERVICE_BUS!);
export async function publish(batch: { id: number }[]) {
  const t = await sequelize.transaction();
  try {
    const sender = bus.createSender('payments');
    await sequelize.query('UPDATE payments SET sent = true', { transaction: t });
    await t.commit();
    await sender.sendMessages(batch.map((item) => ({ body: item })));
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
    },
  ],
  invalid: [
    {
      filename: 'app/processing/publish.ts',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres' });
const bus = new ServiceBusClient(process.env.SERVICE_BUS!);
export async function publish(batch: { id: number }[]) {
  const t = await sequelize.transaction();
  try {
    const sender = bus.createSender('payments');
    await sequelize.query('UPDATE payments SET sent = true', { transaction: t });
    await sender.sendMessages(batch.map((item) => ({ body: item })));
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`,
      errors: [{ messageId: 'slowWork', line: 10, column: 11, data: { call: 'sender.sendMessages()', what: 'a Service Bus send', transaction: 'the transaction begun on `t`', timeout: NO_TIMEOUT } }],
    },
    {
      filename: 'src/commands/edit.ts',
      code: `import { REST } from '@discordjs/rest';
import { drizzle } from 'drizzle-orm/node-postgres';
import { messages } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
const rest = new REST({ version: '10' }).setToken(process.env.DISCORD_TOKEN!);
export async function edit(channelId: string, id: string, content: string) {
  await db.transaction(async (tx) => {
    await tx.update(messages).set({ content });
    await rest.patch(\`/channels/\${channelId}/messages/\${id}\`, { body: { content } });
  });
}`,
      errors: [{ messageId: 'slowWork', line: 9, column: 11, data: { call: 'rest.patch()', what: 'a Discord API call', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT } }],
    },
    {
      filename: 'app/api/quiz/route.ts',
      code: `import { Client } from '@upstash/qstash';
import { drizzle } from 'drizzle-orm/postgres-js';
import { submissions } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
const qstash = new Client({ token: process.env.QSTASH_TOKEN! });
export async function POST(req: Request) {
  const body = await req.json();
  await db.transaction(async (tx) => {
    await tx.insert(submissions).values(body);
    await qstash.publishJSON({ url: 'https://example.com/api/grade', body });
  });
  return new Response('ok');
}`,
      errors: [{ messageId: 'slowWork', line: 10, column: 11, data: { call: 'qstash.publishJSON()', what: 'a QStash publish', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT } }],
    },
  ],
});

ruleTester.run('no-idle-in-transaction (a callback handed through a wrapper)', rule, {
  valid: [
    {
      // Prisma's array form built with map: the mapped function is no transaction callback.
      filename: 'src/jobs/sync.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function sync(ids: string[]) {
  await prisma.$transaction(ids.map((id) => prisma.user.update({ where: { id }, data: { synced: true } })));
  await fetch('https://hooks.example.com/synced');
}`,
    },
  ],
  invalid: [
    {
      // \`autoRollbackTx\` (another module) decorates the callback and hands it the handle.
      filename: 'src/commands/edit.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { autoRollbackTx } from '../db/tx';
import { messages } from '../db/schema';
const db = drizzle(process.env.DATABASE_URL!);
export async function edit(id: string, content: string) {
  await db.transaction(
    autoRollbackTx(async (tx) => {
      await tx.update(messages).set({ content });
      await fetch(\`https://discord.com/api/v10/messages/\${id}\`, { method: 'PATCH', body: JSON.stringify({ content }) });
    }),
  );
}`,
      errors: [{ messageId: 'slowWork', line: 9, column: 13, data: { call: 'fetch()', what: 'an HTTP request', transaction: 'the transaction of `db.transaction()`', timeout: NO_TIMEOUT } }],
    },
  ],
});
