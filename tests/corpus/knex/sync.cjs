'use strict';

const knex = require('knex');

const db = knex({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'inventory-sync' },
});

async function closeAccount(id) {
  await db.transaction(async (trx) => {
    await trx('accounts').where({ id }).update({ closed_at: trx.fn.now() });
    setTimeout(() => {
      void trx('audit_log').insert({ action: 'account closed', account_id: id }); // expect: pgbouncer/no-session-across-boundary
    }, 0);
  });
}

async function closeAccountCorrectly(id) {
  await db.transaction(async (trx) => {
    await trx('accounts').where({ id }).update({ closed_at: trx.fn.now() });
    await trx('audit_log').insert({ action: 'account closed', account_id: id });
  });
  setTimeout(() => {
    void db('account_stats').where({ account_id: id }).del();
  }, 60000);
}

function openTransaction() {
  return db.transaction((trx) => trx); // expect: pgbouncer/no-session-across-boundary
}

async function syncBatch(items) {
  await db.transaction(async (trx) => {
    for (const item of items) {
      await trx('inventory').insert(item).onConflict('sku').merge();
    }
  });
  return items.length;
}

module.exports = { closeAccount, closeAccountCorrectly, openTransaction, syncBatch };
