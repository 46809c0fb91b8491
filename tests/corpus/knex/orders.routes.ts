import express from 'express';
import axios from 'axios';
import knex from 'knex';

const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'orders-api' },
});

export const orders = express.Router();

orders.post('/orders/:id/place', async (req, res) => {
  const orderId = Number(req.params.id);
  const skus: string[] = req.body.skus;
  await db.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'placed', placed_at: db.fn.now() });
    await Promise.all(skus.map((sku) => db('stock').where({ sku }).decrement('qty', 1))); // expect: pgbouncer/no-outer-client-in-transaction
  });
  res.sendStatus(204);
});

orders.post('/orders/:id/place-v2', async (req, res) => {
  const orderId = Number(req.params.id);
  const skus: string[] = req.body.skus;
  await db.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'placed', placed_at: db.fn.now() });
    await Promise.all(skus.map((sku) => trx('stock').where({ sku }).decrement('qty', 1)));
    await db('order_events').insert({ order_id: orderId, kind: 'placed', at: db.raw('now()') }).transacting(trx);
  });
  res.sendStatus(204);
});

orders.post('/orders/:id/ship', async (req, res) => {
  const orderId = Number(req.params.id);
  await db.transaction(async (trx) => {
    const [order] = await trx('orders').where({ id: orderId }).update({ status: 'shipping' }).returning('*');
    await axios.post('https://warehouse.example.com/shipments', { orderId: order.id }); // expect: pgbouncer/no-idle-in-transaction
    await trx('shipments').insert({ order_id: orderId });
  });
  res.sendStatus(202);
});

orders.post('/orders/:id/ship-v2', async (req, res) => {
  const orderId = Number(req.params.id);
  const order = await db.transaction(async (trx) => {
    const [updated] = await trx('orders').where({ id: orderId }).update({ status: 'shipping' }).returning('*');
    await trx('outbox').insert({ topic: 'shipments', payload: JSON.stringify({ orderId }) });
    return updated;
  });
  res.status(202).json(order);
});

orders.post('/orders/:id/merge', async (req, res) => {
  const keep = Number(req.params.id);
  const drop = Number(req.body.drop);
  await db.transaction(async (trx) => {
    await trx('order_lines').where({ order_id: drop }).update({ order_id: keep });
    await db.transaction(async (inner) => { // expect: pgbouncer/no-nested-transaction
      await inner('orders').where({ id: drop }).del();
    });
  });
  res.sendStatus(204);
});

orders.post('/orders/:id/merge-v2', async (req, res) => {
  const keep = Number(req.params.id);
  const drop = Number(req.body.drop);
  await db.transaction(async (trx) => {
    await trx('order_lines').where({ order_id: drop }).update({ order_id: keep });
    await trx.transaction(async (inner) => {
      await inner('orders').where({ id: drop }).del();
    });
  });
  res.sendStatus(204);
});

orders.post('/orders/import', async (req, res) => {
  const rows: { sku: string; qty: number }[] = req.body.rows;
  const trx = await db.transaction(); // expect: pgbouncer/balanced-transaction
  for (const row of rows) {
    await trx('order_imports').insert(row);
  }
  await trx.commit();
  res.sendStatus(201);
});

orders.post('/orders/import-v2', async (req, res) => {
  const rows: { sku: string; qty: number }[] = req.body.rows;
  const trx = await db.transaction();
  try {
    for (const row of rows) {
      await trx('order_imports').insert(row);
    }
    await trx.commit();
  } catch (err) {
    await trx.rollback();
    throw err;
  }
  res.sendStatus(201);
});
