import type { FastifyPluginAsync } from 'fastify';
import Knex from 'knex';
import { knex } from '../db';

interface OrderItemInput {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

interface CreateOrderBody {
  customerId: string;
  currency: string;
  items: OrderItemInput[];
}

interface OrderRow {
  id: string;
  customer_id: string;
  status: 'pending' | 'paid' | 'cancelled';
  total_cents: number;
  currency: string;
  placed_at: Date;
}

class OutOfStockError extends Error {
  readonly statusCode = 409;
  constructor(readonly sku: string) {
    super(`SKU ${sku} is out of stock`);
  }
}

class OrderNotFoundError extends Error {
  readonly statusCode = 404;
  constructor(readonly orderId: string) {
    super(`order ${orderId} not found`);
  }
}

const PAYMENTS_API_URL = process.env.PAYMENTS_API_URL ?? 'https://payments.internal';

const ordersRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { from: string; to: string } }>('/orders/export', async (request) => {
    const warehouse = Knex({
      client: 'pg',
      connection: process.env.WAREHOUSE_DATABASE_URL,
    });
    try {
      return await warehouse<OrderRow>('orders')
        .select('id', 'customer_id', 'status', 'total_cents', 'currency', 'placed_at')
        .whereBetween('placed_at', [request.query.from, request.query.to])
        .orderBy('placed_at');
    } finally {
      await warehouse.destroy();
    }
  });

  app.post<{ Body: CreateOrderBody }>('/orders', async (request, reply) => {
    const { customerId, currency, items } = request.body;
    const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);

    const order = await knex.transaction(async (trx) => {
      const [created] = await trx<OrderRow>('orders')
        .insert({ customer_id: customerId, status: 'pending', total_cents: totalCents, currency })
        .returning('*');

      await trx('order_items').insert(
        items.map((item) => ({
          order_id: created.id,
          sku: item.sku,
          quantity: item.quantity,
          unit_price_cents: item.unitPriceCents,
        })),
      );

      for (const item of items) {
        const reserved = await trx('inventory')
          .where({ sku: item.sku })
          .andWhere('available', '>=', item.quantity)
          .decrement('available', item.quantity);
        if (reserved === 0) {
          throw new OutOfStockError(item.sku);
        }
      }
      return created;
    });

    reply.code(201);
    return order;
  });

  app.post<{ Params: { id: string } }>('/orders/:id/cancel', async (request) => {
    const orderId = request.params.id;
    await knex.transaction(async (trx) => {
      const order = await trx<OrderRow>('orders').where({ id: orderId }).forUpdate().first();
      if (!order) {
        throw new OrderNotFoundError(orderId);
      }
      await trx('orders')
        .where({ id: orderId })
        .update({ status: 'cancelled', cancelled_at: knex.fn.now() });
      const items = await trx('order_items').where({ order_id: orderId }).select('sku', 'quantity');
      for (const item of items) {
        await trx('inventory').where({ sku: item.sku }).increment('available', item.quantity);
      }
      await knex('inventory_events').insert({ order_id: orderId, kind: 'release', created_by: 'api' });
    });
    return { id: orderId, status: 'cancelled' };
  });

  app.post<{ Params: { id: string } }>('/orders/:id/capture', async (request) => {
    const orderId = request.params.id;
    return knex.transaction(async (trx) => {
      const order = await trx<OrderRow>('orders').where({ id: orderId }).forUpdate().first();
      if (!order) {
        throw new OrderNotFoundError(orderId);
      }
      const response = await fetch(`${PAYMENTS_API_URL}/v1/captures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `capture-${orderId}` },
        body: JSON.stringify({ orderId, amountCents: order.total_cents, currency: order.currency }),
      });
      if (!response.ok) {
        throw new Error(`payment capture failed with HTTP ${response.status}`);
      }
      const capture = (await response.json()) as { id: string };
      await trx('orders').where({ id: orderId }).update({ status: 'paid', payment_capture_id: capture.id });
      return { id: orderId, status: 'paid', captureId: capture.id };
    });
  });

  app.post<{ Params: { id: string }; Body: { note: string } }>('/orders/:id/notes', async (request) => {
    const orderId = request.params.id;
    const trx = await knex.transaction();
    try {
      const [note] = await trx('order_notes').insert({ order_id: orderId, body: request.body.note }).returning('id');
      await knex('orders').where({ id: orderId }).increment('note_count', 1);
      await trx.commit();
      return { id: note.id };
    } catch (err) {
      await trx.rollback();
      throw err;
    }
  });
};

export default ordersRoutes;
