import { Pool, type PoolClient } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'ledger' });

/** node-postgres's guide: one query on whichever pooled connection is free, logged. */
export async function query(text: string, params?: unknown[]) {
  const start = Date.now();
  const res = await pool.query(text, params);
  console.log('executed query', { text, duration: Date.now() - start, rows: res.rowCount });
  return res;
}

/** The caller releases the connection. */
async function getClient(): Promise<PoolClient> {
  const client = await pool.connect();
  const release = client.release;
  const timeout = setTimeout(() => console.error('a client has been checked out for more than 5 seconds'), 5000);
  client.release = () => {
    clearTimeout(timeout);
    client.release = release;
    return release.apply(client);
  };
  return client;
}

export async function postEntry(account: string, amount: number) {
  await query('BEGIN'); // expect: pgbouncer/balanced-transaction
  await query('insert into entries (account, amount) values ($1, $2)', [account, amount]);
  await query('update balances set total = total + $2 where account = $1', [account, amount]);
  await query('COMMIT');
}

export async function postEntryOnOneConnection(account: string, amount: number) {
  const client = await getClient();
  try {
    await client.query('BEGIN');
    await client.query('insert into entries (account, amount) values ($1, $2)', [account, amount]);
    await client.query('update balances set total = total + $2 where account = $1', [account, amount]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function balance(account: string) {
  const client = await getClient(); // expect: pgbouncer/release-connection
  const { rows } = await client.query('select total from balances where account = $1', [account]);
  client.release();
  return rows[0]?.total ?? 0;
}

export async function statement(account: string, since?: Date) {
  const client = await pool.connect(); // expect: pgbouncer/release-connection
  const db = drizzle(client);
  if (!since) return [];
  const rows = await db.execute(sql`select * from entries where account = ${account} and created_at >= ${since}`);
  client.release();
  return rows.rows;
}

export async function statementReleased(account: string, since: Date) {
  const client = await pool.connect();
  const db = drizzle(client);
  try {
    const rows = await db.execute(sql`select * from entries where account = ${account} and created_at >= ${since}`);
    return rows.rows;
  } finally {
    client.release();
  }
}
