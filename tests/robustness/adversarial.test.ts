import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { classifySql } from '../../lib/analysis/sql';
import { urlParameters } from '../../lib/analysis/config';

/**
 * Megabyte-sized and adversarial inputs through every rule and every text scanner: long runs of
 * quotes, dashes, comment openers, dollar quotes, whitespace and URL separators. A scanner or
 * regular expression that backtracks would make these hang (the test timeout is the only clock;
 * speed is measured by `npm run bench`).
 */
const MB = 1 << 20;
const runs = ["'", '"', '-', '/*', '*/', '$$', '$a$', '\\', ';', '(', ' ', '\n', '?', '&', '=', '`'];

const linter = new Linter({ configType: 'flat' });
const rules = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`pgbouncer/${id}`, 'error' as const]));
const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser }, plugins: { pgbouncer: plugin as never }, rules }];

function lint(code: string): Linter.LintMessage[] {
  return linter.verify(code, config, 'src/adversarial.ts');
}

describe('adversarial inputs', () => {
  it.each(runs)('the SQL classifier takes a megabyte of %j', (run) => {
    const text = run.repeat(Math.ceil(MB / run.length));
    expect(() => classifySql(`SELECT ${text}`)).not.toThrow();
    expect(() => classifySql({ parts: [`SET x = ${text}`, text], holesAreValues: false })).not.toThrow();
  });

  it.each(runs)('URL parameters of a megabyte of %j', (run) => {
    expect(() => urlParameters(`postgres://h/db?${run.repeat(Math.ceil(MB / run.length))}`)).not.toThrow();
  });

  it('every rule on a megabyte of SQL sent through a pool', () => {
    const sql = "SET search_path TO '".repeat(20_000) + '/* -- $$ '.repeat(20_000);
    const code = `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() {\n  await pool.query(${JSON.stringify(sql)});\n}\n`;
    const messages = lint(code);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  }, 60_000);

  it('every rule on a file of many quoted strings, whitespace runs and comments', () => {
    const lines = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      `const quotes = ${JSON.stringify("'".repeat(MB / 4))};`,
      `const spaces = ${JSON.stringify(' '.repeat(MB / 4) + 'x')};`,
      `/* ${'/* '.repeat(MB / 16)} */`,
      `// ${'-'.repeat(MB / 8)}`,
      `const specifiers = [${Array.from({ length: 20_000 }, (_, i) => `'@x/${'a'.repeat(i % 300)}'`).join(', ')}];`,
      'export async function g() {',
      '  const client = await pool.connect();',
      "  await client.query('BEGIN');",
      `  ${'await client.query(quotes);\n  '.repeat(2_000)}`,
      "  await client.query('COMMIT');",
      '  client.release();',
      '}',
    ];
    const messages = lint(lines.join('\n'));
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  }, 60_000);
});
