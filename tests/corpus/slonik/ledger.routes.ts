import express from 'express';
import { createPool, sql } from 'slonik';

const pool = await createPool(`${process.env.DATABASE_URL}?application_name=ledger-api`, {
  statementTimeout: 'DISABLE_TIMEOUT',
  idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT',
});

export const ledger = express.Router();

ledger.post('/entries', async (req, res) => {
  const { accountId, amount } = req.body as { accountId: number; amount: number };
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe`insert into entries (account_id, amount) values (${accountId}, ${amount})`);
    await pool.query(sql.unsafe`update accounts set balance = balance + ${amount} where id = ${accountId}`); // expect: pgbouncer/no-outer-client-in-transaction
    await pool.transaction(async (t2) => { // expect: pgbouncer/no-nested-transaction
      await t2.query(sql.unsafe`insert into ledger_events (account_id, kind) values (${accountId}, 'entry')`);
    });
  });
  res.sendStatus(201);
});

ledger.post('/entries/v2', async (req, res) => {
  const { accountId, amount } = req.body as { accountId: number; amount: number };
  await pool.transaction(async (t) => {
    await t.query(sql.unsafe`insert into entries (account_id, amount) values (${accountId}, ${amount})`);
    await t.query(sql.unsafe`update accounts set balance = balance + ${amount} where id = ${accountId}`);
    await t.transaction(async (t2) => {
      await t2.query(sql.unsafe`insert into ledger_events (account_id, kind) values (${accountId}, 'entry')`);
    });
  });
  res.sendStatus(201);
});

ledger.get('/accounts/:id/balance', async (req, res) => {
  await pool.query(sql.unsafe`SET statement_timeout = '2s'`); // expect: pgbouncer/no-session-state
  const balance = await pool.oneFirst(sql.unsafe`select balance from accounts where id = ${Number(req.params.id)}`);
  res.json({ balance });
});

ledger.get('/accounts/:id/history', async (req, res) => {
  const perRequest = await createPool(`${process.env.DATABASE_URL}?application_name=ledger-api`, { // expect: pgbouncer/no-engine-per-request
    statementTimeout: 'DISABLE_TIMEOUT',
    idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT',
  });
  const rows = await perRequest.any(sql.unsafe`select * from entries where account_id = ${Number(req.params.id)} order by id desc`);
  res.json(rows);
});
