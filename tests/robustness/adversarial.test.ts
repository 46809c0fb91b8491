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

  /** A connection whose transaction is begun inside `depth` nested `try … finally` blocks, each releasing it. */
  const nestedFinally = (depth: number) =>
    [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      'export async function f() {',
      '  const c = await pool.connect();',
      `  ${'try { '.repeat(depth)}await c.query('BEGIN');`,
      `  ${' } finally { c.release(); }'.repeat(depth)}`,
      '}',
    ].join('\n');

  it('nested try … finally blocks: the same reports at depth 40 as at depth 2', () => {
    // Each `finally` runs once per way of leaving its block; without merging equal completions they
    // doubled at every level (and overflowed the stack at about 20 levels).
    const reports = (depth: number) => lint(nestedFinally(depth)).map((message) => `${message.ruleId} ${message.line}`);
    // The BEGIN is never ended; the connection is released once per level.
    expect(reports(2)).toEqual(['pgbouncer/balanced-transaction 5', 'pgbouncer/release-connection 6']);
    expect(reports(40)).toEqual(reports(2));
  });

  it('a function beyond the lifecycle solver budget is left unjudged, not a stalled lint', () => {
    // 100 nested try … finally blocks that each may break out of a loop or roll back: the solve
    // gives up on the function.
    const code = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      'export async function f(x: number) {',
      '  const c = await pool.connect();',
      '  for (;;) {',
      `    ${'try { if (x) break; '.repeat(100)}await c.query('BEGIN');`,
      `    ${" } finally { if (x) await c.query('ROLLBACK'); c.release(); }".repeat(100)}`,
      '  }',
      '}',
    ].join('\n');
    const messages = lint(code);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.filter((message) => message.ruleId === 'pgbouncer/balanced-transaction')).toEqual([]);
  });

  it.each([
    ['aliases', (i: number) => `const a${i} = a${i - 1};`, (n: number) => `export const f = () => a${n}.query('SET x TO 1');`, "const a0 = new Pool();"],
    ['class fields', (i: number) => `  p${i} = this.p${i - 1};`, (n: number) => `  m() { return this.p${n}.query('SET x TO 1'); }\n}`, 'export class S {\n  p0 = new Pool();'],
  ])('3,000 %s in a row: no stack overflow', (_, line, use, first) => {
    // Each alias is followed to its definition; past a depth no real code reaches, the value is unknown.
    const code = ["import { Pool } from 'pg';", first, ...Array.from({ length: 3000 }, (__, i) => line(i + 1)), use(3000)].join('\n');
    expect(lint(code).filter((message) => message.fatal)).toEqual([]);
  });
});
