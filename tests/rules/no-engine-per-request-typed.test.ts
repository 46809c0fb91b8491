import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-engine-per-request';
import './tester';

const typedTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: path.join(__dirname, '..', 'fixtures', 'typed'),
    },
  },
});

typedTester.run('no-engine-per-request (typeAware)', rule, {
  valid: [
    // types never remove what syntax proves, and add nothing where nothing is built
    {
      code: `import { shared } from './db';
export const handler = async () => (await shared.query('select 1')).rows;`,
      options: [{ typeAware: true }],
    },
    // without typeAware, a subclass defined in another file is not known
    {
      code: `import { AppPool } from './db';
export const handler = async () => { const pool = new AppPool(); return pool.query('select 1'); };`,
    },
  ],
  invalid: [
    {
      code: `import { AppPool } from './db';
export const handler = async () => { const pool = new AppPool(); return pool.query('select 1'); };`,
      options: [{ typeAware: true }],
      errors: [
        {
          messageId: 'perRequest',
          line: 2,
          column: 51,
          data: { construction: '`new AppPool()`', engine: 'pg Pool', handler: 'the AWS Lambda handler `handler`', unit: 'request', fn: '' },
          suggestions: [
            {
              messageId: 'suggestHoist',
              data: { engine: 'pg Pool', name: 'pool' },
              output: `import { AppPool } from './db';
const pool = new AppPool();

export const handler = async () => { return pool.query('select 1'); };`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Pool } from 'pg';
export const handler = async () => { const pool = new Pool(); return pool.query('select 1'); };`,
      options: [{ typeAware: true }],
      errors: [{ messageId: 'perRequest', line: 2, column: 51, suggestions: [{ messageId: 'suggestHoist', output: `import { Pool } from 'pg';
const pool = new Pool();

export const handler = async () => { return pool.query('select 1'); };` }] }],
    },
  ],
});
