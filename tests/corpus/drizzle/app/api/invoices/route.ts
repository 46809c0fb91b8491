import { NextResponse } from 'next/server';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { and, eq } from 'drizzle-orm';
import { invoices, invoiceLines, customers } from '../../../schema';

// A connection per call: every request that asks for it opens a new postgres.js pool.
function connect() {
  const client = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'billing' } }); // expect: pgbouncer/no-engine-per-request
  return drizzle(client);
}

// The same factory, built once per process.
let shared: ReturnType<typeof drizzle> | undefined;
function sharedDb() {
  shared ??= drizzle(postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'billing' } }));
  return shared;
}

type Db = ReturnType<typeof sharedDb>;
type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

async function customerOf(id: string, executor: Executor = sharedDb()) {
  const [row] = await executor.select().from(customers).where(eq(customers.id, id));
  return row;
}

async function openInvoiceOf(customerId: string, executor: Executor = sharedDb()) {
  const [row] = await executor
    .select()
    .from(invoices)
    .where(and(eq(invoices.customerId, customerId), eq(invoices.status, 'open')));
  return row;
}

export async function GET(request: Request) {
  const db = connect();
  const id = new URL(request.url).searchParams.get('customer') ?? '';
  return NextResponse.json(await db.select().from(invoices).where(eq(invoices.customerId, id)));
}

export async function POST(request: Request) {
  const { customerId, amount } = (await request.json()) as { customerId: string; amount: number };
  const invoice = await sharedDb().transaction(async (tx) => {
    const customer = await customerOf(customerId, tx);
    const open = await openInvoiceOf(customerId); // expect: pgbouncer/no-outer-client-in-transaction
    const [created] = open
      ? [open]
      : await tx.insert(invoices).values({ customerId: customer.id, status: 'open' }).returning();
    await tx.insert(invoiceLines).values({ invoiceId: created.id, amount });
    return created;
  });
  return NextResponse.json(invoice);
}

export async function PUT(request: Request) {
  const { customerId, amount } = (await request.json()) as { customerId: string; amount: number };
  const invoice = await sharedDb().transaction(async (tx) => {
    const open = await openInvoiceOf(customerId, tx);
    await tx.insert(invoiceLines).values({ invoiceId: open.id, amount });
    return open;
  });
  return NextResponse.json(invoice);
}
