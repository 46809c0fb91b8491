import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'storefront', max: 10 });

export const db = drizzle({ client: pool, schema });

export const searchDb = drizzle({ connection: { connectionString: process.env.SEARCH_DATABASE_URL! }, schema }); // expect: pgbouncer/require-application-name

export const auditDb = drizzle({
  connection: { connectionString: process.env.AUDIT_DATABASE_URL!, application_name: 'storefront-audit' },
});
