import express, { type Request, type Response } from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'accounts-api' });

export const router = express.Router();

router.post('/transfers', async (req: Request, res: Response) => {
  const { from, to, amount } = req.body as { from: string; to: string; amount: number };
  const client = await pool.connect();
  try {
    await client.query('BEGIN'); // expect: pgbouncer/balanced-transaction
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [amount, to]);
    await client.query('COMMIT');
    res.status(201).json({ ok: true });
  } finally {
    client.release();
  }
});

router.post('/transfers/v2', async (req: Request, res: Response) => {
  const { from, to, amount } = req.body as { from: string; to: string; amount: number };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [amount, to]);
    await client.query('COMMIT');
    res.status(201).json({ ok: true });
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
});

router.delete('/accounts/:id', async (req: Request, res: Response) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set closed_at = now() where id = $1', [req.params.id]);
    await pool.query('delete from sessions where account_id = $1', [req.params.id]); // expect: pgbouncer/no-outer-client-in-transaction
    await client.query('COMMIT');
    res.sendStatus(204);
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
});

router.get('/accounts/:id', async (req: Request, res: Response) => {
  const client = await pool.connect(); // expect: pgbouncer/release-connection
  const { rows } = await client.query('select * from accounts where id = $1', [req.params.id]);
  client.release();
  res.json(rows[0] ?? null);
});

router.get('/accounts/:id/statement', async (req: Request, res: Response) => {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from ledger where account_id = $1 order by at desc limit 50', [req.params.id]);
    res.json(rows);
  } finally {
    client.release();
  }
});

router.get('/accounts', async (_req: Request, res: Response) => {
  const { rows } = await pool.query('select id, name from accounts order by name limit 100');
  res.json(rows);
});
