import type { LibraryModel } from './types';

/**
 * Prisma Client: `@prisma/client` (`prisma-client-js`, ≤ 6 and still in 7), Prisma 7's generated
 * `prisma-client` output (imported by path), and the driver adapters `@prisma/adapter-pg` and
 * `@prisma/adapter-neon` that Prisma 7 constructs the client with.
 *
 * Prisma is not installed here; verified against prisma/prisma sources (`packages/adapter-pg/src/
 * {index,pg}.ts`, `packages/adapter-neon/src/{index,neon}.ts`, the client runtime's
 * `itxClientDenyList`), prisma/prisma PR #21678 (7.5.0: `$transaction` on the interactive
 * transaction client, nested via savepoints) and the docs:
 * https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/instantiate-prisma-client ,
 * https://www.prisma.io/docs/orm/prisma-client/queries/transactions ,
 * https://www.prisma.io/docs/orm/prisma-client/using-raw-sql/raw-queries ,
 * https://www.prisma.io/docs/orm/overview/databases/database-drivers
 */
/** Interactive transactions: `timeout` 5000 ms and `maxWait` 2000 ms by default (prisma.io docs, "Interactive transactions"). */
const PRISMA_TIMEOUT = 'Prisma rolls an interactive transaction back after 5 s by default (its `timeout` option), so a slow call makes the whole transaction fail.';

const prisma: LibraryModel = {
  id: 'prisma',
  name: 'Prisma',
  modules: [
    { name: '@prisma/client', exports: 'module' },
    { name: '@prisma/client/edge', exports: 'module' },
    // The default `prisma-client-js` output, re-exported by `@prisma/client`.
    { pattern: /^\.prisma\/client(?:\/(?:default|edge|index|wasm))?$/, exports: 'module' },
    // Generated clients imported by path: Prisma 7's `prisma-client` generator output
    // (`output = "../generated/prisma"`: './generated/prisma/client', '../generated/prisma',
    // '@/generated/prisma/client', '#generated/prisma/client.js') and custom `prisma-client-js`
    // outputs of the docs (`output = "./generated/client"`: '../prisma/generated/client') and of
    // teams (`output = "./generated-prisma-client"`, `"../generated/prisma-client"`).
    {
      pattern: /(?:^|[/#])(?:generated\/prisma|prisma\/generated\/(?:prisma|client)|generated[-_/]prisma[-_]client)(?:\/(?:client|edge|index|default|wasm))?(?:\.[cm]?[jt]s)?$/,
      exports: 'module',
    },
    // Driver adapters: factories the client connects through (the pool is created when the
    // PrismaClient using them connects), so they are not engines of their own.
    { name: '@prisma/adapter-pg', exports: 'adapterPg' },
    { name: '@prisma/adapter-neon', exports: 'adapterNeon' },
  ],
  shapes: {
    module: {
      props: { PrismaClient: 'PrismaClientClass' },
    },
    // "each instance of PrismaClient manages a connection pool": `new PrismaClient()`,
    // `new PrismaClient({ adapter })`; also `class PrismaService extends PrismaClient`.
    PrismaClientClass: { construct: { returns: 'PrismaClient', createsEngine: true, config: { layout: 'prisma', options: 0 } } },
    PrismaClient: {
      label: 'PrismaClient',
      variable: 'prisma',
      role: 'engine',
      // Model delegates: `prisma.user.findMany()`.
      anyProp: 'ModelDelegate',
      // Tagged templates (`` prisma.$queryRaw`…` ``) or calls with a `Prisma.sql` fragment.
      props: { $queryRaw: 'RawQuery', $executeRaw: 'RawQuery' },
      // The client's own housekeeping, no query: connecting, disconnecting, event listeners,
      // middleware (before Prisma 6), an extended client.
      local: ['$connect', '$disconnect', '$on', '$use', '$extends'],
      methods: {
        $connect: {},
        $disconnect: { effect: 'close' },
        // Interactive: `$transaction(async (tx) => …, { maxWait, timeout, isolationLevel })`; the
        // array form `$transaction([q1, q2])` is not a callback and commits by itself. Called inside
        // another transaction's callback it starts an independent transaction on another connection.
        $transaction: {
          nesting: 'separate',
          callback: { arg: 0, params: ['TransactionClient'], scope: 'transaction', timeout: PRISMA_TIMEOUT },
        },
        $queryRawUnsafe: { sql: { arg: 0 } },
        $executeRawUnsafe: { sql: { arg: 0 } },
        // Returns an extended client sharing the base client's engine: not a new engine.
        $extends: { returns: 'PrismaClient' },
      },
    },
    TransactionClient: {
      // `Prisma.TransactionClient` = `Omit<PrismaClient, ITXClientDenyList>`.
      label: 'Prisma transaction client',
      variable: 'tx',
      role: 'transaction',
      anyProp: 'ModelDelegate',
      props: { $queryRaw: 'RawQuery', $executeRaw: 'RawQuery' },
      methods: {
        // Only Prisma ≥ 7.5 (removed from the deny list); nests as a savepoint.
        $transaction: {
          nesting: 'savepoint',
          callback: { arg: 0, params: ['TransactionClient'], scope: 'transaction', timeout: PRISMA_TIMEOUT },
        },
        $queryRawUnsafe: { sql: { arg: 0 } },
        $executeRawUnsafe: { sql: { arg: 0 } },
      },
    },
    RawQuery: {
      tag: { sql: { template: true } },
      call: { sql: { arg: 0 } },
    },
    ModelDelegate: { label: 'Prisma model delegate' },

    adapterPg: { props: { PrismaPg: 'PgAdapterClass' } },
    // `new PrismaPg(poolConfig | connectionString | pool)`: a pg PoolConfig builds its pool.
    PgAdapterClass: { construct: { returns: 'DriverAdapter', wraps: true, config: { layout: 'pg', url: 0, options: 0 } } },
    adapterNeon: { props: { PrismaNeon: 'NeonAdapterClass', PrismaNeonHTTP: 'AdapterClass' } },
    // `new PrismaNeon(poolConfig)` (Prisma 6.6 and later: a Neon Pool's configuration, node-postgres's
    // keys) or `new PrismaNeon(pool)` (before: wraps your Neon Pool).
    NeonAdapterClass: { construct: { returns: 'DriverAdapter', wraps: true, config: { layout: 'pg', options: 0 } } },
    // `new PrismaNeonHTTP(url, options)`: queries over HTTP, no session to name.
    AdapterClass: { construct: { returns: 'DriverAdapter', wraps: true } },
    DriverAdapter: { label: 'Prisma driver adapter', variable: 'adapter' },
  },
  // `db.$transaction(…)`, `` db.$queryRaw`…` ``: only a Prisma client has these (the project's
  // `lib/prisma` singleton, a NestJS `PrismaService extends PrismaClient`, tRPC's `ctx.db`).
  recognisedBy: { shape: 'PrismaClient', methods: ['$transaction', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'] },
  types: {
    PrismaClient: 'PrismaClient',
    'Prisma.TransactionClient': 'TransactionClient',
    PrismaPg: 'DriverAdapter',
    PrismaNeon: 'DriverAdapter',
  },
};

export default prisma;
