#!/usr/bin/env node
// Accuracy of the rules on the labelled corpus (tests/corpus/): per-rule true positives, false
// positives, false negatives, precision and recall, and every FP and FN.
//
//   npm run eval                                   # builds dist/ first, then runs this script
//   node scripts/eval.mjs [--json]                 # with dist/ already built; --json: machine-readable
//   node scripts/eval.mjs --write-baseline         # record the current figures in tests/corpus/baseline.json
//
// Exit codes: 0 evaluation ran; 1 the plugin could not be loaded, a corpus file failed to parse, or a
// marker is malformed.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { baselineOf, defaultCorpusDir, evaluate, formatReport } from './eval-lib.mjs';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pluginEntry = path.join(rootDir, 'dist', 'index.js');
const args = new Set(process.argv.slice(2));

if (!existsSync(pluginEntry)) {
  console.error('eval: dist/index.js does not exist. Run `npm run build` first, or `npm run eval`, which builds it.');
  process.exit(1);
}
const mod = await import(pathToFileURL(pluginEntry).href);
let plugin = mod.default ?? mod;
if (plugin && !plugin.configs && plugin.default) {
  plugin = plugin.default;
}

let result;
try {
  result = evaluate({ plugin });
} catch (error) {
  console.error(`eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}

if (args.has('--write-baseline')) {
  const file = path.join(defaultCorpusDir, 'baseline.json');
  writeFileSync(file, `${JSON.stringify(baselineOf(result), null, 2)}\n`);
  console.error(`eval: wrote ${path.relative(process.cwd(), file)}`);
}

if (args.has('--json')) {
  console.log(JSON.stringify({ ...result, corpusDir: path.relative(rootDir, result.corpusDir) }, null, 2));
} else {
  console.log(formatReport(result));
}
process.exit(result.problems.length > 0 ? 1 : 0);
