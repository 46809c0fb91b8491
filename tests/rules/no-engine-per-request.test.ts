import rule from '../../rules/no-engine-per-request';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

const WHY_REQUEST =
  'so every request opens its own pool of connections. Behind PgBouncer this multiplies client and server connections, pays connection set-up and metadata loading on every request, and leaks the pool when the request throws. Create it once per process and reuse it.';

ruleTester.run('no-engine-per-request (pg, TypeScript)', rule, {
  valid: [
    // module scope
    `import { Pool } from 'pg'; export const pool = new Pool();`,
    // a single Client connected and ended per request is the documented connect-per-request shape
    `import express from 'express'; import { Client } from 'pg';
     const app = express();
     app.get('/x', async (req, res) => { const c = new Client(); await c.connect(); try { res.json((await c.query('select 1')).rows) } finally { await c.end() } });`,
    // lazy singletons
    `import { Pool } from 'pg'; let pool: Pool | undefined;
     export function handler() { pool ??= new Pool(); return pool.query('select 1'); }`,
    `import express from 'express'; import { Pool } from 'pg';
     const app = express(); let pool: Pool | undefined;
     app.get('/x', async (req, res) => { if (!pool) { pool = new Pool(); } res.json(await pool.query('select 1')); });`,
    `import express from 'express'; import { Pool } from 'pg';
     const app = express(); const pools = new Map<string, Pool>();
     app.get('/t/:tenant', async (req, res) => {
       if (!pools.has(req.params.tenant)) pools.set(req.params.tenant, new Pool({ database: req.params.tenant }));
       res.json(await pools.get(req.params.tenant)!.query('select 1'));
     });`,
    `import { Pool } from 'pg';
     const g = globalThis as unknown as { pool?: Pool };
     export const GET = async () => { const pool = (g.pool ??= new Pool()); return Response.json(await pool.query('select 1')); };`,
    // factories that return or store the engine
    `import { Pool } from 'pg'; export function createPool(url: string) { return new Pool({ connectionString: url }); }`,
    `import { Pool } from 'pg'; export class Db { pool: Pool; constructor() { this.pool = new Pool(); } }`,
    `import { Pool } from 'pg'; import express from 'express';
     export function buildServer(url: string) {
       const pool = new Pool({ connectionString: url });
       const app = express();
       app.get('/', async (req, res) => res.json(await pool.query('select 1')));
       return app;
     }`,
    // called only from module top level
    `import pg from 'pg';
     async function main() { const pool = new pg.Pool(); await pool.query('select 1'); await pool.end(); }
     main().catch(console.error);`,
    `import pg from 'pg';
     (async () => { const pool = new pg.Pool(); await pool.query('select 1'); await pool.end(); })();`,
    // tests
    `import { Pool } from 'pg'; import { it } from 'vitest';
     it('works', async () => { const pool = new Pool(); await pool.query('select 1'); await pool.end(); });`,
    // shadowed and local look-alikes
    `class Pool { query() {} } export function handler() { const p = new Pool(); p.query(); }`,
    `import { Pool } from './pool'; export function handler() { const p = new Pool(); p.query(); }`,
    // checkAllFunctions off
    {
      code: `import { Pool } from 'pg'; export async function count() { const pool = new Pool(); return (await pool.query('select 1')).rowCount; }`,
      options: [{ checkAllFunctions: false }],
    },
  ],
  invalid: [
    {
      code: `import express from 'express';
import { Pool } from 'pg';
const router = express.Router();
router.get('/users', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('select * from users')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 26,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the Express route handler `GET /users`', fn: '' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import express from 'express';
import { Pool } from 'pg';
const router = express.Router();
const pool = new Pool();

router.get('/users', async (req, res) => {
  res.json((await pool.query('select * from users')).rows);
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Pool } from 'pg';
export async function countUsers() {
  const pool = new Pool();
  const { rows } = await pool.query('select count(*) from users');
  await pool.end();
  return rows[0].count;
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          column: 16,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: '', fn: '`countUsers`' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function countUsers() {
  const { rows } = await pool.query('select count(*) from users');
  await pool.end();
  return rows[0].count;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';
const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();
app.get('/items', async (c) => {
  const pool = new Pool({ connectionString: c.env.DATABASE_URL });
  return c.json((await pool.query('select 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the Hono route handler `GET /items`', fn: '' },
          suggestions: [
            {
              messageId: 'suggestLazy',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import { Hono } from 'hono';
import { Pool } from 'pg';
const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();
let pool2: InstanceType<typeof Pool> | undefined;

app.get('/items', async (c) => {
  const pool = (pool2 ??= new Pool({ connectionString: c.env.DATABASE_URL }));
  return c.json((await pool.query('select 1')).rows);
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Pool } from 'pg';
for (const url of urls) {
  const pool = new Pool({ connectionString: url });
  await pool.query('select 1');
  await pool.end();
}
declare const urls: string[];`,
      errors: [{ messageId: 'inLoop', line: 3, data: { construction: '`new Pool()`', engine: 'pg Pool', handler: '', fn: '' }, suggestions: [] }],
    },
  ],
});

jsRuleTester.run('no-engine-per-request (pg, JavaScript ESM)', rule, {
  valid: [`import pg from 'pg'; export const pool = new pg.Pool();`],
  invalid: [
    {
      code: `import pg from 'pg';
import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.body = (await new pg.Pool().query('select 1')).rows;
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 21,
          data: { construction: '`new pg.Pool()`', engine: 'pg Pool', handler: 'the Koa middleware', fn: '' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import pg from 'pg';
import Koa from 'koa';
const app = new Koa();
const pool = new pg.Pool();

app.use(async (ctx) => {
  ctx.body = (await pool.query('select 1')).rows;
});`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-engine-per-request (pg, CommonJS)', rule, {
  valid: [`const { Pool } = require('pg'); module.exports = new Pool();`],
  invalid: [
    {
      code: `const { Pool } = require('pg');
exports.handler = async (event) => {
  const pool = new Pool();
  return (await pool.query('select 1')).rows;
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the AWS Lambda handler `handler`', fn: '' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `const { Pool } = require('pg');
const pool = new Pool();

exports.handler = async (event) => {
  return (await pool.query('select 1')).rows;
};`,
            },
          ],
        },
      ],
    },
  ],
});

export { WHY_REQUEST };
