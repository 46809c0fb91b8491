import Fastify from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';

interface Database {
  pet: { id: number; name: string; owner_id: number | null };
  adoption: { pet_id: number; owner_id: number };
  waitlist: { pet_id: number; owner_id: number };
}

const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL, application_name: 'pets-api' }) }),
});

export const app = Fastify();

app.post('/pets/:id/adopt', async (request) => {
  const petId = Number((request.params as { id: string }).id);
  const { ownerId } = request.body as { ownerId: number };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('pet').set({ owner_id: ownerId }).where('id', '=', petId).execute();
    await db.insertInto('adoption').values({ pet_id: petId, owner_id: ownerId }).execute(); // expect: pgbouncer/no-outer-client-in-transaction
    await trx.transaction().execute(async (inner) => { // expect: pgbouncer/no-nested-transaction
      await inner.deleteFrom('waitlist').where('pet_id', '=', petId).execute();
    });
  });
  return { ok: true };
});

app.post('/pets/:id/adopt-v2', async (request) => {
  const petId = Number((request.params as { id: string }).id);
  const { ownerId } = request.body as { ownerId: number };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('pet').set({ owner_id: ownerId }).where('id', '=', petId).execute();
    await trx.insertInto('adoption').values({ pet_id: petId, owner_id: ownerId }).execute();
    await trx.deleteFrom('waitlist').where('pet_id', '=', petId).execute();
  });
  return { ok: true };
});

app.post('/pets/:id/transfer', async (request) => {
  const petId = Number((request.params as { id: string }).id);
  const { ownerId } = request.body as { ownerId: number };
  const trx = await db.startTransaction().execute(); // expect: pgbouncer/balanced-transaction
  await trx.updateTable('pet').set({ owner_id: ownerId }).where('id', '=', petId).execute();
  await trx.insertInto('adoption').values({ pet_id: petId, owner_id: ownerId }).execute();
  await trx.commit().execute();
  return { ok: true };
});

app.post('/pets/:id/transfer-v2', async (request) => {
  const petId = Number((request.params as { id: string }).id);
  const { ownerId } = request.body as { ownerId: number };
  const trx = await db.startTransaction().execute();
  try {
    await trx.updateTable('pet').set({ owner_id: ownerId }).where('id', '=', petId).execute();
    await trx.insertInto('adoption').values({ pet_id: petId, owner_id: ownerId }).execute();
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
  return { ok: true };
});

app.get('/tenants/:tenant/pets', async (request) => {
  const { tenant } = request.params as { tenant: string };
  await sql`SET search_path TO tenant_a, public`.execute(db); // expect: pgbouncer/no-session-state
  return db.selectFrom('pet').selectAll().where('name', 'like', `${tenant}%`).execute();
});

app.get('/tenants/:tenant/pets-v2', async (request) => {
  const { tenant } = request.params as { tenant: string };
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL search_path TO tenant_a, public`.execute(trx);
    return trx.selectFrom('pet').selectAll().where('name', 'like', `${tenant}%`).execute();
  });
});
