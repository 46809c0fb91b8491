import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { carts, orders, payments } from '../../../schema';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'storefront-next' });
const db = drizzle({ client: pool });

const cartById = db.select().from(carts).where(eq(carts.id, 0)).prepare('cart_by_id'); // expect: pgbouncer/no-session-state

export async function POST(request: Request) {
  const { cartId } = (await request.json()) as { cartId: number };
  await db.transaction(async (tx) => {
    const [order] = await tx.insert(orders).values({ cartId }).returning();
    const res = await fetch('https://payments.example.com/charge', { method: 'POST', body: JSON.stringify({ orderId: order.id }) }); // expect: pgbouncer/no-idle-in-transaction
    await tx.insert(payments).values({ orderId: order.id, reference: (await res.json()).id });
    await db.transaction(async (inner) => { // expect: pgbouncer/no-nested-transaction
      await inner.delete(carts).where(eq(carts.id, cartId));
    });
  });
  return Response.json({ ok: true });
}

export async function PUT(request: Request) {
  const { cartId } = (await request.json()) as { cartId: number };
  const charge = (await (await fetch('https://payments.example.com/charge', { method: 'POST', body: JSON.stringify({ cartId }) })).json()) as { id: string };
  await db.transaction(async (tx) => {
    const [order] = await tx.insert(orders).values({ cartId }).returning();
    await tx.insert(payments).values({ orderId: order.id, reference: charge.id });
    await tx.transaction(async (inner) => {
      await inner.delete(carts).where(eq(carts.id, cartId));
    });
  });
  return Response.json({ ok: true });
}

export async function GET(request: Request) {
  const cartId = Number(new URL(request.url).searchParams.get('id'));
  const rows = await db.select().from(carts).where(eq(carts.id, cartId));
  return Response.json(rows[0] ?? null);
}

export { cartById };
