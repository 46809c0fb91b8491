import { PrismaClient } from '@prisma/client';

// The hot-reload-safe singleton: one client per process.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma =
  globalForPrisma.prisma ??
  new PrismaClient({
    datasourceUrl: 'postgresql://billing@pgbouncer.internal:6432/billing?pgbouncer=true&application_name=billing-web',
    log: ['warn', 'error'],
  });

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

// Read replica behind the same PgBouncer, added later, without the flag or a name.
export const replica = new PrismaClient({ // expect: pgbouncer/require-application-name
  datasourceUrl: 'postgresql://billing@pgbouncer-replica.internal:6432/billing?schema=public', // expect: pgbouncer/pooler-compatible-config
});

export const analytics = new PrismaClient({ datasources: { db: { url: 'postgresql://analytics@pgbouncer.internal:6432/analytics?pgbouncer=true' } } }); // expect: pgbouncer/require-application-name
