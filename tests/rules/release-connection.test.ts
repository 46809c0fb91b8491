import rule from '../../rules/release-connection';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

ruleTester.run('release-connection (ts)', rule, {
  valid: [
    { filename: 'src/finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    if (!rows.length) {
      return null;
    }
    return rows[0];
  } finally {
    client.release();
  }
}` },
    { filename: 'src/canonical-tx.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function transfer(from: string, to: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}` },
    { filename: 'src/typeorm-canonical.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function createInvoice() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('insert into invoices default values');
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}` },
    { filename: 'src/await-using.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function report() {
  await using queryRunner = dataSource.createQueryRunner();
  return queryRunner.query('select 1');
}` },
    { filename: 'src/returned.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function getClient() {
  const client = await pool.connect();
  await client.query("set statement_timeout = '5s'");
  return client;
}` },
    { filename: 'src/stored.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export class Listener {
  private client?: PoolClient;
  async start() {
    this.client = await pool.connect();
    await this.client.query('LISTEN jobs');
  }
}` },
    { filename: 'src/listener.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function subscribe(onJob: (payload?: string) => void) {
  const client = await pool.connect();
  client.on('notification', (message) => onJob(message.payload));
  await client.query('LISTEN jobs');
}` },
    { filename: 'src/handed-over.ts', code: `import { Pool } from 'pg';
import { runMigrations } from './migrations';
const pool = new Pool();
export async function migrate() {
  const client = await pool.connect();
  await runMigrations(client);
}` },
    { filename: 'src/helper.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
function done(client: PoolClient) {
  client.release();
}
export async function count() {
  const client = await pool.connect();
  try {
    return (await client.query('select count(*) from t')).rows[0];
  } finally {
    done(client);
  }
}` },
    { filename: 'src/promise-finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function count() {
  const client = await pool.connect();
  return client.query('select 1').finally(() => client.release());
}` },
    { filename: 'src/loop-finally.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function sync(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from t where id = $1', [id]);
      if (!rowCount) {
        continue;
      }
      await client.query('update t set synced = true where id = $1', [id]);
    } finally {
      client.release();
    }
  }
}` },
    { filename: 'src/release-error.ts', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function risky() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
}` },
    { filename: 'src/client-finally.ts', code: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  try {
    return (await client.query('select now()')).rows;
  } finally {
    await client.end();
  }
}` },
    { filename: 'src/reserve-finally.ts', code: `import postgres from 'postgres';
const sql = postgres();
export async function claim() {
  const reserved = await sql.reserve();
  try {
    return await reserved\`select * from jobs for update skip locked limit 1\`;
  } finally {
    reserved.release();
  }
}` },
    { filename: 'src/lookalike.ts', code: `const pool = { async connect() { return { release() {}, async query(_: string) { return 1; } }; } };
export async function f() {
  const client = await pool.connect();
  await client.query('select 1');
}` },
    { filename: 'src/guarded.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function run() {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('select 1');
  } finally {
    if (client) client.release();
  }
}` },
    { filename: 'src/module-state.ts', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
let listener: PoolClient;
export async function start() {
  listener = await pool.connect();
  await listener.query('LISTEN jobs');
}` },
    { filename: 'src/loop-end.ts', code: `import { Client } from 'pg';
export async function createDatabase(names: string[]) {
  for (const n of names) {
    const client = new Client({ database: n });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      console.log(error);
    } finally {
      await client.end();
    }
  }
}` },
    { filename: 'src/typeorm-props.ts', code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export function connectionOf() {
  const queryRunner = dataSource.createQueryRunner();
  return queryRunner.connection.options;
}` },
    { filename: 'src/drizzle-client.ts', code: `import { Client } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
export async function a() {
  const client = new Client({});
  const db = drizzle({ client });
  await client.connect();
  try {
    await db.execute('select 1');
  } finally {
    await db.$client.end();
  }
}
export async function b() {
  const client = new Client({});
  const db = drizzle(client);
  await client.connect();
  try {
    await db.execute('select 1');
  } finally {
    await db.$client.end();
  }
}` },

  ],
  invalid: [
    {
      filename: 'src/happy-path.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('select * from users where id = $1', [id]);
  client.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/early-return.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    if (!rows.length) {
      return null;
    }
    client.release();
    return rows[0];
  } catch (error) {
    client.release();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/never.ts',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function count() {
  const client = await pool.connect();
  const result = await client.query('select count(*) from users');
  return result.rows[0].count;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":6},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/swallow.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update users set seen_at = now() where id = $1', [id]);
    client.release();
  } catch (error) {
    console.error(error);
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":11},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/rethrow.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update users set seen_at = now() where id = $1', [id]);
  } catch (error) {
    throw new Error('touch failed', { cause: error });
  }
  client.release();
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":8},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query('update users set seen_at = now() where id = $1', [id]);
    } catch (error) {
      throw new Error('touch failed', { cause: error });
    }
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/loop-continue.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function sync(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from t where id = $1', [id]);
      if (!rowCount) {
        continue;
      }
      await client.query('update t set synced = true where id = $1', [id]);
    } catch (error) {
      client.release();
      throw error;
    }
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 40,
          data: {"handle":"client","line":18},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/loop-break.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function firstFree(slots: string[]) {
  let found: string | undefined;
  for (const slot of slots) {
    const client = await pool.connect();
    try {
      const { rowCount } = await client.query('select 1 from slots where id = $1 and free', [slot]);
      if (rowCount) {
        found = slot;
        break;
      }
    } catch (error) {
      client.release();
      throw error;
    }
    client.release();
  }
  return found;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 40,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/switch.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function run(kind: 'a' | 'b') {
  const client = await pool.connect();
  try {
    switch (kind) {
      case 'a':
        await client.query('select 1');
        client.release();
        break;
      case 'b':
        await client.query('select 2');
        break;
    }
  } catch (error) {
    client.release();
    throw error;
  }
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":19},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/throw.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function guarded(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('select * from t where id = $1', [id]);
  if (!rows.length) {
    throw new Error('not found');
  }
  client.release();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function guarded(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from t where id = $1', [id]);
    if (!rows.length) {
      throw new Error('not found');
    }
    return rows[0];
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/twice.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function twice() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
    client.release();
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 21,
          data: {"handle":"client","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/twice-catch.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function twice() {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } catch (error) {
    client.release(true);
    throw error;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedTwice',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 21,
          data: {"handle":"client","line":8},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/query-runner.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  const rows = await queryRunner.query('select * from report');
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 53,
          data: {"handle":"queryRunner","line":7},
          suggestions: [
          ],
        },
      ],
    },
    {
      filename: 'src/query-runner-happy.ts',
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  const rows = await queryRunner.query('select * from report');
  await queryRunner.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 53,
          data: {"handle":"queryRunner","line":6},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function loadReport() {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    const rows = await queryRunner.query('select * from report');
    return rows;
  } finally {
    await queryRunner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/reserve.ts',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function lockAndRead() {
  const reserved = await sql.reserve();
  const rows = await reserved\`select * from jobs for update skip locked limit 1\`;
  reserved.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 39,
          data: {"handle":"reserved","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function lockAndRead() {
  const reserved = await sql.reserve();
  try {
    const rows = await reserved\`select * from jobs for update skip locked limit 1\`;
    return rows;
  } finally {
    reserved.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/client.ts',
      code: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select now()');
  await client.end();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  try {
    const { rows } = await client.query('select now()');
    return rows;
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/neon.ts',
      code: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function read() {
  const client = await pool.connect();
  const { rows } = await client.query('select 1');
  client.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          data: {"handle":"client","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function read() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/vercel.ts',
      code: `import { sql } from '@vercel/postgres';
export async function read() {
  const client = await sql.connect();
  const { rows } = await client.query('select 1');
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 37,
          data: {"handle":"client","line":5},
          suggestions: [
          ],
        },
      ],
    },

  ],
});

jsRuleTester.run('release-connection (esm)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `import pg from 'pg';
export const handler = async () => {
  const client = new pg.Client();
  await client.connect();
  return (await client.query('select now()')).rows;
};`,
      errors: [
        {
          messageId: 'notReleased',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 25,
          data: {"handle":"client","line":5},
          suggestions: [
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('release-connection (cjs)', rule, {
  valid: [
    { code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('LISTEN jobs');
  } finally {
    sco.done();
  }
}
module.exports = { listen };` },
    { code: `const { Pool } = require('pg');
const pool = new Pool();
pool.connect((err, client, done) => {
  if (err) throw err;
  client.query('select 1', (error) => {
    done();
  });
});` },
  ],
  invalid: [
    {
      code: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  await sco.none('select 1');
  sco.done();
}
module.exports = { listen };`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 33,
          data: {"handle":"sco","line":5},
          suggestions: [
            {
              messageId: 'suggestFinally',
              output: `const pgp = require('pg-promise')();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('select 1');
  } finally {
    sco.done();
  }
}
module.exports = { listen };`,
            },
          ],
        },
      ],
    },
  ],
});
