import type { CallSpec, LibraryModel, ShapeRef } from './types';

/**
 * Kysely (`kysely`). https://kysely.dev/docs/category/transactions
 *
 * Verified against kysely 0.28.19 (`dist/esm/kysely.js`, `kysely.d.ts`, `raw-builder/sql.d.ts`,
 * `dialect/postgres/postgres-driver.js`) and the 0.29 source (kysely-org/kysely `src/kysely.ts`):
 * - `new Kysely({ dialect: new PostgresDialect({ pool }) })`: "you should only create a single Kysely
 *   instance per database"; `db.destroy()` ends the pool (also `await using`).
 * - `db.transaction()` / `db.startTransaction()` / `db.connection()` return builders; nothing runs until
 *   `.execute(…)`. The managed `transaction().execute(async (trx) => …)` checks a connection out, sends
 *   `begin`, and commits (or rolls back on a throw); the controlled `startTransaction().execute()`
 *   resolves to a `ControlledTransaction` that holds its connection until `trx.commit().execute()` or
 *   `trx.rollback().execute()`; `connection().execute(async (db) => …)` pins one connection for the
 *   callback. Called on the outer `db` inside a callback, each takes another pooled connection.
 * - `Transaction` overrides `transaction()`, `connection()` and `destroy()` to throw ("calling the
 *   transaction method for a Transaction is not supported"), and since 0.29.0 `startTransaction()` too
 *   (kysely-org/kysely `src/kysely.ts`); up to 0.28 `trx.startTransaction().execute()` sent a second
 *   `begin` on the transaction's own connection (a no-op whose commit ends the outer transaction).
 * - `` sql`…` `` (and `sql.raw(text)`) build a `RawBuilder` that runs with `.execute(db | trx)`.
 * - `new PostgresDialect({ pool, onCreateConnection, onReserveConnection })`: the driver calls
 *   `onCreateConnection(connection)` the first time it sees a pg client, and `onReserveConnection`
 *   at every checkout (`postgres-driver.js` acquireConnection); the hooks send SQL with
 *   `connection.executeQuery(CompiledQuery.raw(text))`.
 */

/** `trx.selectFrom('t')…`: the query builders an instance and a transaction share. */
const QUERY_BUILDERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'selectNoFrom', 'with', 'withRecursive'];

const derived = (shape: ShapeRef): Record<string, CallSpec> => ({
  withPlugin: { returns: shape },
  withoutPlugins: { returns: shape },
  withSchema: { returns: shape },
  withTables: { returns: shape },
});

const kysely: LibraryModel = {
  id: 'kysely',
  name: 'Kysely',
  modules: [{ name: 'kysely', exports: 'module' }],
  // `db.transaction().execute(async (trx) => { await trx.insertInto('orders').values(row)… })` where
  // `db` comes from the project's own module: the handle's query methods are Kysely's alone.
  recognisedBy: {
    shape: 'Kysely',
    handleChains: { method: 'transaction', execute: 'execute', methods: ['insertInto', 'selectFrom', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'] },
  },
  shapes: {
    module: {
      props: { Kysely: 'KyselyClass', sql: 'SqlTag', PostgresDialect: 'PostgresDialectClass' },
    },
    // Its hooks run statements on each new connection and each checkout (see CONFIG_LAYOUTS).
    PostgresDialectClass: { construct: { config: { layout: 'kysely-postgres-dialect', options: 0 } } },
    KyselyClass: { construct: { returns: 'Kysely', createsEngine: { kind: 'unless-shares-pool', arg: 0 } } },
    Kysely: {
      label: 'Kysely instance',
      variable: 'db',
      role: 'engine',
      // `db.fn.count(…)`, `db.dynamic.ref(…)` build expressions; `isTransaction` is a flag.
      inert: ['fn', 'dynamic', 'isTransaction'],
      methods: {
        ...derived('Kysely'),
        transaction: { returns: 'TransactionBuilder', nesting: 'separate' },
        startTransaction: { returns: 'ControlledTransactionBuilder', nesting: 'separate' },
        connection: { returns: 'ConnectionBuilder' },
        destroy: { effect: 'close' },
      },
    },
    TransactionBuilder: {
      methods: {
        setIsolationLevel: { returns: 'TransactionBuilder' },
        setAccessMode: { returns: 'TransactionBuilder' },
        execute: { callback: { arg: 0, params: ['Transaction'], scope: 'transaction' } },
      },
    },
    ControlledTransactionBuilder: {
      methods: {
        setIsolationLevel: { returns: 'ControlledTransactionBuilder' },
        setAccessMode: { returns: 'ControlledTransactionBuilder' },
        execute: { resolves: 'ControlledTransaction', effect: 'begin' },
      },
    },
    ConnectionBuilder: {
      methods: {
        execute: { callback: { arg: 0, params: ['ConnectionKysely'], scope: 'connection' } },
      },
    },
    /** The `Kysely` passed to `db.connection().execute(async (db) => …)`: every query on one connection. */
    ConnectionKysely: {
      label: 'Kysely single-connection instance',
      variable: 'db',
      role: 'connection',
      methods: {
        ...derived('ConnectionKysely'),
        transaction: { returns: 'TransactionBuilder' },
        startTransaction: { returns: 'ControlledTransactionBuilder' },
        connection: { returns: 'ConnectionBuilder' },
      },
    },
    Transaction: {
      label: 'Kysely transaction',
      variable: 'trx',
      role: 'transaction',
      methods: {
        ...derived('Transaction'),
        // The same query builders as the instance's, on the transaction's connection.
        ...Object.fromEntries(QUERY_BUILDERS.map((name) => [name, {}])),
        transaction: { nesting: 'throws' },
        startTransaction: { nesting: 'throws' },
      },
    },
    ControlledTransaction: {
      label: 'Kysely controlled transaction',
      variable: 'trx',
      role: 'transaction',
      methods: {
        ...derived('ControlledTransaction'),
        // Both return a `Command` that does the work on `.execute()`.
        commit: { effect: 'commit', returns: 'Command' },
        rollback: { effect: 'rollback', returns: 'Command' },
        savepoint: { returns: 'SavepointCommand' },
        rollbackToSavepoint: { returns: 'SavepointCommand' },
        releaseSavepoint: { returns: 'SavepointCommand' },
        transaction: { nesting: 'throws' },
        startTransaction: { nesting: 'throws' },
      },
    },
    /** `trx.commit()` / `trx.rollback()`: runs on `.execute()`. */
    Command: { methods: { execute: {} } },
    SavepointCommand: {
      methods: { execute: { resolves: 'ControlledTransaction' } },
    },
    /**
     * `` sql`…`.execute(db) ``: the template is the SQL, sent when the builder is executed (on the
     * handle passed to `.execute`); as a fragment inside a query builder it is part of that query.
     */
    SqlTag: {
      label: 'Kysely sql tag',
      tag: { sql: { template: true } },
      methods: { raw: { sql: { arg: 0 } } },
    },
  },
  types: {
    Kysely: 'Kysely',
    Transaction: 'Transaction',
    ControlledTransaction: 'ControlledTransaction',
  },
};

export default kysely;
