import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A file of a package that depends on @fastify/postgres, whose route files read `fastify.pg`
 * without importing the plugin. The package is written to a temporary directory: some rules skip
 * test files, and every path under tests/ looks like one.
 */
export function fastifyPostgresPackage(): (file: string) => string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgbouncer-fastify-postgres-'));
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'orders-api', private: true, dependencies: { '@fastify/postgres': '^6.0.1', fastify: '^5.2.0', pg: '^8.13.1' } }),
  );
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return (file) => path.join(root, file);
}
