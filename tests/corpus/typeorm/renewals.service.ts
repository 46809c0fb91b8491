import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Subscription } from './entities';

@Injectable()
export class RenewalsService {
  private readonly logger = new Logger(RenewalsService.name);

  constructor(private readonly dataSource: DataSource) {}

  // Ended through the runner's own manager: `manager.queryRunner` is `queryRunner`.
  async renewDue(): Promise<void> {
    const queryRunner = this.dataSource.createQueryRunner('master');
    await queryRunner.startTransaction();
    const manager = queryRunner.manager;
    try {
      await this.extend(manager);
      await manager.queryRunner?.commitTransaction();
    } catch (error) {
      await manager.queryRunner?.rollbackTransaction();
      throw error;
    } finally {
      await manager.queryRunner?.release();
    }
  }

  // Returns early with the transaction open (the `finally` gives the connection back with it).
  async cancel(id: string): Promise<{ cancelled: boolean }> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.startTransaction(); // expect: pgbouncer/balanced-transaction
    try {
      const subscription = await queryRunner.manager.findOne(Subscription, { where: { id } });
      if (!subscription) {
        this.logger.warn(`subscription ${id} not found`);
        return { cancelled: false };
      }
      await queryRunner.manager.update(Subscription, id, { cancelledAt: new Date() });
      await queryRunner.commitTransaction();
    } catch (error) {
      await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      if (!queryRunner.isReleased) await queryRunner.release();
    }
    return { cancelled: true };
  }

  private async extend(manager: EntityManager): Promise<void> {
    await manager.query("update subscriptions set renews_at = renews_at + interval '1 month' where renews_at < now()");
  }
}
