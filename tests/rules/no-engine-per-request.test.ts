import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/no-engine-per-request';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

ruleTester.run('no-engine-per-request (pg, TypeScript)', rule, {
  valid: [
    {
      // Waiting for the database to come up: the loop goes round again only after a failed attempt.
      code: `import pg from 'pg';
export async function waitForDatabase(connectionString: string, retries = 15, delay = 3000): Promise<void> {
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      const pool = new pg.Pool({ connectionString });
      await pool.query('SELECT 1');
      await pool.end();
      return;
    } catch (error) {
      if (attempt === retries - 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}`,
    },
    {
      // The same, with the way out in a \`try\` after the construction, or under a condition.
      code: `import { Pool } from 'pg';
export async function waitForDatabase(config: object): Promise<void> {
  let attempts = 0;
  while (attempts < 30) {
    const pool = new Pool(config);
    try {
      await pool.query('SELECT 1');
      await pool.end();
      return;
    } catch {
      await pool.end().catch(() => {});
      attempts++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
export async function waitUntilReady(config: object): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const pool = new Pool(config);
    const ready = await pool.query('SELECT 1').then(() => true, () => false);
    await pool.end();
    if (ready) break;
  }
}`,
    },
    {
      // A Fastify plugin's pool is the instance's, kept for its life: registered in a start-up function.
      filename: 'src/app.ts',
      code: `import Fastify from 'fastify';
import postgres from '@fastify/postgres';
export async function start(port: number) {
  const app = Fastify();
  await app.register(postgres, { connectionString: process.env.DATABASE_URL });
  await app.listen({ port });
}`,
    },
    {
      // One connection, closed before the call returns: a client connected for the call (a probe
      // that must not share the listener's session), as `new Client()` would be.
      filename: 'src/realtime/listener.ts',
      code: `import postgres from 'postgres';
export function openListener(input: { directUrl: string }) {
  const bus = postgres(input.directUrl, { max: 1, idle_timeout: 0 });
  return {
    async verify() {
      const sender = postgres(input.directUrl, { max: 1, connect_timeout: 15 });
      try {
        await sender\`select pg_notify('bus', 'probe')\`;
      } finally {
        await sender.end({ timeout: 5 });
      }
    },
    close: () => bus.end(),
  };
}`,
    },
    {
      // Start-up steps: a loader of `src/loaders/` and a `main` or `bootstrap` function, run once per process.
      filename: 'worker/src/core/loaders/script.loader.ts',
      code: `import { Sequelize } from 'sequelize';
const scriptLoader = async (): Promise<void> => {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  await sequelize.authenticate();
  await sequelize.close();
};
export default scriptLoader;`,
    },
    {
      filename: 'src/cli/report.ts',
      code: `import { Pool } from 'pg';
export async function main() {
  const pool = new Pool();
  await pool.query('select 1');
  await pool.end();
}
export async function bootstrap() {
  const pool = new Pool();
  await pool.query('select 1');
  await pool.end();
}`,
    },
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
    // A rotation: the timer rebuilds the pool when its IAM token expires and closes the old one.
    `import pg from 'pg';
     export class PostgresClient {
       conn: { pool: pg.Pool } | undefined;
       interval: NodeJS.Timeout | undefined;
       async connect(config: pg.PoolConfig) {
         this.conn = { pool: new pg.Pool(config) };
         this.interval = setInterval(async () => {
           const password = await refreshToken();
           const next = new pg.Pool({ ...config, password });
           const probe = await next.connect();
           probe.release();
           if (this.conn?.pool) {
             await this.conn.pool.end();
           }
           this.conn = { pool: next };
         }, 10 * 60 * 1000);
       }
     }`,
    `import { Pool } from 'pg';
     let pool = new Pool();
     setInterval(async () => {
       await pool.end();
       pool = new Pool({ password: await readSecret() });
     }, 3_600_000);`,
    // Each iteration connects to another database and closes its pool: one engine per database.
    `import { Pool } from 'pg';
for (const url of urls) {
  const pool = new Pool({ connectionString: url });
  await pool.query('select 1');
  await pool.end();
}
declare const urls: string[];`,
  ],
  invalid: [
    {
      // Replaced without closing the old one: every tick leaves a pool behind.
      code: `import { Pool } from 'pg';
let pool = new Pool();
setInterval(async () => {
  pool = new Pool({ password: await readSecret() });
}, 3_600_000);`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestLazy',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import { Pool } from 'pg';
let pool = new Pool();
let pool2: InstanceType<typeof Pool> | undefined;

setInterval(async () => {
  pool = (pool2 ??= new Pool({ password: await readSecret() }));
}, 3_600_000);`,
            },
          ],
        },
      ],
    },
    {
      // Stored, then closed: the pool closed is the one just built, every request. Hoisted, that
      // close would end the shared pool: no suggestion.
      code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
let pool: Pool | undefined;
app.get('/report', async (req, res) => {
  pool = new Pool();
  res.json((await pool.query('select 1')).rows);
  await pool.end();
});`,
      errors: [{ messageId: 'perRequest', line: 6, column: 10, suggestions: [] }],
    },
    {
      // Per tenant: a lazily shared pool would send every tenant to the first one's database, so
      // no suggestion (the doc's answer is a Map keyed by tenant).
      code: `import express from 'express';
import { Pool } from 'pg';
const router = express.Router();
router.get('/:tenant/users', async (req, res) => {
  const pool = new Pool({ connectionString: req.header('x-tenant-url'), application_name: 'api' });
  res.json((await pool.query('select * from users')).rows);
  await pool.end();
});`,
      errors: [{ messageId: 'perRequest', line: 5, column: 16, suggestions: [] }],
    },
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
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the Express route handler `GET /users`', unit: 'request', fn: '' },
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
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: '', unit: '', fn: '`countUsers`' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function countUsers() {
  const { rows } = await pool.query('select count(*) from users');
  return rows[0].count;
}`,
            },
          ],
        },
      ],
    },
    {
      // Built from a Worker's bindings, reported only with `allowServerlessDrivers: false`.
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';
const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();
app.get('/items', async (c) => {
  const pool = new Pool({ connectionString: c.env.DATABASE_URL });
  return c.json((await pool.query('select 1')).rows);
});`,
      options: [{ allowServerlessDrivers: false }],
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the Hono route handler `GET /items`', unit: 'request', fn: '' },
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
      // Per URL, but never closed: each iteration leaves a pool behind.
      code: `import { Pool } from 'pg';
for (const url of urls) {
  const pool = new Pool({ connectionString: url });
  await pool.query('select 1');
}
declare const urls: string[];`,
      errors: [{ messageId: 'inLoop', line: 3, data: { construction: '`new Pool()`', engine: 'pg Pool', handler: '', unit: '', fn: '' }, suggestions: [] }],
    },
    {
      // Closed, but the same database every time: one pool before the loop would do.
      code: `import { Pool } from 'pg';
for (const item of items) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  try {
    await pool.query('insert into items values ($1)', [item]);
  } finally {
    await pool.end();
  }
}
declare const items: string[];`,
      errors: [{ messageId: 'inLoop', line: 3, suggestions: [] }],
    },
    {
      // A \`break\` that leaves a \`switch\`, not the loop: every item still builds a pool.
      code: `import { Pool } from 'pg';
for (const item of items) {
  switch (item.kind) {
    case 'order': {
      const pool = new Pool({ connectionString: process.env.DATABASE_URL });
      await pool.query('insert into orders values ($1)', [item.id]);
      break;
    }
  }
}
declare const items: { kind: string; id: string }[];`,
      errors: [{ messageId: 'inLoop', line: 5, suggestions: [] }],
    },
    {
      // A Deno server (a Supabase Edge Function): the handler runs per request.
      filename: 'supabase/functions/orders/index.ts',
      code: `import postgres from 'npm:postgres@3.4.4';
Deno.serve(async () => {
  const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });
  return Response.json(await sql\`select count(*) from orders\`);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 15,
          data: { construction: '`postgres()`', engine: 'postgres.js pool', handler: 'the Deno request handler', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import postgres from 'npm:postgres@3.4.4';
const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });

Deno.serve(async () => {
  return Response.json(await sql\`select count(*) from orders\`);
});`,
            },
          ],
        },
      ],
    },
    {
      // A condition that goes on to the next item leaves nothing: every item still builds a pool.
      code: `import { Pool } from 'pg';
for (const item of items) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('select 1 from orders where id = $1', [item]);
  if (rows.length === 0) continue;
  await pool.query('update orders set seen = true where id = $1', [item]);
}
declare const items: string[];`,
      errors: [{ messageId: 'inLoop', line: 3, suggestions: [] }],
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
          data: { construction: '`new pg.Pool()`', engine: 'pg Pool', handler: 'the Koa middleware', unit: 'request', fn: '' },
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
  valid: [
    `const { Pool } = require('pg'); module.exports = new Pool();`,
    // A provisioning Lambda, invoked by a deploy to run the migrations: not a request.
    `const { Pool } = require('pg');
const { runner } = require('node-pg-migrate');
const createPool = () => new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
exports.handler = async (event) => {
  const pool = createPool();
  try {
    for (const dir of event.directories) {
      await runMigrations(pool, dir);
    }
  } finally {
    await pool.end();
  }
};
async function runMigrations(pool, dir) {
  const client = await pool.connect();
  try {
    await runner({ dbClient: client, dir, direction: 'up', migrationsTable: 'migrations' });
  } finally {
    client.release();
  }
}`,
  ],
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
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the AWS Lambda handler `handler`', unit: 'request', fn: '' },
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

ruleTester.run('no-engine-per-request (every handler shape)', rule, {
  valid: [
    // Neon documents per-request pools on edge runtimes: allowed by default
    { filename: 'src/app/api/edge/route.ts', code: `import { Pool } from '@neondatabase/serverless';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('select 1');
  await pool.end();
  return Response.json(rows);
}` },

  ],
  invalid: [
    {
      filename: 'src/users.controller.ts',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    const pool = new Pool();
    return (await pool.query('select * from users')).rows;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the NestJS route handler `UsersController.list`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';
const pool = new Pool();

@Controller('users')
export class UsersController {
  @Get()
  async list() {
    return (await pool.query('select * from users')).rows;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/app/api/users/route.ts',
      code: `import { Pool } from 'pg';
export async function GET() {
  const pool = new Pool();
  return Response.json((await pool.query('select 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 26,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Next.js route handler `GET`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function GET() {
  return Response.json((await pool.query('select 1')).rows);
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/routes/+page.server.ts',
      code: `import pg from 'pg';
export const actions = {
  default: async ({ request }) => {
    const pool = new pg.Pool();
    await pool.query('insert into t values (1)');
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 31,
          data: {"construction":"`new pg.Pool()`","engine":"pg Pool","handler":"the SvelteKit load function `actions.default`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import pg from 'pg';
const pool = new pg.Pool();

export const actions = {
  default: async ({ request }) => {
    await pool.query('insert into t values (1)');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/routes/users.ts',
      code: `import { Pool } from 'pg';
export async function loader({ params }) {
  const pool = new Pool();
  return (await pool.query('select 1')).rows;
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 26,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Remix loader or action `loader`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function loader({ params }) {
  return (await pool.query('select 1')).rows;
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/worker.ts',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';
new Worker('emails', async (job) => {
  const pool = new Pool();
  await pool.query('select 1');
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 26,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the BullMQ job processor `emails`","fn":"","unit":"job"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Worker } from 'bullmq';
import { Pool } from 'pg';
const pool = new Pool();

new Worker('emails', async (job) => {
  await pool.query('select 1');
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/schema.ts',
      code: `import { Pool } from 'pg';
export const resolvers = {
  Query: {
    user: async (_parent, { id }) => {
      const pool = new Pool();
      return (await pool.query('select * from users where id = $1', [id])).rows[0];
    },
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 30,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the GraphQL resolver `Query.user`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export const resolvers = {
  Query: {
    user: async (_parent, { id }) => {
      return (await pool.query('select * from users where id = $1', [id])).rows[0];
    },
  },
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/trpc.ts',
      code: `import { Pool } from 'pg';
import { publicProcedure, router } from './t';
export const appRouter = router({
  list: publicProcedure.query(async ({ ctx }) => {
    const pool = new Pool();
    return (await pool.query('select 1')).rows;
  }),
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the tRPC procedure `query`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
import { publicProcedure, router } from './t';
const pool = new Pool();

export const appRouter = router({
  list: publicProcedure.query(async ({ ctx }) => {
    return (await pool.query('select 1')).rows;
  }),
});`,
            },
          ],
        },
      ],
    },
    {
      // TanStack Start: a server function's handler and a function middleware's server part run per call.
      filename: 'src/data/todos.ts',
      code: `import { createMiddleware, createServerFn } from '@tanstack/react-start';
import postgres from 'postgres';
export const getVersion = createServerFn({ method: 'GET' })
  .inputValidator((data: { verbose: boolean }) => data)
  .handler(async () => {
    const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
    return (await sql\`select version()\`)[0].version;
  });
export const audit = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
  await sql\`insert into audit default values\`;
  await sql.end();
  return next();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 17,
          data: { construction: '`postgres()`', engine: 'postgres.js pool', handler: 'the TanStack Start server function', fn: '', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'postgres.js pool', name: 'sql2' },
              output: `import { createMiddleware, createServerFn } from '@tanstack/react-start';
import postgres from 'postgres';
const sql2 = postgres(process.env.DATABASE_URL!, { prepare: false });

export const getVersion = createServerFn({ method: 'GET' })
  .inputValidator((data: { verbose: boolean }) => data)
  .handler(async () => {
    const sql = sql2;
    return (await sql\`select version()\`)[0].version;
  });
export const audit = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
  await sql\`insert into audit default values\`;
  await sql.end();
  return next();
});`,
            },
          ],
        },
        {
          messageId: 'perRequest',
          line: 10,
          column: 15,
          data: { construction: '`postgres()`', engine: 'postgres.js pool', handler: 'the TanStack Start middleware', fn: '', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'postgres.js pool', name: 'sql2' },
              output: `import { createMiddleware, createServerFn } from '@tanstack/react-start';
import postgres from 'postgres';
export const getVersion = createServerFn({ method: 'GET' })
  .inputValidator((data: { verbose: boolean }) => data)
  .handler(async () => {
    const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
    return (await sql\`select version()\`)[0].version;
  });
const sql2 = postgres(process.env.DATABASE_URL!, { prepare: false });

export const audit = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const sql = sql2;
  await sql\`insert into audit default values\`;
  return next();
});`,
            },
          ],
        },
      ],
    },
    {
      // A TanStack Start server route: each method's handler runs per request.
      filename: 'src/routes/api/orders.ts',
      code: `import { createFileRoute } from '@tanstack/react-router';
import { Pool } from 'pg';
export const Route = createFileRoute('/api/orders')({
  server: {
    handlers: {
      GET: async () => {
        const pool = new Pool({ application_name: 'shop' });
        const { rows } = await pool.query('select id from orders');
        return Response.json(rows);
      },
    },
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 22,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: 'the TanStack Start server route handler `GET /api/orders`', fn: '', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { createFileRoute } from '@tanstack/react-router';
import { Pool } from 'pg';
const pool = new Pool({ application_name: 'shop' });

export const Route = createFileRoute('/api/orders')({
  server: {
    handlers: {
      GET: async () => {
        const { rows } = await pool.query('select id from orders');
        return Response.json(rows);
      },
    },
  },
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/worker.ts',
      code: `import { Pool } from 'pg';
export default {
  async fetch(request, env) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    return Response.json((await pool.query('select 1')).rows);
  },
};`,
      // Cloudflare Workers cannot share a client across requests: reported only when serverless allowances are off
      options: [{ allowServerlessDrivers: false }],
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 66,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Cloudflare Workers handler `default.fetch`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestLazy',
              output: `import { Pool } from 'pg';
let pool2: InstanceType<typeof Pool> | undefined;

export default {
  async fetch(request, env) {
    const pool = (pool2 ??= new Pool({ connectionString: env.DATABASE_URL }));
    return Response.json((await pool.query('select 1')).rows);
  },
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/actions.ts',
      code: `'use server';
import { Pool } from 'pg';
export async function createUser(name: string) {
  const pool = new Pool();
  await pool.query('insert into users(name) values ($1)', [name]);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 26,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Next.js server action `createUser`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `'use server';
import { Pool } from 'pg';
const pool = new Pool();

export async function createUser(name: string) {
  await pool.query('insert into users(name) values ($1)', [name]);
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/plugin.ts',
      code: `export default async function routes(fastify) {
  fastify.get('/health', async () => {
    const { Pool } = await import('pg');
    const pool = new Pool();
    return pool.query('select 1');
  });
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the route handler `GET /health`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestLazy',
              output: `let pool2: InstanceType<typeof Pool> | undefined;

export default async function routes(fastify) {
  fastify.get('/health', async () => {
    const { Pool } = await import('pg');
    const pool = (pool2 ??= new Pool());
    return pool.query('select 1');
  });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/ws.ts',
      code: `import { Server } from 'socket.io';
import { Pool } from 'pg';
const io = new Server();
io.on('connection', (socket) => {
  socket.on('message', async (msg) => {
    const pool = new Pool();
    await pool.query('insert into messages values ($1)', [msg]);
  });
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Socket.IO event handler `message`","fn":"","unit":"event"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Server } from 'socket.io';
import { Pool } from 'pg';
const io = new Server();
const pool = new Pool();

io.on('connection', (socket) => {
  socket.on('message', async (msg) => {
    await pool.query('insert into messages values ($1)', [msg]);
  });
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/repo.ts',
      code: `import { Pool } from 'pg';
export class UserRepository {
  async find(id: string) {
    const pool = new Pool();
    try {
      return (await pool.query('select * from users where id = $1', [id])).rows[0];
    } finally {
      await pool.end();
    }
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"","fn":"`UserRepository.find`","unit":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export class UserRepository {
  async find(id: string) {
    return (await pool.query('select * from users where id = $1', [id])).rows[0];
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/h.ts',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
export const handler = async () => {
  const db = pgp(process.env.DATABASE_URL!);
  return db.any('select 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 44,
          data: {"construction":"`pgp()`","engine":"pg-promise Database","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);

export const handler = async () => {
  return db.any('select 1');
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/h2.ts',
      code: `import { createPool, sql } from 'slonik';
export const handler = async () => {
  const pool = await createPool(process.env.DATABASE_URL!);
  return pool.any(sql.unsafe\`select 1\`);
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 59,
          data: {"construction":"`createPool()`","engine":"slonik DatabasePool","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { createPool, sql } from 'slonik';
const pool2 = createPool(process.env.DATABASE_URL!);

export const handler = async () => {
  const pool = await pool2;
  return pool.any(sql.unsafe\`select 1\`);
};`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-engine-per-request (CommonJS Express router)', rule, {
  valid: [],
  invalid: [
    {
      code: `const { Pool } = require('pg');
const router = require('express').Router();
router.post('/orders', async (req, res) => {
  const pool = new Pool();
  res.json(await pool.query('select 1'));
});
module.exports = router;`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 26,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Express route handler `POST /orders`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const { Pool } = require('pg');
const router = require('express').Router();
const pool = new Pool();

router.post('/orders', async (req, res) => {
  res.json(await pool.query('select 1'));
});
module.exports = router;`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (Prisma, TypeORM, Knex, Sequelize, ts)', rule, {
  valid: [
    // Prisma: the Next.js hot-reload singleton, and $extends (shares the base client's engine)
    `import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;`,
    {
      filename: 'src/app/api/x/route.ts',
      code: `import { prisma } from '@/lib/prisma';
import { PrismaClient } from '@prisma/client';
const base = new PrismaClient();
export async function GET(request: Request) {
  const scoped = base.$extends({ query: { $allOperations: ({ args, query }) => query(args) } });
  return Response.json(await scoped.user.findMany());
}`,
    },
    // NestJS service extending PrismaClient: a singleton provider, constructed by the container
    `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() { await this.$connect(); }
}`,
    // TypeORM: exported data source, initialised at bootstrap; a factory
    `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
async function bootstrap() { await AppDataSource.initialize(); }
bootstrap();`,
    `import { DataSource, type DataSourceOptions } from 'typeorm';
export function createDataSource(options: DataSourceOptions) { return new DataSource(options); }`,
    // Knex: table calls on the shared instance are queries, not engines; a lazily created instance
    {
      filename: 'src/routes.ts',
      code: `import knex, { type Knex } from 'knex';
import express from 'express';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
let reporting: Knex | undefined;
const app = express();
app.get('/orders', async (req, res) => {
  reporting ||= knex({ client: 'pg', connection: process.env.REPORTING_URL });
  res.json({ orders: await db('orders').select(), totals: await reporting('totals').select() });
});`,
    },
    // Sequelize: lazy getter
    `import { Sequelize } from 'sequelize';
let sequelize: Sequelize | undefined;
export function getSequelize() {
  if (!sequelize) {
    sequelize = new Sequelize(process.env.DATABASE_URL!);
  }
  return sequelize;
}`,
    // Sequelize instance created in a class constructor and kept
    `import { Sequelize } from 'sequelize';
export class Database {
  readonly sequelize: Sequelize;
  constructor(url: string) { this.sequelize = new Sequelize(url); }
}`,
  ],
  invalid: [
    {
      filename: 'src/app/api/reports/route.ts',
      code: `import { PrismaClient } from '@prisma/client';
export async function GET() {
  const prisma = new PrismaClient();
  return Response.json(await prisma.report.findMany());
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 36,
          data: {"construction":"`new PrismaClient()`","engine":"PrismaClient","handler":"the Next.js route handler `GET`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();

export async function GET() {
  return Response.json(await prisma.report.findMany());
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/app/api/v7/route.ts',
      code: `import { PrismaClient } from '../../../generated/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
export async function POST(request: Request) {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
  return Response.json(await prisma.user.create({ data: await request.json() }));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 109,
          data: {"construction":"`new PrismaClient()`","engine":"PrismaClient","handler":"the Next.js route handler `POST`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { PrismaClient } from '../../../generated/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });

export async function POST(request: Request) {
  return Response.json(await prisma.user.create({ data: await request.json() }));
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/reports.controller.ts',
      code: `import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Controller('reports')
export class ReportsController {
  @Get()
  async list() {
    const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await dataSource.initialize();
    return dataSource.query('select * from reports');
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 91,
          data: {"construction":"`new DataSource()`","engine":"TypeORM DataSource","handler":"the NestJS route handler `ReportsController.list`","fn":"","unit":"request"},
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/legacy.ts',
      code: `import { createConnection } from 'typeorm';
import express from 'express';
const app = express();
app.get('/legacy', async (req, res) => {
  const connection = await createConnection();
  res.json(await connection.query('select 1'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 28,
          endLine: 5,
          endColumn: 46,
          data: {"construction":"`createConnection()`","engine":"TypeORM DataSource","handler":"the Express route handler `GET /legacy`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { createConnection } from 'typeorm';
import express from 'express';
const app = express();
const dataSource = createConnection();

app.get('/legacy', async (req, res) => {
  const connection = await dataSource;
  res.json(await connection.query('select 1'));
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/orders.ts',
      code: `import { knex } from 'knex';
import Fastify from 'fastify';
const app = Fastify();
app.get('/orders/:id', async (request) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  return db('orders').where({ id: (request.params as { id: string }).id }).first();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 74,
          data: {"construction":"`knex()`","engine":"Knex instance","handler":"the Fastify route handler `GET /orders/:id`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { knex } from 'knex';
import Fastify from 'fastify';
const app = Fastify();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

app.get('/orders/:id', async (request) => {
  return db('orders').where({ id: (request.params as { id: string }).id }).first();
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/count.ts',
      code: `import { Sequelize } from 'sequelize';
export async function countOrders() {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  const [rows] = await sequelize.query('select count(*) from orders');
  await sequelize.close();
  return rows;
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 61,
          data: {"construction":"`new Sequelize()`","engine":"Sequelize instance","handler":"","fn":"`countOrders`","unit":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function countOrders() {
  const [rows] = await sequelize.query('select count(*) from orders');
  return rows;
}`,
            },
          ],
        },
      ],
    },
    {
      // Per tenant database, but never destroyed.
      filename: 'src/tenants.ts',
      code: `import knex from 'knex';
export async function migrateAll(tenants: string[]) {
  for (const tenant of tenants) {
    const db = knex({ client: 'pg', connection: { database: tenant } });
    await db.migrate.latest();
  }
}`,
      errors: [
        {
          messageId: 'inLoop',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 72,
          data: {"construction":"`knex()`","engine":"Knex instance","handler":"","fn":"","unit":""},
          suggestions: [
          ],
        },
      ],
    },

  ],
});

jsRuleTester.run('no-engine-per-request (Prisma, TypeORM, Knex, Sequelize, esm)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `import Sequelize from 'sequelize';
export const resolvers = {
  Mutation: {
    addUser: async (_, args) => {
      const sequelize = new Sequelize('postgres://localhost/app');
      return sequelize.query('insert into users default values');
    },
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 66,
          data: {"construction":"`new Sequelize()`","engine":"Sequelize instance","handler":"the GraphQL resolver `Mutation.addUser`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import Sequelize from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');

export const resolvers = {
  Mutation: {
    addUser: async (_, args) => {
      return sequelize.query('insert into users default values');
    },
  },
};`,
            },
          ],
        },
      ],
    },
  ],
});

cjsRuleTester.run('no-engine-per-request (Prisma, TypeORM, Knex, Sequelize, cjs)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `const { PrismaClient } = require('@prisma/client');
module.exports.handler = async (event) => {
  const prisma = new PrismaClient();
  try {
    return await prisma.user.findUnique({ where: { id: event.id } });
  } finally {
    await prisma.$disconnect();
  }
};`,
      errors: [
        {
          messageId: 'perRequestClosed',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 36,
          data: {"construction":"`new PrismaClient()`","engine":"PrismaClient","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();

module.exports.handler = async (event) => {
  return await prisma.user.findUnique({ where: { id: event.id } });
};`,
            },
          ],
        },
      ],
    },
    {
      code: `const knex = require('knex');
exports.handler = async (event) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  return db('orders').where({ id: event.id }).first();
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 74,
          data: {"construction":"`knex()`","engine":"Knex instance","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const knex = require('knex');
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

exports.handler = async (event) => {
  return db('orders').where({ id: event.id }).first();
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (Drizzle, Kysely, MikroORM, postgres.js, ts)', rule, {
  valid: [
    // Drizzle wrapping a shared pool or client per request builds nothing; neon-http is a stateless HTTP function
    {
      filename: 'src/routes/a.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { pool } from '../db';
export const handler = async () => {
  const db = drizzle({ client: pool });
  const legacy = drizzle(pool);
  const http = drizzleHttp(process.env.DATABASE_URL!);
  return [await db.execute('select 1'), await legacy.execute('select 1'), await http.execute('select 1')];
};`,
    },
    // Drizzle's neon-serverless driver builds a Neon pool: allowed by default like Neon's own Pool
    {
      filename: 'src/app/api/neon/route.ts',
      code: `import { drizzle } from 'drizzle-orm/neon-serverless';
export async function GET() {
  const db = drizzle(process.env.DATABASE_URL!);
  return Response.json(await db.execute('select 1'));
}`,
    },
    // Kysely over a pool built once elsewhere; a MikroORM fork per request is the documented pattern
    {
      filename: 'src/routes/b.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { MikroORM } from '@mikro-orm/postgresql';
import { pool } from '../db';
const orm = await MikroORM.init({});
export const handler = async () => {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const em = orm.em.fork();
  return [await db.selectFrom('t').selectAll().execute(), await em.find('Book', {})];
};`,
    },
    // postgres.js created once in db.ts, as its README shows
    `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
export default sql;`,
  ],
  invalid: [
    {
      filename: 'src/jobs/email.worker.ts',
      code: `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
new Worker('emails', async (job) => {
  const db = drizzle(process.env.DATABASE_URL!);
  await db.execute('select 1');
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 48,
          data: {"construction":"`drizzle()`","engine":"Drizzle node-postgres database","handler":"the BullMQ job processor `emails`","fn":"","unit":"job"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);

new Worker('emails', async (job) => {
  await db.execute('select 1');
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/routes/items.ts',
      code: `import { Hono } from 'hono';
import { drizzle } from 'drizzle-orm/postgres-js';
const app = new Hono();
app.post('/items', async (c) => {
  const db = drizzle({ connection: { url: process.env.DATABASE_URL!, prepare: false } });
  return c.json(await db.execute('select 1'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 89,
          data: {"construction":"`drizzle()`","engine":"Drizzle postgres.js database","handler":"the Hono route handler `POST /items`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Hono } from 'hono';
import { drizzle } from 'drizzle-orm/postgres-js';
const app = new Hono();
const db = drizzle({ connection: { url: process.env.DATABASE_URL!, prepare: false } });

app.post('/items', async (c) => {
  return c.json(await db.execute('select 1'));
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/api/users.ts',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import express from 'express';
const app = express();
app.get('/users', async (req, res) => {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ max: 5 }) }) });
  res.json(await db.selectFrom('users').selectAll().execute());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 95,
          data: {"construction":"`new Kysely()`","engine":"Kysely instance","handler":"the Express route handler `GET /users`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import express from 'express';
const app = express();
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ max: 5 }) }) });

app.get('/users', async (req, res) => {
  res.json(await db.selectFrom('users').selectAll().execute());
});`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/api/orm.ts',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
const app = express();
app.get('/books', async (req, res) => {
  const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL });
  res.json(await orm.em.fork().find('Book', {}));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 75,
          data: {"construction":"`MikroORM.init()`","engine":"MikroORM instance","handler":"the Express route handler `GET /books`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
const app = express();
const orm2 = MikroORM.init({ clientUrl: process.env.DATABASE_URL });

app.get('/books', async (req, res) => {
  const orm = await orm2;
  res.json(await orm.em.fork().find('Book', {}));
});`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-engine-per-request (Drizzle, Kysely, MikroORM, postgres.js, esm)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `import postgres from 'postgres';
export async function handler(event) {
  const sql = postgres();
  return sql\`select 1\`;
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 15,
          endLine: 3,
          endColumn: 25,
          data: {"construction":"`postgres()`","engine":"postgres.js pool","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import postgres from 'postgres';
const sql = postgres();

export async function handler(event) {
  return sql\`select 1\`;
}`,
            },
          ],
        },
      ],
    },

  ],
});

cjsRuleTester.run('no-engine-per-request (Drizzle, Kysely, MikroORM, postgres.js, cjs)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `const postgres = require('postgres');
exports.handler = async (event) => {
  const sql = postgres(process.env.DATABASE_URL);
  const rows = await sql\`select * from exports where id = \${event.id}\`;
  await sql.end();
  return rows;
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 15,
          endLine: 3,
          endColumn: 49,
          data: {"construction":"`postgres()`","engine":"postgres.js pool","handler":"the AWS Lambda handler `handler`","fn":"","unit":"request"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const postgres = require('postgres');
const sql = postgres(process.env.DATABASE_URL);

exports.handler = async (event) => {
  const rows = await sql\`select * from exports where id = \${event.id}\`;
  return rows;
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (import styles, ts)', rule, {
  valid: [
  ],
  invalid: [
    {
      filename: 'src/a.ts',
      code: `import pg = require('pg');
export const handler = async () => {
  const pool = new pg.Pool();
  return pool.query('select 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 29,
          data: {"construction":"`new pg.Pool()`","engine":"pg Pool","handler":"the AWS Lambda handler `handler`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import pg = require('pg');
const pool = new pg.Pool();

export const handler = async () => {
  return pool.query('select 1');
};`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/b.ts',
      code: `import * as typeorm from 'typeorm';
export async function loader() {
  const ds = await new typeorm.DataSource({ type: 'postgres' }).initialize();
  return ds.query('select 1');
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 64,
          data: {"construction":"`new typeorm.DataSource()`","engine":"TypeORM DataSource","handler":"the Remix loader or action `loader`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import * as typeorm from 'typeorm';
const dataSource = new typeorm.DataSource({ type: 'postgres' });

export async function loader() {
  const ds = await dataSource.initialize();
  return ds.query('select 1');
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/e.ts',
      code: `import { PrismaClient as Client } from '@prisma/client';
export class Service {
  async count() {
    const prisma = new Client();
    const total = await prisma.user.count();
    await prisma.$disconnect();
    return total;
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 32,
          data: {"construction":"`new Client()`","engine":"PrismaClient","handler":"","unit":"","fn":"`Service.count`"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { PrismaClient as Client } from '@prisma/client';
const prisma = new Client();

export class Service {
  async count() {
    const total = await prisma.user.count();
    return total;
  }
}`,
            },
          ],
        },
      ],
    },

  ],
});

cjsRuleTester.run('no-engine-per-request (import styles, cjs)', rule, {
  valid: [
  ],
  invalid: [
    {
      code: `const pg = require('pg');
exports.handler = async () => {
  const client = await new pg.Pool().connect();
  try {
    return await client.query('select 1');
  } finally {
    client.release();
  }
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 37,
          data: {"construction":"`new pg.Pool()`","engine":"pg Pool","handler":"the AWS Lambda handler `handler`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const pg = require('pg');
const pool = new pg.Pool();

exports.handler = async () => {
  const client = await pool.connect();
  try {
    return await client.query('select 1');
  } finally {
    client.release();
  }
};`,
            },
          ],
        },
      ],
    },
    {
      code: `exports.handler = async () => {
  const pool = new (require('pg').Pool)();
  return pool.query('select 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 42,
          data: {"construction":"`new require('pg').Pool()`","engine":"pg Pool","handler":"the AWS Lambda handler `handler`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `const pool = new (require('pg').Pool)();

exports.handler = async () => {
  return pool.query('select 1');
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (options, ts)', rule, {
  valid: [
    // the same code without the options: an unknown factory, an unknown callback
    `import { createDatabase } from '@acme/db';
bus.subscribe('order.created', async (event) => {
  const db = createDatabase(process.env.DATABASE_URL);
  await db.insert(event);
});
declare const bus: { subscribe(topic: string, fn: (event: unknown) => Promise<void>): void };`,
    // additionalEngines matches module and export path exactly
    {
      code: `import { createDatabase } from '@acme/other';
export const handler = async () => createDatabase().insert({});`,
      options: [{ additionalEngines: [{ module: '@acme/db', export: 'createDatabase' }] }],
    },
  ],
  invalid: [
    {
      filename: 'src/app/api/edge/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('select 1');
  await pool.end();
  return Response.json(rows);
}`,
      options: [{ "allowServerlessDrivers": false }],
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 72,
          data: {"construction":"`new Pool()`","engine":"Neon Pool","handler":"the Next.js route handler `GET`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function GET() {
  const { rows } = await pool.query('select 1');
  return Response.json(rows);
}`,
            },
          ],
        },
      ],
    },

    {
      filename: 'src/bus.ts',
      code: `import { createDatabase } from '@acme/db';
bus.subscribe('order.created', async (event) => {
  const db = createDatabase(process.env.DATABASE_URL);
  await db.insert(event);
});
declare const bus: { subscribe(topic: string, fn: (event: unknown) => Promise<void>): void };`,
      options: [{ "additionalEngines": [{ "module": "@acme/db", "export": "createDatabase" }], "additionalHandlers": ["*.subscribe"] }],
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 54,
          data: {"construction":"`createDatabase()`","engine":"@acme/db engine","handler":"the `bus.subscribe` callback","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { createDatabase } from '@acme/db';
const db = createDatabase(process.env.DATABASE_URL);

bus.subscribe('order.created', async (event) => {
  await db.insert(event);
});
declare const bus: { subscribe(topic: string, fn: (event: unknown) => Promise<void>): void };`,
            },
          ],
        },
      ],
    },

  ],
});

ruleTester.run('no-engine-per-request (patterns from real code)', rule, {
  valid: [
    // A guard clause returns what the first call set up: the rest, a throw-away pool for a
    // one-off schema check included, runs once per process.
    { filename: 'src/jobs/queue.ts', code: `import postgres from 'postgres';
import { Queue } from './queue-client';
let queue: Queue | undefined;
export async function getJobQueue(): Promise<Queue> {
  if (queue !== undefined) {
    return queue;
  }
  const connectionString = process.env.DATABASE_URL!;
  const sql = postgres(connectionString);
  await sql\`DROP SCHEMA IF EXISTS jobs_v1 CASCADE\`;
  await sql.end();
  queue = new Queue({ connectionString });
  return queue;
}
export class Search {
  private ready = false;
  async init() {
    if (this.ready) return;
    const sql = postgres(process.env.DATABASE_URL!);
    await sql\`CREATE EXTENSION IF NOT EXISTS pg_trgm\`;
    await sql.end();
    this.ready = true;
  }
}` },
    // What the engine hands back keeps it, and is kept: a model defined on it, a repository of it
    // (whose manager leads back to the data source), stored on the instance.
    { filename: 'src/persistence/pg-service.ts', code: `import { Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
export class PgService {
  userModel: unknown;
  users: unknown;
  getUserModel(attributes: object, options: object) {
    const sequelize = new Sequelize(\`postgres://\${process.env.PGHOST}/explorer\`, { logging: false });
    this.userModel = sequelize.define('users', attributes, options);
    return this.userModel;
  }
  async connect() {
    const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await dataSource.initialize();
    this.users = dataSource.getRepository('User');
  }
}` },
    // Built from a Worker's bindings: a Worker cannot reuse a socket across requests.
    { filename: 'src/server.ts', code: `import { Hono } from 'hono';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
type Bindings = { DATABASE_URL: string };
const app = new Hono<{ Bindings: Bindings }>();
const initPrisma = (url: string) => new PrismaClient({ adapter: new PrismaPg(new Pool({ connectionString: url })) });
app.get('/items', async (c) => {
  const url = c.env.DATABASE_URL;
  const pool = new Pool({ connectionString: url });
  const prisma = initPrisma(c.env.DATABASE_URL);
  return c.json({ rows: (await pool.query('select 1')).rows, first: await prisma.item.findFirst() });
});
export default { fetch: app.fetch };` },
    { filename: 'app/api/items/route.ts', code: `import { getCloudflareContext } from '@opennextjs/cloudflare';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
export async function GET() {
  const db = drizzle(new Pool({ connectionString: getCloudflareContext().env.DATABASE_URL }));
  return Response.json(await db.execute('select 1'));
}
export async function PUT() {
  const pool = new Pool({ connectionString: (await getCloudflareContext({ async: true })).env.DATABASE_URL });
  return Response.json((await pool.query('select 1')).rows);
}` },
    { filename: 'src/routes/items/+server.ts', code: `import postgres from 'postgres';
export async function GET({ platform }) {
  const sql = postgres(platform.env.DATABASE_URL);
  return new Response(JSON.stringify(await sql\`select 1\`));
}` },
    { filename: 'src/app.ts', code: `import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { Pool } from 'pg';
const app = new Hono();
app.get('/items', async (c) => {
  const pool = new Pool({ connectionString: env.DATABASE_URL });
  return c.json((await pool.query('select 1')).rows);
});
export default app;` },
    { filename: 'src/worker.ts', code: `import postgres from 'postgres';
export default {
  async fetch(request: Request, env: { DATABASE_URL: string }) {
    const sql = postgres(env.DATABASE_URL);
    return Response.json(await sql\`select 1\`);
  },
};` },
    { filename: 'src/hono.ts', code: `import { Hono } from 'hono';
import { Pool } from 'pg';
const app = new Hono<{ Bindings: { HYPERDRIVE: { connectionString: string } } }>();
app.get('/items', async (c) => {
  const pool = new Pool({ connectionString: c.env.HYPERDRIVE.connectionString });
  return c.json((await pool.query('select 1')).rows);
});` },
    { filename: 'src/factories.ts', code: `import { DataSource, type DataSourceOptions } from 'typeorm';
import { Pool } from 'pg';
export const typeormConfig = {
  dataSourceFactory: async (options: DataSourceOptions) => {
    return new DataSource(options).initialize();
  },
};
export function getPool() {
  return new Pool().on('error', (error) => console.error(error));
}` },
    { filename: 'src/compile.ts', code: `import knex from 'knex';
import { Kysely, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import express from 'express';
const app = express();
app.get('/sql', (req, res) => {
  const builder = knex({ client: 'pg' });
  const cold = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  res.send([builder('t').toString(), cold.selectFrom('t').selectAll().compile().sql]);
});` },
    { filename: 'tests/helpers/db.ts', code: `import { Pool } from 'pg';
export async function withAdminPool<T>(run: (pool: Pool) => Promise<T>) {
  const pool = new Pool({ database: 'postgres' });
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}
export async function createDatabase(name: string) {
  const pool = new Pool({ database: 'postgres' });
  await pool.query(\`create database "\${name}"\`);
  await pool.end();
}` },

  ],
  invalid: [
    {
      // A guard on a place the function never sets guards nothing: every call builds a pool.
      filename: 'src/version.ts',
      code: `import postgres from 'postgres';
let cached: string | undefined;
export async function serverVersion(): Promise<string> {
  if (cached) return cached;
  const sql = postgres(process.env.DATABASE_URL!);
  const [row] = await sql\`select version()\`;
  await sql.end();
  return row.version;
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 5,
          column: 15,
          data: { construction: '`postgres()`', engine: 'postgres.js pool', handler: '', unit: '', fn: '`serverVersion`' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'postgres.js pool', name: 'sql' },
              output: `import postgres from 'postgres';
let cached: string | undefined;
const sql = postgres(process.env.DATABASE_URL!);

export async function serverVersion(): Promise<string> {
  if (cached) return cached;
  const [row] = await sql\`select version()\`;
  return row.version;
}`,
            },
          ],
        },
      ],
    },
    {
      // A model defined on the engine and used, not kept: the engine is dropped with it.
      filename: 'src/users.ts',
      code: `import { Sequelize } from 'sequelize';
export async function listUsers(attributes: object) {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  const User = sequelize.define('users', attributes);
  return User.findAll();
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          column: 21,
          data: { construction: '`new Sequelize()`', engine: 'Sequelize instance', handler: '', unit: '', fn: '`listUsers`' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'Sequelize instance', name: 'sequelize' },
              output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function listUsers(attributes: object) {
  const User = sequelize.define('users', attributes);
  return User.findAll();
}`,
            },
          ],
        },
      ],
    },
    {
      // A local `env` that holds `process.env` is no Worker binding.
      filename: 'src/routes.ts',
      code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
app.get('/a', async (_req, res) => {
  const env = process.env;
  const pool = new Pool({ connectionString: env.DATABASE_URL });
  res.json((await pool.query('select 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestLazy',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import express from 'express';
import { Pool } from 'pg';
const app = express();
let pool2: InstanceType<typeof Pool> | undefined;

app.get('/a', async (_req, res) => {
  const env = process.env;
  const pool = (pool2 ??= new Pool({ connectionString: env.DATABASE_URL }));
  res.json((await pool.query('select 1')).rows);
});`,
            },
          ],
        },
      ],
    },
    {
      // The same Hono route reading `process.env`, or an environment module of the project: no Worker binding.
      filename: 'src/server.ts',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';
import { env } from './env';
const app = new Hono();
app.get('/a', async (c) => c.json((await new Pool({ connectionString: process.env.DATABASE_URL }).query('select 1')).rows));
app.get('/b', async (c) => c.json((await new Pool({ connectionString: env.DATABASE_URL }).query('select 1')).rows));
export default app;`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { Hono } from 'hono';
import { Pool } from 'pg';
import { env } from './env';
const app = new Hono();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

app.get('/a', async (c) => c.json((await pool.query('select 1')).rows));
app.get('/b', async (c) => c.json((await new Pool({ connectionString: env.DATABASE_URL }).query('select 1')).rows));
export default app;`,
            },
          ],
        },
        {
          messageId: 'perRequest',
          line: 6,
          column: 42,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { Hono } from 'hono';
import { Pool } from 'pg';
import { env } from './env';
const app = new Hono();
app.get('/a', async (c) => c.json((await new Pool({ connectionString: process.env.DATABASE_URL }).query('select 1')).rows));
const pool = new Pool({ connectionString: env.DATABASE_URL });

app.get('/b', async (c) => c.json((await pool.query('select 1')).rows));
export default app;`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/tenant/tenant.middleware.ts',
      code: `import { Injectable, NestMiddleware } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class TenantMiddleware implements NestMiddleware {
  async use(req: any, res: any, next: () => void) {
    const dataSource = new DataSource({ type: 'postgres', database: req.headers['x-tenant'] });
    req.tenantConnection = await dataSource.initialize();
    next();
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 95,
          data: {"construction":"`new DataSource()`","engine":"TypeORM DataSource","handler":"the NestJS middleware `TenantMiddleware.use`","unit":"request","fn":""},
          suggestions: [],
        },
      ],
    },
    {
      filename: 'src/auth.guard.ts',
      code: `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
@Injectable()
export class ApiKeyGuard implements CanActivate {
  async canActivate(context: ExecutionContext) {
    const pool = new Pool();
    const { rowCount } = await pool.query('select 1 from api_keys where key = $1', [context.switchToHttp().getRequest().headers['x-api-key']]);
    return rowCount > 0;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 28,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the NestJS guard `ApiKeyGuard.canActivate`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
const pool = new Pool();

@Injectable()
export class ApiKeyGuard implements CanActivate {
  async canActivate(context: ExecutionContext) {
    const { rowCount } = await pool.query('select 1 from api_keys where key = $1', [context.switchToHttp().getRequest().headers['x-api-key']]);
    return rowCount > 0;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/audit.service.ts',
      code: `import { Injectable, Scope } from '@nestjs/common';
import { Pool } from 'pg';
@Injectable({ scope: Scope.REQUEST })
export class AuditService {
  private readonly pool = new Pool();
  async record(event: string) {
    await this.pool.query('insert into audit(event) values ($1)', [event]);
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 27,
          endLine: 5,
          endColumn: 37,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the NestJS request-scoped provider `AuditService.pool`","unit":"request","fn":""},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Injectable, Scope } from '@nestjs/common';
import { Pool } from 'pg';
const pool = new Pool();

@Injectable({ scope: Scope.REQUEST })
export class AuditService {
  private readonly pool = pool;
  async record(event: string) {
    await this.pool.query('insert into audit(event) values ($1)', [event]);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (migrations and seeds)', rule, {
  valid: [
    // A command-line tool's command that closes its pool before returning: it runs once per invocation.
    {
      filename: 'packages/cli/src/commands/queue.ts',
      code: `import pg from 'pg';
export default async function queue(): Promise<void> {
  const [subcommand] = process.argv.slice(3);
  if (subcommand === 'status') await queueStatus();
}
async function queueStatus(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.APP_PG_URL, max: 2 });
  try {
    const { rows } = await pool.query('select task, count(*) from jobs group by task');
    console.table(rows);
  } finally {
    await pool.end();
  }
}`,
    },
    // A pool for the database the caller names, closed before returning (a script run per tenant).
    {
      filename: 'scripts/backfill.js',
      code: `const { Pool } = require('pg');
async function applyToDb(dbName) {
  const pool = new Pool({ host: process.env.PGHOST, database: dbName });
  try {
    await pool.query('update analysis set checked = true');
  } finally {
    await pool.end();
  }
}
module.exports = { applyToDb };`,
    },
    // The database named through constants derived from the parameter: the server's maintenance database.
    {
      filename: 'src/store/ensure.ts',
      code: `import { Pool } from 'pg';
export async function createIfMissing(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  const maintenanceUrl = withDatabase(url, 'postgres');
  const admin = new Pool({ connectionString: maintenanceUrl, application_name: 'ensure-db' });
  try {
    await admin.query(\`CREATE DATABASE "\${name}"\`);
  } finally {
    await admin.end();
  }
}
function withDatabase(url: URL, database: string) {
  return Object.assign(new URL(url.href), { pathname: '/' + database }).href;
}`,
    },
    // A function that creates the database it is about to use (a test set-up's, a deploy step's),
    // over an engine it closes: its maintenance database is fixed, nothing derived from a parameter.
    {
      filename: 'libs/model/src/harness/bootstrap.ts',
      code: `import { QueryTypes, Sequelize } from 'sequelize';
const verifyDb = async (name: string): Promise<void> => {
  let admin: Sequelize | undefined;
  try {
    admin = new Sequelize({ dialect: 'postgres', host: process.env.DB_HOST, database: 'postgres', logging: false });
    const [{ count }] = await admin.query<{ count: number }>(\`SELECT COUNT(*) AS count FROM pg_database WHERE datname = '\${name}'\`, { type: QueryTypes.SELECT });
    if (!+count) {
      await admin.query(\`CREATE DATABASE \${name};\`);
    }
  } finally {
    await admin?.close();
  }
};
export async function bootstrap(name: string) {
  await verifyDb(name);
}`,
    },
    // A migration runner's file: the admin pool that creates the database serves a deploy step.
    {
      filename: 'server/src/database/run-migrations.ts',
      code: `import { Pool } from 'pg';
const createDatabaseIfNotExists = async (name: string) => {
  const admin = new Pool({ connectionString: process.env.ADMIN_URL });
  try {
    await admin.query('select 1 from pg_database where datname = $1', [name]);
  } finally {
    await admin.end();
  }
};
export const executeMigrations = async () => {
  await createDatabaseIfNotExists('app');
};`,
    },
    // One engine per tenant database, each closed before the next.
    {
      filename: 'src/tenants.ts',
      code: `import knex from 'knex';
export async function migrateAll(tenants: string[]) {
  for (const tenant of tenants) {
    const db = knex({ client: 'pg', connection: { database: tenant } });
    await db.migrate.latest();
    await db.destroy();
  }
}`,
    },
    {
      filename: 'scripts/check-tenants.js',
      code: `const { Pool } = require('pg');
async function main(tenants) {
  for (const t of tenants) {
    const pool = new Pool({ host: process.env.PGHOST, database: t.db_name, max: 2 });
    try {
      await pool.query('select 1');
    } finally {
      await pool.end();
    }
  }
}
main([]);`,
    },
    // A method that builds an engine to run migrations, called once at start-up from another module.
    `import { DataSource, type DataSourceOptions } from 'typeorm';
     export class SchemaRepository {
       constructor(private readonly options: DataSourceOptions) {}
       async applyPending(): Promise<void> {
         const source = new DataSource(this.options);
         await source.initialize();
         await source.runMigrations({ transaction: 'each' });
         await source.destroy();
       }
     }`,
    `import knex from 'knex';
     export async function upgradeSchema(url: string) {
       const db = knex({ client: 'pg', connection: url });
       try {
         await db.migrate.latest();
         await db.seed.run();
       } finally {
         await db.destroy();
       }
     }`,
    `import { Kysely, Migrator, PostgresDialect, FileMigrationProvider } from 'kysely';
     import { Pool } from 'pg';
     import { promises as fs } from 'node:fs';
     import path from 'node:path';
     export async function migrateDatabase(url: string) {
       const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url }) }) });
       const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: './migrations' }) });
       const { error } = await migrator.migrateToLatest();
       await db.destroy();
       if (error) throw error;
     }`,
    `import { drizzle } from 'drizzle-orm/node-postgres';
     import { migrate } from 'drizzle-orm/node-postgres/migrator';
     import { Pool } from 'pg';
     export async function runDrizzleMigrations(url: string) {
       const pool = new Pool({ connectionString: url, max: 1 });
       await migrate(drizzle(pool), { migrationsFolder: './drizzle' });
       await pool.end();
     }`,
    // Seed scripts and seed steps, exported and called once by the seed command.
    {
      filename: 'prisma/seed.ts',
      code: `import { PrismaClient } from '@prisma/client';
       export async function main() {
         const prisma = new PrismaClient();
         await prisma.role.createMany({ data: [{ name: 'admin' }], skipDuplicates: true });
         await prisma.$disconnect();
       }`,
    },
    {
      filename: 'src/setup/roles.ts',
      code: `import { PrismaClient } from '@prisma/client';
       export async function seedRoles() {
         const prisma = new PrismaClient();
         await prisma.role.upsert({ where: { name: 'admin' }, update: {}, create: { name: 'admin' } });
         await prisma.$disconnect();
       }`,
    },
    // Migration and seed files run once per deploy.
    {
      filename: 'src/migrations/1700000000000-backfill-totals.ts',
      code: `import { Pool } from 'pg';
       export async function up(url: string) {
         const pool = new Pool({ connectionString: url });
         await pool.query('UPDATE orders SET total = subtotal + tax');
         await pool.end();
       }`,
    },
  ],
  invalid: [
    {
      // The same command leaving its pool open: every call leaves one behind (and the process hangs).
      filename: 'packages/cli/src/commands/queue.ts',
      code: `import pg from 'pg';
export async function queueStatus(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.APP_PG_URL, max: 2 });
  const { rows } = await pool.query('select task, count(*) from jobs group by task');
  console.table(rows);
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.APP_PG_URL, max: 2 });

export async function queueStatus(): Promise<void> {
  const { rows } = await pool.query('select task, count(*) from jobs group by task');
  console.table(rows);
}`,
            },
          ],
        },
      ],
    },
    {
      // Another schema of the same database each time: one data source can serve them all.
      filename: 'src/tenant-schemas.ts',
      code: `import { DataSource } from 'typeorm';
export async function upgradeSchemas(schemas: string[]) {
  let dataSource: DataSource;
  for (const schema of schemas) {
    dataSource = new DataSource({ type: 'postgres', schema });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
  }
}`,
      errors: [{ messageId: 'inLoop', line: 5, column: 18, endLine: 5, endColumn: 62, suggestions: [] }],
    },
    {
      // Named by the caller, but never closed: every call leaves a pool behind.
      filename: 'scripts/backfill-open.js',
      code: `const { Pool } = require('pg');
async function applyToDb(dbName) {
  const pool = new Pool({ database: dbName });
  await pool.query('update analysis set checked = true');
}
module.exports = { applyToDb };`,
      errors: [{ messageId: 'perCall', line: 3, column: 16, suggestions: [] }],
    },
    {
      // A constant of the function that the parameters do not feed: the same database on every call.
      filename: 'src/reports/export.ts',
      code: `import { Pool } from 'pg';
export async function exportReport(reportId: string) {
  const url = process.env.REPORTS_DATABASE_URL;
  const pool = new Pool({ connectionString: url, application_name: 'reports' });
  try {
    return await pool.query('select * from reports where id = $1', [reportId]);
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'suggestLazy',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import { Pool } from 'pg';
let pool2: InstanceType<typeof Pool> | undefined;

export async function exportReport(reportId: string) {
  const url = process.env.REPORTS_DATABASE_URL;
  const pool = (pool2 ??= new Pool({ connectionString: url, application_name: 'reports' }));
  return await pool.query('select * from reports where id = $1', [reportId]);
}`,
            },
          ],
        },
      ],
    },
    // The same method without a migration: an engine per call.
    {
      code: `import { DataSource, type DataSourceOptions } from 'typeorm';
export class ReportRepository {
  constructor(private readonly options: DataSourceOptions) {}
  async count(): Promise<number> {
    const source = new DataSource(this.options);
    await source.initialize();
    const [row] = await source.query('select count(*) as n from reports');
    await source.destroy();
    return row.n;
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 5,
          data: { construction: '`new DataSource()`', engine: 'TypeORM DataSource', handler: '', unit: '', fn: '`ReportRepository.count`' },
          suggestions: [],
        },
      ],
    },
    // Migrations run from a request handler still build an engine per request.
    {
      code: `import express from 'express';
import knex from 'knex';
const app = express();
app.post('/admin/migrate', async (req, res) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db.migrate.latest();
  await db.destroy();
  res.sendStatus(204);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'Knex instance', name: 'db' },
              output: `import express from 'express';
import knex from 'knex';
const app = express();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

app.post('/admin/migrate', async (req, res) => {
  await db.migrate.latest();
  res.sendStatus(204);
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (suggestions and the engine shutting itself down)', rule, {
  valid: [],
  invalid: [
    // Shared, the engine must not be shut down by the first call: the suggestion drops its shutdown.
    {
      code: `import { Pool } from 'pg';
export async function countOrders(status: string) {
  const pool = new Pool();
  try {
    const { rows } = await pool.query('select count(*) from orders where status = $1', [status]);
    return rows[0].count;
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function countOrders(status: string) {
  const { rows } = await pool.query('select count(*) from orders where status = $1', [status]);
  return rows[0].count;
}`,
            },
          ],
        },
      ],
    },
    // A shutdown whose promise is returned cannot simply go: no suggestion.
    {
      code: `import { Pool } from 'pg';
export async function ping() {
  const pool = new Pool();
  await pool.query('select 1');
  return pool.end();
}`,
      errors: [{ messageId: 'perCall', line: 3, suggestions: [] }],
    },
    // The shutdown was the whole finally of a try with a catch: the finally goes, the catch stays.
    {
      code: `import { Pool } from 'pg';
export async function countOrders() {
  const pool = new Pool();
  try {
    return (await pool.query('select count(*) from orders')).rows[0].count;
  } catch (error) {
    console.error(error);
    return 0;
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function countOrders() {
  try {
    return (await pool.query('select count(*) from orders')).rows[0].count;
  } catch (error) {
    console.error(error);
    return 0;
  }
}`,
            },
          ],
        },
      ],
    },
    // Unwrapped, the try block's `rows` would clash with the one after it: the empty finally stays.
    // A finally that keeps a comment or another statement keeps its place too.
    {
      code: `import { Pool } from 'pg';
export async function countOrders() {
  const pool = new Pool();
  try {
    const rows = (await pool.query('select count(*) from orders')).rows;
    console.log(rows);
  } finally {
    await pool.end();
  }
  const rows = 1;
  return rows;
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function countOrders() {
  try {
    const rows = (await pool.query('select count(*) from orders')).rows;
    console.log(rows);
  } finally {
  }
  const rows = 1;
  return rows;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Pool } from 'pg';
export async function countOrders(log: (s: string) => void) {
  const pool = new Pool();
  try {
    return (await pool.query('select count(*) from orders')).rows;
  } finally {
    // Always close.
    await pool.end();
  }
}
export async function countUsers(log: (s: string) => void) {
  const pool = new Pool();
  try {
    return (await pool.query('select count(*) from users')).rows;
  } finally {
    log('done');
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import { Pool } from 'pg';
const pool2 = new Pool();

export async function countOrders(log: (s: string) => void) {
  const pool = pool2;
  try {
    return (await pool.query('select count(*) from orders')).rows;
  } finally {
    // Always close.
  }
}
export async function countUsers(log: (s: string) => void) {
  const pool = new Pool();
  try {
    return (await pool.query('select count(*) from users')).rows;
  } finally {
    log('done');
    await pool.end();
  }
}`,
            },
          ],
        },
        {
          messageId: 'perCall',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool2' },
              output: `import { Pool } from 'pg';
export async function countOrders(log: (s: string) => void) {
  const pool = new Pool();
  try {
    return (await pool.query('select count(*) from orders')).rows;
  } finally {
    // Always close.
    await pool.end();
  }
}
const pool2 = new Pool();

export async function countUsers(log: (s: string) => void) {
  const pool = pool2;
  try {
    return (await pool.query('select count(*) from users')).rows;
  } finally {
    log('done');
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (a shutdown that is not a statement of a block)', rule, {
  valid: [],
  invalid: [
    // Removing the body of a brace-less `if` would make the next statement its body: no suggestion.
    {
      code: `import { Pool } from 'pg';
export async function sync(flag: boolean) {
  const pool = new Pool();
  await pool.query('select 1');
  if (flag) await pool.end();
  return flag;
}`,
      errors: [{ messageId: 'perCall', line: 3, suggestions: [] }],
    },
  ],
});

// A factory of the same file that builds a new engine on every call, called in a request handler.
ruleTester.run('no-engine-per-request (factories called per request)', rule, {
  valid: [
    {
      // Cached in the factory, memoised, filled on first use at the call site, or kept at start-up.
      filename: 'src/app.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { PrismaClient } from '@prisma/client';
import { Pool } from 'pg';
import memoize from 'lodash/memoize';
import express from 'express';
let cached: ReturnType<typeof drizzle> | undefined;
function getDb() {
  if (!cached) {
    cached = drizzle(postgres(process.env.DATABASE_URL!));
  }
  return cached;
}
const getPool = memoize(() => new Pool());
const holder = globalThis as unknown as { prisma?: PrismaClient };
function getPrisma() {
  return (holder.prisma ??= new PrismaClient());
}
function makePrisma() {
  return new PrismaClient();
}
export const prisma = makePrisma();
let shared: PrismaClient | undefined;
const app = express();
app.get('/a', async (_req, res) => {
  await getDb().execute('select 1' as never);
  await getPool().query('select 1');
  await getPrisma().user.findMany();
  shared ??= makePrisma();
  res.json(await shared.user.findMany());
});`,
    },
    {
      // A factory that hands out more than the engine, or that no handler calls.
      filename: 'src/db.ts',
      code: `import { Pool } from 'pg';
import express from 'express';
function connect() {
  const pool = new Pool();
  return { pool, close: () => pool.end() };
}
function makePool() {
  return new Pool();
}
export async function migrate() {
  const pool = makePool();
  await pool.query('select 1');
}
const app = express();
app.get('/a', async (_req, res) => {
  const { pool } = connect();
  res.json((await pool.query('select 1')).rows);
});`,
    },
    {
      // Hyperdrive hands every request its own connection string: the factory reads it.
      filename: 'src/index.ts',
      code: `import { Hono } from 'hono';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
type Env = { HYPERDRIVE: { connectionString: string } };
function getDb(env: Env) {
  return drizzle(postgres(env.HYPERDRIVE.connectionString));
}
const app = new Hono<{ Bindings: Env }>();
app.get('/x', async (c) => c.json(await getDb(c.env).execute('select 1')));
export default app;`,
    },
  ],
  invalid: [
    {
      filename: 'app/api/users/route.ts',
      code: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { NextResponse } from 'next/server';
import { users } from './schema';
function getDb() {
  const client = postgres(process.env.DATABASE_URL!);
  return drizzle(client);
}
export async function GET() {
  const db = getDb();
  return NextResponse.json(await db.select().from(users));
}`,
      errors: [
        {
          messageId: 'perRequestFactory',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 53,
          data: {
            construction: '`postgres()`',
            engine: 'postgres.js pool',
            fn: '`getDb`',
            handler: 'the Next.js route handler `GET`',
            unit: 'request',
            line: 10,
          },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'postgres.js pool', name: 'client' },
              output: `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { NextResponse } from 'next/server';
import { users } from './schema';
const client = postgres(process.env.DATABASE_URL!);

function getDb() {
  return drizzle(client);
}
export async function GET() {
  const db = getDb();
  return NextResponse.json(await db.select().from(users));
}`,
            },
          ],
        },
      ],
    },
    {
      // An arrow factory, called from an Express route; its start-up call does not excuse it.
      filename: 'src/routes/users.ts',
      code: `import { PrismaClient } from '@prisma/client';
import { Router } from 'express';
const makePrisma = () => new PrismaClient();
export const prisma = makePrisma();
export const router = Router();
router.get('/users', async (_req, res) => {
  const client = makePrisma();
  res.json(await client.user.findMany());
});`,
      errors: [
        {
          messageId: 'perRequestFactory',
          line: 3,
          column: 26,
          data: {
            construction: '`new PrismaClient()`',
            engine: 'PrismaClient',
            fn: '`makePrisma`',
            handler: 'the Express route handler `GET /users`',
            unit: 'request',
            line: 7,
          },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'PrismaClient', name: 'prisma2' },
              output: `import { PrismaClient } from '@prisma/client';
import { Router } from 'express';
const prisma2 = new PrismaClient();

const makePrisma = () => prisma2;
export const prisma = makePrisma();
export const router = Router();
router.get('/users', async (_req, res) => {
  const client = makePrisma();
  res.json(await client.user.findMany());
});`,
            },
          ],
        },
      ],
    },
  ],
});

/*
 * Vercel serves the `api/` folder at a project's root. A monorepo whose package is named `api`
 * (`api/package.json`) keeps its own code there: a default export in it is no Vercel function.
 * The cases lint files of a temporary project (paths under tests/ would read as test files).
 */
const vercelRoot = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-vercel-'));
mkdirSync(path.join(vercelRoot, 'api/reporting'), { recursive: true });
mkdirSync(path.join(vercelRoot, 'web/api'), { recursive: true });
writeFileSync(path.join(vercelRoot, 'api/package.json'), '{ "name": "twine-api" }');
writeFileSync(path.join(vercelRoot, 'web/package.json'), '{ "name": "web" }');
afterAll(() => rmSync(vercelRoot, { recursive: true, force: true }));

const REPORT = `import knex from 'knex';
import { config } from '../config';

export default async () => {
  const db = knex(config.knex);
  const rows = await db('visits').count();
  await db.destroy();
  return rows;
};`;

ruleTester.run('no-engine-per-request (one connection)', rule, {
  valid: [
    {
      // A one-connection slonik pool the function awaits, uses and ends: a client for the call.
      filename: 'packages/server-db/src/prepare.ts',
      code: `import { createPool, sql } from 'slonik';
export async function prepareDb(serverUrl: string, name: string): Promise<void> {
  const pool = await createPool(serverUrl, { maximumPoolSize: 1 });
  await pool.connect(async (db) => {
    await db.query(sql.unsafe\`SELECT 1\`);
  });
  await pool.end();
}`,
    },
    {
      // The same with slonik before version 33, whose createPool() returned the pool itself.
      filename: 'packages/server-db/src/prepare.ts',
      code: `import { createPool, sql } from 'slonik';
export async function prepareDb(serverUrl: string, name: string): Promise<void> {
  const pool = createPool(serverUrl, { maximumPoolSize: 1 });
  await pool.query(sql\`SELECT 1\`);
  await pool.end();
}`,
    },
  ],
  invalid: [
    {
      // Not ended: one pool left behind per call.
      filename: 'packages/server-db/src/prepare.ts',
      code: `import { createPool, sql } from 'slonik';
export async function prepareDb(serverUrl: string, name: string): Promise<void> {
  const pool = createPool(serverUrl, { maximumPoolSize: 1 });
  await pool.query(sql\`SELECT 1\`);
}`,
      errors: [{ messageId: 'perCall', line: 3, column: 16, suggestions: [] }],
    },
    {
      // In a request handler, one connection closed per request is still one set up per request:
      // a Lambda's warm invocations could share it.
      filename: 'src/export.ts',
      code: `import postgres from 'postgres';

export const handler = async () => {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, prepare: false });
  try {
    return await sql\`select count(*) from orders\`;
  } finally {
    await sql.end({ timeout: 5 });
  }
};`,
      errors: [
        {
          messageId: 'perRequestClosed',
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: 1, prepare: false });

export const handler = async () => {
  return await sql\`select count(*) from orders\`;
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (serverless-postgres)', rule, {
  valid: [
    {
      // The library's own usage: built once, connected at each invocation (a no-op while connected).
      filename: 'src/handlers/products.js',
      code: `const ServerlessClient = require('serverless-postgres');
const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'products' });
module.exports.handler = async (event) => {
  await client.connect();
  const { rows } = await client.query('SELECT * FROM products WHERE id = $1', [event.pathParameters.id]);
  await client.clean();
  return { statusCode: 200, body: JSON.stringify(rows) };
};`,
    },
    {
      // One connection, built and ended by a helper: a client for the call.
      filename: 'src/db/with-client.ts',
      code: `import ServerlessClient from 'serverless-postgres';
export async function withClient<T>(work: (client: ServerlessClient) => Promise<T>): Promise<T> {
  const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'reports' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}`,
    },
  ],
  invalid: [
    {
      // Its README: declare the client outside the handler, so warm invocations reuse its connection.
      filename: 'src/handlers/orders.ts',
      code: `import ServerlessClient from 'serverless-postgres';
import type { APIGatewayProxyHandler } from 'aws-lambda';

export const handler: APIGatewayProxyHandler = async () => {
  const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'orders' });
  await client.connect();
  const { rows } = await client.query('SELECT * FROM orders');
  return { statusCode: 200, body: JSON.stringify(rows) };
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import ServerlessClient from 'serverless-postgres';
import type { APIGatewayProxyHandler } from 'aws-lambda';

const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'orders' });

export const handler: APIGatewayProxyHandler = async () => {
  await client.connect();
  const { rows } = await client.query('SELECT * FROM orders');
  return { statusCode: 200, body: JSON.stringify(rows) };
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (Vercel api folders)', rule, {
  valid: [{ filename: path.join(vercelRoot, 'api/reporting/visits.ts'), code: REPORT }],
  invalid: [
    {
      filename: path.join(vercelRoot, 'web/api/visits.ts'),
      code: REPORT,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import knex from 'knex';
import { config } from '../config';

const db = knex(config.knex);

export default async () => {
  const rows = await db('visits').count();
  return rows;
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (a data source never connected)', rule, {
  valid: [
    {
      // A build check: TypeORM validates the entities against the driver without connecting.
      filename: 'scripts/check-entities.mjs',
      code: `import { DataSource } from 'typeorm';
async function checkEntityMetadata(entities) {
  const ds = new DataSource({ type: 'postgres', host: 'localhost', entities });
  await ds.buildMetadatas();
  return ds.entityMetadatas.map((metadata) => metadata.tableName);
}
const checks = [{ name: 'entities', fn: checkEntityMetadata }];
for (const check of checks) {
  console.log(check.name, await check.fn([]));
}`,
    },
    {
      filename: 'src/schema.controller.ts',
      code: `import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { entities } from './entities';
@Controller('schema')
export class SchemaController {
  @Get()
  async tables() {
    const dataSource = new DataSource({ type: 'postgres', entities });
    await dataSource.buildMetadatas();
    return dataSource.entityMetadatas.map((metadata) => metadata.tableName);
  }
}`,
    },
  ],
  invalid: [
    {
      // Initialised: the pool is made, and never destroyed.
      filename: 'scripts/count-users.mjs',
      code: `import { DataSource } from 'typeorm';
async function countUsers(entities) {
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities });
  await ds.initialize();
  return ds.getRepository('User').count();
}
export { countUsers };`,
      errors: [{ messageId: 'perCall', line: 3, column: 14, suggestions: [] }],
    },
    {
      // Connected through the legacy name.
      filename: 'src/schema.controller.ts',
      code: `import { Controller, Get } from '@nestjs/common';
import { Connection } from 'typeorm';
@Controller('schema')
export class SchemaController {
  @Get()
  async tables() {
    const connection = new Connection({ type: 'postgres' });
    await connection.connect();
    return connection.query('select 1');
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 24,
          data: {"construction":"`new Connection()`","engine":"TypeORM DataSource","handler":"the NestJS route handler `SchemaController.tables`","fn":"","unit":"request"},
          suggestions: [],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (deno-postgres)', rule, {
  valid: [
    {
      // A Client per request is the documented connect-per-request shape; the pool is built once.
      filename: 'supabase/functions/orders/index.ts',
      code: `import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
const pool = new postgres.Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
Deno.serve(async () => {
  const client = new postgres.Client(Deno.env.get('SUPABASE_DB_URL')!);
  await client.connect();
  try {
    using connection = await pool.connect();
    return Response.json((await connection.queryObject\`SELECT 1\`).rows);
  } finally {
    await client.end();
  }
});`,
    },
  ],
  invalid: [
    {
      filename: 'supabase/functions/orders/index.ts',
      code: `import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
Deno.serve(async () => {
  const pool = new postgres.Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);
  using connection = await pool.connect();
  return Response.json((await connection.queryObject\`SELECT 1\`).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 3,
          column: 16,
          data: { construction: '`new postgres.Pool()`', engine: 'deno-postgres Pool', handler: 'the Deno request handler', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';
const pool = new postgres.Pool(Deno.env.get('SUPABASE_DB_URL')!, 3, true);

Deno.serve(async () => {
  using connection = await pool.connect();
  return Response.json((await connection.queryObject\`SELECT 1\`).rows);
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (a function that ends the process)', rule, {
  valid: [
    {
      // A shutdown step runs once: it ends the process.
      filename: 'src/utils/process.ts',
      code: `import { PrismaClient } from '@prisma/client';
const shutdown = async () => {
  const prisma = new PrismaClient();
  await prisma.$disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => shutdown());`,
    },
  ],
  invalid: [
    {
      // Exiting on one branch only: other calls return and build it again.
      filename: 'src/utils/process.ts',
      code: `import { Pool } from 'pg';
export async function check(strict: boolean) {
  const pool = new Pool();
  const { rows } = await pool.query('select 1');
  await pool.end();
  if (strict && rows.length === 0) {
    process.exit(1);
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export async function check(strict: boolean) {
  const { rows } = await pool.query('select 1');
  if (strict && rows.length === 0) {
    process.exit(1);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (the Deno standard library server)', rule, {
  valid: [
    {
      // A \`serve\` of the file's own is not the standard library's.
      filename: 'supabase/functions/orders/index.ts',
      code: `import postgres from 'npm:postgres@3.4.4';
function serve(handler: (req: Request) => Promise<Response>) {
  return handler(new Request('http://localhost/'));
}
serve(async () => {
  const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });
  return Response.json(await sql\`select 1\`);
});`,
    },
  ],
  invalid: [
    {
      filename: 'supabase/functions/orders/index.ts',
      code: `import { serve } from 'https://deno.land/std@0.168.0/http/server.ts';
import postgres from 'npm:postgres@3.4.4';
serve(async () => {
  const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });
  return Response.json(await sql\`select count(*) from orders\`);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 15,
          data: { construction: '`postgres()`', engine: 'postgres.js pool', handler: 'the Deno request handler', unit: 'request' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { serve } from 'https://deno.land/std@0.168.0/http/server.ts';
import postgres from 'npm:postgres@3.4.4';
const sql = postgres(Deno.env.get('SUPABASE_DB_URL')!, { prepare: false });

serve(async () => {
  return Response.json(await sql\`select count(*) from orders\`);
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (a private method)', rule, {
  valid: [],
  invalid: [
    {
      // A pool per call of #getClient, never ended: only its client leaves the method.
      filename: 'packages/core/destination_writers/postgres.ts',
      code: `import { Pool, type PoolClient } from 'pg';
export class PostgresWriter {
  async #getClient(url: string): Promise<PoolClient> {
    const pool = new Pool({ connectionString: url, max: 20 });
    return await pool.connect();
  }
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 4,
          column: 18,
          data: { construction: '`new Pool()`', engine: 'pg Pool', handler: '', unit: '', fn: '`PostgresWriter.#getClient`' },
          suggestions: [],
        },
      ],
    },
  ],
});

/** A NestJS dynamic module that reads its configuration from the database while the module graph is assembled. */
const DYNAMIC_MODULE = (decorator: string, method: string) => `import { Module, type DynamicModule } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
${decorator}
export class PluginsModule {
  static async ${method}(): Promise<DynamicModule> {
    const prisma = new PrismaClient();
    try {
      const plugins = await prisma.plugin.findMany({ where: { enabled: true } });
      return { module: PluginsModule, providers: plugins.map((plugin) => ({ provide: plugin.name, useValue: plugin })) };
    } finally {
      await prisma.$disconnect();
    }
  }
}`;

ruleTester.run('no-engine-per-request (methods a framework calls once)', rule, {
  valid: [
    { filename: 'src/plugins/plugins.module.ts', code: DYNAMIC_MODULE('@Module({})', 'forRoot') },
    { filename: 'src/plugins/plugins.module.ts', code: DYNAMIC_MODULE('@Module({})', 'registerAsync') },
    {
      // A lifecycle hook: once, when the module starts.
      filename: 'src/health/schema-check.service.ts',
      code: `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
@Injectable()
export class SchemaCheck implements OnModuleInit {
  async onModuleInit() {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'api' });
    try {
      await pool.query('SELECT 1 FROM schema_version');
    } finally {
      await pool.end();
    }
  }
}`,
    },
  ],
  invalid: [
    {
      // The same names outside a module class are ordinary methods, called per use.
      filename: 'src/plugins/plugins.service.ts',
      code: DYNAMIC_MODULE('', 'register'),
      errors: [
        {
          messageId: 'perCall',
          line: 6,
          column: 20,
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Module, type DynamicModule } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export class PluginsModule {
  static async register(): Promise<DynamicModule> {
    const plugins = await prisma.plugin.findMany({ where: { enabled: true } });
    return { module: PluginsModule, providers: plugins.map((plugin) => ({ provide: plugin.name, useValue: plugin })) };
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-engine-per-request (built when a registry lacks it)', rule, {
  valid: [
    // TypeORM registers a named connection in its connection manager: asked first, built once per tenant.
    `import { createConnection, getConnectionManager, type Connection } from 'typeorm';
export class TenantService {
  async connectionFor(code: string, url: string): Promise<Connection> {
    const manager = getConnectionManager();
    let connection: Connection;
    if (manager.has(code)) {
      connection = manager.get(code);
    } else {
      await createConnection({ name: code, type: 'postgres', url, extra: { application_name: 'tenants' } });
      connection = manager.get(code);
    }
    return connection;
  }
}`,
    // The same with a guard clause.
    `import { createConnection, getConnectionManager } from 'typeorm';
export async function connectionFor(code: string, url: string) {
  const manager = getConnectionManager();
  if (manager.has(code)) {
    return manager.get(code);
  }
  await createConnection({ name: code, type: 'postgres', url, extra: { application_name: 'tenants' } });
  return manager.get(code);
}`,
    // Asked the other way round.
    `import { createConnection, getConnectionManager } from 'typeorm';
export async function connectionFor(code: string, url: string) {
  const manager = getConnectionManager();
  if (!manager.has(code)) {
    await createConnection({ name: code, type: 'postgres', url, extra: { application_name: 'tenants' } });
  }
  return manager.get(code);
}`,
  ],
  invalid: [
    {
      // Built when the registry already has one: on every call once it has.
      code: `import { createConnection, getConnectionManager } from 'typeorm';
export async function connectionFor(code: string, url: string) {
  const manager = getConnectionManager();
  if (manager.has(code)) {
    await createConnection({ name: \`\${code}-copy\`, type: 'postgres', url, extra: { application_name: 'tenants' } });
  }
  return manager.get(code);
}`,
      errors: [
        {
          messageId: 'perCall',
          line: 5,
          column: 11,
          data: { construction: '`createConnection()`', engine: 'TypeORM DataSource', handler: '', unit: '', fn: '`connectionFor`' },
          suggestions: [],
        },
      ],
    },
  ],
});
