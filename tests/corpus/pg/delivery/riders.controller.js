const pool = require('./db');

// Known by its checkout: `pool` is a node-postgres pool, wherever it was built.
exports.approveRider = async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN'); // expect: pgbouncer/balanced-transaction
    const { rows } = await client.query('select id, status from riders where id = $1 for update', [req.params.id]);
    if (rows.length === 0) {
      return res.status(404).json({ error: 'rider not found' });
    }
    await client.query("update riders set status = 'approved' where id = $1", [req.params.id]);
    await client.query('COMMIT');
    res.json({ ok: true });
  } catch (error) {
    await client.query('ROLLBACK');
    res.status(500).json({ error: error.message });
  } finally {
    client.release();
  }
};

// The same, rolled back on the early return too.
exports.suspendRider = async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('select id from riders where id = $1 for update', [req.params.id]);
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      return res.status(404).json({ error: 'rider not found' });
    }
    await client.query("update riders set status = 'suspended' where id = $1", [req.params.id]);
    await client.query('COMMIT');
    res.json({ ok: true });
  } catch (error) {
    await client.query('ROLLBACK');
    res.status(500).json({ error: error.message });
  } finally {
    client.release();
  }
};

// BEGIN through the pool: each statement may run on another connection.
exports.rejectTopUp = async (req, res) => {
  await pool.query('BEGIN'); // expect: pgbouncer/balanced-transaction
  await pool.query("update topups set status = 'rejected' where id = $1", [req.params.id]);
  await pool.query('COMMIT');
  res.json({ ok: true });
};

// A helper lending its connection to the work: the BEGIN before the `try` can fail.
async function withTransaction(work) {
  const client = await pool.connect(); // expect: pgbouncer/release-connection
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// Its fixed form: everything after the checkout inside the `try`.
async function inTransaction(work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

exports.assignOrder = (req, res) =>
  withTransaction(async (client) => {
    await client.query('update orders set rider_id = $1 where id = $2', [req.body.rider, req.params.id]);
    res.json({ ok: true });
  });

exports.unassignOrder = (req, res) =>
  inTransaction(async (client) => {
    await client.query('update orders set rider_id = null where id = $1', [req.params.id]);
    res.json({ ok: true });
  });
