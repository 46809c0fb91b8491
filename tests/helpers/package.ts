import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Files of a package with these dependencies, written to a temporary directory (some rules skip
 * test files, and every path under tests/ looks like one): a function from a path inside the
 * package to its absolute path.
 */
export function packageWith(name: string, dependencies: Record<string, string>): (file: string) => string {
  const root = mkdtempSync(path.join(os.tmpdir(), `pgbouncer-${name}-`));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, private: true, dependencies }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return (file) => path.join(root, file);
}
