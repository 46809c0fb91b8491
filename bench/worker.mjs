#!/usr/bin/env node
// One benchmark measurement in its own process, so peak memory (maxRSS) belongs to one
// configuration. Started by bench/run.mjs as `node bench/worker.mjs '<json>'`; prints one JSON
// line on stdout.
//
// Input (JSON):
//   config       one of CONFIG_NAMES in bench/configs.mjs
//   cwd          ESLint's working directory (the corpus root; settings paths are relative to it)
//   patterns     what to lint (globs or paths relative to cwd), or
//   listFile     a JSON file holding an array of absolute paths
//   settings     ESLint `settings` to merge in (optional)
//   nodeModules  un-ignore node_modules (library corpus)
//   configFile   lint with this config file instead of overrideConfig (multithreaded runs)
//   concurrency  ESLint's `concurrency` option (with configFile)
//   repeat       lint the same input this many times in this process and report each wall
//                time (the warm, editor-like figure); default 1
//
// Output: { wallMs, walls, files, parseMs, rulesMs: { ruleId: ms }, findings, byRule, fatal,
//           fatalSamples, maxRssMb, threads }
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { buildConfig, loadPlugin } from './configs.mjs';

const input = JSON.parse(process.argv[2]);
const targets = input.listFile ? JSON.parse(readFileSync(input.listFile, 'utf8')) : input.patterns;

let options;
if (input.configFile) {
  options = {
    cwd: input.cwd,
    overrideConfigFile: input.configFile,
    cache: false,
    stats: true,
    concurrency: input.concurrency ?? 'off',
  };
} else {
  const plugin = await loadPlugin();
  options = {
    cwd: input.cwd,
    overrideConfigFile: true,
    overrideConfig: buildConfig(input.config, { plugin, tseslint }, input),
    cache: false,
    stats: true,
  };
}

const walls = [];
let results;
const repeat = input.repeat ?? 1;
for (let i = 0; i < repeat; i += 1) {
  const eslint = new ESLint(options);
  const start = performance.now();
  results = await eslint.lintFiles(targets);
  walls.push(performance.now() - start);
}

let parseMs = 0;
const rulesMs = {};
const byRule = {};
let findings = 0;
let fatal = 0;
const fatalSamples = [];
for (const result of results) {
  for (const pass of result.stats?.times?.passes ?? []) {
    parseMs += pass.parse?.total ?? 0;
    for (const [ruleId, t] of Object.entries(pass.rules ?? {})) {
      rulesMs[ruleId] = (rulesMs[ruleId] ?? 0) + t.total;
    }
  }
  for (const m of result.messages) {
    if (m.fatal) {
      fatal += 1;
      if (fatalSamples.length < 5) fatalSamples.push(`${result.filePath}:${m.line}: ${m.message}`);
      continue;
    }
    if (!m.ruleId) continue;
    findings += 1;
    byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
  }
}

const sorted = [...walls].sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    config: input.config,
    wallMs: sorted[Math.floor(sorted.length / 2)],
    walls,
    files: results.length,
    parseMs,
    rulesMs,
    findings,
    byRule,
    fatal,
    fatalSamples,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
