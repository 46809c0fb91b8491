import { Injectable } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { setTimeout as sleep } from 'node:timers/promises';

@Injectable()
export class PostsService {
  private lastEm?: EntityManager;

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
  ) {}

  async rename(id: number, title: string) {
    const em = this.orm.em.fork();
    await em.begin(); // expect: pgbouncer/balanced-transaction
    const post = await em.findOneOrFail('Post', id);
    em.assign(post, { title });
    await em.commit();
  }

  async renameCorrectly(id: number, title: string) {
    const em = this.orm.em.fork();
    await em.begin();
    try {
      const post = await em.findOneOrFail('Post', id);
      em.assign(post, { title });
      await em.commit();
    } catch (err) {
      await em.rollback();
      throw err;
    }
  }

  async publish(id: number) {
    await this.orm.em.fork().transactional(async (em) => {
      const post = await em.findOneOrFail('Post', id);
      em.assign(post, { publishedAt: new Date() });
      await this.orm.em.fork().transactional(async (inner) => { // expect: pgbouncer/no-nested-transaction
        inner.create('Notification', { postId: id });
      });
    });
  }

  async publishCorrectly(id: number) {
    await this.orm.em.fork().transactional(async (em) => {
      const post = await em.findOneOrFail('Post', id);
      em.assign(post, { publishedAt: new Date() });
      await em.transactional(async (inner) => {
        inner.create('Notification', { postId: id });
      });
    });
  }

  async retryingLock(id: number) {
    await this.em.transactional(async (em) => {
      const post = await em.findOneOrFail('Post', id);
      if (post.lockedBy) {
        await sleep(2000); // expect: pgbouncer/no-idle-in-transaction
      }
      em.assign(post, { lockedBy: 'editor' });
    });
  }

  async remember(id: number) {
    await this.em.transactional(async (em) => {
      this.lastEm = em; // expect: pgbouncer/no-session-across-boundary
      await em.findOneOrFail('Post', id);
    });
  }

  async archive(id: number) {
    await this.em.transactional(async (em) => {
      const post = await this.em.findOneOrFail('Post', id);
      em.assign(post, { archivedAt: new Date() });
    });
    return this.lastEm !== undefined;
  }
}
