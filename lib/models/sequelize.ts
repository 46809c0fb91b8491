import type { LibraryModel } from './types';

/**
 * Sequelize v6 (`sequelize`) and v7 (`@sequelize/core`, alpha).
 *
 * Verified against sequelize 6.37.8 (`lib/sequelize.js`, `lib/index.mjs`, `lib/transaction.js`,
 * `types/sequelize.d.ts`, `types/transaction.d.ts`) and sequelize/sequelize main at
 * 7.0.0-alpha.48 (`packages/core/src/sequelize-typescript.ts`, `sequelize.js`, `transaction.ts`,
 * `index.mjs`). Docs: https://sequelize.org/docs/v6/other-topics/transactions/ ,
 * https://sequelize.org/docs/v7/querying/transactions/
 */
const sequelize: LibraryModel = {
  id: 'sequelize',
  name: 'Sequelize',
  modules: [
    // v6: `module.exports = Sequelize` (the class), with `.Sequelize` and `.default` pointing back to
    // it; the ESM wrapper's default export is the same class (lib/index.mjs).
    { name: 'sequelize', exports: 'module' },
    // v7: the same layout (packages/core/src/index.js: `module.exports = Sequelize`, `.Sequelize`,
    // `.default`; index.mjs re-exports the default).
    { name: '@sequelize/core', exports: 'core' },
    // sequelize-typescript (v2, over sequelize v6): its `Sequelize` and `Model` extend v6's classes
    // and keep their transactions and query options (decorators aside, the same API).
    { name: 'sequelize-typescript', exports: 'typescript' },
    // NestJS's integration: `SequelizeModule.forRoot(options)` builds the application's Sequelize
    // instance as `new Sequelize(options)` (sequelize-core.module.ts); only its configuration is modelled.
    { name: '@nestjs/sequelize', exports: 'nestjs' },
    // sequelize-cli's `models/index.js` (`sequelize init`): `db.sequelize = sequelize;
    // db.Sequelize = Sequelize; module.exports = db;`, required as `require('../models')`. Only
    // those two names are given a meaning; the models it also exports stay unknown. A module the
    // team declares in settings for the same path comes first.
    { pattern: /^(?:\.{1,2}\/)+(?:[\w.-]+\/)*models(?:\/index(?:\.[cm]?js)?)?$/, exports: 'cliModels' },
  ],
  // `const t = await db.transaction()` or `db.transaction(async (t) => …)` where `db` comes from the
  // project's own module (`require('../models').sequelize` under another name): a handle given to
  // queries as their `{ transaction: t }` option is Sequelize's, the receiver a Sequelize instance.
  recognisedBy: { shape: 'Sequelize', handleChains: { method: 'transaction', lastArgument: true, option: 'transaction', awaited: true } },
  // v6 with CLS: `Sequelize.useCLS(namespace)` passes the transaction of a managed
  // `sequelize.transaction(cb)` to every query made in its callback (docs: "Automatically pass
  // transactions to all queries"). v7 does it through AsyncLocalStorage by default (no `optionsArg`
  // on its models, below).
  implicitTransactions: { call: 'useCLS' },
  // `SequelizeModule.forRootAsync({ useClass })` asks the class's `createSequelizeOptions()`.
  optionsFactories: [{ method: 'createSequelizeOptions', layout: 'sequelize-options' }],
  // @nestjs/sequelize (sequelize.decorators.ts): the connection is the last argument.
  namedInjections: [
    { module: '@nestjs/sequelize', decorator: 'InjectModel', arg: 1 },
    { module: '@nestjs/sequelize', decorator: 'InjectConnection', arg: 0 },
  ],
  shapes: {
    nestjs: { props: { SequelizeModule: 'SequelizeModule', SequelizeOptionsFactory: 'OptionsType', SequelizeModuleOptions: 'OptionsType' } },
    OptionsType: {},
    cliModels: { props: { sequelize: 'Sequelize', Sequelize: 'module' } },
    SequelizeModule: {
      methods: {
        forRoot: { config: { layout: 'sequelize-options', options: 0 } },
        forRootAsync: { config: { layout: 'sequelize-options', options: 0, factory: 'useFactory' } },
      },
    },
    module: {
      // `new Sequelize(url)`, `new Sequelize(db, user, pass, opts)`, `new Sequelize({ … })`: sets up a pool.
      construct: { returns: 'Sequelize', createsEngine: true, config: { layout: 'sequelize', url: 0, urlMaxArgs: 2, options: 'last' } },
      props: { Sequelize: 'module', Model: 'Model' },
    },
    Sequelize: {
      label: 'Sequelize instance',
      variable: 'sequelize',
      role: 'engine',
      // `new Sequelize(url, { pool: { max: 1 } })`: every query runs on the one connection of its pool.
      singleConnectionWhen: { option: 'pool.max', equals: 1 },
      // The options it was built with (`sequelize.options.dialect`, `sequelize.config.database`).
      inert: ['options', 'config'],
      props: { models: 'Models' },
      // Helpers that build SQL fragments or read the instance's own state (sequelize.js): no query.
      local: ['escape', 'literal', 'fn', 'col', 'cast', 'where', 'json', 'and', 'or', 'random', 'getDialect', 'getDatabaseName', 'getQueryInterface', 'isDefined', 'define', 'model'],
      methods: {
        // `await sequelize.transaction(opts?)` resolves an open transaction holding a pooled
        // connection; `sequelize.transaction([opts,] async t => …)` commits or rolls back itself.
        // Nested without `{ transaction: parent }` it opens an independent transaction on another
        // connection, with or without CLS (sequelize.js `transaction`, transaction.js); only an
        // explicit parent makes a savepoint.
        transaction: {
          resolves: 'Transaction',
          effect: 'begin',
          nesting: 'separate',
          callback: { arg: 'last', params: ['Transaction'], scope: 'transaction' },
        },
        // Pooled: each call takes whichever connection is free unless `{ transaction }` is passed.
        query: { sql: { arg: 0 } },
        close: { effect: 'close' },
        define: { returns: 'Model' },
        model: { returns: 'Model' },
      },
    },
    Transaction: {
      label: 'Sequelize transaction',
      variable: 't',
      role: 'transaction',
      // `finished` is 'commit' or 'rollback' once the transaction has ended.
      stateChecks: { finished: { transaction: false } },
      methods: {
        commit: { effect: 'commit' },
        rollback: { effect: 'rollback' },
        afterCommit: {},
      },
    },
    Model: {
      // The Model class and its subclasses (`class User extends Model`, `sequelize.define(…)`).
      label: 'Sequelize model',
      pooled: true,
      // Where each static method takes its options (`{ transaction: t }` joins a transaction).
      optionsArg: {
        findAll: 0, findOne: 0, findAndCountAll: 0, count: 0, findOrCreate: 0, findOrBuild: 0, destroy: 0, restore: 0, truncate: 0,
        create: 1, bulkCreate: 1, update: 1, upsert: 1, findByPk: 1, increment: 1, decrement: 1, max: 1, min: 1, sum: 1,
        findCreateFind: 0, aggregate: 2,
      },
      props: { sequelize: 'Sequelize' },
      methods: { init: { returns: 'Model' } },
    },
    Models: { anyProp: 'Model' },
    // `import { Sequelize, Model } from 'sequelize-typescript'`: `new Sequelize({ …, models })`.
    typescript: { props: { Sequelize: 'module', Model: 'Model' } },

    // v7 (@sequelize/core).
    core: {
      // `new Sequelize({ dialect: PostgresDialect, … })` builds its ReplicationPool in the constructor.
      construct: { returns: 'Sequelize7', createsEngine: true },
      props: { Sequelize: 'core', Model: 'Model7' },
    },
    Sequelize7: {
      label: 'Sequelize instance',
      variable: 'sequelize',
      role: 'engine',
      props: { models: 'Models7' },
      methods: {
        // Managed only (the no-callback form throws). The default `nestMode: reuse` joins the
        // transaction found through the built-in AsyncLocalStorage, on the same connection;
        // modelled as 'savepoint' (same connection), the closest nesting the vocabulary has.
        transaction: {
          nesting: 'savepoint',
          callback: { arg: 'last', params: ['Transaction'], scope: 'transaction' },
        },
        // Unmanaged: a new transaction (a pooled connection) unless `{ transaction: parent }` is given.
        startUnmanagedTransaction: { resolves: 'Transaction', effect: 'begin', nesting: 'separate' },
        // Scoped connection, released (or destroyed) when the callback settles.
        withConnection: { callback: { arg: 'last', params: [null], scope: 'connection' } },
        query: { sql: { arg: 0 } },
        queryRaw: { sql: { arg: 0 } },
        close: { effect: 'close' },
        define: { returns: 'Model7' },
        model: { returns: 'Model7' },
      },
    },
    Model7: {
      label: 'Sequelize model',
      props: { sequelize: 'Sequelize7' },
      methods: { init: { returns: 'Model7' } },
    },
    Models7: { anyProp: 'Model7' },
  },
  types: {
    // Types are per model, so `@sequelize/core`'s `Sequelize` type also names the v6 shape.
    Sequelize: 'Sequelize',
    Transaction: 'Transaction',
  },
};

export default sequelize;
