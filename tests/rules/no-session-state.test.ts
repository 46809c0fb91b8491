import rule from '../../rules/no-session-state';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

ruleTester.run('no-session-state (ts)', rule, {
  valid: [
    {
      // A role set inside a transaction and reset before it ends (a rollback undoes it too).
      filename: 'src/results.js',
      code: `import pgp from 'pg-promise';
const db = pgp()(process.env.DATABASE_URL);
export function importResults(rows) {
  return db.tx(async (t) => {
    await t.none('SET ROLE importer');
    await t.none('INSERT INTO results SELECT * FROM json_populate_recordset(null::results, $1)', [JSON.stringify(rows)]);
    await t.none('RESET ROLE');
  });
}
export function inOneText() {
  return db.tx((t) => t.none('SET search_path TO import; INSERT INTO log DEFAULT VALUES; RESET ALL'));
}`,
    },
    {
      // A test runner's set-up module: an administrator's connection that serialises CREATE DATABASE.
      filename: 'backend/setup-worker-db.mjs',
      code: `import knex from 'knex';
const admin = knex({ client: 'pg', connection: { host: process.env.PGHOST, database: 'template1' } });
try {
  await admin.raw('SELECT pg_advisory_lock(?)', [4242]);
  try {
    await admin.raw('CREATE DATABASE "app_test_template" TEMPLATE "app"');
  } finally {
    await admin.raw('SELECT pg_advisory_unlock(?)', [4242]);
  }
} finally {
  await admin.destroy();
}`,
    },
    {
      // The same in a function: a tenant's database created under a lock.
      filename: 'src/tenants/provision.ts',
      code: `import { Pool } from 'pg';
const admin = new Pool({ host: process.env.ADMIN_PGHOST, database: 'postgres' });
export async function createTenantDatabase(name: string) {
  await admin.query('SELECT pg_advisory_lock(1)');
  try {
    await admin.query(\`CREATE DATABASE "\${name}"\`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(1)');
  }
}`,
    },
    {
      filename: 'src/ok/set-local.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL search_path TO app');
    await client.query('set local statement_timeout = 1000');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    },
    {
      // A session lock taken and released (in a finally) inside one transaction never leaves its
      // server connection: the transaction holds that connection until the unlock has run.
      filename: 'src/lib/advisory-lock.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function withLock<T>(key: number, fn: () => Promise<T>): Promise<T | null> {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>\`SELECT pg_try_advisory_lock(\${key}) AS locked\`;
    if (!row?.locked) return null;
    try {
      return await fn();
    } finally {
      await tx.$executeRaw\`SELECT pg_advisory_unlock(\${key})\`;
    }
  });
}`,
    },
    {
      filename: 'src/ok/set-config-true.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT set_config('app.user_id', \${userId}, true)\`;
    await tx.post.findMany();
  });
}`,
    },
    {
      filename: 'src/ok/xact-lock.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [42]);
    await trx.raw('SELECT pg_try_advisory_xact_lock_shared(42)');
  });
}`,
    },
    {
      filename: 'src/ok/notify.ts',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f(payload: string) {
  await sql\`NOTIFY jobs\`;
  await sql\`SELECT pg_notify('jobs', \${payload})\`;
  await sql.notify('jobs', payload);
}`,
    },
    {
      filename: 'src/ok/on-commit-drop.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.transaction(async (tx) => {
    await tx.execute(sql\`CREATE TEMP TABLE staging (id int) ON COMMIT DROP\`);
    await tx.execute(sql\`create unlogged table u (id int)\`);
  });
}`,
    },
    {
      filename: 'src/ok/set-transaction.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', { transaction: t });
    await sequelize.query('SET CONSTRAINTS ALL DEFERRED', { transaction: t });
  });
}`,
    },
    {
      filename: 'src/ok/string-content.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query("SELECT 'SET search_path TO app' AS text");
  await pool.query('SELECT 1 -- SET search_path TO app');
  await pool.query('SELECT $$ LISTEN x $$');
  await pool.query('SELECT 1 /* pg_advisory_lock(1) */');
  await pool.query("DO $$ BEGIN EXECUTE format('SET search_path TO %I', 'app'); END $$");
  await pool.query('CREATE FUNCTION lock_it() RETURNS void AS $$ SELECT pg_advisory_lock(1) $$ LANGUAGE sql');
}`,
    },
    {
      filename: 'src/ok/other-statements.ts',
      code: `import { Client } from 'pg';
const client = new Client();
export async function f() {
  await client.query('SHOW search_path');
  await client.query('DEALLOCATE ALL');
  await client.query("PREPARE TRANSACTION 'tx1'");
  await client.query('SELECT myschema.pg_advisory_lock(1)');
  await client.query('DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1');
}`,
    },
    {
      filename: 'src/ok/not-db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
const api = { query: (text: string) => text };
export async function f(search: URLSearchParams) {
  api.query('SET search_path TO app');
  search.get('LISTEN jobs');
  document.querySelector('SET');
  return pool.query('SELECT 1');
}`,
    },
    {
      filename: 'src/ok/local-query.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
function query(text: string) {
  return pool.query(text.replace('x', 'y'));
}
export async function f() {
  query('SET search_path TO app');
  query('LISTEN jobs');
}`,
    },
    {
      // Other dialects' settings (a multi-dialect ORM app): PostgreSQL rejects them, so they never run on it.
      filename: 'src/ok/other-dialects.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function importRows() {
  if (sequelize.getDialect() === 'mysql') {
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 0');
    await sequelize.query("SET SESSION sql_mode = ''");
    await sequelize.query('SET GLOBAL max_connections = 500');
  } else if (sequelize.getDialect() === 'mssql') {
    await sequelize.query('SET IDENTITY_INSERT users ON');
  }
}`,
    },
    {
      filename: 'src/ok/dynamic-verb.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(verb: string, setting: string, text: string, local: boolean) {
  await pool.query(\`\${verb} search_path TO app\`);
  await pool.query(\`SET \${setting}\`);
  await pool.query(text);
  await pool.query("SELECT set_config('app.x', '1', $1)", [local]);
}`,
    },
    {
      filename: 'src/ok/direct-pool.ts',
      code: `import { Pool } from 'pg';
const directPool = new Pool({ connectionString: process.env.DIRECT_URL });
const pool = new Pool({ connectionString: process.env.DATABASE_URL_UNPOOLED });
export async function f() {
  await directPool.query('SET search_path TO app');
  await pool.query('SELECT pg_advisory_lock(1)');
  await pool.query({ name: 'find', text: 'SELECT 1' });
}`,
    },
    {
      // The direct URL held in a `const` of the file, preferred over the pooled one.
      filename: 'src/ok/job-lock.ts',
      code: `import { Client } from 'pg';
export async function withJobLock(key: bigint, body: () => Promise<void>) {
  const connectionString = process.env.DATABASE_DIRECT_URL ?? process.env.DATABASE_URL;
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('SET statement_timeout = 0');
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key.toString()]);
    if (rows[0]?.locked) {
      try {
        await body();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]);
      }
    }
  } finally {
    await client.end();
  }
}`,
    },
    {
      filename: 'src/ok/listen-client.ts',
      code: `import { Client } from 'pg';
const listenClient = new Client();
export async function f() {
  await listenClient.connect();
  await listenClient.query('LISTEN jobs');
}`,
    },
    {
      filename: 'src/ok/prisma-non-pooling.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient({ datasourceUrl: process.env.POSTGRES_URL_NON_POOLING });
export async function f() {
  await prisma.$executeRawUnsafe('SET search_path TO app');
}`,
    },
    {
      filename: 'src/ok/postgres-direct-listen.ts',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DIRECT_URL!);
export async function f() {
  await sql.listen('jobs', (payload) => console.log(payload));
  await sql\`SELECT pg_advisory_lock(1)\`;
}`,
    },
    {
      // A replication connection: PgBouncer never puts one in a transaction pool.
      filename: 'src/ok/replication-option.ts',
      code: `import postgres from 'postgres';
import { Client } from 'pg';
export async function makeSlot(url: string, name: string) {
  const replica = postgres(url, { max: 1, connection: { replication: 'database' } });
  await replica.unsafe('SET lock_timeout = 5000');
  const client = new Client({ connectionString: url, replication: 'database' });
  await client.connect();
  await client.query('SET statement_timeout = 0');
}`,
    },
    {
      // Whatever its name, a connection sent replication commands is a replication connection.
      filename: 'src/ok/replication-commands.ts',
      code: `import type postgres from 'postgres';
export async function createSlot(conn: postgres.Sql, slot: string) {
  await conn.unsafe('SET lock_timeout = 29000');
  return conn.unsafe(\`
    CREATE_REPLICATION_SLOT "\${slot}" LOGICAL pgoutput\`);
}`,
    },
    {
      filename: 'src/ok/session-mode.ts',
      code: `import { Pool } from 'pg';
import postgres from 'postgres';
const pool = new Pool();
const sql = postgres();
export async function f() {
  await pool.query('SET search_path TO app');
  await pool.query('LISTEN jobs');
  await pool.query('SELECT pg_advisory_lock(1)');
  await pool.query({ name: 'find', text: 'SELECT 1' });
  await sql.listen('jobs', () => {});
}`,
      settings: {"pgbouncer":{"pooler":{"mode":"session"}}},
    },
    {
      filename: 'src/ok/prepared-supported.ts',
      code: `import { Pool } from 'pg';
import pgPromise from 'pg-promise';
const pool = new Pool();
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f(id: number) {
  await pool.query({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  await db.one(new pgp.PreparedStatement({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] }));
}`,
      settings: {"pgbouncer":{"pooler":{"preparedStatements":true}}},
    },
    {
      filename: 'src/ok/drizzle-prepared-supported.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { users } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
export const all = db.select().from(users).prepare('all_users');`,
      settings: {"pgbouncer":{"pooler":{"preparedStatements":true}}},
    },
    {
      filename: 'test/x.test.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET search_path TO test');
}`,
    },
    {
      // test support code: a helper that resets the test database over a direct client
      filename: 'packages/core/src/testing/reset-database.ts',
      code: `import { Client } from 'pg';
export async function resetDatabase(schema: string) {
  const client = new Client();
  await client.connect();
  try {
    await client.query(\`SET search_path TO \${schema}\`);
  } finally {
    await client.end();
  }
}`,
    },
    {
      filename: 'src/__tests__/db.spec.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.listen('jobs', () => {});
}`,
    },
    {
      filename: 'src/migrations/001.ts',
      code: `import { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.raw('SET lock_timeout = 1000');
}`,
    },
    {
      // A Knex seed file that installs stored procedures, outside a seeds/ folder: its `seed` runs on deploy.
      filename: 'database/src/procedures/api_set_context.ts',
      code: `import { Knex } from 'knex';
export async function seed(knex: Knex): Promise<void> {
  await knex.raw(\`
    SET search_path = 'app';
    CREATE OR REPLACE FUNCTION api_set_context(p_user text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END; $$;
  \`);
}`,
    },
    {
      // A runner of data migrations, in their folder: a deploy step on the migration's session.
      filename: 'packages/db/script-migrations/index.ts',
      code: `import type { Sql } from 'postgres';
export async function runScriptMigrations(sql: Sql) {
  await sql.unsafe('SET statement_timeout = 0');
}`,
    },
    {
      // The script that runs them, named in camelCase: its lock guards a deploy step.
      filename: 'packages/worker/src/utils/runMigrations.ts',
      code: `import { DataSource } from 'typeorm';
export default async (dataSource: DataSource) => {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(42)');
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock(42)');
    await runner.release();
  }
};`,
    },
    {
      filename: 'src/db/seeds/users.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function seed() {
  await prisma.$executeRawUnsafe('CREATE TEMP TABLE import (id int)');
}`,
    },
    {
      filename: 'src/migrations/002.ts',
      code: `import { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.raw('SET lock_timeout = 1000');
}`,
      options: [{"checkTests":true}],
    },
  ],
  invalid: [
    {
      // A NestJS service injected with the project's PrismaService: \`$executeRaw\` says it is a client.
      filename: 'src/reports/reports.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class ReportsService {
  constructor(private readonly prisma: PrismaService) {}
  async run() {
    await this.prisma.$executeRaw\`SET search_path TO reports, public\`;
    return this.prisma.$queryRaw\`SELECT * FROM totals\`;
  }
}`,
      errors: [{ messageId: 'sessionSet', line: 7, column: 11, endLine: 7, endColumn: 70, suggestions: [] }],
    },
    {
      // Reset in the same transaction, on another setting: the role stays on the connection.
      filename: 'src/results.js',
      code: `import pgp from 'pg-promise';
const db = pgp()(process.env.DATABASE_URL);
export function importResults(rows) {
  return db.tx(async (t) => {
    await t.none('SET ROLE importer');
    await t.none('INSERT INTO results SELECT * FROM json_populate_recordset(null::results, $1)', [JSON.stringify(rows)]);
    await t.none('RESET search_path');
  });
}`,
      errors: [{ messageId: 'sessionSet', line: 5, column: 18, endColumn: 37, suggestions: [{ messageId: 'suggestSetLocal', output: `import pgp from 'pg-promise';
const db = pgp()(process.env.DATABASE_URL);
export function importResults(rows) {
  return db.tx(async (t) => {
    await t.none('SET LOCAL ROLE importer');
    await t.none('INSERT INTO results SELECT * FROM json_populate_recordset(null::results, $1)', [JSON.stringify(rows)]);
    await t.none('RESET search_path');
  });
}` }] }],
    },
    {
      // The statement built by a function of the file.
      filename: 'src/schemas.ts',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const setSearchPath = (schema: string) => \`SET SEARCH_PATH = '\${schema}'\`;
export async function tablesOf(schema: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(setSearchPath(schema));
    return await runner.query('SELECT table_name FROM information_schema.tables');
  } finally {
    await runner.release();
  }
}`,
      errors: [{ messageId: 'sessionSet', line: 7, column: 24, endColumn: 45, suggestions: [] }],
    },
    {
      // PostgreSQL's own settings beside them are still judged.
      filename: 'src/mixed-dialects.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function importRows() {
  await sequelize.query('SET FOREIGN_KEY_CHECKS = 0');
  await sequelize.query('SET lock_timeout = 1000');
}`,
      errors: [{ messageId: 'sessionSet', line: 5, column: 25, endLine: 5, endColumn: 50, suggestions: [] }],
    },
    {
      // Replication commands on one receiver say nothing of another.
      filename: 'src/replication-elsewhere.ts',
      code: `import type postgres from 'postgres';
export async function createSlot(conn: postgres.Sql, sql: postgres.Sql, slot: string) {
  await sql.unsafe('SET lock_timeout = 29000');
  return conn.unsafe(\`CREATE_REPLICATION_SLOT "\${slot}" LOGICAL pgoutput\`);
}`,
      errors: [{ messageId: 'sessionSet', line: 3, column: 20, endLine: 3, endColumn: 46, suggestions: [] }],
    },
    {
      filename: 'src/pg-set.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET search_path TO app');
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-set-tx.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET statement_timeout = 5000');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 5000');
    await client.query('COMMIT');
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
      filename: 'src/pg-set-lower.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('begin');
  await client.query('set search_path to app');
  await client.query('commit');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('begin');
  await client.query('set local search_path to app');
  await client.query('commit');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pg-set-comment.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('/* c */ SET work_mem = 1024');
  await client.query(\`-- c
SET lock_timeout = 100\`);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('/* c */ SET LOCAL work_mem = 1024');
  await client.query(\`-- c
SET lock_timeout = 100\`);
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 8,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('/* c */ SET work_mem = 1024');
  await client.query(\`-- c
SET LOCAL lock_timeout = 100\`);
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pg-set-session.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SET SESSION search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SET LOCAL search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pg-multi.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('BEGIN; SET search_path TO app; SELECT 1; COMMIT');
  await pool.query('SELECT 1; SET lock_timeout = 500');
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('BEGIN; SET LOCAL search_path TO app; SELECT 1; COMMIT');
  await pool.query('SELECT 1; SET lock_timeout = 500');
}`,
            },
          ],
        },
        {
          messageId: 'sessionSet',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 54,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-reset.ts',
      code: `import { Client } from 'pg';
const client = new Client();
export async function f() {
  await client.query('RESET ALL');
  await client.query('reset search_path');
}`,
      errors: [
        {
          messageId: 'reset',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 33,
          suggestions: [],
        },
        {
          messageId: 'reset',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 41,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/prisma-set-config.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT set_config('app.user_id', $1, false)", userId);
    await tx.user.findMany();
  });
  await prisma.$executeRawUnsafe("select set_config('app.user_id', $1, FALSE)", userId);
}`,
      errors: [
        {
          messageId: 'setConfig',
          line: 5,
          column: 32,
          endLine: 5,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'suggestSetConfigLocal',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SELECT set_config('app.user_id', $1, true)", userId);
    await tx.user.findMany();
  });
  await prisma.$executeRawUnsafe("select set_config('app.user_id', $1, FALSE)", userId);
}`,
            },
          ],
        },
        {
          messageId: 'setConfig',
          line: 8,
          column: 34,
          endLine: 8,
          endColumn: 79,
          suggestions: [],
        },
      ],
    },
    {
      // The UNLISTEN undoes the LISTEN, which is the one report.
      filename: 'src/pg-listen.ts',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function stop(client: pg.PoolClient) {
  await client.query('UNLISTEN *');
}
export async function f() {
  const client = await pool.connect();
  await client.query('LISTEN jobs');
  await client.query('UNLISTEN *');
  client.release();
}`,
      errors: [
        {
          messageId: 'listen',
          line: 8,
          column: 22,
          endLine: 8,
          endColumn: 35,
          data: { label: 'LISTEN', fix: '' },
          suggestions: [],
        },
      ],
    },
    {
      // An UNLISTEN in a file that listens nowhere is reported itself.
      filename: 'src/pg-unlisten.ts',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function stop() {
  const client = await pool.connect();
  await client.query('UNLISTEN jobs');
  client.release();
}`,
      errors: [
        {
          messageId: 'listen',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 37,
          data: { label: 'UNLISTEN', fix: '' },
          suggestions: [],
        },
      ],
    },
    {
      // Released only when nothing throws (a throw leaves it on the server connection), or released
      // after the transaction has ended, on whichever connection the pool hands out.
      filename: 'src/lib/lock.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function a(fn: () => Promise<void>) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT pg_advisory_lock(1)\`;
    await fn();
    await tx.$executeRaw\`SELECT pg_advisory_unlock(1)\`;
  });
}
export async function b(fn: () => Promise<void>) {
  try {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw\`SELECT pg_advisory_lock(2)\`;
      await fn();
    });
  } finally {
    await prisma.$executeRaw\`SELECT pg_advisory_unlock(2)\`;
  }
}`,
      errors: [
        { messageId: 'advisoryLock', line: 5, suggestions: [{ messageId: 'suggestXactLock', output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function a(fn: () => Promise<void>) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT pg_advisory_xact_lock(1)\`;
    await fn();
    await tx.$executeRaw\`SELECT pg_advisory_unlock(1)\`;
  });
}
export async function b(fn: () => Promise<void>) {
  try {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw\`SELECT pg_advisory_lock(2)\`;
      await fn();
    });
  } finally {
    await prisma.$executeRaw\`SELECT pg_advisory_unlock(2)\`;
  }
}` }] },
        { messageId: 'advisoryUnlock', line: 7, suggestions: [] },
        { messageId: 'advisoryLock', line: 13, suggestions: [{ messageId: 'suggestXactLock', output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function a(fn: () => Promise<void>) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT pg_advisory_lock(1)\`;
    await fn();
    await tx.$executeRaw\`SELECT pg_advisory_unlock(1)\`;
  });
}
export async function b(fn: () => Promise<void>) {
  try {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw\`SELECT pg_advisory_xact_lock(2)\`;
      await fn();
    });
  } finally {
    await prisma.$executeRaw\`SELECT pg_advisory_unlock(2)\`;
  }
}` }] },
        { messageId: 'advisoryUnlock', line: 17, suggestions: [] },
      ],
    },
    {
      filename: 'src/knex-lock.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.raw('select pg_advisory_lock(?)', [42]);
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_lock(?)', [42]);
    await trx.raw('SELECT PG_TRY_ADVISORY_LOCK_SHARED(1)');
  });
  await db.raw('select pg_advisory_unlock(42)');
  await db.raw('select pg_advisory_unlock_all()');
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 44,
          suggestions: [],
        },
        {
          messageId: 'advisoryLock',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.raw('select pg_advisory_lock(?)', [42]);
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [42]);
    await trx.raw('SELECT PG_TRY_ADVISORY_LOCK_SHARED(1)');
  });
  await db.raw('select pg_advisory_unlock(42)');
  await db.raw('select pg_advisory_unlock_all()');
}`,
            },
          ],
        },
        {
          messageId: 'advisoryLock',
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.raw('select pg_advisory_lock(?)', [42]);
  await db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_lock(?)', [42]);
    await trx.raw('SELECT PG_TRY_ADVISORY_XACT_LOCK_SHARED(1)');
  });
  await db.raw('select pg_advisory_unlock(42)');
  await db.raw('select pg_advisory_unlock_all()');
}`,
            },
          ],
        },
        {
          messageId: 'advisoryUnlock',
          line: 9,
          column: 16,
          endLine: 9,
          endColumn: 47,
          suggestions: [],
        },
        {
          messageId: 'advisoryUnlock',
          line: 10,
          column: 16,
          endLine: 10,
          endColumn: 49,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/sequelize-prepare.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.query('PREPARE find_user (int) AS SELECT * FROM users WHERE id = $1');
  await sequelize.query('EXECUTE find_user(1)');
  await sequelize.query('DEALLOCATE find_user');
  await sequelize.query('DEALLOCATE ALL');
}`,
      errors: [
        {
          messageId: 'sqlPrepare',
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 87,
          suggestions: [],
        },
        {
          messageId: 'sqlPrepare',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 47,
          suggestions: [],
        },
        {
          messageId: 'sqlPrepare',
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 47,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/typeorm-cursor.ts',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function f() {
  await dataSource.query('DECLARE c CURSOR WITH HOLD FOR SELECT * FROM events');
  await dataSource.query('DECLARE d CURSOR WITHOUT HOLD FOR SELECT * FROM events');
}`,
      errors: [
        {
          messageId: 'holdCursor',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 79,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/drizzle-temp.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
const db = drizzle(process.env.DATABASE_URL!);
export async function f() {
  await db.execute(sql\`CREATE TEMP TABLE staging (id int)\`);
  await db.transaction(async (tx) => {
    await tx.execute(sql\`create temporary table s2 (id int) on commit delete rows\`);
    await tx.execute(sql\`create temp table s3 (id int) on commit drop\`);
  });
}`,
      errors: [
        {
          messageId: 'tempTable',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 59,
          suggestions: [],
        },
        {
          messageId: 'tempTable',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 83,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/kysely-load.ts',
      code: `import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await sql\`LOAD 'auto_explain'\`.execute(db);
  await sql\`SET search_path TO app\`.execute(db);
}`,
      errors: [
        {
          messageId: 'load',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 33,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 36,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/postgres-js.ts',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f() {
  await sql\`SET search_path TO app\`;
  await sql.unsafe('LISTEN jobs');
  await sql.listen('jobs', (payload) => console.log(payload));
  await sql.begin(async (tx) => {
    await tx\`set statement_timeout = 1000\`;
    await tx.unsafe('SELECT pg_advisory_lock(7)');
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 36,
          suggestions: [],
        },
        {
          messageId: 'listen',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 33,
          suggestions: [],
        },
        {
          messageId: 'sessionFeature',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 62,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f() {
  await sql\`SET search_path TO app\`;
  await sql.unsafe('LISTEN jobs');
  await sql.listen('jobs', (payload) => console.log(payload));
  await sql.begin(async (tx) => {
    await tx\`set local statement_timeout = 1000\`;
    await tx.unsafe('SELECT pg_advisory_lock(7)');
  });
}`,
            },
          ],
        },
        {
          messageId: 'advisoryLock',
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
export async function f() {
  await sql\`SET search_path TO app\`;
  await sql.unsafe('LISTEN jobs');
  await sql.listen('jobs', (payload) => console.log(payload));
  await sql.begin(async (tx) => {
    await tx\`set statement_timeout = 1000\`;
    await tx.unsafe('SELECT pg_advisory_xact_lock(7)');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pg-promise.ts',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f(id: number) {
  await db.none('SET search_path TO app');
  await db.tx(async (t) => {
    await t.none('SET search_path TO app');
    await t.one("SELECT set_config('app.x', '1', false)");
  });
  await db.one({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  const ps = new pgp.PreparedStatement({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1' });
  await db.one(ps, [id]);
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 41,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f(id: number) {
  await db.none('SET search_path TO app');
  await db.tx(async (t) => {
    await t.none('SET LOCAL search_path TO app');
    await t.one("SELECT set_config('app.x', '1', false)");
  });
  await db.one({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  const ps = new pgp.PreparedStatement({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1' });
  await db.one(ps, [id]);
}`,
            },
          ],
        },
        {
          messageId: 'setConfig',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'suggestSetConfigLocal',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f(id: number) {
  await db.none('SET search_path TO app');
  await db.tx(async (t) => {
    await t.none('SET search_path TO app');
    await t.one("SELECT set_config('app.x', '1', true)");
  });
  await db.one({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  const ps = new pgp.PreparedStatement({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1' });
  await db.one(ps, [id]);
}`,
            },
          ],
        },
        {
          messageId: 'namedStatement',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export async function f(id: number) {
  await db.none('SET search_path TO app');
  await db.tx(async (t) => {
    await t.none('SET search_path TO app');
    await t.one("SELECT set_config('app.x', '1', false)");
  });
  await db.one({ text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  const ps = new pgp.PreparedStatement({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1' });
  await db.one(ps, [id]);
}`,
            },
          ],
        },
        {
          messageId: 'namedStatement',
          line: 11,
          column: 42,
          endLine: 11,
          endColumn: 59,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-named.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(id: number) {
  await pool.query({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  await pool.query({ text: 'SELECT 1', name: 'one' });
  const config = { name: 'by-id', text: 'SELECT * FROM users WHERE id = $1' };
  await pool.query(config, [id]);
}`,
      errors: [
        {
          messageId: 'namedStatement',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(id: number) {
  await pool.query({ text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  await pool.query({ text: 'SELECT 1', name: 'one' });
  const config = { name: 'by-id', text: 'SELECT * FROM users WHERE id = $1' };
  await pool.query(config, [id]);
}`,
            },
          ],
        },
        {
          messageId: 'namedStatement',
          line: 5,
          column: 40,
          endLine: 5,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(id: number) {
  await pool.query({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  await pool.query({ text: 'SELECT 1' });
  const config = { name: 'by-id', text: 'SELECT * FROM users WHERE id = $1' };
  await pool.query(config, [id]);
}`,
            },
          ],
        },
        {
          messageId: 'namedStatement',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/drizzle-prepare.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq, sql } from 'drizzle-orm';
import { users } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
const byId = db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare('user_by_id');
export async function f(id: number) {
  return byId.execute({ id });
}`,
      errors: [
        {
          messageId: 'namedPrepare',
          line: 5,
          column: 81,
          endLine: 5,
          endColumn: 88,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/slonik.ts',
      code: `import { createPool, sql } from 'slonik';
export async function f() {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.query(sql.unsafe\`SET search_path TO app\`);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`SET search_path TO app\`);
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 54,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { createPool, sql } from 'slonik';
export async function f() {
  const pool = await createPool(process.env.DATABASE_URL!);
  await pool.query(sql.unsafe\`SET search_path TO app\`);
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe\`SET LOCAL search_path TO app\`);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/mikro.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  await orm.em.execute('SET search_path TO app');
  await orm.em.transactional(async (em) => {
    await em.execute('SET search_path TO app');
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 48,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
export async function f(orm: MikroORM) {
  await orm.em.execute('SET search_path TO app');
  await orm.em.transactional(async (em) => {
    await em.execute('SET LOCAL search_path TO app');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/neon.ts',
      code: `import { neon, Pool } from '@neondatabase/serverless';
const query = neon(process.env.DATABASE_URL!);
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function f() {
  await query\`SET search_path TO app\`;
  await pool.query('LISTEN jobs');
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 38,
          suggestions: [],
        },
        {
          messageId: 'listen',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 33,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/vercel.ts',
      code: `import { sql, db } from '@vercel/postgres';
export async function f() {
  await sql\`SET search_path TO app\`;
  const client = await db.connect();
  await client.sql\`SELECT pg_advisory_lock(1)\`;
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 36,
          suggestions: [],
        },
        {
          messageId: 'advisoryLock',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 47,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-characteristics.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE');
  await pool.query('SET ROLE app_user');
}`,
      errors: [
        {
          messageId: 'sessionCharacteristics',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 93,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 39,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/kysely-tx.ts',
      code: `import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await sql\`SET statement_timeout = 1000\`.execute(trx);
    await sql\`SELECT pg_advisory_lock(\${1})\`.execute(trx);
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await sql\`SET LOCAL statement_timeout = 1000\`.execute(trx);
    await sql\`SELECT pg_advisory_lock(\${1})\`.execute(trx);
  });
}`,
            },
          ],
        },
        {
          messageId: 'advisoryLock',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function f() {
  await db.transaction().execute(async (trx) => {
    await sql\`SET statement_timeout = 1000\`.execute(trx);
    await sql\`SELECT pg_advisory_xact_lock(\${1})\`.execute(trx);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/knex-unmanaged.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx.raw('SET search_path TO app');
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 19,
          endLine: 6,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx.raw('SET LOCAL search_path TO app');
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
      filename: 'src/pg-after-commit.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('COMMIT');
  await client.query('SET search_path TO app');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/prisma-map.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(ids: number[]) {
  await prisma.$transaction(async (tx) => {
    await Promise.all(ids.map(async (id) => tx.$executeRawUnsafe(\`SELECT pg_advisory_lock(\${id})\`)));
    setTimeout(() => {
      void prisma.$executeRawUnsafe('SELECT pg_advisory_lock(1)');
    }, 10);
  });
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 5,
          column: 66,
          endLine: 5,
          endColumn: 98,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(ids: number[]) {
  await prisma.$transaction(async (tx) => {
    await Promise.all(ids.map(async (id) => tx.$executeRawUnsafe(\`SELECT pg_advisory_xact_lock(\${id})\`)));
    setTimeout(() => {
      void prisma.$executeRawUnsafe('SELECT pg_advisory_lock(1)');
    }, 10);
  });
}`,
            },
          ],
        },
        {
          messageId: 'advisoryLock',
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 65,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-const.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
const SET_PATH = 'SET search_path TO app';
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(SET_PATH);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/pg-hole-tx.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(schema: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(\`SET search_path TO \${schema}, public\`);
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(schema: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query(\`SET LOCAL search_path TO \${schema}, public\`);
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/typeorm-runner.ts',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function f() {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await qr.query('SET search_path TO app');
    await qr.commitTransaction();
  } finally {
    await qr.release();
  }
  await dataSource.transaction(async (manager) => {
    await manager.query("SELECT set_config('app.x', 'y', 'off')");
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export async function f() {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await qr.query('SET LOCAL search_path TO app');
    await qr.commitTransaction();
  } finally {
    await qr.release();
  }
  await dataSource.transaction(async (manager) => {
    await manager.query("SELECT set_config('app.x', 'y', 'off')");
  });
}`,
            },
          ],
        },
        {
          messageId: 'setConfig',
          line: 14,
          column: 25,
          endLine: 14,
          endColumn: 65,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/sequelize-tx.ts',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('SET search_path TO app', { transaction: t });
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 5,
          column: 27,
          endLine: 5,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('SET LOCAL search_path TO app', { transaction: t });
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pgp-task.ts',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL!);
export async function f() {
  await db.task(async (t) => {
    await t.none('SET search_path TO app');
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/temp-other.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('CREATE TEMP VIEW v AS SELECT 1');
  await pool.query('CREATE TEMPORARY SEQUENCE s');
  await pool.query('CREATE TEMP TABLE t AS SELECT 1');
  await pool.query('CREATE UNLOGGED TABLE u (id int)');
}`,
      errors: [
        {
          messageId: 'tempTable',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 52,
          suggestions: [],
        },
        {
          messageId: 'tempTable',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 49,
          suggestions: [],
        },
        {
          messageId: 'tempTable',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 53,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/prisma-sql.ts',
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$queryRaw(Prisma.sql\`SELECT pg_try_advisory_lock(1)\`);
  await prisma.$queryRaw\`SELECT pg_advisory_unlock_shared(1)\`;
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 68,
          suggestions: [],
        },
        {
          messageId: 'advisoryUnlock',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 62,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/slonik-prepared.ts',
      code: `import { createPool, sql } from 'slonik';
import { z } from 'zod';
export async function f() {
  const pool = await createPool(process.env.DATABASE_URL!);
  return pool.one(sql.prepared('user_by_id', z.object({ id: z.number() }))\`SELECT id FROM users WHERE id = 1\`);
}`,
      errors: [
        {
          messageId: 'namedPrepare',
          line: 5,
          column: 23,
          endLine: 5,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/prisma-template.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(tenant: string) {
  await prisma.$executeRaw\`SET search_path TO app\`;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT set_config('app.tenant', \${tenant}, false)\`;
    await tx.$executeRaw\`SET statement_timeout = 1000\`;
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 51,
          suggestions: [],
        },
        {
          messageId: 'setConfig',
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'suggestSetConfigLocal',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(tenant: string) {
  await prisma.$executeRaw\`SET search_path TO app\`;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT set_config('app.tenant', \${tenant}, true)\`;
    await tx.$executeRaw\`SET statement_timeout = 1000\`;
  });
}`,
            },
          ],
        },
        {
          messageId: 'sessionSet',
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f(tenant: string) {
  await prisma.$executeRaw\`SET search_path TO app\`;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw\`SELECT set_config('app.tenant', \${tenant}, false)\`;
    await tx.$executeRaw\`SET LOCAL statement_timeout = 1000\`;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/dynamic-known.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(schema: string) {
  await pool.query(\`SET search_path TO \${schema}\`);
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 50,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/multi-set.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET a.b = 1; SET c.d = 2');
  await pool.query(\`
    BEGIN;
    SET search_path TO app;
    SELECT set_config('app.user', '1', false);
    COMMIT;
  \`);
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 46,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 46,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 5,
          column: 20,
          endLine: 10,
          endColumn: 4,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET a.b = 1; SET c.d = 2');
  await pool.query(\`
    BEGIN;
    SET LOCAL search_path TO app;
    SELECT set_config('app.user', '1', false);
    COMMIT;
  \`);
}`,
            },
          ],
        },
        {
          messageId: 'setConfig',
          line: 5,
          column: 20,
          endLine: 10,
          endColumn: 4,
          suggestions: [
            {
              messageId: 'suggestSetConfigLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET a.b = 1; SET c.d = 2');
  await pool.query(\`
    BEGIN;
    SET search_path TO app;
    SELECT set_config('app.user', '1', true);
    COMMIT;
  \`);
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pg-catalog-lock.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_catalog.pg_advisory_lock(1)');
  await client.query('SET SESSION AUTHORIZATION bob');
  await client.query('Set search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'suggestXactLock',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_catalog.pg_advisory_xact_lock(1)');
  await client.query('SET SESSION AUTHORIZATION bob');
  await client.query('Set search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_catalog.pg_advisory_lock(1)');
  await client.query('SET LOCAL SESSION AUTHORIZATION bob');
  await client.query('Set search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
        {
          messageId: 'sessionSet',
          line: 8,
          column: 22,
          endLine: 8,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_catalog.pg_advisory_lock(1)');
  await client.query('SET SESSION AUTHORIZATION bob');
  await client.query('Set LOCAL search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/start-transaction.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('START TRANSACTION; SET search_path TO app; COMMIT');
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('START TRANSACTION; SET LOCAL search_path TO app; COMMIT');
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/named-in-tx.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query({ name: 'lock', text: 'SELECT pg_advisory_lock(1)' });
  await client.query('ROLLBACK');
  client.release();
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 74,
          suggestions: [],
        },
        {
          messageId: 'namedStatement',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query({ text: 'SELECT pg_advisory_lock(1)' });
  await client.query('ROLLBACK');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/prepared-supported-sql.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(id: number) {
  await pool.query({ name: 'find-user', text: 'SET search_path TO app' });
  await pool.query('PREPARE q AS SELECT 1');
}`,
      settings: {"pgbouncer":{"pooler":{"preparedStatements":true}}},
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 73,
          suggestions: [],
        },
        {
          messageId: 'sqlPrepare',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/transaction-mode.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query({ name: 'find', text: 'SELECT 1' });
}`,
      settings: {"pgbouncer":{"pooler":{"mode":"transaction","preparedStatements":false}}},
      errors: [
        {
          messageId: 'namedStatement',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query({ text: 'SELECT 1' });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'test/x.test.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  await pool.query('SET search_path TO test');
}`,
      options: [{"checkTests":true}],
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 45,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/migrations/001.ts',
      code: `import { Knex } from 'knex';
export async function up(knex: Knex) {
  await knex.raw('SET lock_timeout = 1000');
}`,
      options: [{"checkMigrations":true}],
      errors: [
        {
          messageId: 'sessionSet',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'database/src/procedures/set_timeouts.ts',
      code: `import { Knex } from 'knex';
export async function seed(knex: Knex) {
  await knex.raw('SET lock_timeout = 1000');
}`,
      options: [{"checkMigrations":true}],
      errors: [
        {
          messageId: 'sessionSet',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    {
      // A class that runs the migrations at start-up takes its lock on the application's pool: its
      // methods are not migration functions for being in a class named for them.
      filename: 'src/db/database.migration.hook.ts',
      code: `import postgres from 'postgres';
export class DatabaseMigrationHook {
  private readonly sql = postgres(process.env.DATABASE_URL!, { prepare: false });
  private async acquireLock() {
    await this.sql\`SELECT pg_advisory_lock(\${42})\`;
  }
}`,
      errors: [{ messageId: 'advisoryLock', line: 5, column: 11, suggestions: [] }],
    },
    {
      filename: 'src/users.migration.ts',
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function up() {
  await dataSource.query('select pg_advisory_unlock_all()');
}`,
      options: [{"checkMigrations":true,"checkTests":true}],
      errors: [
        {
          messageId: 'advisoryUnlock',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 59,
          suggestions: [],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-session-state (esm)', rule, {
  valid: [
    {
      filename: 'src/ok/app.mjs',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f() {
  await pool.query("SELECT 'LISTEN events'");
  await pool.query('SET LOCAL search_path TO app');
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/app.mjs',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f() {
  await pool.query('LISTEN events');
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SET search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
      errors: [
        {
          messageId: 'listen',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 35,
          suggestions: [],
        },
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import pg from 'pg';
const pool = new pg.Pool();
export async function f() {
  await pool.query('LISTEN events');
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SET LOCAL search_path TO app');
  await client.query('COMMIT');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/knex.mjs',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export function f() {
  return db.transaction(async (trx) => {
    await trx.raw("select set_config('app.user', ?, false)", ['1']);
  });
}`,
      errors: [
        {
          messageId: 'setConfig',
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'suggestSetConfigLocal',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export function f() {
  return db.transaction(async (trx) => {
    await trx.raw("select set_config('app.user', ?, true)", ['1']);
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-session-state (cjs)', rule, {
  valid: [
    {
      filename: 'src/ok/app.cjs',
      code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DIRECT_URL });
module.exports = async function f() {
  await pool.query('LISTEN jobs');
};`,
    },
    {
      filename: 'src/ok/migrations/002.cjs',
      code: `const { Pool } = require('pg');
const pool = new Pool();
exports.up = () => pool.query('SET lock_timeout = 1000');`,
    },
  ],
  invalid: [
    {
      filename: 'src/app.cjs',
      code: `const { Pool } = require('pg');
const pool = new Pool();
module.exports = async function f() {
  await pool.query('select pg_advisory_lock(1)');
  await pool.query({ name: 'q1', text: 'select 1' });
};`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 48,
          suggestions: [],
        },
        {
          messageId: 'namedStatement',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'suggestUnnamed',
              output: `const { Pool } = require('pg');
const pool = new Pool();
module.exports = async function f() {
  await pool.query('select pg_advisory_lock(1)');
  await pool.query({ text: 'select 1' });
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/pgp.cjs',
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.f = () => db.tx((t) => t.none('SET search_path TO app'));`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 3,
          column: 39,
          endLine: 3,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
exports.f = () => db.tx((t) => t.none('SET LOCAL search_path TO app'));`,
            },
          ],
        },
      ],
    },
  ],
});

// Regressions: cases that once went wrong.
ruleTester.run('no-session-state (regressions)', rule, {
  valid: [
    { filename: 'src/direct.ts', code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DIRECT_URL });
export async function f() {
  await pool.query('LISTEN jobs');
}` },
    { filename: 'src/cron.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(prepared: boolean) {
  await pool.query({ name: prepared ? 'cron' : undefined, text: 'select 1' });
}` },
    // Inside a transaction on its own connection, RESET clears the setting of the connection the
    // transaction holds (a tenant id left by an earlier session-level SET), as it says.
    { filename: 'src/db/tenant.ts', code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
export const db = drizzle(process.env.DATABASE_URL!);
export function tenantDB<T>(tenantId: string | undefined, cb: (tx: unknown) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql\`reset app.tenant_id\`);
    if (tenantId) {
      await tx.execute(sql\`select set_config('app.tenant_id', \${tenantId}, true)\`);
    }
    return cb(tx);
  });
}` },
    { filename: 'src/db/cleanup.ts', code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
export async function renameTenant(tenantId: string, name: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('RESET ALL');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await client.query('UPDATE tenants SET name = $1', [name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}` },

  ],
  invalid: [
    {
      // The session-level SET inside the transaction is the problem, and reported; the RESET
      // through the engine, on another pooled connection, resets nothing of this transaction's.
      filename: 'src/db/tenant.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
export const db = drizzle(process.env.DATABASE_URL!);
export async function tenantDB<T>(tenantId: string, cb: (tx: unknown) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql\`reset app.tenant_id\`);
    await tx.execute(sql\`set app.tenant_id = '\${sql.raw(tenantId)}'\`);
    return cb(tx);
  });
  await db.execute(sql\`reset app.tenant_id\`);
  return result;
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
export const db = drizzle(process.env.DATABASE_URL!);
export async function tenantDB<T>(tenantId: string, cb: (tx: unknown) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql\`reset app.tenant_id\`);
    await tx.execute(sql\`set local app.tenant_id = '\${sql.raw(tenantId)}'\`);
    return cb(tx);
  });
  await db.execute(sql\`reset app.tenant_id\`);
  return result;
}`,
            },
          ],
        },
        { messageId: 'reset', line: 10, column: 20, suggestions: [] },
      ],
    },
    {
      // `sql.raw(text)` is the text itself: read like a tagged template (no in-place suggestion).
      filename: 'src/db/schema.ts',
      code: `import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle(process.env.DATABASE_URL!);
export async function useSchema(schema: string) {
  await db.execute(sql.raw(\`SET search_path TO \${schema}\`));
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw('SET statement_timeout = 5000'));
    await tx.execute(sql.raw('SET LOCAL lock_timeout = 1000'));
  });
}`,
      errors: [
        { messageId: 'sessionSet', line: 5, column: 20, suggestions: [] },
        { messageId: 'sessionSet', line: 7, column: 22, suggestions: [] },
      ],
    },
    {
      // Two statements of one kind in one string: one problem at one place, reported once.
      filename: 'src/listener.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'jobs-listener' });
export async function subscribe(): Promise<PoolClient> {
  const client = await pool.connect();
  await client.query('LISTEN "orders:new"; LISTEN "orders:paid";');
  return client;
}`,
      errors: [{ messageId: 'listen', line: 5, column: 22, suggestions: [] }],
    },
    {
      filename: 'src/pool-set.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await pool.query('SET search_path TO app');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 46,
          data: {"label":"SET search_path","fix":"Run it as `SET LOCAL` inside the transaction that needs it, or set it per role or database (`ALTER ROLE … SET`)."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/prisma-outer.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async (tx) => {
    await prisma.$executeRawUnsafe('SET search_path TO app');
  });
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 5,
          column: 36,
          endLine: 5,
          endColumn: 60,
          data: {"label":"SET search_path","fix":"Run it as `SET LOCAL` inside the transaction that needs it, or set it per role or database (`ALTER ROLE … SET`)."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/knex-outer-lock.ts',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f() {
  await db.transaction(async (trx) => {
    await db.raw('select pg_advisory_lock(1)');
  });
}`,
      errors: [
        {
          messageId: 'advisoryLock',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 46,
          data: {"label":"pg_advisory_lock()","fix":"Take `pg_advisory_xact_lock` inside a transaction (released at its end), or run the locking job over a direct connection."},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/pool-options.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, idle_in_transaction_session_timeout: 10000, application_name: 'listener-api' });
export async function f() {
  await pool.query('SET search_path TO app');
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 44,
          data: {"label":"SET search_path","fix":"Run it as `SET LOCAL` inside the transaction that needs it, or set it per role or database (`ALTER ROLE … SET`)."},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-session-state (a temporary table dropped inside the transaction that created it)', rule, {
  valid: [
    {
      // The client handed to a helper inside the transaction is still in it.
      filename: 'src/imports/rows.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'imports' });
declare function insertRows(client: PoolClient, rows: string[]): Promise<void>;
export async function importRows(rows: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('RESET search_path');
    await client.query('CREATE TEMP TABLE incoming (id text)');
    await insertRows(client, rows);
    await client.query('DROP TABLE incoming');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}`,
    },
    {
      // node-postgres: created and dropped between BEGIN and COMMIT (a rollback drops it too), its name spliced in.
      filename: 'src/articles/seen.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'feeds' });
export async function seen(feedId: string, ids: string[]) {
  const table = \`ids_\${feedId.replace(/-/g, '_')}\`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(\`CREATE TEMP TABLE \${table} AS SELECT unnest($1::text[]) AS id\`, [ids]);
    const { rows } = await client.query(\`SELECT a.id FROM articles a JOIN \${table} t ON t.id = a.id\`);
    await client.query(\`DROP TABLE \${table}\`);
    await client.query('COMMIT');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}`,
    },
    {
      // One text; and Knex's transaction, dropped with IF EXISTS among other tables.
      filename: 'src/imports/stage.ts',
      code: `import knex from 'knex';
import { Pool } from 'pg';
const pool = new Pool({ application_name: 'imports' });
const db = knex({ client: 'pg', connection: { application_name: 'imports' } });
export async function stageOnce() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN; CREATE TEMPORARY TABLE staging (id int); INSERT INTO staging VALUES (1); DROP TABLE staging; COMMIT');
  } finally {
    client.release();
  }
}
export async function stage(rows: object[]) {
  await db.transaction(async (trx) => {
    await trx.raw('create temp table if not exists "Staging" (id int)');
    await trx('Staging').insert(rows);
    await trx.raw('drop table if exists old_rows, "Staging"');
  });
}`,
    },
  ],
  invalid: [
    {
      // Inside the transaction of a client handed to a helper: the advice and suggestion are SET LOCAL's.
      filename: 'src/imports/tenant.ts',
      code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'imports' });
declare function insertRows(client: PoolClient, rows: string[]): Promise<void>;
export async function importRows(rows: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await insertRows(client, rows);
    await client.query('SET search_path TO tenant_a');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'sessionSet',
          line: 9,
          column: 24,
          endLine: 9,
          endColumn: 53,
          data: { label: 'SET search_path', fix: 'Use `SET LOCAL`, which ends with this transaction.' },
          suggestions: [
            {
              messageId: 'suggestSetLocal',
              output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool({ application_name: 'imports' });
declare function insertRows(client: PoolClient, rows: string[]): Promise<void>;
export async function importRows(rows: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await insertRows(client, rows);
    await client.query('SET LOCAL search_path TO tenant_a');
    await client.query('COMMIT');
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
      // Another table dropped; dropped only after COMMIT (on whichever server connection the pooler lends then).
      filename: 'src/articles/seen.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'feeds' });
export async function seen(ids: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE seen_ids AS SELECT unnest($1::text[]) AS id', [ids]);
    await client.query('DROP TABLE other_ids');
    await client.query('COMMIT');
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE later_ids (id text)');
    await client.query('COMMIT');
    await client.query('DROP TABLE later_ids');
  } finally {
    client.release();
  }
}`,
      errors: [
        { messageId: 'tempTable', line: 7, column: 24, endLine: 7, endColumn: 87, data: { label: 'CREATE TEMP TABLE', fix: '' }, suggestions: [] },
        { messageId: 'tempTable', line: 11, column: 24, endLine: 11, endColumn: 63, data: { label: 'CREATE TEMP TABLE', fix: '' }, suggestions: [] },
      ],
    },
  ],
});

ruleTester.run('no-session-state (a migration step wrapped in a call)', rule, {
  valid: [
    {
      // `migrate` is a deploy step run through a tracing wrapper: named by the variable it is assigned to.
      filename: 'src/db/index.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { record } from '../otel';
export const db = drizzle(process.env.DATABASE_URL!);
export const migrate = record('migrate', async () => {
  await db.execute(sql.raw('set pg_trgm.word_similarity_threshold = 0.4'));
});`,
    },
  ],
  invalid: [
    {
      // The same wrapper around a request's work: judged.
      filename: 'src/db/search.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { record } from '../otel';
export const db = drizzle(process.env.DATABASE_URL!);
export const search = record('search', async (term: string) => {
  await db.execute(sql.raw('set pg_trgm.word_similarity_threshold = 0.4'));
  return db.execute(sql\`select * from shows where name % \${term}\`);
});`,
      errors: [{ messageId: 'sessionSet', line: 6, column: 20, endLine: 6, endColumn: 74, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-session-state (parameters PgBouncer tracks per client)', rule, {
  valid: [
    {
      // PgBouncer sets these again on every server connection it lends this client.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
export function withRequest(requestId: string, work: (client: unknown) => Promise<void>) {
  return pool.connect().then(async (client) => {
    try {
      await client.query(\`SET application_name = '\${requestId}'\`);
      await client.query("SET TIME ZONE 'UTC'");
      await client.query("SET NAMES 'UTF8'");
      await client.query("SELECT set_config('application_name', $1, false)", [requestId]);
      await work(client);
    } finally {
      await client.query('RESET application_name');
      client.release();
    }
  });
}`,
    },
  ],
  invalid: [
    {
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'api' });
export async function f() {
  await pool.query("SELECT set_config('search_path', 'tenant_1', false)");
}`,
      errors: [{ messageId: 'setConfig', line: 4, column: 20, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-session-state (LOAD inside a transaction)', rule, {
  valid: [
    {
      // The cypher queries after it run in the same transaction, on the connection that loaded it.
      filename: 'src/graph/import.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'graph' });
export async function importGraph(rows: string[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("LOAD 'age'");
    await client.query('SET LOCAL search_path = ag_catalog, public');
    for (const row of rows) {
      await client.query('SELECT * FROM cypher($1, $2) AS (v agtype)', ['graph', row]);
    }
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
  invalid: [
    {
      // Loaded on whichever connection the pool lends: the next query may run on another.
      filename: 'src/graph/import.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'graph' });
export async function importGraph(row: string) {
  await pool.query("LOAD 'age'");
  await pool.query('SELECT * FROM cypher($1, $2) AS (v agtype)', ['graph', row]);
}`,
      errors: [{ messageId: 'load', line: 4, column: 20, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-session-state (pg_trgm set_limit)', rule, {
  valid: [
    {
      filename: 'src/search/search.service.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function search(term: string) {
  return prisma.$transaction([
    prisma.$executeRaw\`SET LOCAL pg_trgm.similarity_threshold = 0.05\`,
    prisma.$queryRaw\`SELECT id FROM listings WHERE title % \${term}\`,
    prisma.$queryRaw\`SELECT show_limit()\`,
  ]);
}`,
    },
  ],
  invalid: [
    {
      // The threshold outlives the batch's transaction on its server connection.
      filename: 'src/search/search.service.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function search(term: string) {
  return prisma.$transaction([
    prisma.$executeRaw\`SELECT set_limit(0.05)\`,
    prisma.$queryRaw\`SELECT id FROM listings WHERE title % \${term}\`,
  ]);
}`,
      errors: [
        {
          messageId: 'setConfig',
          line: 5,
          column: 5,
          data: {
            label: 'set_limit()',
            fix: 'Set `pg_trgm.similarity_threshold` with `SET LOCAL` inside the transaction that needs it; `set_limit()` has no transaction-local form.',
          },
          suggestions: [],
        },
      ],
    },
  ],
});

ruleTester.run('no-session-state (a statement name the caller gives)', rule, {
  valid: [],
  invalid: [
    {
      // The helper forwards a name its callers (in other files) give: each named statement lives
      // on one server connection.
      filename: 'src/api/db.ts',
      code: `import { Pool, type QueryResultRow } from 'pg';
const pool = new Pool({ application_name: 'bot' });
export async function query<T extends QueryResultRow>(text: string, values?: unknown[], name?: string) {
  const client = await pool.connect();
  try {
    return await client.query<T>({ text, values, name });
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'namedStatement', line: 6, column: 50, data: { name: 'name' }, suggestions: [{ messageId: 'suggestUnnamed', output: `import { Pool, type QueryResultRow } from 'pg';
const pool = new Pool({ application_name: 'bot' });
export async function query<T extends QueryResultRow>(text: string, values?: unknown[], name?: string) {
  const client = await pool.connect();
  try {
    return await client.query<T>({ text, values });
  } finally {
    client.release();
  }
}` }] }],
    },
    {
      filename: 'src/api/db.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'bot' });
export async function user(id: string) {
  return pool.query({ name: 'get-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
}`,
      errors: [{ messageId: 'namedStatement', line: 4, column: 23, suggestions: [{ messageId: 'suggestUnnamed', output: `import { Pool } from 'pg';
const pool = new Pool({ application_name: 'bot' });
export async function user(id: string) {
  return pool.query({ text: 'SELECT * FROM users WHERE id = $1', values: [id] });
}` }] }],
    },
  ],
});
