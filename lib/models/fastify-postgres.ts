import type { LibraryModel } from './types';

/**
 * @fastify/postgres (formerly `fastify-postgres`), Fastify's node-postgres plugin.
 * https://github.com/fastify/fastify-postgres (README.md, index.js, index.d.ts of 6.x).
 *
 * - `fastify.register(require('@fastify/postgres'), options)`: the options go to `new pg.Pool()`
 *   (plus the plugin's own `name`, `native` and `pg`), so its configuration is pg's.
 * - The plugin decorates the instance with `pg` (`fastify.pg`, `request.server.pg`, `this.pg` in a
 *   route handler written as a function): `connect` and `query` are the pool's own, `pool` is the
 *   pool, `Client` pg's class, and `transact(fn[, cb])` checks a client out, sends `BEGIN`, runs
 *   `fn(client)` and sends `COMMIT` (or `ROLLBACK` when it rejects), then releases the client: a
 *   new connection every time, so a `transact` inside another is a separate transaction. With a
 *   `name` option the same object is `fastify.pg[name]`.
 * - A route registered with `{ pg: { transact: true } }` gets a client in a transaction the plugin
 *   commits after the handler as `request.pg`: not modelled (nothing to judge the handler for).
 */
const fastifyPostgres: LibraryModel = {
  id: 'fastify-postgres',
  name: '@fastify/postgres',
  modules: [
    { name: '@fastify/postgres', exports: 'Plugin' },
    { name: 'fastify-postgres', exports: 'Plugin' },
  ],
  shapes: {
    // `module.exports = fp(fastifyPostgres)`, with `.default` and `.fastifyPostgres` as the same function.
    Plugin: {
      props: { default: 'Plugin', fastifyPostgres: 'Plugin' },
      // It builds a pool, which the instance keeps for its life (closed in its `onClose` hook): no
      // engine for `no-engine-per-request` to judge where it is registered (a `start()` function).
      plugin: { config: { layout: 'pg', options: 1, readsEnvironment: true } },
    },
    PostgresDb: {
      label: '@fastify/postgres pool (fastify.pg)',
      variable: 'pg',
      role: 'engine',
      props: { pool: 'pg:Pool', Client: 'pg:ClientClass' },
      methods: {
        connect: {
          resolves: 'pg:PoolClient',
          effect: 'acquire',
          callback: { arg: 'last', params: [null, 'pg:PoolClient', null], scope: 'connection' },
        },
        query: { sql: { arg: 0 } },
        transact: { callback: { arg: 0, params: ['TransactClient'], scope: 'transaction' }, nesting: 'separate' },
      },
      // A named database (`register(plugin, { name: 'users', … })` → `fastify.pg.users`).
      anyProp: 'PostgresDb',
    },
    TransactClient: {
      label: '@fastify/postgres transaction client',
      variable: 'client',
      role: 'transaction',
      methods: { query: { sql: { arg: 0 } } },
    },
  },
  decorations: [{ property: 'pg', shape: 'PostgresDb' }],
  types: {
    PostgresDb: 'PostgresDb',
    'fastifyPostgres.PostgresDb': 'PostgresDb',
  },
};

export default fastifyPostgres;
