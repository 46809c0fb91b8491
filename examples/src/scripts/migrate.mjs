// Applies pending SQL migrations from ./migrations in file-name order.
// Run against the direct database port, not through PgBouncer:
//   DIRECT_DATABASE_URL=postgres://... node src/scripts/migrate.mjs
import pg from 'pg';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

async function main() {
  const pool = new pg.Pool({
    connectionString: process.env.DIRECT_DATABASE_URL ?? process.env.DATABASE_URL,
    application_name: 'ledger-migrate',
    max: 1,
  });

  try {
    await pool.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    const { rows } = await pool.query('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.name));

    const pending = (await readdir(migrationsDir))
      .filter((file) => file.endsWith('.sql') && !applied.has(file))
      .sort();

    for (const file of pending) {
      const statements = await readFile(path.join(migrationsDir, file), 'utf8');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(statements);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
        console.log(`applied ${file}`);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed`, { cause: err });
      } finally {
        client.release();
      }
    }

    console.log(pending.length === 0 ? 'database is up to date' : `applied ${pending.length} migration(s)`);
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
