import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Payment, Refund, RefundEvent } from './entities';

/**
 * Refunds a payment: a transaction on a query runner, begun and ended by hand, the way the NestJS
 * docs show it.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    @InjectRepository(RefundEvent) private readonly events: Repository<RefundEvent>,
  ) {}

  // The event is written through the injected repository, on another pooled connection: it stays
  // when the refund rolls back, and waits for the payment row this transaction has locked.
  async refund(paymentId: string, amount: number): Promise<Refund> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const payment = await queryRunner.manager.findOne(Payment, { where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
      if (!payment) {
        throw new NotFoundException(paymentId);
      }
      if (payment.refunded + amount > payment.amount) {
        throw new BadRequestException('refund exceeds payment');
      }
      payment.refunded += amount;
      await queryRunner.manager.save(payment);
      const refund = await queryRunner.manager.save(Refund, { paymentId, amount });
      await this.events.insert({ refundId: refund.id, kind: 'created' }); // expect: pgbouncer/no-outer-client-in-transaction
      await queryRunner.commitTransaction();
      return refund;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }

  // Every write through the runner's manager; the injected repository only once it has committed.
  async refundInFull(paymentId: string): Promise<Refund> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const payment = await queryRunner.manager.findOneOrFail(Payment, { where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
      const amount = payment.amount - payment.refunded;
      await queryRunner.manager.update(Payment, { id: paymentId }, { refunded: payment.amount });
      const refund = await queryRunner.manager.save(Refund, { paymentId, amount });
      await queryRunner.manager.getRepository(RefundEvent).insert({ refundId: refund.id, kind: 'created' });
      await queryRunner.commitTransaction();
      await this.payments.increment({ id: paymentId }, 'refundCount', 1);
      return refund;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }
}
