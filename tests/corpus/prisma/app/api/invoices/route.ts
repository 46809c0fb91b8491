import { Prisma, PrismaClient } from '@prisma/client';
import { NextResponse, type NextRequest } from 'next/server';

const prisma = new PrismaClient();

let lastTransaction: Prisma.TransactionClient | undefined;

export async function GET(request: NextRequest) {
  const db = new PrismaClient(); // expect: pgbouncer/no-engine-per-request
  const customerId = Number(request.nextUrl.searchParams.get('customer'));
  const invoices = await db.invoice.findMany({ where: { customerId }, orderBy: { issuedAt: 'desc' } });
  return NextResponse.json(invoices);
}

export async function POST(request: NextRequest) {
  const body = (await request.json()) as { customerId: number; lines: { sku: string; amount: number }[] };
  const invoice = await prisma.$transaction(async (tx) => {
    lastTransaction = tx; // expect: pgbouncer/no-session-across-boundary
    const created = await tx.invoice.create({ data: { customerId: body.customerId } });
    await tx.invoiceLine.createMany({ data: body.lines.map((line) => ({ ...line, invoiceId: created.id })) });
    return created;
  });
  return NextResponse.json(invoice, { status: 201 });
}

export async function PATCH(request: NextRequest) {
  const { id, note } = (await request.json()) as { id: number; note: string };
  const updated = await prisma.$transaction(async (tx) => {
    const current = tx;
    await current.invoice.update({ where: { id }, data: { note } });
    return tx.invoice.findUnique({ where: { id } });
  });
  return NextResponse.json(updated);
}

export function debugTransaction() {
  return lastTransaction !== undefined;
}
