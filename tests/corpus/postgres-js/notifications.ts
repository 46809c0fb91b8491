import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { prepare: false, connection: { application_name: 'notifier' } });

// A direct (non-pooled) connection for LISTEN.
const listenSql = postgres(process.env.DATABASE_URL_UNPOOLED!, { max: 1, prepare: false, connection: { application_name: 'notifier-listen' } });

export async function subscribe(onMessage: (payload: string) => void) {
  await sql.listen('order_events', onMessage); // expect: pgbouncer/no-session-state
}

export async function subscribeDirect(onMessage: (payload: string) => void) {
  await listenSql.listen('order_events', onMessage);
}

export async function publish(payload: string) {
  await sql`select pg_notify('order_events', ${payload})`;
}

export async function markAllRead(userId: number) {
  await sql`begin`; // expect: pgbouncer/balanced-transaction
  await sql`update notifications set read_at = now() where user_id = ${userId}`;
  await sql`commit`;
}

export async function markAllReadCorrectly(userId: number) {
  await sql.begin(async (tx) => {
    await tx`update notifications set read_at = now() where user_id = ${userId}`;
    await tx`insert into notification_events (user_id, kind) values (${userId}, 'read-all')`;
  });
}
