import type { NextApiRequest, NextApiResponse } from 'next';
import { createPool, sql } from '@vercel/postgres';

const pool = createPool({ connectionString: process.env.POSTGRES_URL }); // expect: pgbouncer/require-application-name
const named = createPool({ connectionString: process.env.POSTGRES_URL, application_name: 'stats-api' });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const client = await sql.connect(); // expect: pgbouncer/release-connection
  const { rows } = await client.sql`select count(*) from page_views where path = ${String(req.query.path)}`;
  if (rows.length === 0) {
    res.status(404).end();
    return;
  }
  client.release();
  const { rows: totals } = await named.sql`select count(*) from page_views`;
  const { rows: recent } = await pool.sql`select count(*) from page_views where at > now() - interval '1 day'`;
  res.json({ views: rows[0].count, total: totals[0].count, recent: recent[0].count });
}
