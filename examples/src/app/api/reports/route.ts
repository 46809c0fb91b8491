import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';

export const dynamic = 'force-dynamic';

const MONTH_PATTERN = /^\d{4}-\d{2}$/;

export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const month = searchParams.get('month') ?? new Date().toISOString().slice(0, 7);
  if (!MONTH_PATTERN.test(month)) {
    return NextResponse.json({ error: 'month must look like 2024-05' }, { status: 400 });
  }

  const prisma = new PrismaClient();
  try {
    const [revenue, topCustomers] = await Promise.all([
      prisma.invoice.aggregate({
        _sum: { amountCents: true },
        where: { issuedMonth: month, status: 'PAID' },
      }),
      prisma.invoice.groupBy({
        by: ['customerId'],
        _sum: { amountCents: true },
        where: { issuedMonth: month, status: 'PAID' },
        orderBy: { _sum: { amountCents: 'desc' } },
        take: 10,
      }),
    ]);

    return NextResponse.json({
      month,
      revenueCents: revenue._sum.amountCents ?? 0,
      topCustomers: topCustomers.map((row) => ({
        customerId: row.customerId,
        revenueCents: row._sum.amountCents ?? 0,
      })),
    });
  } finally {
    await prisma.$disconnect();
  }
}
