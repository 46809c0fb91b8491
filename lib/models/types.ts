/**
 * The declarative vocabulary in which every database library (and every framework) is described.
 *
 * A model is a small "type system" of the library's public objects, called shapes: what a module
 * exports, what calling / constructing / tagging a value returns, which methods a handle has, which
 * callbacks a call runs and what their parameters are. The value tracker (lib/analysis/values.ts)
 * interprets JavaScript expressions against these shapes; rules only ask questions about the
 * resulting values ("is this call creating an engine?", "is this parameter a transaction handle?").
 * Adding a library means adding a data file, not code.
 */

/**
 * The role a value plays, from the pooler's point of view.
 * - `engine`: owns a pool of connections (or builds one lazily): expensive, once per process.
 * - `connection`: a dedicated session checked out of a pool, or a single client; must be released.
 * - `transaction`: a handle bound to an open transaction.
 */
export type Role = 'engine' | 'connection' | 'transaction';

/**
 * A reference to a shape: `Name` for a shape of the same model, `lib:Name` for another model's
 * shape (e.g. Drizzle's node-postgres driver referring to `pg:Pool`).
 */
export type ShapeRef = string;

/** What a call (or `new`, or a tagged template) does. */
export interface CallSpec {
  /** Shape of the synchronous result. */
  returns?: ShapeRef;
  /** Shape of the awaited result (the call returns a promise of it). */
  resolves?: ShapeRef;
  /**
   * The call builds a new engine: a new pool of connections, or an object that will build one.
   * `true` always; an {@link EngineCondition} when it depends on the arguments (e.g. Drizzle's
   * `drizzle(url)` builds a pool but `drizzle({ client })` wraps yours).
   */
  createsEngine?: true | EngineCondition;
  /**
   * The engine it builds is a serverless driver's pool, which that driver documents creating per
   * request on edge runtimes (e.g. Drizzle's neon-serverless `drizzle(url)` builds a Neon `Pool`).
   * Like a model's `serverless`, governed by `no-engine-per-request`'s `allowServerlessDrivers`.
   */
  serverless?: true;
  /**
   * The call creates a single client connection rather than a pool (pg `new Client()`), which is the
   * documented connect-per-request shape and therefore not an engine for `no-engine-per-request`.
   */
  createsClient?: true;
  /**
   * The callback form of the call: when the argument at `callback.arg` is a function, the library
   * runs it (a managed transaction, a scoped connection, a task) and `returns`/`resolves`/`effect`
   * above describe only the form without a callback.
   */
  callback?: CallbackSpec;
  /** The SQL sent by this call, for statement classification. */
  sql?: SqlArgSpec;
  /** Lifecycle effect of the form without a callback. */
  effect?: Effect;
  /**
   * The effect holds only for a call with no argument: deno-postgres's `transaction.rollback(savepoint)`
   * rolls back to a savepoint, and `commit({ chain: true })` begins the next transaction at once.
   */
  effectWithoutArguments?: true;
  /**
   * A query of a transaction that, failing with a database error, ends the transaction before it
   * throws (deno-postgres commits the aborted transaction, which rolls it back): the path out of
   * its failure leaves nothing open.
   */
  failureEnds?: true;
  /**
   * How a transaction begun by this call relates to an enclosing one: a savepoint on the same
   * connection, an error thrown by the library, or an independent transaction on another connection.
   */
  nesting?: 'savepoint' | 'throws' | 'separate';
  /**
   * A `createsEngine` call whose engine opens no connection until one of these methods is called on
   * it (TypeORM's `new DataSource()` until `initialize()`; a query before that throws): one built and
   * never asked to connect holds nothing (a build step reading entity metadata, `buildMetadatas()`).
   */
  connectsOn?: readonly string[];
  /** The call wraps an existing engine or connection passed as an argument (value flows through). */
  wraps?: true;
  /** An `acquire` that takes its connection only on first use (TypeORM `createQueryRunner()`). */
  lazy?: true;
  /**
   * A `release` that closes the session, so PostgreSQL rolls back any open transaction: always
   * (`client.end()`), or when given an argument (node-postgres `client.release(true)` / `release(err)`
   * destroys the connection instead of returning it to the pool).
   */
  endsSession?: true | 'with-argument';
  /**
   * A `release` that does nothing when made again (node-postgres `client.end()` on an ended client,
   * TypeORM's `queryRunner.release()`): a second one on some path is no bug.
   */
  idempotent?: true;
  /**
   * A `close` of an engine that first releases every connection still checked out of it (TypeORM's
   * `dataSource.destroy()` releases each connected query runner before it ends the pool), where
   * others wait for them (node-postgres `pool.end()`, tarn's `destroy()`).
   */
  releasesCheckedOut?: true;
  /** Frameworks: the call registers callbacks that run once per request, message or job. */
  handlers?: HandlerSpec;
  /** The call sends values across a thread, process or queue boundary (they are cloned or serialised). */
  boundary?: BoundarySpec;
  /**
   * The call waits for slow work that is not this database: what it waits for, for messages
   * (`an HTTP request`, `a Stripe API call`, `a sleep`). Used by `no-idle-in-transaction`.
   */
  slow?: string;
  /**
   * The call relies on a session-level feature that a transaction pooler cannot keep (postgres.js
   * `sql.listen()`): the feature's SQL name, for messages (`LISTEN`).
   */
  session?: string;
  /**
   * The call creates a named protocol-level prepared statement, named by the argument at `arg`
   * (Drizzle's `.prepare('name')` on node-postgres, slonik's `sql.prepared(name, schema)`): it needs
   * a pooler that tracks prepared statements.
   */
  prepares?: { readonly arg: number };
  /** Where the call takes its connection configuration, for the configuration rules. */
  config?: ConfigSpec;
  /**
   * A project function (settings or the facts file) that begins and ends its own transaction on an
   * engine it does not receive: called while another transaction is open, it runs on another
   * pooled connection (`no-nested-transaction`).
   */
  transacts?: true;
  /**
   * A project function's use of the handles passed to it, by argument index: `closes` when it
   * releases the connection (or ends the transaction) on every path, `uses` when it only queries
   * through it. Any other argument is taken over by the function (an escape).
   */
  handles?: ReadonlyArray<HandleUse | null>;
  /**
   * A project function that queries through an engine it does not receive (named so, for
   * messages): given a transaction handle, part of its work still runs outside the transaction.
   */
  outer?: string;
  /**
   * A project function that, called without the argument at `arg` (its parameter `param`), queries
   * through `engine` instead: the default of `executor = db`, the right side of `(trx ?? db)`.
   * With `option`, `param` is a property of the options object passed at `arg`
   * (`({ id, tx }) => (tx ?? db)…`), left out when that object is written without it.
   * Called so while a transaction is open, that query runs outside it.
   */
  fallback?: { readonly arg: number; readonly param: string; readonly engine: string; readonly option?: boolean };
  /**
   * A project function that sends the SQL it is given at `arg` through a pool, each query on
   * whichever pooled connection is free (node-postgres's guide's `query = (text, params) =>
   * pool.query(text, params)`): a `BEGIN` through it opens a transaction no later query is part of.
   * `via` describes it for messages (`a wrapper of the pg Pool \`pool\``).
   */
  pooledSql?: { readonly arg: number; readonly via: string };
}

/** What a project function does with a handle passed to it (see {@link CallSpec.handles}). */
export interface HandleUse {
  readonly connection?: 'closes' | 'uses';
  readonly transaction?: 'closes' | 'uses';
}

/**
 * Where an engine- or client-building call takes its connection configuration. The argument at
 * `url` is a connection URL when it is not an object; the options object is at `options` (`last`:
 * the last argument, when it is an object). `at` is a path inside the options object where the
 * layout's keys start (Drizzle's `drizzle({ connection: { … } })`).
 */
export interface ConfigSpec {
  /** A key of CONFIG_LAYOUTS (lib/models/config.ts). */
  layout: string;
  url?: number;
  /** The URL argument counts only when there are at most this many arguments (Sequelize's `(database, user, password)` form). */
  urlMaxArgs?: number;
  options?: number | 'last';
  at?: string;
  /**
   * The options are what the function at this property of the options argument returns: NestJS's
   * `TypeOrmModule.forRootAsync({ useFactory: (config) => ({ … }) })`. Read when the function is
   * written there and returns an object literal (an arrow's body, or its one `return`).
   */
  factory?: string;
  /** Called with no configuration, the driver reads `PG*` environment variables (so `PGAPPNAME` may name it). */
  readsEnvironment?: true;
}

/** Which arguments of a call cross a boundary, and what kind of boundary it is. */
export interface BoundarySpec {
  /** `thread` (structured clone to a worker / child process) or `queue` (serialised job payload). */
  kind: 'thread' | 'queue';
  /** How messages name it: `a worker thread's workerData`, `a BullMQ job`. */
  what: string;
  /** The crossing arguments: an index, or a property of an object argument (`{ arg: 1, prop: 'workerData' }`). */
  args: ReadonlyArray<number | { readonly arg: number; readonly prop: string }>;
}

/** Which arguments of a registration call are per-request callbacks (frameworks). */
export interface HandlerSpec {
  /** What the callbacks are, for messages: `route handler`, `middleware`, `job processor`. */
  what: string;
  /**
   * `functions`: every function argument, including functions wrapped in a call such as
   * `asyncHandler(async (req, res) => …)`; or the argument indexes.
   */
  args?: 'functions' | readonly number[];
  /** Handlers given as properties of an object argument: Fastify `route({ handler })`, KafkaJS `run({ eachMessage })`. */
  props?: {
    readonly arg: number;
    readonly names: readonly string[];
    /**
     * The keys leading from the argument to the object that holds them, when it is nested:
     * TanStack Start's `createFileRoute(path)({ server: { handlers: { GET } } })` is `['server', 'handlers']`.
     * The handler is then named by its key and, for a curried call, the path its callee was given.
     */
    readonly path?: readonly string[];
  };
  /** The argument holding the route path or queue name, used to name the handler. */
  nameArg?: number;
}

/** A framework whose callbacks run per request or per job (data, like a library model). */
export interface FrameworkModel {
  id: string;
  /** Display name, e.g. `Express`. */
  name: string;
  modules: readonly ModuleSpec[];
  shapes: Readonly<Record<string, Shape>>;
  /** Type names the module exports (a NestJS provider injected by its class), as for a library. */
  types?: Readonly<Record<string, ShapeRef>>;
  /**
   * Its handlers run in one long-lived process that serves many requests at once (a Node.js HTTP
   * server): a value a module keeps is shared by every request in flight. Left out where the
   * framework is as often run one request at a time per instance (AWS Lambda, edge functions).
   */
  concurrent?: true;
}

/** Lifecycle effects, used by the lifecycle rules. */
export type Effect =
  | 'acquire' // checks out a dedicated connection (result is the connection)
  | 'release' // gives the receiver connection back
  | 'begin' // begins a transaction (result, or the receiver for raw SQL, is the transaction)
  | 'commit'
  | 'rollback'
  | 'close'; // shuts an engine down (pool.end(), knex.destroy(), prisma.$disconnect())

/** Conditions on the arguments of an engine-building call. */
export type EngineCondition =
  /** Builds an engine unless the argument at `arg` is an existing client (object with `client`, or a known handle). */
  | { kind: 'unless-wraps-client'; arg: number }
  /**
   * Builds an engine unless its configuration at `arg` hands it an existing pool: a `pool` or
   * `client` option (at any depth of nested option objects and constructor calls) holding a value
   * built elsewhere, or a `dialect` built elsewhere (Kysely over a shared `pg.Pool`).
   */
  | { kind: 'unless-shares-pool'; arg: number }
  /**
   * Builds an engine only when its configuration has `option` (Knex opens a pool only with a
   * `connection`; `knex({ client: 'pg' })` is a query builder). A configuration that is not an
   * object literal (`knex(config)`) counts as having it.
   */
  | { kind: 'with-option'; arg: number; option: string };

/** Where the SQL text of a query call is. */
export type SqlArgSpec =
  /** The argument at this index (string, template, `{ text }` object, or a tagged `sql` fragment). */
  | { arg: number }
  /** The template of a tagged template call (postgres.js `` sql`…` ``, Prisma `` $queryRaw`…` ``). */
  | { template: true };

export interface CallbackSpec {
  /** The argument holding the callback: an index, or `last` for the last argument. */
  arg: number | 'last';
  /** Shapes of the callback's parameters, by position (`null` for one that is not a handle). */
  params: ReadonlyArray<ShapeRef | null>;
  /** What the library does around the callback. */
  scope: 'transaction' | 'connection' | 'task';
  /** How long the library lets the callback run by default, for messages (`Prisma rolls it back after 5 s by default`). */
  timeout?: string;
}

/** A library object. */
export interface Shape {
  /** How messages name a value of this shape, e.g. "pg Pool", "PrismaClient". */
  label?: string;
  /** The variable name a suggestion gives a value of this shape (`pool`, `prisma`, `db`). */
  variable?: string;
  /**
   * The library routes this object to the transaction open in the current async context (MikroORM's
   * global `em` inside `em.transactional()`): using it inside a transaction callback is not an
   * outer-client mistake.
   */
  contextual?: true;
  /**
   * An object that queries through its engine's pool, outside any transaction unless told
   * otherwise: a TypeORM repository or global EntityManager, a Sequelize model class.
   */
  pooled?: true;
  /**
   * Methods that send no query: they build an entity or read metadata (`repository.create(dto)`,
   * `Model.build(values)`, `Model.getTableName()`). Called on a pooled object or an engine inside a
   * transaction, they touch no connection.
   */
  local?: readonly string[];
  /**
   * Properties that reach no query when read: metadata, options, counters, namespaces of SQL
   * helpers (`dataSource.entityMetadatas`, `pool.totalCount`, `knex.fn`). Read on a client inside
   * a transaction (`dataSource.entityMetadatas.map(…)`), they touch no connection. A property not
   * listed here may lead to queries (`db.query.users.findMany()`, a pg-promise repository
   * `db.users.add(…)`), so only the names listed count.
   */
  inert?: readonly string[];
  /**
   * A transaction the library ends itself when one of its queries fails (`CallSpec.failureEnds`),
   * after which its `rollback()` throws (deno-postgres): no suggestion adds a rollback to a `catch`,
   * where it would hide the query's error behind its own.
   */
  endsItselfOnFailure?: true;
  /**
   * Where a method takes its options object, for suggestions that add `{ transaction: t }`
   * (Sequelize). A shape that lists them lists every method that queries: another method called on
   * it (a model's own static, `Event.schedule(…)`) is not taken to query.
   */
  optionsArg?: Readonly<Record<string, number>>;
  /**
   * Where a method takes the transaction handle itself (Objection's `Person.query(trx)`,
   * `Person.relatedQuery('pets', trx)`), for suggestions that pass it. As with `optionsArg`, a shape
   * that lists them lists every method that queries.
   */
  handleArg?: Readonly<Record<string, number>>;
  /**
   * Members (read, or called without arguments) that tell whether the handle's connection or
   * transaction is open: `true` when the member is truthy exactly while it is open
   * (`queryRunner.isTransactionActive`), `false` when truthy once it is closed (`trx.isCompleted()`).
   */
  stateChecks?: Readonly<Record<string, { readonly connection?: boolean; readonly transaction?: boolean }>>;
  role?: Role;
  /**
   * An engine built with this option (a dotted path) set to this number runs every query on one
   * connection, so a raw `BEGIN` through it holds that connection (postgres.js or a pg `Pool` with
   * `max: 1`, Knex or Sequelize with `pool: { max: 1 }`): read from the options written at the
   * construction.
   */
  singleConnectionWhen?: { readonly option: string; readonly equals: number };
  /**
   * An engine that runs every query on its one connection, however it is built (serverless-postgres's
   * `ServerlessClient`, a wrapper of one pg `Client`): a raw `BEGIN` through it holds that connection.
   */
  oneConnection?: true;
  /** Properties read as values: name -> shape. */
  props?: Readonly<Record<string, ShapeRef>>;
  /**
   * The property that leads back to the handle this value was read from, as a property of it:
   * TypeORM's `queryRunner.manager.queryRunner` is that query runner (`const manager =
   * queryRunner.manager; … await manager.queryRunner?.release()`).
   */
  ownerProp?: string;
  /** Methods called on a value of this shape. */
  methods?: Readonly<Record<string, CallSpec>>;
  /** The shape of every property not listed (e.g. Prisma model delegates `prisma.user`). */
  anyProp?: ShapeRef;
  /** What calling any method not listed does (an SDK resource whose every method is a network call). */
  anyMethod?: CallSpec;
  /** Calling the value itself, `f(...)`. */
  call?: CallSpec;
  /** `new Value(...)`. */
  construct?: CallSpec;
  /** Using the value as a template tag, `` v`...` ``. */
  tag?: CallSpec;
  /**
   * Registering the value as a framework plugin, `app.register(plugin, options)` (Fastify): what
   * the registration does, its arguments those of the `register` call (`@fastify/postgres` builds a
   * pg pool from the options at 1).
   */
  plugin?: CallSpec;
}

export interface ModuleSpec {
  /** Exact module specifier, e.g. `pg`, `drizzle-orm/node-postgres`. */
  name?: string;
  /** Or a pattern the specifier must match (e.g. Prisma 7's generated client path). */
  pattern?: RegExp;
  /** Shape of the module namespace: `require(m)`, `import * as m`, named imports are its props. */
  exports: ShapeRef;
  /** Shape of `import x from m` when it differs from the namespace (defaults to `exports`, the CommonJS interop view). */
  default?: ShapeRef;
}

export interface LibraryModel {
  /** Short id used in shape references and settings, e.g. `pg`, `prisma`. */
  id: string;
  /** Display name, e.g. `node-postgres`. */
  name: string;
  modules: readonly ModuleSpec[];
  shapes: Readonly<Record<string, Shape>>;
  /**
   * TypeScript type names, as a path from the module namespace (`PoolClient`, `Knex.Transaction`,
   * `Prisma.TransactionClient`; `''` for the module itself when it is a class), to the shape a value
   * of that type has. Used for parameter and property annotations, and by the type-aware mode.
   */
  types?: Readonly<Record<string, ShapeRef>>;
  /**
   * The library documents creating its pool per request on serverless/edge runtimes (Neon, Vercel):
   * `no-engine-per-request` only reports it when its `allowServerlessDrivers` option is off.
   */
  serverless?: true;
  /**
   * A call that makes the library hand the open transaction to every query by itself, for the
   * whole process (Sequelize v6: `Sequelize.useCLS(namespace)`). Where the linted file, or any
   * module of the project (through the facts file of `pgbouncer-lint index`), makes that call, a
   * query that does not name the transaction still runs inside it.
   */
  implicitTransactions?: { readonly call: string };
  /**
   * Class methods a framework calls for an engine's configuration, by name, and the layout of the
   * options object they return: NestJS's `TypeOrmOptionsFactory.createTypeOrmOptions()` of a class
   * given as `forRootAsync({ useClass })`.
   */
  optionsFactories?: ReadonlyArray<{ readonly method: string; readonly layout: string }>;
  /**
   * Decorators of the library's NestJS integration that inject a handle bound to one of the
   * application's named connections (`@InjectEntityManager('reports')`, `@InjectRepository(User,
   * 'reports')`), with the argument that names it; left out, the default connection. Two handles
   * injected for different connections are two databases (or at least two pools): one cannot
   * join the other's transaction.
   */
  namedInjections?: ReadonlyArray<{ readonly module: string; readonly decorator: string; readonly arg: number }>;
  /**
   * Properties the library's framework plugin adds to the framework's instance (`@fastify/postgres`
   * decorates Fastify's with `pg`): read on a receiver named like that instance (`fastify.pg`,
   * `app.pg`, `request.server.pg`, `this.pg` outside a class, `const { pg } = fastify`) in a file
   * that imports the library or whose package depends on it, where nothing else tells what it holds.
   */
  decorations?: ReadonlyArray<{ readonly property: string; readonly shape: ShapeRef }>;
  /**
   * Methods whose names belong to this library alone, so that calling one on a value of unknown
   * origin tells what the value is (`db.$transaction(async (tx) => …)` where `db` is imported from
   * the project's own `lib/db`): the shape such a receiver has, and the method names. Every
   * reference to the same receiver in the file (the same variable, or the same `this.<name>` of a
   * class) is then read as that shape, where nothing else in the file tells what it holds. Only
   * names no other library or framework uses belong here.
   */
  recognisedBy?: {
    readonly shape: ShapeRef;
    readonly methods?: readonly string[];
    /**
     * A method that runs an async callback in a transaction, recognised by what the callback does
     * with its handle: chains only this library builds, `[first, then, table]` for
     * `tx.<first>(…).<then>(…)` whose table argument (of the first call, 0, or of the second, 1)
     * is a name, not a string or an object (`tx.insert(users).values(row)`, `tx.select().from(users)`:
     * Drizzle; Knex writes `trx.insert(row).into('users')`, `trx.select('id').from('users')`). A
     * synchronous callback is left alone: SQLite drivers run one on the same connection as the
     * receiver's own queries.
     */
    readonly handleChains?: {
      readonly method: string;
      readonly chains?: ReadonlyArray<readonly [string, string, 0 | 1]>;
      /** The handle called with a table name, a method chained on it: `trx('orders').insert(row)` (Knex). */
      readonly called?: true;
      /** Methods of the handle only this library has: `trx.insertInto('orders')` (Kysely). */
      readonly methods?: readonly string[];
      /** The callback goes to this method of the call's result: `db.transaction().execute(async (trx) => …)` (Kysely). */
      readonly execute?: string;
      /** The callback is the call's last argument, after options: `sequelize.transaction(opts, async (t) => …)`. */
      readonly lastArgument?: true;
      /**
       * A callback that is not `async` counts too (it returns the handle's promise: pg-promise's
       * `db.tx((t) => t.batch([…]))`): the library has no synchronous driver to run it on the
       * receiver's own connection, as SQLite's do.
       */
      readonly anyCallback?: true;
      /** The handle given to another call as this option: `Order.create(row, { transaction: t })` (Sequelize). */
      readonly option?: string;
      /** The handle given as the argument of a method of this name: `knex('t').insert(row).transacting(trx)` (Knex). */
      readonly argumentOf?: string;
      /** Also the handle the call resolves without a callback: `const t = await sequelize.transaction()`. */
      readonly awaited?: true;
    };
  };
}
