import type { LibraryModel } from './types';

/**
 * Knex (`knex`) and the transaction helpers of Objection.js (`objection`), whose transactions are
 * plain Knex transactions.
 *
 * Verified against knex 3.3.0 (`knex.js`, `knex.mjs`, `lib/knex-builder/Knex.js`,
 * `lib/knex-builder/make-knex.js`, `lib/execution/transaction.js`, `types/index.d.ts`) and
 * objection 3.1.5 (`lib/model/Model.js`, `typings/objection/index.d.ts`).
 * Docs: https://knexjs.org/guide/ , https://knexjs.org/guide/transactions.html ,
 * https://vincit.github.io/objection.js/guide/transactions.html
 */
const knex: LibraryModel = {
  id: 'knex',
  name: 'Knex',
  modules: [
    // CommonJS `module.exports` is the factory itself, with `.knex` and `.default` pointing back to
    // it (knex.js); the ESM wrapper exports `knex` and `default` (knex.mjs). So the namespace, the
    // default import and the named import are all the factory.
    { name: 'knex', exports: 'module' },
    { name: 'objection', exports: 'objection' },
  ],
  // `db.transaction(async (trx) => { await trx('orders').insert(row); … })` where `db` comes from
  // the project's own module: a handle called with a table name, or given to a query's
  // `.transacting(trx)`, is a Knex transaction, the receiver a Knex instance.
  recognisedBy: { shape: 'Knex', handleChains: { method: 'transaction', called: true, argumentOf: 'transacting' } },
  shapes: {
    module: {
      // `knex(cfg)`, `Knex(cfg)`, `require('knex')(cfg)`: builds a client with its own tarn pool.
      // A pool only with a `connection`: `knex({ client: 'pg' })` alone builds SQL strings.
      call: {
        returns: 'Knex',
        createsEngine: { kind: 'with-option', arg: 0, option: 'connection' },
        config: { layout: 'knex', url: 0, options: 0 },
      },
      props: { knex: 'module', default: 'module' },
    },
    Knex: {
      label: 'Knex instance',
      variable: 'db',
      role: 'engine',
      // `knex({ …, pool: { min: 1, max: 1 } })`: every query runs on the one connection of its pool.
      singleConnectionWhen: { option: 'pool.max', equals: 1 },
      // `db('users')`: a query builder of the existing instance, not a new engine.
      call: { returns: 'QueryBuilder' },
      // `knex.fn.now()`, `knex.fn.uuid()` build SQL fragments; `userParams` is the caller's own data.
      inert: ['fn', 'userParams'],
      props: { schema: 'SchemaBuilder' },
      methods: {
        // `await db.transaction()` resolves an open transaction (a dedicated pooled connection
        // until commit/rollback); `db.transaction(async trx => …)` commits or rolls back itself.
        // Called inside another transaction's callback it opens a new top-level transaction on
        // another pooled connection.
        transaction: {
          resolves: 'Transaction',
          effect: 'begin',
          nesting: 'separate',
          callback: { arg: 0, params: ['Transaction'], scope: 'transaction' },
        },
        // Returns a function that starts the transaction lazily on its first call.
        transactionProvider: { returns: 'TransactionProvider' },
        raw: { returns: 'Raw', sql: { arg: 0 } },
        queryBuilder: { returns: 'QueryBuilder' },
        // A shallow clone sharing the same client and pool (make-knex.js), not a new engine.
        withUserParams: { returns: 'Knex' },
        destroy: { effect: 'close' },
      },
    },
    Transaction: {
      // A "transactor": a full knex instance bound to one connection (transaction.js makeTransactor).
      label: 'Knex transaction',
      variable: 'trx',
      role: 'transaction',
      stateChecks: { isCompleted: { transaction: false } },
      call: { returns: 'QueryBuilder' },
      props: { schema: 'SchemaBuilder' },
      methods: {
        commit: { effect: 'commit' },
        rollback: { effect: 'rollback' },
        // `trx.transaction(…)` / `trx.savepoint(…)` ("just sugar") nest as SAVEPOINT on the same
        // connection; without a callback they resolve the nested (savepoint) transaction.
        transaction: {
          resolves: 'Transaction',
          effect: 'begin',
          nesting: 'savepoint',
          callback: { arg: 0, params: ['Transaction'], scope: 'transaction' },
        },
        savepoint: {
          resolves: 'Transaction',
          effect: 'begin',
          nesting: 'savepoint',
          callback: { arg: 0, params: ['Transaction'], scope: 'transaction' },
        },
        raw: { returns: 'Raw', sql: { arg: 0 } },
        queryBuilder: { returns: 'QueryBuilder' },
        isCompleted: {},
      },
    },
    TransactionProvider: {
      // `const trx = await provider()`: the first call begins the transaction, later calls resolve
      // the same one; it must still be committed or rolled back.
      label: 'Knex transaction provider',
      call: { resolves: 'Transaction', effect: 'begin' },
    },
    QueryBuilder: {
      label: 'Knex query builder',
      methods: {
        // `.transacting(trx)` runs the query on the transaction's connection instead of the pool.
        transacting: { returns: 'QueryBuilder', wraps: true },
      },
    },
    Raw: {
      label: 'Knex raw query',
      methods: {
        transacting: { returns: 'Raw', wraps: true },
      },
    },
    SchemaBuilder: {
      label: 'Knex schema builder',
      methods: {
        raw: { returns: 'SchemaBuilder', sql: { arg: 0 } },
        transacting: { returns: 'SchemaBuilder', wraps: true },
      },
    },

    // Objection.js: `module.exports = { Model, transaction, … }` (lib/objection.js).
    objection: {
      props: { Model: 'ObjectionModel', transaction: 'ObjectionTransaction' },
    },
    ObjectionModel: {
      // The Model class (and subclasses: `class Person extends Model`).
      label: 'Objection Model',
      // `Person.query()` queries through the knex instance the class is bound to (a pool);
      // `Person.query(trx)` through what it is given, as does a class bound to it
      // (`Person.bindTransaction(trx)`, `Person.bindKnex(trx)`). Its other statics (`fromJson`, a
      // model's own) are not taken to query.
      pooled: true,
      handleArg: { query: 0, relatedQuery: 1, bindKnex: 0, bindTransaction: 0 },
      methods: {
        // `Model.knex()` returns the bound Knex instance (`Model.knex(db)` binds it).
        knex: { returns: 'Knex' },
        // `Model.startTransaction(knexOrTrx?)` = `transaction.start(…)`: resolves a knex transaction.
        startTransaction: { resolves: 'Transaction', effect: 'begin' },
        // `Model.transaction([knexOrTrx,] cb)` = `(knexOrTrx || Model.knex()).transaction(cb)`:
        // a new transaction on another connection unless a transaction is passed first (savepoint).
        transaction: {
          nesting: 'separate',
          callback: { arg: 'last', params: ['Transaction'], scope: 'transaction' },
        },
        bindKnex: { returns: 'ObjectionModel' },
        bindTransaction: { returns: 'ObjectionModel' },
      },
    },
    ObjectionTransaction: {
      // `transaction(knex, async trx => …)` or `transaction(Model1, Model2, async (M1, M2, trx) => …)`:
      // the position of `trx` depends on the form, so the parameters are left unknown.
      label: 'Objection transaction',
      call: {
        nesting: 'separate',
        callback: { arg: 'last', params: [], scope: 'transaction' },
      },
      methods: {
        start: { resolves: 'Transaction', effect: 'begin' },
      },
    },
  },
  types: {
    Knex: 'Knex',
    'Knex.Transaction': 'Transaction',
    'Knex.TransactionProvider': 'TransactionProvider',
    'Knex.QueryBuilder': 'QueryBuilder',
    'Knex.SchemaBuilder': 'SchemaBuilder',
    // knex < 0.95 typings (`import Knex from 'knex'`, `Knex.Transaction`) and objection's
    // `Transaction` (= `Knex.Transaction`).
    '': 'Knex',
    Transaction: 'Transaction',
  },
};

export default knex;
