import { Processor, WorkerHost } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';

@Processor('publish')
export class PublishConsumer extends WorkerHost {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async process(job: Job<{ postId: number }>) {
    const em = this.em.fork();
    await em.execute('SELECT pg_advisory_lock(?)', [job.data.postId]); // expect: pgbouncer/no-session-state
    try {
      const post = await em.findOneOrFail('Post', job.data.postId);
      em.assign(post, { publishedAt: new Date() });
      await em.flush();
    } finally {
      await em.execute('SELECT pg_advisory_unlock(?)', [job.data.postId]); // expect: pgbouncer/no-session-state
    }
  }

  async processCorrectly(job: Job<{ postId: number }>) {
    await this.em.fork().transactional(async (em) => {
      await em.execute('SELECT pg_advisory_xact_lock(?)', [job.data.postId]);
      const post = await em.findOneOrFail('Post', job.data.postId);
      em.assign(post, { publishedAt: new Date() });
    });
  }
}
