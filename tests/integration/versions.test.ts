import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Linter as Linter9 } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { builtPlugin, finding, root, typedLintScript } from './project';

/**
 * The built plugin under every supported ESLint major (9 from `eslint`, 10 from the `eslint-v10`
 * alias) and TypeScript 6.0 (the `typescript-v6` alias) for typed linting.
 */
const { Linter: Linter10 } = require('eslint-v10') as { Linter: typeof Linter9 };
const plugin = require(builtPlugin);

interface Block {
  page: string;
  lang: string;
  code: string;
  line: number;
}

/** Every incorrect (❌) and correct (✅) example of every rule page. */
function examples(): Block[] {
  const blocks: Block[] = [];
  const docs = path.join(root, 'docs', 'rules');
  for (const page of readdirSync(docs).filter((file) => file.endsWith('.md'))) {
    const lines = readFileSync(path.join(docs, page), 'utf8').split('\n');
    let example = false;
    for (let i = 0; i < lines.length; i++) {
      if (/^#{2,4} /.test(lines[i])) {
        example = /[❌✅]/.test(lines[i]) || (!/^## /.test(lines[i]) && example);
        continue;
      }
      const open = /^```(ts|tsx|js|mjs|cjs)\s*$/.exec(lines[i]);
      if (open) {
        const start = i + 1;
        const body: string[] = [];
        for (i++; i < lines.length && !lines[i].startsWith('```'); i++) {
          body.push(lines[i]);
        }
        if (example) {
          blocks.push({ page, lang: open[1], code: body.join('\n'), line: start });
        }
      }
    }
  }
  return blocks;
}

function lint(LinterClass: typeof Linter9, block: Block) {
  const ts = block.lang === 'ts' || block.lang === 'tsx';
  const commonjs = block.lang === 'cjs' || (block.lang === 'js' && /\brequire\(/.test(block.code) && !/^\s*import /m.test(block.code));
  const linter = new LinterClass({ configType: 'flat' });
  return linter
    .verify(
      block.code,
      [
        { files: ['**/*.*'], languageOptions: ts ? { parser: tseslint.parser as Linter9.Parser } : { ecmaVersion: 'latest', sourceType: commonjs ? 'commonjs' : 'module' } },
        { files: ['**/*.*'], ...plugin.configs.all },
      ],
      `src/example.${ts ? 'ts' : commonjs ? 'cjs' : 'mjs'}`,
    )
    .map(finding);
}

describe('ESLint 10', () => {
  it('runs the ESLint 10 the alias provides', () => {
    expect(new Linter10().version).toMatch(/^10\./);
    expect(new Linter9().version).toMatch(/^9\./);
  });

  it('gives the same findings as ESLint 9 on every rule documentation example', () => {
    const blocks = examples();
    expect(new Set(blocks.map((block) => block.page)).size).toBe(Object.keys(plugin.rules).length);
    expect(blocks.length).toBeGreaterThan(60);
    let findings = 0;
    for (const block of blocks) {
      const nine = lint(Linter9, block);
      expect(nine.filter((message) => message.ruleId === null), `${block.page}:${block.line} parses`).toEqual([]);
      expect(lint(Linter10, block), `${block.page}:${block.line}`).toEqual(nine);
      findings += nine.length;
    }
    expect(findings).toBeGreaterThan(60);
  });

  it('uses no rule-context or source-code API that ESLint 10 removed', () => {
    const removed = [
      // context methods deprecated in ESLint 9 and removed in 10, with their replacements
      /\bcontext\.(getScope|getAncestors|getDeclaredVariables|markVariableAsUsed|getSourceCode|getFilename|getPhysicalFilename|getCwd)\b/,
      /\bcontext\.(parserServices|parserOptions|parserPath)\b/, // → context.sourceCode.parserServices, context.languageOptions
      /\b(sourceCode|getSourceCode\(\))\.(getComments|getTokenOrCommentBefore|getTokenOrCommentAfter|isSpaceBetweenTokens|getJSDocComment)\b/,
      /\bcontext\.languageOptions\.parserOptions\.ecmaFeatures\b/,
    ];
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(file);
        } else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((text, index) => {
              if (removed.some((pattern) => pattern.test(text))) {
                offenders.push(`${path.relative(root, file)}:${index + 1}: ${text.trim()}`);
              }
            });
        }
      }
    };
    for (const dir of ['rules', 'lib', 'dist']) {
      walk(path.join(root, dir));
    }
    expect(offenders).toEqual([]);
  });
});

describe('TypeScript 6.0', () => {
  const run = (typescript?: string) => {
    const child = spawnSync(process.execPath, ['-e', typedLintScript('recommended-type-checked', typescript)], { cwd: root, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    return JSON.parse(child.stdout) as { version: string; loaded: string[]; messages: Parameters<typeof finding>[0][] };
  };

  it('typescript-eslint parses with TypeScript 6.0 and the type-checked preset finds the same as with 5.9', () => {
    const six = run('typescript-v6');
    expect(six.version).toMatch(/^6\.0\./);
    // only TypeScript 6 was loaded, so the parser's program came from it
    expect(six.loaded).toEqual([path.join(root, 'node_modules', 'typescript-v6', 'lib', 'typescript.js')]);
    const five = run();
    expect(five.version).toMatch(/^5\./);
    expect(six.messages.map(finding)).toEqual(five.messages.map(finding));
    expect(six.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([['pgbouncer/no-engine-per-request', 2, 51]]);
  });
});
