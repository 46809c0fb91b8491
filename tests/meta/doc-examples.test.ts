import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';

/**
 * The examples in the rule pages never rot: every code block under a "❌" heading is reported by
 * the page's rule, every block under a "✅" heading is silent, and none fails to parse.
 */
const docsDir = path.join(__dirname, '..', '..', 'docs', 'rules');

interface Block {
  lang: string;
  code: string;
  section: 'bad' | 'good' | 'other';
  line: number;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: Block[] = [];
  let section: Block['section'] = 'other';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{2,4} /.test(line)) {
      section = line.includes('❌') ? 'bad' : line.includes('✅') ? 'good' : /^## /.test(line) ? 'other' : section;
      continue;
    }
    const open = /^```(\w+)/.exec(line);
    if (open) {
      const start = i + 1;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) {
        body.push(lines[i]);
      }
      blocks.push({ lang: open[1], code: body.join('\n'), section, line: start });
    }
  }
  return blocks.filter((block) => ['ts', 'tsx', 'js', 'mjs', 'cjs'].includes(block.lang) && block.section !== 'other');
}

const linter = new Linter({ configType: 'flat' });

describe.each(readdirSync(docsDir).filter((file) => file.endsWith('.md')))('docs/rules/%s', (file) => {
  const ruleId = `pgbouncer/${file.replace(/\.md$/, '')}`;
  const blocks = blocksOf(path.join(docsDir, file));

  it('has incorrect and correct examples', () => {
    expect(blocks.some((block) => block.section === 'bad')).toBe(true);
    expect(blocks.some((block) => block.section === 'good')).toBe(true);
  });

  it.each(blocks.map((block) => [block.line, block] as const))('example at line %i behaves as documented', (_line, block) => {
    const ts = block.lang === 'ts' || block.lang === 'tsx';
    const commonjs = block.lang === 'cjs' || (block.lang === 'js' && /\brequire\(/.test(block.code) && !/^\s*import /m.test(block.code));
    const messages = linter.verify(
      block.code,
      [
        {
          files: ['**/*.*'],
          languageOptions: ts ? { parser: tseslint.parser as Linter.Parser } : { ecmaVersion: 'latest', sourceType: commonjs ? 'commonjs' : 'module' },
        },
        { files: ['**/*.*'], ...plugin.configs.all, plugins: { pgbouncer: plugin as never } },
      ],
      `src/example-${block.line}.${ts ? 'ts' : commonjs ? 'cjs' : 'mjs'}`,
    );
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const own = messages.filter((message) => message.ruleId === ruleId);
    if (block.section === 'bad') {
      expect(own.length).toBeGreaterThan(0);
    } else {
      expect(own.map((message) => `${message.line}: ${message.message}`)).toEqual([]);
    }
  });
});
