// One file of the robustness sweep: every rule of the plugin (all options that widen what rules
// look at switched on), through the parser the file's extension calls for.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let plugin;
let configs;

function setUp(pluginOverride) {
  plugin = pluginOverride ?? plugin ?? require(path.join(root, 'dist', 'index.js'));
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`pgbouncer/${id}`, 'error']));
  // Options that make rules look at more code.
  rules['pgbouncer/require-application-name'] = ['error', { checkImplicitConfig: true }];
  rules['pgbouncer/no-session-state'] = ['error', { checkTests: true, checkMigrations: true }];
  rules['pgbouncer/pooler-compatible-config'] = ['error', { checkTests: true }];
  const shared = { linterOptions: { reportUnusedDisableDirectives: 'off' }, plugins: { pgbouncer: plugin }, rules };
  configs = {
    ts: [{ files: ['**/*.*'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } }, ...shared }],
    module: [{ files: ['**/*.*'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } }, ...shared }],
    commonjs: [{ files: ['**/*.*'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', parserOptions: { ecmaFeatures: { jsx: true } } }, ...shared }],
  };
}

const linter = new Linter({ configType: 'flat' });

/**
 * Lints one file; `failure` is the stack of an exception thrown by a rule (a crash), `parseError`
 * a file no parser accepts. JavaScript is tried as a module, then as a script.
 */
export async function lintForRobustness(file, pluginOverride) {
  if (!configs || (pluginOverride && pluginOverride !== plugin)) setUp(pluginOverride);
  let code;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return { findings: 0, parseError: true };
  }
  const name = `file${path.extname(file)}`;
  const attempts = /\.(?:[cm]?ts|tsx)$/.test(file) ? ['ts'] : file.endsWith('.cjs') ? ['commonjs'] : ['module', 'commonjs', 'ts'];
  for (const attempt of attempts) {
    let messages;
    try {
      messages = linter.verify(code, configs[attempt], name);
    } catch (error) {
      return { findings: 0, failure: String(error?.stack ?? error) };
    }
    // A message without a rule that is not a parse error is the harness failing (no config matched):
    // never let the sweep pass by linting nothing.
    const harness = messages.find((message) => !message.fatal && !message.ruleId && /no matching configuration/i.test(message.message));
    if (harness) {
      return { findings: 0, failure: `not linted: ${harness.message}` };
    }
    if (!messages.some((message) => message.fatal)) {
      return { findings: messages.filter((message) => message.ruleId?.startsWith('pgbouncer/')).length };
    }
  }
  return { findings: 0, parseError: true };
}
