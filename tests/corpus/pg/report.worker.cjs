'use strict';

const { Worker } = require('bullmq');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'report-worker', max: 3 });

const connection = { host: process.env.REDIS_HOST, port: 6379 };

// Builds a fresh pool for every job and never ends it.
const legacy = new Worker(
  'legacy-reports',
  async (job) => {
    const jobPool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'report-worker' }); // expect: pgbouncer/no-engine-per-request
    const { rows } = await jobPool.query('select * from orders where account_id = $1', [job.data.accountId]);
    return rows.length;
  },
  { connection },
);

const reports = new Worker(
  'reports',
  async (job) => {
    await pool.query("SET statement_timeout = '120s'"); // expect: pgbouncer/no-session-state
    const { rows } = await pool.query('select sum(total) from orders where account_id = $1', [job.data.accountId]);
    return rows[0];
  },
  { connection },
);

const slowReports = new Worker(
  'slow-reports',
  async (job) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL statement_timeout = '300s'");
      const { rows } = await client.query('select * from monthly_totals where account_id = $1', [job.data.accountId]);
      await client.query('COMMIT');
      return rows;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  },
  { connection },
);

module.exports = { legacy, reports, slowReports };
