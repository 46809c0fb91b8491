import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { creditLedger, users } from '@/db/schema';

// `db` comes from the project's own module; the transaction's handle builds Drizzle's chains.
export async function grantCredits(userId: string, amount: number) {
  await db.transaction(async (tx) => {
    await tx.insert(creditLedger).values({ userId, amount, type: 'grant' });
    await db // expect: pgbouncer/no-outer-client-in-transaction
      .update(users)
      .set({ credits: sql`${users.credits} + ${amount}` })
      .where(eq(users.id, userId));
  });
}

export async function grantCreditsCorrectly(userId: string, amount: number) {
  await db.transaction(async (tx) => {
    await tx.insert(creditLedger).values({ userId, amount, type: 'grant' });
    await tx
      .update(users)
      .set({ credits: sql`${users.credits} + ${amount}` })
      .where(and(eq(users.id, userId)));
  });
}

export async function balance(userId: string) {
  const [row] = await db.select({ credits: users.credits }).from(users).where(eq(users.id, userId));
  return row?.credits ?? 0;
}
