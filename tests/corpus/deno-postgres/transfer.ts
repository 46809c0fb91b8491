// A Supabase Edge Function on deno-postgres: credits move between wallets, and a webhook is told.
import * as postgres from 'https://deno.land/x/postgres@v0.17.0/mod.ts';

const databaseUrl = Deno.env.get('SUPABASE_DB_URL')!;

// One pool per instance of the function, shared by its requests.
const pool = new postgres.Pool(databaseUrl, 3, true); // expect: pgbouncer/require-application-name
const named = new postgres.Pool({ hostname: Deno.env.get('DB_HOST'), user: 'wallets', database: 'postgres', applicationName: 'wallets' }, 3, true);

interface Transfer {
  from: string;
  to: string;
  amount: number;
}

async function move(transfer: Transfer): Promise<void> {
  const connection = await named.connect();
  try {
    const transaction = connection.createTransaction('transfer');
    await transaction.begin();
    // A failed statement ends the transaction itself (deno-postgres rolls it back before throwing).
    await transaction.queryArray`UPDATE wallets SET balance = balance - ${transfer.amount} WHERE id = ${transfer.from}`;
    await transaction.queryArray`UPDATE wallets SET balance = balance + ${transfer.amount} WHERE id = ${transfer.to}`;
    await transaction.commit();
  } finally {
    connection.release();
  }
}

async function moveAndNotify(transfer: Transfer): Promise<void> {
  const connection = await named.connect();
  try {
    const transaction = connection.createTransaction('transfer_notify');
    await transaction.begin(); // expect: pgbouncer/balanced-transaction
    await transaction.queryArray`UPDATE wallets SET balance = balance - ${transfer.amount} WHERE id = ${transfer.from}`;
    await fetch('https://hooks.example.com/transfers', { method: 'POST', body: JSON.stringify(transfer) }); // expect: pgbouncer/no-idle-in-transaction
    await transaction.queryArray`UPDATE wallets SET balance = balance + ${transfer.amount} WHERE id = ${transfer.to}`;
    await transaction.commit();
  } finally {
    connection.release();
  }
}

async function notifyAfter(transfer: Transfer): Promise<void> {
  await move(transfer);
  await fetch('https://hooks.example.com/transfers', { method: 'POST', body: JSON.stringify(transfer) });
}

Deno.serve(async (req) => {
  const transfer = (await req.json()) as Transfer;
  if (req.headers.get('x-notify') === 'inline') {
    await moveAndNotify(transfer);
  } else {
    await notifyAfter(transfer);
  }
  const connection = await pool.connect(); // expect: pgbouncer/release-connection
  const { rows } = await connection.queryObject`SELECT balance FROM wallets WHERE id = ${transfer.from}`;
  return Response.json(rows[0]);
});

Deno.serve({ port: 8001 }, async () => {
  using connection = await pool.connect();
  const { rows } = await connection.queryObject('SELECT count(*) FROM wallets');
  return Response.json(rows[0]);
});

Deno.serve({ port: 8002 }, async (req) => {
  const perRequest = new postgres.Pool(databaseUrl, 1); // expect: pgbouncer/no-engine-per-request, pgbouncer/require-application-name
  const connection = await perRequest.connect();
  try {
    const { rows } = await connection.queryObject`SELECT id FROM wallets WHERE owner = ${req.headers.get('x-user')}`;
    return Response.json(rows);
  } finally {
    connection.release();
    await perRequest.end();
  }
});
