const ServerlessClient = require('serverless-postgres');

const client = new ServerlessClient({ connectionString: process.env.DATABASE_URL, application_name: 'orders-lambda' });
const reporting = new ServerlessClient({
  connectionString: process.env.REPORTING_DATABASE_URL,
  application_name: 'orders-lambda-reporting',
  strategy: 'minimum_idle_time',
  maxConnections: 400,
});

exports.getOrder = async (event) => {
  await client.connect();
  const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [event.pathParameters.id]);
  await client.clean();
  if (rows.length === 0) {
    return { statusCode: 404, body: '' };
  }
  return { statusCode: 200, body: JSON.stringify(rows[0]) };
};

exports.listTenantOrders = async (event) => {
  await client.connect();
  // Stays on the server connection after this invocation, for whoever gets it next.
  await client.query(`SET search_path TO tenant_${event.requestContext.authorizer.tenantId}`); // expect: pgbouncer/no-session-state
  const { rows } = await client.query('SELECT * FROM orders ORDER BY created_at DESC LIMIT 50');
  await client.clean();
  return { statusCode: 200, body: JSON.stringify(rows) };
};

exports.listTenantOrdersV2 = async (event) => {
  await client.connect();
  const schema = `tenant_${event.requestContext.authorizer.tenantId}`;
  const { rows } = await client.query(`SELECT * FROM ${schema}.orders ORDER BY created_at DESC LIMIT 50`);
  await client.clean();
  return { statusCode: 200, body: JSON.stringify(rows) };
};

exports.monthlyReport = async (event) => {
  // A client per invocation: a new connection every time, and the old ones left to `clean()`.
  const db = new ServerlessClient({ connectionString: process.env.REPORTING_DATABASE_URL, application_name: 'orders-lambda-report' }); // expect: pgbouncer/no-engine-per-request
  await db.connect();
  const { rows } = await db.query('SELECT date_trunc($1, created_at) AS month, sum(total) FROM orders GROUP BY 1', ['month']);
  return { statusCode: 200, body: JSON.stringify(rows) };
};

exports.monthlyReportV2 = async () => {
  await reporting.connect();
  const { rows } = await reporting.query('SELECT date_trunc($1, created_at) AS month, sum(total) FROM orders GROUP BY 1', ['month']);
  await reporting.clean();
  return { statusCode: 200, body: JSON.stringify(rows) };
};
