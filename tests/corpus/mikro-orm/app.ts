import express from 'express';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import config from './mikro-orm.config';

export async function createApp() {
  const orm = await MikroORM.init(config);
  const app = express();

  app.use((_req, _res, next) => RequestContext.create(orm.em, next));

  app.get('/authors/:id', async (req, res) => {
    const em = orm.em.fork();
    res.json(await em.findOne('Author', Number(req.params.id)));
  });

  return app;
}

export const legacy = express.Router();

legacy.get('/books/:id', async (req, res) => {
  const orm = await MikroORM.init(config); // expect: pgbouncer/no-engine-per-request
  const book = await orm.em.fork().findOne('Book', Number(req.params.id));
  res.json(book);
});
