import type { CallSpec, FrameworkModel, HandlerSpec, Shape } from '../models/types';

/** HTTP verbs routers register handlers with (plus `all`). */
export const ROUTE_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head'] as const;

const route: HandlerSpec = { what: 'route handler', args: 'functions', nameArg: 0 };
const middleware: HandlerSpec = { what: 'middleware', args: 'functions' };

/** A router whose verb methods and `use` take per-request callbacks. */
function router(extra: Readonly<Record<string, CallSpec>> = {}): Shape {
  const methods: Record<string, CallSpec> = {};
  for (const verb of ROUTE_VERBS) {
    methods[verb] = { handlers: route };
  }
  methods.use = { handlers: middleware };
  return { methods: { ...methods, ...extra } };
}

/** Express: `express()`, `express.Router()`, `import { Router } from 'express'`, `app.route('/x').get(fn)`. */
export const express: FrameworkModel = {
  id: 'express',
  name: 'Express',
  concurrent: true,
  modules: [{ name: 'express', exports: 'module' }],
  shapes: {
    module: { call: { returns: 'App' }, props: { Router: 'RouterFactory' } },
    RouterFactory: { call: { returns: 'App' }, construct: { returns: 'App' } },
    App: router({ route: { returns: 'Route' }, param: { handlers: middleware } }),
    Route: router(),
  },
};

/** Koa and its routers (`@koa/router`, `koa-router`). */
export const koa: FrameworkModel = {
  id: 'koa',
  name: 'Koa',
  concurrent: true,
  modules: [
    { name: 'koa', exports: 'KoaClass' },
    { name: '@koa/router', exports: 'RouterClass' },
    { name: 'koa-router', exports: 'RouterClass' },
  ],
  shapes: {
    KoaClass: { construct: { returns: 'App' }, props: { default: 'KoaClass' } },
    App: { methods: { use: { handlers: middleware } } },
    RouterClass: { construct: { returns: 'Router' }, props: { default: 'RouterClass', Router: 'RouterClass' } },
    Router: router({ route: { returns: 'Router' } }),
  },
};

const fastifyHooks = ['handler', 'preHandler', 'onRequest', 'preValidation', 'preParsing', 'preSerialization', 'onSend'];

/** Fastify: `fastify()`, `Fastify()`, `app.get(path, [opts,] fn)`, `app.route({ handler })`, hooks. */
export const fastify: FrameworkModel = {
  id: 'fastify',
  name: 'Fastify',
  concurrent: true,
  modules: [{ name: 'fastify', exports: 'module' }],
  shapes: {
    module: { call: { returns: 'App' }, props: { fastify: 'module', default: 'module' } },
    App: router({
      route: { handlers: { what: 'route handler', props: { arg: 0, names: fastifyHooks } } },
      addHook: { handlers: { what: 'hook', args: [1] } },
    }),
  },
};

/** Hono: `new Hono()`, `app.get(path, fn)`, `app.on(method, path, fn)`. */
export const hono: FrameworkModel = {
  id: 'hono',
  name: 'Hono',
  modules: [{ name: 'hono', exports: 'module' }],
  shapes: {
    module: { props: { Hono: 'HonoClass' } },
    HonoClass: { construct: { returns: 'App' } },
    App: router({ on: { handlers: { what: 'route handler', args: 'functions' } }, route: { returns: 'App' } }),
  },
};

/** Socket.IO: `io.on('connection', socket => socket.on('event', fn))`. */
export const socketIo: FrameworkModel = {
  id: 'socket.io',
  name: 'Socket.IO',
  concurrent: true,
  modules: [{ name: 'socket.io', exports: 'module' }],
  shapes: {
    module: { props: { Server: 'ServerClass' }, call: { returns: 'Server' } },
    ServerClass: { construct: { returns: 'Server' } },
    Server: {
      methods: {
        on: {
          handlers: { what: 'connection handler', args: [1] },
          callback: { arg: 1, params: ['Socket'], scope: 'task' },
        },
        use: { handlers: { what: 'middleware', args: 'functions' } },
      },
    },
    Socket: { methods: { on: { handlers: { what: 'event handler', args: [1], nameArg: 0 } } } },
  },
};

/** Node's own HTTP servers: `http.createServer((req, res) => …)`, `server.on('request', fn)`. */
export const nodeHttp: FrameworkModel = {
  id: 'node-http',
  name: 'Node.js HTTP',
  concurrent: true,
  modules: [
    { name: 'http', exports: 'module' },
    { name: 'node:http', exports: 'module' },
    { name: 'https', exports: 'module' },
    { name: 'node:https', exports: 'module' },
    { name: 'http2', exports: 'module' },
    { name: 'node:http2', exports: 'module' },
  ],
  shapes: {
    // Functions a module exports are props with a `call`, so `http.createServer()` and a named import both work.
    module: {
      props: { createServer: 'CreateServer', createSecureServer: 'CreateServer', default: 'module', request: 'Request', get: 'Request' },
    },
    // `http.request()` / `http.get()`: an outgoing HTTP request (waited for through a `new Promise` wrapper).
    Request: { call: { slow: 'an HTTP request' } },
    CreateServer: { call: { returns: 'Server', handlers: { what: 'request handler', args: 'functions' } } },
    Server: { methods: { on: { handlers: { what: 'request handler', args: [1], nameArg: 0 } } } },
  },
};

/** The methods a TanStack Start server route answers (`ANY`: every method). */
const SERVER_ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/**
 * TanStack Start: a server function, `createServerFn({ method }).inputValidator(…).handler(fn)`,
 * runs once per call from the client (an HTTP request); so do a function middleware's
 * `createMiddleware({ type: 'function' }).server(fn)` and a server route's handlers.
 */
export const tanstackStart: FrameworkModel = {
  id: 'tanstack-start',
  name: 'TanStack Start',
  modules: [
    { name: '@tanstack/react-start', exports: 'module' },
    { name: '@tanstack/solid-start', exports: 'module' },
    { name: '@tanstack/start', exports: 'module' },
    { name: '@tanstack/start-client-core', exports: 'module' },
    // Server routes are file routes of the router with a `server` part.
    { name: '@tanstack/react-router', exports: 'module' },
    { name: '@tanstack/solid-router', exports: 'module' },
  ],
  shapes: {
    module: { props: { createServerFn: 'CreateServerFn', createMiddleware: 'CreateMiddleware', createFileRoute: 'CreateFileRoute' } },
    // `createFileRoute('/api/users')({ server: { handlers: { GET: async ({ request }) => … } } })`.
    CreateFileRoute: { call: { returns: 'FileRoute' } },
    FileRoute: { call: { handlers: { what: 'server route handler', props: { arg: 0, path: ['server', 'handlers'], names: SERVER_ROUTE_METHODS } } } },
    CreateServerFn: { call: { returns: 'ServerFn' } },
    ServerFn: {
      methods: {
        method: { returns: 'ServerFn' },
        inputValidator: { returns: 'ServerFn' },
        validator: { returns: 'ServerFn' },
        middleware: { returns: 'ServerFn' },
        handler: { handlers: { what: 'server function', args: [0] } },
      },
    },
    CreateMiddleware: { call: { returns: 'Middleware' } },
    Middleware: {
      methods: {
        middleware: { returns: 'Middleware' },
        inputValidator: { returns: 'Middleware' },
        validator: { returns: 'Middleware' },
        client: { returns: 'Middleware' },
        server: { handlers: { what: 'middleware', args: [0] } },
      },
    },
  },
};
