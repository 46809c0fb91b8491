import postgres from 'postgres';
import { JobQueue } from './job-queue-client';

let queue: JobQueue | undefined;

/**
 * The job server's queue, started on first use. Before the first start, a throw-away connection
 * drops the schema of the queue's previous major version: that runs once, behind the guard.
 */
export async function getJobQueue(): Promise<JobQueue> {
  if (queue) {
    return queue;
  }
  const connectionString = process.env.DATABASE_URL!;
  const sql = postgres(connectionString, { prepare: false, connection: { application_name: 'job-server' } });
  const [old] = await sql`select exists (select 1 from information_schema.tables where table_schema = 'jobs' and table_name = 'job_v1') as present`;
  if (old?.present) {
    await sql`drop schema jobs cascade`;
  }
  await sql.end();
  queue = new JobQueue({ connectionString, applicationName: 'job-server' });
  await queue.start();
  return queue;
}

let lastRun: Date | undefined;

/** A guard on a place this function never sets: every call builds and drops a pool. */
export async function pendingJobs(): Promise<number> {
  if (lastRun) {
    return 0;
  }
  const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'job-server' } }); // expect: pgbouncer/no-engine-per-request
  const [row] = await sql`select count(*)::int as n from jobs.job where state = 'created'`;
  await sql.end();
  return row?.n ?? 0;
}
