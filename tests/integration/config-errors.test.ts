import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPlugin, tempProject, type TempProject } from './project';

/**
 * Configuration mistakes, met the way users meet them: `eslint` (the ESLint class behind the CLI
 * and editors) loading an eslint.config.js, fails with an error that names the bad key.
 */
const plugin = require(builtPlugin);
const ruleIds = Object.keys(plugin.rules);

let project: TempProject;
let configs = 0;

beforeAll(() => {
  project = tempProject('config-errors', { 'src/db.js': "import { Pool } from 'pg';\nexport const pool = new Pool({ application_name: 'api' });\n" });
});

afterAll(() => project.remove());

/**
 * Lint src/db.js with the transaction-pooling preset plus `extra`, written into a config file of
 * its own (ESLint caches a config module by path and modification time).
 */
async function lintWith(extra: unknown): Promise<void> {
  const config = project.write(
    `eslint.config.${++configs}.mjs`,
    `import pgbouncer from ${JSON.stringify(builtPlugin)};\nexport default [pgbouncer.configs['transaction-pooling'], ${JSON.stringify(extra)}];\n`,
  );
  const eslint = new ESLint({ cwd: project.dir, overrideConfigFile: config });
  await eslint.lintFiles(['src/db.js']);
}

/** A near miss of a real option name: its last letter dropped. */
const misspell = (name: string) => name.slice(0, -1);

describe('rule option typos', () => {
  it.each(ruleIds)('%s names the misspelt option', async (id) => {
    const schema = plugin.rules[id].meta.schema as Array<{ properties?: Record<string, unknown> }>;
    const first = Object.keys(schema[0]?.properties ?? {})[0];
    if (first) {
      const typo = misspell(first);
      await expect(lintWith({ rules: { [`pgbouncer/${id}`]: ['error', { [typo]: true }] } })).rejects.toThrow(
        new RegExp(`Key "pgbouncer/${id}":[\\s\\S]*should NOT have additional properties[\\s\\S]*Unexpected property "${typo}"`),
      );
    } else {
      // a rule without options rejects any: there is no key to name, ESLint names the rule
      await expect(lintWith({ rules: { [`pgbouncer/${id}`]: ['error', { typeAware: true }] } })).rejects.toThrow(
        new RegExp(`Key "pgbouncer/${id}":[\\s\\S]*should NOT have more than 0 items`),
      );
    }
  });

  it('names a misspelt key inside an option array item', async () => {
    await expect(
      lintWith({ rules: { 'pgbouncer/no-engine-per-request': ['error', { additionalEngines: [{ modul: 'my-db', name: 'createDb' }] }] } }),
    ).rejects.toThrow(/Key "pgbouncer\/no-engine-per-request":[\s\S]*Unexpected property "modul"/);
  });
});

describe('settings.pgbouncer typos', () => {
  it.each([
    [{ pgbouncer: { poolr: { mode: 'transaction' } } }, 'invalid settings.pgbouncer.poolr: unknown key (expected "modules", "pooler" or "facts")'],
    [{ pgbouncer: { pooler: { preparedStatement: true } } }, 'invalid settings.pgbouncer.pooler.preparedStatement: unknown key'],
    [{ pgbouncer: { pooler: { mode: 'transacton' } } }, 'invalid settings.pgbouncer.pooler.mode: expected one of'],
    [{ pgbouncer: { modules: { '~/db': { db: 'prisma:PrismaClinet' } } } }, 'invalid settings.pgbouncer.modules["~/db"].db: unknown shape "prisma:PrismaClinet"'],
    [{ pgbouncer: { modules: { '~/db': { createDb: { createsEngin: true } } } } }, 'invalid settings.pgbouncer.modules["~/db"].createDb.createsEngin: unknown key'],
    [{ pgbouncer: { modules: { '~/db': { db: 'constructor' } } } }, 'invalid settings.pgbouncer.modules["~/db"].db: expected a shape such as "pg:Pool" or a role'],
  ])('%j fails naming the key', async (settings, error) => {
    await expect(lintWith({ settings })).rejects.toThrow(error);
  });
});
