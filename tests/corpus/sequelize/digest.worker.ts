import { Worker, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
import { QueryTypes, Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!, {
  dialect: 'postgres',
  dialectOptions: { application_name: 'digest-worker' },
  pool: { max: 2 },
});

const mailer = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587 });

const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 };

export const digestWorker = new Worker(
  'digests',
  async (job: Job<{ userId: number }>) => {
    await sequelize.transaction(async (t) => {
      const [user] = await sequelize.query<{ email: string }>('select email from users where id = ? for update', {
        replacements: [job.data.userId],
        type: QueryTypes.SELECT,
        transaction: t,
      });
      await mailer.sendMail({ to: user.email, subject: 'Your weekly digest' }); // expect: pgbouncer/no-idle-in-transaction
      await sequelize.query('update users set digest_sent_at = now() where id = ?', { replacements: [job.data.userId], transaction: t });
    });
  },
  { connection },
);

export const digestWorkerV2 = new Worker(
  'digests-v2',
  async (job: Job<{ userId: number }>) => {
    const email = await sequelize.transaction(async (t) => {
      const [user] = await sequelize.query<{ email: string }>('select email from users where id = ? for update', {
        replacements: [job.data.userId],
        type: QueryTypes.SELECT,
        transaction: t,
      });
      await sequelize.query('update users set digest_sent_at = now() where id = ?', { replacements: [job.data.userId], transaction: t });
      return user.email;
    });
    await mailer.sendMail({ to: email, subject: 'Your weekly digest' });
  },
  { connection },
);

export const cleanupWorker = new Worker(
  'cleanup',
  async (job: Job<{ days: number }>) => {
    const perJob = new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres', dialectOptions: { application_name: 'digest-worker' } }); // expect: pgbouncer/no-engine-per-request
    await perJob.query('delete from digests where created_at < now() - (? * interval \'1 day\')', { replacements: [job.data.days] });
  },
  { connection },
);
