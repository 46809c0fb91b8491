import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/require-application-name';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

/*
 * Suggestions name the application after the nearest package.json. tests/fixtures/app-name/package.json
 * is `@acme/billing-api` (suggested as `billing-api`); its `src/` has no package.json, and `unnamed/`
 * has one without a `name`, which the lookup walks past. The rule skips test files, and every path
 * under tests/ looks like one, so the cases lint a copy of the fixtures in a temporary directory.
 * `nameless` holds only a package.json without a name: no name is reachable from it.
 */
const fixtures = path.join(__dirname, '../fixtures/app-name');
const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-app-name-'));
const nameless = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-nameless-'));
cpSync(fixtures, root, { recursive: true });
cpSync(path.join(fixtures, 'unnamed/package.json'), path.join(nameless, 'package.json'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(nameless, { recursive: true, force: true });
});
const fixture = (file: string): string => path.join(root, file);

ruleTester.run('require-application-name (ts)', rule, {
  valid: [
    // The database on the developer's machine, reached directly: a fallback for missing settings.
    { filename: fixture('src/db/client.ts'), code: `import postgres from 'postgres';
import { Pool } from 'pg';
export const sql = process.env.PGHOST ? postgres() : postgres('postgres://postgres:postgres@localhost:5432/postgres', { max: 1 });
export const pool = new Pool({ connectionString: 'postgresql://127.0.0.1/app' });` },
    // NestJS modules whose options the file does not show: spread from elsewhere, returned by a
    // function defined elsewhere, returned on two paths, or another database (or one it cannot read).
    { filename: fixture('src/app.module.ts'), code: `import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SequelizeModule } from '@nestjs/sequelize';
import { baseOptions, typeOrmFactory } from './database/options';

@Module({
  imports: [
    TypeOrmModule.forRoot({ ...baseOptions, autoLoadEntities: true }),
    TypeOrmModule.forRootAsync({ inject: [ConfigService], useFactory: typeOrmFactory }),
    TypeOrmModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => config.get('database') }),
    TypeOrmModule.forRootAsync({
      useFactory: () => {
        if (process.env.DATABASE_URL) {
          return { type: 'postgres', url: process.env.DATABASE_URL };
        }
        return { type: 'postgres', host: 'localhost' };
      },
    }),
    TypeOrmModule.forRoot({ type: 'mysql', host: 'localhost' }),
    SequelizeModule.forRoot({ dialect: process.env.DB_DIALECT as 'postgres', host: 'localhost' }),
    TypeOrmModule.forFeature([]),
  ],
})
export class AppModule {}` },
    // Options-factory classes whose options the file does not show, or that name the application.
    { filename: fixture('src/config/typeorm.config.ts'), code: `import { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';
import { AppConfig } from './app.config';

export class TypeOrmConfigService implements TypeOrmOptionsFactory {
  constructor(private readonly config: AppConfig) {}

  createTypeOrmOptions(): TypeOrmModuleOptions {
    return { type: 'postgres', autoLoadEntities: true, ...this.config.database };
  }
}

export abstract class BaseOptions implements TypeOrmOptionsFactory {
  abstract createTypeOrmOptions(): TypeOrmModuleOptions;
}

export class NamedOptions implements TypeOrmOptionsFactory {
  createTypeOrmOptions(): TypeOrmModuleOptions {
    return { type: 'postgres', host: process.env.DB_HOST, applicationName: 'billing-api' };
  }
}` },
    // Migrations and seeds: one-off steps, not a service to tell apart (the same code elsewhere is reported).
    { filename: fixture('prisma/seed.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });` },
    { filename: fixture('scripts/seed/index.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });` },
    // Scripts run by hand or by a scheduler, at the root or inside a package.
    { filename: fixture('scripts/backfill-invoices.ts'), code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
await pool.query('update invoices set total_cents = total * 100 where total_cents is null');
await pool.end();` },
    { filename: fixture('server/tools/tenant-report.js'), code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
pool.query('select count(*) from tenants').then(console.log).finally(() => pool.end());` },
    // A command-line script (a `#!` line) wherever it is.
    { filename: fixture('server/import-licences.js'), code: `#!/usr/bin/env node
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect().then(() => client.query('select 1')).finally(() => client.end());` },
    // A stand-in client for a build without a database URL never connects.
    { filename: fixture('src/lib/prisma.ts'), code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
export const prisma = process.env.DATABASE_URL
  ? new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL, application_name: 'hr-hub' }) })
  : new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://localhost:5432/placeholder' }) });` },
    // Seed scripts named for their data set.
    // A script that empties a developer's database to seed it again.
    { filename: fixture('db/src/reset-db.ts'), code: `import { Client } from 'pg';
import { reset } from './reset';
const client = new Client({ connectionString: process.env.DATABASE_URL });
reset(client);` },
    { filename: fixture('prisma/seed-demo.ts'), code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });` },
    // A migration tool's own module (node-migrate's state store), and a monorepo's tooling package.
    { filename: fixture('apps/api/setup/migrationStore.js'), code: `const db = require('pg-promise')()(process.env.DATABASE_URL);
module.exports = class Store { load(cb) { db.oneOrNone('select data from migrations').then((row) => cb(null, row ? row.data : {})); } };` },
    { filename: fixture('tooling/site-launch/site.ts'), code: `import { Client } from 'pg';
export async function launch() {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try { await client.query('update sites set launched = true'); } finally { await client.end(); }
}` },
    // kysely-ctl's configuration: its pool runs the command-line tool's migrations and seeds.
    { filename: fixture('kysely.config.ts'), code: `import { PostgresDialect } from 'kysely';
import { defineConfig } from 'kysely-ctl';
import { Pool } from 'pg';
export default defineConfig({
  dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }),
  migrations: { migrationFolder: 'db/migrations' },
});` },
    // A type generator's run: its engine reads the schema on a developer's machine or in CI.
    { filename: fixture('packages/types/generate-models.ts'), code: `import sqlts from '@rmp135/sql-ts';
import Knex from 'knex';
import { writeFileSync } from 'node:fs';
const db = Knex({ client: 'pg', connection: { host: process.env.DB_HOST, database: process.env.DB_NAME, user: process.env.DB_USER } });
const run = async () => {
  const definitions = await sqlts.toObject({ schemas: ['public'] }, db);
  writeFileSync('src/models.ts', sqlts.fromObject(definitions, {}));
  process.exit(0);
};
run();` },
    { filename: fixture('packages/db/src/scripts/nightly.ts'), code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
await sql\`refresh materialized view concurrently daily_totals\`;
await sql.end();` },
    { filename: fixture('db/migrations/20240101_init.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });` },
    // The script that runs the migrations, in a folder named for it.
    { filename: fixture('libs/prisma/src/migrate/index.ts'), code: `import { Pool } from 'pg';
import { migrate } from 'postgres-migrations';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
migrate({ client: pool }, 'migrations').finally(() => pool.end());` },
    // A migration script (Drizzle's recipe), and a function that builds the migrator's pool.
    { filename: fixture('src/db/migrate.ts'), code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
const client = postgres(process.env.DATABASE_URL!, { max: 1 });
await migrate(drizzle(client), { migrationsFolder: './drizzle' });
await client.end();` },
    { filename: fixture('src/db/tools.ts'), code: `import { Pool } from 'pg';
export async function runMigrations(dir: string) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  await applyAll(pool, dir);
  await pool.end();
}
declare function applyAll(pool: Pool, dir: string): Promise<void>;` },
    // node-postgres, Neon, @vercel/postgres, pg-promise, PrismaPg
    { filename: fixture('src/v-pg-name.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });` },
    { filename: fixture('src/v-pg-fallback.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal', fallback_application_name: 'billing-api' });` },
    { filename: fixture('src/v-pg-computed-name.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal', ['application_name']: 'billing-api' });` },
    { filename: fixture('src/v-pg-url-param.ts'), code: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal/billing?application_name=billing-api');` },
    { filename: fixture('src/v-pg-url-param-amp.ts'), code: `import { Client } from 'pg';
const client = new Client({ connectionString: 'postgres://app@db.internal/billing?sslmode=require&application_name=billing-api' });` },
    { filename: fixture('src/v-pg-url-fallback.ts'), code: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal/billing?fallback_application_name=billing-api');` },
    { filename: fixture('src/v-pg-env-or.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL || 'postgres://localhost/dev', application_name: 'billing-api' });` },
    { filename: fixture('src/v-neon-name.ts'), code: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });` },
    { filename: fixture('src/v-vercel-name.ts'), code: `import { createClient } from '@vercel/postgres';
export const client = createClient({ connectionString: process.env.POSTGRES_URL_NON_POOLING, application_name: 'billing-api' });` },
    { filename: fixture('src/v-pg-promise-name.ts'), code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });` },
    { filename: fixture('src/v-prisma-pg-name.ts'), code: `import { PrismaPg } from '@prisma/adapter-pg';
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });` },
    // spreads, unknown values and const configurations
    { filename: fixture('src/v-pg-spread.ts'), code: `import { Pool } from 'pg';
import { baseConfig } from './config';
export const pool = new Pool({ ...baseConfig, max: 10 });` },
    { filename: fixture('src/v-pg-spread-after.ts'), code: `import { Pool } from 'pg';
import { baseConfig } from './config';
export const pool = new Pool({ host: 'db.internal', ...baseConfig });` },
    { filename: fixture('src/v-pg-computed-unknown.ts'), code: `import { Pool } from 'pg';
declare const key: string;
export const pool = new Pool({ host: 'db.internal', [key]: 'billing-api' });` },
    { filename: fixture('src/v-pg-imported-config.ts'), code: `import { Pool } from 'pg';
import { config } from './config';
export const pool = new Pool(config);` },
    { filename: fixture('src/v-pg-let-config.ts'), code: `import { Pool } from 'pg';
let config = { connectionString: process.env.DATABASE_URL };
export const pool = new Pool(config);` },
    { filename: fixture('src/v-pg-call-config.ts'), code: `import { Pool } from 'pg';
import { loadConfig } from './config';
export const pool = new Pool(loadConfig());` },
    { filename: fixture('src/v-pg-unknown-url.ts'), code: `import { Client } from 'pg';
import { databaseUrl } from './config';
const client = new Client({ connectionString: databaseUrl });` },
    { filename: fixture('src/v-pg-unknown-url-arg.ts'), code: `import { Client } from 'pg';
export function connect(url: string) {
  return new Client(url);
}` },
    { filename: fixture('src/v-pg-spread-args.ts'), code: `import { Pool } from 'pg';
declare const args: [];
export const pool = new Pool(...args);` },
    { filename: fixture('src/v-pg-template-db.ts'), code: `import { Client } from 'pg';
declare const query: string;
const client = new Client(\`postgres://app@db.internal/billing\${query}\`);` },
    { filename: fixture('src/v-pg-template-path.ts'), code: `import { Client } from 'pg';
declare const host: string, rest: string;
const client = new Client(\`postgres://app@\${host}/\${rest}\`);` },
    { filename: fixture('src/v-knex-spread.ts'), code: `import knex from 'knex';
import { base } from './config';
export const db = knex({ client: 'pg', connection: { ...base, host: 'db.internal' } });` },
    { filename: fixture('src/v-knex-function.ts'), code: `import knex from 'knex';
import { readSecret } from './secrets';
export const db = knex({ client: 'pg', connection: async () => ({ host: 'db.internal', password: await readSecret() }) });` },
    { filename: fixture('src/p-seq-dialectoptions-var.ts'), code: `import { Sequelize } from 'sequelize';
import { dialectOptions } from './config';
export const sequelize = new Sequelize({ dialect: 'postgres', host: 'db.internal', dialectOptions });` },
    { filename: fixture('src/p-typeorm-extra-spread.ts'), code: `import { DataSource } from 'typeorm';
import { extra } from './config';
export const dataSource = new DataSource({ type: 'postgres', host: 'db.internal', extra: { ...extra } });` },
    { filename: fixture('src/v-not-db.ts'), code: `import { Pool } from 'generic-pool';
export const pool = new Pool({ max: 10 });` },
    { filename: fixture('src/v-pg-implicit.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool();` },
    // A helper beside Testcontainers: the pool reaches the container a test started.
    { filename: fixture('packages/lib/helpers/containers.ts'), code: `import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { Pool } from 'pg';
export async function startDatabase() {
  return new PostgreSqlContainer('postgres:16').start();
}
export function createTestPool(): Pool {
  return new Pool({ host: process.env.POSTGRES_HOST, port: Number(process.env.POSTGRES_PORT), user: process.env.POSTGRES_USER });
}` },
    // Options that name no server: host, user and PGAPPNAME all come from the environment.
    { filename: fixture('src/v-pg-env-options.ts'), code: `import { Pool } from 'pg';
export const pool = new Pool({ max: 20, idleTimeoutMillis: 30_000 });` },
    { filename: fixture('src/v-postgres-js-env-options.ts'), code: `import postgres from 'postgres';
export const sql = postgres({ types: { date: { to: 1184, from: [1082], serialize: (d: Date) => d.toISOString(), parse: (s: string) => s } } });` },
    // Sequelize without a host: localhost at PostgreSQL's own port, the developer's machine.
    { filename: fixture('src/v-seq-no-host.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize({ dialect: 'postgres', database: 'app', username: 'app', password: 'secret', logging: false });` },
    { filename: fixture('src/v-seq-no-host-args.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'app', 'secret', { dialect: 'postgres' });` },
    { filename: fixture('src/v-postgres-js-implicit.ts'), code: `import postgres from 'postgres';
export const sql = postgres();` },
    { filename: fixture('src/v-prisma-implicit.ts'), code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();` },
    // TypeORM
    { filename: fixture('src/v-typeorm-name.ts'), code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'billing-api' });` },
    { filename: fixture('src/v-typeorm-extra.ts'), code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', host: 'db.internal', extra: { application_name: 'billing-api' } });` },
    { filename: fixture('src/v-typeorm-mysql.ts'), code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'mysql', url: process.env.DATABASE_URL });` },
    { filename: fixture('src/v-typeorm-type-variable.ts'), code: `import { DataSource } from 'typeorm';
declare const type: 'postgres';
export const dataSource = new DataSource({ type, host: 'db.internal' });` },
    // Sequelize
    { filename: fixture('src/v-sequelize-name.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', dialectOptions: { application_name: 'billing-api' } });` },
    { filename: fixture('src/v-sequelize-mysql.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('billing', 'app', 'secret', { dialect: 'mysql', host: 'db.internal' });` },
    { filename: fixture('src/v-sequelize-mysql-url.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('mysql://app@db.internal/billing');` },
    { filename: fixture('src/v-sequelize-env-no-dialect.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!);` },
    { filename: fixture('src/v-sequelize-url-param.ts'), code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('postgres://app@db.internal/billing?application_name=billing-api');` },
    // postgres.js
    { filename: fixture('src/v-postgres-js-name.ts'), code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'billing-api' } });` },
    { filename: fixture('src/v-postgres-js-url.ts'), code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@db.internal/billing?application_name=billing-api');` },
    // Knex
    { filename: fixture('src/v-knex-name.ts'), code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' } });` },
    { filename: fixture('src/v-knex-fallback.ts'), code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { host: 'db.internal', fallback_application_name: 'billing-api' } });` },
    { filename: fixture('src/v-knex-url-param.ts'), code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: 'postgres://app@db.internal/billing?application_name=billing-api' });` },
    { filename: fixture('src/v-knex-mysql.ts'), code: `import knex from 'knex';
export const db = knex({ client: 'mysql2', connection: { host: 'db.internal', database: 'billing' } });` },
    // Drizzle
    { filename: fixture('src/v-drizzle-node-name.ts'), code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: { connectionString: process.env.DATABASE_URL!, application_name: 'billing-api' } });` },
    { filename: fixture('src/v-drizzle-node-client.ts'), code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
declare const pool: Pool;
export const db = drizzle({ client: pool });` },
    { filename: fixture('src/v-drizzle-pgjs-name.ts'), code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle({ connection: { url: process.env.DATABASE_URL!, connection: { application_name: 'billing-api' } } });` },
    { filename: fixture('src/v-drizzle-pgjs-url.ts'), code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle('postgres://app@db.internal/billing?application_name=billing-api');` },
    // Prisma and slonik (only the URL names the application)
    { filename: fixture('src/v-prisma-url-param.ts'), code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@db.internal:6432/billing?pgbouncer=true&application_name=billing-api' });` },
    { filename: fixture('src/v-prisma-no-url.ts'), code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ log: ['query'] });` },
    { filename: fixture('src/v-slonik-url-param.ts'), code: `import { createPool } from 'slonik';
export const pool = await createPool('postgres://app@db.internal/billing?application_name=billing-api');` },
    // option trustEnvironmentUrls
    { filename: fixture('src/t-pg-env.ts'), options: [{ trustEnvironmentUrls: true }], code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });` },
    { filename: fixture('src/t-knex-env.ts'), options: [{ trustEnvironmentUrls: true }], code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: process.env['DATABASE_URL'] });` },
    { filename: fixture('src/t-postgres-env.ts'), options: [{ trustEnvironmentUrls: true }], code: `import postgres from 'postgres';
export const sql = postgres(import.meta.env.DATABASE_URL);` },
    { filename: fixture('src/t-template.ts'), options: [{ trustEnvironmentUrls: true }], code: `import { Client } from 'pg';
const client = new Client(\`\${process.env.DATABASE_URL}\`);` },
    { filename: fixture('src/t-default.ts'), options: [{ trustEnvironmentUrls: true }], code: `import { Client } from 'pg';
const client = new Client(process.env.DATABASE_URL ?? 'postgres://localhost/dev');` },
    { filename: fixture('src/t-prisma-env.ts'), options: [{ trustEnvironmentUrls: true }], code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasources: { db: { url: process.env.DATABASE_URL } } });` },
    // option checkImplicitConfig
    { filename: fixture('src/i-prisma.ts'), options: [{ checkImplicitConfig: true }], code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();` },
    { filename: fixture('src/i-pool-named.ts'), options: [{ checkImplicitConfig: true }], code: `import { Pool } from 'pg';
export const pool = new Pool({ application_name: 'billing-api' });` },
    // package.json lookup, test files
    {
      // Test files are skipped: this is the fixture itself, under tests/.
      filename: path.join(fixtures, 'src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
    },
    {
      filename: fixture('src/db.test.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.TEST_DATABASE_URL!);`,
    },
    {
      filename: fixture('test/setup.ts'),
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });`,
    },
  ],
  invalid: [
    // A pooler beside the service, on this machine at its own port, is still a pooler.
    {
      filename: fixture('src/db/sidecar.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: 'postgres://app@localhost:6432/app' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: 'postgres://app@localhost:6432/app?application_name=billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      // A URL chosen between the environment's (or the developer's machine) is the environment's;
      // against a URL written out (line 6) it is not known.
      filename: fixture('src/db/pools.ts'),
      code: `import { Pool } from 'pg';
const isTest = process.env.NODE_ENV === 'test';
const connectionString = isTest ? (process.env.TEST_DATABASE_URL || 'postgres://localhost/test') : process.env.DATABASE_URL;
export const pool = new Pool({ connectionString });
export const reports = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : process.env.REPORTS_URL, max: 2 });
export const audit = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : 'postgres://audit.internal/audit' });`,
      errors: [
        { messageId: 'missingFromEnvironment', line: 4, column: 25, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
const isTest = process.env.NODE_ENV === 'test';
const connectionString = isTest ? (process.env.TEST_DATABASE_URL || 'postgres://localhost/test') : process.env.DATABASE_URL;
export const pool = new Pool({ connectionString, application_name: 'billing-api' });
export const reports = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : process.env.REPORTS_URL, max: 2 });
export const audit = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : 'postgres://audit.internal/audit' });` }] },
        { messageId: 'missingFromEnvironment', line: 5, column: 28, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
const isTest = process.env.NODE_ENV === 'test';
const connectionString = isTest ? (process.env.TEST_DATABASE_URL || 'postgres://localhost/test') : process.env.DATABASE_URL;
export const pool = new Pool({ connectionString });
export const reports = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : process.env.REPORTS_URL, max: 2, application_name: 'billing-api' });
export const audit = new Pool({ connectionString: isTest ? process.env.TEST_DATABASE_URL : 'postgres://audit.internal/audit' });` }] },
      ],
    },
    {
      // A test run's database by its variable's name is not judged; the service's beside it is.
      filename: fixture('src/db/pools.ts'),
      code: `import { Pool } from 'pg';
const { TEST_DATABASE_URL } = process.env;
export const testPool = new Pool({ connectionString: process.env.DATABASE_URL_TEST });
export const e2e = new Pool({ connectionString: TEST_DATABASE_URL || 'postgres://db.internal/e2e' });
export const pool = new Pool({ connectionString: process.env.CONTEST_DATABASE_URL });`,
      errors: [{ messageId: 'missingFromEnvironment', line: 5, column: 25, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
const { TEST_DATABASE_URL } = process.env;
export const testPool = new Pool({ connectionString: process.env.DATABASE_URL_TEST });
export const e2e = new Pool({ connectionString: TEST_DATABASE_URL || 'postgres://db.internal/e2e' });
export const pool = new Pool({ connectionString: process.env.CONTEST_DATABASE_URL, application_name: 'billing-api' });` }] }],
    },
    // Scripts too, when asked for; a folder merely named like one (`transcripts/`) is not one.
    {
      filename: fixture('scripts/backfill-invoices.ts'),
      options: [{ checkScripts: true }],
      code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('server/import-licences.js'),
      options: [{ checkScripts: true }],
      code: `#!/usr/bin/env node
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `#!/usr/bin/env node
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      // The same pool in the application's own Kysely module is checked.
      filename: fixture('src/db.ts'),
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
export const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }) });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 73,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
export const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' }) }) });`,
            },
          ],
        },
      ],
    },
    {
      // NestJS's TypeOrmModule and SequelizeModule, with the options written at the call or returned by `useFactory`.
      filename: fixture('src/app.module.ts'),
      code: `import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        type: 'postgres',
        host: config.get('DB_HOST'),
        autoLoadEntities: true,
      }),
    }),
  ],
})
export class AppModule {}`,
      errors: [
        {
          messageId: 'missing',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        type: 'postgres',
        host: config.get('DB_HOST'),
        autoLoadEntities: true,
        applicationName: 'billing-api',
      }),
    }),
  ],
})
export class AppModule {}`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/database.module.ts'),
      code: `import { SequelizeModule } from '@nestjs/sequelize';

export const database = [
  SequelizeModule.forRoot({ dialect: 'postgres', uri: process.env.DATABASE_URL, autoLoadModels: true }),
  SequelizeModule.forRootAsync({
    useFactory: async () => {
      const host = process.env.DB_HOST;
      return { dialect: 'postgres', host, autoLoadModels: true };
    },
  }),
];`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { SequelizeModule } from '@nestjs/sequelize';

export const database = [
  SequelizeModule.forRoot({ dialect: 'postgres', uri: process.env.DATABASE_URL, autoLoadModels: true, dialectOptions: { application_name: 'billing-api' } }),
  SequelizeModule.forRootAsync({
    useFactory: async () => {
      const host = process.env.DB_HOST;
      return { dialect: 'postgres', host, autoLoadModels: true };
    },
  }),
];`,
            },
          ],
        },
        {
          messageId: 'missing',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { SequelizeModule } from '@nestjs/sequelize';

export const database = [
  SequelizeModule.forRoot({ dialect: 'postgres', uri: process.env.DATABASE_URL, autoLoadModels: true }),
  SequelizeModule.forRootAsync({
    useFactory: async () => {
      const host = process.env.DB_HOST;
      return { dialect: 'postgres', host, autoLoadModels: true, dialectOptions: { application_name: 'billing-api' } };
    },
  }),
];`,
            },
          ],
        },
      ],
    },
    {
      // The options a NestJS options-factory class returns (`forRootAsync({ useClass })`).
      filename: fixture('src/config/typeorm-config.service.ts'),
      code: `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';

@Injectable()
export class TypeOrmConfigService implements TypeOrmOptionsFactory {
  constructor(private readonly config: ConfigService) {}

  createTypeOrmOptions(): TypeOrmModuleOptions {
    const host = this.config.get<string>('DB_HOST');
    return { type: 'postgres', host, autoLoadEntities: true };
  }
}`,
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';

@Injectable()
export class TypeOrmConfigService implements TypeOrmOptionsFactory {
  constructor(private readonly config: ConfigService) {}

  createTypeOrmOptions(): TypeOrmModuleOptions {
    const host = this.config.get<string>('DB_HOST');
    return { type: 'postgres', host, autoLoadEntities: true, applicationName: 'billing-api' };
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // An agent's tools inside the source tree are the application's code.
      filename: fixture('src/ai/tools/query.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/transcripts/store.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    // node-postgres, Neon, @vercel/postgres, pg-promise, PrismaPg
    {
      filename: fixture('src/pg-env.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-env-bracket.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-multiline.ts'),
      code: `import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.PGHOST,
  database: 'billing',
  max: 10,
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';

export const pool = new Pool({
  host: process.env.PGHOST,
  database: 'billing',
  max: 10,
  application_name: 'billing-api',
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-multiline-nocomma.ts'),
      code: `import pg from 'pg';

export const pool = new pg.Pool({
  host: 'db.internal',
  port: 6432
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import pg from 'pg';

export const pool = new pg.Pool({
  host: 'db.internal',
  port: 6432,
  application_name: 'billing-api'
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-sameline-start.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal',
  port: 6432 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal',
  port: 6432,
  application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-url.ts'),
      code: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal:6432/billing');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal:6432/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-url-query.ts'),
      code: `import { Client } from 'pg';
const client = new Client('postgresql://app@db.internal:6432/billing?sslmode=require');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client('postgresql://app@db.internal:6432/billing?sslmode=require&application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-url-qmark.ts'),
      code: `import { Client } from 'pg';
const client = new Client(\`postgres://app@db.internal/billing?\`);`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client(\`postgres://app@db.internal/billing?application_name=billing-api\`);`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-url-hash.ts'),
      code: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal/billing#x');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-env.ts'),
      code: `import { Client } from 'pg';
const client = new Client(process.env.DATABASE_URL);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-env-template.ts'),
      code: `import { Client } from 'pg';
const client = new Client(\`\${process.env.DATABASE_URL}\`);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-env-default.ts'),
      code: `import { Client } from 'pg';
const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://localhost/dev' });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://localhost/dev', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-client-import-meta.ts'),
      code: `import { Client } from 'pg';
const client = new Client({ connectionString: import.meta.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client({ connectionString: import.meta.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-env-dollar.ts'),
      code: `import { Pool } from 'pg';
import { env } from '$env/dynamic/private';
export const pool = new Pool({ connectionString: env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
import { env } from '$env/dynamic/private';
export const pool = new Pool({ connectionString: env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-double-quotes.ts'),
      code: `import { Pool } from "pg";
export const pool = new Pool({ host: "db.internal" });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from "pg";
export const pool = new Pool({ host: "db.internal", application_name: "billing-api" });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-satisfies.ts'),
      code: `import { Pool, type PoolConfig } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL! } satisfies PoolConfig);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool, type PoolConfig } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL!, application_name: 'billing-api' } satisfies PoolConfig);`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-template-host.ts'),
      code: `import { Client } from 'pg';
declare const host: string;
const client = new Client(\`postgres://app@\${host}/billing\`);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // The last part after the path's slash names the database: it brings no parameters.
      filename: fixture('src/pg-template-db-name.ts'),
      code: `import postgres from 'postgres';
import { Pool } from 'pg';
const { DB_HOST, DB_PORT, DB_NAME } = process.env;
declare const config: { db: { name: string } };
export const sql = postgres(\`postgres://app:secret@\${DB_HOST}:\${DB_PORT}/\${DB_NAME}\`);
export const pool = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${config.db.name}\` });
export const other = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${process.env.POSTGRES_DB}\` });`,
      errors: [
        { messageId: 'missing', line: 5, column: 20, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'postgres';
import { Pool } from 'pg';
const { DB_HOST, DB_PORT, DB_NAME } = process.env;
declare const config: { db: { name: string } };
export const sql = postgres(\`postgres://app:secret@\${DB_HOST}:\${DB_PORT}/\${DB_NAME}\`, { connection: { application_name: 'billing-api' } });
export const pool = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${config.db.name}\` });
export const other = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${process.env.POSTGRES_DB}\` });` }] },
        { messageId: 'missing', line: 6, column: 25, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'postgres';
import { Pool } from 'pg';
const { DB_HOST, DB_PORT, DB_NAME } = process.env;
declare const config: { db: { name: string } };
export const sql = postgres(\`postgres://app:secret@\${DB_HOST}:\${DB_PORT}/\${DB_NAME}\`);
export const pool = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${config.db.name}\`, application_name: 'billing-api' });
export const other = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${process.env.POSTGRES_DB}\` });` }] },
        { messageId: 'missing', line: 7, column: 26, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'postgres';
import { Pool } from 'pg';
const { DB_HOST, DB_PORT, DB_NAME } = process.env;
declare const config: { db: { name: string } };
export const sql = postgres(\`postgres://app:secret@\${DB_HOST}:\${DB_PORT}/\${DB_NAME}\`);
export const pool = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${config.db.name}\` });
export const other = new Pool({ connectionString: \`postgres://app@\${DB_HOST}/\${process.env.POSTGRES_DB}\`, application_name: 'billing-api' });` }] },
      ],
    },
    {
      filename: fixture('src/pg-computed-key.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ ['host']: 'db.internal' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ ['host']: 'db.internal', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    // Any connection detail in the code (a user, a port) counts as configured there.
    {
      filename: fixture('src/p-user-only.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ user: 'billing', max: 5 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ user: 'billing', max: 5, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-seq-port.ts'),
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'app', 'secret', { dialect: 'postgres', port: 6432 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('app', 'app', 'secret', { dialect: 'postgres', port: 6432, dialectOptions: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    // Options that name no server, with checkImplicitConfig: the name goes into them.
    {
      filename: fixture('src/p-empty.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({});`,
      options: [{ checkImplicitConfig: true }],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/neon-pool.ts'),
      code: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/vercel-create-pool.ts'),
      code: `import { createPool } from '@vercel/postgres';
export const pool = createPool({ connectionString: process.env.POSTGRES_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 21,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { createPool } from '@vercel/postgres';
export const pool = createPool({ connectionString: process.env.POSTGRES_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-promise-env.ts'),
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 19,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/pg-promise-object.ts'),
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp({ host: 'db.internal', database: 'billing', max: 20 });`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp({ host: 'db.internal', database: 'billing', max: 20, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-promise-url.ts'),
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp('postgres://app@db.internal/billing?ssl=true');`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const db = pgp('postgres://app@db.internal/billing?ssl=true&application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/prisma-pg.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });
export const prisma = new PrismaClient({ adapter });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 21,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
export const prisma = new PrismaClient({ adapter });`,
            },
          ],
        },
      ],
    },
    // spreads, unknown values and const configurations
    {
      filename: fixture('src/pg-const-config.ts'),
      code: `import { Pool } from 'pg';
const config = { connectionString: process.env.DATABASE_URL, max: 5 };
export const pool = new Pool(config);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 25,
          suggestions: [],
        },
      ],
    },
    // A configuration whose name is also a type (`type config = typeof config`) is read as the value.
    {
      filename: fixture('src/pg-const-config-typed.ts'),
      code: `import { Pool, type PoolConfig } from 'pg';
const config = { connectionString: process.env.DATABASE_URL, max: 5 } satisfies PoolConfig;
type config = typeof config;
export const pool = new Pool(config);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 4,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/pg-const-config-url.ts'),
      code: `import { Pool } from 'pg';
const config = { connectionString: 'postgres://app@db.internal/billing' };
export const pool = new Pool(config);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
const config = { connectionString: 'postgres://app@db.internal/billing?application_name=billing-api' };
export const pool = new Pool(config);`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/pg-const-url.ts'),
      code: `import { Client } from 'pg';
const url = 'postgres://app@db.internal/billing';
const client = new Client(url);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/p-const-env.ts'),
      code: `import { Pool } from 'pg';
const url = process.env.DATABASE_URL;
export const pool = new Pool({ connectionString: url });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
const url = process.env.DATABASE_URL;
export const pool = new Pool({ connectionString: url, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-typeorm-const.ts'),
      code: `import { DataSource, type DataSourceOptions } from 'typeorm';
const options: DataSourceOptions = { type: 'postgres', url: process.env.DATABASE_URL };
export const dataSource = new DataSource(options);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 31,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/p-sequelize-const-opts.ts'),
      code: `import { Sequelize } from 'sequelize';
const options = { dialect: 'postgres' as const, host: 'db.internal' };
export const sequelize = new Sequelize('billing', 'app', 'secret', options);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 30,
          suggestions: [],
        },
      ],
    },
    // TypeORM
    {
      filename: fixture('src/typeorm-env.ts'),
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [], applicationName: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/typeorm-host.ts'),
      code: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({
  type: 'postgres',
  host: 'db.internal',
  port: 6432,
  extra: { max: 10 },
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({
  type: 'postgres',
  host: 'db.internal',
  port: 6432,
  extra: { max: 10 },
  applicationName: 'billing-api',
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/typeorm-create-connection.ts'),
      code: `import { createConnection } from 'typeorm';
export const connection = createConnection({ type: 'cockroachdb', url: 'postgres://root@crdb/app' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { createConnection } from 'typeorm';
export const connection = createConnection({ type: 'cockroachdb', url: 'postgres://root@crdb/app?application_name=billing-api' });`,
            },
          ],
        },
      ],
    },
    // Sequelize
    {
      filename: fixture('src/sequelize-options.ts'),
      code: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize('billing', 'app', process.env.DB_PASSWORD, {
  dialect: 'postgres',
  host: 'db.internal',
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize('billing', 'app', process.env.DB_PASSWORD, {
  dialect: 'postgres',
  host: 'db.internal',
  dialectOptions: { application_name: 'billing-api' },
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/sequelize-dialect-options.ts'),
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', dialectOptions: { ssl: true } });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', dialectOptions: { ssl: true, application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/sequelize-url.ts'),
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('postgres://app@db.internal:6432/billing');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('postgres://app@db.internal:6432/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/sequelize-template-url.ts'),
      code: `import { Sequelize } from 'sequelize';
declare const host: string;
export const sequelize = new Sequelize(\`postgres://app@\${host}/billing\`);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
declare const host: string;
export const sequelize = new Sequelize(\`postgres://app@\${host}/billing\`, { dialectOptions: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/sequelize-object.ts'),
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize({ dialect: 'postgres', host: 'db.internal', database: 'billing' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize({ dialect: 'postgres', host: 'db.internal', database: 'billing', dialectOptions: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    // postgres.js
    {
      filename: fixture('src/postgres-js-env.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { connection: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/postgres-js-env-options.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { max: 5, prepare: false });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { max: 5, prepare: false, connection: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/postgres-js-url.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres('postgres://app@db.internal/billing', { max: 5 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'postgres';
export const sql = postgres('postgres://app@db.internal/billing?application_name=billing-api', { max: 5 });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/postgres-js-object.ts'),
      code: `import postgres from 'postgres';

export const sql = postgres({
  host: 'db.internal',
  connection: {
    statement_timeout: 5000,
  },
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'postgres';

export const sql = postgres({
  host: 'db.internal',
  connection: {
    statement_timeout: 5000,
    application_name: 'billing-api',
  },
});`,
            },
          ],
        },
      ],
    },
    // Knex
    {
      filename: fixture('src/knex-env.ts'),
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/knex-object.ts'),
      code: `import knex from 'knex';

export const db = knex({
  client: 'postgresql',
  connection: {
    host: 'db.internal',
    database: 'billing',
  },
  pool: { min: 0, max: 10 },
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';

export const db = knex({
  client: 'postgresql',
  connection: {
    host: 'db.internal',
    database: 'billing',
    application_name: 'billing-api',
  },
  pool: { min: 0, max: 10 },
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/knex-connection-string.ts'),
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: 'postgres://app@db.internal/billing?sslmode=require' } });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: 'postgres://app@db.internal/billing?sslmode=require&application_name=billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/knex-url.ts'),
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: 'postgres://app@db.internal/billing' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: 'postgres://app@db.internal/billing?application_name=billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-knex-string.ts'),
      code: `import knex from 'knex';
export const db = knex('postgres://app@db.internal/billing');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';
export const db = knex('postgres://app@db.internal/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/p-knex-conn-env-object.ts'),
      code: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL } });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';
export const db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    // Drizzle
    {
      filename: fixture('src/drizzle-node-env.ts'),
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/drizzle-node-connection-env.ts'),
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: process.env.DATABASE_URL! });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/drizzle-node-connection-object.ts'),
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: { connectionString: process.env.DATABASE_URL!, ssl: true } });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: { connectionString: process.env.DATABASE_URL!, ssl: true, application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/drizzle-node-url.ts'),
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle('postgres://app@db.internal/billing');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle('postgres://app@db.internal/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/drizzle-pgjs-object.ts'),
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle({ connection: { url: process.env.DATABASE_URL!, max: 5 } });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle({ connection: { url: process.env.DATABASE_URL!, max: 5, connection: { application_name: 'billing-api' } } });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/drizzle-pgjs-env.ts'),
      code: `import { drizzle } from 'drizzle-orm/postgres-js';
export const db = drizzle(process.env.DATABASE_URL!);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 19,
          suggestions: [],
        },
      ],
    },
    // Prisma and slonik (only the URL names the application)
    {
      filename: fixture('src/prisma-env.ts'),
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 27,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/prisma-url.ts'),
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@db.internal:6432/billing' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@db.internal:6432/billing?application_name=billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/prisma-datasources.ts'),
      code: `import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient({
  datasources: {
    db: { url: 'postgresql://app@db.internal:6432/billing?pgbouncer=true' },
  },
});`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient({
  datasources: {
    db: { url: 'postgresql://app@db.internal:6432/billing?pgbouncer=true&application_name=billing-api' },
  },
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/slonik-url.ts'),
      code: `import { createPool } from 'slonik';
export const pool = await createPool('postgres://app@db.internal/billing');`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { createPool } from 'slonik';
export const pool = await createPool('postgres://app@db.internal/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/slonik-env.ts'),
      code: `import { createPool } from 'slonik';
export const pool = await createPool(process.env.DATABASE_URL!, { maximumPoolSize: 10 });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 27,
          suggestions: [],
        },
      ],
    },
    // option trustEnvironmentUrls
    {
      filename: fixture('src/t-literal.ts'),
      code: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal/billing');`,
      options: [{"trustEnvironmentUrls":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
const client = new Client('postgres://app@db.internal/billing?application_name=billing-api');`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/t-host.ts'),
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', host: 'db.internal' });`,
      options: [{"trustEnvironmentUrls":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', host: 'db.internal', applicationName: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/t-template-suffix.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: \`\${process.env.DATABASE_URL}?sslmode=require\` });`,
      options: [{"trustEnvironmentUrls":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: \`\${process.env.DATABASE_URL}?sslmode=require\`, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    // option checkImplicitConfig
    {
      filename: fixture('src/i-pool.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool();`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/i-client.ts'),
      code: `import pg from 'pg';
export const client = new pg.Client();`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/i-postgres.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres();`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('src/i-vercel.ts'),
      code: `import { createPool } from '@vercel/postgres';
export const pool = createPool();`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 21,
          suggestions: [],
        },
      ],
    },
    // package.json lookup, test files
    {
      filename: 'src/no-package-name.ts',
      code: `import { Pool } from 'pg';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('unnamed/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      filename: path.join(nameless, 'db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'db.internal' });`,
      errors: [{ messageId: 'missing', line: 2, column: 25, suggestions: [] }],
    },
  ],
});

jsRuleTester.run('require-application-name (js, esm)', rule, {
  valid: [
    // ESM
    { filename: fixture('src/esm-postgres.js'), code: `import postgres from 'postgres';
export const sql = postgres({ host: 'db.internal', connection: { application_name: 'billing-api' } });` },
  ],
  invalid: [
    // ESM
    {
      filename: fixture('src/esm-knex.mjs'),
      code: `import knex from 'knex';

export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 10 },
});`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import knex from 'knex';

export const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' },
  pool: { min: 0, max: 10 },
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/esm-sequelize.js'),
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', logging: false });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', logging: false, dialectOptions: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-application-name (js, commonjs)', rule, {
  valid: [
    // CommonJS
    { filename: fixture('src/cjs-named.cjs'), code: `const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
module.exports = client;` },
  ],
  invalid: [
    // CommonJS
    {
      filename: fixture('src/cjs-pg.cjs'),
      code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
module.exports = pool;`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
module.exports = pool;`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/cjs-knex.cjs'),
      code: `const knex = require('knex')({
  client: 'pg',
  connection: {
    host: '127.0.0.1',
    database: 'billing'
  }
});
module.exports = knex;`,
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const knex = require('knex')({
  client: 'pg',
  connection: {
    host: '127.0.0.1',
    database: 'billing',
    application_name: 'billing-api'
  }
});
module.exports = knex;`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/cjs-pgp.cjs'),
      code: `const pgp = require('pg-promise')();
const db = pgp('postgres://app@db.internal/billing');
module.exports = db;`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const pgp = require('pg-promise')();
const db = pgp('postgres://app@db.internal/billing?application_name=billing-api');
module.exports = db;`,
            },
          ],
        },
      ],
    },
  ],
});

// Regressions: cases that once went wrong.
ruleTester.run('require-application-name (regressions)', rule, {
  valid: [
    // Knex without a `connection` only builds SQL strings: no pool to name.
    { filename: fixture('src/knex-builder.ts'), code: `import Knex from 'knex';
export const builder = Knex({ client: 'postgres' });` },
    { filename: fixture('src/drizzle-empty.ts'), code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle();`, options: [{ checkImplicitConfig: true }] },

  ],
  invalid: [
    {
      filename: fixture('src/comment.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL, // from Doppler
});`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 29,
          data: {"label":"node-postgres","how":"with `application_name`"},
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL, // from Doppler
  application_name: 'billing-api',
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/comment-no-comma.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({
  max: 10,
  connectionString: process.env.DATABASE_URL // from Doppler
});`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 29,
          data: {"label":"node-postgres","how":"with `application_name`"},
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({
  max: 10,
  connectionString: process.env.DATABASE_URL, // from Doppler
  application_name: 'billing-api'
});`,
            },
          ],
        },
      ],
    },
    {
      filename: fixture('src/upper.ts'),
      code: `import { Client } from 'pg';
export const client = new Client('postgres://u@db/app?APPLICATION_NAME=x');`,
      options: [{"checkImplicitConfig":true}],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          endLine: 2,
          endColumn: 33,
          data: {"label":"node-postgres","how":"with `application_name` or `?application_name=` in the connection URL"},
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Client } from 'pg';
export const client = new Client('postgres://u@db/app?APPLICATION_NAME=x&application_name=billing-api');`,
            },
          ],
        },
      ],
    },
  ],
});

// A file that closes its engine in what it runs when loaded is a script run to completion: a
// service never shuts its engine down while loading.
ruleTester.run('require-application-name (scripts by what they run)', rule, {
  valid: [
    {
      // The pool is ended in a callback chained in a function the top level runs.
      filename: fixture('db/drop_tables.js'),
      code: `const { Pool } = require('pg');
const pool = new Pool({ host: process.env.PGHOST, user: process.env.PGUSER, database: process.env.PGDATABASE });
const query = (text) => pool.query(text);
function dropTables() {
  query('DROP TABLE IF EXISTS orders')
    .then(() => query('DROP TABLE IF EXISTS users'))
    .then(() => pool.end());
}
dropTables();`,
    },
    {
      // … or by a function of the file that function calls.
      filename: fixture('src/cleaner/index.ts'),
      code: `import { Pool } from 'pg';
import { purgeOldNotifications } from './purge';
const run = async (): Promise<void> => {
  const pool = new Pool({ host: process.env.DB_HOST, user: process.env.DB_USER, database: process.env.DB_NAME });
  const endOnExit = async (code: number): Promise<void> => {
    await pool.end();
    process.exit(code);
  };
  try {
    await purgeOldNotifications(pool);
    await endOnExit(0);
  } catch (error) {
    await endOnExit(1);
  }
};
await run();`,
    },
    {
      filename: fixture('prisma/diagnose-balance.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
async function main() {
  console.log(await prisma.journalEntry.count());
}
main()
  .catch((error) => { console.error(error); process.exit(1); })
  .finally(() => prisma.$disconnect());`,
    },
    {
      filename: fixture('check-sso.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
async function main() {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
  console.log(await prisma.ssoIdentity.findMany({ take: 10 }));
  await prisma.$disconnect();
}
main().catch(console.error);`,
    },
    {
      filename: fixture('db/create-database.mjs'),
      code: `import postgres from 'postgres';
const sql = postgres(process.env.ADMIN_DATABASE_URL);
try {
  await sql.unsafe('create database app');
} finally {
  await sql.end();
}`,
    },
    {
      filename: fixture('apps/scheduler-api/db/create-db.js'),
      code: `const { Client } = require('pg');
const createDatabase = async (name) => {
  const client = new Client({ host: process.env.POSTGRES_HOST, user: process.env.POSTGRES_USER });
  try {
    await client.connect();
    await client.query(\`CREATE DATABASE \${name}\`);
  } catch (error) {
    console.error(error);
  } finally {
    await client.end();
  }
};
createDatabase(process.env.POSTGRES_DB);`,
    },
    {
      // A function that creates databases provisions them, over an administrator's connection.
      filename: fixture('packages/database/src/services/database.js'),
      code: `import pg from 'pg';
export const recreateDatabase = async ({ name, host, user, password }) => {
  const client = new pg.Client({ host, user, password, database: 'postgres' });
  try {
    await client.connect();
    await client.query(\`DROP DATABASE IF EXISTS "\${name}"\`);
    await client.query(\`CREATE DATABASE "\${name}"\`);
  } finally {
    await client.end();
  }
};`,
    },
    {
      filename: fixture('src/report.ts'),
      code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
void (async () => {
  console.table((await pool.query('select count(*) from orders')).rows);
  await pool.end();
})();`,
    },
    {
      // A command of an admin command-line tool, by the argument parser it imports.
      filename: fixture('packages/admin-cli/src/backfill-deployments.ts'),
      code: `import { Client } from 'pg';
import yargs from 'yargs/yargs';
export async function run(args: string[] = process.argv) {
  const argv = await yargs(args).options({ pgHost: { type: 'string', default: 'localhost' } }).argv;
  const client = new Client({ host: argv.pgHost, database: 'ledger', user: 'admin' });
  await client.connect();
  console.log((await client.query('select count(*) from deployments')).rows);
}`,
    },
    {
      // Ends the process once its work is done, which a service never does.
      filename: fixture('test-database-direct.js'),
      code: `const { Pool } = require('pg');
async function checkOrders() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  console.log((await pool.query('SELECT count(*) FROM orders')).rows);
  await pool.end();
}
async function runAll() {
  await checkOrders();
}
runAll().then(() => process.exit(0)).catch(() => process.exit(1));`,
    },
    {
      filename: fixture('src/export-orders.js'),
      code: `const { Pool } = require('pg');
const argv = require('minimist')(process.argv.slice(2));
const pool = new Pool({ host: argv.host, database: 'shop' });
module.exports = pool;`,
    },
  ],
  invalid: [
    {
      // A service that ends its pool only when its start-up fails.
      filename: fixture('src/server.ts'),
      code: `import { Pool } from 'pg';
const pool = new Pool({ host: process.env.DB_HOST, database: 'shop' });
async function shutdown() {
  await pool.end();
}
async function main() {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await shutdown();
  }
}
main();`,
      errors: [{ messageId: 'missing', line: 2, suggestions: [{ messageId: 'suggestName', data: { name: 'billing-api' }, output: `import { Pool } from 'pg';
const pool = new Pool({ host: process.env.DB_HOST, database: 'shop', application_name: 'billing-api' });
async function shutdown() {
  await pool.end();
}
async function main() {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await shutdown();
  }
}
main();` }] }],
    },
    {
      // A parser imported by a module's function, not at its top level: no command.
      filename: fixture('src/orders/pool.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: process.env.PGHOST, database: 'shop' });
export async function flags() {
  const { program } = await import('commander');
  return program.opts();
}`,
      errors: [{ messageId: 'missing', line: 2, suggestions: [{ messageId: 'suggestName', data: { name: 'billing-api' }, output: `import { Pool } from 'pg';
export const pool = new Pool({ host: process.env.PGHOST, database: 'shop', application_name: 'billing-api' });
export async function flags() {
  const { program } = await import('commander');
  return program.opts();
}` }] }],
    },
    {
      // Creating tables is the service's own work, not provisioning.
      filename: fixture('src/tenants.ts'),
      code: `import pg from 'pg';
export async function createTenantTables(host: string) {
  const client = new pg.Client({ host });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS tenant_notes (id serial primary key, body text)');
  } finally {
    await client.end();
  }
}`,
      errors: [{ messageId: 'missing', line: 3, column: 22, suggestions: [{ messageId: 'suggestName', output: `import pg from 'pg';
export async function createTenantTables(host: string) {
  const client = new pg.Client({ host, application_name: 'billing-api' });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS tenant_notes (id serial primary key, body text)');
  } finally {
    await client.end();
  }
}` }] }],
    },
    {
      // A service exits on a signal, or with a failure: not a script.
      filename: fixture('src/server.js'),
      code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
async function main() {
  await pool.query('SELECT 1');
}
main().catch(() => process.exit(1));
process.on('SIGTERM', () => process.exit(0));`,
      errors: [{ messageId: 'missingFromEnvironment', line: 2, suggestions: [{ messageId: 'suggestName', output: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
async function main() {
  await pool.query('SELECT 1');
}
main().catch(() => process.exit(1));
process.on('SIGTERM', () => process.exit(0));` }] }],
    },
    {
      // Services: closed on a signal, when start-up fails, or only when run as a command.
      filename: fixture('src/server.ts'),
      code: `import { Pool } from 'pg';
import express from 'express';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
async function main() {
  try {
    await pool.query('select 1');
    express().listen(3000);
  } catch (error) {
    await pool.end();
    throw error;
  }
}
process.on('SIGTERM', () => pool.end());
main();`,
      errors: [{ messageId: 'missingFromEnvironment', line: 3, column: 18, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
import express from 'express';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
async function main() {
  try {
    await pool.query('select 1');
    express().listen(3000);
  } catch (error) {
    await pool.end();
    throw error;
  }
}
process.on('SIGTERM', () => pool.end());
main();` }] }],
    },
    {
      filename: fixture('src/db.ts'),
      code: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!);
if (import.meta.main) {
  await sql\`select 1\`;
  await sql.end();
}`,
      errors: [{ messageId: 'missingFromEnvironment', line: 2, column: 20, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'postgres';
export const sql = postgres(process.env.DATABASE_URL!, { connection: { application_name: 'billing-api' } });
if (import.meta.main) {
  await sql\`select 1\`;
  await sql.end();
}` }] }],
    },
  ],
});

/*
 * MikroORM takes the application name in `driverOptions`, merged into pg's pool options in
 * MikroORM 7 and into Knex's configuration (whose `connection` holds pg's) in 5 and 6: the
 * suggestion follows the version the package asks for. Its `clientUrl` keeps only the host, port,
 * user, password and database (`new URL`), so a `?application_name=` there never reaches the server.
 */
const mikro = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-mikro-orm-'));
for (const [dir, dependencies] of [
  ['v7', { '@mikro-orm/postgresql': '^7.0.2', '@mikro-orm/core': '^7.0.2' }],
  ['v6', { '@mikro-orm/core': '^6.4.16', '@mikro-orm/postgresql': '^6.4.16', '@mikro-orm/nestjs': '^6.1.1' }],
  ['unpinned', {}],
] as const) {
  mkdirSync(path.join(mikro, dir), { recursive: true });
  writeFileSync(path.join(mikro, dir, 'package.json'), JSON.stringify({ name: 'orders-api', dependencies }));
}
afterAll(() => rmSync(mikro, { recursive: true, force: true }));
const inMikro = (file: string): string => path.join(mikro, file);
const mikroHow7 = 'with `driverOptions.application_name`';
const mikroHowAny = 'with `driverOptions.application_name` (MikroORM 7) or `driverOptions.connection.application_name` (MikroORM 5 and 6)';

ruleTester.run('require-application-name (MikroORM)', rule, {
  valid: [
    // Named where each version reads it.
    { filename: inMikro('v7/src/mikro-orm.config.ts'), code: `import { defineConfig } from '@mikro-orm/postgresql';
export default defineConfig({ clientUrl: process.env.DATABASE_URL, driverOptions: { application_name: 'orders-api' } });` },
    { filename: inMikro('v6/src/mikro-orm.config.ts'), code: `import { defineConfig, PostgreSqlDriver } from '@mikro-orm/core';
export default defineConfig({ driver: PostgreSqlDriver, dbName: 'orders', driverOptions: { connection: { application_name: 'orders-api', ssl: true } } });` },
    // Another database, or none the file names: `defineConfig` from core without a driver, a driver held elsewhere.
    { filename: inMikro('v6/src/sqlite.config.ts'), code: `import { defineConfig } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
export default defineConfig({ driver: SqliteDriver, dbName: 'orders.sqlite' });` },
    { filename: inMikro('v6/src/legacy.config.ts'), code: `import { MikroORM } from '@mikro-orm/core';
export const orm = MikroORM.init({ type: 'mysql', dbName: 'orders' });` },
    { filename: inMikro('v6/src/driverless.config.ts'), code: `import { defineConfig } from '@mikro-orm/core';
import { driver } from './driver';
export default defineConfig({ driver, dbName: 'orders' });` },
    // Options the file does not show: imported, spread in, `driverOptions` held elsewhere, or none (the config file).
    { filename: inMikro('v7/src/orm.ts'), code: `import { MikroORM } from '@mikro-orm/postgresql';
import config from './mikro-orm.config';
export const orm = await MikroORM.init(config);
export const other = await MikroORM.init({ ...config, debug: true });
export const third = await MikroORM.init();
export const fourth = new MikroORM({ dbName: 'orders', driverOptions: poolOptions });
declare const poolOptions: object;` },
    // A stand-in URL, whatever it says.
    { filename: inMikro('v7/src/build.config.ts'), code: `import { defineConfig } from '@mikro-orm/postgresql';
export default defineConfig({ clientUrl: 'postgresql://localhost:5432/placeholder?application_name=build' });` },
    // Migration and test configurations are left alone, as for every library.
    { filename: inMikro('v7/test/mikro-orm.config.ts'), code: `import { defineConfig } from '@mikro-orm/postgresql';
export default defineConfig({ dbName: 'orders_test' });` },
  ],
  invalid: [
    {
      filename: inMikro('v7/src/mikro-orm.config.ts'),
      code: `import { defineConfig } from '@mikro-orm/postgresql';
export default defineConfig({
  clientUrl: process.env.DATABASE_URL,
  entities: ['./dist/entities'],
});`,
      errors: [
        {
          messageId: 'missing',
          data: { label: 'MikroORM', how: mikroHow7 },
          line: 2,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { defineConfig } from '@mikro-orm/postgresql';
export default defineConfig({
  clientUrl: process.env.DATABASE_URL,
  entities: ['./dist/entities'],
  driverOptions: { application_name: 'orders-api' },
});`,
            },
          ],
        },
      ],
    },
    // MikroORM 6 goes through Knex: the name goes in `driverOptions.connection`, next to what is there.
    {
      filename: inMikro('v6/src/orm.ts'),
      code: `import { MikroORM, PostgreSqlDriver } from '@mikro-orm/core';
export const orm = await MikroORM.init({ driver: PostgreSqlDriver, host: 'db.internal', dbName: 'orders', driverOptions: { connection: { ssl: { rejectUnauthorized: false } } } });
export const lazy = new MikroORM({ type: 'postgresql', dbName: 'orders' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { MikroORM, PostgreSqlDriver } from '@mikro-orm/core';
export const orm = await MikroORM.init({ driver: PostgreSqlDriver, host: 'db.internal', dbName: 'orders', driverOptions: { connection: { ssl: { rejectUnauthorized: false }, application_name: 'orders-api' } } });
export const lazy = new MikroORM({ type: 'postgresql', dbName: 'orders' });`,
            },
          ],
        },
        {
          messageId: 'missing',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { MikroORM, PostgreSqlDriver } from '@mikro-orm/core';
export const orm = await MikroORM.init({ driver: PostgreSqlDriver, host: 'db.internal', dbName: 'orders', driverOptions: { connection: { ssl: { rejectUnauthorized: false } } } });
export const lazy = new MikroORM({ type: 'postgresql', dbName: 'orders', driverOptions: { connection: { application_name: 'orders-api' } } });`,
            },
          ],
        },
      ],
    },
    // A version the file does not pin: both places named, no suggestion.
    {
      filename: inMikro('unpinned/src/db.ts'),
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export const orm = MikroORM.initSync({ dbName: 'orders' });`,
      errors: [
        {
          messageId: 'missing',
          data: { label: 'MikroORM', how: mikroHowAny },
          line: 2,
          column: 20,
          suggestions: [],
        },
      ],
    },
    // The URL's name is dropped: reported at the URL, moved where the driver reads it.
    {
      filename: inMikro('v7/src/orm.ts'),
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export const orm = await MikroORM.init({ clientUrl: 'postgresql://orders@db.internal:6432/orders?application_name=orders-worker' });`,
      errors: [
        {
          messageId: 'urlParameterDropped',
          data: { label: 'MikroORM', how: mikroHow7 },
          line: 2,
          column: 53,
          suggestions: [
            {
              messageId: 'suggestMove',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
export const orm = await MikroORM.init({ clientUrl: 'postgresql://orders@db.internal:6432/orders?application_name=orders-worker', driverOptions: { application_name: 'orders-worker' } });`,
            },
          ],
        },
      ],
    },
    // NestJS: `forRoot`, `forRootAsync`'s factory, an options class.
    {
      filename: inMikro('v6/src/app.module.ts'),
      code: `import { Module, Injectable } from '@nestjs/common';
import { MikroOrmModule, MikroOrmOptionsFactory } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

@Injectable()
export class OrmOptions implements MikroOrmOptionsFactory {
  createMikroOrmOptions() {
    return { driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL };
  }
}

@Module({
  imports: [
    MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL, autoLoadEntities: true }),
    MikroOrmModule.forRootAsync({ useFactory: () => ({ driver: PostgreSqlDriver, dbName: 'orders' }) }),
  ],
})
export class AppModule {}`,
      errors: [
        { messageId: 'missing', line: 7, column: 3, suggestions: [
          { messageId: 'suggestName', output: `import { Module, Injectable } from '@nestjs/common';
import { MikroOrmModule, MikroOrmOptionsFactory } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

@Injectable()
export class OrmOptions implements MikroOrmOptionsFactory {
  createMikroOrmOptions() {
    return { driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL, driverOptions: { connection: { application_name: 'orders-api' } } };
  }
}

@Module({
  imports: [
    MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL, autoLoadEntities: true }),
    MikroOrmModule.forRootAsync({ useFactory: () => ({ driver: PostgreSqlDriver, dbName: 'orders' }) }),
  ],
})
export class AppModule {}` },
        ] },
        { messageId: 'missing', line: 14, column: 5, suggestions: [
          { messageId: 'suggestName', output: `import { Module, Injectable } from '@nestjs/common';
import { MikroOrmModule, MikroOrmOptionsFactory } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

@Injectable()
export class OrmOptions implements MikroOrmOptionsFactory {
  createMikroOrmOptions() {
    return { driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL };
  }
}

@Module({
  imports: [
    MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL, autoLoadEntities: true, driverOptions: { connection: { application_name: 'orders-api' } } }),
    MikroOrmModule.forRootAsync({ useFactory: () => ({ driver: PostgreSqlDriver, dbName: 'orders' }) }),
  ],
})
export class AppModule {}` },
        ] },
        { messageId: 'missing', line: 15, column: 5, suggestions: [
          { messageId: 'suggestName', output: `import { Module, Injectable } from '@nestjs/common';
import { MikroOrmModule, MikroOrmOptionsFactory } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

@Injectable()
export class OrmOptions implements MikroOrmOptionsFactory {
  createMikroOrmOptions() {
    return { driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL };
  }
}

@Module({
  imports: [
    MikroOrmModule.forRoot({ driver: PostgreSqlDriver, clientUrl: process.env.DATABASE_URL, autoLoadEntities: true }),
    MikroOrmModule.forRootAsync({ useFactory: () => ({ driver: PostgreSqlDriver, dbName: 'orders', driverOptions: { connection: { application_name: 'orders-api' } } }) }),
  ],
})
export class AppModule {}` },
        ] },
      ],
    },
  ],
});

ruleTester.run('require-application-name (branches taken only on a developer machine)', rule, {
  valid: [
    {
      // A client for a local host only; the RDS branch names itself.
      filename: path.join(root, 'src/lambda-db.ts'),
      code: `import { Client } from 'pg';
export function connect(db: { host: string; database: string; user: string }, token: string) {
  if (db.host && (/localhost/.test(db.host) || /127.0.0.1/.test(db.host) || /host.docker.internal/.test(db.host))) {
    return new Client({ host: db.host, database: db.database, user: db.user });
  }
  return new Client({ host: db.host, database: db.database, user: db.user, password: token, application_name: 'uploads' });
}`,
    },
    {
      filename: path.join(root, 'src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool =
  process.env.NODE_ENV === 'development'
    ? new Pool({ host: 'db', database: 'app' })
    : new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'api' });`,
    },
    {
      // The other branch of a production flag computed at the top of the file.
      filename: path.join(root, 'lambda/utils.js'),
      code: `import pg from 'pg';
const isProduction = /^\\s*production\\s*$/i.test(process.env.NODE_ENV);
export function client() {
  if (isProduction) {
    return new pg.Client({ host: process.env.DB_HOST, application_name: 'interop' });
  }
  return new pg.Client({ host: process.env.DB_HOST });
}
export const local = isProduction ? undefined : new pg.Pool({ host: process.env.DB_HOST });`,
    },
    {
      // A flag of the settings store for test runs (convict, node-config).
      filename: path.join(root, 'src/db.js'),
      code: `import pg from 'pg';
import { config } from './config.js';
export function createPool(options) {
  if (config.get('isTest')) {
    return new pg.Pool({ host: options.host, user: options.user, database: options.database });
  }
  return new pg.Pool({ host: options.host, user: options.user, database: options.database, application_name: 'grants-api' });
}`,
    },
    {
      filename: path.join(root, 'src/db.ts'),
      code: `import { Pool } from 'pg';
const isLocal = process.env.DB_HOST === 'localhost';
export const pool = !isLocal ? new Pool({ host: process.env.DB_HOST, application_name: 'api' }) : new Pool({ host: 'localhost', port: 5433 });`,
    },
    {
      // Every deployment runs with NODE_ENV=production: the other branch is a developer's machine
      // (here the dev server's reload-proof singleton) or a test run.
      filename: path.join(root, 'src/db/index.ts'),
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
let sql: ReturnType<typeof postgres>;
if (process.env.NODE_ENV === 'production') {
  sql = postgres(process.env.DATABASE_URL!, { connection: { application_name: 'web' } });
} else {
  if (!(globalThis as any).sql) {
    (globalThis as any).sql = postgres(process.env.DATABASE_URL!);
  }
  sql = (globalThis as any).sql;
}
export const testPool = process.env.NODE_ENV === 'test' ? postgres(process.env.TEST_DATABASE_URL!) : undefined;
export const db = drizzle(sql);`,
    },
  ],
  invalid: [
    {
      // APP_ENV names the deployments themselves: anything but production may be staging.
      filename: path.join(root, 'src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = process.env.APP_ENV !== 'production' ? new Pool({ host: 'db.staging', database: 'app' }) : undefined;`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 64,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Pool } from 'pg';
export const pool = process.env.APP_ENV !== 'production' ? new Pool({ host: 'db.staging', database: 'app', application_name: 'billing-api' }) : undefined;`,
            },
          ],
        },
      ],
    },
    {
      // The other branch of a development test may be staging or production.
      filename: path.join(root, 'src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool =
  process.env.NODE_ENV === 'development'
    ? new Pool({ host: 'localhost', database: 'app' })
    : new Pool({ host: 'db.internal', database: 'app' });`,
      errors: [
        {
          messageId: 'missing',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Pool } from 'pg';
export const pool =
  process.env.NODE_ENV === 'development'
    ? new Pool({ host: 'localhost', database: 'app' })
    : new Pool({ host: 'db.internal', database: 'app', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      // Taken when the host is not a local one.
      filename: path.join(root, 'src/db.ts'),
      code: `import { Client } from 'pg';
export function connect(host: string) {
  if (host !== 'localhost') {
    return new Client({ host, database: 'app' });
  }
  return undefined;
}`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Client } from 'pg';
export function connect(host: string) {
  if (host !== 'localhost') {
    return new Client({ host, database: 'app', application_name: 'billing-api' });
  }
  return undefined;
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (serverless-postgres)', rule, {
  valid: [
    {
      filename: fixture('src/db.ts'),
      code: `import ServerlessClient from 'serverless-postgres';
export const client = new ServerlessClient({ host: process.env.DB_HOST, database: 'orders', application_name: 'orders-lambda' });`,
    },
  ],
  invalid: [
    {
      // Without it, serverless-postgres 2 names the connection \`serverless_client\`, as it names
      // every other service's.
      filename: fixture('src/db.js'),
      code: `const ServerlessClient = require('serverless-postgres');
const client = new ServerlessClient({
  user: process.env.DB_USER,
  host: process.env.DB_HOST,
  database: process.env.DB_NAME,
  debug: true,
  delayMs: 3000,
});
module.exports = client;`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const ServerlessClient = require('serverless-postgres');
const client = new ServerlessClient({
  user: process.env.DB_USER,
  host: process.env.DB_HOST,
  database: process.env.DB_NAME,
  debug: true,
  delayMs: 3000,
  application_name: 'billing-api',
});
module.exports = client;`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (an option written as a condition)', rule, {
  valid: [
    {
      // One branch names the application: the rule cannot tell which one runs.
      filename: fixture('src/config/typeorm.ts'),
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST,
  extra: process.env.DB_SSL === 'true' ? { ssl: { rejectUnauthorized: false }, application_name: 'tasks-api' } : undefined,
});`,
    },
    {
      // A branch the rule cannot read.
      filename: fixture('src/config/typeorm.ts'),
      code: `import { DataSource } from 'typeorm';
import { sslExtra } from './ssl';
export const dataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST,
  extra: process.env.DB_SSL === 'true' ? { ssl: true } : sslExtra,
});`,
    },
  ],
  invalid: [
    {
      // Both values \`extra\` may take are written, and neither names the application.
      filename: fixture('src/config/typeorm.ts'),
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST,
  extra: process.env.DB_SSL === 'true' ? { ssl: { rejectUnauthorized: false } } : undefined,
});`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({
  type: 'postgres',
  host: process.env.DB_HOST,
  extra: process.env.DB_SSL === 'true' ? { ssl: { rejectUnauthorized: false } } : undefined,
  applicationName: 'billing-api',
});`,
            },
          ],
        },
      ],
    },
  ],
});

const KNEXFILE = `require('dotenv').config();

module.exports = {
  development: {
    client: 'pg',
    connection: { host: '127.0.0.1', database: 'billing_dev' },
  },
  production: {
    client: 'pg',
    connection: { host: process.env.DB_HOST, database: 'billing' },
    pool: { min: 2, max: 10 },
  },
};`;

const MIKRO_ORM_CONFIG = `import { Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
const config: Options = {
  driver: PostgreSqlDriver,
  clientUrl: process.env.DATABASE_URL,
  entities: ['dist/**/*.entity.js'],
};
export default config;`;

ruleTester.run('require-application-name (configuration files by convention)', rule, {
  valid: [
    // MikroORM's configuration file, by name only.
    { filename: fixture('src/orm-options.ts'), code: MIKRO_ORM_CONFIG },
    {
      filename: fixture('src/mikro-orm.config.ts'),
      code: MIKRO_ORM_CONFIG.replace('clientUrl: process.env.DATABASE_URL,', "clientUrl: process.env.DATABASE_URL,\n  driverOptions: { connection: { application_name: 'billing-api' } },"),
    },
    {
      // Named; and a file of another name exporting the same object is not a configuration file.
      filename: fixture('knexfile.ts'),
      code: `import type { Knex } from 'knex';
const config: Knex.Config = {
  client: 'postgresql',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' },
};
export default config;`,
    },
    { filename: fixture('src/settings.js'), code: KNEXFILE },
    {
      // Another database's configuration.
      filename: fixture('config/config.js'),
      code: `module.exports = { production: { host: process.env.DB_HOST, dialect: 'mysql' } };`,
    },
  ],
  invalid: [
    {
      // The file the MikroORM CLI reads, and \`MikroORM.init()\` without options.
      filename: fixture('src/mikro-orm.config.ts'),
      code: MIKRO_ORM_CONFIG,
      errors: [{ messageId: 'missing', line: 3, column: 3, suggestions: [] }],
    },
    {
      // The knexfile the application and the migrations read: its production block names no application.
      filename: fixture('knexfile.js'),
      code: KNEXFILE,
      errors: [
        {
          messageId: 'missing',
          line: 8,
          column: 3,
          suggestions: [{ messageId: 'suggestName', output: KNEXFILE.replace("database: 'billing' }", "database: 'billing', application_name: 'billing-api' }") }],
        },
      ],
    },
    {
      // sequelize-cli's configuration.
      filename: fixture('config/config.js'),
      code: `module.exports = {
  development: { username: 'dev', database: 'billing_dev', host: '127.0.0.1', dialect: 'postgres' },
  production: { username: process.env.DB_USER, database: process.env.DB_NAME, host: process.env.DB_HOST, dialect: 'postgres' },
};`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `module.exports = {
  development: { username: 'dev', database: 'billing_dev', host: '127.0.0.1', dialect: 'postgres' },
  production: { username: process.env.DB_USER, database: process.env.DB_NAME, host: process.env.DB_HOST, dialect: 'postgres', dialectOptions: { application_name: 'billing-api' } },
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a spread of a constant of the file)', rule, {
  valid: [
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const base = { host: process.env.PGHOST, user: 'app', application_name: 'billing-api' };
export const pool = new Pool({ ...base, max: 10 });`,
    },
    {
      // The parameter of the same name is not the constant.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const base = { host: process.env.PGHOST, user: 'app' };
export function poolFor(base: object) {
  return new Pool({ ...base, max: 10 });
}`,
    },
  ],
  invalid: [
    {
      // The options to extend live in the shared constant: no suggestion edits it for this call.
      filename: fixture('src/db.ts'),
      code: `import { Sequelize } from 'sequelize';
const base = { dialect: 'postgres' as const, host: process.env.DB_HOST, dialectOptions: { ssl: true } };
export const sequelize = new Sequelize({ ...base, pool: { max: 10 } });`,
      errors: [{ messageId: 'missing', line: 3, column: 30, suggestions: [] }],
    },
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const base = { host: process.env.PGHOST, user: 'app' };
export const pool = new Pool({ ...base, max: 10 });`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
const base = { host: process.env.PGHOST, user: 'app' };
export const pool = new Pool({ ...base, max: 10, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a password alone)', rule, {
  valid: [
    {
      // An IAM token for a password names neither the server nor the user: node-postgres reads those,
      // and PGAPPNAME, from the environment.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
import { Signer } from '@aws-sdk/rds-signer';
const signer = new Signer({ hostname: process.env.PGHOST!, port: 5432, username: process.env.PGUSER! });
export const pool = new Pool({ password: async () => signer.getAuthToken(), ssl: { rejectUnauthorized: true } });`,
    },
  ],
  invalid: [
    {
      filename: fixture('src/db.ts'),
      options: [{ checkImplicitConfig: true }],
      code: `import { Pool } from 'pg';
export const pool = new Pool({ password: async () => 'token' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Pool } from 'pg';
export const pool = new Pool({ password: async () => 'token', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

// A project whose `.sequelizerc` names its sequelize-cli configuration.
const sequelizeProject = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-sequelizerc-'));
writeFileSync(
  path.join(sequelizeProject, '.sequelizerc'),
  `const path = require('path');
module.exports = {
  config: path.resolve('src', 'database', 'config.js'),
  'migrations-path': path.resolve('src', 'database', 'migrations'),
};
`,
);
afterAll(() => rmSync(sequelizeProject, { recursive: true, force: true }));

const CLI_CONFIG = `module.exports = {
  host: process.env.DB_HOST,
  username: process.env.DB_USER,
  database: process.env.DB_NAME,
  dialect: 'postgres',
};`;

ruleTester.run('require-application-name (the configuration a .sequelizerc names)', rule, {
  valid: [
    // Another file exporting the same object is not the configuration.
    { filename: path.join(sequelizeProject, 'src/lib/defaults.js'), code: CLI_CONFIG },
  ],
  invalid: [
    {
      filename: path.join(sequelizeProject, 'src/database/config.js'),
      code: CLI_CONFIG,
      errors: [{ messageId: 'missing', line: 5, column: 3, suggestions: [] }],
    },
  ],
});

ruleTester.run('require-application-name (a migration tool configuration)', rule, {
  valid: [
    {
      // The data source `typeorm migration:run -d migrations.config.ts` runs the migrations with.
      filename: fixture('packages/indexer-database/migrations.config.ts'),
      code: `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({
  type: 'postgres',
  host: process.env.DATABASE_HOST,
  username: process.env.DATABASE_USER,
  migrations: ['migrations/*.ts'],
});`,
    },
    // A data source named for the TypeORM command line (`typeorm -d src/config/dataSourceCli.ts`).
    ...['src/config/dataSourceCli.ts', 'src/data-source.cli.ts', 'typeorm-cli.config.ts'].map((file) => ({
      filename: fixture(file),
      code: `import { DataSource } from 'typeorm';
export const dataSourceCli = new DataSource({ type: 'postgres', host: process.env.DB_HOST, username: process.env.DB_USER, migrations: ['src/migrations/*.ts'] });`,
    })),
  ],
  invalid: [
    {
      // The application's own data source, which the command line may be given too.
      filename: fixture('src/config/data-source.ts'),
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', host: process.env.DB_HOST, username: process.env.DB_USER, migrations: ['src/migrations/*.ts'] });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 31,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', host: process.env.DB_HOST, username: process.env.DB_USER, migrations: ['src/migrations/*.ts'], applicationName: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (Drizzle over Neon WebSockets)', rule, {
  valid: [
    {
      filename: fixture('src/db.ts'),
      code: `import { drizzle } from 'drizzle-orm/neon-serverless';
export const db = drizzle({ connection: { connectionString: process.env.DATABASE_URL!, application_name: 'billing-api' } });`,
    },
  ],
  invalid: [
    {
      // drizzle(url) builds Neon's \`new Pool({ connectionString: url })\`.
      filename: fixture('src/db.ts'),
      code: `import { drizzle } from 'drizzle-orm/neon-serverless';
export const db = drizzle(process.env.DATABASE_URL!);`,
      errors: [{ messageId: 'missingFromEnvironment', line: 2, column: 19, suggestions: [] }],
    },
  ],
});

ruleTester.run('require-application-name (an administrator client for a provisioning function)', rule, {
  valid: [
    {
      // Built at the top level, used only by the function that creates the database.
      filename: fixture('backend/create_database.js'),
      code: `const { Client } = require('pg');
const client = new Client({ host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres' });
const createDatabase = async () => {
  await client.connect();
  try {
    await client.query('CREATE DATABASE jellystat');
  } finally {
    await client.end();
  }
};
module.exports = { createDatabase };`,
    },
    {
      // A CI set-up script at the top level: it creates the test's role and extension as the superuser.
      filename: fixture('ci/client.js'),
      code: `const { Client } = require('pg');
const client = new Client({ user: 'postgres', host: process.env.DB_HOST, database: process.env.TEST_DB });
client.connect();
client.query("CREATE USER test WITH PASSWORD 'test' SUPERUSER");
client.query('CREATE EXTENSION IF NOT EXISTS btree_gist', () => client.end());`,
    },
    {
      // Handed to the function that creates the database (its parameter shadows the name).
      filename: fixture('db/create.database.js'),
      code: `const knex = require('knex')({ client: 'pg', connection: { host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres' } });
const up = async function (knex) {
  try {
    await knex.raw(\`CREATE DATABASE \${process.env.DB_NAME}\`);
  } finally {
    await knex.destroy();
  }
};
up(knex);`,
    },
  ],
  invalid: [
    {
      // Also handed to a function that does not provision.
      filename: fixture('db/create.database.js'),
      code: `const knex = require('knex')({ client: 'pg', connection: { host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres' } });
const up = async (knex) => knex.raw('CREATE DATABASE billing');
const count = async (knex) => knex.raw('SELECT count(*) FROM users');
up(knex);
count(knex);`,
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const knex = require('knex')({ client: 'pg', connection: { host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres', application_name: 'billing-api' } });
const up = async (knex) => knex.raw('CREATE DATABASE billing');
const count = async (knex) => knex.raw('SELECT count(*) FROM users');
up(knex);
count(knex);`,
            },
          ],
        },
      ],
    },
    {
      // Also used by a function that does not provision.
      filename: fixture('backend/create_database.js'),
      code: `const { Client } = require('pg');
const client = new Client({ host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres' });
const createDatabase = async () => {
  await client.query('CREATE DATABASE jellystat');
};
const count = async () => client.query('SELECT count(*) FROM users');
module.exports = { createDatabase, count };`,
      errors: [{ messageId: 'missing', line: 2, column: 20, suggestions: [{ messageId: 'suggestName', output: `const { Client } = require('pg');
const client = new Client({ host: process.env.DB_HOST, user: process.env.DB_USER, database: 'postgres', application_name: 'billing-api' });
const createDatabase = async () => {
  await client.query('CREATE DATABASE jellystat');
};
const count = async () => client.query('SELECT count(*) FROM users');
module.exports = { createDatabase, count };` }] }],
    },
  ],
});

ruleTester.run('require-application-name (options and URLs returned by functions of the file)', rule, {
  valid: [
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
function poolConfig() {
  return { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' };
}
export const pool = new Pool(poolConfig());`,
    },
    {
      // The function names the application in the URL it returns.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const databaseUrl = () => 'postgres://app@db.internal:6432/app?application_name=billing-api';
export const pool = new Pool({ connectionString: databaseUrl() });`,
    },
    {
      // Returned on several paths: not read.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
function poolConfig(env: string) {
  if (env === 'test') return { connectionString: 'postgres://db.test/app' };
  return { connectionString: process.env.DATABASE_URL };
}
export const pool = new Pool(poolConfig(process.env.NODE_ENV ?? ''));`,
    },
    {
      // An async function's call, not awaited, is a promise: not its options.
      filename: fixture('src/db.ts'),
      code: `import { DataSource } from 'typeorm';
async function options() {
  return { type: 'postgres' as const, host: process.env.DB_HOST, username: process.env.DB_USER };
}
export const dataSource = new DataSource(options() as any);`,
    },
  ],
  invalid: [
    {
      // What an async function returns, awaited (`typeorm.config.ts` of a NestJS service).
      filename: fixture('src/typeorm.config.ts'),
      code: `import { DataSource, DataSourceOptions } from 'typeorm';
async function dataSourceOptions(): Promise<DataSourceOptions> {
  return { type: 'postgres', host: process.env.DB_HOST, username: process.env.DB_USER };
}
export async function connect() {
  const options = await dataSourceOptions();
  const dataSource = new DataSource(options);
  const other = new DataSource(await dataSourceOptions());
  return [dataSource, other];
}`,
      errors: [
        { messageId: 'missing', line: 7, column: 26, suggestions: [] },
        { messageId: 'missing', line: 8, column: 21, suggestions: [] },
      ],
    },
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const buildPoolConfig = () => ({ connectionString: process.env.DATABASE_URL, max: 10 });
const config = buildPoolConfig();
export const pool = new Pool(config);`,
      errors: [{ messageId: 'missingFromEnvironment', line: 4, column: 25, suggestions: [] }],
    },
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
function getDatabaseUrl() {
  return process.env.DATABASE_URL || process.env.POSTGRES_URL;
}
export const pool = new Pool({ connectionString: getDatabaseUrl(), max: 10 });`,
      errors: [{ messageId: 'missingFromEnvironment', line: 5, column: 25, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
function getDatabaseUrl() {
  return process.env.DATABASE_URL || process.env.POSTGRES_URL;
}
export const pool = new Pool({ connectionString: getDatabaseUrl(), max: 10, application_name: 'billing-api' });` }] }],
    },
    {
      // A URL written out in the function, read there (and left there: the suggestion adds the option).
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const databaseUrl = () => 'postgres://app@db.internal:6432/app';
export const pool = new Pool({ connectionString: databaseUrl() });`,
      errors: [{ messageId: 'missing', line: 3, column: 25, suggestions: [{ messageId: 'suggestName', output: `import { Pool } from 'pg';
const databaseUrl = () => 'postgres://app@db.internal:6432/app';
export const pool = new Pool({ connectionString: databaseUrl(), application_name: 'billing-api' });` }] }],
    },
  ],
});

ruleTester.run('require-application-name (environment modules and Deno specifiers)', rule, {
  valid: [
    {
      filename: fixture('src/lib/server/db.ts'),
      code: `import postgres from 'postgres';
import { DATABASE_URL } from '$env/static/private';
export const sql = postgres(DATABASE_URL, { connection: { application_name: 'billing-api' } });`,
    },
  ],
  invalid: [
    {
      // SvelteKit serves the environment as a module.
      filename: fixture('src/lib/server/db.ts'),
      code: `import postgres from 'postgres';
import { DATABASE_URL } from '$env/static/private';
export const sql = postgres(DATABASE_URL);`,
      errors: [{ messageId: 'missingFromEnvironment', line: 3, column: 20, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'postgres';
import { DATABASE_URL } from '$env/static/private';
export const sql = postgres(DATABASE_URL, { connection: { application_name: 'billing-api' } });` }] }],
    },
    {
      // A Supabase Edge Function imports the npm package through Deno's \`npm:\` specifier.
      filename: fixture('supabase/functions/orders/index.ts'),
      code: `import postgres from 'npm:postgres@3.4.4';
const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });
Deno.serve(async () => Response.json(await sql\`select count(*) from orders\`));`,
      errors: [{ messageId: 'missingFromEnvironment', line: 2, column: 13, suggestions: [{ messageId: 'suggestName', output: `import postgres from 'npm:postgres@3.4.4';
const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false, connection: { application_name: 'billing-api' } });
Deno.serve(async () => Response.json(await sql\`select count(*) from orders\`));` }] }],
    },
  ],
});

cjsRuleTester.run('require-application-name (the Fastify pg plugin)', rule, {
  valid: [
    {
      filename: fixture('src/app.js'),
      code: `const fastify = require('fastify')();
fastify.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
    },
    // Another plugin's options are not a pool's.
    {
      filename: fixture('src/app.js'),
      code: `const fastify = require('fastify')();
fastify.register(require('@fastify/redis'), { host: 'cache' });`,
    },
  ],
  invalid: [
    {
      filename: fixture('src/app.js'),
      code: `const fastify = require('fastify')();
fastify.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 1,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const fastify = require('fastify')();
fastify.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
    {
      // The URL from the environment that @fastify/env decorates the instance with.
      filename: fixture('src/plugins/pg.js'),
      code: `const fp = require('fastify-plugin');
module.exports = fp(async (fastify) => {
  fastify.register(require('@fastify/postgres'), { connectionString: fastify.config.DATABASE_URL });
});`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const fp = require('fastify-plugin');
module.exports = fp(async (fastify) => {
  fastify.register(require('@fastify/postgres'), { connectionString: fastify.config.DATABASE_URL, application_name: 'billing-api' });
});`,
            },
          ],
        },
      ],
    },
    {
      // The plugin given as a promise of its module, the URL from @fastify/env.
      filename: fixture('src/plugins/pg.js'),
      code: `const fp = require('fastify-plugin');
module.exports = fp(async (fastify) => {
  fastify.register(import('@fastify/postgres'), { connectionString: fastify.config.DATABASE_URL, keepAlive: true });
});`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const fp = require('fastify-plugin');
module.exports = fp(async (fastify) => {
  fastify.register(import('@fastify/postgres'), { connectionString: fastify.config.DATABASE_URL, keepAlive: true, application_name: 'billing-api' });
});`,
            },
          ],
        },
      ],
    },
    {
      // On an instance the file does not build (a plugin), with the default import.
      filename: fixture('src/plugins/db.js'),
      code: `const fp = require('fastify-plugin');
const postgres = require('@fastify/postgres');
module.exports = fp(async (app) => {
  await app.register(postgres, { host: 'db.internal', database: 'billing' });
});`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const fp = require('fastify-plugin');
const postgres = require('@fastify/postgres');
module.exports = fp(async (app) => {
  await app.register(postgres, { host: 'db.internal', database: 'billing', application_name: 'billing-api' });
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (deno-postgres)', rule, {
  valid: [
    {
      filename: fixture('supabase/functions/orders/index.ts'),
      code: `import { Pool } from 'jsr:@db/postgres@0.19.5';
export const pool = new Pool({ hostname: 'db.internal', database: 'app', user: 'app', applicationName: 'orders' }, 3, true);
export const other = new Pool('postgres://app@db.internal:6543/app?application_name=orders', 3);`,
    },
  ],
  invalid: [
    {
      // A URL or options, never both: only the URL can carry the name.
      filename: fixture('supabase/functions/orders/index.ts'),
      code: `import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
const pool = new postgres.Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 18,
          data: { label: 'deno-postgres', how: 'with `?application_name=` in the connection URL' },
          suggestions: [],
        },
      ],
    },
    {
      filename: fixture('supabase/functions/orders/index.ts'),
      code: `import { Client } from 'jsr:@db/postgres';
const client = new Client({ hostname: 'db.internal', database: 'app', user: 'app' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 20,
          data: { label: 'deno-postgres', how: 'with `applicationName`' },
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Client } from 'jsr:@db/postgres';
const client = new Client({ hostname: 'db.internal', database: 'app', user: 'app', applicationName: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a URL destructured from the environment)', rule, {
  valid: [
    {
      // Destructured from an object that is not the environment: unknown, left alone.
      filename: fixture('src/db.js'),
      code: `import pg from 'pg';
const { DATABASE_URL } = settings;
export const pool = new pg.Pool({ connectionString: DATABASE_URL });
declare const settings: { DATABASE_URL: string };`,
    },
  ],
  invalid: [
    {
      filename: fixture('src/db.js'),
      code: `import pg from 'pg';
const { DATABASE_URL = 'postgres://localhost:5432/stats' } = process.env;
export const pool = new pg.Pool({ max: 10, connectionString: DATABASE_URL });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import pg from 'pg';
const { DATABASE_URL = 'postgres://localhost:5432/stats' } = process.env;
export const pool = new pg.Pool({ max: 10, connectionString: DATABASE_URL, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (Prisma over Neon)', rule, {
  valid: [
    {
      // Given a Neon Pool, whose own configuration names it.
      filename: fixture('src/lib/prisma.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaNeon } from '@prisma/adapter-neon';
import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });
export const prisma = new PrismaClient({ adapter: new PrismaNeon(pool) });`,
    },
  ],
  invalid: [
    {
      // Prisma 6.6 and later: the adapter builds the Neon Pool from this configuration.
      filename: fixture('src/lib/prisma.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaNeon } from '@prisma/adapter-neon';
const adapter = new PrismaNeon({ connectionString: process.env.DATABASE_URL! });
export const prisma = new PrismaClient({ adapter });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 3,
          column: 21,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { PrismaClient } from '@prisma/client';
import { PrismaNeon } from '@prisma/adapter-neon';
const adapter = new PrismaNeon({ connectionString: process.env.DATABASE_URL!, application_name: 'billing-api' });
export const prisma = new PrismaClient({ adapter });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (options chosen between object literals)', rule, {
  valid: [
    {
      // The deployed branch names it; the other is the developer's machine.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool(process.env.NODE_ENV === 'production' ? { connectionString: process.env.DATABASE_URL, application_name: 'billing-api' } : { host: 'localhost' });`,
    },
    {
      // One branch names it: which one runs, the file does not tell.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
const config = useReplica ? { connectionString: process.env.REPLICA_URL, application_name: 'billing-api' } : { connectionString: process.env.DATABASE_URL };
export const pool = new Pool(config);
declare const useReplica: boolean;`,
    },
    {
      // SvelteKit's \`dev\` is true under \`vite dev\` only: that pool is the developer's.
      filename: fixture('src/lib/server/db.ts'),
      code: `import pg from 'pg';
import { dev } from '$app/environment';
export const pool = dev ? new pg.Pool({ host: 'localhost', user: 'dev' }) : new pg.Pool({ connectionString: process.env.DATABASE_URL, application_name: 'billing-api' });`,
    },
    {
      // A URL held by a \`const\` (\`connection: url\`) that names it.
      filename: fixture('src/db.js'),
      code: `const url = 'postgres://app@db.internal:6432/app?application_name=billing-api';
module.exports = require('knex')({ client: 'pg', connection: url });`,
    },
  ],
  invalid: [
    {
      // pg-promise given a choice of a URL and host options: neither names it (food-oasis's shape).
      filename: fixture('src/db.js'),
      code: `const pgp = require('pg-promise')();
const cn = process.env.DATABASE_URL ? { connectionString: process.env.DATABASE_URL } : { host: process.env.PGHOST, user: 'app', database: 'app' };
module.exports = pgp(cn);`,
      errors: [{ messageId: 'missingFromEnvironment', line: 3, column: 18, suggestions: [] }],
    },
    {
      // The branch for the developer's machine is left out; the deployed one names nothing.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool(process.env.NODE_ENV !== 'production' ? { connectionString: 'postgres://localhost/dev' } : { host: process.env.DB_HOST, user: 'app' });`,
      errors: [{ messageId: 'missing', line: 2, column: 25, suggestions: [] }],
    },
    {
      filename: fixture('src/lib/server/db.ts'),
      code: `import pg from 'pg';
import { dev } from '$app/environment';
export const pool = dev ? new pg.Pool({ host: 'localhost', user: 'dev' }) : new pg.Pool({ host: process.env.DB_HOST, user: 'app' });`,
      errors: [{ messageId: 'missing', line: 3, column: 81, suggestions: [{ messageId: 'suggestName', output: `import pg from 'pg';
import { dev } from '$app/environment';
export const pool = dev ? new pg.Pool({ host: 'localhost', user: 'dev' }) : new pg.Pool({ host: process.env.DB_HOST, user: 'app', application_name: 'billing-api' });` }] }],
    },
    {
      // A URL read from the environment into a \`const\` (cares-reporter's shape).
      filename: fixture('src/db.js'),
      code: `const db = process.env.POSTGRES_URL;
module.exports = require('knex')({ client: 'pg', connection: db });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 2,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `const db = process.env.POSTGRES_URL;
module.exports = require('knex')({ client: 'pg', connection: { connectionString: db, application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a database created through a connection from elsewhere)', rule, {
  valid: [
    {
      // The function creates the database through a connection another module opened, then
      // connects to it to set it up: a provisioning step.
      filename: fixture('src/tasks/sync-db.ts'),
      code: `import { Client } from 'pg';
import { connectToDatabase } from '../models';
export const handler = async () => {
  const connection = await connectToDatabase();
  await connection.query(\`CREATE DATABASE \${process.env.PE_DB_NAME} owner \${process.env.PE_DB_USERNAME};\`);
  const client = new Client({ host: process.env.DB_HOST, database: process.env.PE_DB_NAME, user: process.env.PE_DB_USERNAME });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS vulns (id int)');
  await client.end();
};`,
    },
  ],
  invalid: [
    {
      // Only a table: no database is created.
      filename: fixture('src/tasks/sync-db.ts'),
      code: `import { Client } from 'pg';
import { connectToDatabase } from '../models';
export const handler = async () => {
  const connection = await connectToDatabase();
  await connection.query('CREATE TABLE IF NOT EXISTS scans (id int)');
  const client = new Client({ host: process.env.DB_HOST, database: process.env.PE_DB_NAME, user: process.env.PE_DB_USERNAME });
  await client.connect();
  await client.end();
};`,
      errors: [{ messageId: 'missing', line: 6, column: 22, suggestions: [{ messageId: 'suggestName', output: `import { Client } from 'pg';
import { connectToDatabase } from '../models';
export const handler = async () => {
  const connection = await connectToDatabase();
  await connection.query('CREATE TABLE IF NOT EXISTS scans (id int)');
  const client = new Client({ host: process.env.DB_HOST, database: process.env.PE_DB_NAME, user: process.env.PE_DB_USERNAME, application_name: 'billing-api' });
  await client.connect();
  await client.end();
};` }] }],
    },
  ],
});

ruleTester.run('require-application-name (a module that ends the process at its top level)', rule, {
  valid: [
    {
      // A probe run to completion: it prints and exits, whatever the code.
      filename: fixture('backend/src/index.ts'),
      code: `import postgres from 'npm:postgres@3.4.4';
const client = postgres(Deno.env.get('DATABASE_URL')!, { max: 1 });
console.log(await client\`select * from users\`);
Deno.exit(1);`,
    },
  ],
  invalid: [
    {
      // Exiting only when the configuration is missing: a service.
      filename: fixture('backend/src/index.ts'),
      code: `import postgres from 'npm:postgres@3.4.4';
if (!Deno.env.get('DATABASE_URL')) {
  Deno.exit(1);
}
export const sql = postgres(Deno.env.get('DATABASE_URL')!, { max: 10 });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 5,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'npm:postgres@3.4.4';
if (!Deno.env.get('DATABASE_URL')) {
  Deno.exit(1);
}
export const sql = postgres(Deno.env.get('DATABASE_URL')!, { max: 10, connection: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a URL from the environment, edited)', rule, {
  valid: [
    {
      // The edit is what names it.
      filename: fixture('supabase/functions/_shared/db.ts'),
      code: `import postgres from 'npm:postgres@3.4.4';
const url = Deno.env.get('SUPABASE_DB_URL')!.replace('?sslmode=prefer', '?application_name=orders');
export const sql = postgres(url, { prepare: false });`,
    },
  ],
  invalid: [
    {
      filename: fixture('supabase/functions/_shared/db.ts'),
      code: `import postgres from 'npm:postgres@3.4.4';
const connectionString = Deno.env.get('SUPABASE_DB_URL')!;
const cleaned = connectionString.replace(/\\?sslmode=prefer$/, '');
export const sql = postgres(cleaned, { prepare: false });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import postgres from 'npm:postgres@3.4.4';
const connectionString = Deno.env.get('SUPABASE_DB_URL')!;
const cleaned = connectionString.replace(/\\?sslmode=prefer$/, '');
export const sql = postgres(cleaned, { prepare: false, connection: { application_name: 'billing-api' } });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a URL object over the environment URL)', rule, {
  valid: [
    {
      filename: fixture('packages/backend/database.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('application_name', 'backend');
export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });`,
    },
  ],
  invalid: [
    {
      filename: fixture('packages/backend/database.ts'),
      code: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('sslmode', 'require');
export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.href }) });`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 5,
          column: 55,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const url = new URL(process.env.DATABASE_URL!);
url.searchParams.set('sslmode', 'require');
export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.href, application_name: 'billing-api' }) });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (a Knex connection: the URL, or else options)', rule, {
  valid: [
    {
      // The options the service falls back to name it; the URL may too.
      filename: fixture('server/db.js'),
      code: `module.exports = require('knex')({
  client: 'pg',
  connection: process.env.DB_URL || { host: process.env.DB_HOST, user: 'app', application_name: 'billing-api' },
});`,
    },
  ],
  invalid: [
    {
      // Neither the URL from the environment nor the options name it; no suggestion edits the choice.
      filename: fixture('server/db.js'),
      code: `module.exports = require('knex')({
  client: 'pg',
  connection: process.env.DB_URL || { host: process.env.DB_HOST, user: 'app', database: 'univaf' },
});`,
      errors: [{ messageId: 'missingFromEnvironment', line: 1, column: 18, suggestions: [] }],
    },
  ],
});

ruleTester.run('require-application-name (a URL of the scheme alone)', rule, {
  valid: [
    // slonik's pg driver documents \`createPool('postgresql://')\`: every parameter, the name too (PGAPPNAME), from the environment.
    {
      filename: fixture('src/slonik-libpq.ts'),
      code: `import { createPool } from 'slonik';
export const pool = await createPool('postgresql://', { maximumPoolSize: 10 });`,
    },
    {
      filename: fixture('src/slonik-libpq.ts'),
      code: `import { createPool } from 'slonik';
export const pool = await createPool('postgres://');`,
    },
  ],
  invalid: [
    {
      // With checkImplicitConfig, the environment's configuration is judged too.
      filename: fixture('src/slonik-libpq.ts'),
      code: `import { createPool } from 'slonik';
export const pool = await createPool('postgresql://', { maximumPoolSize: 10 });`,
      options: [{ checkImplicitConfig: true }],
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { createPool } from 'slonik';
export const pool = await createPool('postgresql://?application_name=billing-api', { maximumPoolSize: 10 });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (Knex connection options in a constant)', rule, {
  valid: [
    {
      filename: fixture('src/db.ts'),
      code: `import knex from 'knex';
const connection = { host: process.env.DB_HOST, user: process.env.DB_USER, database: 'billing', application_name: 'billing-api' };
export const db = knex({ client: 'pg', connection });`,
    },
  ],
  invalid: [
    {
      // Reported without a suggestion: the constant is not the call's to edit.
      filename: fixture('src/db.ts'),
      code: `import knex from 'knex';
const conn = { host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: 'billing' };
export const db = knex({ client: 'pg', connection: conn });`,
      errors: [{ messageId: 'missing', line: 3, column: 19, suggestions: [] }],
    },
  ],
});

ruleTester.run('require-application-name (end-to-end test support)', rule, {
  valid: [
    {
      // Playwright's test helpers reset the test database.
      filename: fixture('src/packages/end-to-end/src/utils.ts'),
      code: `import { Response } from '@playwright/test';
import { Client } from 'pg';
export const resetDatabase = async () => {
  const client = new Client({ host: process.env.DATABASE_HOST, user: 'postgres', database: 'app' });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await client.end();
};
export const ok = (response: Response) => response.ok();`,
    },
    {
      filename: fixture('packages/end-to-end/helpers/db.ts'),
      code: `import { Client } from 'pg';
export const client = new Client({ host: process.env.DATABASE_HOST, user: 'postgres', database: 'app' });`,
    },
  ],
  invalid: [],
});

ruleTester.run('require-application-name (an options factory returning a constant of its own)', rule, {
  valid: [
    {
      // Changed before it is returned: not read.
      filename: fixture('src/config/database.config.ts'),
      code: `import { Injectable } from '@nestjs/common';
import type { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';
@Injectable()
export class DatabaseConfig implements TypeOrmOptionsFactory {
  createTypeOrmOptions(): TypeOrmModuleOptions {
    const config = { type: 'postgres', host: process.env.DATABASE_HOST, username: 'app', database: 'crm' };
    Object.assign(config, { applicationName: 'crm-api' });
    return config as TypeOrmModuleOptions;
  }
}`,
    },
  ],
  invalid: [
    {
      filename: fixture('src/config/database.config.ts'),
      code: `import { Injectable } from '@nestjs/common';
import type { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';
@Injectable()
export class DatabaseConfig implements TypeOrmOptionsFactory {
  createTypeOrmOptions(): TypeOrmModuleOptions {
    const config = { type: 'postgres', host: process.env.DATABASE_HOST, username: 'app', database: 'crm' };
    console.log('database', { host: config.host, database: config.database });
    return config as TypeOrmModuleOptions;
  }
}`,
      errors: [
        {
          messageId: 'missing',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestName',
              output: `import { Injectable } from '@nestjs/common';
import type { TypeOrmModuleOptions, TypeOrmOptionsFactory } from '@nestjs/typeorm';
@Injectable()
export class DatabaseConfig implements TypeOrmOptionsFactory {
  createTypeOrmOptions(): TypeOrmModuleOptions {
    const config = { type: 'postgres', host: process.env.DATABASE_HOST, username: 'app', database: 'crm', applicationName: 'billing-api' };
    console.log('database', { host: config.host, database: config.database });
    return config as TypeOrmModuleOptions;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (Payload CMS)', rule, {
  valid: [
    {
      filename: fixture('src/payload.config.ts'),
      code: `import { buildConfig } from 'payload';
import { postgresAdapter } from '@payloadcms/db-postgres';
export default buildConfig({
  db: postgresAdapter({ pool: { connectionString: process.env.DATABASE_URI, application_name: 'cms' } }),
  secret: process.env.PAYLOAD_SECRET!,
});`,
    },
  ],
  invalid: [
    {
      // \`pool\` is node-postgres's PoolConfig, handed to the adapter's \`new pg.Pool(pool)\`.
      filename: fixture('src/payload.config.ts'),
      code: `import { buildConfig } from 'payload';
import { postgresAdapter } from '@payloadcms/db-postgres';
export default buildConfig({
  db: postgresAdapter({
    pool: {
      connectionString: process.env.DATABASE_URI || '',
    },
  }),
  secret: process.env.PAYLOAD_SECRET!,
});`,
      errors: [
        {
          messageId: 'missingFromEnvironment',
          line: 4,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { buildConfig } from 'payload';
import { postgresAdapter } from '@payloadcms/db-postgres';
export default buildConfig({
  db: postgresAdapter({
    pool: {
      connectionString: process.env.DATABASE_URI || '',
      application_name: 'billing-api',
    },
  }),
  secret: process.env.PAYLOAD_SECRET!,
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-application-name (Amazon Redshift)', rule, {
  valid: [
    // Redshift speaks PostgreSQL's protocol, with no pooler in front: by its port, host or URL.
    `import { Client } from 'pg';
export const warehouse = new Client({ host: process.env.WAREHOUSE_HOST, port: 5439, user: process.env.WAREHOUSE_USER });`,
    `import { Pool } from 'pg';
export const warehouse = new Pool({ host: process.env.REDSHIFT_HOST, user: process.env.REDSHIFT_USER });`,
    `import { Pool } from 'pg';
export const warehouse = new Pool({ connectionString: 'postgres://etl@analytics.abc123.eu-west-1.redshift.amazonaws.com:5439/dev' });`,
  ],
  invalid: [
    {
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: process.env.DB_HOST, port: 5432, user: process.env.DB_USER });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Pool } from 'pg';
export const pool = new Pool({ host: process.env.DB_HOST, port: 5432, user: process.env.DB_USER, application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run("require-application-name (options for the developer's machine)", rule, {
  valid: [
    // The same target as `postgres://postgres:password@localhost:5432/tasks`, written as options.
    `import { Pool } from 'pg';
export const pool = new Pool({ user: 'postgres', host: 'localhost', database: 'tasks', password: 'password', port: 5432 });`,
    `import { Client } from 'pg';
export const client = new Client({ host: '127.0.0.1', database: 'tasks' });`,
  ],
  invalid: [
    {
      // A pooler on the developer's machine: the service runs behind one.
      filename: fixture('src/db.ts'),
      code: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'localhost', port: 6432, database: 'tasks' });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          suggestions: [
            {
              messageId: 'suggestName',
              data: { name: 'billing-api' },
              output: `import { Pool } from 'pg';
export const pool = new Pool({ host: 'localhost', port: 6432, database: 'tasks', application_name: 'billing-api' });`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('require-application-name (a choice between options held by consts)', rule, {
  valid: [
    `const { Pool } = require('pg');
const devSettings = { host: process.env.DB_HOST, user: process.env.DB_USER };
const prodSettings = { connectionString: process.env.DATABASE_URL, application_name: 'petty-cash' };
module.exports = new Pool(process.env.NODE_ENV === 'production' ? prodSettings : devSettings);`,
  ],
  invalid: [
    {
      code: `const { Pool } = require('pg');
const devSettings = { host: process.env.DB_HOST, user: process.env.DB_USER };
const prodSettings = { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } };
module.exports = new Pool(process.env.NODE_ENV === 'production' ? prodSettings : devSettings);`,
      errors: [{ messageId: 'missingFromEnvironment', line: 4, column: 22, suggestions: [] }],
    },
  ],
});

ruleTester.run("require-application-name (a URL read through NestJS's ConfigService)", rule, {
  valid: [
    // A key of a typed configuration namespace, not an environment variable's name.
    `import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '@nestjs/config';
export const database = TypeOrmModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({ type: 'postgres', url: config.get<string>('database.url') }),
});`,
  ],
  invalid: [
    {
      code: `import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '@nestjs/config';
export const database = TypeOrmModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({ type: 'postgres', url: config.get<string>('DATABASE_URL') }),
});`,
      errors: [{ messageId: 'missingFromEnvironment', line: 3, column: 25, suggestions: [] }],
    },
  ],
});
