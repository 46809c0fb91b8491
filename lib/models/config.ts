/**
 * How each library takes its connection configuration, for `require-application-name` and
 * `pooler-compatible-config`. A model's call spec points here with `config: { layout, … }`.
 * Dotted paths are relative to the options object (after the call spec's `at`).
 *
 * Sources: /shared/LIBRARIES.md §1.5, and the libraries' code (pg 8 `Client#getStartupConf`,
 * postgres.js `src/index.js` parseOptions, knex `lib/dialects/postgres`, TypeORM `PostgresDriver.createPool`,
 * Sequelize 6 `dialects/postgres/connection-manager.js`, slonik `createPgDriverFactory`).
 */
import type { VersionSpan } from '../util/package-version';

export interface ConfigLayout {
  /** How messages name the configuration: `node-postgres`, `Knex`. */
  readonly label: string;
  /** Option keys that hold a connection URL. */
  readonly urlKeys: readonly string[];
  /** Option paths that set the application name. */
  readonly nameKeys: readonly string[];
  /** Where a suggestion adds the application name; none when only the URL can carry it. */
  readonly nameKey?: string;
  /** The object whose keys the driver sends as startup parameters ('' for the options themselves). */
  readonly startup?: { readonly path: string; readonly keys: 'pg' | 'all' };
  /** Query parameters of the URL become startup parameters (pg-connection-string, postgres.js). */
  readonly urlStartup?: boolean;
  /**
   * The options configure PostgreSQL only when this key has one of these values, or the `driver`
   * option names one of the driver classes (MikroORM's `driver: PostgreSqlDriver`).
   */
  readonly dialect?: {
    readonly key: string;
    readonly values: readonly string[];
    readonly urlSchemes?: boolean;
    readonly driver?: { readonly key: string; readonly names: readonly string[] };
  };
  /**
   * The library reads only the host, port, user, password and database from the URL (MikroORM's
   * `new URL(clientUrl)`): its query parameters, `application_name` among them, never reach the server.
   */
  readonly urlDropsParameters?: true;
  /**
   * Where the application name goes depends on the version (MikroORM 7 merges `driverOptions` into
   * pg's pool options, 5 and 6 into Knex's): the key for each span of the first of `packages` the
   * file's package.json or installed copy answers for. Unknown or several: `how` names them all.
   */
  readonly nameKeyByVersion?: {
    readonly packages: readonly string[];
    readonly keys: ReadonlyArray<{ readonly versions: VersionSpan; readonly key: string; readonly what: string }>;
  };
  /** Protocol-level named statements unless this option is `false` (postgres.js `prepare`). */
  readonly prepare?: string;
  /**
   * Methods of the engine that never prepare, whatever `prepare` says, with the most arguments
   * they may take then (postgres.js `sql.unsafe(text, params)`, whose own options default to
   * `prepare: false`), or 0 for any (`sql.end()`). An engine used through these alone prepares nothing.
   */
  readonly unpreparedMethods?: Readonly<Record<string, number>>;
  /**
   * Calls (by shape key) that take the engine as an argument, or as `client` in one, and send its
   * queries unprepared except those the caller names (`.prepare('name')`): Drizzle's postgres-js
   * driver, `drizzle(sql)`, `drizzle({ client: sql })`; Zero's `zeroPostgresJS(schema, sql)`. An engine used only through these
   * and `unpreparedMethods`, in a file that names no prepared query, prepares nothing.
   */
  readonly unpreparedHandOffs?: readonly string[];
  /** Prisma's `?pgbouncer=true` URL flag matters. */
  readonly pgbouncerFlag?: true;
  /**
   * Driver defaults that are sent as startup parameters unless the option turns them off (slonik's
   * `statementTimeout` → `statement_timeout`, off with `'DISABLE_TIMEOUT'`).
   */
  readonly defaultStartup?: ReadonlyArray<{ readonly key: string; readonly parameter: string; readonly off: string }>;
  /**
   * The versions of `package` that send those defaults; a file whose package.json or installed copy
   * allows none of them is not told to turn them off. An unknown version is taken to send them.
   */
  readonly defaultStartupSentBy?: { readonly package: string; readonly versions: ReadonlyArray<VersionSpan> };
  /**
   * Options holding a function run on every new connection (or, `reserve`, each time a connection
   * is taken from the pool), and which parameter is the connection.
   */
  readonly hooks?: ReadonlyArray<{ readonly path: string; readonly param: number; readonly when?: 'reserve' }>;
  /** Option keys that make the driver run session `SET`s on every connection (Knex `searchPath`). */
  readonly sessionOptions?: Readonly<Record<string, string>>;
  /**
   * The driver takes a URL or options, never both (deno-postgres's `new Pool(url | options, size)`):
   * configured by a URL, only the URL can name the application.
   */
  readonly urlOrOptions?: true;
  /** When the URL is given as a string where options could go (Knex `connection: url`), the key that holds it in object form. */
  readonly urlObjectKey?: string;
  /**
   * Option keys that say which server to reach, as whom (`host`, `connectionString`, `user`, …).
   * Options with none of them and no URL leave the driver to find the server itself: from the
   * `PG*` environment variables when the call reads them (`ConfigSpec.readsEnvironment`: then
   * `PGAPPNAME` may name it too), or at `defaultHost`.
   */
  readonly targetKeys?: readonly string[];
  /** Where the driver connects when nothing names the server (Sequelize: `localhost`, port 5432). */
  readonly defaultHost?: 'localhost';
}

/** The startup parameters node-postgres sends from its configuration (besides user, database, application_name). */
export const PG_STARTUP_KEYS: readonly string[] = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'options', 'replication'];

const pg: ConfigLayout = {
  label: 'node-postgres',
  urlKeys: ['connectionString'],
  nameKeys: ['application_name', 'fallback_application_name'],
  nameKey: 'application_name',
  startup: { path: '', keys: 'pg' },
  urlStartup: true,
  // pg ConnectionParameters: each of these falls back to its `PG*` variable (`PGHOST`, …, `PGAPPNAME`).
  // A password alone (an IAM token function) names neither the server nor the user.
  targetKeys: ['connectionString', 'host', 'port', 'database', 'user'],
};

/** serverless-postgres hands its options to `new pg.Client(config)`. */
const serverlessPostgres: ConfigLayout = { ...pg, label: 'serverless-postgres' };

const sequelize: ConfigLayout = {
  label: 'Sequelize',
  urlKeys: [],
  nameKeys: ['dialectOptions.application_name'],
  nameKey: 'dialectOptions.application_name',
  startup: { path: 'dialectOptions', keys: 'pg' },
  urlStartup: true,
  dialect: { key: 'dialect', values: ['postgres'], urlSchemes: true },
  hooks: [{ path: 'hooks.afterConnect', param: 0 }],
  // Sequelize's constructor defaults `host` to 'localhost' (and pg then the port to 5432).
  targetKeys: ['host', 'port', 'replication'],
  defaultHost: 'localhost',
};

/**
 * Kysely's `PostgresDialect` hooks (PostgresDriver.acquireConnection): `onCreateConnection` the first
 * time the driver sees a pg client, `onReserveConnection` at every checkout.
 */
const KYSELY_DIALECT_HOOKS: ConfigLayout['hooks'] = [
  { path: 'onCreateConnection', param: 0 },
  { path: 'onReserveConnection', param: 0, when: 'reserve' },
];

/**
 * MikroORM: `MikroORM.init(options)`, `new MikroORM(options)`, `defineConfig(options)`, NestJS's
 * `MikroOrmModule.forRoot(options)`. Its Connection builds pg's options from `host`, `port`, `user`,
 * `password`, `dbName` and `clientUrl` (parsed with `new URL`, keeping only those and `schema`), then
 * deep-merges `driverOptions`: into pg's `PoolConfig` in MikroORM 7 (PostgreSqlConnection.mapOptions),
 * into Knex's configuration in 5 and 6 (AbstractSqlConnection.getKnexOptions), whose `connection`
 * holds pg's options.
 */
const mikroOrm: ConfigLayout = {
  label: 'MikroORM',
  urlKeys: ['clientUrl'],
  nameKeys: [
    'driverOptions.application_name',
    'driverOptions.fallback_application_name',
    'driverOptions.connection.application_name',
    'driverOptions.connection.fallback_application_name',
  ],
  urlDropsParameters: true,
  // MikroORM 7 hands both to Kysely's PostgresDialect (PostgreSqlConnection.createKyselyDialect).
  hooks: KYSELY_DIALECT_HOOKS,
  nameKeyByVersion: {
    packages: ['@mikro-orm/postgresql', '@mikro-orm/core'],
    keys: [
      { versions: { from: [7, 0, 0] }, key: 'driverOptions.application_name', what: 'MikroORM 7' },
      { versions: { from: [0, 0, 0], until: [7, 0, 0] }, key: 'driverOptions.connection.application_name', what: 'MikroORM 5 and 6' },
    ],
  },
};

export const CONFIG_LAYOUTS: Readonly<Record<string, ConfigLayout>> = {
  pg,
  'serverless-postgres': serverlessPostgres,
  // Kysely's `new PostgresDialect({ pool, onCreateConnection, onReserveConnection })`: the pool is
  // configured where it is built; the dialect adds two hooks (PostgresDriver.acquireConnection).
  // deno-postgres: `new Pool(url | options, size)`; connection_params.ts reads `applicationName`, the
  // URL's `application_name` and `options`, and PGHOST and the rest when an option is missing.
  'deno-postgres': {
    label: 'deno-postgres',
    urlKeys: [],
    nameKeys: ['applicationName'],
    nameKey: 'applicationName',
    urlStartup: true,
    urlOrOptions: true,
    targetKeys: ['hostname', 'port', 'database', 'user'],
  },
  'kysely-postgres-dialect': {
    label: 'Kysely',
    urlKeys: [],
    nameKeys: [],
    hooks: KYSELY_DIALECT_HOOKS,
  },
  // From `@mikro-orm/postgresql`, bound to its driver.
  'mikro-orm-postgresql': mikroOrm,
  // From `@mikro-orm/core` or NestJS's module: PostgreSQL's only with its driver named.
  'mikro-orm': {
    ...mikroOrm,
    dialect: { key: 'type', values: ['postgresql'], driver: { key: 'driver', names: ['PostgreSqlDriver'] } },
  },
  'postgres-js': {
    label: 'postgres.js',
    urlKeys: [],
    nameKeys: ['connection.application_name'],
    nameKey: 'connection.application_name',
    startup: { path: 'connection', keys: 'all' },
    urlStartup: true,
    prepare: 'prepare',
    // postgres.js src/index.js: `unsafe(string, args, options)` builds its query with
    // `{ prepare: false, ...options }`; `end` and `close` send no statement.
    unpreparedMethods: { unsafe: 2, end: 0, close: 0 },
    // drizzle-orm postgres-js/session.js: `client.unsafe(query, params, { prepare: name !== undefined })`;
    // Zero's postgres.js adapters: `sql.unsafe(text, params)`, `sql.begin(…)` (see models/zero.ts).
    unpreparedHandOffs: ['drizzle:postgresJsDrizzle', 'zero:zeroPostgresJS', 'zero:PostgresJSConnection'],
    // parseOptions: `o.host || … || env.PGHOST`, and `application_name: env.PGAPPNAME || 'postgres.js'`.
    targetKeys: ['host', 'hostname', 'port', 'path', 'database', 'db', 'user', 'username'],
  },
  // Drizzle's postgres-js driver: `drizzle({ connection: { url, ...postgresOptions } })`. No `prepare`:
  // Drizzle sends its queries unprepared (`client.unsafe(q, params, { prepare: false })`) except the
  // ones built with `.prepare(name)`, whatever the client's option.
  'drizzle-postgres-js': {
    label: 'Drizzle (postgres.js)',
    urlKeys: ['url'],
    nameKeys: ['connection.application_name'],
    nameKey: 'connection.application_name',
    startup: { path: 'connection', keys: 'all' },
    urlStartup: true,
  },
  knex: {
    label: 'Knex',
    urlKeys: ['connection', 'connection.connectionString'],
    nameKeys: ['connection.application_name', 'connection.fallback_application_name'],
    nameKey: 'connection.application_name',
    startup: { path: 'connection', keys: 'pg' },
    urlStartup: true,
    dialect: { key: 'client', values: ['pg', 'postgres', 'postgresql', 'pgnative', 'cockroachdb', 'redshift'], urlSchemes: true },
    hooks: [{ path: 'pool.afterCreate', param: 0 }],
    sessionOptions: { searchPath: 'SET search_path' },
    urlObjectKey: 'connectionString',
  },
  typeorm: {
    label: 'TypeORM',
    urlKeys: ['url'],
    nameKeys: ['applicationName', 'extra.application_name', 'extra.fallback_application_name'],
    nameKey: 'applicationName',
    startup: { path: 'extra', keys: 'pg' },
    urlStartup: true,
    dialect: { key: 'type', values: ['postgres', 'cockroachdb'] },
  },
  sequelize,
  // Sequelize built from one options object (NestJS's `SequelizeModule.forRoot`): a URL option, if
  // any, is read as the connection URL.
  'sequelize-options': { ...sequelize, urlKeys: ['uri', 'url'] },
  prisma: {
    label: 'Prisma',
    urlKeys: ['datasourceUrl', 'datasources.db.url'],
    nameKeys: [],
    pgbouncerFlag: true,
  },
  slonik: {
    label: 'slonik',
    urlKeys: [],
    nameKeys: [],
    // Only the URL names the server; no option does.
    targetKeys: [],
    defaultStartup: [
      { key: 'statementTimeout', parameter: 'statement_timeout', off: 'DISABLE_TIMEOUT' },
      { key: 'idleInTransactionSessionTimeout', parameter: 'idle_in_transaction_session_timeout', off: 'DISABLE_TIMEOUT' },
    ],
    // slonik 22.0.0 added the defaults as pool configuration; 22.4.2 commented that out ("fix:
    // disable timeouts", brianc/node-postgres#2103) until 25.1.0 (createPoolConfiguration.ts).
    defaultStartupSentBy: {
      package: 'slonik',
      versions: [
        { from: [22, 0, 0], until: [22, 4, 2] },
        { from: [25, 1, 0] },
      ],
    },
  },
};

/**
 * Engine methods that register a callback run on every new server connection: a session `SET`
 * there is lost or leaks behind a transaction pooler. `param` is the connection parameter.
 */
export const CONNECTION_HOOKS: ReadonlyArray<{
  readonly libs: readonly string[];
  readonly method: string;
  /** The event name argument, when the method takes one (`pool.on('connect', fn)`). */
  readonly event?: string;
  readonly fnArg: number;
  readonly param: number;
}> = [
  { libs: ['pg', 'neon'], method: 'on', event: 'connect', fnArg: 1, param: 0 },
  { libs: ['sequelize'], method: 'addHook', event: 'afterConnect', fnArg: 1, param: 0 },
  { libs: ['sequelize'], method: 'afterConnect', fnArg: 0, param: 0 },
];
