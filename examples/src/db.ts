import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from '@prisma/client';
import Knex from 'knex';

// One pool per process. PgBouncer multiplexes these server connections across
// every replica, so keep `max` small and let the pooler do the pooling.
export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  application_name: 'ledger-api',
  max: 10,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 5_000,
});

pool.on('error', (err) => {
  // An idle client lost its server connection (PgBouncer restart, failover).
  // The pool discards it; log and keep serving.
  console.error('[db] idle client error', err);
});

// Next.js hot reload re-evaluates modules in development; keep a single
// PrismaClient on globalThis so reloads do not open a new engine each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma =
  globalForPrisma.prisma ??
  new PrismaClient({
    log: process.env.NODE_ENV === 'development' ? ['query', 'warn', 'error'] : ['warn', 'error'],
  });

if (process.env.NODE_ENV !== 'production') {
  globalForPrisma.prisma = prisma;
}

export const knex = Knex({
  client: 'pg',
  connection: {
    connectionString: process.env.DATABASE_URL,
    application_name: 'ledger-orders',
  },
  pool: { min: 0, max: 10 },
});

/**
 * Runs `fn` inside a transaction on one checked-out client and always gives
 * the client back to the pool.
 */
export async function withTransaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function closeDatabases(): Promise<void> {
  await Promise.allSettled([pool.end(), prisma.$disconnect(), knex.destroy()]);
}
