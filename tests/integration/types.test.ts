import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, tempProject, type TempProject } from './project';

/**
 * The published types, as a consumer's `eslint.config.ts` (or `.cts`) meets them: the presets go
 * into `defineConfig` from eslint/config and into `tseslint.config` without casts. The consumer
 * project links the built package and the repository's ESLint, typescript-eslint and @types, and is
 * checked with the repository's TypeScript.
 */
let project: TempProject;

/** The `eslint.config.ts` example under "Typed linting" in docs/integrations.md. */
function documentedTypedConfig(): string {
  const text = readFileSync(path.join(root, 'docs', 'integrations.md'), 'utf8');
  const section = text.slice(text.indexOf('\n## Typed linting'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  expect(block?.[1]).toContain('projectService: true');
  return block![1];
}

beforeAll(() => {
  project = tempProject(
    'types',
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
        include: ['*.ts', '*.cts', '*.mts'],
      }),
      'eslint.config.ts': `import { defineConfig } from 'eslint/config';
import pgbouncer from 'eslint-plugin-pgbouncer';

export default defineConfig([
  pgbouncer.configs.recommended,
  pgbouncer.configs['transaction-pooling-type-checked'],
  { settings: { pgbouncer: { pooler: { mode: 'transaction', preparedStatements: true } } } },
]);
`,
      'typed-linting.config.ts': documentedTypedConfig(),
      'typescript-eslint.config.mts': `import pgbouncer from 'eslint-plugin-pgbouncer';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  ...tseslint.configs.recommended,
  pgbouncer.configs.recommended,
  pgbouncer.configs['all-type-checked'],
  { rules: { 'pgbouncer/no-session-state': 'warn' } },
);
`,
      'commonjs.config.cts': `import pgbouncer = require('eslint-plugin-pgbouncer');
import type { Linter } from 'eslint';

const config: Linter.Config[] = [pgbouncer.configs.recommended];
export = config;
`,
      // the checker is really checking: a preset that does not exist is an error
      'negative.ts': `import pgbouncer from 'eslint-plugin-pgbouncer';
// @ts-expect-error -- no such preset
export const missing = pgbouncer.configs.recomended;
export const version: string = pgbouncer.meta.version;
`,
    },
    ['eslint-plugin-pgbouncer', 'eslint', '@eslint', 'typescript-eslint', '@typescript-eslint', '@types', '@humanfs', '@humanwhocodes'],
  );
});

afterAll(() => project.remove());

describe('types for consumers', () => {
  it('type-checks the presets in defineConfig, tseslint.config and a CommonJS config without casts', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: project.dir, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
