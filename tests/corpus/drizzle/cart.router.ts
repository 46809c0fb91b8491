import { initTRPC } from '@trpc/server';
import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { z } from 'zod';
import { carts, orders, stock } from './schema';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'storefront-trpc' });
const db = drizzle({ client: pool });
const emails = new Queue('emails', { connection: { host: 'redis' } });

const t = initTRPC.create();

export const cartRouter = t.router({
  legacyCount: t.procedure.input(z.object({ cartId: z.number() })).query(async ({ input }) => {
    const perCall = drizzle(process.env.DATABASE_URL!); // expect: pgbouncer/no-engine-per-request, pgbouncer/require-application-name
    return perCall.select().from(carts).where(eq(carts.id, input.cartId));
  }),

  get: t.procedure.input(z.object({ cartId: z.number() })).query(({ input }) => {
    return db.select().from(carts).where(eq(carts.id, input.cartId));
  }),

  checkout: t.procedure.input(z.object({ cartId: z.number(), sku: z.string() })).mutation(async ({ input }) => {
    return db.transaction(async (tx) => {
      const [order] = await tx.insert(orders).values({ cartId: input.cartId }).returning();
      await db.update(stock).set({ qty: sql`${stock.qty} - 1` }).where(eq(stock.sku, input.sku)); // expect: pgbouncer/no-outer-client-in-transaction
      await emails.add('order-confirmation', { orderId: order.id, tx }); // expect: pgbouncer/no-session-across-boundary, pgbouncer/no-idle-in-transaction
      return order;
    });
  }),

  checkoutV2: t.procedure.input(z.object({ cartId: z.number(), sku: z.string() })).mutation(async ({ input }) => {
    const order = await db.transaction(async (tx) => {
      const [created] = await tx.insert(orders).values({ cartId: input.cartId }).returning();
      await tx.update(stock).set({ qty: sql`${stock.qty} - 1` }).where(eq(stock.sku, input.sku));
      return created;
    });
    await emails.add('order-confirmation', { orderId: order.id });
    return order;
  }),
});
