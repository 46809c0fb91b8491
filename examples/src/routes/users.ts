import express from 'express';
import { Pool } from 'pg';
import { pool } from '../db';

const router = express.Router();

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  created_at: Date;
}

interface AuditEventRow {
  id: string;
  action: string;
  actor_id: string | null;
  occurred_at: Date;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

router.get('/users/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query<UserRow>(
      'SELECT id, email, display_name, created_at FROM users WHERE id = $1 AND deleted_at IS NULL',
      [req.params.id],
    );
    if (rows.length === 0) {
      res.status(404).json({ error: 'user_not_found' });
      return;
    }
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.get('/users/:id/audit', async (req, res, next) => {
  const auditDb = new Pool({
    connectionString: process.env.AUDIT_DATABASE_URL,
    application_name: 'ledger-api-audit',
  });
  try {
    const limit = Math.min(Number(req.query.limit ?? 50), 500);
    const { rows } = await auditDb.query<AuditEventRow>(
      `SELECT id, action, actor_id, occurred_at
         FROM audit_events
        WHERE subject_id = $1
        ORDER BY occurred_at DESC
        LIMIT $2`,
      [req.params.id, limit],
    );
    res.json({ items: rows });
  } catch (err) {
    next(err);
  } finally {
    await auditDb.end();
  }
});

router.patch('/users/:id/email', express.json(), async (req, res, next) => {
  const { email } = req.body as { email?: string };
  if (!email || !EMAIL_PATTERN.test(email)) {
    res.status(400).json({ error: 'invalid_email' });
    return;
  }
  try {
    const client = await pool.connect();
    const { rows } = await client.query<UserRow>(
      `UPDATE users SET email = $1, email_verified_at = NULL, updated_at = now()
        WHERE id = $2 AND deleted_at IS NULL
        RETURNING id, email, display_name, created_at`,
      [email.toLowerCase(), req.params.id],
    );
    await client.query('INSERT INTO email_verifications (user_id, email) VALUES ($1, $2)', [
      req.params.id,
      email.toLowerCase(),
    ]);
    client.release();
    if (rows.length === 0) {
      res.status(404).json({ error: 'user_not_found' });
      return;
    }
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.delete('/users/:id', async (req, res, next) => {
  const userId = req.params.id;
  try {
    await pool.query('BEGIN');
    await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    await pool.query('DELETE FROM api_tokens WHERE user_id = $1', [userId]);
    await pool.query(
      "UPDATE users SET deleted_at = now(), email = concat('deleted+', id, '@invalid') WHERE id = $1",
      [userId],
    );
    await pool.query('COMMIT');
    res.status(204).end();
  } catch (err) {
    await pool.query('ROLLBACK');
    next(err);
  }
});

export default router;
