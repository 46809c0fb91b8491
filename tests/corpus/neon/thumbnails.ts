import { Worker } from 'node:worker_threads';
import { Pool } from '@neondatabase/serverless';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'thumbnails' });

const resizer = new Worker(new URL('./resize.worker.js', import.meta.url), {
  workerData: { pool }, // expect: pgbouncer/no-session-across-boundary
});

const resizerV2 = new Worker(new URL('./resize.worker.js', import.meta.url), {
  workerData: { connectionString: process.env.DATABASE_URL },
});

export async function resizeAvatar(userId: number) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select avatar_key from users where id = $1', [userId]);
    resizer.postMessage({ key: rows[0].avatar_key, client }); // expect: pgbouncer/no-session-across-boundary
    resizerV2.postMessage({ key: rows[0].avatar_key, userId });
  } finally {
    client.release();
  }
}
