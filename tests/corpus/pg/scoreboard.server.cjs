// A small game back end: one `Client` for the whole server, and a pool beside it for the newer routes.
const express = require('express');
const { Client, Pool } = require('pg');
const { Mutex } = require('async-mutex');

const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'scoreboard' });
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'scoreboard' });
const prizeLock = new Mutex();

const app = express();
app.use(express.json());

// Reads on the shared client are fine: each is one statement.
app.get('/scores/:player', async (req, res) => {
  const { rows } = await client.query('select score from scores where player = $1', [req.params.player]);
  res.json(rows[0] ?? { score: 0 });
});

// Every request shares `client`: the other requests' statements land inside this transaction.
app.post('/scores', async (req, res) => {
  try {
    await client.query('BEGIN'); // expect: pgbouncer/balanced-transaction
    await client.query('update scores set score = score + $2 where player = $1', [req.body.player, req.body.points]);
    await client.query('insert into score_log (player, points) values ($1, $2)', [req.body.player, req.body.points]);
    await client.query('COMMIT');
    res.sendStatus(204);
  } catch (error) {
    await client.query('ROLLBACK');
    res.status(500).json({ error: error.message });
  }
});

// One request at a time under the lock: the shared client is the lock holder's alone.
app.post('/prizes', async (req, res) => {
  await prizeLock.runExclusive(async () => {
    try {
      await client.query('BEGIN');
      await client.query('update prizes set claimed_by = $1 where id = $2 and claimed_by is null', [req.body.player, req.body.prize]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
  res.sendStatus(204);
});

// The newer route: a connection of its own from the pool for the transaction.
app.post('/teams', async (req, res) => {
  const conn = await pool.connect();
  try {
    await conn.query('BEGIN');
    await conn.query('insert into teams (name) values ($1)', [req.body.name]);
    await conn.query('COMMIT');
    res.sendStatus(201);
  } catch (error) {
    await conn.query('ROLLBACK');
    throw error;
  } finally {
    conn.release();
  }
});

async function start() {
  await client.connect();
  app.listen(Number(process.env.PORT ?? 3000));
}

start();
