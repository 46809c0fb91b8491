import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastifyPostgresPackage } from '../helpers/fastify-postgres';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

/** A file of a package that depends on @fastify/postgres. */
const inPackage = fastifyPostgresPackage();
const cwd = inPackage('');

describe('value tracking: @fastify/postgres', () => {
  it('reads the registration as a pool built from its options', () => {
    const code = `
      const fastify = require('fastify')();
      fastify.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL });
    `;
    expect(modelledCalls(code)).toContainEqual({
      text: "fastify.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL })",
      shape: 'fastify-postgres:Plugin',
    });
  });

  it('reads the registration on an instance it cannot trace, with the default import', () => {
    const code = `
      import fp from 'fastify-plugin';
      import postgres from '@fastify/postgres';
      export default fp(async (app) => { await app.register(postgres, { connectionString: 'postgres://db/orders' }); });
    `;
    expect(modelledCalls(code).filter((call) => call.shape === 'fastify-postgres:Plugin')).toEqual([
      { text: "app.register(postgres, { connectionString: 'postgres://db/orders' })", shape: 'fastify-postgres:Plugin' },
    ]);
  });

  it('reads fastify.pg and its calls in a route file of a package that depends on the plugin', () => {
    const code = `
      export default async function routes(fastify) {
        fastify.get('/orders/:id', async (request) => {
          const client = await fastify.pg.connect();
          try {
            return (await client.query('SELECT * FROM orders WHERE id = $1', [request.params.id])).rows[0];
          } finally {
            client.release();
          }
        });
        fastify.post('/orders', async (request) => {
          await request.server.pg.transact(async (tx) => tx.query('INSERT INTO orders DEFAULT VALUES'));
          return fastify.pg.query('SELECT count(*) FROM orders');
        });
      }
    `;
    const calls = modelledCalls(code, { filename: inPackage('src/routes/orders.js'), javascript: true, cwd });
    expect(calls).toEqual([
      { text: 'fastify.pg.connect()', shape: 'fastify-postgres:PostgresDb', method: 'connect', effect: 'acquire' },
      { text: "client.query('SELECT * FROM orders WHERE id = $1', [request.params.id])", shape: 'pg:PoolClient', method: 'query' },
      { text: 'client.release()', shape: 'pg:PoolClient', method: 'release', effect: 'release' },
      { text: "request.server.pg.transact(async (tx) => tx.query('INSERT INTO orders DEFAULT VALUES'))", shape: 'fastify-postgres:PostgresDb', method: 'transact', callback: true },
      { text: "tx.query('INSERT INTO orders DEFAULT VALUES')", shape: 'fastify-postgres:TransactClient', method: 'query' },
      { text: "fastify.pg.query('SELECT count(*) FROM orders')", shape: 'fastify-postgres:PostgresDb', method: 'query' },
    ]);
  });

  it('reads this.pg in a handler written as a function, a destructured pg, and a named database', () => {
    const code = `
      export default async function routes(app) {
        const { pg } = app;
        app.get('/a', async function () { return this.pg.query('SELECT 1'); });
        app.get('/b', async () => pg.query('SELECT 2'));
        app.get('/c', async () => app.pg.reports.query('SELECT 3'));
      }
    `;
    expect(modelledCalls(code, { filename: inPackage('src/routes/misc.js'), javascript: true, cwd }).map((call) => call.text)).toEqual([
      "this.pg.query('SELECT 1')",
      "pg.query('SELECT 2')",
      "app.pg.reports.query('SELECT 3')",
    ]);
    // `{ pg }` (its key and its binding), `this.pg`, `pg` of `pg.query`, `app.pg`.
    expect(valuesOfIdentifier(code, 'pg', { filename: inPackage('src/routes/misc.js'), javascript: true, cwd })).toEqual(Array(5).fill('fastify-postgres:PostgresDb'));
  });

  it('leaves .pg alone outside such a package, on other receivers, and in class methods', () => {
    const route = `
      export default async function routes(fastify) {
        fastify.get('/', async () => { const client = await fastify.pg.connect(); return client.query('SELECT 1'); });
      }
    `;
    // No package depends on the plugin, and the file does not import it.
    expect(modelledCalls(route, { filename: path.join(__dirname, 'routes.js'), javascript: true })).toEqual([]);
    const others = `
      export class Store {
        async count() { return this.pg.query('SELECT 1'); }
      }
      export const read = (config) => config.pg.connect();
    `;
    expect(modelledCalls(others, { filename: inPackage('src/store.js'), javascript: true, cwd })).toEqual([]);
  });
});
