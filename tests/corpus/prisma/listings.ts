import { Prisma, PrismaClient } from '@prisma/client';

export const dbWrite = new PrismaClient({
  datasourceUrl: 'postgresql://market@pgbouncer.internal:6432/market?pgbouncer=true&application_name=market-api',
});

type Tx = Prisma.TransactionClient;

// Service functions take their arguments as one object, the transaction among them when the caller has one.
export async function touchListing({ id, tx }: { id: number; tx?: Tx }) {
  const db = tx ?? dbWrite;
  await db.listing.update({ where: { id }, data: { touchedAt: new Date() } });
}

export async function removeBids({ listingId, tx: client }: { listingId: number; tx?: Tx }) {
  await (client ?? dbWrite).bid.deleteMany({ where: { listingId } });
}

export async function recordEvent({ listingId, kind, tx }: { listingId: number; kind: string; tx?: Tx }) {
  const db = tx ?? dbWrite;
  await db.listingEvent.create({ data: { listingId, kind } });
}

export async function publishListing(id: number) {
  await dbWrite.$transaction(async (tx) => {
    await tx.listing.update({ where: { id }, data: { status: 'published' } });
    await touchListing({ id, tx });
    await recordEvent({ listingId: id, kind: 'published', tx });
  });
}

export async function withdrawListing(id: number, reason: string) {
  await dbWrite.$transaction(async (tx) => {
    await tx.listing.update({ where: { id }, data: { status: 'withdrawn', reason } });
    await removeBids({ listingId: id }); // expect: pgbouncer/no-outer-client-in-transaction
    await recordEvent({ listingId: id, kind: 'withdrawn', tx });
  });
}

export async function relistListing(id: number, options: { tx?: Tx }) {
  // An options object handed through: it may carry the caller's transaction.
  await touchListing({ id, ...options });
  await dbWrite.$transaction(async (trx) => {
    await trx.listing.update({ where: { id }, data: { status: 'published' } });
    await removeBids({ listingId: id, tx: trx });
  });
  // After the transaction: the fallback is right.
  await touchListing({ id });
}
