import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

describe('value tracking: serverless-postgres', () => {
  it('tracks the client built from the CommonJS export and its calls', () => {
    const code = `
      const ServerlessClient = require('serverless-postgres');
      const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL });
      exports.handler = async () => {
        await client.connect();
        const { rows } = await client.query('SELECT 1');
        await client.clean();
        await client.end();
        return rows;
      };
    `;
    expect(valuesOfIdentifier(code, 'client')).toEqual(Array(5).fill('serverless-postgres:ServerlessClient'));
    expect(modelledCalls(code)).toEqual([
      { text: 'new ServerlessClient({ connectionString: process.env.DATABASE_URL })', shape: 'serverless-postgres:ClientClass', createsEngine: true },
      { text: 'client.connect()', shape: 'serverless-postgres:ServerlessClient', method: 'connect' },
      { text: "client.query('SELECT 1')", shape: 'serverless-postgres:ServerlessClient', method: 'query' },
      { text: 'client.clean()', shape: 'serverless-postgres:ServerlessClient', method: 'clean' },
      { text: 'client.end()', shape: 'serverless-postgres:ServerlessClient', method: 'end', effect: 'close' },
    ]);
  });

  it('tracks the default import and the type annotation', () => {
    const code = `
      import ServerlessClient from 'serverless-postgres';
      const db = new ServerlessClient({ host: 'db' });
      export async function count(client: ServerlessClient) { return client.query('SELECT count(*) FROM t'); }
      db;
    `;
    expect(valuesOfIdentifier(code, 'db')).toEqual(Array(2).fill('serverless-postgres:ServerlessClient'));
    expect(valuesOfIdentifier(code, 'client')).toEqual(Array(2).fill('serverless-postgres:ServerlessClient'));
  });
});
