import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';

/**
 * Every rule over every JavaScript/TypeScript source of the database libraries installed as dev
 * dependencies: real code full of pools and transactions, in every syntax shape. Not one rule may
 * throw. (Files a parser rejects are parse errors, not rule crashes, and are counted apart.)
 */
const root = path.join(__dirname, '..', '..');
const LIBRARIES = [
  'pg',
  'pg-pool',
  'knex',
  'typeorm',
  'sequelize',
  'kysely',
  'drizzle-orm',
  'postgres',
  'pg-promise',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@mikro-orm/core',
];

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      if (entry !== 'node_modules') {
        sources(file, out);
      }
    } else if (/\.(c|m)?(j|t)s$/.test(entry) && !/\.d\.(c|m)?ts$/.test(entry)) {
      out.push(file);
    }
  }
  return out;
}

describe('robustness over installed database libraries', () => {
  it.each(LIBRARIES)('no rule throws on %s', async (library) => {
    const files = sources(path.join(root, 'node_modules', library));
    expect(files.length).toBeGreaterThan(0);
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.{js,cjs,mjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      { files: ['**/*.{ts,mts,cts}'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
      { files: ['**/*.{js,cjs,mjs,ts,mts,cts}'], plugins: { pgbouncer: plugin as never }, rules: plugin.configs.all.rules },
    ];
    let linted = 0;
    let parseErrors = 0;
    for (const file of files) {
      // Linter#verify throws when a rule throws; a parse error is a fatal message instead.
      const relative = path.relative(root, file).replace(/^node_modules[\\/]/, 'vendor/');
      let messages = linter.verify(readFileSync(file, 'utf8'), config, relative);
      if (messages.some((message) => message.fatal) && relative.endsWith('.js')) {
        // CommonJS sources with `return` at top level or other script-only syntax.
        messages = linter.verify(readFileSync(file, 'utf8'), [...config, { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } }], relative);
      }
      const fatal = messages.filter((message) => message.fatal);
      expect(fatal.filter((message) => !/^Parsing error/.test(message.message))).toEqual([]);
      parseErrors += fatal.length > 0 ? 1 : 0;
      linted++;
    }
    expect(linted).toBe(files.length);
    expect(parseErrors).toBeLessThan(files.length / 10);
  });
});
