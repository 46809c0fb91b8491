import { createMiddleware, createServerFn } from '@tanstack/react-start';
import postgres from 'postgres';

// A TanStack Start app: server functions run on the server once per call from the client.
const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'storefront' } });

export const getProduct = createServerFn({ method: 'GET' })
  .inputValidator((id: string) => id)
  .handler(async ({ data: id }) => {
    const [product] = await sql`select id, name, price from products where id = ${id}`;
    return product ?? null;
  });

// A new pool on every call: a connection set-up per request, and a pool nobody closes.
export const getStock = createServerFn({ method: 'GET' })
  .inputValidator((id: string) => id)
  .handler(async ({ data: id }) => {
    const reporting = postgres(process.env.REPORTING_URL!, { prepare: false, connection: { application_name: 'storefront' } }); // expect: pgbouncer/no-engine-per-request
    const [row] = await reporting`select quantity from stock where product_id = ${id}`;
    return row?.quantity ?? 0;
  });

export const placeOrder = createServerFn({ method: 'POST' })
  .inputValidator((input: { productId: string; quantity: number }) => input)
  .handler(async ({ data }) => {
    return sql.begin(async (tx) => {
      const [order] = await tx`insert into orders (product_id, quantity) values (${data.productId}, ${data.quantity}) returning id`;
      await tx`update stock set quantity = quantity - ${data.quantity} where product_id = ${data.productId}`;
      return order.id as string;
    });
  });

export const requestLog = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const result = await next();
  await sql`insert into request_log (at) values (now())`;
  return result;
});
