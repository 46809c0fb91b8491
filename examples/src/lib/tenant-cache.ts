import { Pool } from 'pg';
import { Sequelize } from 'sequelize';

const TENANT_ID = /^[a-z][a-z0-9_]{2,40}$/;

const pools = new Map<string, Pool>();

function tenantDatabaseUrl(tenant: string): string {
  const template = process.env.TENANT_DATABASE_URL_TEMPLATE;
  if (!template) {
    throw new Error('TENANT_DATABASE_URL_TEMPLATE is not set');
  }
  return template.replace('{tenant}', tenant);
}

/**
 * Each tenant lives in its own database behind the same PgBouncer. Pools are
 * created on first use and then reused for the life of the process.
 */
export function getTenantPool(tenant: string): Pool {
  if (!TENANT_ID.test(tenant)) {
    throw new Error(`invalid tenant id: ${tenant}`);
  }
  if (!pools.has(tenant)) {
    pools.set(
      tenant,
      new Pool({
        connectionString: tenantDatabaseUrl(tenant),
        application_name: `ledger-api:${tenant}`,
        max: 5,
        idleTimeoutMillis: 60_000,
      }),
    );
  }
  return pools.get(tenant)!;
}

export async function closeTenantPools(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.allSettled(open.map((p) => p.end()));
}

let sequelize: Sequelize | undefined;

/** Legacy reporting models still use Sequelize; share one instance. */
export function getSequelize(): Sequelize {
  if (!sequelize) {
    sequelize = new Sequelize(process.env.DATABASE_URL!, {
      dialect: 'postgres',
      logging: false,
      pool: { max: 5, idle: 10_000 },
      dialectOptions: { application_name: 'ledger-reporting' },
    });
  }
  return sequelize;
}
