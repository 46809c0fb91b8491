import ServerlessClient from 'serverless-postgres';

/** Runs a refund batch on a connection of its own, closed when it is done. */
export async function refundBatch(ids: number[]): Promise<void> {
  const db = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'refunds' });
  await db.connect();
  await db.query('BEGIN'); // expect: pgbouncer/balanced-transaction
  await db.query('UPDATE payments SET status = $1 WHERE id = ANY($2)', ['refunded', ids]);
  await db.query('COMMIT');
  await db.end();
}

export async function refundBatchV2(ids: number[]): Promise<void> {
  const db = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'refunds' });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query('UPDATE payments SET status = $1 WHERE id = ANY($2)', ['refunded', ids]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  } finally {
    await db.end();
  }
}
