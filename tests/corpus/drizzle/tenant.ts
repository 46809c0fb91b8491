import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'tenant-api' });
export const db = drizzle(pool);

type Tx = Parameters<Parameters<NodePgDatabase['transaction']>[0]>[0];

// Row-level security keyed on a setting: the setting must end with the transaction, or the next
// client of the same server connection runs as this tenant.
export function withTenant<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`reset app.tenant_id`);
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return work(tx);
  });
}

export function withTenantLeaky<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`reset app.tenant_id`);
    await tx.execute(sql`set app.tenant_id = ${sql.raw(quoteLiteral(tenantId))}`); // expect: pgbouncer/no-session-state
    return work(tx);
  });
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
