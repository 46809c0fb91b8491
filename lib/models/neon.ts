import { nodePostgresApi } from './node-postgres-api';
import type { LibraryModel } from './types';

/**
 * Neon's serverless driver (`@neondatabase/serverless`).
 * https://github.com/neondatabase/serverless (README.md, CONFIG.md; types in the package's index.d.ts)
 *
 * - `Pool` / `Client` are the node-postgres objects re-exported over WebSockets: the same lifecycle
 *   as `pg` (`pool.connect()` checks out a `PoolClient` to `release()`, `client.end()`, raw
 *   `BEGIN`/`COMMIT` on a checked-out client), with Neon labels so messages name the driver in use.
 * - `neon(url)` returns an HTTP query function. Building it opens nothing (no pool, no socket: it
 *   closes over the connection string), so it is not an engine construction. But every query it sends
 *   is a separate HTTPS request, run by Neon's proxy in its own implicit transaction with no session
 *   carried over ("sessions and transactions are not supported", README), exactly like `pool.query()`
 *   on a pool: `` sql`BEGIN` ``, `SET`, session advisory locks or prepared statements do not survive
 *   to the next query. So the query function itself has the `engine` role.
 *   Its only transaction form is the non-interactive batch `sql.transaction([...])`, which always runs
 *   as one independent HTTP request, never inside an enclosing transaction.
 * - The README says Pool/Client "must be connected, used and closed within a single request handler"
 *   on serverless/edge runtimes, hence `serverless`.
 */
const neon: LibraryModel = {
  id: 'neon',
  name: 'Neon serverless driver',
  serverless: true,
  modules: [{ name: '@neondatabase/serverless', exports: 'module' }],
  shapes: {
    module: {
      props: {
        Pool: 'PoolClass',
        Client: 'ClientClass',
        neon: 'neonFunction',
        neonConfig: 'Config',
      },
    },
    PoolClass: { construct: { returns: 'Pool', createsEngine: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    ClientClass: { construct: { returns: 'Client', createsClient: true, config: { layout: 'pg', url: 0, options: 0, readsEnvironment: true } } },
    /** `neon(url, opts?)` / `neon(opts)`: a cheap closure over the connection string. */
    neonFunction: { call: { returns: 'HttpQuery' } },
    /** Global (and per-client) settings object: `neonConfig.webSocketConstructor = ws`, `poolQueryViaFetch`. */
    Config: { label: 'neonConfig' },
    HttpQuery: {
      label: 'Neon HTTP query function',
      variable: 'sql',
      role: 'engine',
      tag: { sql: { template: true } },
      methods: {
        query: { sql: { arg: 0 } },
        // `sql.transaction([q1, q2], opts?)` or `sql.transaction(txn => [txn`…`])` (a non-async function
        // returning queries; `txn` is the same query function). One HTTP request, one transaction.
        transaction: { nesting: 'separate' },
      },
    },
    ...nodePostgresApi({ pool: 'Neon Pool', poolClient: 'Neon PoolClient', client: 'Neon Client' }),
  },
  types: {
    Pool: 'Pool',
    PoolClient: 'PoolClient',
    Client: 'Client',
    ClientBase: 'Client',
    NeonQueryFunction: 'HttpQuery',
    neonConfig: 'Config',
  },
};

export default neon;
