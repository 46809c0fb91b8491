import { nodePostgresApi } from './node-postgres-api';
import type { LibraryModel } from './types';

const api = nodePostgresApi(
  { pool: 'VercelPool', poolClient: 'VercelPoolClient', client: 'VercelClient' },
  { pool: { sql: 'PoolSqlTag' }, poolClient: { sql: 'ClientSqlTag' }, client: { sql: 'ClientSqlTag' } },
);

/**
 * Vercel Postgres (`@vercel/postgres`, deprecated in favour of `@neondatabase/serverless`), a thin
 * layer over Neon's driver. https://github.com/vercel/storage/tree/main/packages/postgres (README.md,
 * src/create-pool.ts, src/create-client.ts, src/index.ts; read from the installed dist/ bundle).
 *
 * - `sql` (and its alias `db`) is a module-level, lazily created `VercelPool` behind a Proxy that is
 *   also callable as a template tag: `` sql`…` `` forwards to `pool.sql`, every other property to the pool
 *   (`sql.connect()`, `sql.query()`, `sql.end()`). Importing it builds nothing per request.
 * - `createPool(cfg)` / `new VercelPool(cfg)` build a Neon WebSocket pool (on the edge runtime with
 *   `maxUses: 1`); `createClient(cfg)` / `new VercelClient(cfg)` a single client to `connect()`/`end()`.
 * - `pool.sql` / `client.sql` are template tags: the pool's goes through Neon's HTTP query function (one
 *   request per query, no session: an engine-like target), the client's runs on that client. They are
 *   modelled as properties because the tracker resolves a tag through the value of `x.sql`.
 * - `Pool` / `Client` are Neon's classes re-exported (`neon:` shapes).
 */
const vercelPostgres: LibraryModel = {
  id: 'vercel-postgres',
  name: 'Vercel Postgres',
  serverless: true,
  modules: [{ name: '@vercel/postgres', exports: 'module' }],
  shapes: {
    module: {
      props: {
        sql: 'DefaultPool',
        db: 'DefaultPool',
        createPool: 'createPoolFunction',
        createClient: 'createClientFunction',
        VercelPool: 'PoolClass',
        VercelClient: 'ClientClass',
        Pool: 'neon:PoolClass',
        Client: 'neon:ClientClass',
      },
    },
    createPoolFunction: { call: { returns: 'Pool', createsEngine: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    createClientFunction: { call: { returns: 'Client', createsClient: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    PoolClass: { construct: { returns: 'Pool', createsEngine: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    ClientClass: { construct: { returns: 'Client', createsClient: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    DefaultPool: {
      label: '@vercel/postgres sql',
      variable: 'sql',
      role: 'engine',
      tag: { sql: { template: true } },
      methods: api.Pool.methods,
      props: { sql: 'PoolSqlTag' },
    },
    Pool: api.Pool,
    /** `` pool.sql`…` ``: each query is one Neon HTTP request (`neon(connectionString)(query, params)`). */
    PoolSqlTag: {
      label: 'VercelPool sql tag',
      role: 'engine',
      tag: { sql: { template: true } },
    },
    PoolClient: api.PoolClient,
    Client: api.Client,
    /** `` client.sql`…` ``: `this.query(text, params)` on that client's own connection. */
    ClientSqlTag: {
      label: 'VercelClient sql tag',
      role: 'connection',
      tag: { sql: { template: true } },
    },
  },
  types: {
    VercelPool: 'Pool',
    VercelPoolClient: 'PoolClient',
    VercelClient: 'Client',
    Pool: 'neon:Pool',
    Client: 'neon:Client',
  },
};

export default vercelPostgres;
