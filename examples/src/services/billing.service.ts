import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CreditNote, Invoice, InvoiceLine, LegacyInvoice } from './billing.entities';

const LATE_FEE_CENTS = 1_500;

export interface InvoiceLineInput {
  description: string;
  amountCents: number;
}

export interface IssueInvoiceDto {
  customerId: string;
  currency: string;
  lines: InvoiceLineInput[];
}

export interface ApplyCreditDto {
  amountCents: number;
  reason?: string;
}

@Injectable()
export class BillingService {
  constructor(private readonly dataSource: DataSource) {}

  async issueInvoice(dto: IssueInvoiceDto): Promise<Invoice> {
    const totalCents = dto.lines.reduce((sum, line) => sum + line.amountCents, 0);

    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      const invoice = queryRunner.manager.create(Invoice, {
        customerId: dto.customerId,
        currency: dto.currency,
        status: 'open',
        totalCents,
        balanceCents: totalCents,
      });
      await queryRunner.manager.save(invoice);
      await queryRunner.manager.save(
        dto.lines.map((line) =>
          queryRunner.manager.create(InvoiceLine, { invoiceId: invoice.id, ...line }),
        ),
      );
      await queryRunner.commitTransaction();
      return invoice;
    } catch (err) {
      await queryRunner.rollbackTransaction();
      throw err;
    } finally {
      await queryRunner.release();
    }
  }

  async applyCredit(invoiceId: string, dto: ApplyCreditDto): Promise<Invoice> {
    return this.dataSource.transaction(async (em) => {
      const invoice = await em.findOne(Invoice, {
        where: { id: invoiceId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!invoice) {
        throw new NotFoundException(`invoice ${invoiceId} not found`);
      }
      if (dto.amountCents <= 0 || dto.amountCents > invoice.balanceCents) {
        throw new BadRequestException('credit must be positive and at most the open balance');
      }
      invoice.balanceCents -= dto.amountCents;
      if (invoice.balanceCents === 0) {
        invoice.status = 'paid';
      }
      await em.save(invoice);
      await this.dataSource.getRepository(CreditNote).insert({
        invoiceId,
        amountCents: dto.amountCents,
        reason: dto.reason ?? null,
      });
      return invoice;
    });
  }

  /** Month-end run: adds the late fee to every invoice of `period` that is still open. */
  async applyLateFees(period: string, feeCents: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      await em.query('START TRANSACTION ISOLATION LEVEL SERIALIZABLE');
      const overdue = await em
        .getRepository(Invoice)
        .createQueryBuilder('invoice')
        .where('invoice.status = :status', { status: 'open' })
        .andWhere("to_char(invoice.issuedAt, 'YYYY-MM') = :period", { period })
        .setLock('pessimistic_write')
        .getMany();
      for (const invoice of overdue) {
        invoice.totalCents += feeCents;
        invoice.balanceCents += feeCents;
      }
      await em.save(overdue);
      return overdue.length;
    });
  }

  async findInvoice(invoiceId: string): Promise<Invoice> {
    const invoice = await this.dataSource.getRepository(Invoice).findOneBy({ id: invoiceId });
    if (!invoice) {
      throw new NotFoundException(`invoice ${invoiceId} not found`);
    }
    return invoice;
  }
}

@Controller('billing')
export class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Post('invoices')
  issue(@Body() dto: IssueInvoiceDto) {
    return this.billing.issueInvoice(dto);
  }

  @Get('invoices/:id')
  findOne(@Param('id', ParseUUIDPipe) id: string) {
    return this.billing.findInvoice(id);
  }

  @Post('invoices/:id/credits')
  applyCredit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ApplyCreditDto) {
    return this.billing.applyCredit(id, dto);
  }

  @Post('periods/:period/late-fees')
  async applyLateFees(@Param('period') period: string) {
    if (!/^\d{4}-\d{2}$/.test(period)) {
      throw new BadRequestException('period must look like 2024-05');
    }
    const updated = await this.billing.applyLateFees(period, LATE_FEE_CENTS);
    return { period, updated };
  }

  @Get('legacy-invoices/:number')
  async findLegacyInvoice(@Param('number') invoiceNumber: string) {
    const legacy = new DataSource({
      type: 'postgres',
      url: process.env.LEGACY_BILLING_DATABASE_URL,
      entities: [LegacyInvoice],
      synchronize: false,
    });
    await legacy.initialize();
    try {
      const invoice = await legacy.getRepository(LegacyInvoice).findOneBy({ invoiceNumber });
      if (!invoice) {
        throw new NotFoundException(`legacy invoice ${invoiceNumber} not found`);
      }
      return { number: invoice.invoiceNumber, customer: invoice.customerRef, amount: invoice.amount };
    } finally {
      await legacy.destroy();
    }
  }
}
