import { describe, expect, it } from 'vitest';
import { handlersIn } from '../helpers/probe';

describe('request-context recognition', () => {
  it('Express: app and Router verbs, use, route(), wrapped and referenced handlers', () => {
    const code = `
      import express, { Router } from 'express';
      const app = express();
      const router = Router();
      const api = express.Router();
      app.use(express.json(), (req, res, next) => next());
      app.get('/a', (req, res) => res.end());
      router.post('/b', auth, asyncHandler(async (req, res) => res.end()));
      api.route('/c').put(function update(req, res) {});
      function listUsers(req, res) {}
      app.get('/users', listUsers);
      app.listen(3000, () => {});
      declare const auth: any, asyncHandler: any;
    `;
    expect(handlersIn(code)).toEqual([
      'the Express middleware',
      'the Express route handler `GET /a`',
      'the Express route handler `POST /b`',
      'the Express route handler `PUT /c`',
      'the Express route handler `GET /users`',
    ]);
  });

  it('routers of unknown origin, recognised by the route path (Fastify plugins, imported routers)', () => {
    const code = `
      export default async function routes(fastify) {
        fastify.get('/health', async () => ({ ok: true }));
        fastify.route({ method: 'POST', url: '/items', handler: async (request, reply) => {} });
        fastify.decorate('x', () => {});
        cache.get('key', () => {});
      }
      declare const cache: any;
    `;
    expect(handlersIn(code)).toEqual(['the route handler `GET /health`', 'the route handler `POST /items`']);
  });

  it('Koa, @koa/router, Fastify, Hono', () => {
    const code = `
      import Koa from 'koa';
      import Router from '@koa/router';
      import Fastify from 'fastify';
      import { Hono } from 'hono';
      const koa = new Koa();
      koa.use(async (ctx, next) => {});
      const router = new Router();
      router.get('/k', async (ctx) => {});
      const fastify = Fastify();
      fastify.post('/f', { schema: {} }, async (request) => {});
      fastify.route({ method: 'GET', url: '/r', preHandler: async () => {}, handler: async () => {} });
      fastify.addHook('onRequest', async () => {});
      const hono = new Hono();
      hono.get('/h', (c) => c.text('x'));
    `;
    expect(handlersIn(code)).toEqual([
      'the Koa middleware',
      'the Koa route handler `GET /k`',
      'the Fastify route handler `POST /f`',
      'the Fastify route handler',
      'the Fastify route handler',
      'the Fastify hook',
      'the Hono route handler `GET /h`',
    ]);
  });

  it('NestJS controllers, microservices, GraphQL resolvers and BullMQ processors', () => {
    const code = `
      import { Controller, Get, Post, Injectable } from '@nestjs/common';
      import * as common from '@nestjs/common';
      import { MessagePattern } from '@nestjs/microservices';
      import { Resolver, Query } from '@nestjs/graphql';
      import { Processor, WorkerHost } from '@nestjs/bullmq';
      @Controller('users')
      export class UsersController {
        @Get() list() {}
        @Post(':id') update() {}
        @common.Delete(':id') remove() {}
        @MessagePattern('sum') sum() {}
        helper() {}
      }
      @Resolver()
      export class UsersResolver { @Query(() => String) me() {} }
      @Processor('mail')
      export class MailProcessor extends WorkerHost { async process(job) {} other() {} }
      @Injectable()
      export class Service { run() {} }
    `;
    expect(handlersIn(code)).toEqual([
      'the NestJS route handler `UsersController.list`',
      'the NestJS route handler `UsersController.update`',
      'the NestJS route handler `UsersController.remove`',
      'the NestJS message handler `UsersController.sum`',
      'the GraphQL resolver `UsersResolver.me`',
      'the NestJS job processor `MailProcessor.process`',
    ]);
  });

  it('Next.js route handlers, API routes, pages, middleware and server actions', () => {
    expect(
      handlersIn(`export async function GET(request: Request) {} export const POST = async () => {}; export function helper() {}`, {
        filename: 'app/src/app/api/users/route.ts',
      }),
    ).toEqual(['the Next.js route handler `GET`', 'the Next.js route handler `POST`']);
    expect(handlersIn(`export default async function handler(req, res) {}`, { filename: 'app/pages/api/users.ts' })).toEqual([
      'the Next.js API route `default`',
    ]);
    expect(handlersIn(`export default async function Page() { return null; }`, { filename: 'app/app/users/page.tsx' })).toEqual([
      'the Next.js server component `default`',
    ]);
    expect(handlersIn(`'use server';\nexport async function createUser(data: FormData) {}\nfunction local() {}`)).toEqual([
      'the Next.js server action `createUser`',
    ]);
    expect(handlersIn(`export function Form() { async function save() { 'use server'; } return save; }`)).toEqual([
      'the Next.js server action `save`',
    ]);
    // the same exports outside their conventional files are not handlers
    expect(handlersIn(`export async function GET() {}`, { filename: 'app/src/lib/http.ts' })).toEqual([]);
  });

  it('Remix / React Router, SvelteKit, Astro', () => {
    expect(handlersIn(`export async function loader({ request }) {} export const action = async () => {};`)).toEqual([
      'the Remix loader or action `loader`',
      'the Remix loader or action `action`',
    ]);
    expect(handlersIn(`export async function GET({ url }) {}`, { filename: 'app/src/routes/api/+server.ts' })).toEqual([
      'the SvelteKit endpoint `GET`',
    ]);
    expect(
      handlersIn(`export async function load() {} export const actions = { default: async () => {}, login: async function () {} };`, {
        filename: 'app/src/routes/+page.server.ts',
      }),
    ).toEqual(['the SvelteKit load function `load`', 'the SvelteKit load function `actions.default`', 'the SvelteKit load function `actions.login`']);
    expect(handlersIn(`export const GET = async () => new Response();`, { filename: 'app/src/pages/api/x.ts' })).toEqual([
      'the Astro endpoint `GET`',
    ]);
  });

  it('Vercel functions: a default export under api/, not a test helper of a service whose package is named api', () => {
    expect(handlersIn(`export default async function handler(req, res) {}`, { filename: 'api/users.ts' })).toEqual(['the Vercel function `default`']);
    expect(handlersIn(`export default async function drop() {}`, { filename: 'api/test/drop.js', javascript: true })).toEqual([]);
    expect(handlersIn(`export default async function handler(req, res) {}`, { filename: 'api/users.test.ts' })).toEqual([]);
    expect(handlersIn(`export default async function handler(req, res) {}`, { filename: 'apps/web/api/users/[id].ts' })).toEqual(['the Vercel function `default`']);
    // A package or module named api inside a source tree keeps its code there, not Vercel functions.
    for (const filename of ['packages/api/src/jobs/cleanup.ts', 'src/api/client.ts', 'api/lib/db.ts']) {
      expect(handlersIn(`export default async function cleanup(req) {}`, { filename })).toEqual([]);
    }
  });

  it('serverless handlers: Lambda (ESM, CommonJS, wrapped), Cloudflare Workers, Nitro', () => {
    expect(handlersIn(`export const handler = async (event) => {};`)).toEqual(['the AWS Lambda handler `handler`']);
    expect(handlersIn(`exports.handler = async function (event) {};`, { javascript: true, sourceType: 'commonjs' })).toEqual([
      'the AWS Lambda handler `handler`',
    ]);
    expect(handlersIn(`module.exports.handler = async (event) => {};`, { javascript: true, sourceType: 'commonjs' })).toEqual([
      'the AWS Lambda handler `handler`',
    ]);
    expect(handlersIn(`async function handler(event) {}\nmodule.exports = { handler };`, { javascript: true, sourceType: 'commonjs' })).toEqual([
      'the AWS Lambda handler `handler`',
    ]);
    expect(handlersIn(`const base = async (event) => {}; export const handler = middy(base).use(x()); declare const middy: any, x: any;`)).toEqual([
      'the AWS Lambda handler `handler`',
    ]);
    expect(handlersIn(`export default { async fetch(request, env, ctx) {}, async scheduled() {} };`)).toEqual([
      'the Cloudflare Workers handler `default.fetch`',
      'the Cloudflare Workers handler `default.scheduled`',
    ]);
    expect(handlersIn(`export default defineEventHandler(async (event) => {});`)).toEqual(['the Nitro event handler']);
  });

  it('tRPC procedures, tracked and by shape', () => {
    const code = `
      import { initTRPC } from '@trpc/server';
      import { publicProcedure } from './trpc';
      const t = initTRPC.create();
      export const router = t.router({
        a: t.procedure.input(schema).query(async ({ input }) => {}),
        b: publicProcedure.mutation(async ({ ctx, input }) => {}),
        c: authed.input(schema).query(async () => {}),
      });
      declare const schema: any, authed: any;
    `;
    expect(handlersIn(code)).toEqual(['the tRPC procedure', 'the tRPC procedure `mutation`', 'the tRPC procedure `query`']);
  });

  it('TanStack Start server functions and function middleware', () => {
    const code = `
      import { createMiddleware, createServerFn } from '@tanstack/react-start';
      export const getUser = createServerFn({ method: 'GET' })
        .inputValidator((id: string) => id)
        .middleware([auth])
        .handler(async ({ data }) => {});
      export const auth = createMiddleware({ type: 'function' }).server(async ({ next }) => next());
      export const clientOnly = createMiddleware({ type: 'function' }).client(async ({ next }) => next());
      export const plain = [1, 2].map(async (n) => n);
    `;
    expect(handlersIn(code)).toEqual(['the TanStack Start server function', 'the TanStack Start middleware']);
  });

  it('TanStack Start server routes: the handlers two objects deep in a file route, named by method and path', () => {
    const code = `
      import { createFileRoute } from '@tanstack/react-router';
      export const Route = createFileRoute('/api/users/$id')({
        server: {
          handlers: {
            GET: async ({ params }) => new Response(params.id),
            ['DELETE']: async () => new Response(null, { status: 204 }),
            notAMethod: async () => null,
          },
          other: { GET: async () => null },
        },
        handlers: { GET: async () => null },
        loader: async () => ({}),
      });
      export const Page = createFileRoute('/about')({ component: () => null });
    `;
    expect(handlersIn(code)).toEqual([
      'the TanStack Start server route handler `GET /api/users/$id`',
      'the TanStack Start server route handler `DELETE /api/users/$id`',
    ]);
  });

  it('GraphQL resolver maps', () => {
    const code = `
      export const resolvers = {
        Query: { user: async (_parent, args, ctx) => {}, users() {} },
        User: { posts: (user) => {} },
        Scalar: notAResolver,
      };
      const config = { retry: { delay: () => 1 } };
      declare const notAResolver: any;
    `;
    expect(handlersIn(code)).toEqual(['the GraphQL resolver `Query.user`', 'the GraphQL resolver `Query.users`', 'the GraphQL resolver `User.posts`']);
  });

  it('queue workers and event consumers', () => {
    const code = `
      import { Worker } from 'bullmq';
      import Queue from 'bull';
      import { Agenda } from 'agenda';
      import PgBoss from 'pg-boss';
      import { Kafka } from 'kafkajs';
      import { Consumer } from 'sqs-consumer';
      import amqp from 'amqplib';
      import { Server } from 'socket.io';
      new Worker('emails', async (job) => {});
      const queue = new Queue('q');
      queue.process(async (job) => {});
      const agenda = new Agenda();
      agenda.define('report', async (job) => {});
      const boss = new PgBoss('url');
      boss.work('jobs', async ([job]) => {});
      const consumer = new Kafka({}).consumer({ groupId: 'g' });
      consumer.run({ eachMessage: async ({ message }) => {} });
      Consumer.create({ queueUrl: 'u', handleMessage: async (message) => {} });
      const channel = await (await amqp.connect('amqp://')).createChannel();
      channel.consume('tasks', async (msg) => {});
      const io = new Server();
      io.on('connection', (socket) => { socket.on('chat', async (payload) => {}); });
      setInterval(async () => {}, 1000);
    `;
    expect(handlersIn(code)).toEqual([
      'the BullMQ job processor `emails`',
      'the Bull job processor',
      'the Agenda job processor `report`',
      'the pg-boss job processor `jobs`',
      'the KafkaJS message handler',
      'the sqs-consumer message handler',
      'the amqplib message handler `tasks`',
      'the Socket.IO connection handler',
      'the Socket.IO event handler `chat`',
      'the Node.js setInterval callback',
    ]);
  });

  it('Node.js http servers', () => {
    const code = `
      import http from 'node:http';
      import { createServer } from 'https';
      http.createServer(async (req, res) => {}).listen(3000);
      const server = createServer({}, (req, res) => {});
      server.on('request', (req, res) => {});
      server.listen(443, () => {});
    `;
    expect(handlersIn(code)).toEqual([
      'the Node.js HTTP request handler',
      'the Node.js HTTP request handler',
      'the Node.js HTTP request handler `request`',
    ]);
  });

  it('does not take look-alikes for handlers', () => {
    const code = `
      const map = new Map();
      map.get('/a', () => {});
      function get(path, fn) {}
      get('/x', () => {});
      [1, 2].map((x) => x);
      promise.then(() => {});
      emitter.on('data', () => {});
      declare const promise: any, emitter: any;
    `;
    expect(handlersIn(code)).toEqual([]);
  });
});
