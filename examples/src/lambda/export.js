'use strict';

const postgres = require('postgres');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});

const CSV_HEADER = 'id,customer_id,status,total_cents,currency,placed_at';

function csvField(value) {
  const text = value instanceof Date ? value.toISOString() : String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows) {
  const lines = rows.map((row) =>
    [row.id, row.customer_id, row.status, row.total_cents, row.currency, row.placed_at]
      .map(csvField)
      .join(','),
  );
  return [CSV_HEADER, ...lines].join('\n') + '\n';
}

/**
 * Nightly export of the previous day's orders, triggered by an EventBridge
 * schedule: { "day": "2024-05-31" } (defaults to yesterday, UTC).
 */
exports.handler = async (event) => {
  const day = event && event.day ? event.day : new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const sql = postgres(process.env.DATABASE_URL, {
    max: 1,
    idle_timeout: 20,
    connection: { application_name: 'orders-export' },
  });

  try {
    const rows = await sql`
      SELECT id, customer_id, status, total_cents, currency, placed_at
        FROM orders
       WHERE placed_at >= ${day}::date
         AND placed_at < ${day}::date + interval '1 day'
       ORDER BY placed_at
    `;

    await s3.send(
      new PutObjectCommand({
        Bucket: process.env.EXPORT_BUCKET,
        Key: `orders/${day}.csv`,
        Body: toCsv(rows),
        ContentType: 'text/csv',
      }),
    );

    return { statusCode: 200, body: JSON.stringify({ day, exported: rows.length }) };
  } finally {
    await sql.end({ timeout: 5 });
  }
};
