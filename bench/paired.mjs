#!/usr/bin/env node
// The budget measurement of `npm run bench -- --check`: the plugin's own cost, paired file by file.
// Started by bench/run.mjs as `node bench/paired.mjs '<json>'` (a fresh process per round); prints
// one JSON line on stdout.
//
// Separate runs of the baseline and of the `all` preset, each in its own process, differ by ±15 %
// from one run to the next on a shared 2-CPU machine: far more than the 5 % budget they are meant
// to resolve. Here one process holds three ESLint instances (`baseline`, `noop`, `all`) and lints
// every file with each of them in turn, rotating which goes first, so a slow second of the machine
// lands on all three alike. Each configuration's time is the sum of its `lintText` calls
// (parsing, traversal, rules, and the garbage collection that happens to fall in them); the
// plugin's import time is added to `all`. The process starts cold, as a lint run does: the
// plugin's code warms up within the measurement.
//
// Input (JSON): { cwd, listFile (JSON array of absolute paths), settings }
// Output: { files, ms: { baseline, noop, all }, importMs, own, eslintFixed, findings }
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { buildConfig, loadPlugin } from './configs.mjs';

const input = JSON.parse(process.argv[2]);
const files = JSON.parse(readFileSync(input.listFile, 'utf8')).map((file) => [file, readFileSync(file, 'utf8')]);

const importStart = performance.now();
const plugin = await loadPlugin();
const importMs = performance.now() - importStart;

const CONFIGS = ['baseline', 'noop', 'all'];
const linters = CONFIGS.map(
  (name) =>
    new ESLint({
      cwd: input.cwd,
      overrideConfigFile: true,
      overrideConfig: buildConfig(name, { plugin, tseslint }, input),
      cache: false,
    }),
);

const ms = [0, 0, 0];
const findings = [0, 0, 0];
for (let i = 0; i < files.length; i += 1) {
  const [filePath, text] = files[i];
  for (let j = 0; j < CONFIGS.length; j += 1) {
    const k = (i + j) % CONFIGS.length;
    const start = performance.now();
    const [result] = await linters[k].lintText(text, { filePath });
    ms[k] += performance.now() - start;
    findings[k] += result?.messages.filter((m) => m.ruleId).length ?? 0;
  }
}
ms[2] += importMs;

const [baseline, noop, all] = ms;
process.stdout.write(
  `${JSON.stringify({
    files: files.length,
    ms: { baseline, noop, all },
    importMs,
    own: (all - noop) / baseline,
    eslintFixed: (noop - baseline) / baseline,
    findings: findings[2],
  })}\n`,
);
