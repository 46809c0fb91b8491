const ServerlessClient = require('serverless-postgres');

// One client per container, as the library's README has it: warm invocations reuse its connection.
const client = new ServerlessClient({ // expect: pgbouncer/require-application-name
  user: process.env.DB_USER,
  host: process.env.DB_HOST,
  database: process.env.DB_NAME,
  password: process.env.DB_PASSWORD,
  port: Number(process.env.DB_PORT),
  debug: process.env.STAGE !== 'prod',
  delayMs: 3000,
});

const named = new ServerlessClient({
  connectionString: process.env.DATABASE_URL,
  application_name: 'payments-lambda',
  strategy: 'minimum_idle_time',
  maxConnections: 400,
});

module.exports = { client, named };
