'use strict';

const express = require('express');
const pgp = require('pg-promise')();

const db = pgp({ connectionString: process.env.DATABASE_URL, application_name: 'blog-api' });

const router = express.Router();

router.post('/posts/:id/archive', async (req, res) => {
  const id = Number(req.params.id);
  await db.tx(async (t) => {
    await t.none('insert into archived_posts select * from posts where id = $1', [id]);
    await db.none('delete from posts where id = $1', [id]); // expect: pgbouncer/no-outer-client-in-transaction
  });
  res.sendStatus(204);
});

router.post('/posts/:id/archive-v2', async (req, res) => {
  const id = Number(req.params.id);
  await db.tx(async (t) => {
    await t.none('insert into archived_posts select * from posts where id = $1', [id]);
    await t.none('delete from posts where id = $1', [id]);
  });
  res.sendStatus(204);
});

router.post('/posts/:id/move', async (req, res) => {
  const id = Number(req.params.id);
  const { categoryId } = req.body;
  await db.tx(async (t) => {
    await t.none('update posts set category_id = $1 where id = $2', [categoryId, id]);
    await db.tx(async (t2) => t2.none('update categories set post_count = post_count + 1 where id = $1', [categoryId])); // expect: pgbouncer/no-nested-transaction
    void t.none('insert into post_events (post_id, kind) values ($1, $2)', [id, 'moved']); // expect: pgbouncer/no-session-across-boundary
  });
  res.sendStatus(204);
});

router.post('/posts/:id/move-v2', async (req, res) => {
  const id = Number(req.params.id);
  const { categoryId } = req.body;
  await db.tx(async (t) => {
    await t.none('update posts set category_id = $1 where id = $2', [categoryId, id]);
    await t.tx(async (t2) => t2.none('update categories set post_count = post_count + 1 where id = $1', [categoryId]));
    await t.none('insert into post_events (post_id, kind) values ($1, $2)', [id, 'moved']);
  });
  res.sendStatus(204);
});

router.post('/posts/:id/touch', async (req, res) => {
  const sco = await db.connect(); // expect: pgbouncer/release-connection
  await sco.none('update posts set touched_at = now() where id = $1', [Number(req.params.id)]);
  sco.done();
  res.sendStatus(204);
});

router.post('/posts/:id/touch-v2', async (req, res) => {
  const sco = await db.connect();
  try {
    await sco.none('update posts set touched_at = now() where id = $1', [Number(req.params.id)]);
  } finally {
    sco.done();
  }
  res.sendStatus(204);
});

router.get('/posts', async (_req, res) => {
  res.json(await db.task(async (t) => t.any('select id, title from posts order by id desc limit 20')));
});

module.exports = router;
