/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['transaction-pooling', '🔀'],
    ['recommended-type-checked', '☑️'],
  ],
  ignoreConfig: ['all', 'all-type-checked', 'transaction-pooling-type-checked'],
  ruleDocSectionInclude: ['Why this matters under a pooler', 'Examples', 'When not to use it'],
  ruleDocSectionOptions: true,
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'options'],
};
