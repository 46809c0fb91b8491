import { Injectable, Logger } from '@nestjs/common';
import { InjectEntityManager, InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { dataSources } from '../config/data-sources';
import { ArchivedOrder, Order, OrderLine } from './entities';

/**
 * Moves settled orders from the main database to the archive database: two TypeORM data sources,
 * injected by name.
 */
@Injectable()
export class ArchiveService {
  private readonly logger = new Logger(ArchiveService.name);

  constructor(
    @InjectEntityManager(dataSources.main) private readonly mainManager: EntityManager,
    @InjectEntityManager(dataSources.archive) private readonly archiveManager: EntityManager,
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(OrderLine) private readonly lines: Repository<OrderLine>,
  ) {}

  // The archive database's writes cannot join the main database's transaction: two databases.
  async archiveSettled(before: Date): Promise<number> {
    return this.mainManager.transaction(async (main) => {
      const settled = await main
        .getRepository(Order)
        .createQueryBuilder('o')
        .where('o.settled_at < :before', { before })
        .setLock('pessimistic_write')
        .getMany();
      if (settled.length === 0) {
        return 0;
      }
      await this.archiveManager.insert(
        ArchivedOrder,
        settled.map((order) => ({ id: order.id, total: order.total, settledAt: order.settledAt })),
      );
      await this.markArchived(settled.map((order) => order.id));
      await main.delete(Order, { id: In(settled.map((order) => order.id)) });
      this.logger.log(`archived ${settled.length} orders`);
      return settled.length;
    });
  }

  // The repository is on the default data source, the same as `dataSources.main` may be: its
  // read runs outside the transaction that is deleting those lines.
  async purgeLines(orderIds: string[]): Promise<void> {
    await this.mainManager.transaction(async (main) => {
      const lines = await this.lines.find({ where: { orderId: In(orderIds) } }); // expect: pgbouncer/no-outer-client-in-transaction
      await main.delete(OrderLine, { id: In(lines.map((line) => line.id)) });
    });
  }

  // Read through the transaction's own manager: correct.
  async purgeOrders(orderIds: string[]): Promise<void> {
    await this.mainManager.transaction(async (main) => {
      const orders = await main.getRepository(Order).find({ where: { id: In(orderIds) } });
      await main.delete(Order, { id: In(orders.map((order) => order.id)) });
    });
  }

  private async markArchived(ids: string[]): Promise<void> {
    await this.archiveManager.query('update archive_runs set order_ids = order_ids || $1::uuid[] where finished_at is null', [ids]);
  }

  async count(): Promise<number> {
    return this.orders.count();
  }
}
