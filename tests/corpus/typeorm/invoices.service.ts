import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Invoice, Payment } from './entities';

@Injectable()
export class InvoicesService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
  ) {}

  async unpaid() {
    const queryRunner = this.dataSource.createQueryRunner(); // expect: pgbouncer/release-connection
    await queryRunner.connect();
    const rows = await queryRunner.query('select * from invoices where paid_at is null');
    await queryRunner.release();
    return rows;
  }

  async overdue() {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      return await queryRunner.query('select * from invoices where due_at < now() and paid_at is null');
    } finally {
      await queryRunner.release();
    }
  }

  async pay(invoiceId: number, amount: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction(); // expect: pgbouncer/balanced-transaction
    try {
      await queryRunner.manager.update(Invoice, invoiceId, { paidAt: new Date() });
      await queryRunner.manager.insert(Payment, { invoiceId, amount });
      await queryRunner.commitTransaction();
    } finally {
      await queryRunner.release();
    }
  }

  async refund(invoiceId: number, amount: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.update(Invoice, invoiceId, { refundedAt: new Date() });
      await queryRunner.manager.insert(Payment, { invoiceId, amount: -amount });
      await queryRunner.commitTransaction();
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }

  async settle(invoiceId: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Invoice, invoiceId, { settledAt: new Date() });
      await this.invoices.increment({ id: invoiceId }, 'version', 1); // expect: pgbouncer/no-outer-client-in-transaction
    });
  }

  async settleCorrectly(invoiceId: number) {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Invoice, invoiceId, { settledAt: new Date() });
      await manager.withRepository(this.invoices).increment({ id: invoiceId }, 'version', 1);
    });
  }

  findOne(id: number) {
    return this.invoices.findOneBy({ id });
  }
}
