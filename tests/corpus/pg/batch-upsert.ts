import { Pool, type PoolClient } from 'pg';

const pool = new Pool({ host: process.env.EVENTS_PGHOST, database: 'events', application_name: 'ingest-worker' });
const archive = new Pool({ host: process.env.ARCHIVE_PGHOST, database: 'events_archive', application_name: 'ingest-worker' });

type Row = { id: string; payload: unknown };

// The transaction is the function's own only when the caller passed no client: every later test
// of `outer` takes the branch its first test took.
export async function upsertRows(rows: Row[], outer?: PoolClient): Promise<void> {
  const client = outer ?? (await pool.connect());
  try {
    if (!outer) await client.query('BEGIN');
    for (const row of rows) {
      await client.query('insert into events (id, payload) values ($1, $2) on conflict (id) do update set payload = excluded.payload', [row.id, row.payload]);
    }
    if (!outer) await client.query('COMMIT');
  } catch (error) {
    if (!outer) await client.query('ROLLBACK');
    throw error;
  } finally {
    if (!outer) client.release();
  }
}

// Begun under one flag, committed under another: with `atomic` set and `publish` not, the
// transaction is never ended.
export async function importRows(rows: Row[], atomic: boolean, publish: boolean): Promise<void> {
  const client = await pool.connect();
  try {
    if (atomic) await client.query('BEGIN'); // expect: pgbouncer/balanced-transaction
    for (const row of rows) {
      await client.query('insert into staging (id, payload) values ($1, $2)', [row.id, row.payload]);
    }
    if (publish) await client.query('COMMIT');
  } catch (error) {
    if (atomic) await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// Rows read under a cursor of one database are written to another one's pool: that pool is not
// the outer client of the cursor's transaction.
export async function archiveEvents(before: Date): Promise<number> {
  const client = await pool.connect();
  let copied = 0;
  try {
    await client.query('BEGIN');
    await client.query('declare old_events cursor for select id, payload from events where created_at < $1', [before]);
    for (;;) {
      const { rows } = await client.query<Row>('fetch 500 from old_events');
      if (rows.length === 0) break;
      await archive.query('insert into events_archive select * from json_populate_recordset(null::events_archive, $1)', [JSON.stringify(rows)]);
      copied += rows.length;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return copied;
}
