import knex, { type Knex } from 'knex';

const base: Knex.Config = {
  client: 'pg',
  connection: {
    connectionString: process.env.DATABASE_URL,
    application_name: 'orders-api',
  },
  pool: { min: 0, max: 10 },
};

export const db = knex(base);

export const tenantDb = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'orders-api-tenants' },
  searchPath: ['tenant_default', 'public'], // expect: pgbouncer/pooler-compatible-config
});

export const auditDb = knex({
  client: 'pg',
  connection: { connectionString: process.env.AUDIT_DATABASE_URL, application_name: 'orders-api-audit' },
  pool: {
    min: 0,
    max: 2,
    afterCreate(conn: { query: (sql: string, cb: (err?: Error) => void) => void }, done: (err?: Error) => void) {
      conn.query("SET TIME ZONE 'UTC'", (err) => done(err));
    },
  },
});

// MySQL analytics store: not PostgreSQL, not checked.
export const analytics = knex({ client: 'mysql2', connection: process.env.ANALYTICS_URL, searchPath: ['x'] });

// A query builder without a connection opens no pool.
export const qb = knex({ client: 'pg' });

export function invoices() {
  return db.withSchema('billing').select('*').from('invoices');
}
