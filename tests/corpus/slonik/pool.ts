import { createPool, sql } from 'slonik';

export const pool = await createPool(`${process.env.DATABASE_URL}?application_name=ledger-api`, {
  statementTimeout: 'DISABLE_TIMEOUT',
  idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT',
  maximumPoolSize: 10,
});

export const auditPool = await createPool('postgres://ledger@pgbouncer.internal:6432/audit?application_name=ledger-audit'); // expect: pgbouncer/pooler-compatible-config

export const replicaPool = await createPool('postgres://ledger@pgbouncer-replica.internal:6432/ledger', { // expect: pgbouncer/require-application-name
  statementTimeout: 'DISABLE_TIMEOUT',
  idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT',
});

export async function monthlyReport() {
  return pool.transaction(async (t) => {
    await t.query(sql.unsafe`SET LOCAL statement_timeout = '30s'`);
    return t.any(sql.unsafe`select * from monthly_report`);
  });
}
