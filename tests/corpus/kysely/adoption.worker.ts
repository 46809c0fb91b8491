import { Worker } from 'bullmq';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

interface Database {
  adoption: { pet_id: number; owner_id: number; confirmed_at: Date | null };
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'adoption-worker', max: 2 });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

export const confirmations = new Worker('adoption-confirmations', async (job) => {
  await db.updateTable('adoption').set({ confirmed_at: new Date() }).where('pet_id', '=', job.data.petId).execute();
});

export const reminders = new Worker('adoption-reminders', async (job) => {
  const perJob = new Kysely<Database>({ // expect: pgbouncer/no-engine-per-request
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'adoption-worker' }) }),
  });
  const rows = await perJob.selectFrom('adoption').selectAll().where('owner_id', '=', job.data.ownerId).execute();
  return rows.length;
});

// Kysely over the shared pool per job builds nothing new.
export const audits = new Worker('adoption-audits', async (job) => {
  const scoped = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return scoped.selectFrom('adoption').select('pet_id').where('owner_id', '=', job.data.ownerId).execute();
});
