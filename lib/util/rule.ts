import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra documentation metadata every rule of this plugin declares; presets are generated from it. */
export interface PgBouncerRuleDocs {
  description: string;
  /** In the `recommended` preset (holds whatever the pooler). */
  recommended: boolean;
  /** In the `transaction-pooling` preset only (matters behind a transaction pooler). */
  transactionPooling?: boolean;
  /** The rule has a `typeAware` option that the type-checked preset turns on. */
  typeAware?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-pgbouncer/eslint-plugin-pgbouncer';

/** The one rule creator: docs URL from the rule name, typed options from `create`'s second argument. */
export const createRule = ESLintUtils.RuleCreator<PgBouncerRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
