import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './types';

export const db = new Kysely<Database>({
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }), // expect: pgbouncer/require-application-name
  }),
});

export const reportingDb = new Kysely<Database>({
  dialect: new PostgresDialect({
    pool: new Pool({ connectionString: process.env.REPORTING_URL, application_name: 'pets-reporting', max: 4 }),
  }),
});
