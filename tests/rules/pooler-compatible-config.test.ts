import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/pooler-compatible-config';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

/*
 * slonik sends its timeouts as startup parameters in 22.0.0–22.4.1 and from 25.1.0 on: a package
 * that asks for (or has installed) another version is not told to turn them off. Each folder of a
 * temporary directory is one package.
 */
const versions = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-slonik-'));
afterAll(() => rmSync(versions, { recursive: true, force: true }));
const writeJson = (file: string, value: object): void => {
  mkdirSync(path.dirname(path.join(versions, file)), { recursive: true });
  writeFileSync(path.join(versions, file), JSON.stringify(value));
};
writeJson('fork/package.json', { name: 'central', dependencies: { slonik: 'npm:@acme/slonik@23.6.2-4' } });
writeJson('caret24/package.json', { name: 'api', dependencies: { slonik: '^24.1.0' } });
writeJson('caret25/package.json', { name: 'api', dependencies: { slonik: '^25.0.0' } });
writeJson('installed/package.json', { name: 'api', dependencies: { slonik: '*' } });
writeJson('installed/node_modules/slonik/package.json', { name: 'slonik', version: '23.9.0' });
writeJson('monorepo/package.json', { name: 'root', devDependencies: { slonik: '~22.4.5' } });
writeJson('monorepo/packages/api/package.json', { name: 'api', dependencies: { zod: '^3.0.0' } });
const inVersions = (file: string): string => path.join(versions, file);
const createSlonikPool = `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { statementTimeout: 30000 });`;
const timeoutError = {
  messageId: 'defaultStartupParameter' as const,
  line: 2,
  column: 67,
  data: { label: 'slonik', option: 'statementTimeout', parameter: 'statement_timeout', off: 'DISABLE_TIMEOUT' },
  suggestions: [],
};
const idleError = {
  messageId: 'defaultStartupParameter' as const,
  line: 2,
  column: 27,
  data: { label: 'slonik', option: 'idleInTransactionSessionTimeout', parameter: 'idle_in_transaction_session_timeout', off: 'DISABLE_TIMEOUT' },
};

ruleTester.run('pooler-compatible-config (slonik versions)', rule, {
  valid: [
    { filename: inVersions('fork/src/db.ts'), code: createSlonikPool },
    { filename: inVersions('caret24/src/db.ts'), code: createSlonikPool },
    { filename: inVersions('installed/src/db.ts'), code: createSlonikPool },
    { filename: inVersions('monorepo/packages/api/src/db.ts'), code: createSlonikPool },
  ],
  invalid: [
    // `^25.0.0` may install 25.1.0 or later, which sends them.
    {
      filename: inVersions('caret25/src/db.ts'),
      code: createSlonikPool,
      errors: [
        {
          ...idleError,
          suggestions: [
            {
              messageId: 'suggestDisable',
              data: { option: 'idleInTransactionSessionTimeout', off: 'DISABLE_TIMEOUT' },
              output: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { statementTimeout: 30000, idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`,
            },
          ],
        },
        timeoutError,
      ],
    },
  ],
});

ruleTester.run('pooler-compatible-config (ts)', rule, {
  valid: [
    // The database on the developer's machine at PostgreSQL's port is reached directly, not through a pooler.
    {
      filename: 'src/db/client.ts',
      code: `import postgres from 'postgres';
export const client = postgres('postgres://postgres:postgres@localhost:5432/postgres', { max: 0 });`,
    },
    // Kysely's dialect hooks that set nothing of the session, or another database's dialect.
    {
      filename: 'src/db/kysely-quiet-hooks.ts',
      code: `import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import SQLite from 'better-sqlite3';
export const db = new Kysely<object>({
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString: process.env.DATABASE_URL }),
    onCreateConnection: async () => console.info('connected'),
    onReserveConnection: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('SELECT 1'));
    },
  }),
});
export const cache = new Kysely<object>({
  dialect: new SqliteDialect({
    database: new SQLite('cache.db'),
    onCreateConnection: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('PRAGMA journal_mode = WAL'));
    },
  }),
});`,
    },
    // A connection named as bypassing the pooler (a LISTEN bus on the direct URL) may prepare.
    {
      filename: 'src/fleet/session.ts',
      code: `import postgres from 'postgres';
export function connectSessionMode(target: { host: string; password: string; ssl?: boolean }) {
  return postgres({ host: target.host, password: target.password, max: 1, ...(target.ssl !== undefined ? { ssl: target.ssl } : {}) });
}`,
    },
    {
      filename: 'src/realtime/listener.ts',
      code: `import postgres from 'postgres';
export function openListener(input: { directUrl: string; password?: string }) {
  return postgres(input.directUrl, { max: 1, idle_timeout: 0, ...(input.password ? { password: input.password } : {}) });
}`,
    },
    {
      // Replication connections are never pooled (PgBouncer pairs them with a server connection).
      filename: 'src/db/replication.ts',
      code: `import postgres from 'postgres';
import { Client } from 'pg';
export const replica = postgres(process.env.DATABASE_URL!, { max: 1, connection: { replication: 'database', statement_timeout: 0 } });
export const walClient = new Client({ connectionString: process.env.DATABASE_URL, replication: 'database', options: '-c search_path=app' });`,
    },
    {
      filename: 'src/db/postgres-ok.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false });`,
    },
    {
      filename: 'src/db/postgres-ok-object.ts',
      code: `import postgres from 'postgres';
export const sql = postgres({ host: 'pgbouncer', port: 6432, prepare: false });`,
    },
    {
      filename: 'src/db/postgres-url-prepare.ts',
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@pgbouncer:6432/app?prepare=false');`,
    },
    {
      filename: 'src/db/postgres-no-prepare.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { no_prepare: true });`,
    },
    {
      filename: 'src/db/postgres-spread.ts',
      code: `import postgres from 'postgres';
import { baseOptions } from './options';
export const sql = postgres(process.env.DATABASE_URL!, { ...baseOptions, max: 5 });`,
    },
    {
      filename: 'src/db/postgres-imported.ts',
      code: `import postgres from 'postgres';
import { options } from './options';
export const sql = postgres(options);`,
    },
    {
      // Cloudflare Hyperdrive supports prepared statements, and its query cache wants them.
      filename: 'src/worker.ts',
      code: `import postgres from 'postgres';
export default {
  async fetch(request: Request, env: Env) {
    const sql = postgres(env.HYPERDRIVE.connectionString, { max: 5, fetch_types: false });
    return Response.json(await sql\`SELECT 1\`);
  },
};`,
    },
    {
      filename: 'src/middleware.ts',
      code: `import postgres from 'postgres';
const options = { connection: { application_name: 'books' } };
app.use('*', async (c, next) => {
  c.env.SQL = postgres(c.env.HYPERDRIVE.connectionString, { ...options, prepare: true });
  await next();
});`,
    },
    {
      // Used only through `unsafe` (whose queries are not prepared) and closed: nothing is prepared.
      filename: 'scripts/apply-invites.mjs',
      code: `import postgres from 'postgres';
import { readFileSync } from 'node:fs';
const sql = postgres(process.env.DATABASE_URL, { max: 1 });
try {
  await sql.unsafe(readFileSync('supabase/migrations/0011_invites.sql', 'utf8'));
  await sql.unsafe('select pg_notify($1, $2)', ['migrated', '0011']);
} finally {
  await sql.end({ timeout: 5 });
}`,
    },
    {
      // The client kept across hot reloads in a global (create-t3-app's template) and handed to
      // Drizzle: the cache holds this same client.
      filename: 'src/server/db/index.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';
const globalForDb = globalThis as unknown as { conn: postgres.Sql | undefined };
const conn = globalForDb.conn ?? postgres(process.env.DATABASE_URL!);
if (process.env.NODE_ENV !== 'production') globalForDb.conn = conn;
export const db = drizzle(conn, { schema });`,
    },
    {
      // Handed to Drizzle's postgres-js driver, which sends its queries unprepared unless named with
      // \`.prepare('…')\` (\`client.unsafe(query, params, { prepare: name !== undefined })\`), and closed.
      filename: 'packages/db/index.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';
const queryClient = postgres(process.env.DATABASE_URL!);
export const db = drizzle(queryClient, { schema });
const auditClient = postgres(process.env.AUDIT_DATABASE_URL!, { max: 2 });
export const audit = drizzle({ client: auditClient, schema });
export async function close() {
  await queryClient.end();
  await auditClient.end({ timeout: 5 });
}`,
    },
    {
      // A test run's database, named so in the environment: reached directly, not through the pooler.
      filename: 'scripts/clean-test-schemas.ts',
      code: `import postgres from 'postgres';
const DEFAULT_TEST_URL = 'postgresql://postgres@db.internal/app_test';
const sql = postgres(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_URL, { max: 1, connection: { statement_timeout: 10_000 } });
await sql.unsafe('DROP SCHEMA IF EXISTS test_1 CASCADE');
await sql.end();`,
    },
    {
      // The same URL returned by a function of the file.
      filename: 'scripts/clean-test-schemas.ts',
      code: `import postgres from 'postgres';
function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@db.internal/app_test';
}
const sql = postgres(testDatabaseUrl(), { max: 1, connection: { lock_timeout: 3_000 } });
await sql.end();`,
    },
    {
      // A migration script named for what it migrates runs over a direct connection.
      filename: 'scripts/migrate-db.ts',
      code: `import postgres from 'postgres';
import { migrateCore } from '../packages/migrations';
async function main() {
  const sql = postgres(process.env.DATABASE_URL ?? 'postgresql://postgres@db.internal/app', { max: 1, connection: { statement_timeout: 60_000 } });
  await migrateCore(sql);
  await sql.end();
}
await main();`,
    },
    {
      // Handed to Zero's postgres.js adapters, which send every statement with \`sql.unsafe(text, params)\`.
      filename: 'src/zero/db-provider.ts',
      code: `import postgres from 'postgres';
import { zeroPostgresJS } from '@rocicorp/zero/server/adapters/postgresjs';
import { PostgresJSConnection, ZQLDatabase } from '@rocicorp/zero/pg';
import { schema } from './schema';
const sql = postgres(process.env.ZERO_UPSTREAM_DB!);
export const dbProvider = zeroPostgresJS(schema, sql);
export const legacy = new ZQLDatabase(new PostgresJSConnection(postgres(process.env.ZERO_UPSTREAM_DB!)), schema);`,
    },
    {
      // The same, built where it is handed over.
      filename: 'src/lib/server/db.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';
export const db = process.env.BUILDING ? undefined : drizzle(postgres(process.env.DATABASE_URL!, { max: 2 }), { schema });
export const audit = drizzle({ client: postgres(process.env.AUDIT_DATABASE_URL!), schema });`,
    },
    {
      // A helper handed the Hyperdrive binding, by its declared type.
      filename: 'packages/store/src/db.ts',
      code: `import postgres from 'postgres';
export const getDb = ({ connectionString }: Pick<Hyperdrive, 'connectionString'>) => postgres(connectionString, { prepare: true });
export function getSql(hyperdrive: Hyperdrive) {
  return postgres(hyperdrive.connectionString);
}`,
    },
    {
      filename: 'src/db/postgres-settings.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!);`,
      settings: { pgbouncer: { pooler: { preparedStatements: true } } },
    },
    {
      filename: 'src/db/postgres-session.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { connection: { statement_timeout: 5000 } });`,
      settings: { pgbouncer: { pooler: { mode: 'session' } } },
    },
    {
      filename: 'src/db/postgres-connection-zero.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { statement_timeout: 0, lock_timeout: undefined } });`,
    },
    {
      filename: 'src/db/postgres-connection-accepted.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { statement_timeout: 5000 } });`,
      settings: { pgbouncer: { pooler: { startupParameters: ['statement_timeout'] } } },
    },
    {
      filename: 'src/db/pg-pool-ok.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'api', query_timeout: 10000, statement_timeout: 0 });`,
    },
    // A helper that sends the timeout only when its caller asks for one: the caller's choice.
    {
      filename: 'src/db/pg-helper.ts',
      code: `import { Pool } from 'pg';
export function createPool({ connectionString, statementTimeout }: { connectionString: string; statementTimeout?: number }, lockTimeout?: number) {
  return new Pool({ connectionString, application_name: 'api', statement_timeout: statementTimeout, lock_timeout: lockTimeout });
}`,
    },
    {
      filename: 'src/db/pg-helper-body.ts',
      code: `import { Pool } from 'pg';
interface PoolOptions { connectionString: string; statementTimeout?: number }
export function createPool(options: PoolOptions) {
  const { connectionString, statementTimeout } = options;
  return new Pool({ connectionString, application_name: 'api', statement_timeout: statementTimeout });
}`,
    },
    {
      filename: 'src/db/pg-imported-config.ts',
      code: `import { Pool } from 'pg';
import { config } from './config';
export const pool = new Pool(config);`,
    },
    {
      filename: 'src/db/pg-spread.ts',
      code: `import { Pool } from 'pg';
import { base } from './config';
export const pool = new Pool({ ...base, max: 5 });`,
    },
    {
      filename: 'src/db/pg-accepted.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({ statement_timeout: 5000, options: '-c search_path=app' });`,
      settings: { pgbouncer: { pooler: { startupParameters: ['statement_timeout', 'options'] } } },
    },
    {
      filename: 'src/db/pg-hook-timezone2.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool();
pool.on('connect', (client) => client.query("SET timezone = 'UTC'"));`,
    },
    {
      filename: 'src/db/pg-hook-other-event.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool();
pool.on('acquire', (client) => client.query('SET search_path TO app'));
pool.on('error', (err) => console.error(err));`,
    },
    {
      filename: 'src/db/pg-hook-local.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool();
pool.on('connect', (client) => client.query('select 1'));`,
    },
    {
      filename: 'src/db/knex-hook-tz.ts',
      code: `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: {
    afterCreate: (conn, done) => {
      conn.query("SET timezone = 'UTC'", (err) => done(err, conn));
    },
  },
});`,
    },
    {
      filename: 'src/db/knex-warehouse.ts',
      code: `import knex from 'knex';
export const db = knex({
  client: 'mysql2',
  connection: { host: 'db', statement_timeout: 5000 },
  searchPath: ['app'],
  pool: { afterCreate(conn, done) { conn.query('SET search_path TO app', (err) => done(err, conn)); } },
});`,
    },
    {
      filename: 'src/db/knex-dynamic-client.ts',
      code: `import knex from 'knex';
export const db = knex({ client: process.env.DB_CLIENT, searchPath: ['app'] });`,
    },
    {
      filename: 'src/db/typeorm-warehouse.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'mysql', url: 'mysql://db/app?options=x', extra: { statement_timeout: 5000 } });`,
    },
    {
      filename: 'src/db/typeorm-ok.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'api', extra: { max: 10 } });`,
    },
    {
      filename: 'src/db/sequelize-warehouse.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'user', 'secret', { dialect: 'mysql', dialectOptions: { statement_timeout: 5000 } });`,
    },
    {
      filename: 'src/db/sequelize-beforeconnect.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!);
sequelize.addHook('beforeConnect', async (config) => {
  config.password = await fetchPassword();
});
declare function fetchPassword(): Promise<string>;`,
    },
    // Sequelize without a host connects to the developer's machine (localhost:5432), directly.
    {
      filename: 'src/db/sequelize-local-hooks.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'user', 'secret', {
  dialect: 'postgres',
  hooks: {
    async afterConnect(connection) {
      await connection.query('SET search_path TO app');
    },
  },
});`,
    },
    // Databases in containers mapped to other ports of the developer's machine (a copy script).
    {
      filename: 'scripts/port-items.js',
      code: `const { PrismaClient } = require('@prisma/client');
const target = new PrismaClient({ datasources: { db: { url: 'postgresql://app:password@localhost:5431/app?schema=public' } } });
const source = new PrismaClient({ datasources: { db: { url: 'postgresql://app:password@localhost:5433/app?schema=public' } } });
module.exports = { source, target };`,
    },
    {
      filename: 'src/db/prisma-ok.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@pgbouncer:6432/app?pgbouncer=true' });`,
    },
    {
      filename: 'src/db/prisma-env.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL });
export const other = new PrismaClient();`,
    },
    {
      filename: 'src/db/prisma-direct.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const migrator = new PrismaClient({ datasourceUrl: 'postgresql://app@db-direct.internal:5432/app' });`,
    },
    {
      filename: 'src/db/prisma-prepared.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@pgbouncer:6432/app' });`,
      settings: { pgbouncer: { pooler: { preparedStatements: true } } },
    },
    {
      filename: 'src/db/slonik-ok.ts',
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { statementTimeout: 'DISABLE_TIMEOUT', idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`,
    },
    {
      filename: 'src/db/slonik-spread.ts',
      code: `import { createPool } from 'slonik';
import { defaults } from './slonik-defaults';
export const pool = await createPool(process.env.DATABASE_URL!, { ...defaults });`,
    },
    {
      filename: 'src/db/postgres.test.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!);`,
    },
    {
      filename: 'src/db/session-mode.ts',
      code: `import { Pool } from 'pg';
import { createPool } from 'slonik';
export const pool = new Pool({ options: '-c search_path=app' });
pool.on('connect', (client) => client.query('SET search_path TO app'));
export const slonik = await createPool(process.env.DATABASE_URL!);`,
      settings: { pgbouncer: { pooler: { mode: 'session' } } },
    },
    // The pool a migrator runs over (a direct connection), in a function or a script named for it.
    {
      filename: 'database/tools.ts',
      code: `import { createPool } from 'slonik';
export async function getMigrator() {
  const pool = await createPool(process.env.DIRECT_DATABASE_URL!);
  return { pool };
}`,
    },
    {
      filename: 'database/migrator.ts',
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DIRECT_DATABASE_URL!);`,
    },
    {
      filename: 'src/db/postgres-dynamic-prepare.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: process.env.PREPARE === 'true' });`,
    },
    {
      filename: 'src/db/knex-warehouse-url.ts',
      code: `import knex from 'knex';
export const db = knex('mysql://app@db/app?statement_timeout=1000');`,
    },
    {
      filename: 'src/db/prisma-prepared2.ts',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import postgres from 'postgres';
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, options: '-c search_path=app' });
export const sql = postgres(process.env.DATABASE_URL!);`,
      settings: { pgbouncer: { pooler: { preparedStatements: true, startupParameters: ['options'] } } },
    },
  ],
  invalid: [
    {
      // A tagged query prepares, and so may an `unsafe` call asked to, or an engine handed away.
      filename: 'src/jobs/backfill.mjs',
      code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
await sql.unsafe('update orders set total = 0 where total is null');
await sql\`select 1\`;
await sql.end();
const sql2 = postgres(process.env.DATABASE_URL);
await sql2.unsafe('select * from orders where id = $1', [1], { prepare: true });
const sql3 = postgres(process.env.DATABASE_URL);
export { sql3 };`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 13,
          suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL, { prepare: false });
await sql.unsafe('update orders set total = 0 where total is null');
await sql\`select 1\`;
await sql.end();
const sql2 = postgres(process.env.DATABASE_URL);
await sql2.unsafe('select * from orders where id = $1', [1], { prepare: true });
const sql3 = postgres(process.env.DATABASE_URL);
export { sql3 };` }],
        },
        {
          messageId: 'preparedStatements',
          line: 6,
          column: 14,
          suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
await sql.unsafe('update orders set total = 0 where total is null');
await sql\`select 1\`;
await sql.end();
const sql2 = postgres(process.env.DATABASE_URL, { prepare: false });
await sql2.unsafe('select * from orders where id = $1', [1], { prepare: true });
const sql3 = postgres(process.env.DATABASE_URL);
export { sql3 };` }],
        },
        {
          messageId: 'preparedStatements',
          line: 8,
          column: 14,
          suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
await sql.unsafe('update orders set total = 0 where total is null');
await sql\`select 1\`;
await sql.end();
const sql2 = postgres(process.env.DATABASE_URL);
await sql2.unsafe('select * from orders where id = $1', [1], { prepare: true });
const sql3 = postgres(process.env.DATABASE_URL, { prepare: false });
export { sql3 };` }],
        },
      ],
    },
    {
      // Handed to Zero, but also queried with a tagged template, which prepares.
      filename: 'src/zero/db-provider.ts',
      code: `import postgres from 'postgres';
import { zeroPostgresJS } from '@rocicorp/zero/server/adapters/postgresjs';
import { schema } from './schema';
const sql = postgres(process.env.ZERO_UPSTREAM_DB!);
export const dbProvider = zeroPostgresJS(schema, sql);
export const count = () => sql\`select count(*) from issue\`;`,
      errors: [{ messageId: 'preparedStatements', line: 4, column: 13, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
import { zeroPostgresJS } from '@rocicorp/zero/server/adapters/postgresjs';
import { schema } from './schema';
const sql = postgres(process.env.ZERO_UPSTREAM_DB!, { prepare: false });
export const dbProvider = zeroPostgresJS(schema, sql);
export const count = () => sql\`select count(*) from issue\`;` }] }],
    },
    {
      // Handed to Drizzle, but the file names a prepared query; exported, or also queried directly.
      filename: 'packages/db/index.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const client = postgres(process.env.DATABASE_URL!);
export const db = drizzle(client);
export const byId = db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, 1) }).prepare('userById');
export const shared = postgres(process.env.DATABASE_URL!);
export const sharedDb = drizzle(shared);`,
      errors: [
        { messageId: 'preparedStatements', line: 3, column: 16, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const client = postgres(process.env.DATABASE_URL!, { prepare: false });
export const db = drizzle(client);
export const byId = db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, 1) }).prepare('userById');
export const shared = postgres(process.env.DATABASE_URL!);
export const sharedDb = drizzle(shared);` }] },
        { messageId: 'preparedStatements', line: 6, column: 23, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const client = postgres(process.env.DATABASE_URL!);
export const db = drizzle(client);
export const byId = db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, 1) }).prepare('userById');
export const shared = postgres(process.env.DATABASE_URL!, { prepare: false });
export const sharedDb = drizzle(shared);` }] },
      ],
    },
    {
      // Built where it is handed to Drizzle, in a file that names a prepared query.
      filename: 'packages/db/index.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle(postgres(process.env.DATABASE_URL!));
export const byId = db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, 1) }).prepare('userById');`,
      errors: [
        { messageId: 'preparedStatements', line: 3, column: 27, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle(postgres(process.env.DATABASE_URL!, { prepare: false }));
export const byId = db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, 1) }).prepare('userById');` }] },
      ],
    },
    {
      // Cached in a global that another module may read (and query through) under its own name.
      filename: 'src/server/db/shared.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
const globalForDb = globalThis as unknown as { conn?: postgres.Sql; sql?: postgres.Sql };
const conn = globalForDb.conn ?? postgres(process.env.DATABASE_URL!);
globalForDb.sql = conn;
export const db = drizzle(conn);`,
      errors: [
        { messageId: 'preparedStatements', line: 4, column: 34, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
const globalForDb = globalThis as unknown as { conn?: postgres.Sql; sql?: postgres.Sql };
const conn = globalForDb.conn ?? postgres(process.env.DATABASE_URL!, { prepare: false });
globalForDb.sql = conn;
export const db = drizzle(conn);` }] },
      ],
    },
    {
      filename: 'packages/db/client.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const client = postgres(process.env.DATABASE_URL!);
export const db = drizzle(client);
export async function health() {
  return client\`select 1\`;
}`,
      errors: [
        { messageId: 'preparedStatements', line: 3, column: 16, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const client = postgres(process.env.DATABASE_URL!, { prepare: false });
export const db = drizzle(client);
export async function health() {
  return client\`select 1\`;
}` }] },
      ],
    },
    {
      // A pooler beside the service listens on its own port.
      filename: 'src/db/sidecar.ts',
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@localhost:6432/app');`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
export const sql = postgres('postgres://app@localhost:6432/app', { prepare: false });` }],
        },
      ],
    },
    {
      // Supavisor's transaction port on the developer's machine is a pooler too.
      filename: 'src/db/local-supavisor.ts',
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@127.0.0.1:6543/app');`,
      errors: [{ messageId: 'preparedStatements', line: 2, column: 20, data: { label: 'postgres.js' }, suggestions: [{ messageId: 'suggestPrepareFalse', output: `import postgres from 'postgres';
export const sql = postgres('postgres://app@127.0.0.1:6543/app', { prepare: false });` }] }],
    },
    {
      // A parameter of another type is not a Hyperdrive binding.
      filename: 'packages/store/src/db.ts',
      code: `import postgres from 'postgres';
export const getDb = ({ connectionString }: { connectionString: string }) => postgres(connectionString, { prepare: true });`,
      errors: [{ messageId: 'preparedStatements', line: 2, column: 107, data: { label: 'postgres.js' } }],
    },
    {
      // Not a replication connection: the option is off.
      filename: 'src/db/replication-off.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { connection: { replication: false } });`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { connection: { replication: false }, prepare: false });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/postgres.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/postgres-noargs.ts',
      code: `import postgres from 'postgres';
export const sql = postgres();`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-object.ts',
      code: `import postgres from 'postgres';
export const sql = postgres({
  host: 'pgbouncer',
  port: 6432,
});`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
export const sql = postgres({
  host: 'pgbouncer',
  port: 6432,
  prepare: false,
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/postgres-options.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { max: 10 });`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { max: 10, prepare: false });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/postgres-prepare-true.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: true });`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 58,
          data: { label: 'postgres.js' },
          suggestions: [],
        },
      ],
    },
    {
      // A spread of object literals behind a condition cannot set `prepare`: postgres.js still prepares.
      filename: 'src/db/sql.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, {
  max: 10,
  ...(process.env.DB_CA ? { ssl: { ca: process.env.DB_CA } } : {}),
  ...(process.env.DEBUG && { debug: true }),
});`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, {
  max: 10,
  ...(process.env.DB_CA ? { ssl: { ca: process.env.DB_CA } } : {}),
  ...(process.env.DEBUG && { debug: true }),
  prepare: false,
});`,
            },
          ],
        },
      ],
    },
    {
      // The same spread held by a \`const\`: read as what it holds.
      filename: 'src/db/sql.ts',
      code: `import postgres from 'postgres';
const tls = process.env.DB_CA ? { ssl: { ca: process.env.DB_CA } } : {};
export const sql = postgres({ host: process.env.DB_HOST, ...tls });`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
const tls = process.env.DB_CA ? { ssl: { ca: process.env.DB_CA } } : {};
export const sql = postgres({ host: process.env.DB_HOST, ...tls, prepare: false });`,
            },
          ],
        },
      ],
    },
    {
      // NestJS's TypeOrmModule: the options `useFactory` returns are TypeORM's.
      filename: 'src/database.module.ts',
      code: `import { TypeOrmModule } from '@nestjs/typeorm';

export const database = TypeOrmModule.forRootAsync({
  useFactory: () => ({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    applicationName: 'billing-api',
    extra: { max: 10, statement_timeout: 10_000 },
  }),
});`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 8,
          column: 23,
          endLine: 8,
          endColumn: 48,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      // Options a function of the file returns.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
function poolConfig() {
  return { connectionString: process.env.DATABASE_URL, application_name: 'billing-api', statement_timeout: 10_000 };
}
export const pool = new Pool(poolConfig());`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 3,
          column: 89,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      // NestJS's SequelizeModule given an options-factory class: its `createSequelizeOptions()`.
      filename: 'src/database/sequelize-config.service.ts',
      code: `import { SequelizeModuleOptions, SequelizeOptionsFactory } from '@nestjs/sequelize';

export class SequelizeConfigService implements SequelizeOptionsFactory {
  createSequelizeOptions(): SequelizeModuleOptions {
    return {
      dialect: 'postgres',
      uri: process.env.DATABASE_URL,
      dialectOptions: { application_name: 'billing-api', idle_in_transaction_session_timeout: 30000 },
    };
  }
}`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 8,
          column: 58,
          data: { parameter: 'idle_in_transaction_session_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-connection.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, {
  prepare: false,
  connection: { application_name: 'api', statement_timeout: 5000, search_path: 'app', TimeZone: 'UTC' },
});`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 4,
          column: 42,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
        {
          messageId: 'startupParameter',
          line: 4,
          column: 67,
          data: { parameter: 'search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-url-options.ts',
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@pgbouncer:6432/app?prepare=false&options=-c%20search_path%3Dapp');`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 29,
          data: { value: '"-c search_path=app"' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-url-search-path.ts',
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@pgbouncer:6432/app?search_path=app', { prepare: false });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 29,
          data: { parameter: 'search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-pool.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000, query_timeout: 10000 });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 76,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    // Always sent: a default, a required parameter, a property of the options.
    {
      filename: 'src/db/pg-helper-always.ts',
      code: `import { Pool } from 'pg';
export function createPool({ statementTimeout = 5000 }: { statementTimeout?: number }, lockTimeout: number, options: { idle: number }) {
  return new Pool({ application_name: 'api', statement_timeout: statementTimeout, lock_timeout: lockTimeout, idle_in_transaction_session_timeout: options.idle });
}
export function fromEnv() {
  const { DB_TIMEOUT } = process.env;
  return new Pool({ application_name: 'api', statement_timeout: Number(DB_TIMEOUT), lock_timeout: DB_TIMEOUT });
}`,
      errors: [
        { messageId: 'startupParameter', line: 3, column: 46, data: { parameter: 'statement_timeout' }, suggestions: [] },
        { messageId: 'startupParameter', line: 3, column: 83, data: { parameter: 'lock_timeout' }, suggestions: [] },
        { messageId: 'startupParameter', line: 3, column: 110, data: { parameter: 'idle_in_transaction_session_timeout' }, suggestions: [] },
        { messageId: 'startupParameter', line: 7, column: 46, data: { parameter: 'statement_timeout' }, suggestions: [] },
        { messageId: 'startupParameter', line: 7, column: 85, data: { parameter: 'lock_timeout' }, suggestions: [] },
      ],
    },
    {
      filename: 'src/db/pg-options.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  options: '-c search_path=app',
  idle_in_transaction_session_timeout: 10000,
});`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 4,
          column: 3,
          data: { value: "'-c search_path=app'" },
          suggestions: [],
        },
        {
          messageId: 'startupParameter',
          line: 5,
          column: 3,
          data: { parameter: 'idle_in_transaction_session_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-client-url.ts',
      code: `import { Client } from 'pg';
export const client = new Client('postgres://app@pgbouncer:6432/app?statement_timeout=5000&application_name=api');`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 34,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-const-config.ts',
      code: `import { Pool } from 'pg';
const config = { connectionString: process.env.DATABASE_URL, lock_timeout: 2000 };
export const pool = new Pool(config);`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 62,
          data: { parameter: 'lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-hook.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool();
pool.on('connect', (client) => {
  client.query('SET search_path TO app, public');
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 16,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-hook-set-config.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool();
pool.on('connect', async (client) => {
  await client.query("SELECT set_config('app.tenant', 'acme', false)");
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 22,
          data: { when: 'when a new connection is opened', statement: 'set_config(…, false)' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex.ts',
      code: `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, statement_timeout: 5000 },
  searchPath: ['app', 'public'],
});`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 4,
          column: 61,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
        {
          messageId: 'sessionOption',
          line: 5,
          column: 3,
          data: { option: 'searchPath', label: 'Knex', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    // Kysely's dialect hooks, and MikroORM 7's (handed to that dialect): \`CompiledQuery.raw(text)\`.
    {
      filename: 'src/db/kysely-hooks.ts',
      code: `import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
export const db = new Kysely<DB>({
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString: process.env.DATABASE_URL }),
    onCreateConnection: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw(\`SET search_path TO \${schema}, public\`));
    },
    async onReserveConnection(connection) {
      await connection.executeQuery(CompiledQuery.raw("SELECT set_config('app.tenant', current_tenant(), false)"));
    },
  }),
});
declare const schema: string;
interface DB {}`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 7,
          column: 37,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
        {
          messageId: 'sessionHook',
          line: 10,
          column: 37,
          data: { when: 'each time a connection is taken from the pool', statement: 'set_config(…, false)' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/mikro-orm.config.ts',
      code: `import { defineConfig } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
export default defineConfig({
  clientUrl: process.env.DATABASE_URL,
  driverOptions: { application_name: 'orders-api' },
  onReserveConnection: async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('SET ROLE tenant_user'));
  },
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 7,
          column: 29,
          data: { when: 'each time a connection is taken from the pool', statement: 'SET ROLE' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-hook.ts',
      code: `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: {
    afterCreate(conn, done) {
      conn.query('SET search_path TO app', (err) => done(err, conn));
    },
  },
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 7,
          column: 18,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-url.ts',
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: 'postgres://app@pgbouncer:6432/app?options=-c%20search_path%3Dapp' });`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 52,
          data: { value: '"-c search_path=app"' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-string.ts',
      code: `import knex from 'knex';
export const db = knex('postgresql://app@pgbouncer:6432/app?lock_timeout=1000');`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 24,
          data: { parameter: 'lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/typeorm.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  extra: { max: 10, statement_timeout: 5000 },
});`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 5,
          column: 21,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/typeorm-url.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: 'postgres://app@pgbouncer:6432/app?idle_in_transaction_session_timeout=10000' });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 67,
          data: { parameter: 'idle_in_transaction_session_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!, {
  dialect: 'postgres',
  dialectOptions: { statement_timeout: 5000, application_name: 'api' },
});`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 4,
          column: 21,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize-url.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('postgres://app@pgbouncer:6432/app?statement_timeout=5000');`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 40,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize-hooks.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'user', 'secret', {
  dialect: 'postgres',
  host: process.env.DB_HOST,
  hooks: {
    async afterConnect(connection) {
      await connection.query('SET search_path TO app');
    },
  },
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 7,
          column: 30,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize-addhook.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!);
sequelize.addHook('afterConnect', async (connection) => {
  await connection.query("SET statement_timeout = '5s'");
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 26,
          data: { when: 'when a new connection is opened', statement: 'SET statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize-afterconnect.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!);
sequelize.afterConnect(async (connection) => {
  await connection.query('SET SESSION lock_timeout = 1000');
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 26,
          data: { when: 'when a new connection is opened', statement: 'SET lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/prisma.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app:secret@pgbouncer:6432/app' });`,
      errors: [
        {
          messageId: 'pgbouncerFlagMissing',
          line: 2,
          column: 57,
          suggestions: [
            {
              messageId: 'suggestPgbouncerFlag',
              output: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app:secret@pgbouncer:6432/app?pgbouncer=true' });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/prisma-datasources.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://app@pgbouncer:6432/app?schema=app' } } });`,
      errors: [
        {
          messageId: 'pgbouncerFlagMissing',
          line: 2,
          column: 68,
          suggestions: [
            {
              messageId: 'suggestPgbouncerFlag',
              output: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://app@pgbouncer:6432/app?schema=app&pgbouncer=true' } } });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/prisma-obsolete.ts',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@pgbouncer:6432/app?pgbouncer=true' });`,
      settings: { pgbouncer: { pooler: { preparedStatements: true } } },
      errors: [
        {
          messageId: 'pgbouncerFlagObsolete',
          line: 2,
          column: 57,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/prisma-adapter.ts',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, options: '-c search_path=app' });`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 83,
          data: { value: "'-c search_path=app'" },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/slonik.ts',
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'defaultStartupParameter',
          line: 2,
          column: 27,
          data: { label: 'slonik', option: 'statementTimeout', parameter: 'statement_timeout', off: 'DISABLE_TIMEOUT' },
          suggestions: [
            {
              messageId: 'suggestDisable',
              data: { option: 'statementTimeout', off: 'DISABLE_TIMEOUT' },
              output: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { statementTimeout: 'DISABLE_TIMEOUT' });`,
            },
          ],
        },
        {
          messageId: 'defaultStartupParameter',
          line: 2,
          column: 27,
          data: { label: 'slonik', option: 'idleInTransactionSessionTimeout', parameter: 'idle_in_transaction_session_timeout', off: 'DISABLE_TIMEOUT' },
          suggestions: [
            {
              messageId: 'suggestDisable',
              data: { option: 'idleInTransactionSessionTimeout', off: 'DISABLE_TIMEOUT' },
              output: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/slonik-partial.ts',
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, {
  statementTimeout: 5000,
  idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT',
});`,
      errors: [
        {
          messageId: 'defaultStartupParameter',
          line: 3,
          column: 3,
          data: { label: 'slonik', option: 'statementTimeout', parameter: 'statement_timeout', off: 'DISABLE_TIMEOUT' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/slonik-accepted.ts',
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { idleTimeout: 1000 });`,
      settings: { pgbouncer: { pooler: { startupParameters: ['statement_timeout'] } } },
      errors: [
        {
          messageId: 'defaultStartupParameter',
          line: 2,
          column: 27,
          data: { label: 'slonik', option: 'idleInTransactionSessionTimeout', parameter: 'idle_in_transaction_session_timeout', off: 'DISABLE_TIMEOUT' },
          suggestions: [
            {
              messageId: 'suggestDisable',
              data: { option: 'idleInTransactionSessionTimeout', off: 'DISABLE_TIMEOUT' },
              output: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { idleTimeout: 1000, idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/drizzle-pg.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: { connectionString: process.env.DATABASE_URL!, options: '-c search_path=app' } });`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 88,
          data: { value: "'-c search_path=app'" },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/drizzle-pgjs.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle(process.env.DATABASE_URL!);
export const db2 = drizzle({ connection: { url: process.env.DATABASE_URL!, connection: { statement_timeout: 5000 } } });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 3,
          column: 90,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-promise.ts',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp({ connectionString: process.env.DATABASE_URL, lock_timeout: 1000 });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 3,
          column: 69,
          data: { parameter: 'lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/neon.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
pool.on('connect', (client) => client.query('SET search_path TO app'));`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 3,
          column: 45,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres.spec.ts',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { lock_timeout: 1000 } });`,
      options: [{ checkTests: true }],
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 88,
          data: { parameter: 'lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/sequelize-object.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize({ dialect: 'postgres', host: 'pgbouncer', dialectOptions: { options: '-c search_path=app', lock_timeout: 0 } });`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 100,
          data: { value: "'-c search_path=app'" },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/typeorm-create.ts',
      code: `import { createConnection } from 'typeorm';
export const connection = createConnection({ type: 'postgres', extra: { lock_timeout: 1000 } });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 73,
          data: { parameter: 'lock_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-postgresql.ts',
      code: `import knex from 'knex';
export const db = knex({ client: 'postgresql', connection: { connectionString: 'postgres://app@pgbouncer:6432/app?statement_timeout=1000' } });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 80,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-characteristics.ts',
      code: `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: { host: 'pgbouncer', application_name: 'billing' },
  pool: {
    afterCreate(conn, done) {
      conn.query('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE', (err) => done(err, conn));
    },
  },
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 7,
          column: 18,
          data: { when: 'when a new connection is opened', statement: 'SET SESSION CHARACTERISTICS' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/pg-hook-template.ts',
      code: `import { Pool } from 'pg';
const schema = process.env.SCHEMA;
export const pool = new Pool();
pool.on('connect', (client) => client.query(\`SET search_path TO \${schema}\`));`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 45,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-template-url.ts',
      code: `import postgres from 'postgres';
const host = process.env.HOST;
export const sql = postgres(\`postgres://app@\${host}:6432/app\`);`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 3,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
const host = process.env.HOST;
export const sql = postgres(\`postgres://app@\${host}:6432/app\`, { prepare: false });`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/db/prisma-template.ts',
      code: `import { PrismaClient } from '@prisma/client';
const host = process.env.HOST;
export const prisma = new PrismaClient({ datasourceUrl: \`postgresql://app@\${host}:6432/app?connection_limit=5\` });`,
      errors: [
        {
          messageId: 'pgbouncerFlagMissing',
          line: 3,
          column: 57,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/prisma-const.ts',
      code: `import { PrismaClient } from '@prisma/client';
const url = 'postgresql://app@pgbouncer:6432/app';
export const prisma = new PrismaClient({ datasourceUrl: url });`,
      errors: [
        {
          messageId: 'pgbouncerFlagMissing',
          line: 3,
          column: 57,
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/drizzle-pgjs-url.ts',
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle({ connection: 'postgres://app@pgbouncer:6432/app?search_path=app' });`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 41,
          data: { parameter: 'search_path' },
          suggestions: [],
        },
      ],
    },
  ],
});

jsRuleTester.run('pooler-compatible-config (esm)', rule, {
  valid: [
    {
      filename: 'src/db/esm-ok.mjs',
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL, { prepare: false });`,
    },
    {
      filename: 'src/db/sequelize-esm.mjs',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL);
sequelize.addHook('afterConnect', (connection) => connection.query("SET TIMEZONE TO 'UTC'"));`,
    },
    {
      filename: 'src/db/sequelize-esm2.mjs',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL);
sequelize.addHook('afterConnect', (connection) => connection.query('SET application_name = \\'api\\''));`,
    },
    {
      filename: 'src/db/typeorm-esm-ok.mjs',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: 'postgres://app@pgbouncer:6432/app?application_name=api&TimeZone=UTC', extra: { statement_timeout: null } });`,
    },
  ],
  invalid: [
    {
      filename: 'src/db/esm.mjs',
      code: `import postgres from 'postgres';
import pg from 'pg';
export const sql = postgres(process.env.DATABASE_URL, { max: 5 });
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 3,
          column: 20,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
import pg from 'pg';
export const sql = postgres(process.env.DATABASE_URL, { max: 5, prepare: false });
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });`,
            },
          ],
        },
        {
          messageId: 'startupParameter',
          line: 4,
          column: 79,
          data: { parameter: 'statement_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/knex-esm.mjs',
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, options: '-c lock_timeout=1000' } });`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 2,
          column: 98,
          data: { value: "'-c lock_timeout=1000'" },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/prisma-esm.mjs',
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgres://app@pgbouncer:6432/app?' });`,
      errors: [
        {
          messageId: 'pgbouncerFlagMissing',
          line: 2,
          column: 57,
          suggestions: [
            {
              messageId: 'suggestPgbouncerFlag',
              output: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgres://app@pgbouncer:6432/app?pgbouncer=true' });`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('pooler-compatible-config (commonjs)', rule, {
  valid: [
    {
      filename: 'src/db/cjs-ok.js',
      code: `const postgres = require('postgres');
const { Sequelize } = require('sequelize');
const sql = postgres(process.env.DATABASE_URL, { prepare: false });
const sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', dialectOptions: { application_name: 'api', statement_timeout: 0 } });
module.exports = { sql, sequelize };`,
    },
    {
      filename: 'src/db/cjs-hooks-ok.js',
      code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
pool.on('connect', (client) => client.query("SET datestyle = 'ISO, DMY'"));
module.exports = pool;`,
    },
  ],
  invalid: [
    {
      filename: 'src/db/cjs.js',
      code: `const { Pool } = require('pg');
const knex = require('knex');
const pool = new Pool({ options: '-c statement_timeout=5000' });
pool.on('connect', (client) => client.query('SET search_path TO app'));
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, searchPath: 'app' });
module.exports = { pool, db };`,
      errors: [
        {
          messageId: 'startupOptions',
          line: 3,
          column: 25,
          data: { value: "'-c statement_timeout=5000'" },
          suggestions: [],
        },
        {
          messageId: 'sessionHook',
          line: 4,
          column: 45,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [],
        },
        {
          messageId: 'sessionOption',
          line: 5,
          column: 71,
          data: { option: 'searchPath', label: 'Knex', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/postgres-cjs.js',
      code: `const postgres = require('postgres');
const sql = postgres({ host: 'pgbouncer', connection: { idle_in_transaction_session_timeout: 10000 } });
module.exports = sql;`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 13,
          data: { label: 'postgres.js' },
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `const postgres = require('postgres');
const sql = postgres({ host: 'pgbouncer', connection: { idle_in_transaction_session_timeout: 10000 }, prepare: false });
module.exports = sql;`,
            },
          ],
        },
        {
          messageId: 'startupParameter',
          line: 2,
          column: 57,
          data: { parameter: 'idle_in_transaction_session_timeout' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/slonik-cjs.js',
      code: `const { createPool } = require('slonik');
module.exports = createPool(process.env.DATABASE_URL, { statementTimeout: 'DISABLE_TIMEOUT' });`,
      errors: [
        {
          messageId: 'defaultStartupParameter',
          line: 2,
          column: 18,
          data: { label: 'slonik', option: 'idleInTransactionSessionTimeout', parameter: 'idle_in_transaction_session_timeout', off: 'DISABLE_TIMEOUT' },
          suggestions: [
            {
              messageId: 'suggestDisable',
              data: { option: 'idleInTransactionSessionTimeout', off: 'DISABLE_TIMEOUT' },
              output: `const { createPool } = require('slonik');
module.exports = createPool(process.env.DATABASE_URL, { statementTimeout: 'DISABLE_TIMEOUT', idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`,
            },
          ],
        },
      ],
    },
  ],
});

// Regressions: cases that once went wrong.
ruleTester.run('pooler-compatible-config (regressions)', rule, {
  valid: [
    { filename: 'src/tz-hook.ts', code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
pool.on('connect', (client) => {
  client.query("SET TIME ZONE 'UTC'");
  client.query("SET NAMES 'UTF8'");
});` },
    { filename: 'src/migrations/001-init.ts', code: `import postgres from 'postgres';
export const sql = postgres(process.env.DIRECT_URL!);` },
    // The direct URL first, through a variable asserted non-null.
    { filename: 'src/books.ts', code: `import postgres from 'postgres';
const url = process.env.POSTGRES_URL_NON_POOLING || process.env.POSTGRES_URL;
export const sql = postgres(url!, { max: 1 });` },
    { filename: 'src/imported-options.ts', code: `import postgres from 'postgres';
import { options } from './options';
export const sql = postgres(process.env.DATABASE_URL!, options);` },
    { filename: 'src/imported-slonik.ts', code: `import { createPool } from 'slonik';
import { defaults } from './options';
export const pool = await createPool(process.env.DATABASE_URL!, defaults);` },
    { filename: 'src/pg-url-search-path.ts', code: `import { Client } from 'pg';
export const client = new Client('postgres://u@db/app?search_path=app&application_name=x');` },
  ],
  invalid: [
    {
      filename: 'src/sequelize-cast.ts',
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', dialectOptions: { application_name: 'x' } });
sequelize.addHook('afterConnect', async (connection: unknown) => {
  await (connection as { query: (sql: string) => Promise<unknown> }).query('SET search_path TO accounts, public');
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 4,
          column: 76,
          endLine: 4,
          endColumn: 113,
          data: { when: 'when a new connection is opened', statement: 'SET search_path' },
          suggestions: [
          ],
        },
      ],
    },

    {
      filename: 'src/pg-url-statement-timeout.ts',
      code: `import { Client } from 'pg';
export const client = new Client('postgres://u@db/app?statement_timeout=5000&application_name=x');`,
      errors: [
        {
          messageId: 'startupParameter',
          line: 2,
          column: 34,
          endLine: 2,
          endColumn: 97,
          data: {"parameter":"statement_timeout"},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/hook-ignored-param.ts',
      // An ignored startup parameter is still session state when a hook SETs it.
      settings: { pgbouncer: { pooler: { startupParameters: ['statement_timeout'] } } },
      code: `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'x' },
  pool: { afterCreate: (conn: any, done: any) => { conn.query('SET statement_timeout = 5000', done); } },
});`,
      errors: [
        {
          messageId: 'sessionHook',
          line: 5,
          column: 63,
          endLine: 5,
          endColumn: 93,
          data: { when: 'when a new connection is opened', statement: 'SET statement_timeout' },
          suggestions: [
          ],
        },
      ],
    },

  ],
});

cjsRuleTester.run('pooler-compatible-config (statements built with pg-format)', rule, {
  valid: [],
  invalid: [
    {
      filename: 'src/warehouse.js',
      code: `const { Pool } = require('pg');
const format = require('pg-format');
exports.connect = (schema) => {
  const pool = new Pool({ connectionString: process.env.WAREHOUSE_URL, application_name: 'sync' });
  pool.on('connect', (client) => client.query(format('SET search_path TO %L;', schema)));
  return pool;
};`,
      errors: [{ messageId: 'sessionHook', line: 5, column: 47, data: { when: 'when a new connection is opened', statement: 'SET search_path' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('pooler-compatible-config (a startup parameter the code keeps away from the pooler)', rule, {
  valid: [
    {
      filename: 'src/db/pg.ts',
      code: `import { Pool } from 'pg';
export function getPool(url: string, readOnly: boolean, source: string) {
  const isPooler = source.startsWith('sb_pooler');
  return new Pool({
    connectionString: url,
    application_name: 'api',
    // The pooler rejects the options startup parameter.
    options: readOnly && !isPooler ? '-c default_transaction_read_only=on' : undefined,
    statement_timeout: !usePgBouncer && 30_000,
  });
}
declare const usePgBouncer: boolean;`,
    },
    {
      // A switch named for the option itself (added for PgBouncer): turned off where it must be.
      filename: 'src/common/db.ts',
      code: `import pgPromise from 'pg-promise';
import { config } from '../config';
const pgp = pgPromise();
export const db = pgp({
  connectionString: config.databaseUrl,
  application_name: 'indexer',
  statement_timeout: config.disableDatabaseStatementTimeout ? undefined : 10_000,
  idle_in_transaction_session_timeout: !process.env.NO_IDLE_IN_TRANSACTION_SESSION_TIMEOUT && 60_000,
});`,
    },
    {
      // A script that refuses the pooled URL before it builds its pool.
      filename: 'fix-payout-fk.js',
      code: `import { Pool } from 'pg';
const url = process.env.DATABASE_URL ?? '';
if (url.includes('pooler.supabase.com')) {
  console.error('Use the direct connection string for DDL.');
  process.exit(1);
}
const pool = new Pool({ connectionString: url, application_name: 'fix', statement_timeout: 30_000 });
await pool.query('ALTER TABLE payouts DROP CONSTRAINT payouts_user_fk');`,
    },
  ],
  invalid: [
    {
      // A guard about something else (a pool built once) refuses nothing.
      filename: 'src/db/pg.ts',
      code: `import { Pool } from 'pg';
let pool: Pool | undefined;
export function getPool() {
  if (pool) return pool;
  pool = new Pool({ application_name: 'api', statement_timeout: 30_000 });
  return pool;
}`,
      errors: [{ messageId: 'startupParameter', line: 5, column: 46, data: { parameter: 'statement_timeout' }, suggestions: [] }],
    },
    {
      // Decided by something else than the pooler: still sent behind it in production.
      filename: 'src/db/pg.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({
  application_name: 'api',
  statement_timeout: process.env.NODE_ENV === 'production' ? 30_000 : undefined,
});`,
      errors: [{ messageId: 'startupParameter', line: 4, column: 3, endLine: 4, endColumn: 80, data: { parameter: 'statement_timeout' }, suggestions: [] }],
    },
    {
      // A switch named for another option decides nothing about this one.
      filename: 'src/db/pg.ts',
      code: `import { Pool } from 'pg';
declare const config: { disableLockTimeout: boolean };
export const pool = new Pool({
  application_name: 'api',
  statement_timeout: config.disableLockTimeout ? undefined : 10_000,
});`,
      errors: [{ messageId: 'startupParameter', line: 5, column: 3, data: { parameter: 'statement_timeout' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('pooler-compatible-config (branches taken only on a developer machine)', rule, {
  valid: [
    {
      filename: 'src/db.ts',
      code: `import postgres from 'postgres';
const url = process.env.DATABASE_URL!;
export const sql = url.includes('localhost') ? postgres(url) : postgres(url, { prepare: false });`,
    },
    {
      filename: 'src/db.ts',
      code: `import postgres from 'postgres';
let sql: postgres.Sql;
if (process.env.NODE_ENV === 'development') {
  sql = postgres(process.env.DATABASE_URL!);
} else {
  sql = postgres(process.env.DATABASE_URL!, { prepare: false });
}
export { sql };`,
    },
  ],
  invalid: [
    {
      // Production is the other branch, and prepares.
      filename: 'src/db.ts',
      code: `import postgres from 'postgres';
const url = process.env.DATABASE_URL!;
export const sql = url.includes('localhost') ? postgres(url, { prepare: false }) : postgres(url);`,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 3,
          column: 84,
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: `import postgres from 'postgres';
const url = process.env.DATABASE_URL!;
export const sql = url.includes('localhost') ? postgres(url, { prepare: false }) : postgres(url, { prepare: false });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('pooler-compatible-config (configuration files by convention)', rule, {
  valid: [
    {
      // Only the developer's and the tests' blocks set a search path.
      filename: 'knexfile.js',
      code: `module.exports = {
  development: { client: 'pg', connection: { host: '127.0.0.1' }, searchPath: ['app'] },
  test: { client: 'pg', connection: process.env.TEST_DATABASE_URL, searchPath: ['app'] },
  production: { client: 'pg', connection: process.env.DATABASE_URL },
};`,
    },
  ],
  invalid: [
    {
      filename: 'knexfile.js',
      code: `module.exports = {
  development: { client: 'pg', connection: { host: '127.0.0.1' } },
  production: {
    client: 'pg',
    connection: process.env.DATABASE_URL,
    searchPath: ['public', 'invite', 'queue'],
  },
};`,
      errors: [
        {
          messageId: 'sessionOption',
          line: 6,
          column: 5,
          data: { option: 'searchPath', label: 'Knex', statement: 'SET search_path' },
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/db/config/config.ts',
      code: `const production = {
  host: process.env.DB_HOST,
  dialect: 'postgres',
  dialectOptions: { statement_timeout: 5000 },
};
export = { production };`,
      errors: [{ messageId: 'startupParameter', line: 4, column: 21, data: { parameter: 'statement_timeout' }, suggestions: [] }],
    },
  ],
});

const LOAD_SCRIPT = `import postgres from 'postgres';
const sql = postgres(process.env.UPSTREAM_DB, { max: 10 });
for (let i = 0; i < 1000; i++) await sql\`insert into events (n) values (\${i})\`;
await sql.end();`;

ruleTester.run('pooler-compatible-config (one-off scripts)', rule, {
  valid: [
    // Run by hand, usually against a direct URL; behind a pooler it fails on its first run, in front of whoever runs it.
    { filename: 'apps/web/scripts/load-traffic.ts', code: LOAD_SCRIPT },
    { filename: 'tools/load-generator/src/main.ts', code: LOAD_SCRIPT },
    { filename: 'packages/cache/tool/local.ts', code: LOAD_SCRIPT },
    { filename: 'packages/world/src/cli.ts', code: LOAD_SCRIPT },
    { filename: 'src/backfills/backfill-providers.cli.ts', code: LOAD_SCRIPT },
    { filename: 'src/load.ts', code: `#!/usr/bin/env node\n${LOAD_SCRIPT}` },
  ],
  invalid: [
    {
      filename: 'apps/web/scripts/load-traffic.ts',
      code: LOAD_SCRIPT,
      options: [{ checkScripts: true }],
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestPrepareFalse',
              output: LOAD_SCRIPT.replace('{ max: 10 }', '{ max: 10, prepare: false }'),
            },
          ],
        },
      ],
    },
    {
      // Session state a script sets on every new connection stays there, for the pooler's other clients.
      filename: 'scripts/cleanup-orphans.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'cleanup' });
pool.on('connect', (client) => {
  client.query('SET search_path TO ag_catalog, public');
});
await pool.query('select 1');`,
      errors: [{ messageId: 'sessionHook', line: 4, column: 16, data: { when: 'when a new connection is opened', statement: 'SET search_path' }, suggestions: [] }],
    },
    {
      // A service's own source is checked.
      filename: 'apps/web/src/load.ts',
      code: LOAD_SCRIPT,
      errors: [
        {
          messageId: 'preparedStatements',
          line: 2,
          column: 13,
          suggestions: [{ messageId: 'suggestPrepareFalse', output: LOAD_SCRIPT.replace('{ max: 10 }', '{ max: 10, prepare: false }') }],
        },
      ],
    },
  ],
});
