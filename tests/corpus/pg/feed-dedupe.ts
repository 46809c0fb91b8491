import { Client, Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'feed-dedupe', max: 8 });

// Large id sets go through a temporary table that lives and dies inside one transaction.
export async function seenArticleIds(feedId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length < 20) {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM articles WHERE feed_id = $1 AND id = ANY($2)', [feedId, ids]);
    return new Set(rows.map((row) => row.id));
  }
  const table = `seen_${feedId.replace(/-/g, '_')}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE ${table} AS SELECT unnest($1::text[]) AS id`, [ids]);
    const { rows } = await client.query<{ id: string }>(`SELECT a.id FROM articles a JOIN ${table} t ON t.id = a.id WHERE a.feed_id = $1`, [feedId]);
    await client.query(`DROP TABLE ${table}`);
    await client.query('COMMIT');
    return new Set(rows.map((row) => row.id));
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

// The staging table outlives the transaction: it is dropped only after COMMIT, on whichever
// server connection the pooler lends the client then.
export async function importArticles(feedId: string, csv: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE staging_articles (id text, title text)'); // expect: pgbouncer/no-session-state
    await client.query('INSERT INTO staging_articles SELECT * FROM parse_csv($1)', [csv]);
    await client.query('INSERT INTO articles (feed_id, id, title) SELECT $1, id, title FROM staging_articles ON CONFLICT DO NOTHING', [feedId]);
    await client.query('COMMIT');
    await client.query('DROP TABLE staging_articles');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

// A whole transaction in one query: it runs on the one connection the pool lends it.
export async function purgeFeed(feedId: string) {
  await pool.query(`BEGIN; DELETE FROM articles WHERE feed_id = '${feedId.replace(/'/g, "''")}'; DELETE FROM feeds WHERE id = '${feedId.replace(/'/g, "''")}'; COMMIT`);
}

// A one-off Lambda: its own client, ended on success and again on failure (a second end() does nothing).
export async function handler(event: { feedId: string }) {
  const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'feed-dedupe-lambda' });
  try {
    await client.connect();
    await client.query('SELECT refresh_feed_stats($1)', [event.feedId]);
    client.end().then(() => console.log('disconnected'));
    return { status: 'ok' };
  } catch (err) {
    await client.end();
    throw err;
  }
}
