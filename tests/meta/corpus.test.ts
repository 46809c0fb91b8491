import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../index';

/**
 * The labelled corpus (tests/corpus/, `// expect: pgbouncer/<rule>` markers) scored against the
 * sources: no rule may lose a true positive or gain a false positive or false negative compared
 * with tests/corpus/baseline.json. When a rule improves, record the new figures with
 * `npm run build && node scripts/eval.mjs --write-baseline`.
 */
// scripts/eval-lib.mjs is an ES module and this package is CommonJS: load it with import().
const loadEvalLib = () => import('../../scripts/eval-lib.mjs');
type EvalLib = Awaited<ReturnType<typeof loadEvalLib>>;

describe('labelled corpus', () => {
  let lib: EvalLib;
  let result: ReturnType<EvalLib['evaluate']>;

  beforeAll(async () => {
    lib = await loadEvalLib();
    result = lib.evaluate({ plugin });
  });

  it('lints every corpus file without parse errors or malformed markers', () => {
    expect(result.problems).toEqual([]);
    expect(result.files).toBeGreaterThanOrEqual(36);
  });

  it('does not regress against tests/corpus/baseline.json', () => {
    const baseline = JSON.parse(readFileSync(path.join(lib.defaultCorpusDir, 'baseline.json'), 'utf8')) as Parameters<EvalLib['regressionsAgainst']>[1];
    const regressions = lib.regressionsAgainst(result, baseline);
    if (regressions.length > 0) {
      const message = [
        'The corpus evaluation regressed:',
        ...regressions.map((regression) => `- ${regression}`),
        '',
        'Fix the rule, or, if the corpus expectation is wrong, fix the `// expect:` marker.',
        'If a rule got better, record it: npm run build && node scripts/eval.mjs --write-baseline',
        '',
        lib.formatReport(result),
      ].join('\n');
      expect.fail(message);
    }
  });

  it('covers every rule with at least four expected reports', () => {
    for (const rule of Object.keys(plugin.configs.all.rules)) {
      expect(result.rules[rule]?.expected ?? 0, rule).toBeGreaterThanOrEqual(4);
    }
  });
});
