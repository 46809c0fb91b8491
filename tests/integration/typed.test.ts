import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { builtPlugin, TYPED_CODE, typedFixture } from './project';

/**
 * Typed linting the way docs/integrations.md sets it up: typescript-eslint's project service
 * (`parserOptions.projectService: true`) finds tests/fixtures/typed/tsconfig.json for the file,
 * and the `*-type-checked` presets turn on each rule's `typeAware` option.
 */
const plugin = require(builtPlugin);

async function lintWith(preset: string) {
  const eslint = new ESLint({
    cwd: typedFixture,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: typedFixture } } },
      plugin.configs[preset],
    ],
  });
  const [result] = await eslint.lintText(TYPED_CODE, { filePath: path.join(typedFixture, 'file.ts') });
  return result.messages.map((message) => [message.ruleId, message.messageId, message.line, message.column]);
}

describe('typed linting with projectService', () => {
  it('recommended-type-checked reports what only types reveal; recommended does not', async () => {
    expect(await lintWith('recommended')).toEqual([]);
    expect(await lintWith('recommended-type-checked')).toEqual([['pgbouncer/no-engine-per-request', 'perRequest', 2, 51]]);
    expect(await lintWith('all-type-checked')).toEqual([['pgbouncer/no-engine-per-request', 'perRequest', 2, 51]]);
  });

  it('thousands of aliases in a row: the checker overflows, the lint does not', async () => {
    // TypeScript's checker recurses through each alias to type the last one; the oracle then has no type.
    const code = ["import { Pool } from 'pg';", 'export function handler() {', '  const e0 = new Pool();']
      .concat(Array.from({ length: 3000 }, (_, i) => `  const e${i + 1} = e${i};`), ["  return e3000.query('SELECT 1');", '}'])
      .join('\n');
    const eslint = new ESLint({
      cwd: typedFixture,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: typedFixture } } },
        plugin.configs['all-type-checked'],
      ],
    });
    const [result] = await eslint.lintText(code, { filePath: path.join(typedFixture, 'file.ts') });
    expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  });
});
