const Fastify = require('fastify');
const routes = require('./routes');

const app = Fastify({ logger: true });

// The plugin builds a pg pool from these options and decorates the instance with it (`app.pg`).
app.register(require('@fastify/postgres'), { connectionString: process.env.DATABASE_URL, max: 20 }); // expect: pgbouncer/require-application-name
// A second database, named: `app.pg.reports`.
app.register(require('@fastify/postgres'), {
  name: 'reports',
  connectionString: process.env.REPORTS_DATABASE_URL,
  application_name: 'orders-api-reports',
});
app.register(routes, { prefix: '/orders' });

module.exports = app;
