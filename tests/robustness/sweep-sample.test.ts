import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
// @ts-expect-error: a plain ESM script shared with `npm run sweep`
import { lintForRobustness } from '../../scripts/sweep-lib.mjs';

/**
 * A deterministic sample of `npm run sweep`: every rule over 400 files spread across node_modules
 * (every syntax shape the ecosystem ships). The full sweep runs as a script.
 */
const root = path.join(__dirname, '..', '..');
const EXTENSIONS = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

function allFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) allFiles(file, out);
    else if (entry.isFile() && EXTENSIONS.test(entry.name) && !entry.name.startsWith('.')) out.push(file);
  }
  return out;
}

describe('robustness sweep (sample)', () => {
  it('lints for real: the demo service has findings through the sweep harness', async () => {
    for (const file of ['examples/src/routes/users.ts', 'examples/src/lambda/export.js']) {
      const result = (await lintForRobustness(path.join(root, file), plugin)) as { findings: number; failure?: string };
      expect(result.failure).toBeUndefined();
      expect(result.findings).toBeGreaterThan(0);
    }
  });

  it('no rule throws on a sample of node_modules', async () => {
    const files = allFiles(path.join(root, 'node_modules')).sort();
    const step = Math.max(1, Math.floor(files.length / 400));
    const sample = files.filter((_, i) => i % step === 0);
    expect(sample.length).toBeGreaterThan(200);
    const failures: string[] = [];
    for (const file of sample) {
      const result = (await lintForRobustness(file, plugin)) as { failure?: string };
      if (result.failure) failures.push(`${path.relative(root, file)}\n${result.failure}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
