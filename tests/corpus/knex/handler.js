import knex from 'knex';

const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'orders-lambda' },
  pool: { min: 0, max: 1 },
});

export const handler = async (event) => {
  const id = event.pathParameters?.id;
  const order = await db('orders').where({ id }).first();
  return { statusCode: order ? 200 : 404, body: JSON.stringify(order ?? null) };
};

export const legacyHandler = async (event) => {
  const perCall = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, application_name: 'orders-lambda' } }); // expect: pgbouncer/no-engine-per-request
  const rows = await perCall('orders').where({ customer_id: event.customerId });
  return { statusCode: 200, body: JSON.stringify(rows) };
};
