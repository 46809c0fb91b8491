import rule from '../../rules/no-engine-per-request';
import { cjsRuleTester, jsRuleTester, ruleTester } from './tester';

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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the NestJS route handler `UsersController.list`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Next.js route handler `GET`","fn":""},
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
          data: {"construction":"`new pg.Pool()`","engine":"pg Pool","handler":"the SvelteKit load function `actions.default`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Remix loader or action `loader`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the BullMQ job processor `emails`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the GraphQL resolver `Query.user`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the tRPC procedure `query`","fn":""},
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
      filename: 'src/worker.ts',
      code: `import { Pool } from 'pg';
export default {
  async fetch(request, env) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    return Response.json((await pool.query('select 1')).rows);
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 66,
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Cloudflare Workers handler `default.fetch`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Next.js server action `createUser`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the route handler `GET /health`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Socket.IO event handler `message`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"","fn":"`UserRepository.find`"},
          suggestions: [
            {
              messageId: 'suggestHoist',
              output: `import { Pool } from 'pg';
const pool = new Pool();

export class UserRepository {
  async find(id: string) {
    try {
      return (await pool.query('select * from users where id = $1', [id])).rows[0];
    } finally {
      await pool.end();
    }
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
          data: {"construction":"`pgp()`","engine":"pg-promise Database","handler":"the AWS Lambda handler `handler`","fn":""},
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
          data: {"construction":"`createPool()`","engine":"slonik DatabasePool","handler":"the AWS Lambda handler `handler`","fn":""},
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
          data: {"construction":"`new Pool()`","engine":"pg Pool","handler":"the Express route handler `POST /orders`","fn":""},
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
