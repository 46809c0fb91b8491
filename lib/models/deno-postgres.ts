import type { LibraryModel, Shape } from './types';

/**
 * deno-postgres (`jsr:@db/postgres`, before that `https://deno.land/x/postgres/mod.ts`), the driver
 * of Supabase's Edge Functions examples. https://github.com/denodrivers/postgres (mod.ts, pool.ts,
 * client.ts, query/transaction.ts, connection/connection_params.ts, connection/connection.ts of 0.19).
 *
 * - `new Pool(options | url, size, lazy?)` holds `size` connections (opened at once, or on demand when
 *   `lazy`). It has no query method: `pool.connect()` hands out a `PoolClient`, which `release()`
 *   (or `using`, through `Symbol.dispose`) gives back; `pool.end()` closes them all.
 * - `new Client(options | url)` is one connection: `connect()`, queries, `end()`.
 * - Queries are `queryArray` / `queryObject`, called with text (and arguments), a `{ text, args }`
 *   object, or as a tag (`` client.queryObject`…${id}` ``). Parameters go through the unnamed
 *   prepared statement, which PgBouncer's transaction mode serves.
 * - `client.createTransaction(name, options?)` builds a transaction object and sends nothing;
 *   `begin()` sends `BEGIN` (and throws when the client already has a transaction open), `commit()`
 *   and `rollback()` end it, except `rollback(savepoint)` / `rollback({ savepoint })`, which roll
 *   back to a savepoint, and `commit({ chain: true })` / `rollback({ chain: true })`, which begin the
 *   next one. A query of the transaction (or a `savepoint()`) that fails with a PostgreSQL error ends it
 *   (it commits the aborted transaction, which rolls it back) before throwing. While it is open,
 *   only its own queries run: the client's throw.
 * - Configuration: the `applicationName` option or `application_name` in the URL; unset, the
 *   `PGAPPNAME` environment variable, else `deno_postgres`, a name every service using it shares.
 */
/** What `Client` and `PoolClient` share (client.ts's `QueryClient`): one connection and its queries. */
const QUERY_CLIENT = {
  variable: 'client',
  role: 'connection',
  inert: ['connected', 'session'],
  props: { queryArray: 'Query', queryObject: 'Query' },
} as const satisfies Partial<Shape>;

const denoPostgres: LibraryModel = {
  id: 'deno-postgres',
  name: 'deno-postgres',
  modules: [
    // `jsr:@db/postgres@0.19` and `https://deno.land/x/postgres@v0.17.0/mod.ts` both name it (see
    // packageSpecifier); `@jsr/db__postgres` is JSR's npm compatibility name.
    { name: '@db/postgres', exports: 'module' },
    { name: '@jsr/db__postgres', exports: 'module' },
  ],
  shapes: {
    module: {
      props: { Pool: 'PoolClass', Client: 'ClientClass' },
    },
    PoolClass: { construct: { returns: 'Pool', createsEngine: true, config: { layout: 'deno-postgres', url: 0, options: 0, readsEnvironment: true } } },
    ClientClass: { construct: { returns: 'Client', createsClient: true, config: { layout: 'deno-postgres', url: 0, options: 0, readsEnvironment: true } } },
    Pool: {
      label: 'deno-postgres Pool',
      variable: 'pool',
      role: 'engine',
      inert: ['available', 'size'],
      methods: {
        connect: { resolves: 'PoolClient', effect: 'acquire' },
        end: { effect: 'close' },
        initialized: {},
      },
    },
    PoolClient: {
      ...QUERY_CLIENT,
      label: 'deno-postgres PoolClient',
      methods: {
        createTransaction: { returns: 'Transaction' },
        release: { effect: 'release' },
      },
    },
    Client: {
      ...QUERY_CLIENT,
      label: 'deno-postgres Client',
      methods: {
        connect: {},
        createTransaction: { returns: 'Transaction' },
        end: { effect: 'release', endsSession: true, idempotent: true },
      },
    },
    /** `client.queryObject(text, …args)`, `client.queryObject({ text, args })` or `` client.queryObject`…` ``. */
    Query: {
      call: { sql: { arg: 0 } },
      tag: { sql: { template: true } },
    },
    Transaction: {
      label: 'deno-postgres Transaction',
      variable: 'transaction',
      inert: ['name', 'isolation_level', 'savepoints'],
      // After a failed query ended it, `rollback()` throws ("has not been started yet").
      endsItselfOnFailure: true,
      props: { queryArray: 'TransactionQuery', queryObject: 'TransactionQuery' },
      methods: {
        // BEGIN on the transaction's client: the receiver is the transaction. The client refuses a
        // second one while one is open.
        begin: { effect: 'begin', nesting: 'throws' },
        commit: { effect: 'commit', effectWithoutArguments: true },
        rollback: { effect: 'rollback', effectWithoutArguments: true },
        // Both send a statement through the transaction's own query, ended by its failure too.
        savepoint: { failureEnds: true },
        getSnapshot: { failureEnds: true },
        getSavepoint: {},
        getSavepoints: {},
      },
    },
    TransactionQuery: {
      call: { sql: { arg: 0 }, failureEnds: true },
      tag: { sql: { template: true }, failureEnds: true },
    },
  },
  types: {
    Pool: 'Pool',
    PoolClient: 'PoolClient',
    Client: 'Client',
    QueryClient: 'Client',
    Transaction: 'Transaction',
  },
};

export default denoPostgres;
