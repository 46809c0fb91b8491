import postgres from 'postgres';

export const sql = postgres(process.env.DATABASE_URL!, {
  prepare: false,
  max: 10,
  connection: { application_name: 'keys-api' },
});

export const legacySql = postgres(process.env.LEGACY_DATABASE_URL!, { max: 5 }); // expect: pgbouncer/pooler-compatible-config, pgbouncer/require-application-name

export const searchSql = postgres({
  host: 'pgbouncer.internal',
  port: 6432,
  database: 'search',
  prepare: false,
  connection: {
    application_name: 'keys-api-search',
    search_path: 'search,public', // expect: pgbouncer/pooler-compatible-config
  },
});
