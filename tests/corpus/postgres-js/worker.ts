import { Hono } from 'hono';
import postgres from 'postgres';

type Bindings = { DATABASE_URL: string };

// A Cloudflare Worker: a socket cannot outlive the request that opened it, so each request
// connects, queries and closes (Workers cannot share a client across requests).
const app = new Hono<{ Bindings: Bindings }>();

function sqlFor(env: Bindings) {
  return postgres(env.DATABASE_URL, { prepare: false, max: 1, connection: { application_name: 'links-worker' } });
}

app.get('/links/:slug', async (c) => {
  const sql = sqlFor(c.env);
  try {
    const [link] = await sql`select target from links where slug = ${c.req.param('slug')}`;
    return link ? c.redirect(link.target) : c.notFound();
  } finally {
    c.executionCtx.waitUntil(sql.end());
  }
});

app.post('/links', async (c) => {
  const url = c.env.DATABASE_URL;
  const sql = postgres(url, { prepare: false, max: 1, connection: { application_name: 'links-worker' } });
  try {
    const { slug, target } = await c.req.json<{ slug: string; target: string }>();
    await sql`insert into links (slug, target) values (${slug}, ${target})`;
    return c.json({ slug }, 201);
  } finally {
    c.executionCtx.waitUntil(sql.end());
  }
});

export default { fetch: app.fetch };
