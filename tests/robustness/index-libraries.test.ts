import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexProject } from '../../lib/project/indexer';
import { root } from '../integration/project';

/**
 * The indexer over real library code (every module shape those packages ship): it never throws,
 * and no module's analysis fails. `npm run sweep` covers the rules over all of node_modules.
 */
describe.each(['pg', 'knex', 'pg-promise', 'drizzle-orm', 'typeorm'])('pgbouncer-lint index on node_modules/%s', (pkg) => {
  it('indexes without a failure', () => {
    const index = indexProject({ cwd: path.join(root, 'node_modules', pkg), cache: false });
    expect(index.stats.files).toBeGreaterThan(0);
    expect(index.failures).toEqual([]);
  });
});
