import Fastify from 'fastify';
import { DataTypes, Model, Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!, {
  dialect: 'postgres',
  dialectOptions: { application_name: 'users-api' },
});

class User extends Model {}
User.init({ email: DataTypes.STRING, teamId: DataTypes.INTEGER }, { sequelize, tableName: 'users' });
const Profile = sequelize.define('Profile', { userId: DataTypes.INTEGER });
const TeamEvent = sequelize.define('TeamEvent', { teamId: DataTypes.INTEGER, kind: DataTypes.STRING });

export const app = Fastify({ logger: true });

app.post('/users', async (request, reply) => {
  const { email } = request.body as { email: string };
  const user = await sequelize.transaction(async (t) => {
    const created = await User.create({ email }, { transaction: t });
    await Profile.create({ userId: created.get('id') }); // expect: pgbouncer/no-outer-client-in-transaction
    return created;
  });
  return reply.code(201).send(user);
});

app.post('/users/v2', async (request, reply) => {
  const { email } = request.body as { email: string };
  const user = await sequelize.transaction(async (t) => {
    const created = await User.create({ email }, { transaction: t });
    await Profile.create({ userId: created.get('id') }, { transaction: t });
    return created;
  });
  return reply.code(201).send(user);
});

app.put('/teams/:id', async (request) => {
  const { id } = request.params as { id: number };
  const { name } = request.body as { name: string };
  await sequelize.transaction(async (t) => {
    await sequelize.query('update teams set name = ? where id = ?', { replacements: [name, id], transaction: t });
    await sequelize.transaction(async (t2) => { // expect: pgbouncer/no-nested-transaction
      await TeamEvent.create({ teamId: id, kind: 'renamed' }, { transaction: t2 });
    });
  });
  return { ok: true };
});

app.put('/teams/:id/v2', async (request) => {
  const { id } = request.params as { id: number };
  const { name } = request.body as { name: string };
  await sequelize.transaction(async (t) => {
    await sequelize.query('update teams set name = ? where id = ?', { replacements: [name, id], transaction: t });
    await sequelize.transaction({ transaction: t }, async (t2) => {
      await TeamEvent.create({ teamId: id, kind: 'renamed' }, { transaction: t2 });
    });
  });
  return { ok: true };
});

app.post('/teams/:id/members', async (request) => {
  const { id } = request.params as { id: number };
  const { userIds } = request.body as { userIds: number[] };
  const t = await sequelize.transaction(); // expect: pgbouncer/balanced-transaction
  await User.update({ teamId: id }, { where: { id: userIds }, transaction: t });
  await TeamEvent.create({ teamId: id, kind: 'members-added' }, { transaction: t });
  await t.commit();
  return { added: userIds.length };
});

app.post('/teams/:id/members/v2', async (request) => {
  const { id } = request.params as { id: number };
  const { userIds } = request.body as { userIds: number[] };
  const t = await sequelize.transaction();
  try {
    await User.update({ teamId: id }, { where: { id: userIds }, transaction: t });
    await TeamEvent.create({ teamId: id, kind: 'members-added' }, { transaction: t });
    await t.commit();
  } catch (err) {
    await t.rollback();
    throw err;
  }
  return { added: userIds.length };
});
