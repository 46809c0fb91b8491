import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

// The client is the project's singleton (lib/prisma.ts): this file never imports @prisma/client.
export async function POST(req: Request) {
  const { customerId, lines } = await req.json();
  const invoice = await prisma.$transaction(async (tx) => {
    const created = await tx.invoice.create({ data: { customerId, total: lines.length } });
    await prisma.customer.update({ where: { id: customerId }, data: { lastInvoiceAt: new Date() } }); // expect: pgbouncer/no-outer-client-in-transaction
    await fetch(`${process.env.BILLING_URL}/invoices/${created.id}`, { method: 'POST' }); // expect: pgbouncer/no-idle-in-transaction
    return created;
  });
  return NextResponse.json(invoice);
}

export async function PUT(req: Request) {
  const { customerId, lines } = await req.json();
  const invoice = await prisma.$transaction(async (tx) => {
    const created = await tx.invoice.create({ data: { customerId, total: lines.length } });
    await tx.customer.update({ where: { id: customerId }, data: { lastInvoiceAt: new Date() } });
    return created;
  });
  await fetch(`${process.env.BILLING_URL}/invoices/${invoice.id}`, { method: 'POST' });
  return NextResponse.json(invoice);
}
