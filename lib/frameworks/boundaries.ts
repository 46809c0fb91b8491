import type { BoundarySpec, FrameworkModel } from '../models/types';

/** Structured clone to another thread or process. */
const thread = (what: string, args: BoundarySpec['args']): { boundary: BoundarySpec } => ({ boundary: { kind: 'thread', what, args } });
/** A job payload, serialised for a queue. */
export const queue = (what: string, args: BoundarySpec['args']): { boundary: BoundarySpec } => ({ boundary: { kind: 'queue', what, args } });

/** `worker_threads`: `new Worker(file, { workerData })`, `worker.postMessage(x)`, `parentPort.postMessage(x)`, ports and channels. */
export const workerThreads: FrameworkModel = {
  id: 'worker_threads',
  name: 'worker_threads',
  modules: [
    { name: 'worker_threads', exports: 'module' },
    { name: 'node:worker_threads', exports: 'module' },
  ],
  shapes: {
    module: {
      props: { Worker: 'WorkerClass', parentPort: 'Port', MessageChannel: 'ChannelClass', BroadcastChannel: 'PortClass', MessagePort: 'PortClass' },
    },
    WorkerClass: { construct: { returns: 'Port', ...thread("a worker thread's workerData", [{ arg: 1, prop: 'workerData' }]) } },
    ChannelClass: { construct: { returns: 'Channel' } },
    Channel: { props: { port1: 'Port', port2: 'Port' } },
    PortClass: { construct: { returns: 'Port' } },
    Port: { methods: { postMessage: thread('a message to another thread', [0]) } },
  },
};

/** `child_process.fork(…).send(x)`, `cluster.fork().send(x)`. */
export const childProcess: FrameworkModel = {
  id: 'child_process',
  name: 'child_process',
  modules: [
    { name: 'child_process', exports: 'module' },
    { name: 'node:child_process', exports: 'module' },
    { name: 'cluster', exports: 'module' },
    { name: 'node:cluster', exports: 'module' },
  ],
  shapes: {
    module: { props: { fork: 'Fork', default: 'module' } },
    Fork: { call: { returns: 'Child' } },
    Child: { methods: { send: thread('a message to another process', [0]) } },
  },
};

/** Worker pools: Piscina `run`, tinypool `run`, workerpool `exec(fn, args)`. */
export const workerPools: FrameworkModel = {
  id: 'worker-pools',
  name: 'worker pools',
  modules: [
    { name: 'piscina', exports: 'piscina' },
    { name: 'tinypool', exports: 'tinypool' },
    { name: 'workerpool', exports: 'workerpool' },
  ],
  shapes: {
    piscina: { props: { Piscina: 'PiscinaClass', default: 'PiscinaClass' }, construct: { returns: 'Piscina' } },
    PiscinaClass: { construct: { returns: 'Piscina' } },
    Piscina: { methods: { run: thread('a worker-pool task', [0]) } },
    tinypool: { props: { Tinypool: 'PiscinaClass', default: 'PiscinaClass' }, construct: { returns: 'Piscina' } },
    workerpool: { props: { pool: 'WorkerpoolFactory' } },
    WorkerpoolFactory: { call: { returns: 'Workerpool' } },
    Workerpool: { methods: { exec: thread('a worker-pool task', [1]) } },
  },
};

/** graphile-worker (BullMQ, Bull, Bee-Queue, Agenda and pg-boss payloads are in lib/frameworks/jobs.ts). */
export const graphileWorker: FrameworkModel = {
  id: 'graphile-worker',
  name: 'graphile-worker',
  modules: [{ name: 'graphile-worker', exports: 'graphile' }],
  shapes: {
    graphile: { props: { quickAddJob: 'QuickAddJob', makeWorkerUtils: 'MakeUtils' } },
    QuickAddJob: { call: queue('a graphile-worker job', [2]) },
    MakeUtils: { call: { resolves: 'WorkerUtils' } },
    WorkerUtils: { methods: { addJob: queue('a graphile-worker job', [1]) } },
  },
};

/** Global functions that clone or serialise their argument. */
export const GLOBAL_BOUNDARIES: ReadonlyArray<{ readonly path: readonly string[]; readonly boundary: BoundarySpec }> = [
  { path: ['structuredClone'], boundary: { kind: 'thread', what: 'structuredClone', args: [0] } },
  { path: ['process', 'send'], boundary: { kind: 'thread', what: 'a message to the parent process', args: [0] } },
  { path: ['JSON', 'stringify'], boundary: { kind: 'queue', what: 'JSON.stringify()', args: [0] } },
];
