#!/usr/bin/env node
// A development aid, not part of `npm run bench` nor of its check: count the machine instructions a
// lint run executes, to compare two builds of the plugin on a machine whose timings are too noisy to
// resolve a change of a few percent of the plugin's own cost (a shared 2-CPU VM moves a paired
// measurement by ±2 points of the baseline between runs; see README "Speed").
//
// Each run is one fresh process under valgrind's callgrind with `node --predictable` (no concurrent
// compilation or garbage collection, fixed seeds): the count is repeatable to about 0.05 % (10 M of
// 25 G over 300 files), where a timing is not. It counts instructions, not time: cache misses, the
// second CPU's background work and garbage collection's real cost are not in it, and interpreted code
// counts for more than its share of the time. Compare builds with it; quote timings from `npm run bench`.
//
//   node bench/instructions.mjs [--files 100] [--config all] [--dist <dir>]...
//
// --files    how many files of the generated 1× application (a spread sample; generated if missing)
// --config   baseline | noop | all (bench/configs.mjs)
// --dist     a build of the plugin (a directory holding index.js); several to compare, dist/ by default
//
// Needs valgrind (`apt-get install valgrind`). Two runs go at a time; 100 files take about a minute.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

if (process.argv[2] === '--worker') {
  await worker(JSON.parse(process.argv[3]));
} else {
  await driver();
}

async function driver() {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '100' },
      config: { type: 'string', default: 'all' },
      dist: { type: 'string', multiple: true, default: [path.join(root, 'dist')] },
    },
  });
  if (spawnSync('valgrind', ['--version']).error) {
    console.error('bench/instructions.mjs needs valgrind on the PATH (apt-get install valgrind).');
    process.exit(2);
  }
  const corpus = path.join(here, 'corpus', 'app-1x');
  if (!existsSync(path.join(corpus, 'manifest.json'))) {
    const { DEFAULT_SEED, generate } = await import('./generate.mjs');
    generate({ seed: DEFAULT_SEED, scales: [1], outDir: path.join(here, 'corpus') });
  }
  const runs = values.dist.map((dist) => ({ dist: path.resolve(dist), config: values.config, files: Number(values.files), corpus }));
  const counts = new Array(runs.length);
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const i = next++;
      counts[i] = await count(runs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(runs.length, availableParallelism()) }, lane));
  runs.forEach((run, i) => {
    const delta = i === 0 ? '' : `  ${counts[i] >= counts[0] ? '+' : ''}${((counts[i] - counts[0]) / 1e6).toFixed(1)} M vs the first`;
    console.log(`${run.config} ${run.files} files ${path.relative(process.cwd(), run.dist) || '.'}: ${(counts[i] / 1e9).toFixed(4)} G instructions${delta}`);
  });
}

function count(run) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--predictable', fileURLToPath(import.meta.url), '--worker', JSON.stringify(run)],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !match) {
        reject(new Error(`callgrind run failed (exit ${code}):\n${stderr.slice(-2000)}`));
      } else {
        resolve(Number(match[1]));
      }
    });
  });
}

async function worker({ dist, config, files, corpus }) {
  const { ESLint } = await import('eslint');
  const { default: tseslint } = await import('typescript-eslint');
  const { buildConfig, loadPlugin } = await import('./configs.mjs');
  const { corpusSettings } = await import('./generate.mjs');
  const plugin = await loadPlugin(path.join(dist, 'index.js'));
  const all = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')).files.map((rel) => path.join(corpus, rel));
  const step = Math.max(1, Math.floor(all.length / files));
  const picked = all.filter((_, i) => i % step === 0).slice(0, files);
  const eslint = new ESLint({
    cwd: corpus,
    overrideConfigFile: true,
    overrideConfig: buildConfig(config, { plugin, tseslint }, { cwd: corpus, settings: corpusSettings() }),
    cache: false,
  });
  for (const file of picked) {
    await eslint.lintText(readFileSync(file, 'utf8'), { filePath: file });
  }
}
