import express from 'express';
import usersRouter from './routes/users';
import { closeDatabases } from './db';
import { closeTenantPools } from './lib/tenant-cache';

const app = express();
app.disable('x-powered-by');
app.use('/api', usersRouter);

app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  console.error('[api] unhandled error', err);
  res.status(500).json({ error: 'internal_error' });
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`ledger-api listening on :${port}`);
});

async function shutdown(signal: string): Promise<void> {
  console.log(`received ${signal}, draining`);
  server.close();
  await Promise.allSettled([closeDatabases(), closeTenantPools()]);
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
