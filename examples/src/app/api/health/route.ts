import { NextResponse } from 'next/server';
import { prisma } from '../../../db';

export const dynamic = 'force-dynamic';

export async function GET() {
  const startedAt = performance.now();
  try {
    await prisma.$queryRaw`SELECT 1`;
    return NextResponse.json({
      status: 'ok',
      database: { latencyMs: Math.round(performance.now() - startedAt) },
    });
  } catch (err) {
    console.error('[health] database check failed', err);
    return NextResponse.json({ status: 'degraded', database: { error: 'unreachable' } }, { status: 503 });
  }
}
