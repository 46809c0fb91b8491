import type { LibraryModel } from './types';

/**
 * serverless-postgres (`new ServerlessClient(config)`), a wrapper of one node-postgres `Client` for
 * AWS Lambda and other function runtimes. https://github.com/MatteoGioioso/serverless-pg (README.md,
 * index.d.ts, src/index.js of 2.1).
 *
 * - The README's usage: declare the client outside the handler, call `await client.connect()` at the
 *   start of every invocation and `await client.clean()` at its end. `connect()` builds and connects a
 *   pg `Client` the first time and returns at once while it is connected, so the connection outlives
 *   the invocation on purpose (a warm container reuses it); `clean()` terminates other clients' idle
 *   connections once the server's connections are mostly used. `end()` closes the client (the next
 *   `connect()` opens a new one).
 * - So it is an engine, built once per process, whose queries all run on its one connection:
 *   `BEGIN` … `COMMIT` through `client.query()` is one transaction, as on a pg `Client`.
 * - Its configuration is pg's `ClientConfig` (passed to `new pg.Client`), plus the wrapper's own
 *   options (`maxConnections`, `strategy`, `delayMs`, …). Since 2.0 it names its connections
 *   `serverless_client` unless `application_name` is set, a name every service using it shares.
 */
const serverlessPostgres: LibraryModel = {
  id: 'serverless-postgres',
  name: 'serverless-postgres',
  modules: [{ name: 'serverless-postgres', exports: 'ClientClass' }],
  shapes: {
    ClientClass: {
      construct: { returns: 'ServerlessClient', createsEngine: true, config: { layout: 'serverless-postgres', options: 0, readsEnvironment: true } },
    },
    ServerlessClient: {
      label: 'ServerlessClient',
      variable: 'client',
      role: 'engine',
      oneConnection: true,
      methods: {
        connect: {},
        query: { sql: { arg: 0 } },
        clean: {},
        setConfig: {},
        on: {},
        end: { effect: 'close' },
      },
    },
  },
  // The module is the class (`export = ServerlessClient`): its own name is the instance type
  // (`import ServerlessClient from 'serverless-postgres'; (client: ServerlessClient) => …`).
  types: {
    '': 'ServerlessClient',
  },
};

export default serverlessPostgres;
