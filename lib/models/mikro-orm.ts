import type { CallSpec, LibraryModel } from './types';

/**
 * MikroORM (`@mikro-orm/core` and the SQL driver packages that re-export it).
 * https://mikro-orm.io/docs/transactions, https://mikro-orm.io/docs/identity-map
 *
 * Verified against @mikro-orm/core 6.6 (`MikroORM.js`, `EntityManager.js`, `utils/TransactionManager.js`)
 * and mikro-orm/mikro-orm v7 sources (`packages/sql/src/{AbstractSqlConnection,SqlEntityManager,index}.ts`,
 * `packages/postgresql/src/index.ts`):
 * - `await MikroORM.init(options)`, `new MikroORM(options)` (and v6 `MikroORM.initSync`) build the driver
 *   and its pool: once per process; `await orm.close()` shuts it down.
 * - `orm.em` is the global EntityManager; `em.fork()` is a new identity map / unit of work over the
 *   same pool, the documented per-request pattern: NOT an engine, and not a connection either.
 * - `em.transactional(async (em) => …, options?)` runs the callback with a new transactional fork; the
 *   default propagation is `NESTED`: a savepoint when the receiver already has a transaction. The
 *   global `orm.em` finds it through the async context (`getContext()`), so it nests as a savepoint
 *   even when called on the outer `orm.em`; a fork (`useContext: false`) does not: its own
 *   `transactional` inside another fork's callback is a separate transaction on another connection,
 *   and its queries run outside the callback's transaction.
 * - `em.begin()` binds a new transaction to the receiver EntityManager (a new top-level one unless
 *   `{ ctx }` names the parent), `em.commit()` flushes then commits, `em.rollback()` rolls back.
 * - `em.execute(sql)` (SqlEntityManager) runs raw SQL in the em's transaction context, if any;
 *   `em.getConnection().execute(sql)` runs it on the pool unless a `ctx` argument is passed.
 * - `@mikro-orm/postgresql` (and v6 `@mikro-orm/knex`, v7 `@mikro-orm/sql`) re-export core with
 *   `EntityManager` = `SqlEntityManager` and a driver-bound `MikroORM`; v7 `@mikro-orm/sql` also
 *   re-exports kysely's `Kysely`.
 * - Configuration: `MikroORM.init(options)`, `new MikroORM(options)`, `defineConfig(options)` (an identity
 *   function giving the options their type, usually in `mikro-orm.config.ts`), and `@mikro-orm/nestjs`'s
 *   `MikroOrmModule.forRoot(options)` / `forRootAsync({ useFactory })` or an options class's
 *   `createMikroOrmOptions()`. From `@mikro-orm/postgresql` they are PostgreSQL's; from `@mikro-orm/core`,
 *   the SQL packages or NestJS only with `driver: PostgreSqlDriver` (v4-5: `type: 'postgresql'`). See
 *   CONFIG_LAYOUTS (lib/models/config.ts) for where the application name goes.
 */

/** The methods of every EntityManager; `transactional` nests as given. */
const entityManager = (transactional: CallSpec['nesting']): Record<string, CallSpec> => ({
  fork: { returns: 'ForkedEntityManager' },
  transactional: {
    callback: { arg: 0, params: ['TransactionalEntityManager'], scope: 'transaction' },
    nesting: transactional,
  },
  // The transaction is bound to the receiver (the em), like raw BEGIN on a client: a new top-level
  // transaction on another connection unless `{ ctx }` names the parent.
  begin: { effect: 'begin', nesting: 'separate' },
  commit: { effect: 'commit' },
  rollback: { effect: 'rollback' },
  execute: { sql: { arg: 0 } },
  getConnection: { returns: 'Connection' },
});

const mikroOrm: LibraryModel = {
  id: 'mikro-orm',
  name: 'MikroORM',
  optionsFactories: [{ method: 'createMikroOrmOptions', layout: 'mikro-orm' }],
  // @mikro-orm/nestjs (mikro-orm.common.ts): the context name of a `contextName` registration.
  namedInjections: [
    { module: '@mikro-orm/nestjs', decorator: 'InjectRepository', arg: 1 },
    { module: '@mikro-orm/nestjs', decorator: 'InjectEntityManager', arg: 0 },
    { module: '@mikro-orm/nestjs', decorator: 'InjectMikroORM', arg: 0 },
  ],
  modules: [
    { name: '@mikro-orm/core', exports: 'module' },
    { name: '@mikro-orm/postgresql', exports: 'postgresqlModule' },
    { name: '@mikro-orm/knex', exports: 'sqlModule' },
    { name: '@mikro-orm/sql', exports: 'sqlModule' },
    // NestJS's integration: only its configuration is modelled (the ORM reaches services by injection).
    { name: '@mikro-orm/nestjs', exports: 'nestjs' },
  ],
  shapes: {
    module: {
      props: { MikroORM: 'MikroORMClass', defineConfig: 'defineConfig' },
    },
    sqlModule: {
      props: { MikroORM: 'MikroORMClass', defineConfig: 'defineConfig', Kysely: 'kysely:KyselyClass' },
    },
    postgresqlModule: {
      props: {
        MikroORM: 'PostgreSqlMikroORMClass',
        PostgreSqlMikroORM: 'PostgreSqlMikroORMClass',
        defineConfig: 'defineConfigPostgreSql',
        Kysely: 'kysely:KyselyClass',
      },
    },
    nestjs: { props: { MikroOrmModule: 'MikroOrmModule', MikroOrmOptionsFactory: 'OptionsType', MikroOrmModuleOptions: 'OptionsType' } },
    OptionsType: {},
    MikroOrmModule: {
      methods: {
        forRoot: { config: { layout: 'mikro-orm', options: 0 } },
        forRootAsync: { config: { layout: 'mikro-orm', options: 0, factory: 'useFactory' } },
      },
    },
    MikroORMClass: {
      construct: { returns: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm', options: 0 } },
      methods: {
        init: { resolves: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm', options: 0 } },
        initSync: { returns: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm', options: 0 } },
      },
    },
    PostgreSqlMikroORMClass: {
      construct: { returns: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm-postgresql', options: 0 } },
      methods: {
        init: { resolves: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm-postgresql', options: 0 } },
        initSync: { returns: 'MikroORM', createsEngine: true, config: { layout: 'mikro-orm-postgresql', options: 0 } },
      },
    },
    defineConfig: { call: { config: { layout: 'mikro-orm', options: 0 } } },
    defineConfigPostgreSql: { call: { config: { layout: 'mikro-orm-postgresql', options: 0 } } },
    MikroORM: {
      label: 'MikroORM instance',
      variable: 'orm',
      role: 'engine',
      // `orm.config.get('dbName')`: its configuration.
      inert: ['config'],
      props: { em: 'EntityManager' },
      methods: {
        close: { effect: 'close' },
      },
    },
    /**
     * The global `orm.em` (or an injected / annotated one). Holds no connection of its own, and resolves
     * itself to the current transactional fork through the async context (`useContext`), so its
     * `transactional` inside another transaction is a savepoint and its queries join that transaction.
     */
    EntityManager: {
      label: 'MikroORM EntityManager',
      variable: 'em',
      contextual: true,
      methods: entityManager('savepoint'),
    },
    /**
     * `em.fork()`: its own identity map, and no context resolution (`useContext: false`): inside a
     * transaction begun by another EntityManager it stays outside it, and its `transactional` opens an
     * independent transaction on another connection.
     */
    ForkedEntityManager: {
      // Not routed by async context: its queries run outside another manager's transaction.
      pooled: true,
      label: 'forked MikroORM EntityManager',
      variable: 'em',
      methods: entityManager('separate'),
    },
    /** The fork passed to `em.transactional(async (em) => …)`, bound to the transaction. */
    TransactionalEntityManager: {
      label: 'MikroORM transactional EntityManager',
      variable: 'em',
      role: 'transaction',
      methods: entityManager('savepoint'),
    },
    Connection: {
      label: 'MikroORM Connection',
      methods: { execute: { sql: { arg: 0 } } },
    },
  },
  types: {
    MikroORM: 'MikroORM',
    EntityManager: 'EntityManager',
    SqlEntityManager: 'EntityManager',
  },
};

export default mikroOrm;
