import pgPromise from 'pg-promise';

const pgp = pgPromise({ capSQL: true });

export const db = pgp({
  connectionString: process.env.DATABASE_URL,
  application_name: 'blog-api',
  max: 10,
});

export const reportsDb = pgp({
  connectionString: process.env.REPORTS_DATABASE_URL,
  application_name: 'blog-api-reports',
  statement_timeout: 30000, // expect: pgbouncer/pooler-compatible-config
  query_timeout: 30000,
});

export const legacyDb = pgp('postgres://blog@pgbouncer.internal:6432/blog?options=-c%20search_path%3Dlegacy&application_name=blog-api-legacy'); // expect: pgbouncer/pooler-compatible-config

export { pgp };
