#!/usr/bin/env node
// Lints the sample service in examples/ with every rule of the built plugin
// (the `all` preset) and prints what it finds.
//
//   npm run demo            # builds dist/ first, then runs this script
//   node scripts/demo.mjs   # when dist/ is already built
//
// The sample contains deliberate mistakes (listed in examples/README.md), so
// findings are the expected outcome. Exit codes:
//   0  linting ran (with findings)
//   1  ESLint failed (a rule threw, a file could not be parsed, the plugin
//      could not be loaded), or linting ran but found nothing, which means the
//      demo demonstrated nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { EXAMPLES_SETTINGS } from './examples-settings.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(rootDir, 'examples');
const pluginEntry = path.join(rootDir, 'dist', 'index.js');

function fail(message, error) {
  console.error(`demo: ${message}`);
  if (error !== undefined) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
}

async function loadPlugin() {
  if (!existsSync(pluginEntry)) {
    fail(
      `${path.relative(rootDir, pluginEntry)} does not exist. Build the plugin first ` +
        '(`npm run build`), or run `npm run demo`, which builds it.',
    );
  }
  let mod;
  try {
    mod = await import(pathToFileURL(pluginEntry).href);
  } catch (error) {
    fail(`could not load the plugin from ${path.relative(rootDir, pluginEntry)}`, error);
  }
  // dist/index.js is CommonJS: Node exposes module.exports as `default`. If the
  // build used `export default`, the plugin sits one level further down.
  let plugin = mod.default ?? mod;
  if (plugin && !plugin.configs && plugin.default) {
    plugin = plugin.default;
  }
  const all = plugin?.configs?.all;
  if (!all || typeof all !== 'object' || !all.rules || typeof all.rules !== 'object') {
    fail('the plugin does not export a flat config preset at plugin.configs.all');
  }
  return { plugin, all };
}

function buildConfig(all) {
  return [
    {
      // The whole `all` preset: { name, plugins: { pgbouncer }, rules }.
      ...all,
      name: 'pgbouncer-demo/all',
      files: ['examples/**/*.{js,mjs,cjs,ts,tsx}'],
      // What the sample's own db module exports (scripts/examples-settings.mjs).
      settings: EXAMPLES_SETTINGS,
    },
    {
      name: 'pgbouncer-demo/typescript',
      files: ['examples/**/*.{ts,tsx}'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: {
          // examples/tsconfig.json covers examples/src, so rules that can use
          // type information get it. The libraries the sample imports are not
          // installed under examples/; unresolved imports are simply typed `any`.
          projectService: true,
          tsconfigRootDir: examplesDir,
        },
      },
    },
    {
      name: 'pgbouncer-demo/javascript',
      files: ['examples/**/*.{js,mjs,cjs}'],
      languageOptions: {
        ecmaVersion: 'latest',
        globals: { ...globals.node },
      },
    },
    {
      // There is no package.json under examples/, so Node resolves the nearest
      // one (the plugin's, "type": "commonjs"): .js and .cjs files are CommonJS.
      name: 'pgbouncer-demo/commonjs',
      files: ['examples/**/*.{js,cjs}'],
      languageOptions: { sourceType: 'commonjs' },
    },
  ];
}

function summarize(results, all) {
  const perRule = new Map();
  let total = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (!message.ruleId) continue;
      total += 1;
      perRule.set(message.ruleId, (perRule.get(message.ruleId) ?? 0) + 1);
    }
  }
  const enabled = Object.entries(all.rules)
    .filter(([, setting]) => {
      const level = Array.isArray(setting) ? setting[0] : setting;
      return level !== 'off' && level !== 0;
    })
    .map(([ruleId]) => ruleId);
  const silent = enabled.filter((ruleId) => !perRule.has(ruleId)).sort();
  return { perRule: [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b)), total, silent };
}

async function main() {
  const { all } = await loadPlugin();

  const eslint = new ESLint({
    cwd: rootDir,
    overrideConfigFile: true,
    overrideConfig: buildConfig(all),
    errorOnUnmatchedPattern: true,
  });

  let results;
  try {
    results = await eslint.lintFiles(['examples/']);
  } catch (error) {
    fail('ESLint failed while linting examples/ (a rule probably threw)', error);
  }

  const fatal = results.flatMap((result) =>
    result.messages
      .filter((message) => message.fatal)
      .map((message) => `${path.relative(rootDir, result.filePath)}:${message.line}:${message.column} ${message.message}`),
  );

  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results);
  if (output) {
    console.log(output);
  }

  if (fatal.length > 0) {
    fail(`ESLint could not parse ${fatal.length} file(s):\n  ${fatal.join('\n  ')}`);
  }

  const { perRule, total, silent } = summarize(results, all);

  console.log('Summary');
  console.log(`  files linted: ${results.length}`);
  if (perRule.length > 0) {
    const width = Math.max(...perRule.map(([ruleId]) => ruleId.length));
    console.log('  findings per rule:');
    for (const [ruleId, count] of perRule) {
      console.log(`    ${ruleId.padEnd(width)}  ${count}`);
    }
  }
  console.log(`  total findings: ${total}`);
  if (silent.length > 0) {
    console.log(`  enabled rules with no findings: ${silent.join(', ')}`);
  }

  if (total === 0) {
    fail(
      `linted ${results.length} file(s) in examples/ and found nothing. The sample contains ` +
        'deliberate mistakes (see examples/README.md), so zero findings means the rules or ' +
        'the demo configuration are broken.',
    );
  }

  console.log(
    '\nThese findings are expected: examples/ is a sample service with deliberate mistakes ' +
      '(listed in examples/README.md). The demo succeeded.',
  );
}

await main();
