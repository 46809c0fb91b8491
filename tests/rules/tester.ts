import path from 'node:path';
import { RuleTester, type InvalidTestCase, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type AnyRule = TSESLint.RuleModule<string, readonly unknown[]>;

/**
 * A RuleTester that also checks every suggestion of every invalid case: its output parses (the
 * RuleTester does that), and linting the output again reports the problem it was offered for one
 * time less — a suggestion that leaves its own report behind, or re-offers itself, is a defect.
 */
class SuggestionCheckingRuleTester extends RuleTester {
  constructor(private readonly languageOptions: Linter.Config['languageOptions']) {
    super({ languageOptions: languageOptions as never });
  }

  override run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: TSESLint.RuleModule<MessageIds, Options>,
    tests: RunTests<MessageIds, Options>,
  ): void {
    super.run(name, rule, tests);
    const cases = tests.invalid.filter((test) => test.errors.some((error) => (error.suggestions ?? []).some((suggestion) => suggestion.output !== undefined)));
    if (cases.length === 0) {
      return;
    }
    describe(`${name}: suggestions resolve their report`, () => {
      for (const test of cases) {
        it(test.name ?? test.code.split('\n').slice(0, 3).join(' ').slice(0, 100), () => {
          const count = (code: string, messageId: string) => this.lint(rule as unknown as AnyRule, test as never, code).filter((message) => message.messageId === messageId).length;
          for (const error of test.errors) {
            for (const suggestion of error.suggestions ?? []) {
              if (suggestion.output === undefined || error.messageId === undefined) continue;
              const before = count(test.code, error.messageId);
              expect(count(suggestion.output, error.messageId), `after "${suggestion.messageId}":\n${suggestion.output}`).toBeLessThan(before);
            }
          }
        });
      }
    });
  }

  private lint(rule: AnyRule, test: InvalidTestCase<string, readonly unknown[]>, code: string): Linter.LintMessage[] {
    const filename = test.filename ?? 'file.ts';
    // Absolute paths outside the working directory match no config unless the linter's cwd holds them.
    const linter = new Linter({ configType: 'flat', cwd: path.isAbsolute(filename) ? path.parse(filename).root : process.cwd() });
    const config: Linter.Config = {
      files: ['**/*.*'],
      languageOptions: { ...this.languageOptions, ...(test.languageOptions as object) },
      plugins: { test: { rules: { rule: rule as never } } },
      rules: { 'test/rule': ['error', ...(test.options ?? [])] as Linter.RuleEntry },
      settings: (test.settings ?? {}) as never,
    };
    return linter.verify(code, [config], filename);
  }
}

/** TypeScript files through typescript-eslint's parser (the default for cases). */
export const ruleTester = new SuggestionCheckingRuleTester({
  parser: tseslint.parser as Linter.Parser,
  parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
});

/** Plain JavaScript through ESLint's default parser (espree), as ESM. */
export const jsRuleTester = new SuggestionCheckingRuleTester({
  parser: require('espree'),
  parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
});

/** Plain JavaScript through ESLint's default parser, as CommonJS. */
export const cjsRuleTester = new SuggestionCheckingRuleTester({
  parser: require('espree'),
  sourceType: 'commonjs',
  parserOptions: { ecmaVersion: 'latest' },
});
