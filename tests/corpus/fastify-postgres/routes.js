// Registered as a plugin: `fastify` is the instance the app decorated with `pg`.
module.exports = async function routes(fastify) {
  fastify.get('/:id', async (request) => {
    const client = await fastify.pg.connect(); // expect: pgbouncer/release-connection
    const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [request.params.id]);
    return rows[0] ?? null;
  });

  fastify.get('/:id/lines', async (request) => {
    const client = await fastify.pg.connect();
    try {
      const { rows } = await client.query('SELECT * FROM order_lines WHERE order_id = $1', [request.params.id]);
      return rows;
    } finally {
      client.release();
    }
  });

  fastify.post('/', async (request) => {
    const client = await fastify.pg.connect();
    try {
      await client.query('BEGIN'); // expect: pgbouncer/balanced-transaction
      const { rows } = await client.query('INSERT INTO orders (customer_id) VALUES ($1) RETURNING id', [request.body.customerId]);
      await client.query('INSERT INTO order_events (order_id, kind) VALUES ($1, $2)', [rows[0].id, 'created']);
      await client.query('COMMIT');
      return rows[0];
    } finally {
      client.release();
    }
  });

  fastify.post('/:id/cancel', async (request) =>
    fastify.pg.transact(async (client) => {
      await client.query('UPDATE orders SET status = $2 WHERE id = $1', [request.params.id, 'cancelled']);
      await fastify.pg.query('INSERT INTO audit (order_id, action) VALUES ($1, $2)', [request.params.id, 'cancel']); // expect: pgbouncer/no-outer-client-in-transaction
    }),
  );

  fastify.post('/:id/ship', async function (request) {
    // In a handler written as a function, `this` is the instance.
    return this.pg.transact(async (client) => {
      await client.query('UPDATE orders SET status = $2 WHERE id = $1', [request.params.id, 'shipped']);
      await client.query('INSERT INTO audit (order_id, action) VALUES ($1, $2)', [request.params.id, 'ship']);
    });
  });

  fastify.get('/stats', async () => {
    const { rows } = await fastify.pg.reports.query('SELECT count(*) FROM orders');
    return rows[0];
  });
};
