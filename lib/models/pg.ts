import { nodePostgresApi } from './node-postgres-api';
import type { LibraryModel } from './types';

/**
 * node-postgres (`pg`) and its standalone pool (`pg-pool`).
 * https://node-postgres.com/apis/pool, /apis/client, /features/transactions
 */
const pg: LibraryModel = {
  id: 'pg',
  name: 'node-postgres',
  modules: [
    { name: 'pg', exports: 'module' },
    { name: 'pg-pool', exports: 'PoolClass' },
  ],
  // A pool imported from the project's own module (`const pool = require('../config/db')`), known by
  // node-postgres's checkout idiom: `const client = await pool.connect(); … client.release()`.
  recognisedBy: { shape: 'Pool', handleChains: { method: 'connect', awaited: true, methods: ['release'] } },
  shapes: {
    module: {
      props: { Pool: 'PoolClass', Client: 'ClientClass', native: 'module' },
    },
    PoolClass: { construct: { returns: 'Pool', createsEngine: true, config: { layout: 'pg', options: 0, readsEnvironment: true } } },
    ClientClass: { construct: { returns: 'Client', createsClient: true, config: { layout: 'pg', url: 0, options: 0, readsEnvironment: true } } },
    ...nodePostgresApi({ pool: 'pg Pool', poolClient: 'pg PoolClient', client: 'pg Client' }),
  },
  types: {
    Pool: 'Pool',
    PoolClient: 'PoolClient',
    Client: 'Client',
    ClientBase: 'Client',
  },
};

export default pg;
