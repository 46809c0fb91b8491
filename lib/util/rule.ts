import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';

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

/**
 * The one rule creator: docs URL from the rule name, typed options from `create`'s second argument.
 *
 * The same contract as typescript-eslint's `ESLintUtils.RuleCreator`, without its per-file option
 * merge: ESLint (9.15 and later, the plugin's peer range) already merges `meta.defaultOptions`
 * into `context.options` before `create` runs, and RuleCreator's second merge deep-cloned the
 * defaults (`structuredClone`) for every rule on every file — the larger part of what the plugin
 * cost on a file that imports no database library. The defaults ESLint hands over are shared
 * between files: rules read their options and never modify them.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  defaultOptions,
  create,
}: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, PgBouncerRuleDocs>>): TSESLint.RuleModule<MessageIds, Options, PgBouncerRuleDocs> & {
  name: string;
} {
  const defaults = meta.defaultOptions ?? defaultOptions;
  return {
    name,
    meta: {
      ...meta,
      ...(defaults ? { defaultOptions: defaults } : {}),
      docs: { ...meta.docs, url: `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md` },
    },
    defaultOptions,
    create: (context) => create(context, context.options),
  };
}
