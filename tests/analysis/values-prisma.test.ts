import { describe, expect, it } from 'vitest';
import { modelledCalls, valuesOfIdentifier } from '../helpers/probe';

const cjs = { javascript: true, sourceType: 'commonjs' } as const;

describe('value tracking: prisma', () => {
  it('tracks new PrismaClient, model delegates and $disconnect', () => {
    const code = `
      import { PrismaClient } from '@prisma/client';
      export const prisma = new PrismaClient();
      export async function list() {
        const users = prisma.user;
        await users.findMany();
        await prisma.$disconnect();
      }
    `;
    expect(valuesOfIdentifier(code, 'prisma')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'users')).toEqual(['prisma:ModelDelegate', 'prisma:ModelDelegate']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new PrismaClient()', shape: 'prisma:PrismaClientClass', createsEngine: true },
      { text: 'prisma.$disconnect()', shape: 'prisma:PrismaClient', method: '$disconnect', effect: 'close' },
    ]);
  });

  it('tracks namespace, CommonJS and import-equals forms', () => {
    expect(valuesOfIdentifier(`import * as P from '@prisma/client'; const p = new P.PrismaClient(); p;`, 'p')).toEqual([
      'prisma:PrismaClient',
      'prisma:PrismaClient',
    ]);
    expect(valuesOfIdentifier(`import pkg from '@prisma/client'; const p = new pkg.PrismaClient(); p;`, 'p')).toEqual([
      'prisma:PrismaClient',
      'prisma:PrismaClient',
    ]);
    expect(valuesOfIdentifier(`const { PrismaClient } = require('@prisma/client'); const p = new PrismaClient(); p;`, 'p', cjs)).toEqual([
      'prisma:PrismaClient',
      'prisma:PrismaClient',
    ]);
    expect(valuesOfIdentifier(`const p = new (require('@prisma/client').PrismaClient)(); p;`, 'p', cjs)).toEqual([
      'prisma:PrismaClient',
      'prisma:PrismaClient',
    ]);
    expect(
      valuesOfIdentifier(`import P = require('@prisma/client'); const p = new P.PrismaClient(); p;`, 'p', { sourceType: 'commonjs' }),
    ).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(`import { PrismaClient } from '@prisma/client/edge'; const p = new PrismaClient(); p;`, 'p')).toEqual([
      'prisma:PrismaClient',
      'prisma:PrismaClient',
    ]);
  });

  it("recognises Prisma 7's generated client paths", () => {
    for (const specifier of [
      './generated/prisma/client',
      '../generated/prisma',
      '../../generated/prisma/client.js',
      '@/generated/prisma/client',
      '~/generated/prisma/client',
      '#generated/prisma/client',
      '../prisma/generated/client',
      '.prisma/client',
      '.prisma/client/default',
      '../../prisma/generated-prisma-client',
      '../infrastructure/prisma/generated-prisma-client.js',
      '../generated/prisma-client',
      'generated_prisma_client',
    ]) {
      expect(valuesOfIdentifier(`import { PrismaClient } from '${specifier}'; const p = new PrismaClient(); p;`, 'p')).toEqual([
        'prisma:PrismaClient',
        'prisma:PrismaClient',
      ]);
    }
    for (const specifier of ['./prisma', '@/lib/prisma', './generated/prismatic', './generated/prisma-helpers', './prisma/generated/types', './prisma-client', '@/lib/prisma/prisma-client', './generated-prisma-client-mock']) {
      expect(valuesOfIdentifier(`import { PrismaClient } from '${specifier}'; const p = new PrismaClient(); p;`, 'p')).toEqual([
        undefined,
        undefined,
      ]);
    }
  });

  it('treats Prisma 7 driver adapters as configuration, the client as the engine', () => {
    const code = `
      import { PrismaClient } from './generated/prisma/client';
      import { PrismaPg } from '@prisma/adapter-pg';
      import { PrismaNeon } from '@prisma/adapter-neon';
      import { Pool } from 'pg';
      const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });
      export const prisma = new PrismaClient({ adapter });
      const pool = new Pool();
      const fromPool = new PrismaPg(pool);
      const neon = new PrismaNeon({ connectionString: process.env.DATABASE_URL });
    `;
    // declaration, shorthand key, shorthand value
    expect(valuesOfIdentifier(code, 'adapter')).toEqual(['prisma:DriverAdapter', 'prisma:DriverAdapter', 'prisma:DriverAdapter']);
    expect(valuesOfIdentifier(code, 'neon')).toEqual(['prisma:DriverAdapter']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new PrismaPg({ connectionString: process.env.DATABASE_URL })', shape: 'prisma:PgAdapterClass' },
      { text: 'new PrismaClient({ adapter })', shape: 'prisma:PrismaClientClass', createsEngine: true },
      { text: 'new Pool()', shape: 'pg:PoolClass', createsEngine: true },
      { text: 'new PrismaPg(pool)', shape: 'prisma:PgAdapterClass' },
      { text: 'new PrismaNeon({ connectionString: process.env.DATABASE_URL })', shape: 'prisma:NeonAdapterClass' },
    ]);
  });

  it('knows the interactive transaction client, nested $transaction and the array form', () => {
    const code = `
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      export async function transfer() {
        await prisma.$transaction(async (tx) => {
          await tx.account.update({});
          await tx.$transaction(async (inner) => { inner; });
          await tx.$executeRaw\`update accounts set balance = 0\`;
        }, { timeout: 10000 });
        await prisma.$transaction([prisma.user.count(), prisma.post.count()]);
      }
    `;
    expect(valuesOfIdentifier(code, 'tx')).toEqual([
      'prisma:TransactionClient',
      'prisma:TransactionClient',
      'prisma:TransactionClient',
      'prisma:TransactionClient',
    ]);
    expect(valuesOfIdentifier(code, 'inner')).toEqual(['prisma:TransactionClient', 'prisma:TransactionClient']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new PrismaClient()', shape: 'prisma:PrismaClientClass', createsEngine: true },
      { text: 'prisma.$transaction(async (tx) => {', shape: 'prisma:PrismaClient', method: '$transaction', callback: true },
      { text: 'tx.$transaction(async (inner) => { inner; })', shape: 'prisma:TransactionClient', method: '$transaction', callback: true },
      { text: 'tx.$executeRaw`update accounts set balance = 0`', shape: 'prisma:RawQuery' },
      { text: 'prisma.$transaction([prisma.user.count(), prisma.post.count()])', shape: 'prisma:PrismaClient', method: '$transaction' },
    ]);
  });

  it('tracks raw queries and $extends without a new engine', () => {
    const code = `
      import { Prisma, PrismaClient } from '@prisma/client';
      const base = new PrismaClient();
      export const xprisma = base.$extends({});
      export async function f(id) {
        await xprisma.$queryRaw\`select * from users where id = \${id}\`;
        await base.$queryRaw(Prisma.sql\`select 1\`);
        await base.$executeRawUnsafe('set search_path to app');
      }
    `;
    expect(valuesOfIdentifier(code, 'xprisma')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(modelledCalls(code)).toEqual([
      { text: 'new PrismaClient()', shape: 'prisma:PrismaClientClass', createsEngine: true },
      { text: 'base.$extends({})', shape: 'prisma:PrismaClient', method: '$extends' },
      { text: 'xprisma.$queryRaw`select * from users where id = ${id}`', shape: 'prisma:RawQuery' },
      { text: 'base.$queryRaw(Prisma.sql`select 1`)', shape: 'prisma:RawQuery' },
      { text: "base.$executeRawUnsafe('set search_path to app')", shape: 'prisma:PrismaClient', method: '$executeRawUnsafe' },
    ]);
  });

  it('knows annotated parameters, subclasses and the globalThis cache', () => {
    const code = `
      import { Prisma, PrismaClient } from '@prisma/client';
      import type * as client from './generated/prisma/client';
      export async function save(tx: Prisma.TransactionClient, db: PrismaClient, other: client.Prisma.TransactionClient) { tx; db; other; }
      class PrismaService extends PrismaClient {
        async onModuleInit() { await this.$connect(); }
      }
      export const service = new PrismaService();
      const globalForPrisma = globalThis as unknown as { prisma: PrismaClient };
      export const cached = globalForPrisma.prisma ?? new PrismaClient();
    `;
    expect(valuesOfIdentifier(code, 'tx')).toEqual(['prisma:TransactionClient', 'prisma:TransactionClient']);
    expect(valuesOfIdentifier(code, 'db')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'other')).toEqual(['prisma:TransactionClient', 'prisma:TransactionClient']);
    expect(valuesOfIdentifier(code, 'service')).toEqual(['prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'cached')).toEqual(['prisma:PrismaClient']);
    expect(modelledCalls(code)).toEqual([
      { text: 'this.$connect()', shape: 'prisma:PrismaClient', method: '$connect' },
      { text: 'new PrismaService()', shape: 'prisma:PrismaClientClass', createsEngine: true },
      { text: 'new PrismaClient()', shape: 'prisma:PrismaClientClass', createsEngine: true },
    ]);
  });

  it('follows calls of the file\'s own factories: built in the function, or a module-level engine handed out', () => {
    // Prisma's Next.js recipe, a factory that extends the client, an accessor, a lazily built pool.
    const code = `
      import { PrismaClient } from '@prisma/client';
      const prismaClientSingleton = () => {
        return new PrismaClient();
      };
      declare const globalThis: { prismaGlobal: ReturnType<typeof prismaClientSingleton> };
      const prisma = globalThis.prismaGlobal ?? prismaClientSingleton();
      function makeExtended() {
        const client = new PrismaClient().$extends({});
        return client;
      }
      const extended = makeExtended();
      function getPrisma() { return prisma; }
      let lazy;
      function getLazy() {
        if (!lazy) lazy = new PrismaClient();
        return lazy;
      }
      async function connected() { const made = new PrismaClient(); await made.$connect(); return made; }
      export async function use() {
        const a = getPrisma(); const b = getLazy(); const c = await connected();
        prisma; extended; a; b; c;
        await getPrisma().$executeRawUnsafe('select 1');
      }
    `;
    expect(valuesOfIdentifier(code, 'prisma')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'extended')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'a')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'b')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'c')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(modelledCalls(code)).toContainEqual({ text: "getPrisma().$executeRawUnsafe('select 1')", shape: 'prisma:PrismaClient', method: '$executeRawUnsafe' });
  });

  it('a static getInstance() of a class of the file, and a declared return type where the returns cannot be followed', () => {
    const code = `
      import { Prisma, PrismaClient } from '@prisma/client';
      export class Db {
        private static instance: PrismaClient;
        static getInstance(): PrismaClient {
          if (!Db.instance) Db.instance = new PrismaClient();
          return Db.instance;
        }
      }
      const registry = new Map();
      function fromRegistry(): PrismaClient { return registry.get('db'); }
      async function connected(): Promise<PrismaClient> { return registry.get('db'); }
      function either(): PrismaClient | Prisma.TransactionClient { return registry.get('db'); }
      declare const globalThis: { prismaGlobal: PrismaClient | undefined };
      export const prisma = globalThis.prismaGlobal ?? Db.getInstance();
      export async function use() {
        const a = fromRegistry(); const b = await connected(); const c = either();
        prisma; a; b; c;
      }
    `;
    expect(valuesOfIdentifier(code, 'prisma')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'a')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'b')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    // A union may name the engine and the transaction both: not followed.
    expect(valuesOfIdentifier(code, 'c')).toEqual([undefined, undefined]);
  });

  it('does not follow a function that picks its client or returns other values; one that hands back what it was given holds that', () => {
    // \`db()\` returns the open transaction when there is one: its calls are not the engine's.
    const code = `
      import { PrismaClient } from '@prisma/client';
      import { AsyncLocalStorage } from 'node:async_hooks';
      const prisma = new PrismaClient();
      const als = new AsyncLocalStorage();
      function db(): PrismaClient { return als.getStore()?.tx ?? prisma; }
      function viaConst() { const store = als.getStore(); const client = store ? store.tx : prisma; return client; }
      function given(client) { return client; }
      function mixed(flag) { if (flag) return new PrismaClient(); return loadOther(); }
      export function use() {
        const a = db(); const b = viaConst(); const c = given(prisma); const d = mixed(true);
        a; b; c; d;
      }
    `;
    expect(valuesOfIdentifier(code, 'a')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(code, 'b')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(code, 'c')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'd')).toEqual([undefined, undefined]);
  });

  it('a function that hands back its parameter, retyped or not, holds what each call gives it', () => {
    const code = `
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      function asAdmin(client: PrismaClient): AdminClient { return client as unknown as AdminClient; }
      function reassigned(client) { client = client ?? other; return client; }
      export function use(pool) {
        const a = asAdmin(prisma); const b = asAdmin(pool); const c = reassigned(prisma); const d = asAdmin(...[prisma]);
        a; b; c; d;
      }
    `;
    expect(valuesOfIdentifier(code, 'a')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
    expect(valuesOfIdentifier(code, 'b')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(code, 'c')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(code, 'd')).toEqual([undefined, undefined]);
  });

  it('ignores local look-alikes', () => {
    expect(valuesOfIdentifier(`class PrismaClient {} const p = new PrismaClient(); p;`, 'p')).toEqual([undefined, undefined]);
    expect(valuesOfIdentifier(`import { PrismaClient } from './db'; const p = new PrismaClient(); p;`, 'p')).toEqual([
      undefined,
      undefined,
    ]);
    expect(
      valuesOfIdentifier(`const prisma = { $transaction: (fn) => fn({}) }; prisma.$transaction(async (tx) => { tx; });`, 'tx'),
    ).toEqual([undefined, undefined]);
  });

  describe('a receiver the file calls a Prisma-only method on', () => {
    it('reads an imported client, a tRPC context member and an injected service as a client wherever the file uses them', () => {
      const code = `
        import prisma from '@/lib/prisma';
        export async function place(body) {
          await prisma.$transaction(async (tx) => { await tx.order.create({ data: body }); });
          return prisma.order.count();
        }
        export const router = { list: ({ ctx }) => ctx.db.$transaction(async (tx) => ctx.db.user.findMany()) };
      `;
      expect(valuesOfIdentifier(code, 'prisma')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient', 'prisma:PrismaClient']);
      expect(valuesOfIdentifier(code, 'tx')).toEqual(['prisma:TransactionClient', 'prisma:TransactionClient', 'prisma:TransactionClient']);
      expect(valuesOfIdentifier(code, 'db')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient']);
      const service = `
        import { PrismaService } from '../prisma/prisma.service';
        export class UsersService {
          constructor(private readonly prisma: PrismaService) {}
          rename(id: number) { return this.prisma.$queryRaw\`SELECT 1\`; }
          other() { return this.prisma.user.findMany(); }
        }
      `;
      expect(valuesOfIdentifier(service, 'prisma')).toEqual([undefined, 'prisma:PrismaClient', 'prisma:PrismaClient']);
    });

    it('needs a call: a spy on the method, a member of another variable or a stand-in the file writes out says nothing', () => {
      expect(valuesOfIdentifier(`import { prisma } from '../db'; jest.spyOn(prisma, '$transaction'); prisma.$transaction.mockResolvedValue([]); prisma;`, 'prisma')).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(valuesOfIdentifier(`import { a, b } from '../db'; a.$transaction(async (tx) => tx); b.user.findMany();`, 'b')).toEqual([undefined, undefined, undefined]);
      expect(valuesOfIdentifier(`function db() {} db.$transaction = (fn) => fn(); db.$transaction(async () => 1); db;`, 'db')).toEqual([undefined, undefined, undefined, undefined]);
    });

    it("leaves a class named like one alone: the project's service with a static method of the same name", () => {
      const code = `
        const HarvestJobsService = require('./harvest-job.service');
        exports.cancel = (jobs) => HarvestJobsService.$transaction(async (service) => jobs.map((job) => HarvestJobsService.isDone(job) ? job : service.cancel(job)));
      `;
      expect(valuesOfIdentifier(code, 'HarvestJobsService', cjs)).toEqual([undefined, undefined, undefined]);
      expect(valuesOfIdentifier(`import { DB } from './db'; DB.$transaction(async (tx) => tx); DB;`, 'DB')).toEqual(['prisma:PrismaClient', 'prisma:PrismaClient', 'prisma:PrismaClient', 'prisma:PrismaClient']);
    });
  });
});
