import type { ESLint } from 'eslint';
import { rules } from './rules/index';
import { packageInfo } from './lib/util/package-info';

const { name, version } = packageInfo();

type RuleId = keyof typeof rules;
type Severity = 'error' | 'warn';
type RuleEntry = Severity | [Severity, Record<string, unknown>];

/**
 * A preset. `plugins` is typed with ESLint's own plugin type so that a preset type-checks in
 * `defineConfig([...])` (eslint/config) and `tseslint.config(...)` without casts.
 */
interface FlatConfig {
  name: string;
  plugins: Record<string, ESLint.Plugin>;
  rules: Record<string, RuleEntry>;
}

interface Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: {
    recommended: FlatConfig;
    'transaction-pooling': FlatConfig;
    all: FlatConfig;
    'recommended-type-checked': FlatConfig;
    'transaction-pooling-type-checked': FlatConfig;
    'all-type-checked': FlatConfig;
  };
}

const NAMESPACE = 'pgbouncer';

const plugin: Plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules,
  configs: {} as Plugin['configs'],
};

type Docs = { recommended: boolean; transactionPooling?: boolean; typeAware?: boolean };

function docsOf(id: RuleId): Docs {
  return (rules[id].meta.docs ?? { recommended: false }) as unknown as Docs;
}

/** A preset generated from rule metadata: every rule `include` accepts, at `error`. */
function preset(configName: string, include: (docs: Docs) => boolean, typeChecked: boolean): FlatConfig {
  const entries: Record<string, RuleEntry> = {};
  for (const id of Object.keys(rules) as RuleId[]) {
    const docs = docsOf(id);
    if (!include(docs)) {
      continue;
    }
    entries[`${NAMESPACE}/${id}`] = typeChecked && docs.typeAware ? ['error', { typeAware: true }] : 'error';
  }
  // typescript-eslint's RuleModule type is not assignable to ESLint's rule type (it still declares
  // context methods ESLint removed), although the objects are what ESLint expects at run time.
  return { name: `${NAMESPACE}/${configName}`, plugins: { [NAMESPACE]: plugin as unknown as ESLint.Plugin }, rules: entries };
}

const recommended = (docs: Docs) => docs.recommended;
const transactionPooling = (docs: Docs) => docs.recommended || docs.transactionPooling === true;
const all = () => true;

plugin.configs.recommended = preset('recommended', recommended, false);
plugin.configs['transaction-pooling'] = preset('transaction-pooling', transactionPooling, false);
plugin.configs.all = preset('all', all, false);
plugin.configs['recommended-type-checked'] = preset('recommended-type-checked', recommended, true);
plugin.configs['transaction-pooling-type-checked'] = preset('transaction-pooling-type-checked', transactionPooling, true);
plugin.configs['all-type-checked'] = preset('all-type-checked', all, true);

export = plugin;
