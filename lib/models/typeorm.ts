import type { CallSpec, LibraryModel } from './types';

/** The managed-transaction form of a manager bound to a query runner (its callback's manager). */
const boundTransaction: CallSpec = {
  // `manager.transaction([isolationLevel,] async (em) => …)`: EntityManager.transaction reuses the
  // manager's own query runner, where PostgresQueryRunner.startTransaction at depth > 0 issues
  // `SAVEPOINT typeorm_<depth>`.
  nesting: 'savepoint',
  callback: { arg: 'last', params: ['TransactionManager'], scope: 'transaction' },
};

/**
 * Methods of managers and repositories that run no query: `create` and `merge` build entities in
 * memory, `getId` / `hasId` read them (EntityManager.js, Repository.js).
 */
const localMethods = ['create', 'merge', 'getId', 'hasId'] as const;

/** What every EntityManager (global, transactional, or bound to a query runner) offers. */
const managerMethods = {
  query: { sql: { arg: 0 } },
  getRepository: { returns: 'Repository' },
  getTreeRepository: { returns: 'Repository' },
  withRepository: { returns: 'Repository' },
} as const satisfies Record<string, CallSpec>;

/**
 * TypeORM (`typeorm`), including the legacy 0.2/0.3 connection API removed in 1.0.
 *
 * Verified against typeorm 1.1.1 (`index.d.ts`, `index.mjs`, `data-source/DataSource.{d.ts,js}`,
 * `entity-manager/EntityManager.{d.ts,js}`, `query-runner/QueryRunner.d.ts`,
 * `driver/postgres/PostgresQueryRunner.js`, `driver/postgres/PostgresDriver.js`,
 * `repository/Repository.d.ts`). Docs: https://typeorm.io/docs/data-source/data-source/ ,
 * https://typeorm.io/docs/advanced-topics/transactions/ , https://typeorm.io/docs/query-runner/
 */
const typeorm: LibraryModel = {
  id: 'typeorm',
  name: 'TypeORM',
  // CommonJS package; the ESM wrapper's default export is the CommonJS exports object (index.mjs).
  // `forRootAsync({ useClass: TypeOrmConfigService })` asks the class's `createTypeOrmOptions()`.
  optionsFactories: [{ method: 'createTypeOrmOptions', layout: 'typeorm' }],
  // @nestjs/typeorm (typeorm.decorators.ts): the data source (name or options) is the last argument.
  namedInjections: [
    { module: '@nestjs/typeorm', decorator: 'InjectRepository', arg: 1 },
    { module: '@nestjs/typeorm', decorator: 'InjectEntityManager', arg: 0 },
    { module: '@nestjs/typeorm', decorator: 'InjectDataSource', arg: 0 },
    { module: '@nestjs/typeorm', decorator: 'InjectConnection', arg: 0 },
  ],
  modules: [
    { name: 'typeorm', exports: 'module' },
    // NestJS's integration: `TypeOrmModule.forRoot(options)` builds the application's DataSource from
    // options written at the call (or returned by `forRootAsync`'s `useFactory`). Only its
    // configuration is modelled: the data source itself reaches services by injection.
    { name: '@nestjs/typeorm', exports: 'nestjs' },
  ],
  shapes: {
    module: {
      props: {
        DataSource: 'DataSourceClass',
        // Legacy (≤ 0.3): `Connection` was the data source class, `createConnection()` etc. built one.
        Connection: 'DataSourceClass',
        createConnection: 'createConnection',
        createConnections: 'createConnections',
        getConnectionManager: 'getConnectionManager',
        getConnection: 'getConnection',
        getManager: 'getManager',
        getRepository: 'getRepository',
        BaseEntity: 'BaseEntity',
      },
    },
    // The factory interface and the options type, imported by a class given as `useClass`: they
    // make its file one the rules read (their values carry nothing).
    nestjs: { props: { TypeOrmModule: 'TypeOrmModule', TypeOrmOptionsFactory: 'OptionsType', TypeOrmModuleOptions: 'OptionsType' } },
    OptionsType: {},
    TypeOrmModule: {
      methods: {
        forRoot: { config: { layout: 'typeorm', options: 0 } },
        forRootAsync: { config: { layout: 'typeorm', options: 0, factory: 'useFactory' } },
      },
    },
    // `new DataSource(options)`: the pg pool itself is created by `initialize()` (PostgresDriver.connect).
    // DataSource.js: the driver's pool is made by `initialize()` (`connect()` before 0.3); a query
    // before that throws CannotExecuteNotConnectedError.
    DataSourceClass: { construct: { returns: 'DataSource', createsEngine: true, connectsOn: ['initialize', 'connect'], config: { layout: 'typeorm', options: 0 } } },
    createConnection: { call: { resolves: 'DataSource', createsEngine: true, config: { layout: 'typeorm', options: 0 } } },
    createConnections: { call: { createsEngine: true } },
    getConnectionManager: { call: { returns: 'ConnectionManager' } },
    getConnection: { call: { returns: 'DataSource' } },
    getManager: { call: { returns: 'EntityManager' } },
    getRepository: { call: { returns: 'Repository' } },
    ConnectionManager: {
      label: 'TypeORM ConnectionManager',
      methods: {
        create: { returns: 'DataSource', createsEngine: true, connectsOn: ['initialize', 'connect'] },
        get: { returns: 'DataSource' },
      },
    },
    DataSource: {
      label: 'TypeORM DataSource',
      variable: 'dataSource',
      role: 'engine',
      // Metadata look-ups (DataSource.js): no connection.
      local: ['getMetadata', 'hasMetadata'],
      // Its options and metadata, read in memory (DataSource.d.ts).
      inert: ['entityMetadatas', 'entityMetadatasMap', 'options', 'metadataTableName', 'isInitialized', 'name', 'namingStrategy', 'logger', 'migrations', 'subscribers'],
      props: { manager: 'EntityManager', sql: 'SqlTag' },
      methods: {
        initialize: { resolves: 'DataSource' },
        // Legacy `Connection#connect()` / `close()`. Both end in the driver's `closePool()`, which
        // releases every connected query runner first (PostgresDriver.js).
        connect: { resolves: 'DataSource' },
        destroy: { effect: 'close', releasesCheckedOut: true },
        close: { effect: 'close', releasesCheckedOut: true },
        // "Each new QueryRunner instance takes a single connection from the connection pool"; it must
        // be released (`qr.release()` or `await using`).
        createQueryRunner: { returns: 'QueryRunner', effect: 'acquire', lazy: true },
        // DataSource.transaction = this.manager.transaction: a new query runner (another connection)
        // even when called inside another transaction's callback. The no-callback form throws.
        transaction: {
          nesting: 'separate',
          callback: { arg: 'last', params: ['TransactionManager'], scope: 'transaction' },
        },
        // Runs on a throw-away query runner released right after (DataSource.query).
        query: { sql: { arg: 0 } },
        getRepository: { returns: 'Repository' },
        getTreeRepository: { returns: 'Repository' },
        createEntityManager: { returns: 'EntityManager' },
      },
    },
    EntityManager: {
      // The global manager (`dataSource.manager`, legacy `getManager()`): every call takes a pooled
      // connection of its own.
      pooled: true,
      local: localMethods,
      label: 'TypeORM EntityManager',
      variable: 'manager',
      props: { dataSource: 'DataSource', connection: 'DataSource', sql: 'SqlTag' },
      methods: {
        transaction: {
          nesting: 'separate',
          callback: { arg: 'last', params: ['TransactionManager'], scope: 'transaction' },
        },
        ...managerMethods,
      },
    },
    TransactionManager: {
      // The manager passed to a transaction callback (`queryRunner.manager` of the transaction's runner).
      label: 'TypeORM transactional EntityManager',
      variable: 'manager',
      role: 'transaction',
      props: { dataSource: 'DataSource', connection: 'DataSource', queryRunner: 'QueryRunner', sql: 'SqlTag' },
      methods: {
        transaction: boundTransaction,
        ...managerMethods,
      },
    },
    QueryRunnerManager: {
      // `queryRunner.manager`: bound to that runner's connection, in a transaction or not.
      label: 'TypeORM QueryRunner EntityManager',
      variable: 'manager',
      props: { dataSource: 'DataSource', connection: 'DataSource', queryRunner: 'QueryRunner', sql: 'SqlTag' },
      // EntityManager.queryRunner: the runner whose `manager` this is.
      ownerProp: 'queryRunner',
      methods: {
        transaction: boundTransaction,
        ...managerMethods,
      },
    },
    QueryRunner: {
      label: 'TypeORM QueryRunner',
      variable: 'queryRunner',
      stateChecks: { isTransactionActive: { transaction: true }, isReleased: { connection: false } },
      role: 'connection',
      props: { manager: 'QueryRunnerManager', dataSource: 'DataSource', connection: 'DataSource', sql: 'SqlTag' },
      methods: {
        connect: {},
        release: { effect: 'release', idempotent: true },
        // Depth 0: START TRANSACTION; depth > 0: SAVEPOINT typeorm_<depth> (PostgresQueryRunner).
        // The receiver is the transaction.
        startTransaction: { effect: 'begin', nesting: 'savepoint' },
        commitTransaction: { effect: 'commit' },
        rollbackTransaction: { effect: 'rollback' },
        query: { sql: { arg: 0 } },
        stream: { sql: { arg: 0 } },
      },
    },
    Repository: {
      label: 'TypeORM Repository',
      variable: 'repository',
      pooled: true,
      local: localMethods,
      props: { manager: 'EntityManager', sql: 'SqlTag' },
      methods: {
        query: { sql: { arg: 0 } },
        extend: { returns: 'Repository' },
      },
    },
    BaseEntity: {
      // Active-record entities (`class User extends BaseEntity`) use the global data source.
      label: 'TypeORM BaseEntity',
      pooled: true,
      methods: {
        query: { sql: { arg: 0 } },
        getRepository: { returns: 'Repository' },
      },
    },
    // `` dataSource.sql`SELECT …` `` (also on managers, repositories and query runners).
    SqlTag: { tag: { sql: { template: true } } },
  },
  types: {
    DataSource: 'DataSource',
    Connection: 'DataSource',
    // An annotated `EntityManager` may be the global one or a transaction's: the role-less shape.
    EntityManager: 'EntityManager',
    QueryRunner: 'QueryRunner',
    Repository: 'Repository',
  },
};

export default typeorm;
