import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'invoices' })
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: 'open' | 'paid' | 'void';

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents!: number;

  @Column({ name: 'balance_cents', type: 'integer' })
  balanceCents!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @CreateDateColumn({ name: 'issued_at' })
  issuedAt!: Date;
}

@Entity({ name: 'invoice_lines' })
export class InvoiceLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;
}

@Entity({ name: 'credit_notes' })
export class CreditNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}

/** Read-only mapping of the pre-2021 billing system's invoice table. */
@Entity({ name: 'legacy_invoices' })
export class LegacyInvoice {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ name: 'invoice_number', type: 'varchar' })
  invoiceNumber!: string;

  @Column({ name: 'customer_ref', type: 'varchar' })
  customerRef!: string;

  @Column({ name: 'amount', type: 'numeric' })
  amount!: string;
}
