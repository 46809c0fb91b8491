import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { Pool, type PoolClient } from 'pg';
import axios from 'axios';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'imports' });

async function notifyWarehouse(batchId: number) {
  await axios.post('https://warehouse.example.com/batches', { batchId });
}

export async function importBatch(batchId: number, rows: string[][]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('delete from staging where batch_id = $1', [batchId]);
    await client.query('BEGIN'); // expect: pgbouncer/no-nested-transaction
    for (const row of rows) {
      await client.query('insert into staging (batch_id, sku, qty) values ($1, $2, $3)', [batchId, ...row]);
    }
    await notifyWarehouse(batchId); // expect: pgbouncer/no-idle-in-transaction
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function importBatchCorrectly(batchId: number, rows: string[][]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('delete from staging where batch_id = $1', [batchId]);
    for (const row of rows) {
      await client.query('SAVEPOINT row');
      try {
        await client.query('insert into staging (batch_id, sku, qty) values ($1, $2, $3)', [batchId, ...row]);
        await client.query('RELEASE SAVEPOINT row');
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT row');
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await notifyWarehouse(batchId);
}

export async function stageTemporary(batchId: number) {
  await pool.query('CREATE TEMP TABLE import_scratch (sku text, qty int)'); // expect: pgbouncer/no-session-state
  await pool.query('insert into import_scratch select sku, qty from staging where batch_id = $1', [batchId]);
}

export async function stageTemporaryCorrectly(batchId: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE import_scratch (sku text, qty int) ON COMMIT DROP');
    await client.query('insert into import_scratch select sku, qty from staging where batch_id = $1', [batchId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function touchBatches(batchIds: number[]) {
  for (const batchId of batchIds) {
    const client = await pool.connect(); // expect: pgbouncer/release-connection
    const { rowCount } = await client.query('update batches set seen_at = now() where id = $1', [batchId]);
    if (rowCount === 0) {
      continue;
    }
    client.release();
  }
}

export async function archiveBatch(batchId: number) {
  const client = await pool.connect();
  try {
    await client.query('update batches set archived = true where id = $1', [batchId]);
  } catch (err) {
    client.release(err as Error);
    throw err;
  } finally {
    client.release(); // expect: pgbouncer/release-connection
  }
}

export async function withClient<T>(work: (client: PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

export function exportBatch(batchId: number) {
  const child = fork('./dist/export-batch.js');
  child.send({ batchId, pool }); // expect: pgbouncer/no-session-across-boundary
  const child2 = fork('./dist/export-batch.js');
  child2.send({ batchId });
}

createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  if (_req.url === '/debug') {
    res.end(JSON.stringify({ status: 'ok', pool })); // expect: pgbouncer/no-session-across-boundary
    return;
  }
  res.end(JSON.stringify({ status: 'ok', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
}).listen(8080);
