import express from 'express';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'keys-api' } });

export const keys = express.Router();

keys.post('/users/:id/keys/rotate', async (req, res) => {
  const userId = Number(req.params.id);
  const key: string = req.body.key;
  await sql.begin(async (tx) => {
    await tx`update api_keys set revoked = true where user_id = ${userId}`;
    await sql`insert into api_keys (user_id, key) values (${userId}, ${key})`; // expect: pgbouncer/no-outer-client-in-transaction
  });
  res.sendStatus(204);
});

keys.post('/users/:id/keys/rotate-v2', async (req, res) => {
  const userId = Number(req.params.id);
  const key: string = req.body.key;
  await sql.begin(async (tx) => {
    await tx`update api_keys set revoked = true where user_id = ${userId}`;
    await tx`insert into api_keys (user_id, key) values (${userId}, ${key})`;
    await tx.savepoint(async (sp) => sp`insert into key_events (user_id, kind) values (${userId}, 'rotated')`);
  });
  res.sendStatus(204);
});

keys.delete('/users/:id/keys', async (req, res) => {
  const userId = Number(req.params.id);
  await sql.begin(async (tx) => {
    await tx`update api_keys set revoked = true where user_id = ${userId}`;
    await sql.begin(async (tx2) => tx2`insert into key_events (user_id, kind) values (${userId}, 'revoked')`); // expect: pgbouncer/no-nested-transaction
    tx`delete from sessions where user_id = ${userId}`; // expect: pgbouncer/no-session-across-boundary
  });
  res.sendStatus(204);
});

keys.post('/jobs/claim', async (_req, res) => {
  const reserved = await sql.reserve(); // expect: pgbouncer/release-connection
  await reserved`begin`; // expect: pgbouncer/balanced-transaction
  const [job] = await reserved`select * from jobs where taken_at is null limit 1 for update skip locked`;
  await reserved`update jobs set taken_at = now() where id = ${job.id}`;
  await reserved`commit`;
  reserved.release();
  res.json(job);
});

keys.post('/jobs/claim-v2', async (_req, res) => {
  const reserved = await sql.reserve();
  try {
    await reserved`begin`;
    const [job] = await reserved`select * from jobs where taken_at is null limit 1 for update skip locked`;
    await reserved`update jobs set taken_at = now() where id = ${job.id}`;
    await reserved`commit`;
    res.json(job);
  } catch (err) {
    await reserved`rollback`;
    throw err;
  } finally {
    reserved.release();
  }
});
