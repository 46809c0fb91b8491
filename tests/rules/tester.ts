import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** TypeScript files through typescript-eslint's parser (the default for cases). */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

/** Plain JavaScript through ESLint's default parser (espree), as ESM. */
export const jsRuleTester = new RuleTester({
  languageOptions: {
    parser: require('espree'),
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

/** Plain JavaScript through ESLint's default parser, as CommonJS. */
export const cjsRuleTester = new RuleTester({
  languageOptions: {
    parser: require('espree'),
    sourceType: 'commonjs',
    parserOptions: { ecmaVersion: 'latest' },
  },
});
