import type { CallSpec, LibraryModel } from './types';

/**
 * postgres.js (`postgres`). https://github.com/porsager/postgres#readme
 *
 * Verified against postgres 3.4.9 (`src/index.js`, `src/connection.js`, `types/index.d.ts`):
 * - `postgres(url?, options?)` returns `sql`, a pool (`max` connections, opened lazily) that is both a
 *   template tag (`` sql`select …` `` queries it) and an object. ESM `export default`, CommonJS
 *   `module.exports = Postgres`, types `export = postgres`.
 * - `sql.begin([options,] async (sql) => …)` reserves a connection, sends `begin`, runs the callback
 *   with a scoped `TransactionSql`, then `commit` (or `rollback` on error). The scoped instance has
 *   `savepoint([name,] fn)` and no `begin`; calling the outer `sql.begin` inside opens an independent
 *   transaction on another connection.
 * - `await sql.reserve()` checks a connection out (`ReservedSql`) until `reserved.release()`. At
 *   runtime a reserved instance only has the query helpers and `release` (not `begin`/`end`, whatever
 *   the `.d.ts` says), and is the place where a raw `` reserved`begin` `` is allowed: on the pool it
 *   fails with `UNSAFE_TRANSACTION` unless `max: 1`.
 * - `sql.unsafe(text, params?)` sends SQL text; `await sql.end({ timeout })` closes the pool.
 * - `sql.listen(channel, fn)` opens one extra dedicated connection for LISTEN (a session feature).
 */

const queries = { unsafe: { sql: { arg: 0 } } } satisfies Record<string, CallSpec>;

const postgresJs: LibraryModel = {
  id: 'postgres-js',
  name: 'postgres.js',
  modules: [{ name: 'postgres', exports: 'postgres' }],
  shapes: {
    postgres: { call: { returns: 'Sql', createsEngine: true, config: { layout: 'postgres-js', url: 0, options: 'last', readsEnvironment: true } } },
    Sql: {
      label: 'postgres.js pool',
      variable: 'sql',
      role: 'engine',
      singleConnectionWhen: { option: 'max', equals: 1 },
      // The options it was built with (`sql.options.max`) and the server's parameters.
      inert: ['options', 'parameters'],
      tag: { sql: { template: true } },
      methods: {
        ...queries,
        begin: {
          callback: { arg: 'last', params: ['TransactionSql'], scope: 'transaction' },
          nesting: 'separate',
        },
        reserve: { resolves: 'ReservedSql', effect: 'acquire' },
        // LISTEN on a dedicated connection postgres.js opens for it (a session feature, no lifecycle).
        listen: { session: 'LISTEN' },
        end: { effect: 'close' },
      },
    },
    TransactionSql: {
      label: 'postgres.js transaction',
      variable: 'tx',
      role: 'transaction',
      tag: { sql: { template: true } },
      methods: {
        ...queries,
        savepoint: {
          callback: { arg: 'last', params: ['TransactionSql'], scope: 'transaction' },
          nesting: 'savepoint',
        },
      },
    },
    ReservedSql: {
      label: 'postgres.js reserved connection',
      variable: 'reserved',
      role: 'connection',
      tag: { sql: { template: true } },
      methods: {
        ...queries,
        release: { effect: 'release' },
      },
    },
  },
  types: {
    Sql: 'Sql',
    TransactionSql: 'TransactionSql',
    ReservedSql: 'ReservedSql',
  },
};

export default postgresJs;
