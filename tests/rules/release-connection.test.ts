import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/release-connection';
import { packageWith } from '../helpers/package';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';
import { fastifyPostgresPackage } from '../helpers/fastify-postgres';
import { GUARDED_QUERY_RUNNER } from '../helpers/shared-cases';

/** A test that releases its connection only on the happy path (a throw fails the test anyway). */
const HAPPY_PATH_TEST = `import { Pool } from 'pg';
import { expect, it } from 'vitest';
const pool = new Pool();
it('finds the user', async () => {
  const client = await pool.connect();
  const { rows } = await client.query('select 1 as one');
  client.release();
  expect(rows[0].one).toBe(1);
});`;

ruleTester.run('release-connection (ts)', rule, {
  valid: [
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
    // String methods and Math between the checkout and the `try` run none of the program's code:
    // they fail only where reading a property would, which no path counts either.
    { filename: 'src/monitors/sql-probe.ts', code: `import { Client } from 'pg';

export async function probe(target: { url: string; query: string }, maxRows: number) {
  const client = new Client({ connectionString: target.url, application_name: 'sql-probe' });
  await client.connect();
  const text = target.query.replace(/;+\\s*$/, '').trim();
  const limit = Math.max(1, Math.floor(maxRows)) + Number.parseInt(String(maxRows), 10) * 0;
  try {
    const { rows } = await client.query(\`select * from (\${text}) probe limit \${limit}\`);
    return rows;
  } finally {
    await client.end();
  }
}` },
    // Released in the `catch`, and again in the `finally` only when not released yet: the state
    // check keeps the path that released from entering the second release.
    { filename: 'src/orders/orders.service.ts', code: `import { DataSource, QueryFailedError } from 'typeorm';

export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}

  async create(total: number) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const queryRunner = this.dataSource.createQueryRunner();
      try {
        await queryRunner.connect();
        await queryRunner.startTransaction();
        await queryRunner.manager.query('insert into orders (total) values ($1)', [total]);
        await queryRunner.commitTransaction();
        return total;
      } catch (error) {
        try {
          await queryRunner.rollbackTransaction();
        } catch {}
        await queryRunner.release();
        if (error instanceof QueryFailedError && attempt < 2) continue;
        throw error;
      } finally {
        if (!queryRunner.isReleased) {
          await queryRunner.release();
        }
      }
    }
    throw new Error('unreachable');
  }
}` },
    // Another database's dialect-specific code (an app that runs on several): not PostgreSQL's.
    { filename: 'src/memory/SQLiteMemory/sqliteSaver.ts', code: `import { DataSource } from 'typeorm';

export async function setup(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.query('create table if not exists checkpoints (id text primary key)');
  await queryRunner.release();
}` },
    {
      // A checkout stored as a promise and awaited later into another variable, released there.
      filename: 'src/pending-checkout.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function run(prepare: () => Promise<void>) {
  const pending = pool.connect();
  await prepare();
  const client = await pending;
  try {
    return (await client.query('select 1')).rows;
  } finally {
    client.release();
  }
}`,
    },
    // a script's main(), run once per process: a throw leaks one connection, not one per request
    { filename: 'scripts/recreate-db.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
async function main() {
  const client = await pool.connect();
  await client.query('drop database if exists app_test');
  client.release();
}
main().then(() => pool.end()).catch((error) => { console.error(error); process.exit(1); });` },
    // a test that throws has failed already: its happy-path release is not reported (checkTests: false)
    { filename: 'test/users.test.ts', code: HAPPY_PATH_TEST },
    { filename: 'packages/db/src/testing/reset.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function reset() {
  const client = await pool.connect();
  await client.query('truncate users');
  client.release();
}` },
    { filename: 'src/finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    if (!rows.length) {
      return null;
    }
    return rows[0];
  } finally {
    client.release();
  }
}` },
    { filename: 'src/canonical-tx.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}` },
    { filename: 'src/typeorm-canonical.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function createInvoice() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('insert into invoices default values');
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}` },
    { filename: 'src/await-using.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function report() {
  await using queryRunner = dataSource.createQueryRunner();
  return queryRunner.query('select 1');
}` },
    { filename: 'src/returned.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function getClient() {
  const client = await pool.connect();
  await client.query("set statement_timeout = '5s'");
  return client;
}` },
    { filename: 'src/stored.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export class Listener {
  private client?: PoolClient;
  async start() {
    this.client = await pool.connect();
    await this.client.query('LISTEN jobs');
  }
}` },
    { filename: 'src/listener.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function subscribe(onJob: (payload?: string) => void) {
  const client = await pool.connect();
  client.on('notification', (message) => onJob(message.payload));
  await client.query('LISTEN jobs');
}` },
    { filename: 'src/handed-over.ts', code: `import { Pool } from 'pg';
import { runMigrations } from './migrations';
const pool = new Pool();
export async function migrate() {
  const client = await pool.connect();
  await runMigrations(client);
}` },
    { filename: 'src/helper.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
function done(client: PoolClient) {
  client.release();
}
export async function count() {
  const client = await pool.connect();
  try {
    return (await client.query('select count(*) from t')).rows[0];
  } finally {
    done(client);
  }
}` },
    { filename: 'src/promise-finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function count() {
  const client = await pool.connect();
  return client.query('select 1').finally(() => client.release());
}` },
    { filename: 'src/loop-finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function sync(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from t where id = $1', [id]);
      if (!rowCount) {
        continue;
      }
      await client.query('update t set synced = true where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}` },
    { filename: 'src/release-error.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function risky() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
}` },
    { filename: 'src/client-finally.ts', code: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  try {
    return (await client.query('select now()')).rows;
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/sync-status.ts', code: `import { Client } from 'pg';
import { Result } from './result';
export async function status(url: string) {
  const client = new Client({ connectionString: url });
  // The connect's promise goes to a wrapper: whether it connected is in the wrapper's result.
  const connected = await Result.fromPromise(client.connect());
  if (connected.status === 'error') {
    return { ok: false, error: String(connected.error) };
  }
  try {
    return { ok: true, rows: (await client.query('select 1')).rows };
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/reserve-finally.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function claim() {
  const reserved = await sql.reserve();
  try {
    return await reserved\`select * from jobs for update skip locked limit 1\`;
  } finally {
    reserved.release();
  }
}` },
    { filename: 'src/lookalike.ts', code: `const pool = { async connect() { return { release() {}, async query(_: string) { return 1; } }; } };
export async function f() {
  const client = await pool.connect();
  await client.query('select 1');
}` },
    { filename: 'src/guarded.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function run() {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('select 1');
  } finally {
    if (client) client.release();
  }
}` },
    { filename: 'src/module-state.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
let listener: PoolClient;
export async function start() {
  listener = await pool.connect();
  await listener.query('LISTEN jobs');
}` },
    { filename: 'src/loop-end.ts', code: `import { Client } from 'pg';
export async function createDatabase(names: string[]) {
  for (const n of names) {
    const client = new Client({ database: n });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      console.log(error);
    } finally {
      await client.end();
    }
  }
}` },
    { filename: 'src/typeorm-props.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export function connectionOf() {
  const queryRunner = dataSource.createQueryRunner();
  return queryRunner.connection.options;
}` },
    { filename: 'src/drizzle-client.ts', code: `import { Client } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
export async function a() {
  const client = new Client({});
  const db = drizzle({ client });
  await client.connect();
  try {
    await db.execute('select 1');
  } finally {
    await db.$client.end();
  }
}
export async function b() {
  const client = new Client({});
  const db = drizzle(client);
  await client.connect();
  try {
    await db.execute('select 1');
  } finally {
    await db.$client.end();
  }
}` },

    { filename: 'src/db/namespace-finally.ts', code: `import * as pg from 'pg';

const pool = new pg.Pool();

export async function countDrafts(authorId: number) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select count(*) from posts where author_id = $1 and draft', [authorId]);
    return Number(rows[0].count);
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/pg-pool.ts', code: `import Pool from 'pg-pool';

const pool = new Pool({ max: 20, idleTimeoutMillis: 10_000 });

export async function loadFlags() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select key, enabled from feature_flags');
    return new Map(rows.map((row) => [row.key, row.enabled]));
  } finally {
    client.release();
  }
}` },
    { filename: 'src/edge/neon-pool.ts', code: `import { Pool } from '@neondatabase/serverless';

export default {
  async fetch(request: Request, env: { DATABASE_URL: string }, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const client = await pool.connect();
    try {
      const { rows } = await client.query('select id, title from articles order by published_at desc limit 10');
      return Response.json(rows);
    } finally {
      client.release();
      ctx.waitUntil(pool.end());
    }
  },
};` },
    { filename: 'src/app/api/visits/route.ts', code: `import { createClient } from '@vercel/postgres';

export async function POST(request: Request) {
  const { path } = await request.json();
  const client = createClient();
  await client.connect();
  try {
    await client.sql\`insert into visits (path) values (\${path})\`;
    return new Response(null, { status: 204 });
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/app/api/search/route.ts', code: `import { createPool } from '@vercel/postgres';

const pool = createPool({ connectionString: process.env.POSTGRES_URL });

export async function GET(request: Request) {
  const term = new URL(request.url).searchParams.get('q') ?? '';
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select id, name from products where name ilike $1 limit 20', [\`%\${term}%\`]);
    return Response.json(rows);
  } finally {
    client.release();
  }
}` },
    { filename: 'src/orders/orders.service.ts', code: `import { DataSource } from 'typeorm';

export class OrdersService {
  constructor(private readonly dataSource: DataSource) {}

  async cancel(orderId: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.query('update orders set status = $1 where id = $2', ['cancelled', orderId]);
      await queryRunner.query('delete from reservations where order_id = $1', [orderId]);
    } finally {
      await queryRunner.release();
    }
  }
}` },
    { filename: 'src/orders/typed-runner.ts', code: `import { DataSource, type QueryRunner } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function refundTotal(customerId: number) {
  let qr: QueryRunner | undefined;
  try {
    qr = dataSource.createQueryRunner();
    await qr.connect();
    const [row] = await qr.query('select coalesce(sum(amount), 0) as total from refunds where customer_id = $1', [customerId]);
    return Number(row.total);
  } finally {
    await qr?.release();
  }
}` },
    { filename: 'src/jobs/reserve-loop.ts', code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function drainQueue(batchSize: number) {
  const reserved = await sql.reserve();
  try {
    for (let i = 0; i < batchSize; i++) {
      const [job] = await reserved\`select id from jobs where taken_at is null limit 1 for update skip locked\`;
      if (!job) {
        break;
      }
      await reserved\`update jobs set taken_at = now() where id = \${job.id}\`;
    }
  } finally {
    reserved.release();
  }
}` },
    { filename: 'src/jobs/pgp-destroy.ts', code: `import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export async function probe() {
  const sco = await db.connect();
  try {
    await sco.one('select 1 as ok');
  } catch (err) {
    sco.done(true);
    throw err;
  }
  sco.done();
}` },
    { filename: 'src/db/nested-try.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function importContacts(contacts: Array<{ email: string; name: string }>) {
  const client = await pool.connect();
  let skipped = 0;
  try {
    for (const contact of contacts) {
      try {
        await client.query('insert into contacts (email, name) values ($1, $2)', [contact.email, contact.name]);
      } catch {
        skipped++;
      }
    }
  } finally {
    client.release();
  }
  return skipped;
}` },
    { filename: 'src/db/loop-break-finally.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function firstAvailableSlot(dates: string[]) {
  let slot: string | undefined;
  for (const date of dates) {
    const client = await pool.connect();
    try {
      const { rows } = await client.query('select id from slots where day = $1 and booked = false limit 1', [date]);
      if (rows.length > 0) {
        slot = rows[0].id;
        break;
      }
    } finally {
      client.release();
    }
  }
  return slot;
}` },
    { filename: 'src/db/switch-finally.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function dashboardStat(kind: 'users' | 'orders' | 'revenue') {
  const client = await pool.connect();
  try {
    switch (kind) {
      case 'users':
        return (await client.query('select count(*) from users')).rows[0].count;
      case 'orders':
        return (await client.query('select count(*) from orders')).rows[0].count;
      default:
        return (await client.query('select sum(total) from orders')).rows[0].sum;
    }
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/conditional-acquire.ts', code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

export async function runReport(sqlText: string, lock: boolean) {
  let client: PoolClient | undefined;
  try {
    if (lock) {
      client = await pool.connect();
      await client.query('select pg_advisory_lock(42)');
      return (await client.query(sqlText)).rows;
    }
    return (await pool.query(sqlText)).rows;
  } finally {
    client?.release();
  }
}` },
    { filename: 'src/db/replica.ts', code: `import { Pool } from 'pg';

const primary = new Pool({ connectionString: process.env.PRIMARY_URL });
const replica = new Pool({ connectionString: process.env.REPLICA_URL });

export async function readProfile(id: string, fresh: boolean) {
  const client = fresh ? await primary.connect() : await replica.connect();
  try {
    return (await client.query('select * from profiles where id = $1', [id])).rows[0];
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/promise-chain.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function latestInvoices(customerId: string) {
  const client = await pool.connect();
  return client
    .query('select * from invoices where customer_id = $1 order by issued_at desc limit 5', [customerId])
    .then((result) => result.rows)
    .finally(() => client.release());
}` },
    { filename: 'src/db/catch-fallback.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function safeCount(table: 'users' | 'orders') {
  const client = await pool.connect();
  try {
    const { rows } = await client.query(\`select count(*) from \${table}\`);
    return Number(rows[0].count);
  } catch {
    return 0;
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/throw-after-release.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function requireUser(id: string) {
  const client = await pool.connect();
  let user;
  try {
    user = (await client.query('select * from users where id = $1', [id])).rows[0];
  } finally {
    client.release();
  }
  if (!user) {
    throw new Error(\`user \${id} not found\`);
  }
  return user;
}` },
    { filename: 'src/db/two-pools-nested.ts', code: `import { Pool } from 'pg';

const source = new Pool({ connectionString: process.env.SOURCE_URL });
const target = new Pool({ connectionString: process.env.TARGET_URL });

export async function copyProducts() {
  const from = await source.connect();
  try {
    const to = await target.connect();
    try {
      const { rows } = await from.query('select sku, title from products');
      for (const row of rows) {
        await to.query('insert into products (sku, title) values ($1, $2) on conflict do nothing', [row.sku, row.title]);
      }
    } finally {
      to.release();
    }
  } finally {
    from.release();
  }
}` },
    { filename: 'src/repos/audit.repo.ts', code: `import type { Pool } from 'pg';

export class AuditRepository {
  constructor(private readonly pool: Pool) {}

  async record(actor: string, action: string) {
    const client = await this.pool.connect();
    try {
      await client.query('insert into audit_log (actor, action) values ($1, $2)', [actor, action]);
    } finally {
      client.release();
    }
  }
}` },
    { filename: 'src/db/if-else-release.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function claimCoupon(code: string) {
  const client = await pool.connect();
  let claimed;
  try {
    claimed = await client.query('update coupons set used = true where code = $1 and not used', [code]);
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  if (claimed.rowCount) {
    client.release();
    return true;
  } else {
    client.release();
    return false;
  }
}` },
    { filename: 'src/db/labeled-continue.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function syncTenants(tenants: Array<{ id: string; tables: string[] }>) {
  outer: for (const tenant of tenants) {
    const client = await pool.connect();
    try {
      for (const table of tenant.tables) {
        const { rowCount } = await client.query('select 1 from information_schema.tables where table_name = $1', [table]);
        if (!rowCount) {
          continue outer;
        }
        await client.query('select sync_table($1, $2)', [tenant.id, table]);
      }
    } finally {
      client.release();
    }
  }
}` },
    { filename: 'src/db/retry.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function withRetry(statement: string, attempts = 3) {
  let attempt = 0;
  do {
    const client = await pool.connect();
    try {
      return (await client.query(statement)).rows;
    } catch (err) {
      attempt++;
      if (attempt >= attempts) {
        throw err;
      }
    } finally {
      client.release();
    }
  } while (true);
}` },
    { filename: 'src/db/partial-helper.ts', code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

function maybeRelease(client: PoolClient, keep: boolean) {
  if (!keep) {
    client.release();
  }
}

export async function warmCache(keep: boolean) {
  const client = await pool.connect();
  await client.query('select * from hot_products');
  maybeRelease(client, keep);
}` },
    { filename: 'scripts/healthcheck.ts', code: `import { Client } from 'pg';

export async function healthcheck() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/db/with-client.ts', code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

export async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/lookalike-runner.ts', code: `import type { DataSource } from 'typeorm';

function createQueryRunner() {
  return { rows: [] as string[], async query(text: string) { this.rows.push(text); return []; }, async release() {} };
}

export async function dryRun(statements: string[], _dataSource?: DataSource) {
  const queryRunner = createQueryRunner();
  for (const statement of statements) {
    await queryRunner.query(statement);
  }
  return queryRunner.rows;
}` },
    { filename: 'src/db/local-pool.ts', code: `import type { QueryResult } from 'pg';

class FakePool {
  async connect() {
    return { query: async (_text: string): Promise<Partial<QueryResult>> => ({ rows: [] }), release() {} };
  }
}

export async function fixtureRows() {
  const pool = new FakePool();
  const client = await pool.connect();
  return (await client.query('select 1')).rows;
}` },
    { filename: 'src/exports/users-stream.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function* exportUsers(batch: number) {
  const client = await pool.connect();
  try {
    let offset = 0;
    while (true) {
      const { rows } = await client.query('select * from users order by id limit $1 offset $2', [batch, offset]);
      if (rows.length < 1) {
        return;
      }
      yield rows;
      offset += rows.length;
    }
  } finally {
    client.release();
  }
}` },
    { filename: 'src/db/null-guard.ts', code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

export async function expireTrials() {
  let client: PoolClient | null = null;
  try {
    client = await pool.connect();
    await client.query('update accounts set plan = $1 where trial_ends_at < now()', ['free']);
  } finally {
    if (client !== null) {
      client.release();
    }
  }
}` },
    { filename: 'src/db/catch-callback.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function recordHeartbeat(workerId: string) {
  const client = await pool.connect();
  await client.query('update workers set heartbeat_at = now() where id = $1', [workerId]).catch((err) => {
    client.release(err);
    throw err;
  });
  client.release();
}` },
    { filename: 'src/edge/neon-wait-until.ts', code: `import { Client } from '@neondatabase/serverless';

export default {
  async fetch(request: Request, env: { DATABASE_URL: string }, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    try {
      const { rows } = await client.query('select now()');
      return Response.json(rows[0]);
    } finally {
      ctx.waitUntil(client.end());
    }
  },
};` },
    { filename: 'src/db/tenant-client.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function tenantClient(schema: string) {
  const client = await pool.connect();
  try {
    await client.query(\`set search_path to \${schema}\`);
    return client;
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}` },
    { filename: 'src/db/switch-fallthrough.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function refreshViews(scope: 'all' | 'sales' | 'none') {
  const client = await pool.connect();
  try {
    switch (scope) {
      case 'all':
        await client.query('refresh materialized view inventory_summary');
      // falls through
      case 'sales':
        await client.query('refresh materialized view sales_summary');
        break;
      default:
        break;
    }
  } finally {
    client.release();
  }
}` },
    { filename: 'src/jobs/do-while-continue.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function drain(batch: number) {
  let moved = 0;
  do {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('with m as (delete from inbox returning *) insert into archive select * from m limit $1', [batch]);
      moved = rowCount ?? 0;
      if (moved < 1) {
        continue;
      }
    } finally {
      client.release();
    }
  } while (moved > 0);
}` },
    { filename: 'src/db/release-ref.ts', code: `import { Pool } from 'pg';

const pool = new Pool();

export async function lastLogin(userId: string) {
  const client = await pool.connect();
  return client
    .query('select max(created_at) as at from logins where user_id = $1', [userId])
    .then((result) => result.rows[0].at)
    .finally(client.release);
}` },
    { filename: 'src/qr-await-double.ts', code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres' });

export async function f() {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const rows = await queryRunner.query('select 1');
    await queryRunner.release();
    return rows;
  } catch (err) {
    await queryRunner.release();
    throw err;
  }
}` },
    { filename: 'src/reserve-double.ts', code: `import postgres from 'postgres';

const sql = postgres();

export async function f() {
  const reserved = await sql.reserve();
  try {
    const rows = await reserved\`select 1\`;
    await reserved.release();
    return rows;
  } catch (err) {
    reserved.release();
    throw err;
  }
}` },
    { filename: 'src/cb-finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(id: string) {
  pool.connect(async (err, client, release) => {
    if (err) throw err;
    try {
      await client!.query('update t set seen = now() where id = $1', [id]);
    } finally {
      release();
    }
  });
}` },
  ],
  invalid: [
    {
      // called at start-up and from a route handler: it runs per request too
      filename: 'src/warm-up.ts',
      code: `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
async function ping() {
  const client = await pool.connect();
  await client.query('select 1');
  client.release();
}
ping();
app.get('/health', async (req, res) => { await ping(); res.send('ok'); });`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 24,
          data: { handle: 'client', line: 7 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
async function ping() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}
ping();
app.get('/health', async (req, res) => { await ping(); res.send('ok'); });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'test/users.test.ts',
      options: [{ checkTests: true }],
      code: HAPPY_PATH_TEST,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          data: { handle: 'client', line: 6 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
import { expect, it } from 'vitest';
const pool = new Pool();
it('finds the user', async () => {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select 1 as one');
    expect(rows[0].one).toBe(1);
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
      // never released: reported in tests too (the pool keeps the connection and the run hangs)
      filename: 'test/users.test.ts',
      code: `import { Pool } from 'pg';
import { it } from 'vitest';
const pool = new Pool();
it('finds the user', async () => {
  const client = await pool.connect();
  await client.query('select 1');
});`,
      errors: [{ messageId: 'notReleased', line: 5, column: 24, data: { handle: 'client', line: 7 } }],
    },
    {
      filename: 'src/happy-path.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('select * from users where id = $1', [id]);
  client.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
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
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    if (!rows.length) {
      return null;
    }
    client.release();
    return rows[0];
  } catch (error) {
    client.release();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/never.ts',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function count() {
  const client = await pool.connect();
  const result = await client.query('select count(*) from users');
  return result.rows[0].count;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":6},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/swallow.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update users set seen_at = now() where id = $1', [id]);
    client.release();
  } catch (error) {
    console.error(error);
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/rethrow.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update users set seen_at = now() where id = $1', [id]);
  } catch (error) {
    throw new Error('touch failed', { cause: error });
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'rethrownHeld',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":8},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query('update users set seen_at = now() where id = $1', [id]);
    } catch (error) {
      throw new Error('touch failed', { cause: error });
    }
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
      // The failure is wrapped in the catch block: the message names that throw, not `new Error(…)` as a call.
      filename: 'src/etl/sql.js',
      code: `import pg from 'pg';
import { codes } from './codes.js';

export async function runSql(connection, text) {
  try {
    const client = new pg.Client({ ...connection, application_name: 'etl' });
    await client.connect();
    const result = await client.query(text);
    await client.end();
    return result.rowCount;
  } catch (err) {
    throw new Error(codes[err.code] ?? 'query failed');
  }
}`,
      errors: [
        {
          messageId: 'rethrownHeld',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 27,
          data: { handle: 'client', line: 12 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import pg from 'pg';
import { codes } from './codes.js';

export async function runSql(connection, text) {
  try {
    const client = new pg.Client({ ...connection, application_name: 'etl' });
    await client.connect();
    try {
      const result = await client.query(text);
      return result.rowCount;
    } finally {
      await client.end();
    }
  } catch (err) {
    throw new Error(codes[err.code] ?? 'query failed');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/loop-continue.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function sync(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from t where id = $1', [id]);
      if (!rowCount) {
        continue;
      }
      await client.query('update t set synced = true where id = $1', [id]);
    } catch (error) {
      client.release();
      throw error;
    }
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          data: {"handle":"client","line":18},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/loop-break.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function firstFree(slots: string[]) {
  let found: string | undefined;
  for (const slot of slots) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from slots where id = $1 and free', [slot]);
      if (rowCount) {
        found = slot;
        break;
      }
    } catch (error) {
      client.release();
      throw error;
    }
    client.release();
  }
  return found;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/switch.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function run(kind: 'a' | 'b') {
  const client = await pool.connect();
  try {
    switch (kind) {
      case 'a':
        await client.query('select 1');
        client.release();
        break;
      case 'b':
        await client.query('select 2');
        break;
    }
  } catch (error) {
    client.release();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/throw.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function guarded(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('select * from t where id = $1', [id]);
  if (!rows.length) {
    throw new Error('not found');
  }
  client.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'thrownHeld',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":7},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function guarded(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from t where id = $1', [id]);
    if (!rows.length) {
      throw new Error('not found');
    }
    return rows[0];
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
      filename: 'src/twice.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function twice() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
    client.release();
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 21,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/twice-catch.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function twice() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } catch (error) {
    client.release(true);
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 21,
          data: {"handle":"client","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/query-runner.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  const rows = await queryRunner.query('select * from report');
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 53,
          data: {"handle":"queryRunner","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/query-runner-happy.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  const rows = await queryRunner.query('select * from report');
  await queryRunner.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 53,
          data: {"handle":"queryRunner","line":6},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    const rows = await queryRunner.query('select * from report');
    return rows;
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
      filename: 'src/reserve.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function lockAndRead() {
  const reserved = await sql.reserve();
  const rows = await reserved\`select * from jobs for update skip locked limit 1\`;
  reserved.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 39,
          data: {"handle":"reserved","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function lockAndRead() {
  const reserved = await sql.reserve();
  try {
    const rows = await reserved\`select * from jobs for update skip locked limit 1\`;
    return rows;
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
      filename: 'src/client.ts',
      code: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select now()');
  await client.end();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  try {
    const { rows } = await client.query('select now()');
    return rows;
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/neon.ts',
      code: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function read() {
  const client = await pool.connect();
  const { rows } = await client.query('select 1');
  client.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function read() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select 1');
    return rows;
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
      filename: 'src/vercel.ts',
      code: `import { sql } from '@vercel/postgres';
export async function read() {
  const client = await sql.connect();
  const { rows } = await client.query('select 1');
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 37,
          data: {"handle":"client","line":5},
          suggestions: [
          ],
        },
      ],
    },

    {
      filename: 'src/db/namespace-import.ts',
      code: `import * as pg from 'pg';

const pool = new pg.Pool({ max: 5 });

export async function listTags(postId: number) {
  const client = await pool.connect();
  const { rows } = await client.query('select tag from post_tags where post_id = $1', [postId]);
  client.release();
  return rows.map((row) => row.tag);
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":7},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import * as pg from 'pg';

const pool = new pg.Pool({ max: 5 });

export async function listTags(postId: number) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select tag from post_tags where post_id = $1', [postId]);
    return rows.map((row) => row.tag);
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
      filename: 'src/legacy/ts-require.ts',
      code: `import pg = require('pg');

const pool = new pg.Pool();

export async function lockSeat(seatId: string) {
  const client = await pool.connect();
  const { rowCount } = await client.query('update seats set held_until = now() + interval \\'5 minutes\\' where id = $1 and held_until < now()', [seatId]);
  if (!rowCount) {
    throw new Error(\`seat \${seatId} is taken\`);
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'thrownHeld',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":9},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import pg = require('pg');

const pool = new pg.Pool();

export async function lockSeat(seatId: string) {
  const client = await pool.connect();
  try {
    const { rowCount } = await client.query('update seats set held_until = now() + interval \\'5 minutes\\' where id = $1 and held_until < now()', [seatId]);
    if (!rowCount) {
      throw new Error(\`seat \${seatId} is taken\`);
    }
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
      filename: 'src/edge/neon-client.ts',
      code: `import { Client } from '@neondatabase/serverless';

export async function GET(request: Request) {
  const client = new Client(process.env.DATABASE_URL);
  await client.connect();
  const { rows } = await client.query('select * from products where slug = $1', [new URL(request.url).searchParams.get('slug')]);
  return Response.json(rows[0] ?? null);
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 25,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/app/api/likes/route.ts',
      code: `import { db } from '@vercel/postgres';

export async function POST(request: Request) {
  const { postId } = await request.json();
  const client = await db.connect();
  await client.sql\`update posts set likes = likes + 1 where id = \${postId}\`;
  client.release();
  return new Response(null, { status: 204 });
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 36,
          data: {"handle":"client","line":6},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { db } from '@vercel/postgres';

export async function POST(request: Request) {
  const { postId } = await request.json();
  const client = await db.connect();
  try {
    await client.sql\`update posts set likes = likes + 1 where id = \${postId}\`;
    return new Response(null, { status: 204 });
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
      filename: 'src/orders/manager-runner.ts',
      code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function archiveShipped() {
  const queryRunner = dataSource.manager.connection.createQueryRunner();
  try {
    await queryRunner.query('insert into orders_archive select * from orders where status = $1', ['shipped']);
    await queryRunner.query('delete from orders where status = $1', ['shipped']);
  } catch (err) {
    await queryRunner.release();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 72,
          data: {"handle":"queryRunner","line":14},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/reserve-early-return.ts',
      code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function firstStale(queues: string[]) {
  const reserved = await sql.reserve();
  for (const queue of queues) {
    const [job] = await reserved\`select id from jobs where queue = \${queue} and heartbeat_at < now() - interval '1 minute' limit 1\`;
    if (job) {
      return job.id;
    }
  }
  reserved.release();
  return null;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 39,
          data: {"handle":"reserved","line":10},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/nested-double.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function rebuildIndex() {
  const client = await pool.connect();
  try {
    try {
      await client.query('reindex table concurrently search_documents');
    } finally {
      client.release();
    }
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 14,
          column: 5,
          endLine: 14,
          endColumn: 33,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/poll-loop.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function waitForMigration(version: number) {
  const client = await pool.connect();
  while (true) {
    const { rows } = await client.query('select max(version) as v from schema_migrations');
    if (rows[0].v >= version) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":8},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function waitForMigration(version: number) {
  const client = await pool.connect();
  try {
    while (true) {
      const { rows } = await client.query('select max(version) as v from schema_migrations');
      if (rows[0].v >= version) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
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
      filename: 'src/db/switch-default.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function applyAction(action: string, id: number) {
  const client = await pool.connect();
  try {
    switch (action) {
      case 'approve':
        await client.query('update requests set status = $1 where id = $2', ['approved', id]);
        break;
      case 'reject':
        await client.query('update requests set status = $1 where id = $2', ['rejected', id]);
        break;
      default:
        return false;
    }
    client.release();
    return true;
  } catch (err) {
    client.release();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":16},
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

router.get('/users/:id', async (req, res) => {
  const client = await pool.connect();
  const { rows } = await client.query('select id, name from users where id = $1', [req.params.id]);
  res.json(rows[0] ?? null);
});`,
      errors: [
        {
          messageId: 'notReleased',
          line: 8,
          column: 24,
          endLine: 8,
          endColumn: 38,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/setup-outside-try.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function slowReport() {
  const client = await pool.connect();
  await client.query("set statement_timeout = '60s'");
  try {
    const { rows } = await client.query('select * from report_daily_totals');
    return rows;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/catch-fallback-leak.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function cachedSetting(key: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select value from settings where key = $1', [key]);
    client.release();
    return rows[0]?.value ?? null;
  } catch (err) {
    console.warn('settings lookup failed', err);
    return null;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":13},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/two-pools.ts',
      code: `import { Pool } from 'pg';

const source = new Pool({ connectionString: process.env.SOURCE_URL });
const target = new Pool({ connectionString: process.env.TARGET_URL });

export async function copyCustomers() {
  const from = await source.connect();
  const to = await target.connect();
  try {
    const { rows } = await from.query('select id, name from customers');
    for (const row of rows) {
      await to.query('insert into customers (id, name) values ($1, $2) on conflict do nothing', [row.id, row.name]);
    }
  } finally {
    from.release();
    to.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 38,
          data: {"handle":"from","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/repos/user.repo.ts',
      code: `import { Pool } from 'pg';

export class UserRepository {
  private readonly pool = new Pool();

  async rename(id: string, name: string) {
    const client = await this.pool.connect();
    await client.query('update users set name = $1 where id = $2', [name, id]);
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 45,
          data: {"handle":"client","line":8},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';

export class UserRepository {
  private readonly pool = new Pool();

  async rename(id: string, name: string) {
    const client = await this.pool.connect();
    try {
      await client.query('update users set name = $1 where id = $2', [name, id]);
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/repos/pool-param.ts',
      code: `import type { Pool } from 'pg';

export async function purgeExpired(pool: Pool) {
  const client = await pool.connect();
  const { rowCount } = await client.query('delete from password_resets where expires_at < now()');
  return rowCount;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":6},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/early-release.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function exportRows(ids: number[], limit: number) {
  const client = await pool.connect();
  const out: unknown[] = [];
  try {
    for (const id of ids) {
      out.push((await client.query('select * from exports where id = $1', [id])).rows[0]);
      if (out.length >= limit) {
        client.release();
        break;
      }
    }
  } finally {
    client.release();
  }
  return out;
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 17,
          column: 5,
          endLine: 17,
          endColumn: 21,
          data: {"handle":"client","line":12},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/db/retry-leak.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function pingUntilUp(maxAttempts: number) {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('select 1');
      client.release();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, attempt * 100));
      continue;
    }
  }
  return false;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 40,
          data: {"handle":"client","line":17},
          suggestions: [
          ],
        },
      ],
    },
    // A guard that tests the handle and something else: when the flag is off, nothing releases it.
    {
      filename: 'src/profiles/export.service.ts',
      code: `import { DataSource, QueryRunner } from 'typeorm';

export async function exportProfiles(dataSource: DataSource, keepOpen: boolean) {
  let queryRunner: QueryRunner | undefined;
  try {
    queryRunner = dataSource.createQueryRunner();
    return await queryRunner.query('select * from profiles');
  } finally {
    if (queryRunner && !keepOpen) await queryRunner.release();
  }
}`,
      errors: [{ messageId: 'notReleased', line: 6, column: 19, data: { handle: 'queryRunner', line: 7 } }],
    },
    // The same code in a PostgreSQL saver is judged; in the SQLite one of the same app it is not (below).
    {
      filename: 'src/memory/PostgresMemory/pgSaver.ts',
      code: `import { DataSource } from 'typeorm';

export async function setup(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.query('create table if not exists checkpoints (id text primary key)');
  await queryRunner.release();
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 23,
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'queryRunner' },
              output: `import { DataSource } from 'typeorm';

export async function setup(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('create table if not exists checkpoints (id text primary key)');
  } finally {
    await queryRunner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // Methods of the same class given the connection: one releases it, one only queries through it.
    {
      filename: 'src/reports/reports.repository.ts',
      code: `import { Pool, type PoolClient } from 'pg';

export class ReportsRepository {
  constructor(private readonly pool: Pool) {}

  async daily() {
    const client = await this.pool.connect();
    try {
      return await this.rows(client, 'daily');
    } finally {
      this.done(client);
    }
  }

  async weekly() {
    const client = await this.pool.connect();
    const rows = await this.rows(client, 'weekly');
    return rows;
  }

  private async rows(client: PoolClient, name: string) {
    const { rows } = await client.query('select * from reports where name = $1', [name]);
    return rows;
  }

  private done(client: PoolClient) {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 16,
          column: 26,
          endLine: 16,
          endColumn: 45,
          data: { handle: 'client', line: 18 },
        },
      ],
    },
    {
      filename: 'src/db/arrow-helper.ts',
      code: `import { Pool, type PoolClient } from 'pg';
import { formatBytes } from './format';

const pool = new Pool();

const giveBack = (client: PoolClient, err?: Error) => client.release(err);

export async function tableSize(table: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select pg_total_relation_size($1) as bytes', [table]);
    giveBack(client);
    return formatBytes(rows[0].bytes);
  } catch (err) {
    giveBack(client, err as Error);
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 15,
          column: 5,
          endLine: 15,
          endColumn: 35,
          data: {"handle":"client","line":12},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/jobs/while-double.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function processQueue(queue: string[]) {
  const client = await pool.connect();
  while (queue.length > 0) {
    const id = queue.shift();
    try {
      await client.query('update jobs set done = true where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":15},
          suggestions: [
          ],
        },
        {
          messageId: 'releasedTwice',
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 23,
          data: {"handle":"client","line":12},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/orders/early-return-no-catch.ts',
      code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function openOrders(customerId: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  const orders = await queryRunner.query('select * from orders where customer_id = $1 and status = $2', [customerId, 'open']);
  if (orders.length < 1) {
    return [];
  }
  await queryRunner.release();
  return orders;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 53,
          data: {"handle":"queryRunner","line":10},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'scripts/backfill.ts',
      code: `import { Client } from 'pg';

export async function backfill(batch: number) {
  const client = new Client();
  await client.connect();
  const { rowCount } = await client.query('update events set tenant_id = 1 where id in (select id from events where tenant_id is null limit $1)', [batch]);
  if (!rowCount) {
    return 0;
  }
  await client.end();
  return rowCount;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 25,
          data: {"handle":"client","line":8},
          suggestions: [
          ],
        },
      ],
    },

    {
      filename: 'src/orders/early-return-runner.ts',
      code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function openOrders(customerId: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    const orders = await queryRunner.query('select * from orders where customer_id = $1 and status = $2', [customerId, 'open']);
    if (orders.length < 1) {
      return [];
    }
    await queryRunner.release();
    return orders;
  } catch (err) {
    await queryRunner.release();
    throw err;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 53,
          data: {"handle":"queryRunner","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/recycle.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function importRows(rows: string[][]) {
  let client = await pool.connect();
  try {
    for (const [i, row] of rows.entries()) {
      if (i > 0 && i % 1000 == 0) {
        client.release();
        client = await pool.connect();
      }
      await client.query('insert into staging values ($1, $2)', row);
    }
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 16,
          column: 5,
          endLine: 16,
          endColumn: 21,
          data: {"handle":"client","line":10},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/cb-happy.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(id: string) {
  pool.connect(async (err, client, release) => {
    if (err) throw err;
    await client!.query('update t set seen = now() where id = $1', [id]);
    release();
  });
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 15,
          data: {"handle":"client","line":6},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('release-connection (esm)', rule, {
  valid: [
    { code: `import pgPromise from 'pg-promise';

const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);

export async function markRead(userId, ids) {
  const sco = await db.connect();
  try {
    for (const id of ids) {
      await sco.none('update notifications set read_at = now() where id = $1 and user_id = $2', [id, userId]);
    }
  } finally {
    sco.done();
  }
}` },
    { code: `import pg from 'pg';

const pool = new pg.Pool();

export async function attachDb(req, res, next) {
  const client = await pool.connect();
  req.db = client;
  res.on('finish', () => client.release());
  next();
}` },
    { code: `import { Pool } from 'pg';

export const pool = new Pool();

export async function countRows(pool, table) {
  const client = await pool.connect();
  const { rows } = await client.query(\`select count(*) from \${table}\`);
  return rows[0].count;
}` },
  ],
  invalid: [
    {
      code: `import pg from 'pg';
export const handler = async () => {
  const client = new pg.Client();
  await client.connect();
  return (await client.query('select now()')).rows;
};`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          data: {"handle":"client","line":5},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `import pg from 'pg';

const pool = new pg.Pool();

export default async function handler(req, res) {
  const client = await pool.connect();
  const { rows } = await client.query('select count(*) as n from signups where created_at > now() - interval \\'1 day\\'');
  client.release();
  res.status(200).json({ signups: Number(rows[0].n) });
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":7},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import pg from 'pg';

const pool = new pg.Pool();

export default async function handler(req, res) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select count(*) as n from signups where created_at > now() - interval \\'1 day\\'');
    res.status(200).json({ signups: Number(rows[0].n) });
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

cjsRuleTester.run('release-connection (cjs)', rule, {
  valid: [
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('LISTEN jobs');
  } finally {
    sco.done();
  }
}
module.exports = { listen };` },
    { code: `const { Pool } = require('pg');
const pool = new Pool();
pool.connect((err, client, done) => {
  if (err) throw err;
  client.query('select 1', (error) => {
    done();
  });
});` },
    { code: `const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

async function monthlyRevenue(month) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select sum(total) as revenue from orders where date_trunc($1, created_at) = $2', ['month', month]);
    return rows[0].revenue;
  } finally {
    client.release();
  }
}

module.exports = { monthlyRevenue };` },
    { code: `const { Pool } = require('pg');

const pool = new Pool();

async function touchSession(sid) {
  const client = await pool.connect();
  client
    .query('update sessions set touched_at = now() where sid = $1', [sid])
    .then(() => client.release())
    .catch((err) => {
      client.release(err);
    });
}

module.exports = { touchSession };` },
    { code: `const { Client } = require('pg');

exports.handler = async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('refresh materialized view nightly_stats');
  } finally {
    await client.end();
  }
};` },
    { code: `const pgp = require('pg-promise')();

const db = pgp(process.env.DATABASE_URL);

async function listenForJobs(onJob) {
  const sco = await db.connect({ direct: true });
  sco.client.on('notification', (message) => onJob(JSON.parse(message.payload)));
  await sco.none('LISTEN $1:name', ['jobs']);
}

module.exports = { listenForJobs };` },
    { code: `const { Pool } = require('pg');
const pool = new Pool();
function count(callback) {
  pool.connect((err, client, done) => {
    if (err) {
      return callback(err);
    }
    client.query('select count(*) from t', (error, result) => {
      done();
      callback(error, result);
    });
  });
}
module.exports = { count };` },
    { code: `const pg = require('pg');
const pool = new pg.Pool();
const connect = () => new Promise((resolve) => {
  pool.connect((error, connection) => {
    resolve(connection);
  });
});
module.exports = { connect };` },

  ],
  invalid: [
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  await sco.none('select 1');
  sco.done();
}
module.exports = { listen };`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 33,
          data: {"handle":"sco","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('select 1');
  } finally {
    sco.done();
  }
}
module.exports = { listen };`,
            },
          ],
        },
      ],
    },
    {
      code: `const { Pool } = require('pg');

const pool = new Pool();

async function findAccount(email) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from accounts where email = $1', [email]);
    if (rows.length < 1) {
      return null;
    }
    client.release();
    return rows[0];
  } catch (err) {
    client.release();
    throw err;
  }
}

module.exports = { findAccount };`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":10},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const Pool = require('pg').Pool;

const pool = new Pool();

async function unsubscribe(token) {
  const client = await pool.connect();
  try {
    await client.query('update subscribers set active = false where token = $1', [token]);
    client.release();
  } catch (err) {
    console.error('unsubscribe failed', err);
  }
}

module.exports = { unsubscribe };`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 38,
          data: {"handle":"client","line":13},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const { DataSource } = require('typeorm');

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

async function vacuumSessions() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.query('delete from sessions where expires_at < now()');
  await queryRunner.release();
}

module.exports = { vacuumSessions, dataSource };`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 53,
          data: {"handle":"queryRunner","line":8},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `const { DataSource } = require('typeorm');

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

async function vacuumSessions() {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.query('delete from sessions where expires_at < now()');
  } finally {
    await queryRunner.release();
  }
}

module.exports = { vacuumSessions, dataSource };`,
            },
          ],
        },
      ],
    },
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);

async function pruneTokens() {
  const sco = await db.connect();
  try {
    await sco.none('delete from refresh_tokens where expires_at < now()');
  } catch (err) {
    sco.done(true);
    throw err;
  } finally {
    sco.done();
  }
}
module.exports = { pruneTokens };`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 12,
          column: 5,
          endLine: 12,
          endColumn: 15,
          data: {"handle":"sco","line":9},
          suggestions: [
          ],
        },
      ],
    },
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
function touch(id) {
  pool.connect(async (err, client, release) => {
    if (err) {
      console.error(err);
      return;
    }
    await client.query('update t set seen = now() where id = $1', [id]);
    if (id) {
      return;
    }
    release();
  });
}
module.exports = { touch };`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 15,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

ruleTester.run('release-connection (settings-declared wrappers)', rule, {
  valid: [
    {
      code: `import { getClient } from '~/db';
export async function count() {
  const client = await getClient();
  try {
    return (await client.query('select count(*) from t')).rows[0];
  } finally {
    client.release();
  }
}`,
      settings: { pgbouncer: { modules: { '~/db': { getClient: { resolves: 'pg:PoolClient', effect: 'acquire' } } } } },
    },
  ],
  invalid: [
    {
      code: `import { getClient } from '~/db';
export async function count() {
  const client = await getClient();
  const { rows } = await client.query('select count(*) from t');
  client.release();
  return rows[0];
}`,
      settings: { pgbouncer: { modules: { '~/db': { getClient: { resolves: 'pg:PoolClient', effect: 'acquire' } } } } },
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 35,
          data: { handle: 'client', line: 4 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'client' },
              output: `import { getClient } from '~/db';
export async function count() {
  const client = await getClient();
  try {
    const { rows } = await client.query('select count(*) from t');
    return rows[0];
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

ruleTester.run('release-connection (checked out and dropped)', rule, {
  valid: [
    `import { Pool } from 'pg';
     const pool = new Pool();
     export async function ping() { const client = await pool.connect(); client.release(); }`,
    // The callback form releases through its own callback; a query on the pool checks out nothing to keep.
    `import { Pool } from 'pg';
     const pool = new Pool();
     export function ping() { pool.connect((err, client, done) => { done(); }); }`,
    `import { Pool } from 'pg';
     const pool = new Pool();
     export async function ping() { await pool.query('select 1'); }`,
    // A query runner holds no connection until it is used.
    `import { DataSource } from 'typeorm';
     const dataSource = new DataSource({ type: 'postgres' });
     export async function f() { dataSource.createQueryRunner(); }`,
    // Kept and handed back.
    `import { Pool } from 'pg';
     const pool = new Pool();
     export const checkout = async () => pool.connect();`,
  ],
  invalid: [
    {
      code: `import { Pool } from 'pg';
export async function openPool(connectionString: string) {
  const pool = new Pool({ connectionString });
  await pool.connect();
  return pool;
}`,
      errors: [
        {
          messageId: 'discarded',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 23,
          data: { call: 'pool.connect()' },
          suggestions: [
            {
              messageId: 'suggestReleaseAtOnce',
              data: { replacement: '(await pool.connect()).release()' },
              output: `import { Pool } from 'pg';
export async function openPool(connectionString: string) {
  const pool = new Pool({ connectionString });
  (await pool.connect()).release();
  return pool;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import pgPromise from 'pg-promise';
import postgres from 'postgres';
const db = pgPromise()(process.env.DATABASE_URL!);
const sql = postgres(process.env.DATABASE_URL!);
export async function warmUp() {
  await db.connect();
  await sql.reserve();
}`,
      errors: [
        {
          messageId: 'discarded',
          line: 6,
          data: { call: 'db.connect()' },
          suggestions: [
            {
              messageId: 'suggestReleaseAtOnce',
              data: { replacement: '(await db.connect()).done()' },
              output: `import pgPromise from 'pg-promise';
import postgres from 'postgres';
const db = pgPromise()(process.env.DATABASE_URL!);
const sql = postgres(process.env.DATABASE_URL!);
export async function warmUp() {
  (await db.connect()).done();
  await sql.reserve();
}`,
            },
          ],
        },
        {
          messageId: 'discarded',
          line: 7,
          data: { call: 'sql.reserve()' },
          suggestions: [
            {
              messageId: 'suggestReleaseAtOnce',
              data: { replacement: '(await sql.reserve()).release()' },
              output: `import pgPromise from 'pg-promise';
import postgres from 'postgres';
const db = pgPromise()(process.env.DATABASE_URL!);
const sql = postgres(process.env.DATABASE_URL!);
export async function warmUp() {
  await db.connect();
  (await sql.reserve()).release();
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('release-connection (checked out, used once and dropped)', rule, {
  valid: [
    // The probe idiom: released at once.
    `import { Pool } from 'pg';
     const pool = new Pool();
     export async function ping() { (await pool.connect()).release(); }`,
    // A call that hands back something holding the runner: the runner is still reachable through it.
    `import { DataSource } from 'typeorm';
     const dataSource = new DataSource({ type: 'postgres' });
     export const users = () => dataSource.createQueryRunner().manager.getRepository('User');
     export const manager = () => dataSource.createQueryRunner().manager;`,
    // The promise's callback receives the connection and releases it.
    `import { Pool } from 'pg';
     const pool = new Pool();
     export function ping() { return pool.connect().then((client) => client.release()); }`,
    // Not a use the models know: left alone.
    `import { DataSource } from 'typeorm';
     const dataSource = new DataSource({ type: 'postgres' });
     export const hasUsers = () => dataSource.createQueryRunner().hasTable('users');`,
  ],
  invalid: [
    {
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function count() {
  const { rows } = await (await pool.connect()).query('select count(*) from users');
  return rows[0];
}`,
      errors: [
        {
          messageId: 'usedOnce',
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 47,
          data: { call: 'pool.connect()', path: 'query' },
          suggestions: [
            {
              messageId: 'suggestOnEngine',
              data: { engine: 'pool', path: 'query' },
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function count() {
  const { rows } = await pool.query('select count(*) from users');
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres' });
export async function clear() {
  await AppDataSource.createQueryRunner().query('TRUNCATE TABLE member CASCADE');
  await AppDataSource.createQueryRunner().manager.query('DELETE FROM audit');
}`,
      errors: [
        {
          messageId: 'usedOnce',
          line: 4,
          column: 9,
          data: { call: 'AppDataSource.createQueryRunner()', path: 'query' },
          suggestions: [
            {
              messageId: 'suggestOnEngine',
              data: { engine: 'AppDataSource', path: 'query' },
              output: `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres' });
export async function clear() {
  await AppDataSource.query('TRUNCATE TABLE member CASCADE');
  await AppDataSource.createQueryRunner().manager.query('DELETE FROM audit');
}`,
            },
          ],
        },
        {
          messageId: 'usedOnce',
          line: 5,
          data: { call: 'AppDataSource.createQueryRunner()', path: 'manager.query' },
          suggestions: [
            {
              messageId: 'suggestOnEngine',
              data: { engine: 'AppDataSource', path: 'manager.query' },
              output: `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres' });
export async function clear() {
  await AppDataSource.createQueryRunner().query('TRUNCATE TABLE member CASCADE');
  await AppDataSource.manager.query('DELETE FROM audit');
}`,
            },
          ],
        },
      ],
    },
    {
      // A replica's runner: the data source's own query would run on the primary, so no suggestion;
      // and a runner connected and dropped, which the data source's `connect()` is not a substitute for.
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export const read = () => dataSource.createQueryRunner('slave').query('select 1');
export const open = () => dataSource.createQueryRunner().connect();`,
      errors: [
        { messageId: 'usedOnce', line: 3, data: { call: 'dataSource.createQueryRunner()', path: 'query' }, suggestions: [] },
        { messageId: 'usedOnce', line: 4, data: { call: 'dataSource.createQueryRunner()', path: 'connect' }, suggestions: [] },
      ],
    },
    {
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export const first = async () => ((await db.connect()) as any).one('select 1');`,
      errors: [
        {
          messageId: 'usedOnce',
          line: 3,
          data: { call: 'db.connect()', path: 'one' },
          suggestions: [
            {
              messageId: 'suggestOnEngine',
              data: { engine: 'db', path: 'one' },
              output: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export const first = async () => db.one('select 1');`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('release-connection (a TypeORM query runner that never connects)', rule, {
  valid: [
    {
      // Made under a condition, only its engine read, released under the same condition: the
      // runner connects on first use and was never used, so no path holds a connection.
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', extra: { application_name: 'api' } });
export async function ping(deep: boolean) {
  let runner;
  try {
    if (deep) {
      runner = dataSource.createQueryRunner();
      await probe(runner.dataSource);
    }
    return await countUsers();
  } finally {
    if (deep && runner) await runner.release();
  }
}
declare function probe(x: unknown): Promise<void>;
declare function countUsers(): Promise<number>;`,
    },
  ],
  invalid: [
    {
      // Querying through its manager connects the runner: it then holds a connection.
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', extra: { application_name: 'api' } });
export async function archive(id: number) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.manager.update('orders', { id }, { archived: true });
}`,
      errors: [{ messageId: 'notReleased', line: 4, column: 23, data: { handle: 'queryRunner', line: 6 } }],
    },
  ],
});

ruleTester.run('release-connection (a second close that does nothing, a handler chained on the close)', rule, {
  valid: [
    {
      // node-postgres: `end()` on an ended client does nothing.
      code: `import { Client } from 'pg';
export async function migrate(shortUrl: string) {
  const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'migrate' });
  try {
    await client.connect();
    await client.query('select migrate_url($1)', [shortUrl]);
    await client.end();
    await notify(shortUrl);
  } catch (err) {
    await client.end();
    throw err;
  }
}
declare function notify(url: string): Promise<void>;`,
    },
    {
      // TypeORM: a released runner ignores `release()`.
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', extra: { application_name: 'api' } });
export async function rename(id: number, name: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('update users set name = $1 where id = $2', [name, id]);
    await runner.release();
    await audit(id);
  } catch (err) {
    await runner.release();
    throw err;
  }
}
declare function audit(id: number): Promise<void>;`,
    },
    {
      // pg-promise: `.then(…)` on the promise `done()` returns cannot throw, so the catch never runs after it.
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'api' });
export async function prune() {
  const sco = await db.connect({ direct: true });
  try {
    await sco.none('delete from tokens where expires_at < now()');
    sco.done().then(() => console.log('released'));
  } catch (err) {
    sco.done();
    throw err;
  }
}`,
    },
  ],
  invalid: [
    {
      // A call after the chained handler can throw: the catch then releases again.
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'api' });
export async function prune() {
  const sco = await db.connect({ direct: true });
  try {
    await sco.none('delete from tokens where expires_at < now()');
    sco.done().then(() => console.log('released'));
    await report();
  } catch (err) {
    sco.done();
    throw err;
  }
}
declare function report(): Promise<void>;`,
      errors: [{ messageId: 'releasedTwice', line: 11, column: 5, endLine: 11, endColumn: 15, data: { handle: 'sco', line: 8 } }],
    },
  ],
});

ruleTester.run('release-connection (scripts and commands)', rule, {
  valid: [
    {
      // The failure path ends the process, and the connection with it.
      filename: 'fix-migrations-table.ts',
      code: `import { DataSource } from 'typeorm';
declare const dataSource: DataSource;
async function main() {
  try {
    await dataSource.initialize();
    const queryRunner = dataSource.createQueryRunner();
    if (!(await queryRunner.hasTable('migrations'))) {
      await queryRunner.query('create table migrations (id serial primary key, name varchar not null)');
    }
    await queryRunner.release();
    await dataSource.destroy();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
main();`,
    },
    {
      // A command of a command-line tool connects its own client and leaves it to the process's exit.
      filename: 'packages/admin-cli/src/backfill-deployments.ts',
      code: `import { Client } from 'pg';
import yargs from 'yargs/yargs';
export async function run(args: string[] = process.argv) {
  const argv = await yargs(args).options({ commit: { type: 'boolean', default: false } }).argv;
  const client = new Client({ host: 'db.internal', application_name: 'backfill' });
  await client.connect();
  const { rows } = await client.query('select id from deployments where info is null');
  if (rows.length === 0 || !argv.commit) {
    return;
  }
  console.log(rows.length);
}`,
    },
    {
      // TypeORM's destroy() releases every connected query runner before it ends the pool.
      filename: 'scripts/seed-demo.ts',
      code: `import { DataSource } from 'typeorm';
async function seed() {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'seed' });
  await dataSource.initialize();
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.query('DELETE FROM users WHERE email = $1', ['demo@example.com']);
  await queryRunner.query('INSERT INTO users (email) VALUES ($1)', ['demo@example.com']);
  await dataSource.destroy();
}
seed().catch(console.error);`,
    },
    {
      // Released, then the data source destroyed: the destroy finds nothing left to release.
      filename: 'src/maintenance/vacuum.ts',
      code: `import { DataSource } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('VACUUM ANALYZE orders');
  } finally {
    await queryRunner.release();
  }
  await dataSource.destroy();
}`,
    },
    {
      filename: 'scripts/count-orders.ts',
      code: `import pg from 'pg';
export async function main() {
  const client = new pg.Client({ application_name: 'count-orders' });
  await client.connect();
  console.log((await client.query('select count(*) from orders')).rows[0]);
}`,
    },
  ],
  invalid: [
    {
      // The same client in a service's module: a connection left open on every call.
      filename: 'src/deployments/backfill.ts',
      code: `import { Client } from 'pg';
export async function backfill(commit: boolean) {
  const client = new Client({ host: 'db.internal', application_name: 'backfill' });
  await client.connect();
  const { rows } = await client.query('select id from deployments where info is null');
  if (rows.length === 0 || !commit) {
    return;
  }
  await client.end();
}`,
      errors: [{ messageId: 'notReleased', line: 4, column: 9, data: { handle: 'client', line: 7 } }],
    },
    {
      // Destroyed on one path only: the early return keeps the query runner's connection.
      filename: 'src/maintenance/vacuum.ts',
      code: `import { DataSource } from 'typeorm';
export async function vacuum(dataSource: DataSource, table?: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.query('SELECT 1');
  if (!table) {
    return;
  }
  await queryRunner.query(\`VACUUM ANALYZE \${table}\`);
  await dataSource.destroy();
}`,
      errors: [{ messageId: 'notReleased', line: 3, column: 23, data: { handle: 'queryRunner', line: 6 } }],
    },
    {
      // Another data source's destroy() releases nothing of this one's.
      filename: 'scripts/copy.ts',
      code: `import { DataSource } from 'typeorm';
declare const source: DataSource;
declare const target: DataSource;
async function copy() {
  const queryRunner = source.createQueryRunner();
  await queryRunner.query('SELECT * FROM orders');
  await target.destroy();
}
copy().catch(console.error);`,
      errors: [{ messageId: 'notReleased', line: 5, column: 23, data: { handle: 'queryRunner', line: 8 } }],
    },
    {
      // Released, then the data source destroyed, with no finally: a failed query keeps the
      // connection (the destroy that would release it is skipped too), and the release still
      // moves into a finally.
      filename: 'src/maintenance/vacuum.ts',
      code: `import { DataSource } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.query('VACUUM ANALYZE orders');
  await queryRunner.release();
  await dataSource.destroy();
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 3,
          column: 23,
          data: { handle: 'queryRunner', line: 4 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'queryRunner' },
              output: `import { DataSource } from 'typeorm';
export async function vacuum(dataSource: DataSource) {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('VACUUM ANALYZE orders');
    await dataSource.destroy();
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
      // A pool's connection held in a script: the script's pool.end() waits for it.
      filename: 'scripts/count-orders.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'count-orders' });
export async function main() {
  const client = await pool.connect();
  console.log((await client.query('select count(*) from orders')).rows[0]);
  await pool.end();
}`,
      errors: [{ messageId: 'notReleased', line: 4, column: 24, data: { handle: 'client', line: 7 } }],
    },
  ],
});

ruleTester.run('release-connection (a pool in a private field)', rule, {
  valid: [
    `import { Pool } from 'pg';
export class Leader {
  #pool = new Pool();
  async ping() {
    const client = await this.#pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }
}`,
  ],
  invalid: [
    {
      code: `import { Pool } from 'pg';
export class Leader {
  readonly #pool: Pool;
  constructor(pool: Pool) {
    this.#pool = pool;
  }
  async elect(id: number) {
    const client = await this.#pool.connect();
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [id]);
    return rows[0].ok;
  }
}`,
      errors: [{ messageId: 'notReleased', line: 8, column: 26, endColumn: 46 }],
    },
  ],
});

/** A route file of a package that depends on @fastify/postgres. */
const FASTIFY_ROUTES = fastifyPostgresPackage()('src/routes/orders.js');

jsRuleTester.run('release-connection (the Fastify pg plugin)', rule, {
  valid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.get('/orders/:id', async (request) => {
    const client = await fastify.pg.connect();
    try {
      return (await client.query('SELECT * FROM orders WHERE id = $1', [request.params.id])).rows[0];
    } finally {
      client.release();
    }
  });
  fastify.get('/count', async () => fastify.pg.query('SELECT count(*) FROM orders'));
}`,
    },
    {
      // Outside a package that depends on the plugin, \`fastify.pg\` is nothing the rule knows.
      filename: path.join(__dirname, 'routes.js'),
      code: `export default async function routes(fastify) {
  fastify.get('/orders', async () => { const client = await fastify.pg.connect(); return (await client.query('SELECT 1')).rows; });
}`,
    },
  ],
  invalid: [
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(fastify) {
  fastify.get('/orders', async () => {
    const client = await fastify.pg.connect();
    const { rows } = await client.query('SELECT * FROM orders');
    return rows;
  });
}`,
      errors: [{ messageId: 'notReleased', line: 3, column: 26, endColumn: 46 }],
    },
    {
      filename: FASTIFY_ROUTES,
      code: `export default async function routes(app) {
  app.get('/orders', async function () {
    const client = await this.pg.connect();
    const { rows } = await client.query('SELECT * FROM orders');
    return rows;
  });
}`,
      errors: [{ messageId: 'notReleased', line: 3, column: 26, endColumn: 43 }],
    },
  ],
});

ruleTester.run('release-connection (deno-postgres)', rule, {
  valid: [
    {
      filename: 'supabase/functions/orders/index.ts',
      code: `import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
const pool = new postgres.Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const connection = await pool.connect();
  try {
    const result = await connection.queryObject\`SELECT * FROM orders\`;
    return Response.json(result.rows);
  } finally {
    connection.release();
  }
});
Deno.serve(async () => {
  using connection = await pool.connect();
  return Response.json((await connection.queryArray('SELECT 1')).rows);
});`,
    },
  ],
  invalid: [
    {
      filename: 'supabase/functions/orders/index.ts',
      code: `import { Pool } from 'jsr:@db/postgres';
const pool = new Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const connection = await pool.connect();
  const result = await connection.queryObject\`SELECT * FROM orders\`;
  connection.release();
  return Response.json(result.rows);
});`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'jsr:@db/postgres';
const pool = new Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const connection = await pool.connect();
  try {
    const result = await connection.queryObject\`SELECT * FROM orders\`;
    return Response.json(result.rows);
  } finally {
    connection.release();
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});

/** An Edge Function of a Deno project whose deno.json maps `postgres` to deno-postgres. */
const DENO_PROJECT = (() => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-deno-map-'));
  writeFileSync(path.join(root, 'deno.json'), JSON.stringify({ imports: { postgres: 'https://deno.land/x/postgres@v0.17.0/mod.ts' } }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return path.join(root, 'supabase/functions/orders/index.ts');
})();

ruleTester.run('release-connection (a Deno import map)', rule, {
  valid: [
    {
      // Outside that project, \`postgres\` is postgres.js, which has no Pool.
      filename: 'supabase/functions/orders/index.ts',
      code: `import { Pool } from 'postgres';
const pool = new Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const connection = await pool.connect();
  return Response.json((await connection.queryObject\`SELECT 1\`).rows);
});`,
    },
  ],
  invalid: [
    {
      filename: DENO_PROJECT,
      code: `import { Pool } from 'postgres';
const pool = new Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const connection = await pool.connect();
  return Response.json((await connection.queryObject\`SELECT 1\`).rows);
});`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 28,
          suggestions: [],
        },
      ],
    },
  ],
});

const PROBE = (check: string): string => `import { Client } from 'pg';
export async function canConnect(connectionString: string): Promise<boolean> {
  const client = new Client({ connectionString, application_name: 'setup' });
  await client.connect();
  const ok = ${check};
  await client.end();
  return ok;
}`;

ruleTester.run('release-connection (a promise chain that swallows its failure)', rule, {
  valid: [
    // The chain's own handler returns a value: nothing between connect() and end() can fail.
    { filename: 'src/setup/probe.ts', code: PROBE("await client.query('SELECT 1').then(() => true).catch(() => false)") },
    { filename: 'src/setup/probe.ts', code: PROBE("await client.query('SELECT 1').then(() => true, (error) => { console.warn(error); return false; })") },
  ],
  invalid: [
    {
      // A handler that calls something can fail itself.
      filename: 'src/setup/probe.ts',
      code: PROBE("await client.query('SELECT 1').then(() => true).catch((error) => report(error))"),
      errors: [{ messageId: 'notReleasedOnThrow', line: 4, suggestions: [{ messageId: 'suggestFinally', output: `import { Client } from 'pg';
export async function canConnect(connectionString: string): Promise<boolean> {
  const client = new Client({ connectionString, application_name: 'setup' });
  await client.connect();
  try {
    const ok = await client.query('SELECT 1').then(() => true).catch((error) => report(error));
    return ok;
  } finally {
    await client.end();
  }
}` }] }],
    },
  ],
});

const COPY_TABLE = `import { Pool } from 'pg';
const source = new Pool({ connectionString: process.env.SOURCE_URL, application_name: 'copy' });
const target = new Pool({ connectionString: process.env.TARGET_URL, application_name: 'copy' });
export async function copyTable(table: string) {
  const from = await source.connect();
  const to = await target.connect();
  try {
    const { rows } = await from.query(\`SELECT * FROM \${table}\`);
    for (const row of rows) await to.query(\`INSERT INTO \${table} SELECT * FROM json_populate_record(NULL::\${table}, $1)\`, [row]);
  } finally {
    from.release();
    to.release();
  }
}`;

ruleTester.run('release-connection (a throw that stops a script)', rule, {
  valid: [
    // `target.connect()` may throw with `from` checked out: the command stops, and its connections with it.
    { filename: 'backend/scripts/copy-table.ts', code: COPY_TABLE },
    { filename: 'backend/migrate-data.ts', code: COPY_TABLE },
  ],
  invalid: [
    {
      filename: 'backend/src/services/copy-table.ts',
      code: COPY_TABLE,
      errors: [{ messageId: 'notReleasedOnThrow', line: 5, column: 22, data: { handle: 'from', line: 6 }, suggestions: [] }],
    },
  ],
});

/** node-postgres's guide's `getClient()`: the checkout with its `query` and `release` wrapped to find leaks, handed to the caller. */
const GET_CLIENT = `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'orders' });
export async function getClient(): Promise<PoolClient> {
  const client = await pool.connect();
  const query = client.query;
  const release = client.release;
  const timeout = setTimeout(() => console.error('held for more than 5 s'), 5000);
  client.release = () => {
    clearTimeout(timeout);
    client.query = query;
    client.release = release;
    return release.apply(client);
  };
  return client;
}`;

ruleTester.run('release-connection (a connection handed out by a function of the same file)', rule, {
  valid: [
    {
      filename: 'src/orders.ts',
      code: `${GET_CLIENT}
export async function total(id: string) {
  const client = await getClient();
  try {
    const { rows } = await client.query('select sum(amount) from lines where order_id = $1', [id]);
    return rows[0];
  } finally {
    client.release();
  }
}`,
    },
    {
      // Handed on again: the caller of \`begin\` holds it.
      filename: 'src/orders.ts',
      code: `${GET_CLIENT}
export async function begin() {
  const client = await getClient();
  return client;
}`,
    },
    {
      // The helper keeps the connection itself (one per process): not the caller's to release.
      filename: 'src/listener.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'listener' });
const held: PoolClient[] = [];
async function getClient() {
  const client = await pool.connect();
  held.push(client);
  return client;
}
export async function listen(channel: string) {
  const client = await getClient();
  await client.query(\`LISTEN \${channel}\`);
}`,
    },
    {
      // The helper releases the connection before handing it out: nothing for the caller to release.
      filename: 'src/odd.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'odd' });
async function probe() {
  const client = await pool.connect();
  client.release();
  return client;
}
export async function check() {
  const client = await probe();
  return client.processID;
}`,
    },
    {
      // A helper that hands out one of two things is not a checkout.
      filename: 'src/either.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'either' });
async function runner(tx?: { query: (q: string) => Promise<unknown> }) {
  if (tx) return tx;
  return pool.connect();
}
export async function count() {
  const client = await runner();
  return client.query('select count(*) from t');
}`,
    },
    {
      // A client of its own built by a helper and ended in \`finally\` by the caller.
      filename: 'src/store.ts',
      code: `import { Client } from 'pg';
export class Store {
  private async connect() {
    const client = new Client({ application_name: 'store' });
    await client.connect();
    return client;
  }
  async read(q: string) {
    const client = await this.connect();
    try {
      return await client.query(q);
    } finally {
      await client.end();
    }
  }
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/orders.ts',
      code: `${GET_CLIENT}
export async function total(id: string) {
  const client = await getClient();
  const { rows } = await client.query('select sum(amount) from lines where order_id = $1', [id]);
  return rows[0];
}`,
      errors: [{ messageId: 'notReleased', line: 17, column: 24, data: { handle: 'client', line: 19 } }],
    },
    {
      // A method of the class that checks the connection out; the caller releases it only when nothing throws.
      filename: 'src/repo.ts',
      code: `import { Pool } from 'pg';
export class Repo {
  private pool = new Pool({ application_name: 'repo' });
  private connect() {
    return this.pool.connect();
  }
  async find(id: string) {
    const client = await this.connect();
    const { rows } = await client.query('select * from t where id = $1', [id]);
    client.release();
    return rows;
  }
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 8,
          column: 26,
          data: { handle: 'client', line: 9 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'client' },
              output: `import { Pool } from 'pg';
export class Repo {
  private pool = new Pool({ application_name: 'repo' });
  private connect() {
    return this.pool.connect();
  }
  async find(id: string) {
    const client = await this.connect();
    try {
      const { rows } = await client.query('select * from t where id = $1', [id]);
      return rows;
    } finally {
      client.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A client of its own, built by a helper that leaves connecting it to the caller; ended only when nothing throws.
      filename: 'src/libs/pg-tools.ts',
      code: `import { Client } from 'pg';
export const getPostgresClient = async () => new Client({ application_name: 'municipality-api' });
export const executeSingleQuery = async (query: string) => {
  const client = await getPostgresClient();
  await client.connect();
  const response = await client.query(query);
  await client.end();
  return response;
};`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 5,
          column: 9,
          data: { handle: 'client', line: 6 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'client' },
              output: `import { Client } from 'pg';
export const getPostgresClient = async () => new Client({ application_name: 'municipality-api' });
export const executeSingleQuery = async (query: string) => {
  const client = await getPostgresClient();
  await client.connect();
  try {
    const response = await client.query(query);
    return response;
  } finally {
    await client.end();
  }
};`,
            },
          ],
        },
      ],
    },
    {
      // Connected by the helper: never ended by the caller.
      filename: 'src/store.ts',
      code: `import { Client } from 'pg';
export class Store {
  private async connect() {
    const client = new Client({ application_name: 'store' });
    await client.connect();
    return client;
  }
  async read(q: string) {
    const client = await this.connect();
    return (await client.query(q)).rows;
  }
}`,
      errors: [{ messageId: 'notReleased', line: 9, column: 26, data: { handle: 'client', line: 10 } }],
    },
  ],
});

ruleTester.run('release-connection (a query runner holds nothing until its first query)', rule, {
  valid: [
    {
      // `sanitize()` may throw before the runner has connected: nothing is held yet.
      filename: 'src/record-manager.ts',
      code: `import { DataSource } from 'typeorm';
export class RecordManager {
  constructor(private readonly dataSource: DataSource, private readonly table: string) {}
  private sanitize(name: string): string {
    if (!/^\\w+$/.test(name)) throw new Error('Invalid table name');
    return name;
  }
  async exists(keys: string[]): Promise<boolean[]> {
    const queryRunner = this.dataSource.createQueryRunner();
    const table = this.sanitize(this.table);
    try {
      const rows = await queryRunner.manager.query(\`SELECT k FROM unnest($1::text[]) k JOIN "\${table}" ON key = k\`, [keys]);
      return rows.map((row: { k: string }) => keys.includes(row.k));
    } finally {
      await queryRunner.release();
    }
  }
}`,
    },
  ],
  invalid: [
    {
      // The first query takes the connection; when it fails, the runner keeps it.
      filename: 'src/record-manager.ts',
      code: `import { DataSource } from 'typeorm';
export class RecordManager {
  constructor(private readonly dataSource: DataSource) {}
  async count(): Promise<number> {
    const queryRunner = this.dataSource.createQueryRunner();
    const rows = await queryRunner.manager.query('SELECT count(*) AS n FROM records');
    await queryRunner.release();
    return Number(rows[0].n);
  }
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 5,
          column: 25,
          data: { handle: 'queryRunner', line: 6 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              data: { handle: 'queryRunner' },
              output: `import { DataSource } from 'typeorm';
export class RecordManager {
  constructor(private readonly dataSource: DataSource) {}
  async count(): Promise<number> {
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      const rows = await queryRunner.manager.query('SELECT count(*) AS n FROM records');
      return Number(rows[0].n);
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
  ],
});

const INIT_DATABASE = (name: string) => `import { Pool } from 'pg';
export const pool = new Pool({ application_name: 'tickets' });
export const ${name} = async () => {
  try {
    const client = await pool.connect();
    await client.query('SELECT 1');
    client.release();
  } catch (error) {
    console.error('Database connection failed', error);
    throw error;
  }
};`;

ruleTester.run('release-connection (a start-up check by its name)', rule, {
  valid: [
    // Run once while the server starts (whose failure ends it): at most one connection is left behind.
    { filename: 'backend/config/database.js', code: INIT_DATABASE('initDatabase') },
    { filename: 'backend/config/database.js', code: INIT_DATABASE('initializeDb') },
  ],
  invalid: [
    {
      filename: 'backend/config/database.js',
      code: INIT_DATABASE('checkDatabase'),
      errors: [{ messageId: 'rethrownHeld', line: 5, column: 26, data: { handle: 'client', line: 10 }, suggestions: [{ messageId: 'suggestFinally', output: `import { Pool } from 'pg';
export const pool = new Pool({ application_name: 'tickets' });
export const checkDatabase = async () => {
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  } catch (error) {
    console.error('Database connection failed', error);
    throw error;
  }
};` }] }],
    },
  ],
});

ruleTester.run('release-connection (a connection wrapped by Drizzle)', rule, {
  valid: [
    {
      // The wrapper leaves the function: the connection goes with it.
      filename: 'src/actions/db.ts',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
const pool = new Pool({ application_name: 'leaflet' });
export async function connected() {
  const client = await pool.connect();
  const db = drizzle(client);
  return db;
}`,
    },
  ],
  invalid: [
    {
      // Drizzle's node-postgres driver never releases the client it wraps.
      filename: 'src/actions/add-to-home.ts',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const pool = new Pool({ application_name: 'leaflet' });
export async function addToHome(leaflet: string, token?: string) {
  const client = await pool.connect();
  const db = drizzle(client);
  if (!token) return null;
  await db.transaction(async (tx) => {
    await tx.execute(sql\`insert into home (token, leaflet) values (\${token}, \${leaflet})\`);
  });
  client.release();
  return leaflet;
}`,
      errors: [{ messageId: 'notReleased', line: 6, column: 24, data: { handle: 'client', line: 8 } }],
    },
  ],
});

ruleTester.run('release-connection (listeners taken off before the release)', rule, {
  valid: [
    {
      filename: 'src/services/managed-data.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
const onError = (error: Error) => console.error(error);
export class ManagedData {
  async #getClient() {
    const client = await pool.connect();
    client.on('error', onError);
    return client;
  }
  async count(table: string) {
    const client = await this.#getClient();
    try {
      const { rows } = await client.query(\`SELECT count(*) AS n FROM \${table}\`);
      return Number(rows[0].n);
    } finally {
      client.removeListener('error', onError);
      client.release();
    }
  }
}`,
    },
  ],
  invalid: [],
});

ruleTester.run('release-connection (set-up between the checkout and its try)', rule, {
  valid: [
    // Synchronous set-up of the program's own before the try: it fails only on a programming error.
    {
      filename: 'src/monitors/templated-probe.ts',
      code: `import { Client } from 'pg';
import { resolveVariable } from './variables';

export async function probe(target: { url: string; query: string }) {
  const client = new Client({ connectionString: target.url, application_name: 'sql-probe' });
  await client.connect();
  const text = target.query.replace(/\\{\\{(\\w+)\\}\\}/g, (_, name: string) => resolveVariable(name));
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}`,
    },
    `import { Pool } from 'pg';
import { range } from './math';
const pool = new Pool();
export async function receipts(hashes: string[]) {
  const client = await pool.connect();
  const placeholders = range(1, hashes.length).map((i) => \`$\${i}\`);
  const tracker = new ProgressTracker(hashes.length);
  try {
    return (await client.query(\`select * from receipts where hash in (\${placeholders.join(',')})\`, hashes)).rows;
  } finally {
    client.release();
  }
}
class ProgressTracker {
  constructor(readonly total: number) {}
  done() {}
}`,
  ],
  invalid: [
    {
      // A check made to throw on bad input.
      code: `import { Pool } from 'pg';
import { validateOrder } from './orders';
const pool = new Pool();
export async function place(order: unknown) {
  const client = await pool.connect();
  const valid = validateOrder(order);
  try {
    await client.query('insert into orders (body) values ($1)', [valid]);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notReleasedOnThrow', line: 5, column: 24, data: { handle: 'client', line: 6 }, suggestions: [] }],
    },
    {
      // Awaited set-up waits on something that can fail.
      code: `import { Pool } from 'pg';
import { loadTemplate } from './templates';
const pool = new Pool();
export async function render(name: string) {
  const client = await pool.connect();
  const template = await loadTemplate(name);
  try {
    return (await client.query(template)).rows;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notReleasedOnThrow', line: 5, column: 24, data: { handle: 'client', line: 6 }, suggestions: [] }],
    },
  ],
});

ruleTester.run('release-connection (a connection lent to a function, released in finally)', rule, {
  valid: [
    `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}`,
    // Handed away with no release of its own: the function it went to may keep or release it.
    `import { Pool } from 'pg';
import { register } from './registry';
const pool = new Pool();
export async function open(name: string) {
  const client = await pool.connect();
  await client.query('SELECT 1');
  register(name, client);
}`,
  ],
  invalid: [
    {
      // The BEGIN before the try can fail, and nothing releases the connection then.
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function executeTx<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, data: { handle: 'client', line: 5 }, suggestions: [] }],
    },
  ],
});

cjsRuleTester.run('release-connection (released through an await, after a helper that answers its own failures)', rule, {
  valid: [
    `const { Pool } = require('pg');
const pool = new Pool();
async function doProcess(client, res, text) {
  try {
    const { rows } = await client.query(text);
    res.json(rows);
  } catch (error) {
    res.status(500).json({ error: error.message });
  }
}
module.exports = async (req, res) => {
  const c = await pool.connect();
  await doProcess(c, res, 'select * from stats');
  (await c).release();
};`,
    // Guard clauses and several tries, each answering its failure.
    `const { Pool } = require('pg');
const jwt = require('jsonwebtoken');
const pool = new Pool();
async function doProcess(client, req, res) {
  if (!req.params.days) {
    res.send({ message: 'error' });
    return;
  }
  const days = Number(req.params.days) || 7;
  try {
    await jwt.verify(req.get('token'), process.env.PRIVATE_KEY);
  } catch (error) {
    res.send({ message: 'failed' });
    return;
  }
  try {
    res.send((await client.query('select * from stats where days = $1', [days])).rows);
  } catch (error) {
    res.status(500).send({ message: 'error' });
  }
}
module.exports = async (req, res) => {
  const c = await pool.connect();
  await doProcess(c, req, res);
  await c.release();
};`,
  ],
  invalid: [
    {
      // The helper lets its failures through: the release is then skipped.
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function doProcess(client, res, text) {
  const { rows } = await client.query(text);
  res.json(rows);
}
module.exports = async (req, res) => {
  const c = await pool.connect();
  await doProcess(c, res, 'select * from stats');
  (await c).release();
};`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 8,
          column: 19,
          data: { handle: 'c', line: 9 },
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `const { Pool } = require('pg');
const pool = new Pool();
async function doProcess(client, res, text) {
  const { rows } = await client.query(text);
  res.json(rows);
}
module.exports = async (req, res) => {
  const c = await pool.connect();
  try {
    await doProcess(c, res, 'select * from stats');
  } finally {
    (await c).release();
  }
};`,
            },
          ],
        },
      ],
    },
  ],
});

const FASTIFY_PG_TEST = packageWith('push-api', { fastify: '^4.28.0', '@fastify/postgres': '^5.2.0' })('lib/plugins/pg/pg.test.js');

cjsRuleTester.run('release-connection (a checkout replaced in the file)', rule, {
  valid: [
    {
      // The test replaces the plugin's checkout with a mock before any request is made.
      filename: FASTIFY_PG_TEST,
      code: `const fastify = require('fastify');
describe('pg plugin', () => {
  let server;
  beforeAll(async () => {
    server = fastify();
    server.register(require('@fastify/postgres'), { connectionString: 'postgres://localhost/test' });
    server.route({
      method: 'GET',
      url: '/query',
      handler: async () => {
        const client = await server.pg.connect();
        return client.query('SELECT 1');
      },
    });
    await server.ready();
    server.pg.connect = jest.fn();
  });
});`,
    },
  ],
  invalid: [
    {
      // Compared, not replaced.
      filename: FASTIFY_PG_TEST,
      code: `const fastify = require('fastify');
describe('pg plugin', () => {
  let server;
  beforeAll(async () => {
    server = fastify();
    server.register(require('@fastify/postgres'), { connectionString: 'postgres://localhost/test' });
    server.route({
      method: 'GET',
      url: '/query',
      handler: async () => {
        const client = await server.pg.connect();
        return client.query('SELECT 1');
      },
    });
    await server.ready();
    expect(server.pg.connect === undefined).toBe(false);
  });
});`,
      errors: [{ messageId: 'notReleased', line: 11, suggestions: [] }],
    },
  ],
});

cjsRuleTester.run('release-connection (a checkout whose promise nothing takes)', rule, {
  valid: [
    `const { Pool } = require('pg');
const pool = new Pool();
pool.connect().then((client) => { client.release(); });
pool.connect((err, client, done) => { done(); });
module.exports = pool;`,
  ],
  invalid: [
    {
      code: `const { Pool } = require('pg');
const pool = new Pool();
pool.connect().then(() => console.log('connected')).catch((err) => console.error(err));
pool.connect();
module.exports = pool;`,
      errors: [
        { messageId: 'discarded', line: 3, column: 1, data: { call: 'pool.connect()' }, suggestions: [] },
        { messageId: 'discarded', line: 4, column: 1, data: { call: 'pool.connect()' }, suggestions: [] },
      ],
    },
  ],
});
