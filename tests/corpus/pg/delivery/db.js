const { Pool } = require('pg');

// The pool every controller imports.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'delivery-api' });

// A start-up check that checks a connection out and never gives it back.
pool.connect().then(() => console.log('database connected')); // expect: pgbouncer/release-connection

module.exports = pool;
