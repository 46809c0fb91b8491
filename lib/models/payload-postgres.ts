import type { LibraryModel } from './types';

/**
 * Payload CMS's PostgreSQL adapter, `@payloadcms/db-postgres` (Payload 2 and 3).
 * https://payloadcms.com/docs/database/postgres, https://github.com/payloadcms/payload
 * (packages/db-postgres/src/index.ts and types.ts, packages/drizzle/src/postgres/connect.ts).
 *
 * - `buildConfig({ db: postgresAdapter({ pool: { connectionString: process.env.DATABASE_URI } }) })`:
 *   `pool` (required) is node-postgres's `PoolConfig`, handed as it is to the `new pg.Pool(pool)`
 *   the adapter builds once, when Payload starts; so its configuration is pg's, and
 *   `application_name` (or an `options: '-c …'` startup parameter) goes there.
 * - The adapter itself builds nothing until Payload connects it, once per process: no engine for
 *   `no-engine-per-request` to judge.
 * - Its queries go through Drizzle on that pool (unnamed statements), and its transactions
 *   (`req.transactionID`) check a client out of it: not modelled here.
 */
const payloadPostgres: LibraryModel = {
  id: 'payload-postgres',
  name: 'Payload Postgres adapter',
  modules: [{ name: '@payloadcms/db-postgres', exports: 'module' }],
  shapes: {
    module: { props: { postgresAdapter: 'PostgresAdapter' } },
    PostgresAdapter: { call: { config: { layout: 'pg', options: 0, at: 'pool' } } },
  },
};

export default payloadPostgres;
