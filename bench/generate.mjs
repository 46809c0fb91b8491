#!/usr/bin/env node
// Generates the synthetic application corpora for the benchmark (bench/run.mjs) under
// bench/corpus/ (gitignored). Deterministic: a seeded PRNG (mulberry32), never Math.random, so
// the same seed gives byte-identical files on every machine.
//
//   node bench/generate.mjs                 # app-1x, app-2x, app-4x and single/ (default)
//   node bench/generate.mjs --scales 1      # only app-1x and single/
//   node bench/generate.mjs --seed 42       # another corpus (default seed 20251125)
//
// What it writes:
//   bench/corpus/app-<N>x/           N × 1,000 files (≈ 110 lines each): request handlers (Express,
//                                    Fastify, NestJS, Next.js route handlers), services,
//                                    repositories and transactions for pg, Prisma, TypeORM, Knex,
//                                    Sequelize, Drizzle, Kysely, MikroORM, postgres.js, pg-promise
//                                    and slonik, plus ~35 % plain files that import no database
//                                    library. About 6 % of the database files contain one of the
//                                    mistakes the rules exist for. File i is the same in every
//                                    scale (the 4× corpus is a superset of the 1×).
//     manifest.json                  every file, and which import no database library
//     tsconfig.json                  for the typed runs
//   bench/corpus/single/src/services/big-service.ts   one ≈ 2,000-line file (the per-keystroke
//                                    figure), beside the shared src/db/* modules it imports
//
// Also importable: `generate({ seed, scales, outDir })` returns the manifests.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SEED = 20251125;
export const FILES_PER_SCALE = 1000;

// ---------------------------------------------------------------------------------------------
// PRNG and helpers

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small random toolkit around one PRNG stream. */
function rng(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let x = next() * total;
      for (const [value, w] of entries) {
        x -= w;
        if (x < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
  return r;
}

/** Seed of file `i`: independent of the scale, so file i is identical in every corpus. */
function fileSeed(seed, i) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (i + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const DOMAINS = [
  'user', 'order', 'invoice', 'product', 'payment', 'shipment', 'account', 'tenant', 'report',
  'subscription', 'coupon', 'review', 'ticket', 'session', 'audit', 'inventory', 'warehouse',
  'customer', 'refund', 'notification', 'project', 'task', 'comment', 'team', 'webhook', 'plan',
];
const FIELDS = ['status', 'amount', 'currency', 'email', 'title', 'quantity', 'note', 'priority', 'region', 'score'];
const VERBS = ['load', 'sync', 'apply', 'mark', 'settle', 'archive', 'merge', 'recount', 'close', 'reopen'];

const pascal = (s) => s.replace(/(^|[-_ ])(\w)/g, (_, __, c) => c.toUpperCase());
const camel = (s) => {
  const p = pascal(s);
  return p[0].toLowerCase() + p.slice(1);
};
const plural = (s) => (s.endsWith('y') ? `${s.slice(0, -1)}ies` : s.endsWith('s') ? `${s}es` : `${s}s`);

// ---------------------------------------------------------------------------------------------
// Plain (no database) building blocks: each returns lines.

function plainHelper(r, ctx, n) {
  const E = pascal(ctx.domain);
  const e = camel(ctx.domain);
  const f = r.pick(FIELDS);
  const kind = r.int(0, 9);
  const id = `${n}${r.int(10, 99)}`;
  switch (kind) {
    case 0:
      return [
        `export function format${E}Amount${id}(cents: number, currency = 'EUR'): string {`,
        `  const sign = cents < 0 ? '-' : '';`,
        `  const abs = Math.abs(cents);`,
        `  const whole = Math.floor(abs / 100).toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');`,
        `  const fraction = (abs % 100).toString().padStart(2, '0');`,
        `  return \`\${sign}\${whole}.\${fraction} \${currency}\`;`,
        `}`,
        ``,
      ];
    case 1:
      return [
        `export interface ${E}Input${id} {`,
        `  id: string;`,
        `  ${f}: string | number;`,
        `  tags?: string[];`,
        `  createdAt?: string;`,
        `}`,
        ``,
        `export function validate${E}${id}(input: unknown): ${E}Input${id} {`,
        `  if (typeof input !== 'object' || input === null) {`,
        `    throw new TypeError('${e}: expected an object');`,
        `  }`,
        `  const value = input as Record<string, unknown>;`,
        `  if (typeof value.id !== 'string' || value.id.length === 0) {`,
        `    throw new TypeError('${e}.id: expected a non-empty string');`,
        `  }`,
        `  if (typeof value.${f} !== 'string' && typeof value.${f} !== 'number') {`,
        `    throw new TypeError('${e}.${f}: expected a string or a number');`,
        `  }`,
        `  if (value.tags !== undefined && !Array.isArray(value.tags)) {`,
        `    throw new TypeError('${e}.tags: expected an array');`,
        `  }`,
        `  return value as unknown as ${E}Input${id};`,
        `}`,
        ``,
      ];
    case 2:
      return [
        `export function chunk${id}<T>(items: readonly T[], size: number): T[][] {`,
        `  if (size <= 0) throw new RangeError('size must be positive');`,
        `  const out: T[][] = [];`,
        `  for (let i = 0; i < items.length; i += size) {`,
        `    out.push(items.slice(i, i + size));`,
        `  }`,
        `  return out;`,
        `}`,
        ``,
      ];
    case 3:
      return [
        `export function groupBy${pascal(f)}${id}<T extends { ${f}: string }>(rows: T[]): Map<string, T[]> {`,
        `  const groups = new Map<string, T[]>();`,
        `  for (const row of rows) {`,
        `    const key = row.${f}.trim().toLowerCase();`,
        `    const bucket = groups.get(key);`,
        `    if (bucket) {`,
        `      bucket.push(row);`,
        `    } else {`,
        `      groups.set(key, [row]);`,
        `    }`,
        `  }`,
        `  return groups;`,
        `}`,
        ``,
      ];
    case 4:
      return [
        `export type ${E}State${id} = 'draft' | 'open' | 'closed' | 'archived';`,
        ``,
        `const ${e}Transitions${id}: Record<${E}State${id}, ${E}State${id}[]> = {`,
        `  draft: ['open', 'archived'],`,
        `  open: ['closed'],`,
        `  closed: ['open', 'archived'],`,
        `  archived: [],`,
        `};`,
        ``,
        `export function next${E}State${id}(from: ${E}State${id}, to: ${E}State${id}): ${E}State${id} {`,
        `  if (!${e}Transitions${id}[from].includes(to)) {`,
        `    throw new Error(\`${e}: cannot go from \${from} to \${to}\`);`,
        `  }`,
        `  return to;`,
        `}`,
        ``,
      ];
    case 5:
      return [
        `export function slugify${id}(text: string): string {`,
        `  return text`,
        `    .normalize('NFKD')`,
        `    .replace(/[\\u0300-\\u036f]/g, '')`,
        `    .toLowerCase()`,
        `    .replace(/[^a-z0-9]+/g, '-')`,
        `    .replace(/^-+|-+$/g, '')`,
        `    .slice(0, ${r.int(40, 80)});`,
        `}`,
        ``,
      ];
    case 6:
      return [
        `export class ${E}Cache${id}<V> {`,
        `  private readonly entries = new Map<string, { value: V; expires: number }>();`,
        `  constructor(private readonly ttlMs = ${r.int(1, 60) * 1000}) {}`,
        ``,
        `  get(key: string, now = Date.now()): V | undefined {`,
        `    const entry = this.entries.get(key);`,
        `    if (!entry || entry.expires <= now) {`,
        `      this.entries.delete(key);`,
        `      return undefined;`,
        `    }`,
        `    return entry.value;`,
        `  }`,
        ``,
        `  set(key: string, value: V, now = Date.now()): void {`,
        `    this.entries.set(key, { value, expires: now + this.ttlMs });`,
        `  }`,
        `}`,
        ``,
      ];
    case 7:
      return [
        `export function parseDateRange${id}(from?: string, to?: string): { from: Date; to: Date } {`,
        `  const end = to ? new Date(to) : new Date();`,
        `  const start = from ? new Date(from) : new Date(end.getTime() - ${r.int(1, 90)} * 86_400_000);`,
        `  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {`,
        `    throw new RangeError('invalid date range');`,
        `  }`,
        `  if (start > end) {`,
        `    return { from: end, to: start };`,
        `  }`,
        `  return { from: start, to: end };`,
        `}`,
        ``,
      ];
    case 8:
      return [
        `export async function retry${id}<T>(fn: () => Promise<T>, attempts = ${r.int(2, 6)}): Promise<T> {`,
        `  let lastError: unknown;`,
        `  for (let attempt = 0; attempt < attempts; attempt += 1) {`,
        `    try {`,
        `      return await fn();`,
        `    } catch (error) {`,
        `      lastError = error;`,
        `      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * ${r.int(10, 200)}));`,
        `    }`,
        `  }`,
        `  throw lastError;`,
        `}`,
        ``,
      ];
    default:
      return [
        `export function summarize${E}${id}(values: number[]): { min: number; max: number; mean: number; p95: number } {`,
        `  if (values.length === 0) return { min: 0, max: 0, mean: 0, p95: 0 };`,
        `  const sorted = [...values].sort((a, b) => a - b);`,
        `  const sum = sorted.reduce((acc, v) => acc + v, 0);`,
        `  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];`,
        `  return { min: sorted[0], max: sorted[sorted.length - 1], mean: sum / sorted.length, p95 };`,
        `}`,
        ``,
      ];
  }
}

function plainFile(r, ctx) {
  const lines = [`// ${ctx.domain} helpers (generated, no database)`, ``];
  if (r.chance(0.3)) lines.push(`import { createHash } from 'node:crypto';`, ``);
  const count = r.int(7, 11);
  for (let n = 0; n < count; n += 1) lines.push(...plainHelper(r, ctx, n));
  if (lines.some((l) => l.includes("from 'node:crypto'"))) {
    lines.push(
      `export function fingerprint(value: unknown): string {`,
      `  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);`,
      `}`,
      ``,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Database libraries: the shared engine module, and blocks a file uses.
//
// Each library gives:
//   imports(local)      lines importing the engine (`local`: build it in this file at module level)
//   read(ctx)           a read query through the engine
//   tx(ctx, mistake)    a transaction (mistake: null or one of the library's mistakes)
//   engineInHandler     code building a new engine (the per-request mistake)

const APP = 'bench-app';

const LIBS = {
  pg: {
    dbModule: () => [
      `import { Pool, type PoolClient } from 'pg';`,
      ``,
      `export const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}', max: 10 });`,
      ``,
      `export async function withTransaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {`,
      `  const client = await pool.connect();`,
      `  try {`,
      `    await client.query('BEGIN');`,
      `    const result = await fn(client);`,
      `    await client.query('COMMIT');`,
      `    return result;`,
      `  } catch (err) {`,
      `    await client.query('ROLLBACK');`,
      `    throw err;`,
      `  } finally {`,
      `    client.release();`,
      `  }`,
      `}`,
    ],
    settings: { pool: 'pg:Pool', withTransaction: { callback: { arg: 0, params: ['pg:PoolClient'], scope: 'transaction' } } },
    imports: (local, rel) =>
      local
        ? [`import { Pool } from 'pg';`, ``, `const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' });`]
        : [`import { pool } from '${rel}/db/pg';`],
    read: ({ table, fn }) => [
      `export async function ${fn}(id: string) {`,
      `  const { rows } = await pool.query('SELECT * FROM ${table} WHERE id = $1 AND deleted_at IS NULL', [id]);`,
      `  return rows[0] ?? null;`,
      `}`,
    ],
    mistakes: ['release', 'beginOnPool', 'idle', 'sessionState'],
    tx: ({ table, fn }, mistake) => {
      if (mistake === 'beginOnPool') {
        return [
          `export async function ${fn}(id: string, value: string) {`,
          `  await pool.query('BEGIN');`,
          `  await pool.query('UPDATE ${table} SET status = $2 WHERE id = $1', [id, value]);`,
          `  await pool.query('INSERT INTO audit_log (entity, entity_id) VALUES ($1, $2)', ['${table}', id]);`,
          `  await pool.query('COMMIT');`,
          `}`,
        ];
      }
      const body = [
        `    await client.query('BEGIN');`,
        `    const { rows } = await client.query('SELECT * FROM ${table} WHERE id = $1 FOR UPDATE', [id]);`,
        mistake === 'idle' ? `    await fetch(\`https://hooks.internal/${table}/\${id}\`, { method: 'POST' });` : `    if (rows.length === 0) throw new Error('not found');`,
        mistake === 'sessionState' ? `    await client.query("SET statement_timeout = '5s'");` : `    await client.query('UPDATE ${table} SET status = $2 WHERE id = $1', [id, value]);`,
        `    await client.query('COMMIT');`,
        `    return rows[0];`,
      ];
      if (mistake === 'release') {
        return [
          `export async function ${fn}(id: string, value: string) {`,
          `  const client = await pool.connect();`,
          `  await client.query('BEGIN');`,
          `  await client.query('UPDATE ${table} SET status = $2 WHERE id = $1', [id, value]);`,
          `  await client.query('COMMIT');`,
          `  client.release();`,
          `}`,
        ];
      }
      return [
        `export async function ${fn}(id: string, value: string) {`,
        `  const client = await pool.connect();`,
        `  try {`,
        ...body,
        `  } catch (err) {`,
        `    await client.query('ROLLBACK');`,
        `    throw err;`,
        `  } finally {`,
        `    client.release();`,
        `  }`,
        `}`,
      ];
    },
    engineInHandler: () => [`    const pool = new Pool({ connectionString: process.env.DATABASE_URL });`, `    const { rows } = await pool.query('SELECT 1 AS ok');`, `    await pool.end();`],
    handlerImports: [`import { Pool } from 'pg';`],
    handlerRead: (table) => `(await pool.query('SELECT * FROM ${table} WHERE id = $1', [id])).rows[0]`,
  },

  prisma: {
    dbModule: () => [
      `import { PrismaClient } from '@prisma/client';`,
      ``,
      `const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };`,
      `export const prisma = globalForPrisma.prisma ?? new PrismaClient({ datasourceUrl: process.env.DATABASE_URL });`,
      `if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;`,
    ],
    settings: { prisma: 'prisma:PrismaClient' },
    imports: (local, rel) =>
      local
        ? [`import { PrismaClient } from '@prisma/client';`, ``, `const prisma = new PrismaClient();`]
        : [`import { prisma } from '${rel}/db/prisma';`],
    read: ({ model, fn }) => [
      `export async function ${fn}(id: string) {`,
      `  return prisma.${model}.findUnique({ where: { id }, include: { owner: true } });`,
      `}`,
    ],
    mistakes: ['outer', 'idle', 'nested'],
    tx: ({ model, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  return prisma.$transaction(async (tx) => {`,
      `    const current = await tx.${model}.findUniqueOrThrow({ where: { id } });`,
      mistake === 'idle' ? `    await fetch('https://audit.internal/events', { method: 'POST', body: JSON.stringify(current) });` : `    if (current.status === value) return current;`,
      mistake === 'outer'
        ? `    await prisma.auditLog.create({ data: { entity: '${model}', entityId: id } });`
        : `    await tx.auditLog.create({ data: { entity: '${model}', entityId: id } });`,
      mistake === 'nested' ? `    await prisma.$transaction([prisma.${model}.count()]);` : `    // audit written through the transaction client`,
      `    return tx.${model}.update({ where: { id }, data: { status: value } });`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const prisma = new PrismaClient();`, `    const rows = await prisma.$queryRaw\`SELECT 1\`;`],
    handlerImports: [`import { PrismaClient } from '@prisma/client';`],
    handlerRead: (table, model) => `await prisma.${model}.findUnique({ where: { id } })`,
  },

  typeorm: {
    dbModule: () => [
      `import { DataSource } from 'typeorm';`,
      ``,
      `export const dataSource = new DataSource({`,
      `  type: 'postgres',`,
      `  url: process.env.DATABASE_URL,`,
      `  applicationName: '${APP}',`,
      `  entities: [],`,
      `  synchronize: false,`,
      `});`,
    ],
    settings: { dataSource: 'typeorm:DataSource' },
    imports: (local, rel) =>
      local
        ? [`import { DataSource } from 'typeorm';`, ``, `const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: '${APP}' });`]
        : [`import { dataSource } from '${rel}/db/typeorm';`],
    read: ({ table, fn }) => [
      `export async function ${fn}(id: string) {`,
      `  return dataSource.getRepository('${table}').findOne({ where: { id } });`,
      `}`,
    ],
    mistakes: ['outer', 'release', 'nested'],
    tx: ({ table, fn }, mistake) => {
      if (mistake === 'release' || r0(fn) === 0) {
        return [
          `export async function ${fn}(id: string, value: string) {`,
          `  const runner = dataSource.createQueryRunner();`,
          `  await runner.connect();`,
          `  await runner.startTransaction();`,
          ...(mistake === 'release'
            ? [`  await runner.manager.update('${table}', { id }, { status: value });`, `  await runner.commitTransaction();`, `  await runner.release();`]
            : [
                `  try {`,
                `    await runner.manager.update('${table}', { id }, { status: value });`,
                `    await runner.commitTransaction();`,
                `  } catch (err) {`,
                `    await runner.rollbackTransaction();`,
                `    throw err;`,
                `  } finally {`,
                `    await runner.release();`,
                `  }`,
              ]),
          `}`,
        ];
      }
      return [
        `export async function ${fn}(id: string, value: string) {`,
        `  await dataSource.transaction(async (manager) => {`,
        `    await manager.update('${table}', { id }, { status: value });`,
        mistake === 'outer'
          ? `    await dataSource.getRepository('audit_log').insert({ entity: '${table}', entityId: id });`
          : `    await manager.insert('audit_log', { entity: '${table}', entityId: id });`,
        mistake === 'nested' ? `    await dataSource.transaction(async (inner) => inner.delete('${table}_cache', { id }));` : `    // done`,
        `  });`,
        `}`,
      ];
    },
    engineInHandler: () => [`    const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });`, `    await ds.initialize();`, `    const rows = await ds.query('SELECT 1');`],
    handlerImports: [`import { DataSource } from 'typeorm';`],
    handlerRead: (table) => `await dataSource.getRepository('${table}').findOneBy({ id })`,
  },

  knex: {
    dbModule: () => [
      `import Knex from 'knex';`,
      ``,
      `export const knex = Knex({`,
      `  client: 'pg',`,
      `  connection: { connectionString: process.env.DATABASE_URL, application_name: '${APP}' },`,
      `  pool: { min: 0, max: 10 },`,
      `});`,
    ],
    settings: { knex: 'knex:Knex' },
    imports: (local, rel) =>
      local
        ? [`import Knex from 'knex';`, ``, `const knex = Knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, application_name: '${APP}' } });`]
        : [`import { knex } from '${rel}/db/knex';`],
    read: ({ table, fn }) => [
      `export async function ${fn}(id: string) {`,
      `  return knex('${table}').where({ id }).whereNull('deleted_at').first();`,
      `}`,
    ],
    mistakes: ['outer', 'idle'],
    tx: ({ table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await knex.transaction(async (trx) => {`,
      `    const row = await trx('${table}').where({ id }).forUpdate().first();`,
      `    if (!row) throw new Error('not found');`,
      mistake === 'idle' ? `    await fetch('https://search.internal/reindex', { method: 'POST' });` : `    await trx('${table}').where({ id }).update({ status: value });`,
      mistake === 'outer' ? `    await knex('audit_log').insert({ entity: '${table}', entity_id: id });` : `    await trx('audit_log').insert({ entity: '${table}', entity_id: id });`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const db = Knex({ client: 'pg', connection: process.env.DATABASE_URL });`, `    const rows = await db.raw('SELECT 1');`, `    await db.destroy();`],
    handlerImports: [`import Knex from 'knex';`],
    handlerRead: (table) => `await knex('${table}').where({ id }).first()`,
  },

  sequelize: {
    dbModule: () => [
      `import { Sequelize } from 'sequelize';`,
      ``,
      `export const sequelize = new Sequelize(process.env.DATABASE_URL as string, {`,
      `  dialect: 'postgres',`,
      `  dialectOptions: { application_name: '${APP}' },`,
      `  logging: false,`,
      `});`,
    ],
    settings: { sequelize: 'sequelize:Sequelize' },
    imports: (local, rel) =>
      local
        ? [
            `import { Sequelize, DataTypes } from 'sequelize';`,
            ``,
            `const sequelize = new Sequelize(process.env.DATABASE_URL as string, { dialect: 'postgres', dialectOptions: { application_name: '${APP}' } });`,
          ]
        : [`import { DataTypes } from 'sequelize';`, `import { sequelize } from '${rel}/db/sequelize';`],
    preamble: ({ E, table }) => [
      ``,
      `const ${E}Model = sequelize.define('${table}', { id: { type: DataTypes.UUID, primaryKey: true }, status: DataTypes.STRING });`,
      `const AuditModel = sequelize.define('audit_log', { entity: DataTypes.STRING, entityId: DataTypes.UUID });`,
    ],
    read: ({ E, fn }) => [`export async function ${fn}(id: string) {`, `  return ${E}Model.findByPk(id);`, `}`],
    mistakes: ['outer', 'idle'],
    tx: ({ E, table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await sequelize.transaction(async (t) => {`,
      `    await ${E}Model.update({ status: value }, { where: { id }, transaction: t });`,
      mistake === 'outer'
        ? `    await AuditModel.create({ entity: '${table}', entityId: id });`
        : `    await AuditModel.create({ entity: '${table}', entityId: id }, { transaction: t });`,
      mistake === 'idle' ? `    await new Promise((resolve) => setTimeout(resolve, 1000));` : `    // committed when the callback resolves`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const db = new Sequelize(process.env.DATABASE_URL as string);`, `    const rows = await db.query('SELECT 1');`],
    handlerImports: [`import { Sequelize } from 'sequelize';`],
    handlerRead: (table) => `await sequelize.query('SELECT * FROM ${table} WHERE id = :id', { replacements: { id } })`,
  },

  drizzle: {
    dbModule: () => [
      `import { drizzle } from 'drizzle-orm/node-postgres';`,
      `import { Pool } from 'pg';`,
      ``,
      `const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' });`,
      `export const db = drizzle(pool);`,
    ],
    settings: { db: 'drizzle:NodePgDatabase' },
    imports: (local, rel) => [
      `import { eq, sql } from 'drizzle-orm';`,
      `import { pgTable, text, uuid } from 'drizzle-orm/pg-core';`,
      ...(local
        ? [`import { drizzle } from 'drizzle-orm/node-postgres';`, `import { Pool } from 'pg';`, ``, `const db = drizzle(new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' }));`]
        : [`import { db } from '${rel}/db/drizzle';`]),
    ],
    preamble: ({ e, table }) => [
      ``,
      `const ${e}Table = pgTable('${table}', { id: uuid('id').primaryKey(), status: text('status').notNull() });`,
      `const auditTable = pgTable('audit_log', { entity: text('entity').notNull(), entityId: uuid('entity_id').notNull() });`,
    ],
    read: ({ e, fn }) => [`export async function ${fn}(id: string) {`, `  const [row] = await db.select().from(${e}Table).where(eq(${e}Table.id, id));`, `  return row ?? null;`, `}`],
    mistakes: ['outer', 'idle', 'sessionState'],
    tx: ({ e, table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await db.transaction(async (tx) => {`,
      mistake === 'sessionState' ? `    await tx.execute(sql\`SET search_path TO tenant_a, public\`);` : `    await tx.execute(sql\`SELECT 1 FROM ${table} WHERE id = \${id} FOR UPDATE\`);`,
      `    await tx.update(${e}Table).set({ status: value }).where(eq(${e}Table.id, id));`,
      mistake === 'outer'
        ? `    await db.insert(auditTable).values({ entity: '${table}', entityId: id });`
        : `    await tx.insert(auditTable).values({ entity: '${table}', entityId: id });`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed', { method: 'POST' });` : `    // end`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const db = drizzle(process.env.DATABASE_URL!);`, `    const rows = await db.execute(sql\`SELECT 1\`);`],
    handlerImports: [`import { drizzle } from 'drizzle-orm/node-postgres';`],
    handlerRead: (table) => `await db.execute(sql\`SELECT * FROM ${table} WHERE id = \${id}\`)`,
  },

  kysely: {
    dbModule: () => [
      `import { Kysely, PostgresDialect } from 'kysely';`,
      `import { Pool } from 'pg';`,
      ``,
      `export const db = new Kysely<any>({`,
      `  dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' }) }),`,
      `});`,
    ],
    settings: { db: 'kysely:Kysely' },
    imports: (local, rel) =>
      local
        ? [
            `import { Kysely, PostgresDialect, sql } from 'kysely';`,
            `import { Pool } from 'pg';`,
            ``,
            `const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' }) }) });`,
          ]
        : [`import { sql } from 'kysely';`, `import { db } from '${rel}/db/kysely';`],
    read: ({ table, fn }) => [`export async function ${fn}(id: string) {`, `  return db.selectFrom('${table}').selectAll().where('id', '=', id).executeTakeFirst();`, `}`],
    mistakes: ['outer', 'idle'],
    tx: ({ table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await db.transaction().execute(async (trx) => {`,
      `    await sql\`SELECT 1 FROM ${table} WHERE id = \${id} FOR UPDATE\`.execute(trx);`,
      `    await trx.updateTable('${table}').set({ status: value }).where('id', '=', id).execute();`,
      mistake === 'outer'
        ? `    await db.insertInto('audit_log').values({ entity: '${table}', entity_id: id }).execute();`
        : `    await trx.insertInto('audit_log').values({ entity: '${table}', entity_id: id }).execute();`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed');` : `    // end`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool() }) });`, `    await db.destroy();`],
    handlerImports: [`import { Kysely, PostgresDialect } from 'kysely';`, `import { Pool } from 'pg';`],
    handlerRead: (table) => `await db.selectFrom('${table}').selectAll().where('id', '=', id).executeTakeFirst()`,
  },

  mikro: {
    dbModule: () => [
      `import { MikroORM } from '@mikro-orm/postgresql';`,
      ``,
      `export const orm = await MikroORM.init({`,
      `  clientUrl: process.env.DATABASE_URL,`,
      `  driverOptions: { connection: { application_name: '${APP}' } },`,
      `  entities: [],`,
      `});`,
      `export const em = orm.em;`,
    ],
    settings: { orm: 'mikro-orm:MikroORM', em: 'mikro-orm:EntityManager' },
    imports: (local, rel) =>
      local
        ? [`import { MikroORM } from '@mikro-orm/postgresql';`, ``, `const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL, entities: [] });`, `const em = orm.em;`]
        : [`import { em } from '${rel}/db/mikro';`],
    read: ({ E, fn }) => [`export async function ${fn}(id: string) {`, `  return em.fork().findOne('${E}', { id });`, `}`],
    mistakes: ['idle'],
    tx: ({ E, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await em.fork().transactional(async (tem) => {`,
      `    const entity = await tem.findOneOrFail('${E}', { id });`,
      `    tem.assign(entity, { status: value });`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed');` : `    tem.persist(entity);`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL });`, `    await orm.close();`],
    handlerImports: [`import { MikroORM } from '@mikro-orm/postgresql';`],
    handlerRead: (table, model, E) => `await em.fork().findOne('${E}', { id })`,
  },

  postgres: {
    dbModule: () => [
      `import postgres from 'postgres';`,
      ``,
      `export const sql = postgres(process.env.DATABASE_URL as string, {`,
      `  prepare: false,`,
      `  max: 10,`,
      `  connection: { application_name: '${APP}' },`,
      `});`,
    ],
    settings: { sql: 'postgres-js:Sql' },
    imports: (local, rel) =>
      local
        ? [`import postgres from 'postgres';`, ``, `const sql = postgres(process.env.DATABASE_URL as string, { prepare: false, connection: { application_name: '${APP}' } });`]
        : [`import { sql } from '${rel}/db/postgres';`],
    read: ({ table, fn }) => [`export async function ${fn}(id: string) {`, `  const [row] = await sql\`SELECT * FROM ${table} WHERE id = \${id}\`;`, `  return row ?? null;`, `}`],
    mistakes: ['outer', 'idle'],
    tx: ({ table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await sql.begin(async (tx) => {`,
      `    await tx\`UPDATE ${table} SET status = \${value} WHERE id = \${id}\`;`,
      mistake === 'outer' ? `    await sql\`INSERT INTO audit_log (entity, entity_id) VALUES ('${table}', \${id})\`;` : `    await tx\`INSERT INTO audit_log (entity, entity_id) VALUES ('${table}', \${id})\`;`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed');` : `    // end`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const sql = postgres(process.env.DATABASE_URL as string);`, `    const rows = await sql\`SELECT 1\`;`, `    await sql.end();`],
    handlerImports: [`import postgres from 'postgres';`],
    handlerRead: (table) => `(await sql\`SELECT * FROM ${table} WHERE id = \${id}\`)[0]`,
  },

  pgp: {
    dbModule: () => [
      `import pgPromise from 'pg-promise';`,
      ``,
      `const pgp = pgPromise();`,
      `export const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: '${APP}', max: 10 });`,
    ],
    settings: { db: 'pg-promise:Database' },
    imports: (local, rel) =>
      local
        ? [`import pgPromise from 'pg-promise';`, ``, `const db = pgPromise()({ connectionString: process.env.DATABASE_URL, application_name: '${APP}' });`]
        : [`import { db } from '${rel}/db/pgp';`],
    read: ({ table, fn }) => [`export async function ${fn}(id: string) {`, `  return db.oneOrNone('SELECT * FROM ${table} WHERE id = $1', [id]);`, `}`],
    mistakes: ['outer', 'idle'],
    tx: ({ table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  await db.tx(async (t) => {`,
      `    await t.none('UPDATE ${table} SET status = $2 WHERE id = $1', [id, value]);`,
      mistake === 'outer'
        ? `    await db.none('INSERT INTO audit_log (entity, entity_id) VALUES ($1, $2)', ['${table}', id]);`
        : `    await t.none('INSERT INTO audit_log (entity, entity_id) VALUES ($1, $2)', ['${table}', id]);`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed');` : `    // end`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const db = pgPromise()(process.env.DATABASE_URL as string);`, `    const rows = await db.any('SELECT 1');`],
    handlerImports: [`import pgPromise from 'pg-promise';`],
    handlerRead: (table) => `await db.oneOrNone('SELECT * FROM ${table} WHERE id = $1', [id])`,
  },

  slonik: {
    dbModule: () => [
      `import { createPool } from 'slonik';`,
      ``,
      `export const poolPromise = createPool(\`\${process.env.DATABASE_URL}?application_name=${APP}\`);`,
    ],
    settings: { poolPromise: { resolves: 'slonik:Pool' } },
    imports: (local, rel) =>
      local
        ? [`import { createPool, sql } from 'slonik';`, ``, `const poolPromise = createPool(\`\${process.env.DATABASE_URL}?application_name=${APP}\`);`]
        : [`import { sql } from 'slonik';`, `import { poolPromise } from '${rel}/db/slonik';`],
    read: ({ table, fn }) => [
      `export async function ${fn}(id: string) {`,
      `  const pool = await poolPromise;`,
      `  return pool.maybeOne(sql.unsafe\`SELECT * FROM ${table} WHERE id = \${id}\`);`,
      `}`,
    ],
    mistakes: ['outer', 'idle'],
    tx: ({ table, fn }, mistake) => [
      `export async function ${fn}(id: string, value: string) {`,
      `  const pool = await poolPromise;`,
      `  await pool.transaction(async (tx) => {`,
      `    await tx.query(sql.unsafe\`UPDATE ${table} SET status = \${value} WHERE id = \${id}\`);`,
      mistake === 'outer'
        ? `    await pool.query(sql.unsafe\`INSERT INTO audit_log (entity, entity_id) VALUES ('${table}', \${id})\`);`
        : `    await tx.query(sql.unsafe\`INSERT INTO audit_log (entity, entity_id) VALUES ('${table}', \${id})\`);`,
      mistake === 'idle' ? `    await fetch('https://hooks.internal/changed');` : `    // end`,
      `  });`,
      `}`,
    ],
    engineInHandler: () => [`    const pool = await createPool(process.env.DATABASE_URL as string);`, `    await pool.end();`],
    handlerImports: [`import { createPool } from 'slonik';`],
    handlerRead: (table) => `await (await poolPromise).maybeOne(sql.unsafe\`SELECT * FROM ${table} WHERE id = \${id}\`)`,
  },
};

// typeorm's tx picks the QueryRunner form for some function names, deterministically.
function r0(fn) {
  let h = 0;
  for (const c of fn) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 3;
}

const LIB_NAMES = Object.keys(LIBS);
/** Library imports that make a file a "database" file (for the manifest). */
const DB_SPECIFIERS = /from '(pg|@prisma\/client|typeorm|knex|sequelize|drizzle-orm[^']*|kysely|@mikro-orm\/[^']*|postgres|pg-promise|slonik|[./]+\/db\/[a-z]+)'/;

function libCtx(ctx) {
  const table = plural(ctx.domain);
  return { ...ctx, table, model: camel(ctx.domain), E: pascal(ctx.domain), e: camel(ctx.domain) };
}

/** Repository or transaction file: module engine (shared or local) plus read/tx functions. */
function dataFile(r, ctx, kind) {
  const lib = LIBS[ctx.lib];
  const c = libCtx(ctx);
  const local = r.chance(0.35);
  const lines = [`// ${ctx.domain} ${kind} (${ctx.lib}, generated)`, ...lib.imports(local, ctx.rel)];
  if (lib.preamble) lines.push(...lib.preamble(c));
  lines.push(``);
  const fnCount = kind === 'transactions' ? r.int(2, 4) : r.int(3, 5);
  for (let n = 0; n < fnCount; n += 1) {
    const isTx = kind === 'transactions' ? n < fnCount - 1 : r.chance(0.25);
    const verb = r.pick(VERBS);
    const fn = isTx ? `${verb}${c.E}${n}` : `find${c.E}${n}`;
    const mistake = isTx && ctx.mistake && !ctx.mistakeUsed ? r.pick(lib.mistakes) : null;
    if (mistake) ctx.mistakeUsed = mistake;
    lines.push(...(isTx ? lib.tx({ ...c, fn }, mistake) : lib.read({ ...c, fn })), ``);
  }
  const pad = r.int(3, 6);
  for (let n = 0; n < pad; n += 1) lines.push(...plainHelper(r, ctx, n + 10));
  return lines;
}

/** A service class (NestJS-style injectable or plain) wrapping the library calls. */
function serviceFile(r, ctx) {
  const lib = LIBS[ctx.lib];
  const c = libCtx(ctx);
  const local = r.chance(0.35);
  const nest = r.chance(0.5);
  const lines = [`// ${ctx.domain} service (${ctx.lib}, generated)`];
  if (nest) lines.push(`import { Injectable, Logger } from '@nestjs/common';`);
  lines.push(...lib.imports(local, ctx.rel));
  if (lib.preamble) lines.push(...lib.preamble(c));
  lines.push(``);
  const fnCount = r.int(2, 4);
  const fns = [];
  for (let n = 0; n < fnCount; n += 1) {
    const isTx = n % 2 === 1;
    const fn = isTx ? `${r.pick(VERBS)}${c.E}Tx${n}` : `get${c.E}Row${n}`;
    const mistake = isTx && ctx.mistake && !ctx.mistakeUsed ? r.pick(lib.mistakes) : null;
    if (mistake) ctx.mistakeUsed = mistake;
    lines.push(...(isTx ? lib.tx({ ...c, fn }, mistake) : lib.read({ ...c, fn })), ``);
    fns.push([fn, isTx]);
  }
  lines.push(nest ? `@Injectable()` : ``, `export class ${c.E}Service {`);
  if (nest) lines.push(`  private readonly logger = new Logger(${c.E}Service.name);`, ``);
  for (const [fn, isTx] of fns) {
    lines.push(
      `  async ${fn}(id: string${isTx ? ', value: string' : ''}) {`,
      nest ? `    this.logger.debug(\`${fn} \${id}\`);` : `    if (!id) throw new Error('id is required');`,
      `    return ${fn}(id${isTx ? ', value' : ''});`,
      `  }`,
      ``,
    );
  }
  lines.push(
    `  describe(row: { id: string; status?: string } | null): string {`,
    `    if (!row) return '${ctx.domain}: none';`,
    `    return \`${ctx.domain} \${row.id} (\${row.status ?? 'unknown'})\`;`,
    `  }`,
    `}`,
    ``,
  );
  const pad = r.int(3, 6);
  for (let n = 0; n < pad; n += 1) lines.push(...plainHelper(r, ctx, n + 20));
  return lines;
}

/** Request handlers in one of four frameworks. */
function handlerFile(r, ctx) {
  const lib = LIBS[ctx.lib];
  const c = libCtx(ctx);
  const framework = ctx.framework;
  const perRequest = ctx.mistake ? r.chance(0.5) : false;
  if (perRequest) ctx.mistakeUsed = 'engine-per-request';
  const lines = [`// ${ctx.domain} ${framework} handlers (${ctx.lib}, generated)`];
  if (framework === 'express') lines.push(`import { Router, type Request, type Response } from 'express';`);
  if (framework === 'fastify') lines.push(`import type { FastifyPluginAsync } from 'fastify';`);
  if (framework === 'nest') lines.push(`import { Body, Controller, Get, Param, Post } from '@nestjs/common';`);
  if (framework === 'next') lines.push(`import { NextResponse } from 'next/server';`);
  lines.push(...lib.imports(false, ctx.rel));
  if (perRequest) lines.push(...lib.handlerImports.filter((l) => !lines.includes(l)));
  if (lib.preamble) lines.push(...lib.preamble(c));
  lines.push(``);
  const txFn = `${r.pick(VERBS)}${c.E}InRequest`;
  const mistake = ctx.mistake && !ctx.mistakeUsed ? r.pick(lib.mistakes) : null;
  if (mistake) ctx.mistakeUsed = mistake;
  lines.push(...lib.tx({ ...c, fn: txFn }, mistake), ``);
  const read = lib.handlerRead(c.table, c.model, c.E);
  const perRequestBody = perRequest ? lib.engineInHandler() : [];
  const base = `/${plural(ctx.domain)}`;
  if (framework === 'express') {
    lines.push(
      `export const ${c.e}Router = Router();`,
      ``,
      `${c.e}Router.get('${base}/:id', async (req: Request, res: Response) => {`,
      `  const id = req.params.id;`,
      `  const row = ${read};`,
      `  if (!row) {`,
      `    res.status(404).json({ error: 'not found' });`,
      `    return;`,
      `  }`,
      `  res.json(row);`,
      `});`,
      ``,
      `${c.e}Router.post('${base}/:id/status', async (req: Request, res: Response) => {`,
      `  const id = req.params.id;`,
      ...perRequestBody.map((l) => l.slice(2)),
      `  await ${txFn}(id, String(req.body?.status ?? 'open'));`,
      `  res.status(204).end();`,
      `});`,
      ``,
    );
  } else if (framework === 'fastify') {
    lines.push(
      `export const ${c.e}Routes: FastifyPluginAsync = async (app) => {`,
      `  app.get<{ Params: { id: string } }>('${base}/:id', async (request, reply) => {`,
      `    const id = request.params.id;`,
      `    const row = ${read};`,
      `    if (!row) return reply.code(404).send({ error: 'not found' });`,
      `    return row;`,
      `  });`,
      ``,
      `  app.post<{ Params: { id: string }; Body: { status: string } }>('${base}/:id/status', async (request, reply) => {`,
      `    const id = request.params.id;`,
      ...perRequestBody,
      `    await ${txFn}(id, request.body.status);`,
      `    return reply.code(204).send();`,
      `  });`,
      `};`,
      ``,
    );
  } else if (framework === 'nest') {
    lines.push(
      `@Controller('${plural(ctx.domain)}')`,
      `export class ${c.E}Controller {`,
      `  @Get(':id')`,
      `  async findOne(@Param('id') id: string) {`,
      `    const row = ${read};`,
      `    return row ?? { error: 'not found' };`,
      `  }`,
      ``,
      `  @Post(':id/status')`,
      `  async setStatus(@Param('id') id: string, @Body() body: { status: string }) {`,
      ...perRequestBody,
      `    await ${txFn}(id, body.status);`,
      `    return { ok: true };`,
      `  }`,
      `}`,
      ``,
    );
  } else {
    lines.push(
      `export async function GET(request: Request) {`,
      `  const id = new URL(request.url).searchParams.get('id') ?? '';`,
      `  const row = ${read};`,
      `  return row ? NextResponse.json(row) : NextResponse.json({ error: 'not found' }, { status: 404 });`,
      `}`,
      ``,
      `export async function POST(request: Request) {`,
      `  const { id, status } = (await request.json()) as { id: string; status: string };`,
      ...perRequestBody.map((l) => l.slice(2)),
      `  await ${txFn}(id, status);`,
      `  return new NextResponse(null, { status: 204 });`,
      `}`,
      ``,
    );
  }
  const pad = r.int(4, 7);
  for (let n = 0; n < pad; n += 1) lines.push(...plainHelper(r, ctx, n + 30));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Corpus layout

/** File i of the application corpus: its relative path and lines. */
function appFile(seed, i) {
  const r = rng(fileSeed(seed, i));
  const domain = `${r.pick(DOMAINS)}`;
  const ctx = { domain, lib: r.pick(LIB_NAMES), mistake: r.chance(0.06), mistakeUsed: null };
  const kind = r.weighted([
    ['plain', 35],
    ['handler', 22],
    ['service', 15],
    ['repository', 15],
    ['transactions', 13],
  ]);
  const group = `m${String(Math.floor(i / 25)).padStart(3, '0')}`;
  let rel;
  let lines;
  if (kind === 'plain') {
    ctx.mistake = false;
    rel = `src/lib/${group}/${domain}-${r.pick(['utils', 'format', 'validation', 'logic', 'math'])}-${i}.ts`;
    lines = plainFile(r, ctx);
  } else if (kind === 'handler') {
    ctx.framework = r.pick(['express', 'fastify', 'nest', 'next']);
    if (ctx.framework === 'next') {
      rel = `src/app/api/${group}/${domain}-${i}/route.ts`;
      ctx.rel = '../../../..';
    } else {
      rel = `src/${ctx.framework === 'nest' ? 'controllers' : 'routes'}/${group}/${domain}-${i}.${ctx.framework === 'nest' ? 'controller' : 'routes'}.ts`;
      ctx.rel = '../..';
    }
    lines = handlerFile(r, ctx);
  } else {
    ctx.rel = '../..';
    rel = `src/${kind === 'service' ? 'services' : kind === 'repository' ? 'repositories' : 'transactions'}/${group}/${domain}-${i}.${kind}.ts`;
    lines = kind === 'service' ? serviceFile(r, ctx) : dataFile(r, ctx, kind === 'repository' ? 'repository' : 'transactions');
  }
  return { rel, text: `${lines.join('\n')}\n`, kind, lib: kind === 'plain' ? null : ctx.lib, mistake: ctx.mistakeUsed };
}

/** ESLint settings that describe the corpus's shared db modules (paths relative to the corpus dir). */
export function corpusSettings() {
  const modules = {};
  for (const [name, lib] of Object.entries(LIBS)) modules[`src/db/${name}`] = lib.settings;
  return { pgbouncer: { modules } };
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: false,
    noEmit: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: false,
    types: ['node'],
    lib: ['ES2022', 'DOM'],
  },
  include: ['src/**/*.ts'],
};

function writeCorpus(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const full = path.join(dir, f.rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, f.text);
  }
}

function dbModules() {
  return Object.entries(LIBS).map(([name, lib]) => ({ rel: `src/db/${name}.ts`, text: `${lib.dbModule().join('\n')}\n`, kind: 'db', lib: name }));
}

/** The application corpus at `scale` (N × 1,000 files, db modules included). */
export function appCorpus(seed, scale) {
  const files = dbModules();
  const total = scale * FILES_PER_SCALE - files.length;
  for (let i = 0; i < total; i += 1) files.push(appFile(seed, i));
  return files;
}

/**
 * One ≈ 2,000-line file mixing eight libraries' shared engines (imported from src/db/*), their
 * reads and transactions, and plain code (the per-keystroke figure). Each block sits in a
 * namespace so its local declarations never clash.
 */
export function singleFile(seed) {
  const r = rng(fileSeed(seed, 999_999));
  const libs = ['pg', 'prisma', 'typeorm', 'knex', 'sequelize', 'postgres', 'mikro', 'pgp'];
  const head = [`// One large generated module (≈ 2,000 lines): shared engines, reads, transactions and plain code`];
  for (const name of libs) {
    for (const l of LIBS[name].imports(false, '..')) if (!head.includes(l)) head.push(l);
  }
  head.push('');
  const body = [];
  let n = 0;
  while (head.length + body.length < 1985) {
    const name = libs[n % libs.length];
    const lib = LIBS[name];
    const ctx = libCtx({ domain: DOMAINS[n % DOMAINS.length], lib: name });
    const mistake = n % 7 === 3 ? r.pick(lib.mistakes) : null;
    body.push(`export namespace Block${n} {`);
    const inner = [];
    if (lib.preamble) inner.push(...lib.preamble(ctx));
    inner.push(...lib.read({ ...ctx, fn: `find${ctx.E}${n}` }), '');
    inner.push(...lib.tx({ ...ctx, fn: `update${ctx.E}${n}` }, mistake), '');
    for (let k = 0; k < 2; k += 1) inner.push(...plainHelper(r, ctx, n * 10 + k));
    body.push(...inner.map((l) => (l ? `  ${l}` : l)), `}`, ``);
    n += 1;
  }
  return `${[...head, ...body].join('\n')}\n`;
}

/** Writes the corpora; returns { [scale]: manifest }. */
export function generate({ seed = DEFAULT_SEED, scales = [1, 2, 4], outDir = path.join(here, 'corpus') } = {}) {
  const manifests = {};
  for (const scale of scales) {
    const dir = path.join(outDir, `app-${scale}x`);
    const files = appCorpus(seed, scale);
    writeCorpus(dir, files);
    writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    const nonDb = files.filter((f) => !DB_SPECIFIERS.test(f.text)).map((f) => f.rel);
    const manifest = {
      seed,
      scale,
      files: files.map((f) => f.rel),
      nonDb,
      lines: files.reduce((sum, f) => sum + f.text.split('\n').length - 1, 0),
      mistakes: files.filter((f) => f.mistake).length,
      byKind: Object.fromEntries(
        ['db', 'plain', 'handler', 'service', 'repository', 'transactions'].map((k) => [k, files.filter((f) => f.kind === k).length]),
      ),
    };
    writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    manifests[scale] = manifest;
  }
  const singleDir = path.join(outDir, 'single');
  writeCorpus(singleDir, [...dbModules(), { rel: 'src/services/big-service.ts', text: singleFile(seed) }]);
  return manifests;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const seed = opt('--seed') ? Number(opt('--seed')) : DEFAULT_SEED;
  const scales = opt('--scales') ? opt('--scales').split(',').map(Number) : [1, 2, 4];
  const manifests = generate({ seed, scales });
  for (const m of Object.values(manifests)) {
    console.log(
      `app-${m.scale}x: ${m.files.length} files, ${m.lines} lines, ${m.nonDb.length} without a database import, ${m.mistakes} with a deliberate mistake`,
    );
  }
}
