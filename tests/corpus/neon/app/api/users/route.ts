import { neon, Pool } from '@neondatabase/serverless';

export const runtime = 'edge';

const http = neon(process.env.DATABASE_URL!);

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id');
  const rows = await http`select id, email from users where id = ${id}`;
  return Response.json(rows[0] ?? null);
}

// Edge runtime: a Pool connected, used and closed within the request is what Neon documents.
export async function POST(request: Request) {
  const { email, teamId } = (await request.json()) as { email: string; teamId: number };
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'users-edge' });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('insert into users (email) values ($1) returning id', [email]);
    await client.query('insert into team_members (team_id, user_id) values ($1, $2)', [teamId, rows[0].id]);
    await client.query('COMMIT');
    return Response.json({ id: rows[0].id }, { status: 201 });
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
    await pool.end();
  }
}

export async function DELETE(request: Request) {
  const id = new URL(request.url).searchParams.get('id');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'users-edge' });
  try {
    await pool.query('BEGIN'); // expect: pgbouncer/balanced-transaction
    await pool.query('delete from team_members where user_id = $1', [id]);
    await pool.query('delete from users where id = $1', [id]);
    await pool.query('COMMIT');
  } finally {
    await pool.end();
  }
  return new Response(null, { status: 204 });
}

export async function PATCH(request: Request) {
  const { id, email } = (await request.json()) as { id: number; email: string };
  await http`BEGIN`; // expect: pgbouncer/balanced-transaction
  await http`update users set email = ${email} where id = ${id}`;
  await http`COMMIT`;
  const [ok] = await http.transaction([http`update users set email = ${email} where id = ${id}`, http`insert into user_events (user_id, kind) values (${id}, 'email')`]);
  return Response.json(ok);
}
