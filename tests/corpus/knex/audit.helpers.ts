import knex, { type Knex } from 'knex';

const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'users-api' },
});

async function recordAudit(action: string) {
  await db.transaction(async (trx) => {
    await trx('audit_log').insert({ action });
  });
}

async function recordAuditIn(trx: Knex.Transaction, action: string) {
  await trx('audit_log').insert({ action });
}

export async function deleteUser(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').where({ id }).del();
    await recordAudit(`user ${id} deleted`); // expect: pgbouncer/no-nested-transaction
  });
}

export async function deleteUserCorrectly(id: number) {
  await db.transaction(async (trx) => {
    await trx('users').where({ id }).del();
    await recordAuditIn(trx, `user ${id} deleted`);
  });
  await recordAudit(`user ${id} export purged`);
}

export async function renameUser(id: number, name: string) {
  await db.transaction(async (trx) => {
    await trx('users').where({ id }).update({ name });
    await db.raw('refresh materialized view concurrently user_search'); // expect: pgbouncer/no-outer-client-in-transaction
  });
}
