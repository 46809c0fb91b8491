import { Pool } from 'pg';

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  application_name: 'accounts-api',
  max: 10,
  idleTimeoutMillis: 30_000,
});

// Tracked by PgBouncer: restored for every client, so this hook is fine.
pool.on('connect', (client) => {
  client.query("SET timezone = 'UTC'");
});

pool.on('error', (err) => {
  console.error('idle client error', err);
});

export const reportingPool = new Pool({
  connectionString: process.env.REPORTING_DATABASE_URL,
  application_name: 'accounts-api-reporting',
  max: 4,
});

reportingPool.on('connect', (client) => {
  client.query('SET search_path TO reporting, public'); // expect: pgbouncer/pooler-compatible-config
});
