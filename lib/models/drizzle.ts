import type { CallSpec, LibraryModel, Shape, ShapeRef } from './types';

/**
 * Drizzle ORM, PostgreSQL drivers (`drizzle-orm/<driver>`), plus the `sql` template tag of
 * `drizzle-orm` (a fragment builder: it sends nothing by itself).
 *
 * Verified against drizzle-orm 0.45 (`<driver>/driver.js`, `<driver>/session.js`, `pg-core/db.d.ts`,
 * `pg-core/session.js`) and https://orm.drizzle.team/docs/transactions:
 * - `drizzle(url)` and `drizzle({ connection })` build the driver's pool (`new pg.Pool`, `postgres()`,
 *   Neon `new Pool`, `new PGlite`); `drizzle(client)` / `drizzle({ client })` wrap the caller's.
 * - `db.transaction(cb, config?)` checks a connection out of the pool (`pool.connect()`, postgres.js
 *   `sql.begin`), so calling the outer `db.transaction` inside a callback opens an independent
 *   transaction on another connection; `tx.transaction(cb)` is `savepoint spN` on the same one. (Over
 *   a single `pg.Client` instead of a pool, node-postgres runs the transaction on that shared client.)
 * - `tx.rollback()` throws `TransactionRollbackError`, which rolls the transaction back.
 * - neon-http and pg-proxy have no interactive transactions: `transaction` always throws.
 * - Drizzle has no unmanaged begin/commit API and no shutdown method of its own: the driver client is
 *   `db.$client` (`await db.$client.end()`).
 */

/** The transaction handle every driver passes to `db.transaction(async (tx) => …)`. */
const TX = 'PgTransaction';

const managedTransaction = (nesting: CallSpec['nesting']): CallSpec => ({
  callback: { arg: 0, params: [TX], scope: 'transaction' },
  nesting,
});

const query = { execute: { sql: { arg: 0 } } } satisfies Record<string, CallSpec>;

/** Query builders: `db.select()…`, `db.insert(t)…`, `db.query.users.findMany()`, ending in `.prepare(name)`. */
const BUILDERS = ['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'with', '$with'];

/** A Drizzle database over a pool: `transaction` takes its own connection, `$client` is the driver client. */
function database(label: string, client: ShapeRef | undefined, transaction: CallSpec, builder?: ShapeRef): Shape {
  const props: Record<string, ShapeRef> = {};
  if (client !== undefined) props.$client = client;
  if (builder !== undefined) props.query = `${builder}Root`;
  return {
    label,
    variable: 'db',
    role: 'engine',
    ...(Object.keys(props).length > 0 ? { props } : {}),
    methods: { ...query, transaction, ...(builder ? Object.fromEntries(BUILDERS.map((name) => [name, { returns: builder }])) : {}) },
  };
}

/** The `drizzle` function of a driver module. */
function driver(result: ShapeRef, call: Omit<CallSpec, 'returns'> = {}): Shape {
  return { call: { returns: result, ...call } };
}

/** `drizzle(url)` / `drizzle({ connection })` build a pool; `drizzle(pool)` / `drizzle({ client })` wrap one. */
const buildsPool = { createsEngine: { kind: 'unless-wraps-client', arg: 0 }, wraps: true } as const;

const drizzle: LibraryModel = {
  id: 'drizzle',
  name: 'Drizzle ORM',
  modules: [
    { name: 'drizzle-orm', exports: 'core' },
    { name: 'drizzle-orm/sql', exports: 'core' },
    { name: 'drizzle-orm/pg-core', exports: 'pgCore' },
    { name: 'drizzle-orm/node-postgres', exports: 'nodePostgres' },
    { name: 'drizzle-orm/postgres-js', exports: 'postgresJs' },
    { name: 'drizzle-orm/neon-serverless', exports: 'neonServerless' },
    { name: 'drizzle-orm/neon-http', exports: 'neonHttp' },
    { name: 'drizzle-orm/vercel-postgres', exports: 'vercelPostgres' },
    { name: 'drizzle-orm/pglite', exports: 'pglite' },
    { name: 'drizzle-orm/pg-proxy', exports: 'pgProxy' },
  ],
  shapes: {
    core: { props: { sql: 'SqlTag' } },
    pgCore: {},
    nodePostgres: { props: { drizzle: 'nodePostgresDrizzle' } },
    postgresJs: { props: { drizzle: 'postgresJsDrizzle' } },
    neonServerless: { props: { drizzle: 'neonServerlessDrizzle' } },
    neonHttp: { props: { drizzle: 'neonHttpDrizzle' } },
    vercelPostgres: { props: { drizzle: 'vercelPostgresDrizzle' } },
    pglite: { props: { drizzle: 'pgliteDrizzle' } },
    pgProxy: { props: { drizzle: 'pgProxyDrizzle' } },

    // `new pg.Pool(…)` unless given a client.
    nodePostgresDrizzle: driver('NodePgDatabase', { ...buildsPool, config: { layout: 'pg', url: 0, options: 0, at: 'connection' } }),
    // `postgres(url)` unless given a client.
    postgresJsDrizzle: driver('PostgresJsDatabase', { ...buildsPool, config: { layout: 'drizzle-postgres-js', url: 0, options: 0, at: 'connection' } }),
    // Neon's WebSocket `new Pool(…)` unless given a client: `new Pool({ connectionString: url })`,
    // or the `connection` options (drizzle-orm neon-serverless/driver.js).
    neonServerlessDrizzle: driver('NeonDatabase', { ...buildsPool, serverless: true, config: { layout: 'pg', url: 0, options: 0, at: 'connection' } }),
    // `neon(url)`: a stateless HTTP query function, no pool and no connection to keep.
    neonHttpDrizzle: driver('NeonHttpDatabase', { wraps: true }),
    // `drizzle()` uses @vercel/postgres's module-level `sql` pool; `drizzle({ client })` wraps yours
    // (a connection string is not accepted: it would be taken for a client).
    vercelPostgresDrizzle: driver('VercelPgDatabase', { wraps: true }),
    // `new PGlite(dataDir?)`: an in-process database, once per process, unless given a client.
    pgliteDrizzle: driver('PgliteDatabase', buildsPool),
    // `drizzle(async (sql, params, method) => …)`: the caller's HTTP callback, no pool.
    pgProxyDrizzle: driver('PgRemoteDatabase'),

    NodePgDatabase: database('Drizzle node-postgres database', 'pg:Pool', managedTransaction('separate'), 'NodePgQuery'),
    // On node-postgres `.prepare(name)` passes the name to pg: a named protocol-level statement.
    // (On postgres.js the driver names statements itself, governed by its `prepare` option.)
    NodePgQuery: { anyMethod: { returns: 'NodePgQuery' }, methods: { prepare: { prepares: { arg: 0 } } } },
    NodePgQueryRoot: { anyProp: 'NodePgQueryTable' },
    NodePgQueryTable: { anyMethod: { returns: 'NodePgQuery' } },
    PostgresJsDatabase: database('Drizzle postgres.js database', 'postgres-js:Sql', managedTransaction('separate')),
    NeonDatabase: database('Drizzle Neon database', 'neon:Pool', managedTransaction('separate')),
    VercelPgDatabase: database('Drizzle Vercel Postgres database', 'vercel-postgres:Pool', managedTransaction('separate')),
    // PGlite serialises transactions with a mutex: an outer `db.transaction` inside a callback waits
    // for the enclosing one (no savepoint, no second connection, no error), so no `nesting` here.
    PgliteDatabase: database('Drizzle PGlite database', undefined, {
      callback: { arg: 0, params: [TX], scope: 'transaction' },
    }),
    /** `PgDatabase` from `drizzle-orm/pg-core`: a helper parameter typed with the driver-neutral class. */
    PgDatabase: database('Drizzle database', undefined, managedTransaction('separate')),
    // One HTTP request per query (each its own session, like the `neon:HttpQuery` it wraps): engine-like
    // but cheap to build; `transaction` always throws "No transactions support in neon-http driver".
    NeonHttpDatabase: {
      label: 'Drizzle neon-http database',
      variable: 'db',
      role: 'engine',
      props: { $client: 'neon:HttpQuery' },
      methods: { ...query, transaction: { nesting: 'throws' } },
    },
    // Every query goes through the caller's callback (usually an HTTP call to a server that pools);
    // `transaction` always throws "Transactions are not supported by the Postgres Proxy driver".
    PgRemoteDatabase: {
      label: 'Drizzle pg-proxy database',
      variable: 'db',
      role: 'engine',
      methods: { ...query, transaction: { nesting: 'throws' } },
    },

    [TX]: {
      label: 'Drizzle transaction',
      variable: 'tx',
      role: 'transaction',
      methods: {
        ...query,
        // The same builders as the database's (`tx.insert(t).values(row)`), on the transaction's connection.
        ...Object.fromEntries(BUILDERS.map((name) => [name, {}])),
        transaction: managedTransaction('savepoint'),
        rollback: { effect: 'rollback' },
      },
    },

    // `` sql`…` `` and `sql.raw(text)` build an SQL fragment that `db.execute()` or a query builder sends.
    SqlTag: {
      label: 'Drizzle sql tag',
      tag: { returns: 'SQL' },
      methods: { raw: { returns: 'SQL' } },
    },
    SQL: { label: 'Drizzle SQL fragment' },
  },
  // `db.transaction(async (tx) => { await tx.insert(orders).values(row); … })` where `db` comes
  // from the project's own `db` module: the handle's builder chains say Drizzle, and the receiver
  // a Drizzle database over a pool (its driver is in the other module).
  recognisedBy: {
    shape: 'PgDatabase',
    handleChains: {
      method: 'transaction',
      chains: [
        ['insert', 'values', 0],
        ['update', 'set', 0],
        ['delete', 'where', 0],
        ['select', 'from', 1],
        ['selectDistinct', 'from', 1],
      ],
    },
  },
  types: {
    NodePgDatabase: 'NodePgDatabase',
    NodePgTransaction: TX,
    PostgresJsDatabase: 'PostgresJsDatabase',
    PostgresJsTransaction: TX,
    NeonDatabase: 'NeonDatabase',
    // Both `drizzle-orm/neon-serverless` and `drizzle-orm/neon-http` name theirs `NeonTransaction`.
    NeonTransaction: TX,
    NeonHttpDatabase: 'NeonHttpDatabase',
    VercelPgDatabase: 'VercelPgDatabase',
    VercelPgTransaction: TX,
    PgliteDatabase: 'PgliteDatabase',
    PgliteTransaction: TX,
    PgRemoteDatabase: 'PgRemoteDatabase',
    PgDatabase: 'PgDatabase',
    PgTransaction: TX,
  },
};

export default drizzle;
