import type { CallSpec, LibraryModel } from './types';

/** `CommonQueryMethods`: each takes a `sql` token (`` sql.typeAlias('x')`…` ``, `` sql.unsafe`…` ``) first. */
const queries: Readonly<Record<string, CallSpec>> = {
  query: { sql: { arg: 0 } },
  any: { sql: { arg: 0 } },
  anyFirst: { sql: { arg: 0 } },
  exists: { sql: { arg: 0 } },
  many: { sql: { arg: 0 } },
  manyFirst: { sql: { arg: 0 } },
  maybeOne: { sql: { arg: 0 } },
  maybeOneFirst: { sql: { arg: 0 } },
  one: { sql: { arg: 0 } },
  oneFirst: { sql: { arg: 0 } },
  record: { sql: { arg: 0 } },
  stream: { sql: { arg: 0 } },
};

/** `transaction(handler, transactionRetryLimit?)`: `START TRANSACTION` … `COMMIT`/`ROLLBACK` around the handler. */
function transaction(nesting?: CallSpec['nesting']): CallSpec {
  return {
    callback: { arg: 0, params: ['Transaction'], scope: 'transaction' },
    ...(nesting ? { nesting } : {}),
  };
}

/**
 * Slonik. https://github.com/gajus/slonik (README.md; packages/slonik/src/index.ts, types.ts,
 * factories/createPool.ts, binders/*.ts, connectionMethods/transaction.ts and nestedTransaction.ts;
 * read at v49.10.7). ESM only.
 *
 * - `await createPool(uri, options?)` is async (it builds the driver and warms the pool up) and resolves
 *   the `DatabasePool`: the engine. `pool.end()` closes it.
 * - Connections exist only inside `pool.connect(async (connection) => …)`, released when the routine
 *   settles; there is no acquire/release pair to get wrong.
 * - `pool.transaction(async (t) => …)` takes a new connection (a separate transaction even inside
 *   another one); `connection.transaction(…)` on a connection already in a transaction throws
 *   ("Cannot use the same connection to start a new transaction before completing the last
 *   transaction"); `t.transaction(…)` nests as `SAVEPOINT slonik_savepoint_<depth>`. Transactions
 *   failing with a class 40 error are retried (`transactionRetryLimit`, default 5).
 * - `sql` is the query-building tag object (`sql.typeAlias`, `sql.type`, `sql.unsafe`, `sql.fragment`,
 *   …); it builds tokens and sends nothing.
 */
const slonik: LibraryModel = {
  id: 'slonik',
  name: 'Slonik',
  modules: [{ name: 'slonik', exports: 'module' }],
  shapes: {
    module: {
      props: {
        createPool: 'createPoolFunction',
        sql: 'Sql',
        createSqlTag: 'createSqlTagFunction',
      },
    },
    // The pg driver gives pg the URL's parameters, undefined where it names none, and pg reads those
    // from the `PG*` environment variables: `createPool('postgresql://')` is configured there.
    createPoolFunction: { call: { resolves: 'Pool', createsEngine: true, config: { layout: 'slonik', url: 0, options: 1, readsEnvironment: true } } },
    createSqlTagFunction: { call: { returns: 'Sql' } },
    // `` sql.prepared(name, schema)`…` ``: a query sent as a named prepared statement.
    Sql: { label: 'slonik sql tag', methods: { prepared: { prepares: { arg: 0 } } } },
    Pool: {
      label: 'slonik DatabasePool',
      variable: 'pool',
      role: 'engine',
      // `createPool(uri, { maximumPoolSize: 1 })` keeps one connection (types.ts ClientConfiguration).
      singleConnectionWhen: { option: 'maximumPoolSize', equals: 1 },
      methods: {
        ...queries,
        connect: { callback: { arg: 0, params: ['PoolConnection'], scope: 'connection' } },
        transaction: transaction('separate'),
        end: { effect: 'close' },
      },
    },
    PoolConnection: {
      label: 'slonik DatabasePoolConnection',
      variable: 'connection',
      role: 'connection',
      methods: { ...queries, transaction: transaction('throws') },
    },
    Transaction: {
      label: 'slonik DatabaseTransactionConnection',
      variable: 'transactionConnection',
      role: 'transaction',
      methods: { ...queries, transaction: transaction('savepoint') },
    },
    /**
     * `DatabaseConnection` = `DatabasePool | DatabasePoolConnection`: the type of query helpers that
     * accept either (README "Repeating code patterns"). Neither role holds for every caller.
     */
    AnyConnection: {
      label: 'slonik DatabaseConnection',
      variable: 'connection',
      methods: { ...queries, transaction: transaction() },
    },
  },
  types: {
    DatabasePool: 'Pool',
    DatabasePoolConnection: 'PoolConnection',
    DatabaseTransactionConnection: 'Transaction',
    DatabaseConnection: 'AnyConnection',
  },
};

export default slonik;
