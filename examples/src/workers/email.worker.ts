import { Queue, Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
import { and, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sendEmail } from '../lib/mailer';

const emailOutbox = pgTable('email_outbox', {
  id: uuid('id').primaryKey(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  providerMessageId: text('provider_message_id'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});

export interface EmailJob {
  tenantSchema: string;
  outboxId: string;
}

export interface EmailAuditJob {
  outboxId: string;
  tenantSchema: string;
  providerMessageId: string;
  [key: string]: unknown;
}

const connection = {
  host: process.env.REDIS_HOST ?? 'localhost',
  port: Number(process.env.REDIS_PORT ?? 6379),
};

export const emailAuditQueue = new Queue<EmailAuditJob>('email-audit', { connection });

export const emailWorker = new Worker<EmailJob>(
  'email',
  async (job) => {
    const db = drizzle(process.env.DATABASE_URL!);
    await db.execute(sql`SET search_path TO ${sql.identifier(job.data.tenantSchema)}, public`);

    const [message] = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.id, job.data.outboxId), eq(emailOutbox.status, 'pending')));
    if (!message) {
      return { skipped: true };
    }

    const lockKey = `email-outbox:${message.id}`;
    await db.execute(sql`SELECT pg_advisory_lock(hashtext(${lockKey}))`);
    try {
      const result = await sendEmail({
        to: message.recipient,
        subject: message.subject,
        html: message.html,
        tags: { tenant: job.data.tenantSchema },
      });

      await db.transaction(async (tx) => {
        await tx
          .update(emailOutbox)
          .set({
            status: 'sent',
            attempts: sql`${emailOutbox.attempts} + 1`,
            providerMessageId: result.providerMessageId,
            sentAt: new Date(),
          })
          .where(eq(emailOutbox.id, message.id));
        await emailAuditQueue.add('email-sent', {
          outboxId: message.id,
          tenantSchema: job.data.tenantSchema,
          providerMessageId: result.providerMessageId,
          tx,
        });
      });
      return { sent: true, providerMessageId: result.providerMessageId };
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(hashtext(${lockKey}))`);
    }
  },
  { connection, concurrency: 5 },
);

emailWorker.on('failed', (job, err) => {
  console.error(`[email] job ${job?.id ?? '?'} failed after ${job?.attemptsMade ?? 0} attempts`, err);
});
