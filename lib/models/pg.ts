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
  shapes: {
    module: {
      props: { Pool: 'PoolClass', Client: 'ClientClass', native: 'module' },
    },
    PoolClass: { construct: { returns: 'Pool', createsEngine: true } },
    ClientClass: { construct: { returns: 'Client', createsClient: true } },
    Pool: {
      label: 'pg Pool',
      variable: 'pool',
      role: 'engine',
      methods: {
        connect: {
          resolves: 'PoolClient',
          effect: 'acquire',
          callback: { arg: 'last', params: [null, 'PoolClient', null], scope: 'connection' },
        },
        query: { sql: { arg: 0 } },
        end: { effect: 'close' },
      },
    },
    PoolClient: {
      label: 'pg PoolClient',
      role: 'connection',
      methods: {
        query: { sql: { arg: 0 } },
        release: { effect: 'release' },
      },
    },
    Client: {
      label: 'pg Client',
      role: 'connection',
      methods: {
        connect: {},
        query: { sql: { arg: 0 } },
        end: { effect: 'release' },
      },
    },
  },
  types: {
    Pool: 'Pool',
    PoolClient: 'PoolClient',
    Client: 'Client',
    ClientBase: 'Client',
  },
};

export default pg;
