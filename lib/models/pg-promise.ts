import type { CallSpec, LibraryModel } from './types';

/** The query methods of every pg-promise protocol object: the SQL is the first argument (text, QueryFile, `{ text }`, PreparedStatement). */
const queries: Readonly<Record<string, CallSpec>> = {
  query: { sql: { arg: 0 } },
  none: { sql: { arg: 0 } },
  one: { sql: { arg: 0 } },
  oneOrNone: { sql: { arg: 0 } },
  many: { sql: { arg: 0 } },
  manyOrNone: { sql: { arg: 0 } },
  any: { sql: { arg: 0 } },
  result: { sql: { arg: 0 } },
  multi: { sql: { arg: 0 } },
  multiResult: { sql: { arg: 0 } },
  map: { sql: { arg: 0 } },
  each: { sql: { arg: 0 } },
};

/**
 * Tasks and transactions opened on a handle that already holds a connection (a task, a transaction,
 * `sco`): they reuse it. `tx` sends `BEGIN`, or `SAVEPOINT sp_<level>_<n>` when the handle it is called
 * on is itself inside a transaction (the level lives in the handle's context, lib/task.js). So only a
 * transaction handle's `tx` is known to nest as a savepoint: `sco.tx(() => sco.tx(…))` or
 * `t.tx(() => t.tx(…))` on a plain task send a second `BEGIN` on the same connection.
 */
function onConnection(inTransaction: boolean): Readonly<Record<string, CallSpec>> {
  const self = inTransaction ? 'Tx' : 'Task';
  return {
    // Inside a transaction, a task still runs inside it.
    task: { callback: { arg: 'last', params: [self], scope: 'task' } },
    taskIf: { callback: { arg: 'last', params: [self], scope: 'task' } },
    tx: {
      callback: { arg: 'last', params: ['Tx'], scope: 'transaction' },
      ...(inTransaction ? { nesting: 'savepoint' as const } : {}),
    },
    // By default a transaction only when not in one already; inside one it joins it (no new level).
    txIf: { callback: { arg: 'last', params: ['Tx'], scope: 'transaction' } },
  };
}

/**
 * pg-promise. https://github.com/vitaly-t/pg-promise (README.md; lib/main.js, lib/database.js,
 * lib/task.js, typescript/pg-promise.d.ts; version 12.7 installed).
 *
 * - `require('pg-promise')` (CommonJS `export =`) is the library initialiser: calling it with the init
 *   options returns `pgp`, which builds nothing. `pgp(cn)` builds a `Database`, which creates its own
 *   `pg.Pool` (`db.$pool`) on construction: the engine ("you should only create a single Database
 *   object" per connection, lib/database.js; duplicates log a warning). `pgp.end()` shuts every pool down; `db.$pool.end()` one.
 * - Root query methods check a pooled connection out and back per query. `db.task(cb)` runs `cb` on one
 *   connection; `db.tx(cb)` does the same inside `BEGIN`/`COMMIT`/`ROLLBACK`. The callback is the last
 *   argument (`tx(tag | options, cb)`). `db.tx` opens a new connection, so inside another transaction's
 *   callback it is a separate transaction; `t.tx` on the transaction object nests as
 *   `SAVEPOINT sp_<level>_<n>`. No async-context magic: `db` used inside a callback is another
 *   connection (the "Chaining Queries" wiki page the README points to).
 * - `db.connect()` resolves `sco`, a dedicated connection to give back with `sco.done()`.
 */
const pgPromise: LibraryModel = {
  id: 'pg-promise',
  name: 'pg-promise',
  modules: [{ name: 'pg-promise', exports: 'Init' }],
  // A database imported from the project's own module (`const { db } = require('../db')`), known by
  // its transaction: `db.tx(async (t) => { await t.none(…); })`, or `db.tx((t) => t.batch([…]))`.
  recognisedBy: {
    shape: 'Database',
    handleChains: { method: 'tx', lastArgument: true, anyCallback: true, methods: ['none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'batch', 'multi', 'result'] },
  },
  shapes: {
    /** `module.exports`: the initialiser function (also carrying `as`, `QueryFile`, `txMode`, …). */
    Init: {
      label: 'pg-promise initialiser',
      variable: 'pgPromise',
      call: { returns: 'Main' },
      props: { PreparedStatement: 'PreparedStatementClass' },
    },
    /** `new PreparedStatement({ name, text, values })`: a named protocol-level statement. */
    PreparedStatementClass: { construct: { sql: { arg: 0 } } },
    Main: {
      label: 'pg-promise root (pgp)',
      variable: 'pgp',
      call: { returns: 'Database', createsEngine: true, config: { layout: 'pg', url: 0, options: 0 } },
      props: { pg: 'pg:module', PreparedStatement: 'PreparedStatementClass' },
      methods: { end: { effect: 'close' } },
    },
    Database: {
      label: 'pg-promise Database',
      variable: 'db',
      role: 'engine',
      // Its configuration, connection details and context (pg-promise's Database).
      inert: ['$config', '$cn', '$dc'],
      props: { $pool: 'pg:Pool' },
      // A repository the `extend` init option adds (`db.users.add(…)`), querying through `db`.
      anyProp: 'Repository',
      methods: {
        ...queries,
        connect: { resolves: 'Connected', effect: 'acquire' },
        // Each takes its own connection from the pool.
        task: { callback: { arg: 'last', params: ['Task'], scope: 'task' } },
        taskIf: { callback: { arg: 'last', params: ['Task'], scope: 'task' } },
        tx: { callback: { arg: 'last', params: ['Tx'], scope: 'transaction' }, nesting: 'separate' },
        txIf: { callback: { arg: 'last', params: ['Tx'], scope: 'transaction' }, nesting: 'separate' },
      },
    },
    Connected: {
      label: 'pg-promise connection (sco)',
      variable: 'sco',
      role: 'connection',
      methods: {
        ...queries,
        ...onConnection(false),
        done: { effect: 'release' },
      },
    },
    Repository: { label: 'pg-promise repository' },
    Task: {
      label: 'pg-promise task',
      variable: 't',
      role: 'connection',
      // Its context (`t.ctx.level`), and the repositories `extend` adds to it too (`t.users.add(…)`).
      inert: ['ctx'],
      anyProp: 'TaskRepository',
      methods: { ...queries, ...onConnection(false) },
    },
    TaskRepository: { label: 'pg-promise repository' },
    Tx: {
      label: 'pg-promise transaction',
      variable: 't',
      role: 'transaction',
      inert: ['ctx'],
      anyProp: 'TaskRepository',
      methods: { ...queries, ...onConnection(true) },
    },
    /** `IBaseProtocol`: the type of helpers that accept `db` or `t` alike; not a known role. */
    Protocol: {
      label: 'pg-promise database or task',
      methods: {
        ...queries,
        task: { callback: { arg: 'last', params: ['Task'], scope: 'task' } },
        taskIf: { callback: { arg: 'last', params: ['Task'], scope: 'task' } },
        tx: { callback: { arg: 'last', params: ['Tx'], scope: 'transaction' } },
        txIf: { callback: { arg: 'last', params: ['Tx'], scope: 'transaction' } },
      },
    },
  },
  types: {
    IMain: 'Main',
    IDatabase: 'Database',
    IConnected: 'Connected',
    // `ITask` is the parameter type of both `task` and `tx` callbacks: the dedicated-connection shape
    // is the one that holds either way.
    ITask: 'Task',
    IBaseProtocol: 'Protocol',
  },
};

export default pgPromise;
