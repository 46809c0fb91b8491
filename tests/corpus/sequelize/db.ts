import { Sequelize, DataTypes, Model } from 'sequelize';

export const sequelize = new Sequelize(process.env.DATABASE_URL!, {
  dialect: 'postgres',
  logging: false,
  pool: { max: 10, idle: 10_000 },
  dialectOptions: {
    application_name: 'accounts-service',
    idle_in_transaction_session_timeout: 30000, // expect: pgbouncer/pooler-compatible-config
  },
});

sequelize.addHook('afterConnect', async (connection: unknown) => {
  await (connection as { query: (sql: string) => Promise<unknown> }).query('SET search_path TO accounts, public'); // expect: pgbouncer/pooler-compatible-config
});

export const archive = new Sequelize(process.env.ARCHIVE_DATABASE_URL!, {
  dialect: 'postgres',
  logging: false,
  dialectOptions: { application_name: 'accounts-service-archive', query_timeout: 60000 },
  hooks: {
    afterConnect: async (connection: unknown) => {
      await (connection as { query: (sql: string) => Promise<unknown> }).query("SET TIME ZONE 'UTC'");
    },
  },
});

export class User extends Model {}
User.init({ email: DataTypes.STRING, name: DataTypes.STRING }, { sequelize, tableName: 'users' });

export const Profile = sequelize.define('Profile', { userId: DataTypes.INTEGER, bio: DataTypes.TEXT });
