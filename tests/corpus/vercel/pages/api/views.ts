import type { NextApiRequest, NextApiResponse } from 'next';
import { db, sql } from '@vercel/postgres';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const path = String(req.query.path);
  const client = await db.connect();
  try {
    await client.sql`BEGIN`;
    await client.sql`insert into page_views (path) values (${path})`;
    await client.sql`update page_totals set views = views + 1 where path = ${path}`;
    await client.sql`COMMIT`;
  } catch (err) {
    await client.sql`ROLLBACK`;
    throw err;
  } finally {
    client.release();
  }
  const { rows } = await sql`select views from page_totals where path = ${path}`;
  await sql`SET search_path TO analytics`; // expect: pgbouncer/no-session-state
  res.json(rows[0] ?? { views: 0 });
}
